"""Writes for staff accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import StaffProfile
from .roles import ROLE_ORGANIZATION_KINDS

User = get_user_model()


@transaction.atomic
def create_staff_member(*, username: str, password: str, first_name: str, last_name: str, email: str,
                        role: str, organization, position: str = "") -> User:
    if organization.kind not in ROLE_ORGANIZATION_KINDS[role]:
        raise ValidationError({"organization": "This role cannot belong to this kind of organization."})
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
