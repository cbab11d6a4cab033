from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.documents.forms import DocumentUploadField
from cbi.web.forms import Form


class ComplaintForm(Form):
    reasons = forms.CharField(
        label=_("Why do you disagree with the decision?"),
        help_text=_("Write in your own words what is wrong in the decision and what you ask for, for example: "
                    "“The office did not take into account the doctor's conclusion of 12.09.2026. I ask to "
                    "cancel the refusal and provide the wheelchair.”"),
        max_length=5000, widget=forms.Textarea(attrs={"rows": 7}))
    file_1 = DocumentUploadField(label=_("A document that supports your complaint (if you have one)"), required=False)
    file_2 = DocumentUploadField(label=_("Another document (if you have one)"), required=False)

    def chosen_files(self) -> list:
        return [f for f in (self.cleaned_data.get("file_1"), self.cleaned_data.get("file_2")) if f]


class DecideForm(Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect,
        choices=[("upheld", _("Uphold the complaint: cancel the decision, the office decides again")),
                 ("rejected", _("Do not uphold the complaint: the decision stays"))])
    reasons = forms.CharField(
        label=_("Reasons"), help_text=_("The person receives them in the letter. Write plainly and cite the law."),
        max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
