"""Saved drafts of primary registration: save and return, quotas, purge.

Writes about anonymous drafts that are not answers to a step (those are in ``services``):

- **Save and return.** ``issue_return_code`` gives the draft a short code from the
  authorization codes' alphabet (no look-alikes), shown once and e-mailed when the draft has
  an address; only an HMAC of it is stored. ``resume`` reopens the draft on any device with
  the code and the person's date of birth (the second factor), binds it to that browser and
  unbinds the previous one. Wrong guesses are counted per client address in Django's cache.
- **Expiry.** A draft is kept ``PRIMARY_DRAFT_DAYS`` days after its last change
  (``expires_at``); ``purge_expired`` deletes expired drafts, their files and their history.
- **Quotas.** Anonymous drafts are bounded per browser session and per client address (open
  drafts and stored bytes) and all together (stored bytes); ``DraftRefused`` carries the HTTP
  status (429 too many drafts, 413 too many bytes) and a message that says what to do.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cbi.accounts.codes import generate, normalize
from cbi.audit.models import AccessEvent
from cbi.documents.models import Document

from . import selectors
from .error_codes import PrimaryErrorCode
from .models import PrimaryRegistration, Status

logger = logging.getLogger(__name__)

RETURN_CODE_LENGTH = 8  # 8 × log2(22) ≈ 35.7 bits; with the date of birth and the throttle, enough
RETURN_CODE_GROUP = 4


def draft_days() -> int:
    return settings.PRIMARY_DRAFT_DAYS


def expiry_from(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=draft_days())


# --- Codes ------------------------------------------------------------------------------------

def _hmac(purpose: str, value: str) -> str:
    key = hashlib.sha256(f"cbi-primary-{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def return_code_hash(typed: str) -> str:
    return _hmac("return-code", normalize(typed))


def client_key(address: str) -> str:
    """The client address as stored on a draft: an HMAC, so the table holds no IP addresses."""
    return _hmac("client", address or "unknown")


@transaction.atomic
def issue_return_code(*, registration: PrimaryRegistration) -> str:
    """A new return code for the draft (the previous one stops working); the plain code is
    returned to be shown once and is never stored. Saving also restarts the expiry."""
    registration = PrimaryRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.DRAFT:
        raise ValueError("only a draft can be saved for later")
    code = generate(RETURN_CODE_LENGTH, RETURN_CODE_GROUP)
    registration.return_code_hash = return_code_hash(code)
    registration.expires_at = expiry_from()
    registration.save(update_fields=["return_code_hash", "expires_at"])
    return code


def send_return_email(*, registration: PrimaryRegistration, code: str, link: str) -> bool:
    to = registration.contact_email
    if not to:
        return False
    with translation.override(registration.language or "uk"):
        body = render_to_string("primary/email/saved.txt", {
            "registration": registration, "code": code, "link": link, "days": draft_days(),
            "expires_on": timezone.localtime(registration.expires_at).date() if registration.expires_at else None,
        })
        subject = _("Your application for registration in ЦБІ is saved")
    try:
        send_mail(subject, body, None, [to])
    except Exception:  # the draft is saved; the failure is logged without personal data
        logger.exception("could not send the return code of draft %s", registration.pk)
        return False
    return True


class ResumeRefused(Exception):
    """``code`` is a ``PrimaryErrorCode`` value; ``message`` says what to do."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code
        self.message = message


def _failure_key(client: str) -> str:
    return f"cbi:primary-return-failures:{hashlib.sha256(client.encode()).hexdigest()}"


def _count_failure(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, settings.PRIMARY_RETURN_CODE_FAILURE_WINDOW)


def resume(*, typed: str, date_of_birth, client: str) -> tuple[PrimaryRegistration, str]:
    """Reopen a saved draft on this device: (draft, new session token). The draft's previous
    browser loses it. Raises ``ResumeRefused`` (reason ``throttled`` / ``wrong`` / ``expired``)."""
    key = _failure_key(client)
    if cache.get(key, 0) >= settings.PRIMARY_RETURN_CODE_MAX_FAILURES:
        minutes = max(1, settings.PRIMARY_RETURN_CODE_FAILURE_WINDOW // 60)
        raise ResumeRefused(_(
            "Too many wrong codes were entered from this device. Wait %(minutes)s minutes and try again.")
            % {"minutes": minutes}, code=PrimaryErrorCode.RETURN_CODE_THROTTLED.value)
    wrong = ResumeRefused(_(
        "The code or the date of birth is not right. Check the code in the e-mail or where you wrote it "
        "down: it has 8 characters, for example KD7R-WX4M. The date of birth is the date of birth of the "
        "person the application is for."), code=PrimaryErrorCode.RETURN_CODE_WRONG.value)
    if len(normalize(typed)) != RETURN_CODE_LENGTH:
        _count_failure(key)
        raise wrong
    with transaction.atomic():
        registration = (PrimaryRegistration.objects.select_for_update()
                        .filter(return_code_hash=return_code_hash(typed), status=Status.DRAFT).first())
        if registration is None or (registration.date_of_birth and registration.date_of_birth != date_of_birth):
            _count_failure(key)
            raise wrong
        if registration.expires_at and registration.expires_at <= timezone.now():
            raise ResumeRefused(_(
                "This saved application has expired: drafts are kept for %(days)s days. Start a new application.")
                % {"days": draft_days()}, code=PrimaryErrorCode.DRAFT_EXPIRED.value)
        token = secrets.token_urlsafe(32)
        registration.token_hash = selectors.token_hash(token)
        registration.expires_at = expiry_from()
        registration.save(update_fields=["token_hash", "expires_at"])
    return registration, token


# --- Quotas -----------------------------------------------------------------------------------

@dataclass
class DraftRefused(Exception):
    status: int
    message: str
    code: str  # a PrimaryErrorCode value

    def __str__(self) -> str:
        return self.message


def _open_drafts():
    return PrimaryRegistration.objects.filter(status=Status.DRAFT).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))


