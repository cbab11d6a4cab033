"""Stable codes of the errors the public application for primary registration raises (EC-PRIM-1;
docs/architecture.md, "Errors have codes")."""

from enum import Enum


class PrimaryErrorCode(Enum):
    DATE_OF_BIRTH_FUTURE = "date_of_birth_future"
    ISSUE_DATE_FUTURE = "issue_date_future"
    AUTHORITY_DATE_FUTURE = "authority_date_future"
    CONCLUSION_DATE_FUTURE = "conclusion_date_future"
    RNOKPP_AND_REFUSAL = "rnokpp_and_refusal"
    RNOKPP_OR_CERTIFICATE_REQUIRED = "rnokpp_or_certificate_required"
    RNOKPP_REQUIRED = "rnokpp_required"
    CERTIFICATE_NOT_FOR_THIS_PERSON = "certificate_not_for_this_person"
    CERTIFICATE_FOR_ADULT = "certificate_for_adult"
    CERTIFICATE_SERIES_REQUIRED = "certificate_series_required"
    POSTCODE = "postcode"
    NO_OFFICE_FOR_PLACE = "no_office_for_place"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    REASONS_REQUIRED = "reasons_required"
    INCOMPLETE = "incomplete"
    # Saved drafts and their return codes (drafts.ResumeRefused.code).
    RETURN_CODE_THROTTLED = "return_code_throttled"
    RETURN_CODE_WRONG = "return_code_wrong"
    DRAFT_EXPIRED = "draft_expired"
    # Quotas of anonymous drafts (drafts.DraftRefused.code; HTTP 429 or 413).
    TOO_MANY_DRAFTS_IN_BROWSER = "too_many_drafts_in_browser"
    TOO_MANY_DRAFTS_FROM_NETWORK = "too_many_drafts_from_network"
    FILES_QUOTA_BROWSER = "files_quota_browser"
    FILES_QUOTA_NETWORK = "files_quota_network"
    FILES_QUOTA_ALL = "files_quota_all"
