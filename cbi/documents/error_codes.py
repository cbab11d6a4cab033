"""Stable codes of the errors an upload is refused with (EC-DOC-*; docs/architecture.md,
"Errors have codes")."""

from enum import Enum


class DocumentsErrorCode(Enum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    DAMAGED = "damaged"
    TOO_MANY_PIXELS = "too_many_pixels"
    ALREADY_REPLACED = "stale"
