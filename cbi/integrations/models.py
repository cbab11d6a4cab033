"""What ЦБІ fetched from outside registers, kept with its date.

Vehicle register (CQ-ELIG-5): a `VehicleRegisterCheck` is one request for a person (and
their legal representative, CQ-ELIG-4); its `RegisteredVehicle` rows are what the
register answered. Rows are never changed after they are written: a new check makes new
rows, so the case file always shows what was known on which day. The check's status
changes (pending → done / register_unavailable → … / rejected) are kept by
django-simple-history.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cbi.carqueue.rules.enums import AcquiredHow, VehicleKind
from cbi.registry.models import Person, Representative

from .error_codes import IntegrationsErrorCode
from .vehicle_register.contract import OwnerRelation, Whose

# Refused by the model and by the service that requests a check: written once.
PERIOD_REVERSED = _("The end of the period cannot be before its start.")


class VehicleRegisterCheck(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the vehicle register")
        DONE = "done", _("answer received")
        REGISTER_UNAVAILABLE = "register_unavailable", _("vehicle register unavailable, will try again")
        REJECTED = "rejected", _("request refused by the vehicle register")

    class Trigger(models.TextChoices):
        OFFICER = "officer", _("requested by an officer")
        PERIODIC = "periodic", _("periodic re-check")
        SYSTEM = "system", _("requested by the system")

    class Source(models.TextChoices):
        REGISTER = "register", _("MIA vehicle register")
        FAKE = "fake", _("demo data (not the real register)")

    OPEN_STATUSES = (Status.PENDING, Status.REGISTER_UNAVAILABLE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="vehicle_checks",
                               verbose_name=_("person"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("requested by"), help_text=_("Empty when the system requested the check."),
    )
    trigger = models.CharField(_("why"), max_length=10, choices=Trigger.choices, default=Trigger.OFFICER)
    requested_at = models.DateTimeField(_("requested at"))
    completed_at = models.DateTimeField(_("answer received at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.PENDING)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    #: Stable code of the last failure (timeout, http_503, subject_ambiguous…).
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    #: Our own wording of the last failure: never personal data.
    error_message = models.CharField(_("error"), max_length=255, blank=True)
    #: The register's id of its answer(s), for a complaint or an audit.
    register_reference = models.CharField(_("register reference"), max_length=255, blank=True)
    #: Who was looked up, without personal data: [{"whose": "person", "by": "rnokpp"},
    #: {"whose": "representative", "representative_id": 7, "by": "name"},
    #: {"whose": "representative", "representative_id": 8, "by": null, "skipped": "no_identifier"}].
    subjects = models.JSONField(_("subjects looked up"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("vehicle register check")
        verbose_name_plural = _("vehicle register checks")
        indexes = [
            models.Index(fields=["person", "-requested_at"], name="vehicle_check_person_latest"),
            models.Index(fields=["status", "next_attempt_at"], name="vehicle_check_waiting"),
        ]
        constraints = [
            models.CheckConstraint(name="vehicle_check_period_order", condition=Q(period_from__lte=F("period_to"))),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.requested_at:%d.%m.%Y %H:%M})"

    def clean(self) -> None:
        if self.period_from and self.period_to and self.period_from > self.period_to:
            raise ValidationError({"period_to": ValidationError(PERIOD_REVERSED, code=IntegrationsErrorCode.PERIOD_REVERSED.value)})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def skipped_subjects(self) -> list[dict]:
        return [s for s in self.subjects if s.get("skipped")]


class RegisteredVehicle(models.Model):
    """One vehicle as the register gave it in one check. Written once, never changed."""

    # Not named "check": that would hide Model.check() (Django's system checks).
    register_check = models.ForeignKey(VehicleRegisterCheck, on_delete=models.CASCADE, related_name="vehicles",
                                       verbose_name=_("vehicle register check"))
    whose = models.CharField(_("registered to"), max_length=16, choices=[(w.value, w.value) for w in Whose],
                             default=Whose.person.value)
    representative = models.ForeignKey(
        Representative, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("legal representative"),
    )
    vin = models.CharField(_("VIN"), max_length=17, blank=True)
    registration_plate = models.CharField(_("registration plate"), max_length=12, blank=True)
    make = models.CharField(_("make"), max_length=60, blank=True)
    model = models.CharField(_("model"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=[(k.value, k.value) for k in VehicleKind])
    year_of_manufacture = models.PositiveSmallIntegerField(_("year of manufacture"), null=True, blank=True)
    in_operation_since = models.DateField(_("in operation since"), null=True, blank=True)
    first_registered_in_ukraine = models.DateField(_("first registered in Ukraine"), null=True, blank=True)
    registered_on = models.DateField(_("registered on"))
    deregistered_on = models.DateField(_("deregistered on"), null=True, blank=True)
    owner_relation = models.CharField(_("relation to the vehicle"), max_length=10,
                                      choices=[(r.value, r.value) for r in OwnerRelation],
                                      default=OwnerRelation.owner.value)
    #: Empty when the register does not know how the vehicle was acquired.
    acquired_how = models.CharField(_("how acquired"), max_length=20, blank=True,
                                    choices=[(a.value, a.value) for a in AcquiredHow])
    fetched_at = models.DateTimeField(_("fetched at"))

    class Meta:
        ordering = ["register_check", "whose", "registered_on", "id"]
        verbose_name = _("registered vehicle")
        verbose_name_plural = _("registered vehicles")
        constraints = [
            models.CheckConstraint(
                name="registered_vehicle_dates_order",
                condition=Q(deregistered_on__isnull=True) | Q(deregistered_on__gte=F("registered_on")),
            ),
            models.CheckConstraint(
                name="registered_vehicle_operation_start",
                condition=Q(year_of_manufacture__isnull=False) | Q(in_operation_since__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        name = " ".join(p for p in (self.make, self.model) if p) or self.kind
        return f"{name} ({self.registration_plate or self.vin})" if (self.registration_plate or self.vin) else name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A fetched vehicle is never changed: request a new check instead.")
        super().save(*args, **kwargs)
