"""Every write of document files, and the one place uploads are checked (EC-DOC-1).

``validate_upload`` decides from the file's first bytes (never from its name or
the browser's content type) whether it is a PDF, JPEG, PNG or HEIC/HEIF, and
refuses anything larger than 3 MB or empty.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


from .error_codes import DocumentsErrorCode
from .models import Document, HeldUpload

MAX_UPLOAD_BYTES = 3 * 1024 * 1024
MAX_NAME_LENGTH = 100
ACCEPT = ".pdf,.jpg,.jpeg,.png,.heic,.heif,application/pdf,image/jpeg,image/png,image/heic,image/heif"

# ISO base media file format brands of HEIF images taken by phones (Apple: heic, mif1).
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"}
AVIF_BRANDS = {b"avif", b"avis"}


@dataclass(frozen=True)
class DetectedType:
    content_type: str
    extension: str
    label: str


PDF = DetectedType("application/pdf", ".pdf", "PDF")
JPEG = DetectedType("image/jpeg", ".jpg", "JPEG")
PNG = DetectedType("image/png", ".png", "PNG")
HEIC = DetectedType("image/heic", ".heic", "HEIC")


def detect_type(head: bytes) -> DetectedType | None:
    """The type of a file from its first bytes (magic numbers), or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if len(head) >= 12 and head[4:8] == b"ftyp":
        box_size = int.from_bytes(head[0:4], "big")
        major = head[8:12]
        compatible = {head[i:i + 4] for i in range(16, min(box_size, len(head)) - 3, 4)}
        if major in AVIF_BRANDS or (major in {b"mif1", b"msf1"} and compatible & AVIF_BRANDS):
            return None  # AVIF shares the container but is not HEIC
        if major in HEIF_BRANDS:
            return HEIC
    return None


def validate_upload(file) -> DetectedType:
    """Check one uploaded file; raise ``ValidationError`` with a message that says what to do."""
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    if size == 0:
        raise ValidationError(
            _("The file is empty. Check that the scan or photo was saved, then choose it again."),
            code=DocumentsErrorCode.EMPTY.value,
        )
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than 3 MB (it is %(size)s MB). Scan the document at a lower resolution "
              "or save the photo smaller, then upload it again."),
            code=DocumentsErrorCode.TOO_LARGE.value, params={"size": f"{size / 1024 / 1024:.1f}".replace(".", ",")},
        )
    file.seek(0)
    head = file.read(64)
    file.seek(0)
    detected = detect_type(head)
    if detected is None:
        raise ValidationError(
            _("This file is not a PDF, JPEG, PNG or HEIC image. Save or scan the document as PDF, JPEG, "
              "PNG or HEIC (a photo from a phone will do) and upload it again."),
            code=DocumentsErrorCode.UNSUPPORTED_TYPE.value,
        )
    try:
        _open_fully(file, detected)
    finally:
        file.seek(0)
    return detected


#: The largest image accepted, in pixels: a 50-megapixel phone photo passes; a 20,000 × 20,000
#: image (400 megapixels, over a gigabyte once decoded) does not.
MAX_IMAGE_PIXELS = 50_000_000


def _damaged(label: str) -> ValidationError:
    return ValidationError(
        _("The %(type)s file is damaged or was not uploaded completely, so it cannot be opened. Open it on "
          "your device to check it, save or scan it again, then upload it again."),
        code=DocumentsErrorCode.DAMAGED.value, params={"type": label},
    )


