"""Stable codes of the errors raised when a key, a signature or an id.gov.ua answer cannot
confirm a person's identity, and of the signatures forms (docs/signatures.md;
docs/architecture.md, "Errors have codes").

Each refusal's code has its message (English msgid and Ukrainian text) in
``refusals.REFUSALS``; ``SignatureRefused(code=…)`` takes it from there."""

from enum import Enum


class SignaturesErrorCode(Enum):
    # Refusals (refusals.SignatureRefused.code).
    WRONG_PASSWORD = "wrong_password"
    UNSUPPORTED_KEY_FORMAT_DSTU = "unsupported_key_format_dstu"
    NOT_A_KEY_FILE = "not_a_key_file"
    CERTIFICATE_MISSING = "certificate_missing"
    CERTIFICATE_FILE_INVALID = "certificate_file_invalid"
    KEY_CERTIFICATE_MISMATCH = "key_certificate_mismatch"
    UNSUPPORTED_ALGORITHM = "unsupported_algorithm"
    UNKNOWN_PROVIDER = "unknown_provider"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_NOT_YET_VALID = "certificate_not_yet_valid"
    UNTRUSTED_CHAIN = "untrusted_chain"
    PROVIDER_MISMATCH = "provider_mismatch"
    CERTIFICATE_REVOKED = "certificate_revoked"
    CERTIFICATE_NOT_FOR_SIGNING = "certificate_not_for_signing"
    SIGNATURE_INVALID = "signature_invalid"
    NONCE_MISMATCH = "nonce_mismatch"
    SIGNING_TIME_INVALID = "signing_time_invalid"
    NO_RNOKPP_IN_CERTIFICATE = "no_rnokpp_in_certificate"
    KEY_FILE_NOT_SIGNATURE = "key_file_not_signature"
    IDGOVUA_STATE_MISMATCH = "idgovua_state_mismatch"
    IDGOVUA_DENIED = "idgovua_denied"
    IDGOVUA_CODE_INVALID = "idgovua_code_invalid"
    IDGOVUA_UNAVAILABLE = "idgovua_unavailable"
    IDGOVUA_NO_RNOKPP = "idgovua_no_rnokpp"
    # The forms.
    KEY_FILE_TOO_LARGE = "too_large"
    KEY_FILE_EMPTY = "empty"
    RNOKPP_DIGITS = "rnokpp_digits"
    PAGE_EXPIRED = "page_expired"
    SIGNATURE_MISSING = "signature_missing"
