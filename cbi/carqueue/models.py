"""Car queue data.

``RulesSettings`` keeps the configurable items of the rules (``RulesConfig``: category
grounds, quotas, item-8 exceptions, the work-injury date rule, paid shares, warning lead
days…) as data. There is one current row; every change is kept by django-simple-history
with who, when, why and the whole old document.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as PydanticValidationError
from simple_history.models import HistoricalRecords

from . import workflow
from .error_codes import CONFIG_PROBLEM, CarqueueErrorCode
from .rules import RulesConfig


class RulesSettings(models.Model):
    #: Always true and unique: the table holds at most one (the current) row.
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    config = models.JSONField(_("rules settings"), encoder=DjangoJSONEncoder)
    #: Incremented on every change; a form carries it so that two administrators editing
    #: at once cannot overwrite each other's change unseen.
    version = models.PositiveIntegerField(default=1)
    reason = models.TextField(_("reason for the change"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("car-queue rules settings")
        verbose_name_plural = _("car-queue rules settings")
        constraints = [
            models.CheckConstraint(name="carqueue_rules_settings_single_row", condition=models.Q(singleton=True)),
        ]

    def __str__(self) -> str:
        return str(_("Car-queue rules settings, version %(version)s")) % {"version": self.version}

    def rules_config(self) -> RulesConfig:
        return RulesConfig.model_validate(self.config)

    def clean(self) -> None:
        super().clean()
        if not (self.reason or "").strip():
            raise ValidationError({"reason": ValidationError(_("Write why the settings are changed."),
                                                            code=CarqueueErrorCode.SETTINGS_REASON_REQUIRED.value)})
        try:
            RulesConfig.model_validate(self.config)
        except PydanticValidationError as error:
            raise ValidationError({"config": [
                ValidationError(CONFIG_PROBLEM, code=CarqueueErrorCode.CONFIG_INVALID.value,
                                params={"path": ".".join(str(p) for p in e["loc"]) or "—", "problem": e["msg"]})
                for e in error.errors()]}) from error


# --- Display labels of the rules' vocabularies ------------------------------------------------
# The pure engine speaks in codes; these are the words officers read. Labels shared with the
# registry reuse its msgids (already translated).

CATEGORY_LABELS = {
    "first_priority": _("first-priority queue"),
    "out_of_turn": _("out-of-turn queue"),
    "general": _("general queue"),
}
GROUP_LABELS = {
    "I": _("group I"), "II": _("group II"), "III": _("group III"), "child": _("child with disability"),
}
CAUSE_LABELS = {
    "general_disease": _("general disease"),
    "from_childhood": _("from childhood"),
    "work_injury": _("work injury"),
    "occupational_disease": _("occupational disease"),
    "war": _("war disability"),
    "chornobyl": _("Chornobyl disaster"),
    "military_service": _("illness during military service"),
    "other": _("other cause"),
}
TERM_LABELS = {"fixed": _("for a fixed term"), "indefinite": _("indefinitely")}
CHORNOBYL_ROLE_LABELS = {
    "liquidator": _("liquidator of the consequences of the disaster"),
    "victim": _("victim of the disaster"),
    "other_nuclear_event": _("victim of another nuclear accident"),
}
ASSESSMENT_LABELS = {
    "msek": _("medical and social expert commission (МСЕК)"),
    "expert_team": _("expert team for the assessment of daily functioning"),
    "lkk": _("medical advisory commission (ЛКК)"),
    "vlk": _("military medical commission (ВЛК)"),
}
RECEIVED_VIA_LABELS = {
    "in_person": _("in person"),
    "post": _("by post"),
    "cabinet": _("through the electronic cabinet"),
}
APPLICATION_KIND_LABELS = {
    "first": _("first application"),
    "joint_family": _("joint application of a family with two or more persons with disabilities"),
    "separate_from_family": _("separately from the family (or after a family member's death)"),
    "replacement": _("replacement of a car received earlier"),
    "after_family_change": _("after a change in family composition"),
    "after_reestablishment": _("after the disability was established again"),
}
VEHICLE_KIND_LABELS = {
    "car": _("car"),
    "motorcycle": _("motorcycle"),
    "truck": _("truck"),
    "bus": _("bus"),
    "trailer": _("trailer"),
    "semi_trailer": _("semi-trailer"),
    "other": _("other motor vehicle"),
}
ACQUIRED_HOW_LABELS = {
    "purchased": _("bought"),
    "social_protection": _("received through a social protection body"),
    "fund": _("received through the Fund"),
    "charity": _("received as charitable aid"),
    "humanitarian": _("received as humanitarian aid for the person and issued outside the queue (item 41)"),
}
HOLDER_LABELS = {"person": _("the person"), "representative": _("the legal representative")}
RELATION_LABELS = {
    "spouse": _("husband or wife"),
    "child": _("son or daughter"),
    "parent": _("father or mother"),
    "sibling": _("brother or sister"),
    "grandparent": _("grandfather or grandmother"),
    "grandchild": _("grandson or granddaughter"),
    "other_relative": _("other relative"),
}
REPRESENTATIVE_LABELS = {
    "parent": _("parent"),
    "guardian": _("guardian"),
    "custodian": _("custodian"),
    "other": _("other legal representative"),
}
OUTCOME_LABELS = {
    "passed": _("met"),
    "failed": _("not met"),
    "applied": _("applied"),
    "not_applicable": _("does not apply"),
    "flagged": _("needs an officer"),
}
WORK_INJURY_RULE_LABELS = {
    "application_date": _("the date of the application"),
    "assessment_date": _("the date of the assessment that found indications"),
}


# --- Applications, the journal and the workflow ------------------------------------------
# See docs/carqueue-journal.md. The state machine is the table in ``workflow.py``.

APPLICATION_STATUS_LABELS = {
    workflow.REGISTERED_AT_OFFICE: _("registered at the social protection office"),
    workflow.REFERRALS_ISSUED: _("referrals issued"),
    workflow.FACILITY_NOTICE_RECEIVED: _("health facility's notice received"),
    workflow.SENT_TO_REGION: _("sent to the regional department"),
    workflow.REGISTERED_AT_REGION: _("registered at the regional department"),
    workflow.ENROLLED: _("enrolled in the car queue"),
    workflow.REFUSED: _("refused"),
    workflow.WITHDRAWN: _("withdrawn"),
}


class CarApplication(models.Model):
    """An application for a car under Resolution No. 999, from its registration at the
    social protection office to the regional department's decision."""

    class ReceivedVia(models.TextChoices):
        IN_PERSON = "in_person", RECEIVED_VIA_LABELS["in_person"]
        POST = "post", RECEIVED_VIA_LABELS["post"]
        CABINET = "cabinet", RECEIVED_VIA_LABELS["cabinet"]

    class Kind(models.TextChoices):
        FIRST = "first", APPLICATION_KIND_LABELS["first"]
        JOINT_FAMILY = "joint_family", APPLICATION_KIND_LABELS["joint_family"]
        SEPARATE_FROM_FAMILY = "separate_from_family", APPLICATION_KIND_LABELS["separate_from_family"]
        REPLACEMENT = "replacement", APPLICATION_KIND_LABELS["replacement"]
        AFTER_FAMILY_CHANGE = "after_family_change", APPLICATION_KIND_LABELS["after_family_change"]
        AFTER_REESTABLISHMENT = "after_reestablishment", APPLICATION_KIND_LABELS["after_reestablishment"]

    class Status(models.TextChoices):
        REGISTERED_AT_OFFICE = workflow.REGISTERED_AT_OFFICE, APPLICATION_STATUS_LABELS[workflow.REGISTERED_AT_OFFICE]
        REFERRALS_ISSUED = workflow.REFERRALS_ISSUED, APPLICATION_STATUS_LABELS[workflow.REFERRALS_ISSUED]
        FACILITY_NOTICE_RECEIVED = (workflow.FACILITY_NOTICE_RECEIVED,
                                    APPLICATION_STATUS_LABELS[workflow.FACILITY_NOTICE_RECEIVED])
        SENT_TO_REGION = workflow.SENT_TO_REGION, APPLICATION_STATUS_LABELS[workflow.SENT_TO_REGION]
        REGISTERED_AT_REGION = workflow.REGISTERED_AT_REGION, APPLICATION_STATUS_LABELS[workflow.REGISTERED_AT_REGION]
        ENROLLED = workflow.ENROLLED, APPLICATION_STATUS_LABELS[workflow.ENROLLED]
        REFUSED = workflow.REFUSED, APPLICATION_STATUS_LABELS[workflow.REFUSED]
        WITHDRAWN = workflow.WITHDRAWN, APPLICATION_STATUS_LABELS[workflow.WITHDRAWN]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="car_applications",
                               verbose_name=_("person"))
    office = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="car_applications",
        verbose_name=_("social protection office"),
        limit_choices_to={"kind": "social_protection_office"},
    )
    received_via = models.CharField(_("how the application came"), max_length=10, choices=ReceivedVia.choices)
    received_on = models.DateField(_("date the application was received"))
    kind = models.CharField(_("kind of application"), max_length=24, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=workflow.INITIAL)
    # Case facts the registry does not hold (the officer records them from the documents).
    legally_incapable = models.BooleanField(_("the person is declared legally incapable"), default=False)
    without_parental_care = models.BooleanField(_("a child deprived of parental care"), default=False)
    wwii_combat_participant = models.BooleanField(_("took part in combat in World War II"), default=False)
    chornobyl_category = models.PositiveSmallIntegerField(_("Chornobyl category"), null=True, blank=True)
    chornobyl_role = models.CharField(_("Chornobyl status"), max_length=24, blank=True)
    chornobyl_causal_link = models.BooleanField(_("causal link to the Chornobyl disaster established"),
                                                default=False)
    car_user = models.ForeignKey(
        "registry.FamilyMember", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("family member who gets the right to use the car"),
    )
    previous_car_issued_on = models.DateField(_("date the previous car was issued"), null=True, blank=True)
    original_registered_on = models.DateField(_("date of the original joint application"), null=True, blank=True)
    family_enrollment_date = models.DateField(_("enrollment date of the other family member"), null=True,
                                              blank=True)
    missing_documents_reason = models.TextField(_("why mandatory documents are missing"), blank=True)
    # Journal numbers: the office's journal (registration) and the regional one (CQ-CAT-1 order).
    office_number = models.PositiveIntegerField(_("number in the office's journal"), null=True, blank=True)
    region_number = models.PositiveIntegerField(_("number in the regional journal"), null=True, blank=True)
    # The procedure (CQ-FLOW-1..5), as the engine's ProcessDates.
    referrals_issued_on = models.DateField(null=True, blank=True)
    health_exam_on = models.DateField(null=True, blank=True)
    form_088_sent_on = models.DateField(null=True, blank=True)
    social_office_notified_on = models.DateField(null=True, blank=True)
    documents_forwarded_on = models.DateField(null=True, blank=True)
    documents_complete_on = models.DateField(null=True, blank=True)
    journal_registered_on = models.DateField(null=True, blank=True)
    decision_sent_on = models.DateField(null=True, blank=True)
    # The decision (CQ-FLOW-4): the engine's Decision as JSON, with every rule id and citation.
    decision = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    enrollment_date = models.DateField(_("enrollment date"), null=True, blank=True)
    category = models.CharField(_("queue category"), max_length=20, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-received_on", "-created_at"]
        verbose_name = _("car application")
        verbose_name_plural = _("car applications")
        indexes = [models.Index(fields=["office", "status"], name="carapp_office_status")]

    def __str__(self) -> str:
        if self.office_number:
            return str(_("Application No. %(number)s")) % {"number": self.office_number}
        return str(_("Car application"))

    @property
    def is_final(self) -> bool:
        return self.status in workflow.FINAL_STATUSES

    @property
    def status_label(self) -> str:
        return str(APPLICATION_STATUS_LABELS[self.status])

    def clean(self) -> None:
        errors = {}
        if self.received_on and self.received_on > timezone.localdate():
            errors["received_on"] = ValidationError(
                _("The date the application was received cannot be in the future."), code=CarqueueErrorCode.RECEIVED_FUTURE.value)
        if self.kind == self.Kind.REPLACEMENT and not self.previous_car_issued_on:
            errors["previous_car_issued_on"] = ValidationError(
                _("For a replacement, enter the date the previous car was issued."),
                code=CarqueueErrorCode.PREVIOUS_CAR_DATE_REQUIRED.value)
        if self.kind == self.Kind.SEPARATE_FROM_FAMILY and not self.original_registered_on:
            errors["original_registered_on"] = ValidationError(
                _("Enter the date of the original joint application."), code=CarqueueErrorCode.ORIGINAL_REGISTRATION_DATE_REQUIRED.value)
        if self.kind == self.Kind.JOINT_FAMILY and not self.family_enrollment_date:
            errors["family_enrollment_date"] = ValidationError(
                _("Enter the enrollment date of the other family member."), code=CarqueueErrorCode.FAMILY_ENROLLMENT_DATE_REQUIRED.value)
        if errors:
            raise ValidationError(errors)


class CarApplicationDocument(models.Model):
    """One line of the item-34 checklist: a code of ``required_documents(facts)``."""

    application = models.ForeignKey(CarApplication, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(max_length=48)
    presented = models.BooleanField(default=False)
    note = models.CharField(max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="carapp_document_once")]


class CarApplicationEvent(models.Model):
    """Who moved the application from which status to which, when and why."""

    application = models.ForeignKey(CarApplication, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    #: The role the actor acted in (district_officer / regional_officer / person).
    role = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    journal_entry = models.ForeignKey("JournalEntry", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]


class ApplicationDeadline(models.Model):
    """A deadline of the procedure, with the rule it comes from (CQ-FLOW-1/2/5)."""

    class Code(models.TextChoices):
        REFERRALS = "referrals", _("referrals to the health facility and the assessment body")
        FORM_088 = "form_088", _("health facility sends form 088/o and notifies the office")
        MONTHLY_REGISTRATION = "monthly_registration", _("registration in the regional journal")

    RULE_IDS = {"referrals": "CQ-FLOW-1", "form_088": "CQ-FLOW-2", "monthly_registration": "CQ-FLOW-5"}

    application = models.ForeignKey(CarApplication, on_delete=models.CASCADE, related_name="deadlines")
    code = models.CharField(max_length=24, choices=Code.choices)
    rule_id = models.CharField(max_length=16)
    #: The organization responsible (the office, or the regional department for CQ-FLOW-5).
    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["application", "code"], name="carapp_deadline_once")]

    def status(self, today: date | None = None) -> str:
        from .rules import deadline_status

        return deadline_status(self.due_on, self.done_on, today or timezone.localdate())


