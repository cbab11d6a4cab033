from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from cbi.web.forms import Form


class DismissForm(Form):
    reason = forms.CharField(
        label=_("Why are these two different persons?"), max_length=2000,
        help_text=_("For example: twins; different taxpayer numbers confirmed by the documents."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why these are two different persons (for example, twins, or different "
                                      "taxpayer numbers).")},
    )


class SurvivorForm(Form):
    survivor = forms.ChoiceField(
        label=_("Which record is kept?"), widget=forms.RadioSelect,
        help_text=_("The other record's documents, applications, queue entries and representatives move to it. "
                    "The other record is marked as merged, not deleted."),
        error_messages={"required": _("Choose the record to keep.")},
    )

    def __init__(self, *args, pair, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (str(person.pk), f"{person.full_name}, {person.date_of_birth:%d.%m.%Y}, {person.office.name}")
            for person in (pair.person_a, pair.person_b)]


class ReverseForm(Form):
    reason = forms.CharField(
        label=_("Why is the merge reversed?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the merge is reversed.")},
    )
