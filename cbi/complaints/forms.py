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

    FILE_FIELDS = ("file_1", "file_2")

    def __init__(self, *args, held=None, replacing=(), **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.FILE_FIELDS:  # a file held from an earlier try: shown by name and size
            self.fields[name].stored = (held or {}).get(name)
            self.fields[name].replacing = name in replacing

    def held_files(self) -> list:
        """The held uploads to attach (the view holds every newly chosen file first)."""
        return [self.fields[name].stored for name in self.FILE_FIELDS if self.fields[name].stored is not None]


class DecideForm(Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), widget=forms.RadioSelect,
        choices=[("upheld", _("Uphold the complaint: cancel the decision, the office decides again")),
                 ("rejected", _("Do not uphold the complaint: the decision stays"))])
    reasons = forms.CharField(
        label=_("Reasons"), help_text=_("The person receives them in the letter. Write plainly and cite the law."),
        max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, upheld_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if upheld_label:  # what upholding does to this kind of case (SubjectKind.upheld_label)
            self.fields["outcome"].choices = [("upheld", upheld_label), self.fields["outcome"].choices[1]]
