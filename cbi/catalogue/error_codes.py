"""Stable codes of the errors the catalogue of assistive products raises (EC-APP-7;
docs/architecture.md, "Errors have codes")."""

from enum import Enum


class CatalogueErrorCode(Enum):
    ISO_CODE_FORMAT = "iso_code_format"
    ISO_CODE_OUTSIDE_GROUP = "iso_code_outside_group"
    GROUP_CODE_LENGTH = "group_code_length"
    GROUP_CODE_ORPHANS_PRODUCTS = "group_code_orphans_products"
    PRODUCT_DUPLICATE = "product_duplicate"
    REGIONS_ONLY = "regions_only"
    SERVICE_LIFE_NOT_POSITIVE = "service_life_not_positive"
    EDRPOU_FORMAT = "edrpou_format"
    NORM_TARGET_UNKNOWN = "norm_target_unknown"
    NORM_VERSION_CONFLICT = "norm_version_conflict"
