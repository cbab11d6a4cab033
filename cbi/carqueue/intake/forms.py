"""Forms of the car applications: registration, each workflow step, and the list filter."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cbi.web.forms import DateField, Form

from ..models import APPLICATION_KIND_LABELS, CHORNOBYL_ROLE_LABELS, RECEIVED_VIA_LABELS
from ..rules.terms import MONTHLY_REGISTRATION_DAYS
from ..settings.forms import _choices


# --- car applications ----------------------------------------------------------------------


def _today():
    return timezone.localdate()


class ApplicationForm(Form):
    """Registering a car application: how and when it came, the kind, the case facts the
    registry does not hold, and the item-34 checklist (its choices are the checklist for
    the case, set by the view from ``required_documents(facts)``)."""

    received_via = forms.ChoiceField(label=_("How the application came"), choices=_choices(RECEIVED_VIA_LABELS),
                                     widget=forms.RadioSelect, initial="in_person")
    received_on = DateField(label=_("Date the application was received"), initial=_today,
                            help_text=_("For a postal application: the day it arrived at the office."))
    kind = forms.ChoiceField(label=_("Kind of application"), choices=_choices(APPLICATION_KIND_LABELS),
                             widget=forms.RadioSelect, initial="first")
    legally_incapable = forms.BooleanField(label=_("The person is declared legally incapable by a court"),
                                           required=False)
    without_parental_care = forms.BooleanField(label=_("A child deprived of parental care"), required=False)
    wwii_combat_participant = forms.BooleanField(label=_("Took part in combat in World War II"), required=False)
    chornobyl_role = forms.ChoiceField(label=_("Chornobyl status"), choices=_choices(CHORNOBYL_ROLE_LABELS),
                                       required=False)
    chornobyl_category = forms.TypedChoiceField(
        label=_("Chornobyl category"), choices=[("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")], coerce=int,
        required=False)
    chornobyl_causal_link = forms.BooleanField(label=_("Causal link to the Chornobyl disaster established"),
                                               required=False)
    car_user = forms.ModelChoiceField(
        label=_("Family member who gets the right to use the car"), queryset=None, required=False,
        empty_label=_("nobody"))
    previous_car_issued_on = DateField(label=_("Date the previous car was issued"), required=False,
                                       help_text=_("Only for a replacement."))
    original_registered_on = DateField(label=_("Date of the original joint application"), required=False,
                                       help_text=_("Only for an application separately from the family."))
    family_enrollment_date = DateField(label=_("Enrollment date of the other family member"), required=False,
                                       help_text=_("Only for a joint family application."))
    documents = forms.MultipleChoiceField(
        label=_("Documents handed in (item 34)"), widget=forms.CheckboxSelectMultiple, required=False,
        help_text=_("Tick each document the person handed in. Rule CQ-DOC-1."))
    missing_documents_reason = forms.CharField(
        label=_("Why you register the application with documents missing"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when a document is not ticked: the application is registered only with your reason."))

    CASE_FIELDS = ("received_via", "received_on", "kind", "legally_incapable", "without_parental_care",
                   "wwii_combat_participant", "chornobyl_role", "chornobyl_category", "chornobyl_causal_link",
                   "car_user", "previous_car_issued_on", "original_registered_on", "family_enrollment_date")

    def __init__(self, *args, person, chornobyl: bool, checklist: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        from cbi.registry.models import FamilyMember

        family = FamilyMember.objects.filter(person=person).order_by("surname", "given_name")
        if family.exists():
            self.fields["car_user"].queryset = family
        else:
            del self.fields["car_user"]
        if chornobyl:
            for name in ("chornobyl_role", "chornobyl_category"):
                self.fields[name].required = True
        else:
            for name in ("chornobyl_role", "chornobyl_category", "chornobyl_causal_link"):
                del self.fields[name]
        from ..rules.documents import DOCUMENT_LABELS

        # Every item-34 code is accepted (the case may change between two submits); only the
        # case's checklist is shown (``set_checklist`` after validation).
        self.fields["documents"].choices = [(code, labels[1]) for code, labels in DOCUMENT_LABELS.items()]
        self.checklist = checklist

    def set_checklist(self, checklist: list[tuple[str, str]]) -> None:
        self.checklist = checklist
        self.fields["documents"].choices = checklist

    def application_data(self, source: dict | None = None) -> dict:
        """The case fields (from cleaned data, or ``source``) as CarApplication fields."""
        data = self.cleaned_data if source is None else source
        out = {}
        for name in self.CASE_FIELDS:
            if name in self.fields and data.get(name) not in (None, ""):
                out[name] = data[name]
        return out


class ReferralsForm(Form):
    issued_on = DateField(label=_("Date the referrals were issued"), initial=_today)


class NoticeForm(Form):
    health_exam_on = DateField(label=_("Date of the medical examination"))
    form_088_sent_on = DateField(label=_("Date the health facility sent form 088/o"))
    notice_received_on = DateField(label=_("Date the notice arrived at the office"), initial=_today)


class SendToRegionForm(Form):
    sent_on = DateField(label=_("Date the documents were sent to the regional department"), initial=_today)


class RegisterAtRegionForm(Form):
    documents_received_on = DateField(
        label=_("Date the application arrived with all documents"),
        help_text=lazy(lambda: ngettext(
            "The %(days)s-day term (rule CQ-FLOW-5) runs from the end of this month.",
            "The %(days)s-day term (rule CQ-FLOW-5) runs from the end of this month.",
            MONTHLY_REGISTRATION_DAYS) % {"days": MONTHLY_REGISTRATION_DAYS}, str)())
    registered_on = DateField(label=_("Date of registration in the regional journal"), initial=_today)


class DecideForm(Form):
    decided_on = DateField(label=_("Date of the decision"), initial=_today)


class WithdrawForm(Form):
    reason = forms.CharField(label=_("Why the application is withdrawn"), widget=forms.Textarea(attrs={"rows": 3}),
                             min_length=5, error_messages={"min_length": _("Write at least 5 characters.")})
    on_request_of_person = forms.BooleanField(label=_("The person (or the representative) asked for it in writing"),
                                              required=False, initial=True)


class ApplicationFilterForm(Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Only applications with an overdue deadline"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..models import APPLICATION_STATUS_LABELS

        self.fields["status"].choices = [("", _("any status"))] + list(APPLICATION_STATUS_LABELS.items())
