"""Applications for assistive products from the cabinet or on paper (EC-APP-1..8).

One model for the four things a person files (provision or compensation, replacement,
repair, document update), its lifecycle in ``workflow.TRANSITIONS``, every move in
``ApplicationEvent``, the files in ``ApplicationDocument`` (new versions keep the old),
what the person received in ``IssuedProduct`` and the optional ``Survey`` afterwards.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from . import kinds, referral_flow, right, workflow
from .kinds import KIND_LABELS  # noqa: F401  (derived from the profiles; imported from here by callers)

STATUS_LABELS = {
    workflow.DRAFT: _("draft"),
    workflow.SUBMITTED: _("submitted"),
    workflow.REGISTERED: _("registered"),
    workflow.UNDER_REVIEW: _("under review"),
    workflow.INFORMATION_REQUESTED: _("information requested"),
    workflow.INFORMATION_PROVIDED: _("information provided"),
    workflow.FORWARDED: _("forwarded to the territorial branch of the Fund for a decision"),
    workflow.APPROVED: _("approved"),
    workflow.REFUSED: _("refused"),
    workflow.IN_FULFILMENT: _("in fulfilment"),
    workflow.READY_FOR_PICKUP: _("ready for pick-up"),
    workflow.PROVIDED: _("provided"),
    workflow.COMPENSATION_PAID: _("compensation paid"),
    workflow.REPAIRED: _("repaired"),
    workflow.CLOSED: _("closed"),
    workflow.WITHDRAWN: _("withdrawn"),
    workflow.CANCELLED: _("cancelled: the right to assistive products ended"),
    workflow.SUSPENDED: _("suspended: the right to assistive products is suspended"),
}

ACTION_LABELS = {
    workflow.SUBMIT: _("Submit the application"),
    workflow.REGISTER: _("Register the application"),
    workflow.START_REVIEW: _("Start the review"),
    workflow.REQUEST_INFORMATION: _("Request information"),
    workflow.FORWARD: _("Forward to the branch of the Fund"),
    workflow.PROVIDE_INFORMATION: _("Information provided"),
    workflow.APPROVE: _("Approve"),
    workflow.REFUSE: _("Refuse"),
    workflow.START_FULFILMENT: _("Start fulfilment"),
    workflow.MARK_READY: _("Ready for pick-up"),
    workflow.MARK_PROVIDED: _("Product handed over"),
    workflow.MARK_PAID: _("Compensation paid"),
    workflow.MARK_REPAIRED: _("Repair done"),
    workflow.CLOSE: _("Close the application"),
    workflow.WITHDRAW: _("Withdraw the application"),
    workflow.CANCEL_RIGHT_ENDED: _("Cancelled: the right ended"),
    workflow.SUSPEND_RIGHT: _("Suspended: the right is suspended"),
    workflow.RESUME_RIGHT: _("Resumed: the suspension was lifted"),
    workflow.REOPEN_ON_COMPLAINT: _("Reviewed again: the refusal was cancelled on a complaint"),
}


class ProductApplication(models.Model):
    Kind = models.TextChoices("Kind", [(k.upper(), (k, KIND_LABELS[k])) for k in workflow.KINDS])
    Status = models.TextChoices("Status", [(s.upper(), (s, STATUS_LABELS[s])) for s in workflow.STATUSES])

    class FiledVia(models.TextChoices):
        CABINET = "cabinet", _("electronic cabinet")
        PAPER = "paper", _("on paper at the office")
        #: Any social protection office or administrative services centre (ЦНАП), not only the
        #: person's own office (issue #16 §1): ``place_of_receipt`` names it.
        CNAP = "cnap", _("at an administrative services centre (ЦНАП)")

    class ReplacementReason(models.TextChoices):
        SERVICE_LIFE_ENDED = "service_life_ended", _("the service life has ended")
        DAMAGED = "damaged", _("the product is damaged beyond repair")
        NEEDS_CHANGED = "needs_changed", _("my needs have changed (for example, a child has grown)")
        LOST = "lost", _("the product was lost or stolen")
        OTHER = "other", _("another reason")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: Given at submission: ЗР-2026-000123. Drafts have none.
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, blank=True)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="product_applications",
                               verbose_name=_("person"))
    office = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="product_applications",
                               verbose_name=_("social protection office"),
                               limit_choices_to={"kind": "social_protection_office"})
    kind = models.CharField(_("kind of application"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=workflow.DRAFT)
    filed_via = models.CharField(_("filed through"), max_length=10, choices=FiledVia.choices,
                                 default=FiledVia.CABINET)
    #: The cabinet user who started it (the person or their representative), or the officer
    #: who entered a paper application.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("started by"))
    #: Where a paper application was handed in (a social protection office or a ЦНАП, any of
    #: them): the application is still routed to ``office`` (the person's office by the procedure).
    place_of_receipt = models.CharField(_("place of receipt"), max_length=255, blank=True)
    #: The last step of the cabinet's form the person reached (drafts resume there).
    draft_step = models.CharField(max_length=24, blank=True)

    # What is asked for.
    product = models.ForeignKey("catalogue.Product", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="applications", verbose_name=_("product"))
    issued_product = models.ForeignKey("IssuedProduct", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="applications", verbose_name=_("the product you have"))
    related_application = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                            related_name="document_updates",
                                            verbose_name=_("application the documents are for"))
    request_text = models.TextField(_("what you ask for"), blank=True)
    replacement_reason = models.CharField(_("reason for replacement"), max_length=24, blank=True,
                                          choices=ReplacementReason.choices)
    # Compensation (EC-APP-1): what the person paid.
    purchase_amount = models.DecimalField(_("amount paid, UAH"), max_digits=10, decimal_places=2, null=True,
                                          blank=True)
    purchase_date = models.DateField(_("date of purchase"), null=True, blank=True)
    seller = models.CharField(_("seller"), max_length=255, blank=True)

    # Progress.
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    #: The office's deadline for the current step (workflow.DUE_DAYS); empty when none.
    due_on = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    #: When a request for information is open: the date the person is asked to answer by.
    information_due_on = models.DateField(_("answer by"), null=True, blank=True)

    # Decision (EC-APP-5).
    decision_number = models.CharField(_("decision number"), max_length=24, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    approved_amount = models.DecimalField(_("compensation approved, UAH"), max_digits=10, decimal_places=2,
                                          null=True, blank=True)
    #: The norm version (term of use, maximum compensation, who may receive it) in force on the
    #: submission date, recorded with the decision; a later norm never changes it (cbi/applications/norms.py).
    norm = models.ForeignKey("catalogue.Norm", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("norm applied"))

    # Fulfilment.
    supplier = models.ForeignKey("catalogue.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="applications", verbose_name=_("supplier"))
    pickup_details = models.TextField(_("where and when to pick up"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application for an assistive product")
        verbose_name_plural = _("applications for assistive products")
        indexes = [
            models.Index(fields=["office", "status"], name="prodapp_office_status"),
            models.Index(fields=["person", "-created_at"], name="prodapp_person"),
            # The office's work list in its order (selectors.work_list: due date, then submission):
            # a page of 50 is read from the index. Without it PostgreSQL walked the due-date index
            # of every office and filtered 595 588 rows away, 495 ms at 600 000 applications
            # (bench/pages.py --server, docs/performance.md).
            models.Index(fields=["office", "due_on", "submitted_at"], name="prodapp_office_due"),
        ]
        constraints = [
            models.CheckConstraint(
                name="prodapp_reference_unless_draft",
                condition=models.Q(status=workflow.DRAFT) | models.Q(reference__isnull=False),
            ),
            models.CheckConstraint(
                name="prodapp_amount_positive",
                condition=models.Q(purchase_amount__isnull=True) | models.Q(purchase_amount__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(_("draft"))

    @property
    def profile(self) -> kinds.KindProfile:
        """What this kind of application asks and needs (cbi/applications/kinds.py)."""
        return kinds.profile(self.kind)

    @property
    def is_decided(self) -> bool:
        return self.decided_at is not None

    @property
    def the_product(self):
        """The catalogue product this application is about, whatever its kind."""
        if self.product_id:
            return self.product
        if self.issued_product_id:
            return self.issued_product.product
        if self.related_application_id:
            return self.related_application.the_product
        return None

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_on) and self.due_on < timezone.localdate()


class ApplicationEvent(models.Model):
    """Who moved the application from which status to which, when and why. Insert-only."""

    application = models.ForeignKey(ProductApplication, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The role the actor acted in (workflow.PERSON / workflow.DISTRICT_OFFICER).
    role = models.CharField(max_length=20)
    #: True when a representative acted for the person.
    on_behalf = models.BooleanField(default=False)
    rule_id = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    #: The recorded event on the person's right that caused this step (AP-RIGHT-1..3), if any.
    right_event = models.ForeignKey("RightEvent", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="application_events")

    class Meta:
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self) -> str:
        return STATUS_LABELS.get(self.to_status, self.to_status)


class ApplicationDocument(models.Model):
    """A file given with an application (what it is: ``document.kind``). A new version
    (EC-APP-4) is another row whose document ``replaces`` the old one; the old row stays
    and stays visible."""

    application = models.ForeignKey(ProductApplication, on_delete=models.PROTECT, related_name="files")
    document = models.OneToOneField("documents.Document", on_delete=models.PROTECT, related_name="application_file")
    #: The document-update application that brought this version, if any.
    added_with = models.ForeignKey(ProductApplication, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["added_at", "id"]


class IssuedProduct(models.Model):
    """A product the person has: received through an application, or recorded by an officer."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="issued_products",
                               verbose_name=_("person"))
    product = models.ForeignKey("catalogue.Product", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("product"))
    application = models.OneToOneField(ProductApplication, null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="issued", verbose_name=_("application"))
    issued_on = models.DateField(_("received on"))
    #: Copied from the catalogue when issued (a later catalogue change does not move the date).
    service_life_years = models.DecimalField(_("service life in years"), max_digits=4, decimal_places=1)
    replacement_possible_on = models.DateField(_("replacement possible from"))
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    #: When a replacement was handed over, this one is no longer in use.
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("product received")
        verbose_name_plural = _("products received")

    def __str__(self) -> str:
        return f"{self.product} ({self.issued_on:%d.%m.%Y})"


