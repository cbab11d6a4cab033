"""One insert-only log of reads of personal data: ``AccessEvent``.

Every read of a person's data by staff, by the person in the cabinet, or by an automated
job is one row: what was read (``event_type``), by whom (user, or the name of the job),
with which role in which office, whose data, which object, for what purpose, through
which channel, when. Rows are written only by ``services.record_read`` (through the access
helpers in ``access.py``); nothing updates them. The person sees them in the cabinet as
"who viewed my data"; auditors see them on the staff access-log page.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.Model):
    class EventType(models.TextChoices):
        PERSON_RECORD = "person_record", _("the person's record")
        PERSON_HISTORY = "person_history", _("the history of changes to the record")
        PERSON_EDIT = "person_edit", _("the record, opened for editing")
        CORRECTION_REQUEST = "correction_request", _("a report of an error in the data")
        DOCUMENT_FILE = "document_file", _("a document file")
        PRIMARY_REGISTRATION = "primary_registration", _("the application for registration")
        PRODUCT_APPLICATION = "product_application", _("an application for assistive products")
        CAR_APPLICATION = "car_application", _("an application for a car and its journal")
        CAR_QUEUE_ENTRY = "car_queue_entry", _("the place in the car queue and its decisions")
        VEHICLE_REGISTER_CHECK = "vehicle_register_check", _("data sent to the vehicle register for a check")
        COMPLAINT = "complaint", _("a complaint about a decision")
        AGENCY_STATUS = "agency_status", _("the disability status, answered to another body")

    class Purpose(models.TextChoices):
        RECORD_KEEPING = "record_keeping", _("keeping the registry of persons with disabilities")
        CABINET_ACCESS = "cabinet_access", _("access to the electronic cabinet")
        PRIMARY_REVIEW = "primary_review", _("review of the application for registration")
        ASSISTIVE_PRODUCTS = "assistive_products", _("provision of assistive products")
        CAR_QUEUE = "car_queue", _("provision of a car (the car queue)")
        AUDIT = "audit", _("audit of the processing of personal data")
        COMPLAINT_REVIEW = "complaint_review", _("review of a complaint about a decision")
        OWN_ACCESS = "own_access", _("the person's own access to their data")
        AGENCY_REQUEST = "agency_request", _("a request of another body under its registered purpose")

    class Channel(models.TextChoices):
        STAFF = "staff", _("back office")
        CABINET = "cabinet", _("electronic cabinet")
        AUTOMATED = "automated", _("automated job")
        AGENCY = "agency", _("another body's request")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    event_type = models.CharField(_("what was read"), max_length=32, choices=EventType.choices)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", verbose_name=_("who"))
    job = models.CharField(_("automated job"), max_length=64, blank=True)
    role = models.CharField(_("role"), max_length=32, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("office"),
    )
    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("person"))
    # Set when the data read belongs to an application for primary registration: before the
    # application is accepted there is no person yet, only the application.
    registration = models.ForeignKey(
        "primary.PrimaryRegistration", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("application for primary registration"),
    )
    # A read by another body through the agencies' API (cbi/agencies): its name and purpose as
    # registered when it asked (``job`` holds the client id).
    agency_name = models.CharField(_("agency"), max_length=255, blank=True)
    agency_purpose = models.CharField(_("agency's purpose"), max_length=255, blank=True)
    object_kind = models.CharField(_("kind of object"), max_length=64)
    object_id = models.CharField(_("object"), max_length=64)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["person", "-at"], name="access_event_person"),
            models.Index(fields=["registration", "-at"], name="access_event_registration"),
            models.Index(fields=["object_kind", "object_id"], name="access_event_object"),
        ]
        constraints = [
            models.CheckConstraint(
                name="access_event_whose",
                condition=models.Q(person__isnull=False) | models.Q(registration__isnull=False),
            ),
            models.CheckConstraint(
                name="access_event_actor",
                condition=(models.Q(channel__in=["automated", "agency"], user__isnull=True) & ~models.Q(job=""))
                | (~models.Q(channel__in=["automated", "agency"]) & models.Q(user__isnull=False, job="")),
            ),
        ]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("the access log is insert-only")
        super().save(*args, **kwargs)