def _open_fully(file, detected: DetectedType) -> None:
    """Open what the first bytes promise, as the officer's viewer will: a PDF must have its end
    marker and pages that pypdf reads; an image must decode completely within the pixel limit.
    HEIC is checked by its container only (no HEIF decoder is installed)."""
    if detected is PDF:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError

        file.seek(0, os.SEEK_END)
        file.seek(max(0, file.tell() - 65536))
        if b"%%EOF" not in file.read().rstrip(b"\x00\r\n\t\x0c ")[-1024:]:
            raise _damaged(detected.label)  # cut off before its end marker
        file.seek(0)
        try:
            reader = PdfReader(file, strict=False)
            if len(reader.pages) == 0:
                raise _damaged(detected.label)
            reader.pages[0].mediabox  # noqa: B018 — reading the first page proves the page tree
        except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
            raise _damaged(detected.label) from None
    elif detected in (JPEG, PNG):
        from PIL import Image, UnidentifiedImageError

        too_many_pixels = ValidationError(
            _("The image has too many pixels (more than %(megapixels)s megapixels). Save the photo or scan at a "
              "smaller size (for example, the phone's “medium” size or 300 dpi), then upload it again."),
            code=DocumentsErrorCode.TOO_MANY_PIXELS.value, params={"megapixels": MAX_IMAGE_PIXELS // 1_000_000},
        )
        file.seek(0)
        try:
            with Image.open(file) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise too_many_pixels
                image.load()
        except Image.DecompressionBombError:
            raise too_many_pixels from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise _damaged(detected.label) from None


_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def sanitize_name(name: str, extension: str) -> str:
    """A display name safe for a header and a file system: no path, no control
    characters, at most 100 characters, ending with the detected type's extension."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE.sub("_", name)
    stem = os.path.splitext(name)[0] if "." in name.strip(". ") else name
    stem = re.sub(r"\s+", " ", stem).strip(" .")
    stem = stem[: MAX_NAME_LENGTH - len(extension)] or "document"
    return f"{stem}{extension}"


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in iter(lambda: file.read(64 * 1024), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


@transaction.atomic
def store_document(*, file, kind: str, actor=None, person=None, registration=None,
                   replaces: Document | None = None) -> Document:
    """Validate and store one file for a person or a primary-registration draft.

    ``replaces``: the previous version, which is kept (EC-APP-4)."""
    detected = validate_upload(file)
    if replaces is not None:
        replaces = Document.objects.select_for_update().get(pk=replaces.pk)
        if Document.objects.filter(replaces=replaces).exists():
            raise ValidationError(_("This document was already replaced by a newer version."),
                                  code=DocumentsErrorCode.ALREADY_REPLACED.value)
    document = Document(
        kind=kind, person=person, registration=registration, replaces=replaces,
        version=(replaces.version + 1) if replaces else 1,
        original_name=sanitize_name(getattr(file, "name", ""), detected.extension),
        content_type=detected.content_type, extension=detected.extension,
        size=file.size, sha256=_sha256(file), uploaded_by=actor,
    )
    document.file.save(document.original_name, file, save=False)
    try:
        document.full_clean(exclude=["file"])
        document._history_user = actor
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def attach_to_person(*, documents, person, actor) -> None:
    """Give a draft's files to the person entered into ЦБІ (the draft link stays, for history)."""
    for document in documents:
        document.person = person
        document._history_user = actor
        document.save(update_fields=["person"])



# --- Held uploads: a chosen file survives a form that comes back with an error ------------------

def hold_upload(*, file, actor, purpose: str, subject: str, field: str, now=None) -> HeldUpload:
    """Hold a file that passed the upload check for ``actor``'s form ``purpose`` about ``subject``;
    it replaces what was held for that field before."""
    detected = getattr(file, "detected", None) or validate_upload(file)
    now = now or timezone.now()
    with transaction.atomic():
        previous = list(HeldUpload.objects.select_for_update().filter(
            held_by=actor, purpose=purpose, subject=subject, field=field))
        HeldUpload.objects.filter(pk__in=[item.pk for item in previous]).delete()
        held = HeldUpload(held_by=actor, purpose=purpose, subject=subject, field=field,
                          original_name=sanitize_name(getattr(file, "name", ""), detected.extension),
                          content_type=detected.content_type, extension=detected.extension, size=file.size,
                          held_at=now, expires_at=now + timedelta(hours=settings.HELD_UPLOAD_HOURS))
        file.seek(0)
        held.file.save(held.original_name, file, save=False)
        held.save()
        _delete_files_on_commit(previous)
    return held


def held_file(held: HeldUpload) -> File:
    """The held file, opened, under the name the officer gave it (for ``store_document``)."""
    return File(held.file.open("rb"), name=held.original_name)


def discard_held(*, actor, purpose: str, subject: str, fields=None) -> list[HeldUpload]:
    """Forget the held files of this form (all, or only ``fields``); the files are deleted."""
    with transaction.atomic():
        held = HeldUpload.objects.select_for_update().filter(held_by=actor, purpose=purpose, subject=subject)
        if fields is not None:
            held = held.filter(field__in=list(fields))
        removed = list(held)
        HeldUpload.objects.filter(pk__in=[item.pk for item in removed]).delete()
        _delete_files_on_commit(removed)
    return removed


def purge_expired_held_uploads(*, now=None) -> int:
    """Delete every held file past its expiry (safe to run twice). The number deleted."""
    expired = list(HeldUpload.objects.filter(expires_at__lte=now or timezone.now()))
    HeldUpload.objects.filter(pk__in=[item.pk for item in expired]).delete()
    for item in expired:
        item.file.delete(save=False)
    return len(expired)


def _delete_files_on_commit(items) -> None:
    names = [item.file.name for item in items if item.file]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])