class Survey(models.Model):
    """A short optional survey after fulfilment (EC-APP-8)."""

    application = models.OneToOneField(ProductApplication, on_delete=models.PROTECT, related_name="survey")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.CheckConstraint(name="survey_rating_1_5",
                                              condition=models.Q(rating__gte=1) & models.Q(rating__lte=5))]


class RightEvent(models.Model):
    """An event that ends or suspends the person's right to assistive products, or lifts a
    suspension (AP-RIGHT-1..3), recorded by an officer with its source. Insert-only: a lift is
    its own row pointing at the suspension it lifts; nothing is deleted."""

    class Ground(models.TextChoices):
        DEATH = right.DEATH, _("the person's death")
        EMIGRATION = right.EMIGRATION, _("leaving Ukraine for permanent residence abroad")
        INDICATIONS_CANCELLED = right.INDICATIONS_CANCELLED, _(
            "the indications for assistive products were cancelled (for example, the disability was removed)")
        PRODUCT_DISPOSED = right.PRODUCT_DISPOSED, _(
            "a product issued at the State's expense was sold, given or handed to others before its term of use ended")
        LIFTED = right.LIFTED, _("the suspension is lifted")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="right_events",
                               verbose_name=_("person"))
    ground = models.CharField(_("what happened"), max_length=24, choices=Ground.choices)
    #: The document the officer relies on (e.g. a death certificate's series and number, a notice
    #: of the migration service, the assessment body's decision).
    source_document = models.CharField(_("document"), max_length=255)
    source_date = models.DateField(_("date of the document"))
    note = models.TextField(_("note"), blank=True, max_length=2000)
    #: For a suspension: the end of the next term of use of the product disposed of, when known.
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    #: For a lift: the suspension it lifts.
    lifts = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="lifted_by",
                                 verbose_name=_("suspension lifted"))
    #: The Procedure's item cited when it was recorded (settings.ASSISTIVE_RIGHT_ITEM then).
    citation = models.CharField(max_length=255)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    office = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    #: "Р-ПР-2026-000012": the number of the decision the letters quote.
    decision_number = models.CharField(max_length=24, unique=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("event on the right to assistive products")
        verbose_name_plural = _("events on the right to assistive products")
        constraints = [
            models.CheckConstraint(name="rightevent_lift_points_to_suspension",
                                   condition=models.Q(ground=right.LIFTED, lifts__isnull=False)
                                   | (~models.Q(ground=right.LIFTED) & models.Q(lifts__isnull=True))),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number}: {self.get_ground_display()}"

    @property
    def effect(self) -> str:
        return right.GROUNDS[self.ground].effect

    @property
    def rule_id(self) -> str:
        return right.GROUNDS[self.ground].rule_id


REFERRAL_STATUS_LABELS = {
    referral_flow.ISSUED: _("issued to the enterprise"),
    referral_flow.ACCEPTED: _("accepted by the enterprise"),
    referral_flow.DECLINED: _("declined by the enterprise"),
    referral_flow.FITTING: _("fitting at the enterprise"),
    referral_flow.DELIVERED: _("product delivered"),
    referral_flow.CANCELLED: _("cancelled"),
}

REFERRAL_ACTION_LABELS = {
    referral_flow.ISSUE: _("Issue the electronic referral"),
    referral_flow.ACCEPT: _("Accept the referral"),
    referral_flow.DECLINE: _("Decline the referral"),
    referral_flow.RECORD_FITTING: _("Record the fitting"),
    referral_flow.RECORD_DELIVERY: _("Record the delivery"),
    referral_flow.CANCEL: _("Cancel the referral"),
    referral_flow.CANCEL_RIGHT_ENDED: _("Cancelled: the right ended or is suspended"),
}


class Referral(models.Model):
    """An electronic referral (електронне направлення) for an approved provision or replacement:
    issued by the territorial branch of the Fund to the enterprise the person chose; its steps are
    ``referral_flow.TRANSITIONS``, each one a ``ReferralEvent`` (insert-only)."""

    Status = models.TextChoices("Status", [(s.upper(), (s, REFERRAL_STATUS_LABELS[s]))
                                           for s in referral_flow.STATUSES])

    #: "ЕН-2026-000012" (cbi.common.references).
    number = models.CharField(_("referral number"), max_length=20, unique=True)
    application = models.ForeignKey(ProductApplication, on_delete=models.PROTECT, related_name="referrals",
                                    verbose_name=_("application"))
    branch = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+",
                               limit_choices_to={"kind": "fund_branch"}, verbose_name=_("issued by"))
    enterprise = models.ForeignKey("catalogue.Supplier", on_delete=models.PROTECT, related_name="referrals",
                                   verbose_name=_("enterprise"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=referral_flow.ISSUED)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("issued by (officer)"))
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    #: The deadline of the current step (``referral_flow.DUE_DAYS`` / settings.REFERRAL_DUE_DAYS).
    due_on = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    #: Why the enterprise declined, or why it was cancelled (the last such step).
    reason = models.TextField(_("reason"), blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=60, blank=True)
    delivery_act = models.OneToOneField("documents.Document", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="delivery_referral", verbose_name=_("act of delivery"))

    class Meta:
        ordering = ["issued_at", "id"]
        verbose_name = _("electronic referral")
        verbose_name_plural = _("electronic referrals")
        constraints = [
            models.UniqueConstraint(fields=["application"], name="referral_one_open_per_application",
                                    condition=models.Q(status__in=sorted(referral_flow.OPEN_STATUSES))),
            models.CheckConstraint(
                name="referral_delivered_has_date_serial_act",
                condition=~models.Q(status=referral_flow.DELIVERED)
                | (models.Q(delivered_on__isnull=False) & ~models.Q(serial_number="")
                   & models.Q(delivery_act__isnull=False))),
        ]

    def __str__(self) -> str:
        return self.number

    def audit_subject(self):
        """Whose data a read of the referral is (cbi.audit.services.whose)."""
        return self.application.person, None

    @property
    def is_open(self) -> bool:
        return self.status in referral_flow.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_on) and self.is_open and self.due_on < timezone.localdate()

    @property
    def status_label(self):
        return REFERRAL_STATUS_LABELS[self.status]


class ReferralEvent(models.Model):
    """One step of a referral: who, in which role, from which status to which, when and why. Insert-only."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=24)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=24)
    rule_id = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    #: The event on the person's right that cancelled the referral (AP-RIGHT-1/2), if any.
    right_event = models.ForeignKey(RightEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("referral events are insert-only")
        super().save(*args, **kwargs)

    @property
    def action_label(self):
        return REFERRAL_ACTION_LABELS.get(self.action, self.action)

    @property
    def to_status_label(self):
        return REFERRAL_STATUS_LABELS.get(self.to_status, self.to_status)