class Journal(models.Model):
    """The journal of one organization (an office or a regional department) and its
    counter row: ``append`` locks it (select_for_update) to take the next number."""

    organization = models.OneToOneField("organizations.Organization", on_delete=models.PROTECT, related_name="journal")
    last_number = models.PositiveIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.organization.code


class JournalEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalIsAppendOnly("journal entries are never changed")

    def delete(self):
        raise JournalIsAppendOnly("journal entries are never deleted")


class JournalIsAppendOnly(Exception):
    pass


class JournalEntry(models.Model):
    """One line of the journal of applications (журнал обліку заяв). Append-only and
    chained: ``entry_hash`` = HMAC-SHA-256 (key ``key_id``) of the canonical JSON of the entry
    with the previous entry's hash. Written only by ``cbi.carqueue.journal.append``."""

    class Kind(models.TextChoices):
        APPLICATION_REGISTERED = workflow.J_REGISTERED, _("application registered")
        REFERRALS_ISSUED = workflow.J_REFERRALS, _("referrals issued")
        NOTICE_RECEIVED = workflow.J_NOTICE, _("health facility's notice received")
        SENT_TO_REGION = workflow.J_SENT, _("sent to the regional department")
        REGISTERED_AT_REGION = workflow.J_REGION, _("registered at the regional department")
        DECISION = workflow.J_DECISION, _("decision")
        WITHDRAWAL = workflow.J_WITHDRAWAL, _("withdrawal")
        CAR_PROVIDED = workflow.J_CAR_PROVIDED, _("car provided")
        REOPENED = workflow.J_REOPENED, _("refusal cancelled on a complaint")

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=24, choices=Kind.choices)
    application = models.ForeignKey(CarApplication, on_delete=models.PROTECT, related_name="journal_entries")
    payload = models.JSONField(default=dict)
    recorded_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # The journal key the entry's MAC was made with ("" = written before keys: plain SHA-256).
    key_id = models.CharField(max_length=40, blank=True, default="")

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        ordering = ["journal", "number"]
        constraints = [models.UniqueConstraint(fields=["journal", "number"], name="journal_number_once")]

    def __str__(self) -> str:
        return f"{self.journal_id}/{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise JournalIsAppendOnly("journal entries are never changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalIsAppendOnly("journal entries are never deleted")


