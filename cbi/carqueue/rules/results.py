"""What the engine returns: one `RuleResult` per rule, gathered into a `Decision`."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .citations import citation
from .enums import Category, Outcome, ShareKind

ENGINE_VERSION = "1"


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleResult(ResultModel):
    rule_id: str
    citation: str
    outcome: Outcome
    reason_uk: str
    reason_en: str
    #: Set when the result needs an officer's attention (outcome `flagged`, or a
    #: pending deadline); the code is stable for filtering work lists.
    flag_code: str | None = None
    data: dict[str, Any] = Field(default_factory=dict)


def result(
    rule_id: str,
    outcome: Outcome,
    reason_uk: str,
    reason_en: str,
    *,
    flag_code: str | None = None,
    **data: Any,
) -> RuleResult:
    """Build a RuleResult with the rule's citation."""
    return RuleResult(
        rule_id=rule_id,
        citation=citation(rule_id),
        outcome=outcome,
        reason_uk=reason_uk,
        reason_en=reason_en,
        flag_code=flag_code,
        data={key: value for key, value in data.items() if value is not None},
    )


class Flag(ResultModel):
    code: str
    rule_id: str
    message_uk: str
    message_en: str


class Share(ResultModel):
    kind: ShareKind
    paid_percent: int
    ground_code: str


class RemovalGround(ResultModel):
    rule_id: str
    #: The date from which the removal may be decided (None = at once).
    since: date | None = None
    reason_uk: str
    reason_en: str


class Deadline(ResultModel):
    rule_id: str
    code: str
    due_on: date
    warn_on: date | None = None
    #: pending / met / missed (done late) / overdue / untracked (no procedure data)
    status: str


class DocumentItem(ResultModel):
    code: str
    label_uk: str
    label_en: str
    mandatory: bool = True


class Decision(ResultModel):
    engine_version: str = ENGINE_VERSION
    evaluation_date: date
    eligible: bool
    category: Category | None
    enrollment_date: date | None
    share: Share | None
    #: Report groupings (CQ-CAT-2): "family", "child".
    report_tags: list[str] = Field(default_factory=list)
    needs_officer_review: bool
    flags: list[Flag] = Field(default_factory=list)
    #: For a person already enrolled: grounds on which removal is proposed.
    removal_grounds: list[RemovalGround] = Field(default_factory=list)
    deadlines: list[Deadline] = Field(default_factory=list)
    required_documents: list[DocumentItem] = Field(default_factory=list)
    missing_documents: list[str] = Field(default_factory=list)
    applied_rules: list[RuleResult]

    def rule(self, rule_id: str) -> RuleResult:
        for item in self.applied_rules:
            if item.rule_id == rule_id:
                return item
        raise KeyError(rule_id)


def decision_json_schema() -> dict[str, Any]:
    """JSON Schema of the Decision (serialization mode, as the API returns it)."""
    return Decision.model_json_schema(mode="serialization")
