"""Stable codes of the errors the electronic cabinet raises (docs/architecture.md,
"Errors have codes")."""

from enum import Enum


class CabinetErrorCode(Enum):
    PASSWORDS_DIFFERENT = "passwords_different"
    LOGIN_FAILED = "login_failed"
    HOLDER_UNKNOWN = "holder_unknown"
    PHONE_INVALID = "phone_invalid"
    EMAIL_NOT_ON_RECORD = "email_not_on_record"
    EMAIL_WITHOUT_CHANNEL = "email_without_channel"
    PHONE_NOT_ON_RECORD = "phone_not_on_record"
    PHONE_WITHOUT_CHANNEL = "phone_without_channel"
    CONTACT_NOT_CONFIRMED = "contact_not_confirmed"
    PERIOD_ENDS_BEFORE_START = "period_ends_before_start"
