"""Applications for primary registration in ЦБІ (EC-PRIM-1).

A person not yet in ЦБІ (or their legal representative) fills the
application without an account. The draft lives here from the first answer,
bound to the browser session by a random token (only its hash is stored).
Statuses follow the table in ``workflow.py``; every change is a
``StatusChange`` row (who, when, why).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cbi.registry.models import Assessment, IdentityDocument, Representative, Sex


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted, waiting for review")
    ACCEPTED = "accepted", _("accepted: entered into ЦБІ")
    RETURNED = "returned", _("returned for corrections")


class PrimaryRegistration(models.Model):
    class Applicant(models.TextChoices):
        SELF = "self", _("For myself")
        REPRESENTATIVE = "representative", _("As a legal representative (parent, guardian, custodian)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    token_hash = models.CharField(max_length=64, unique=True)
    # Save and return (docs/primary-registration.md): an HMAC of the return code (never the code),
    # when the draft expires if nobody touches it, and who started it (hashes, for the quotas).
    return_code_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    client_key = models.CharField(max_length=64, blank=True, db_index=True)
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(max_length=8, default="uk")
    applicant = models.CharField(_("who is applying"), max_length=16, choices=Applicant.choices)

    # The person
    surname = models.CharField(_("surname"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    rnokpp = models.CharField(_("taxpayer number (РНОКПП)"), max_length=10, blank=True)
    rnokpp_refused = models.BooleanField(_("refused a taxpayer number (mark in the passport)"), default=False)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    # Registered address and the office that reviews
    territory = models.ForeignKey("registry.Territory", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("settlement or community"))
    street = models.CharField(_("street"), max_length=200, blank=True)
    building = models.CharField(_("building"), max_length=20, blank=True)
    apartment = models.CharField(_("apartment"), max_length=20, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    office = models.ForeignKey("organizations.Organization", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="primary_registrations", verbose_name=_("social protection office"))
    office_chosen = models.BooleanField(default=False)  # True when the address did not decide it

    # Identity document
    identity_kind = models.CharField(_("identity document"), max_length=20, choices=IdentityDocument.Kind.choices,
                                     blank=True)
    identity_series = models.CharField(_("series"), max_length=10, blank=True)
    identity_number = models.CharField(_("number"), max_length=30, blank=True)
    identity_issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    identity_issued_by = models.CharField(_("issued by"), max_length=255, blank=True)

    # Legal representative
    rep_kind = models.CharField(_("who the representative is"), max_length=16,
                                choices=Representative.Kind.choices, blank=True)
    rep_surname = models.CharField(_("surname"), max_length=100, blank=True)
    rep_given_name = models.CharField(_("given name"), max_length=100, blank=True)
    rep_patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    rep_rnokpp = models.CharField(_("taxpayer number (РНОКПП)"), max_length=10, blank=True)
    rep_phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    rep_email = models.EmailField(_("e-mail"), blank=True)
    authority_document = models.CharField(_("proof of authority"), max_length=24,
                                          choices=Representative.AuthorityDocument.choices, blank=True)
    authority_document_number = models.CharField(_("number of the proof of authority"), max_length=60, blank=True)
    authority_document_date = models.DateField(_("date of the proof of authority"), null=True, blank=True)

    # The document that proves the right
    right_kind = models.CharField(_("document that proves the right"), max_length=12,
                                  choices=Assessment.Kind.choices, blank=True)
    right_number = models.CharField(_("conclusion number"), max_length=40, blank=True)
    right_date = models.DateField(_("date of the conclusion"), null=True, blank=True)
    right_body = models.CharField(_("name of the body"), max_length=255, blank=True)

    person = models.ForeignKey("registry.Person", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("person in ЦБІ"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True, db_index=True)
    history = HistoricalRecords(excluded_fields=["token_hash", "updated_at", "return_code_hash", "expires_at",
                                                 "client_key"])

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        verbose_name = _("application for primary registration")
        verbose_name_plural = _("applications for primary registration")
        indexes = [models.Index(fields=["status", "office"], name="primary_status_office")]

    def __str__(self) -> str:
        return self.reference or str(_("draft"))

    def audit_subject(self) -> tuple:
        """Whose data this is, for the access log (``cbi.audit.services.whose``)."""
        return self.person, self

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.surname, self.given_name, self.patronymic) if p)

    @property
    def rep_full_name(self) -> str:
        return " ".join(p for p in (self.rep_surname, self.rep_given_name, self.rep_patronymic) if p)

    @property
    def is_representative(self) -> bool:
        return self.applicant == self.Applicant.REPRESENTATIVE

    @property
    def uses_birth_certificate(self) -> bool:
        """A child without a taxpayer number, identified by the birth certificate given
        with the person's details (then the identity step is not asked)."""
        return bool(self.is_representative and not self.rnokpp and not self.rnokpp_refused
                    and self.identity_kind == IdentityDocument.Kind.BIRTH_CERTIFICATE and self.identity_number)

    @property
    def birth_certificate(self) -> str:
        return f"{self.identity_series} {self.identity_number}".strip() if self.uses_birth_certificate else ""

    @property
    def contact_email(self) -> str:
        return (self.rep_email if self.is_representative else "") or self.email

    @property
    def is_editable(self) -> bool:
        return self.status in (Status.DRAFT, Status.RETURNED)

    def age_on(self, on: date) -> int | None:
        if not self.date_of_birth:
            return None
        born = self.date_of_birth
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class StatusChange(models.Model):
    registration = models.ForeignKey(PrimaryRegistration, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("previous status"), max_length=10, choices=Status.choices)
    to_status = models.CharField(_("new status"), max_length=10, choices=Status.choices)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("who"))
    reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
