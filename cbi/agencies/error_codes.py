"""Stable codes of the agencies' errors (docs/architecture.md, "Errors have codes").

The API's problem types (docs/agencies-api.md) are the same codes: ``type`` is
``https://cbi.gov.ua/problems/agencies/<code>`` (the host is a name, not a page that must exist)."""

from enum import Enum


class AgenciesErrorCode(Enum):
    # the API (RFC 9457 problem types)
    CREDENTIAL_MISSING = "credential_missing"
    CREDENTIAL_INVALID = "credential_invalid"
    CREDENTIAL_EXPIRED = "credential_expired"
    EXCHANGE_CLIENT_MISMATCH = "exchange_client_mismatch"
    CLIENT_CERTIFICATE_MISMATCH = "client_certificate_mismatch"
    RATE_LIMITED = "rate_limited"
    REQUEST_INVALID = "request_invalid"
    IDENTIFIER_INVALID = "identifier_invalid"
    PURPOSE_NOT_GRANTED = "purpose_not_granted"
    PERSON_NOT_FOUND = "person_not_found"
    NO_CONSENT = "no_consent"
    # the cabinet
    CONSENT_NOT_NEEDED = "consent_not_needed"
    CONSENT_ALREADY_GIVEN = "consent_already_given"
    CONSENT_NOT_ACTIVE = "consent_not_active"