# --- The queue (CQ-CAT-1, CQ-DATE-*, CQ-RM-*, CQ-CAT-3) ------------------------------


class QueueCategory(models.TextChoices):
    FIRST_PRIORITY = "first_priority", _("first-priority")
    OUT_OF_TURN = "out_of_turn", _("out-of-turn")
    GENERAL = "general", _("general queue")


class QueueEntry(models.Model):
    """A person's (or a family's) place in the car queue of one region.

    The number is the place in its category in its region, ordered by
    enrollment date and then by the number in the regional journal (CQ-CAT-1).
    It is computed by the numbering service, never typed in; every change of
    the number is kept in QueueNumberChange."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("in the queue")
        REMOVED = "removed", _("removed from the queue")
        PROVIDED = "provided", _("provided with a car")

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="queue_entries",
                               verbose_name=_("person"))
    region = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="queue_entries",
                               verbose_name=_("regional department"),
                               limit_choices_to={"kind": "regional_department"})
    category = models.CharField(_("queue category"), max_length=20, choices=QueueCategory.choices)
    enrollment_date = models.DateField(_("enrollment date"))
    # The number of the application in the regional journal: the tie-breaker.
    journal_number = models.PositiveIntegerField(_("number in the regional journal"))
    application = models.ForeignKey(CarApplication, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="queue_entries")
    # Entries of a family enrolled together on a joint application (CQ-DATE-3) share a key.
    family_key = models.UUIDField(null=True, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    number = models.PositiveIntegerField(_("number in the queue"), null=True, blank=True)
    numbered_at = models.DateTimeField(null=True, blank=True)
    # The rules that set the category and the enrollment date: [{rule_id, citation, reason_uk, reason_en}].
    reasons = models.JSONField(default=list, blank=True)
    # Open flags such as re-assessment after a change of group (CQ-RM-5): [{code, rule_id, since, note}].
    flags = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["number", "numbered_at"])

    class Meta:
        verbose_name = _("queue entry")
        verbose_name_plural = _("queue entries")
        indexes = [
            models.Index(fields=["region", "category", "status", "enrollment_date", "journal_number"],
                         name="queue_order"),
            models.Index(fields=["person", "status"], name="queue_person"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person", "region"], condition=models.Q(status="active"),
                                    name="one_active_entry_per_person_and_region"),
            models.UniqueConstraint(fields=["region", "journal_number"], name="queue_journal_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} № {self.number or '—'}"


class QueueNumberChange(models.Model):
    """How a person's number changed over time (EC-APP-9)."""

    entry = models.ForeignKey(QueueEntry, on_delete=models.CASCADE, related_name="number_changes")
    old_number = models.PositiveIntegerField(null=True, blank=True)
    new_number = models.PositiveIntegerField(null=True, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)
    cause = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at", "-id"]


