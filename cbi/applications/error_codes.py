"""Stable codes of the errors the applications for assistive products raise (EC-APP-*;
docs/architecture.md, "Errors have codes")."""

from enum import Enum

from django.utils.translation import gettext_lazy as _


class ApplicationsErrorCode(Enum):
    KIND_UNKNOWN = "kind_unknown"
    NO_PRODUCT_TO_REPLACE = "no_product_to_replace"
    NO_OPEN_APPLICATION = "no_open_application"
    AMOUNT_INVALID = "amount_invalid"
    AMOUNT_NOT_POSITIVE = "amount_not_positive"
    AMOUNT_TOO_LARGE = "amount_too_large"
    PURCHASE_DATE_FUTURE = "purchase_date_future"
    ISSUE_DATE_FUTURE = "issue_date_future"
    ALREADY_SUBMITTED = "already_submitted"
    FILES_NOT_ACCEPTED = "files_not_accepted"
    NEWER_VERSION_EXISTS = "newer_version_exists"
    INCOMPLETE = "incomplete"
    APPROVED_AMOUNT_REQUIRED = "approved_amount_required"
    APPROVED_AMOUNT_ABOVE_MAXIMUM = "approved_amount_above_maximum"
    SURVEY_CLOSED = "survey_closed"
    DOCUMENTS_ADDED_ELSEWHERE = "documents_added_elsewhere"
    ANSWER_EMPTY = "answer_empty"
    REASON_REQUIRED = "reason_required"
    RIGHT_ENDED = "right_ended"
    RIGHT_SUSPENDED = "right_suspended"
    RIGHT_GROUND_UNKNOWN = "right_ground_unknown"
    RIGHT_DOCUMENT_REQUIRED = "right_document_required"
    RIGHT_DATE_FUTURE = "right_date_future"
    RIGHT_SUSPENSION_NOT_OPEN = "right_suspension_not_open"
    REFERRAL_NOT_POSSIBLE = "referral_not_possible"
    REFERRAL_ALREADY_OPEN = "referral_already_open"
    ENTERPRISE_LOCKED = "enterprise_locked"
    ENTERPRISE_NOT_FOR_PRODUCT = "enterprise_not_for_product"
    DELIVERY_DATE_INVALID = "delivery_date_invalid"
    SERIAL_NUMBER_REQUIRED = "serial_number_required"
    DELIVERY_ACT_REQUIRED = "delivery_act_required"
    #: An upheld complaint cannot send the application back to review (services.reopen_on_complaint):
    #: it is no longer refused, or the person's right has ended or is suspended.
    REOPEN_NOT_REFUSED = "reopen_not_refused"
    REOPEN_RIGHT_STOPPED = "reopen_right_stopped"


# Written once, raised at two places each.
PURCHASE_DATE_FUTURE = _("The date of purchase cannot be in the future.")
NEWER_VERSION_EXISTS = _("A newer version of this file was added: remove that one first.")
RIGHT_ENDED = _("The person's right to assistive products has ended (%(ground)s, recorded under decision "
                "%(number)s): a new application cannot be submitted.")
RIGHT_SUSPENDED = _("The person's right to assistive products is suspended (decision %(number)s): an application "
                    "can be submitted once the suspension is lifted at the social protection office.")
RIGHT_DATE_FUTURE = _("Enter the date of the document: today or earlier.")
ENTERPRISE_NOT_FOR_PRODUCT = _("Choose an enterprise that makes or supplies this product and works with electronic "
                               "referrals.")
ENTERPRISE_LOCKED = _("The enterprise can no longer be changed: a referral to it is open.")
