"""Stable codes of the errors the accounts app raises: staff accounts, cabinet sign-up and
authorization codes (docs/architecture.md, "Errors have codes")."""

from enum import Enum

from django.utils.translation import gettext_lazy as _


class AccountsErrorCode(Enum):
    LOGIN_CHARACTERS = "login_characters"
    LOGIN_TAKEN = "login_taken"
    OTP_DIGITS_ONLY = "otp_digits_only"
    ROLE_ORGANIZATION_KIND = "role_organization_kind"
    ORGANIZATION_NOT_MANAGED = "organization_not_managed"
    NOT_IN_REGISTRY = "not_in_registry"
    CABINET_EXISTS = "cabinet_exists"
    STAFF_LOGIN_FAILED = "staff_login_failed"
    OTP_THROTTLED = "otp_throttled"
    OTP_WRONG = "otp_wrong"
    OTP_SETUP_WRONG = "otp_setup_wrong"
    # Authorization codes (EC-CODE-1): codes.CodeRefused.code.
    CODE_THROTTLED = "throttled"
    CODE_WRONG = "wrong"
    CODE_EXPIRED = "expired"
    CODE_USED = "used"
    CODE_REVOKED = "revoked"
    CODE_NOT_FOR_REPRESENTATIVE = "not_for_representative"


# Written once, raised by the staff form and by the cabinet's sign-up service.
LOGIN_TAKEN = _("This login is taken. Choose another one.")
# Written once, raised by the staff form and by the service that creates a staff member.
ROLE_ORGANIZATION_KIND = _("A person with this role cannot work in this organization: a district officer belongs to a "
                           "social protection office, a regional officer to a regional department.")