class QueueDecision(models.Model):
    """A written decision about an entry: enrollment, removal, restoration,
    a flag, or a removal proposed by the system that an officer must confirm.
    Never deleted; the entry keeps its trail (CQ-RM-*)."""

    class Kind(models.TextChoices):
        ENROLLMENT = "enrollment", _("enrollment")
        REMOVAL = "removal", _("removal from the queue")
        RESTORATION = "restoration", _("restoration in the queue")
        FLAG = "flag", _("flag")
        FLAG_CLEARED = "flag_cleared", _("flag cleared")
        CAR_PROVIDED = "car_provided", _("car provided")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        CONFIRMED = "confirmed", _("confirmed")
        DISMISSED = "dismissed", _("dismissed")

    entry = models.ForeignKey(QueueEntry, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    rule_id = models.CharField(max_length=16)
    citation = models.CharField(max_length=300)
    reason_uk = models.TextField()
    reason_en = models.TextField(blank=True)
    effective_on = models.DateField()
    # For a warning before a 6-month deadline (CQ-RM-2, CQ-RM-3).
    deadline_on = models.DateField(null=True, blank=True)
    proposed_by_system = models.BooleanField(default=False)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_at", "-id"]


class CarBatch(models.Model):
    """Cars that arrived for a region, shared out between the categories (CQ-CAT-3)."""

    region = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="car_batches")
    arrived_on = models.DateField(_("arrived on"))
    cars = models.PositiveIntegerField(_("number of cars"))
    # The quotas and counts used, as computed by rules.allocate_batch.
    allocation = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()


class CarOffer(models.Model):
    """A car of a batch offered to the top of a category's queue, or a
    humanitarian car issued to a named enrolled person (item 41)."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    batch = models.ForeignKey(CarBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="offers")
    entry = models.ForeignKey(QueueEntry, on_delete=models.PROTECT, related_name="offers")
    category = models.CharField(max_length=20, choices=QueueCategory.choices)
    humanitarian = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    offered_on = models.DateField()
    answered_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
