"""Cabinet accounts: sign-up with an authorization code or a verified
identity (КЕП / id.gov.ua), e-mail confirmation, acting for represented persons.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cbi.registry.models import Person, Representative
from cbi.web.links import absolute_url

from cbi.accounts import codes
from cbi.accounts.error_codes import LOGIN_TAKEN, AccountsErrorCode
from cbi.accounts.models import AuthorizationCode, CabinetAccount, Representation

User = get_user_model()
CONFIRM_SALT = "cbi.cabinet.confirm-email"
CONFIRM_MAX_AGE = timedelta(days=3)


def _new_user(*, username: str, password: str, email: str, first_name: str, last_name: str) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": ValidationError(LOGIN_TAKEN, code=AccountsErrorCode.LOGIN_TAKEN.value)})
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def register_with_code(*, typed_code: str, date_of_birth, client: str, username: str, password: str,
                       email: str) -> CabinetAccount:
    """EC-REG-1 without КЕП. The code binds the account to the person it was
    issued for (or, for a representative's code, to the representative acting
    for that person). Raises codes.CodeRefused or ValidationError."""
    record = codes.check(typed=typed_code, date_of_birth=date_of_birth, client=client, lock=True)
    person = record.person
    if record.representative is None and CabinetAccount.objects.filter(person=person).exists():
        raise codes.refusal(AccountsErrorCode.CODE_USED)
    holder = record.representative
    names = (holder.given_name, holder.surname) if holder else (person.given_name, person.surname)
    user = _new_user(username=username, password=password, email=email, first_name=names[0], last_name=names[1])
    account = CabinetAccount.objects.create(
        user=user, person=None if holder else person, registered_via=CabinetAccount.Via.CODE,
    )
    if holder:
        Representation.objects.create(account=account, person=person, representative=holder)
    _use(record, account)
    return account


def _use(record: AuthorizationCode, account: CabinetAccount) -> None:
    record.used_at = timezone.now()
    record.used_by = account
    record._history_user = account.user
    record.save(update_fields=["used_at", "used_by"])


@transaction.atomic
def add_represented_person(*, account: CabinetAccount, typed_code: str, date_of_birth, client: str) -> Person:
    """A representative with an account adds another person with a new code."""
    record = codes.check(typed=typed_code, date_of_birth=date_of_birth, client=client, lock=True)
    if record.representative is None:
        raise codes.refusal(AccountsErrorCode.CODE_NOT_FOR_REPRESENTATIVE)
    Representation.objects.get_or_create(account=account, person=record.person,
                                         defaults={"representative": record.representative})
    _use(record, account)
    return record.person


def persons_for_identity(rnokpp: str) -> tuple[Person | None, list[Representative]]:
    """Whom a verified РНОКПП (from КЕП or id.gov.ua) may act as or for."""
    person = Person.objects.filter(rnokpp=rnokpp).first()
    today = timezone.localdate()
    representatives = [
        r for r in Representative.objects.filter(rnokpp=rnokpp).select_related("person")
        if r.authority_valid_until is None or r.authority_valid_until >= today
    ]
    return person, representatives


@transaction.atomic
def register_with_identity(*, identity: dict, username: str, password: str, email: str) -> CabinetAccount:
    """EC-REG-1 with КЕП (or id.gov.ua): the РНОКПП read from the certificate
    must match a person in ЦБІ or a legal representative recorded there."""
    person, representatives = persons_for_identity(identity["rnokpp"])
    if person is None and not representatives:
        raise ValidationError(_("You are not in ЦБІ yet. File an application for primary registration first."),
                              code=AccountsErrorCode.NOT_IN_REGISTRY.value)
    if person is not None and CabinetAccount.objects.filter(person=person).exists():
        raise ValidationError(_("There is already a cabinet for you. Sign in, or reset your password if you forgot it."),
                              code=AccountsErrorCode.CABINET_EXISTS.value)
    surname, _sep, rest = (identity.get("full_name") or "").partition(" ")
    user = _new_user(username=username, password=password, email=email, first_name=rest.split(" ")[0] if rest else "",
                     last_name=surname)
    account = CabinetAccount.objects.create(user=user, person=person, registered_via=identity["method"])
    for representative in representatives:
        Representation.objects.get_or_create(account=account, person=representative.person,
                                             defaults={"representative": representative})
    return account


def send_confirmation(request, account: CabinetAccount) -> None:
    """EC-REG-2: an e-mail with a signed link that expires in 3 days. The link comes from
    SITE_URL, not from ``request`` (kept in the signature for the callers)."""
    token = signing.dumps({"a": account.pk, "e": account.user.email}, salt=CONFIRM_SALT)
    link = absolute_url("cabinet:confirm_email", token=token)
    body = render_to_string("cabinet/email/confirm.txt", {"account": account, "link": link, "days": CONFIRM_MAX_AGE.days})
    send_mail(_("Confirm your e-mail for the electronic cabinet"), body, settings.DEFAULT_FROM_EMAIL,
              [account.user.email])


def confirm_email(token: str) -> CabinetAccount:
    """Raises signing.BadSignature (including SignatureExpired) for a bad link."""
    data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    account = CabinetAccount.objects.select_related("user").get(pk=data["a"])
    if account.user.email != data["e"]:
        raise signing.BadSignature("e-mail changed since the link was sent")
    if account.email_confirmed_at is None:
        account.email_confirmed_at = timezone.now()
        account.save(update_fields=["email_confirmed_at"])
    return account
