"""Stable codes of the errors the registry raises (docs/architecture.md, "Errors have codes").

Tests and callers compare codes, never the wording; each code has one message, at the place
that raises it."""

from enum import Enum


class RegistryErrorCode(Enum):
    RNOKPP_FORMAT = "rnokpp_format"
    RNOKPP_CHECKSUM = "rnokpp_checksum"
    RNOKPP_REQUIRED = "rnokpp_required"
    RNOKPP_WITH_REFUSAL = "rnokpp_with_refusal"
    PHONE = "phone"
    PASSPORT_SERIES = "passport_series"
    PASSPORT_NUMBER = "passport_number"
    ID_CARD_SERIES = "id_card_series"
    ID_CARD_NUMBER = "id_card_number"
    BIRTH_CERTIFICATE_SERIES = "birth_certificate_series"
    BIRTH_CERTIFICATE_NUMBER = "birth_certificate_number"
    CHILD_BIRTH_CERTIFICATE_SERIES = "child_birth_certificate_series"
    CHILD_BIRTH_CERTIFICATE_NUMBER = "child_birth_certificate_number"
    BIRTH_CERTIFICATE_NOT_ALLOWED = "birth_certificate_not_allowed"
    BIRTH_CERTIFICATE_ADULT = "birth_certificate_adult"
    DOCUMENT_NUMBER_REQUIRED = "document_number_required"
    DOCUMENT_EXPIRES_BEFORE_ISSUE = "document_expires_before_issue"
    DATE_OF_BIRTH_FUTURE = "date_of_birth_future"
    POSTCODE = "postcode"
    TERRITORY_NOT_A_PLACE = "territory_not_a_place"
    ASSESSMENT_DATE_FUTURE = "assessment_date_future"
    HAND_CONTROLS_WITHOUT_CAR = "hand_controls_without_car"
    SUBGROUP_A_ONLY_GROUP_I = "subgroup_a_only_group_i"
    STATUS_ENDS_BEFORE_ESTABLISHED = "status_ends_before_established"
    STATUS_REMOVED_BEFORE_ESTABLISHED = "status_removed_before_established"
    ASSESSMENT_OF_ANOTHER_PERSON = "assessment_of_another_person"
    AUTHORITY_ENDS_BEFORE_DOCUMENT = "authority_ends_before_document"
    # Places typed in a form (PlaceField / TerritoryField).
    PLACE_CODE_UNKNOWN = "place_code_unknown"
    PLACE_NAME_UNKNOWN = "place_name_unknown"
    PLACE_NAME_AMBIGUOUS = "place_name_ambiguous"
    PLACE_SHORT = "short"
    PLACE_NONE = "none"
    PLACE_SEVERAL = "several"
    PLACE_MANY = "many"
    # Services.
    OFFICE_NOT_YOURS = "office_not_yours"
    OFFICE_MOVE_NOT_YOURS = "office_move_not_yours"
