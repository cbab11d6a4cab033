"""Writes for staff accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_totp.models import TOTPDevice

from .error_codes import ROLE_ORGANIZATION_KIND, AccountsErrorCode
from .models import StaffProfile
from .roles import ROLE_ORGANIZATION_KINDS

User = get_user_model()


@transaction.atomic
def create_staff_member(*, username: str, password: str, first_name: str, last_name: str, email: str,
                        role: str, organization, position: str = "") -> User:
    if organization.kind not in ROLE_ORGANIZATION_KINDS[role]:
        raise ValidationError({"organization": ValidationError(
            ROLE_ORGANIZATION_KIND, code=AccountsErrorCode.ROLE_ORGANIZATION_KIND.value)})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, is_staff=False)
    user.set_password(password)
    user.full_clean()
    user.save()
    StaffProfile.objects.create(user=user, role=role, organization=organization, position=position)
    return user


def staff_totp_device(user, *, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("id").first()


@transaction.atomic
def start_totp_setup(*, user) -> TOTPDevice:
    """An unconfirmed device the staff member adds to their authenticator app."""
    device = staff_totp_device(user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


@transaction.atomic
def confirm_totp_setup(*, device: TOTPDevice) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()


@transaction.atomic
def register_staff_member(*, actor, username: str, password: str, first_name: str, last_name: str, email: str,
                          role: str, organization, position: str = "") -> User:
    """An administrator adds a staff member inside their own scope."""
    from .selectors import organizations_managed_by

    if not organizations_managed_by(actor).filter(pk=organization.pk).exists():
        raise ValidationError({"organization": ValidationError(
            _("You can add staff only to organizations you manage."), code=AccountsErrorCode.ORGANIZATION_NOT_MANAGED.value)})
    user = create_staff_member(username=username, password=password, first_name=first_name, last_name=last_name,
                               email=email, role=role, organization=organization, position=position)
    return user


@transaction.atomic
def reset_second_factor(*, actor, member: User) -> None:
    """The member sets up the authenticator again at the next sign-in."""
    TOTPDevice.objects.filter(user=member).delete()
    _record(member, actor, gettext_noop("second factor reset"))


@transaction.atomic
def set_active(*, actor, member: User, active: bool) -> None:
    member.is_active = active
    member._history_user = actor
    member._change_reason = gettext_noop("account reactivated") if active else gettext_noop("account deactivated")
    member.save(update_fields=["is_active"])


def unlock(*, actor, member: User) -> None:
    from axes.utils import reset

    reset(username=member.username)
    _record(member, actor, gettext_noop("sign-in unlocked"))


def _record(member: User, actor, reason: str) -> None:
    """Write a history row (with the reason) for an action that changes no column of the user."""
    member._history_user = actor
    member._change_reason = reason
    member.save(update_fields=["is_active"])
