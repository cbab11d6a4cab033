"""Stable codes of the errors of the vehicle register adapter and of its checks (CQ-ELIG-5;
docs/architecture.md, "Errors have codes").

A ``RegisterError`` is kept with the check for administrators (``error_code``, and an English
``error_message`` without personal data), so its message is not translated. Two kinds of code
come from outside and are passed through: the register's own error code (``{"error": {"code":
…}}`` of a 4xx answer) and an HTTP status as ``http_<status>`` (``http_status_code``)."""

from enum import Enum


class IntegrationsErrorCode(Enum):
    # The adapter (RegisterError and its subclasses).
    REGISTER_ERROR = "register_error"
    REGISTER_UNAVAILABLE = "register_unavailable"
    REJECTED = "rejected"
    MALFORMED_ANSWER = "malformed_answer"
    ANSWER_TOO_LARGE = "answer_too_large"
    TIMEOUT = "timeout"
    CONNECTION_FAILED = "connection_failed"
    RATE_LIMITED = "rate_limited"
    SUBJECT_AMBIGUOUS = "subject_ambiguous"  # what the fake answers; the real register's own code
    ADAPTER_ERROR = "adapter_error"
    # A check requested by an officer.
    PERIOD_REVERSED = "period_reversed"
    PERIOD_IN_FUTURE = "period_in_future"


def http_status_code(status: int) -> str:
    """The code of an HTTP error the register answered with: ``http_503``."""
    return f"http_{status}"
