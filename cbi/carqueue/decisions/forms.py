"""Forms of the queue decisions (confirm, dismiss, restore, review) and of the allocation of cars."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cbi.web.forms import DateField, Form

from ..error_codes import ARRIVAL_FUTURE, CarqueueErrorCode
from ..models import QueueEntry


class NoteForm(Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}))


class ReasonForm(Form):
    note = forms.CharField(label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("Write why, with the document that shows it. The person sees it "
                                                  "in the written decision."))


class ReviewForm(ReasonForm):
    """The officer's decision on a lost condition of enrollment that no removal rule covers."""

    KEEP, REMOVE = "keep", "remove"
    outcome = forms.ChoiceField(
        label=gettext_lazy("Decision"), widget=forms.RadioSelect,
        choices=[(KEEP, gettext_lazy("The person stays in the queue")),
                 (REMOVE, gettext_lazy("Propose removal from the queue (confirmed on the next page)"))],
        error_messages={"required": gettext_lazy("Choose whether the person stays in the queue or is removed.")},
    )
    field_order = ["outcome", "note"]


class BatchForm(Form):
    arrived_on = DateField(label=gettext_lazy("Date the cars arrived"))
    cars = forms.IntegerField(label=gettext_lazy("Number of cars"), min_value=1, max_value=10000,
                              error_messages={"min_value": gettext_lazy("Enter the number of cars: at least 1.")})

    def clean_arrived_on(self):
        value = self.cleaned_data["arrived_on"]
        if value > timezone.localdate():
            raise ValidationError(ARRIVAL_FUTURE, code=CarqueueErrorCode.ARRIVAL_FUTURE.value)
        return value


class HumanitarianForm(Form):
    entry = forms.ModelChoiceField(label=gettext_lazy("Person in the queue"), queryset=QueueEntry.objects.none(),
                                   help_text=gettext_lazy("The person the humanitarian car was received for."))
    issued_on = DateField(label=gettext_lazy("Date of issue"))
    note = forms.CharField(label=gettext_lazy("Where the car came from"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=gettext_lazy("The donor and the letter or act, with its number and date."))
    consent = forms.BooleanField(
        label=gettext_lazy("The person (or the legal representative) consents to receive this car outside the queue"),
        error_messages={"required": gettext_lazy("Tick the box to record the person's consent: without it the car "
                                                 "cannot be issued.")})

    def __init__(self, *args, region=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        field.queryset = QueueEntry.objects.filter(region=region, status=QueueEntry.Status.ACTIVE).select_related(
            "person").order_by("person__surname", "person__given_name")
        field.label_from_instance = lambda e: f"{e.person.full_name} — {e.get_category_display()} № {e.number or '—'}"

    def clean_issued_on(self):
        value = self.cleaned_data["issued_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date of issue cannot be in the future."),
                                  code=CarqueueErrorCode.ISSUE_DATE_FUTURE.value)
        return value
