"""Stable codes of the errors of sending messages (docs/architecture.md, "Errors have codes").

An ``SmsError`` is logged with the masked number and kept with the code delivery for officers
(``failure``); its detail is English and never holds the message sent. An HTTP error of the
provider is ``http_<status>`` (``http_status_code``)."""

from enum import Enum


class NotificationsErrorCode(Enum):
    SMS_NOT_CONFIGURED = "not_configured"
    SMS_REJECTED = "rejected"
    SMS_TIMEOUT = "timeout"
    SMS_UNREACHABLE = "unreachable"
    SMS_BAD_NUMBER = "bad_number"
    SMS_NOT_SENT = "sms_not_sent"
    PHONE_NOT_VERIFIED = "phone_not_verified"
    PHONE_CODE_NOT_ASKED = "phone_code_not_asked"
    PHONE_CODE_EXPIRED = "phone_code_expired"
    PHONE_CODE_WRONG = "phone_code_wrong"


def http_status_code(status: int) -> str:
    """The code of an HTTP error the SMS provider answered with: ``http_500``."""
    return f"http_{status}"
