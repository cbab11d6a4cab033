"""The kinds of assistive-product application as ONE table of profiles (EC-APP-1..4).

A kind (provision, compensation, replacement, repair, document update) differs from another
only in what is written here: what the application is about (its subject), which steps and
answers the cabinet's form asks, the request's wording and whether it is required, which
documents fit and which one is required, whether the person states a purchase and the
officer approves an amount, which rules apply and which letter the decision is. Forms,
views, services, letters, templates and the demo data read ``profile(kind)`` (or
``application.profile``) instead of branching on the kind.

The lifecycle (which transitions a kind takes) stays in ``workflow.TRANSITIONS``. Adding a
kind to ``workflow.KINDS`` without a profile here fails at import (``_check_complete``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from cbi.documents.models import Document

from . import workflow

# What an application is about: the model field that holds it.
SUBJECT_PRODUCT = "product"  # a product of the catalogue
SUBJECT_ISSUED_PRODUCT = "issued_product"  # a product the person has
SUBJECT_RELATED_APPLICATION = "related_application"  # an application filed earlier
SUBJECTS = (SUBJECT_PRODUCT, SUBJECT_ISSUED_PRODUCT, SUBJECT_RELATED_APPLICATION)

#: What "Choose …" says when the subject is missing (services.missing_answers).
SUBJECT_MISSING = {
    SUBJECT_PRODUCT: _("Choose the product."),
    SUBJECT_ISSUED_PRODUCT: _("Choose the product you have."),
    SUBJECT_RELATED_APPLICATION: _("Choose the application the documents are for."),
}

# Whether the request text ("What do you ask for?") must be given.
REQUEST_OPTIONAL = "optional"
REQUEST_REQUIRED = "required"
#: Required only for a replacement before the service life ends (EC-APP-2).
REQUEST_REQUIRED_IF_EARLY = "required_if_early"

#: A document update needs at least one new document, whatever it is.
ANY_NEW_DOCUMENT = "any_new_document"

#: The decision letter (cbi/applications/letters.py registers it under this name).
DECISION_LETTER = "applications.decision"
#: The letter on an application moved by an event on the person's right (AP-RIGHT-1..3).
RIGHT_LETTER = "applications.right_decision"

#: The steps of the cabinet's form, in the order they may appear.
STEP_OFFICE, STEP_GROUP, STEP_PRODUCT, STEP_DETAILS, STEP_DOCUMENTS = (
    "office", "group", "product", "details", "documents")


@dataclass(frozen=True)
class KindProfile:
    kind: str
    #: "provision of a product": the kind's name in lists, letters and notifications.
    label: object
    #: The rule of the cabinet chapter the kind implements (EC-APP-1..4).
    rule_id: str
    #: The model field the application is about (SUBJECT_*).
    subject: str
    #: The cabinet form's steps (slugs), in order; "Check your answers" follows.
    steps: tuple[str, ...]
    #: The request text: help, whether required (REQUEST_*), and a label and a "required"
    #: message when the kind words it its own way (None: the form's own).
    request_help: object
    request_required: str = REQUEST_OPTIONAL
    request_label: object = None
    request_required_message: object = None
    #: Asks why a product is replaced (ReplacementReason) and checks its service life (EC-APP-2).
    asks_replacement_reason: bool = False
    #: Asks what the person paid, when and to whom (compensation, EC-APP-1) …
    asks_purchase: bool = False
    #: … and the officer approves the amount of compensation with the decision.
    officer_approves_amount: bool = False
    #: Kinds of document that fit, the one most needed first (the proof of a representative's
    #: authority is offered before "other" when a representative files).
    document_kinds: tuple[str, ...] = ()
    #: The document without which the application cannot be sent (a Document.Kind, or
    #: ANY_NEW_DOCUMENT), and what the person is told while it is missing.
    required_document: str | None = None
    required_document_message: object = None
    #: The document usually given with it (the demo data adds one of these).
    main_document: str = Document.Kind.REHABILITATION_PROGRAMME
    #: Step titles of the cabinet form when the kind words them its own way.
    product_title: object = None
    details_title: object = None
    #: The letter of the decision.
    letter: str = DECISION_LETTER
    #: Its own option on the cabinet's "What do you want to do?" page, with a hint (None: reached
    #: through "Get an assistive product" and "Have you already bought it?").
    start_label: object = None
    start_hint: object = None

    @property
    def has_office_step(self) -> bool:
        return STEP_OFFICE in self.steps

    @property
    def starts_from_issued_product(self) -> bool:
        return self.subject == SUBJECT_ISSUED_PRODUCT

    @property
    def updates_documents(self) -> bool:
        """The files it brings are new versions on the related application (EC-APP-4)."""
        return self.subject == SUBJECT_RELATED_APPLICATION

    @property
    def checks_service_life(self) -> bool:
        return self.asks_replacement_reason

    def request_required_now(self, *, early: bool) -> bool:
        return self.request_required == REQUEST_REQUIRED or (
            self.request_required == REQUEST_REQUIRED_IF_EARLY and early)


_K = Document.Kind
_CATALOGUE_STEPS = (STEP_OFFICE, STEP_GROUP, STEP_PRODUCT, STEP_DETAILS, STEP_DOCUMENTS)
_ISSUED_STEPS = (STEP_OFFICE, STEP_PRODUCT, STEP_DETAILS, STEP_DOCUMENTS)

#: kind → profile: the one table.
PROFILES: dict[str, KindProfile] = {p.kind: p for p in (
    KindProfile(
        kind=workflow.PROVISION, label=_("provision of a product"), rule_id="EC-APP-1",
        subject=SUBJECT_PRODUCT, steps=_CATALOGUE_STEPS,
        request_help=_("For example, what you need the product for and what matters to you."),
        document_kinds=(_K.REHABILITATION_PROGRAMME, _K.OTHER),
        main_document=_K.REHABILITATION_PROGRAMME,
    ),
    KindProfile(
        kind=workflow.COMPENSATION, label=_("compensation for a product bought independently"), rule_id="EC-APP-1",
        subject=SUBJECT_PRODUCT, steps=_CATALOGUE_STEPS,
        request_help=_("For example, why you bought the product yourself."),
        asks_purchase=True, officer_approves_amount=True,
        document_kinds=(_K.PURCHASE_RECEIPT, _K.REHABILITATION_PROGRAMME, _K.OTHER),
        required_document=_K.PURCHASE_RECEIPT,
        required_document_message=_("Add the receipt or invoice for the purchase."),
        main_document=_K.PURCHASE_RECEIPT,
        details_title=_("About the purchase"),
    ),
    KindProfile(
        kind=workflow.REPLACEMENT, label=_("replacement of a product"), rule_id="EC-APP-2",
        subject=SUBJECT_ISSUED_PRODUCT, steps=_ISSUED_STEPS,
        request_help=_("What happened to the product, or how your needs changed."),
        request_required=REQUEST_REQUIRED_IF_EARLY,
        request_label=_("Describe why the product needs replacing"),
        request_required_message=_("Describe why the product needs replacing now."),
        asks_replacement_reason=True,
        document_kinds=(_K.PRODUCT_PHOTO, _K.REHABILITATION_PROGRAMME, _K.OTHER),
        main_document=_K.REHABILITATION_PROGRAMME,
        product_title=_("Which product do you want to replace?"),
        details_title=_("Why the product needs replacing"),
        start_label=_("Replace a product I have"),
        start_hint=_("After its service life, or earlier if it is damaged or your needs changed."),
    ),
    KindProfile(
        kind=workflow.REPAIR, label=_("repair of a product"), rule_id="EC-APP-3",
        subject=SUBJECT_ISSUED_PRODUCT, steps=_ISSUED_STEPS,
        request_help=_("What is broken and since when, for example: “The left wheel brake does not hold”."),
        request_required=REQUEST_REQUIRED,
        request_label=_("What is broken?"),
        request_required_message=_("Describe what is broken."),
        document_kinds=(_K.PRODUCT_PHOTO, _K.OTHER),
        main_document=_K.PRODUCT_PHOTO,
        product_title=_("Which product needs a repair?"),
        details_title=_("What needs repairing"),
        start_label=_("Repair a product I have"),
        start_hint=_("Something is broken or does not work."),
    ),
    KindProfile(
        kind=workflow.DOCUMENT_UPDATE, label=_("update of documents"), rule_id="EC-APP-4",
        subject=SUBJECT_RELATED_APPLICATION, steps=(STEP_PRODUCT, STEP_DETAILS, STEP_DOCUMENTS),
        request_help=_("For example, which document you are updating and why."),
        document_kinds=(_K.REHABILITATION_PROGRAMME, _K.PURCHASE_RECEIPT, _K.PRODUCT_PHOTO, _K.OTHER),
        required_document=ANY_NEW_DOCUMENT,
        required_document_message=_("Add at least one new document."),
        main_document=_K.REHABILITATION_PROGRAMME,
        product_title=_("Which application are the documents for?"),
        start_label=_("Update the documents of an application I already filed"),
        start_hint=_("Add a new version of a document or another document. Old versions are kept."),
    ),
)}


def check_complete(profiles: dict[str, KindProfile], kinds=workflow.KINDS) -> None:
    """Every kind has a profile and every profile is complete; raises ImproperlyConfigured (a
    programming error in this table, never a person's input)."""
    missing = [kind for kind in kinds if kind not in profiles]
    extra = [kind for kind in profiles if kind not in kinds]
    if missing or extra:
        raise ImproperlyConfigured(f"kinds without a profile: {missing}; profiles of no kind: {extra}")
    for kind, p in profiles.items():
        problems = []
        if p.kind != kind:
            problems.append("kind does not match its key")
        if p.subject not in SUBJECTS:
            problems.append(f"unknown subject {p.subject!r}")
        if not p.steps or p.steps[-1] != STEP_DOCUMENTS or STEP_PRODUCT not in p.steps:
            problems.append("steps must choose the subject and end with the documents")
        if (p.start_label is None) != (p.start_hint is None) or (p.start_label is None) != (p.subject == SUBJECT_PRODUCT):
            problems.append("a kind not reached through a catalogue product needs its start option and hint")
        if (STEP_GROUP in p.steps) != (p.subject == SUBJECT_PRODUCT):
            problems.append("the group step is for catalogue products only")
        if not p.label or not p.request_help or not p.rule_id or not p.document_kinds:
            problems.append("label, request help, rule id and document kinds are required")
        if p.request_required not in (REQUEST_OPTIONAL, REQUEST_REQUIRED, REQUEST_REQUIRED_IF_EARLY):
            problems.append(f"unknown request_required {p.request_required!r}")
        if p.request_required != REQUEST_OPTIONAL and not p.request_required_message:
            problems.append("a required request needs its message")
        if (p.required_document is None) != (p.required_document_message is None):
            problems.append("a required document needs its message (and only then)")
        if p.required_document not in (None, ANY_NEW_DOCUMENT) and p.required_document not in p.document_kinds:
            problems.append("the required document must be one of its document kinds")
        if p.officer_approves_amount and not p.asks_purchase:
            problems.append("an approved amount needs the amount paid")
        if p.main_document not in p.document_kinds:
            problems.append("the main document must fit the kind")
        if problems:
            raise ImproperlyConfigured(f"profile {kind!r}: " + "; ".join(problems))


check_complete(PROFILES)

#: kind → label (derived; for choices and lists).
KIND_LABELS = {kind: p.label for kind, p in PROFILES.items()}


def profile(kind: str) -> KindProfile:
    """The profile of ``kind``; KeyError for a kind that does not exist."""
    return PROFILES[kind]