def _stored_bytes(drafts) -> int:
    return Document.objects.filter(registration__in=drafts, person__isnull=True).aggregate(
        total=Sum("size"))["total"] or 0


def check_can_start(*, session_drafts: list[str], client: str) -> None:
    """Refuse (429) a new draft when this browser or this address has too many open ones."""
    if _open_drafts().filter(pk__in=session_drafts).count() >= settings.PRIMARY_MAX_OPEN_DRAFTS_PER_SESSION:
        raise DraftRefused(429, _(
            "You have started too many applications in this browser. Continue one of them (use the return "
            "code if you saved it), or wait until unfinished ones expire after %(days)s days.")
            % {"days": draft_days()}, code=PrimaryErrorCode.TOO_MANY_DRAFTS_IN_BROWSER.value)
    if _open_drafts().filter(client_key=client_key(client)).count() >= settings.PRIMARY_MAX_OPEN_DRAFTS_PER_CLIENT:
        raise DraftRefused(429, _(
            "Too many unfinished applications were started from this network. Continue one you started, or "
            "try again tomorrow. If you are at an office or a ЦНАП, ask the staff for help."),
            code=PrimaryErrorCode.TOO_MANY_DRAFTS_FROM_NETWORK.value)


def check_can_store(*, registration: PrimaryRegistration, size: int, session_drafts: list[str],
                    client: str) -> None:
    """Refuse (413) a file that would take the anonymous drafts over their byte limits."""
    if registration.person_id or registration.status != Status.DRAFT:
        return
    drafts = _open_drafts()
    mine = drafts.filter(Q(pk__in=session_drafts) | Q(pk=registration.pk))
    if _stored_bytes(mine) + size > settings.PRIMARY_MAX_DRAFT_BYTES_PER_SESSION:
        raise DraftRefused(413, _(
            "Your unfinished applications already hold as many files as we can keep. Remove files you do "
            "not need (the “Remove” button) or make the scans smaller, then upload again."),
            code=PrimaryErrorCode.FILES_QUOTA_BROWSER.value)
    if _stored_bytes(drafts.filter(client_key=registration.client_key or client_key(client))) + size \
            > settings.PRIMARY_MAX_DRAFT_BYTES_PER_CLIENT:
        raise DraftRefused(413, _(
            "Unfinished applications from this network already hold as many files as we can keep. Finish and "
            "send your application, or try again tomorrow."), code=PrimaryErrorCode.FILES_QUOTA_NETWORK.value)
    if _stored_bytes(drafts) + size > settings.PRIMARY_MAX_ANONYMOUS_BYTES:
        logger.warning("anonymous primary-registration drafts reached PRIMARY_MAX_ANONYMOUS_BYTES")
        raise DraftRefused(413, _(
            "We cannot accept more files right now. Your answers are saved: try to upload again later today, "
            "or apply at your social protection office."), code=PrimaryErrorCode.FILES_QUOTA_ALL.value)


# --- Purge ------------------------------------------------------------------------------------

def expired_drafts(now: datetime | None = None):
    now = now or timezone.now()
    return PrimaryRegistration.objects.filter(status=Status.DRAFT).filter(
        Q(expires_at__lte=now) | Q(expires_at__isnull=True, updated_at__lte=now - timedelta(days=draft_days())))


def delete_draft_files(documents) -> int:
    """Delete draft documents, their history and (after the commit) their files; the count."""
    documents = list(documents)
    if not documents:
        return 0
    ids = [d.pk for d in documents]
    names = [d.file.name for d in documents if d.file]
    if AccessEvent.objects.filter(object_kind="documents.document", object_id__in=[str(i) for i in ids]).exists():
        raise ValueError("a file that was opened is not a draft's file")
    Document.objects.filter(pk__in=ids).update(replaces=None)
    Document.objects.filter(pk__in=ids).delete()
    Document.history.filter(id__in=ids).delete()

    def remove_files():
        from django.core.files.storage import default_storage

        for name in names:
            try:
                default_storage.delete(name)
            except Exception:
                logger.exception("could not delete a purged draft file")

    transaction.on_commit(remove_files)
    return len(ids)


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Delete expired drafts with their files and history. Idempotent."""
    drafts = files = 0
    for registration in expired_drafts(now).iterator():
        with transaction.atomic():
            files += delete_draft_files(Document.objects.filter(registration=registration))
            pk = registration.pk
            registration.delete()
            PrimaryRegistration.history.filter(id=pk).delete()
            drafts += 1
    return {"drafts": drafts, "files": files}
