"""Scans and photos of a person's documents (EC-DOC-1, EC-DOC-2).

A file is stored under a random name in the default storage (local files or
S3); what the person called it is kept only as a sanitized display name. A new
version never overwrites the old one: it points at it with ``replaces``. Every
opening of a file is written to the access log (``cbi.audit``, append-only).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def storage_path(instance: "Document", filename: str) -> str:
    """A random name that says nothing about the person or the document."""
    return f"documents/{uuid.uuid4().hex}{instance.extension}"


class Document(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("passport of a citizen of Ukraine (booklet)")
        ID_CARD = "id_card", _("passport of a citizen of Ukraine (ID card)")
        BIRTH_CERTIFICATE = "birth_certificate", _("birth certificate")
        RNOKPP_CARD = "rnokpp_card", _("taxpayer number card (РНОКПП)")
        ASSESSMENT_CONCLUSION = "assessment_conclusion", _("assessment conclusion (МСЕК or expert team)")
        LKK_CONCLUSION = "lkk_conclusion", _("conclusion of the medical advisory commission (ЛКК)")
        VLK_CONCLUSION = "vlk_conclusion", _("conclusion of the military medical commission (ВЛК)")
        AUTHORITY_PROOF = "authority_proof", _("proof of the representative's authority")
        REHABILITATION_PROGRAMME = ("rehabilitation_programme",
                                    _("individual rehabilitation programme or medical recommendation"))
        PURCHASE_RECEIPT = "purchase_receipt", _("receipt or invoice for the purchase")
        PRODUCT_PHOTO = "product_photo", _("photo of the product or its damage")
        DELIVERY_ACT = "delivery_act", _("act of delivery of the assistive product")
        OTHER = "other", _("other document")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        "registry.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="uploaded_documents",
        verbose_name=_("person"),
    )
    registration = models.ForeignKey(
        "primary.PrimaryRegistration", null=True, blank=True, on_delete=models.PROTECT, related_name="documents",
        verbose_name=_("application for primary registration"),
    )
    kind = models.CharField(_("document kind"), max_length=24, choices=Kind.choices)
    version = models.PositiveIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by",
        verbose_name=_("previous version"),
    )
    file = models.FileField(upload_to=storage_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("file type"), max_length=40)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        indexes = [models.Index(fields=["person", "kind"], name="document_person_kind")]
        constraints = [
            models.CheckConstraint(
                name="document_has_owner",
                condition=models.Q(person__isnull=False) | models.Q(registration__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def is_current(self) -> bool:
        return not Document.objects.filter(replaces=self).exists()


def held_path(instance: "HeldUpload", filename: str) -> str:
    """Held files live apart from documents, under a random name."""
    return f"held/{uuid.uuid4().hex}{instance.extension}"


class HeldUpload(models.Model):
    """A file an officer chose on a form that came back with an error elsewhere.

    It passed the upload check (``validate_upload``) and is held on the server for the
    officer who chose it, for one form (``purpose``) about one subject (e.g. a person's id)
    and one field, until the form is submitted valid (then it becomes a ``Document``), the
    officer removes or replaces it, or it expires (``HELD_UPLOAD_HOURS``;
    ``manage.py purge_held_uploads`` deletes it with its file). Nobody else sees it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=40)
    subject = models.CharField(max_length=64)
    field = models.CharField(max_length=40)
    file = models.FileField(upload_to=held_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(max_length=40)
    extension = models.CharField(max_length=8)
    size = models.PositiveIntegerField(_("size in bytes"))
    held_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["held_by", "purpose", "subject", "field"], name="one_held_upload_per_field"),
        ]

    def __str__(self) -> str:
        return self.original_name
