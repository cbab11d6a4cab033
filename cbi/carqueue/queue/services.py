"""The car queue itself: enrollment of a decided application and the numbering (CQ-CAT-1).

* ``enroll`` — called by the decision step (``intake.services.decide``) when the rules decide
  "enrolled": creates the QueueEntry (category and enrollment date as the rules decided them,
  with the rules that set them), the enrollment QueueDecision, then renumbers the region's
  category.
* ``renumber`` — numbers 1..n over the ACTIVE entries of one region and category, ordered by
  (enrollment date, number in the regional journal), computed by the database in one
  window-function UPDATE; every change of a number is written to QueueNumberChange in one
  INSERT … SELECT. Entries that left the queue (removed, provided with a car) lose their number,
  and that change is recorded too.
* ``renumber_all`` — every region and category (command ``carqueue_renumber``).

Concurrency: on PostgreSQL every writer of a region+category first takes a transaction-scoped
advisory lock keyed by (region, category), so two enrollments or renumberings of the same
queue never interleave; on SQLite the database's single write lock serialises them (we take it
before reading). See docs/carqueue-queue.md.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..error_codes import CarqueueErrorCode
from ..models import CarApplication, QueueCategory, QueueDecision, QueueEntry, QueueNumberChange
from .selectors import CAUSE_ENROLLMENT, CAUSE_RECOUNT


CATEGORY_CODES: tuple[str, ...] = tuple(QueueCategory.values)

#: The rules whose results are kept on the entry as "why this category and this date".
CATEGORY_RULE_ID = "CQ-CAT-2"
DATE_RULE_PREFIX = "CQ-DATE-"
KIND_DATE_RULE_IDS = frozenset({"CQ-DATE-3", "CQ-DATE-4", "CQ-DATE-5", "CQ-DATE-6", "CQ-DATE-7"})

# Namespace of our advisory locks (bits 48..62), so they cannot collide with other users of
# single-key advisory locks.
_LOCK_NAMESPACE = 0x5155 << 48


def _region_id(region) -> int:
    return region if isinstance(region, int) else region.pk


def _lock_key(region_id: int, category: str) -> int:
    return _LOCK_NAMESPACE | (region_id << 4) | CATEGORY_CODES.index(category)


def lock_queue(region, category: str) -> None:
    """Serialise the writers of one region+category until the current transaction ends.

    PostgreSQL: ``pg_advisory_xact_lock`` (re-entrant in the same transaction). SQLite: an
    empty write takes the database's write lock before anything is read."""
    if category not in CATEGORY_CODES:
        raise ValueError(f"unknown queue category {category!r}")
    if not connection.in_atomic_block:
        raise RuntimeError("lock_queue must be called inside a transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(_region_id(region), category)])
        else:
            cursor.execute(f"UPDATE {QueueEntry._meta.db_table} SET number = number WHERE 1 = 0")


# --- numbering -------------------------------------------------------------------------------

_ENTRY = QueueEntry._meta.db_table
_CHANGE = QueueNumberChange._meta.db_table

def _number(*, cause: str, region_id: int | None = None, category: str | None = None) -> int:
    """THE numbering, in the database: for one region+category, or (both None) for every
    region and category at once. Four statements, each one pass:

    1. record ``n → —`` for entries that left the queue but still hold a number, 2. clear it;
    3. record ``old → new`` for every active entry whose place changed (INSERT … SELECT over
    ``ROW_NUMBER() OVER (PARTITION BY region, category ORDER BY enrollment date, journal
    number)``), 4. apply it (UPDATE … FROM the same window). Only changed rows are written.
    The caller holds the queue lock(s). Returns how many numbers changed."""
    now = timezone.now()
    one = region_id is not None
    group = "region_id = %s AND category = %s AND " if one else ""
    outer = f"{_ENTRY}.region_id = %s AND {_ENTRY}.category = %s AND " if one else ""
    key = [region_id, category] if one else []
    # ``id`` breaks ties that cannot happen (journal numbers are unique per region) but keeps
    # the order total.
    ranked = (f"SELECT id, number, ROW_NUMBER() OVER (PARTITION BY region_id, category "
              f"ORDER BY enrollment_date, journal_number, id) AS rn "
              f"FROM {_ENTRY} WHERE {group}status = 'active'")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_CHANGE} (entry_id, old_number, new_number, changed_at, cause) "
            f"SELECT id, number, NULL, %s, %s FROM {_ENTRY} WHERE {group}status <> 'active' AND number IS NOT NULL",
            [now, cause, *key])
        cursor.execute(f"UPDATE {_ENTRY} SET number = NULL, numbered_at = %s "
                       f"WHERE {group}status <> 'active' AND number IS NOT NULL", [now, *key])
        cleared = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {_CHANGE} (entry_id, old_number, new_number, changed_at, cause) "
            f"SELECT r.id, r.number, r.rn, %s, %s FROM ({ranked}) AS r WHERE r.number IS NULL OR r.number <> r.rn",
            [now, cause, *key])
        # The outer table is filtered by the same group, so only the group's rows are read
        # (through the ``queue_order`` index) on both sides of the join.
        cursor.execute(
            f"UPDATE {_ENTRY} SET number = r.rn, numbered_at = %s FROM ({ranked}) AS r "
            f"WHERE {_ENTRY}.id = r.id AND {outer}{_ENTRY}.status = 'active' "
            f"AND ({_ENTRY}.number IS NULL OR {_ENTRY}.number <> r.rn)",
            [now, *key, *key])
        changed = cursor.rowcount
    return cleared + changed


@transaction.atomic
def renumber(region, category: str, *, cause: str) -> int:
    """Number the active entries of ``region`` + ``category`` 1..n by (enrollment date,
    regional journal number), in the database, and record every number that changed
    (old → new, ``cause``). Returns how many numbers changed."""
    region_id = _region_id(region)
    lock_queue(region_id, category)
    return _number(cause=(cause or CAUSE_RECOUNT)[:200], region_id=region_id, category=category)


@transaction.atomic
def renumber_all(*, cause: str = CAUSE_RECOUNT) -> int:
    """Renumber every region and category in one pass over the table (the same SQL without
    the group filter). Takes the lock of every region+category first, in a fixed order (no
    deadlock with ``renumber``/``enroll``, which take one), so enrollments wait for the
    recount — seconds even for a million entries (docs/performance.md). Returns the changes."""
    groups = sorted(set(QueueEntry.objects.order_by().values_list("region_id", "category").distinct()))
    for region_id, category in groups:
        lock_queue(region_id, category)
    return _number(cause=(cause or CAUSE_RECOUNT)[:200])


# --- enrollment ------------------------------------------------------------------------------


def _reason(rule: dict[str, Any]) -> dict[str, str]:
    return {key: rule.get(key, "") for key in ("rule_id", "citation", "reason_uk", "reason_en")}


def decision_reasons(decision: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(the category rule, the date rule) of an engine decision (JSON): CQ-CAT-2 and the
    CQ-DATE-* rule that gave the enrollment date."""
    rules = decision.get("applied_rules", [])
    category = next((r for r in rules if r.get("rule_id") == CATEGORY_RULE_ID), None)
    dated = [r for r in rules if str(r.get("rule_id", "")).startswith(DATE_RULE_PREFIX)
             and r.get("outcome") in ("applied", "flagged") and (r.get("data") or {}).get("enrollment_date")]
    decided = str(decision.get("enrollment_date") or "")
    same_date = [r for r in dated if str(r["data"]["enrollment_date"]) == decided] or dated
    # CQ-DATE-1/2/8 give the person's own base date; for a joint, separate, replacement,
    # family-change or re-establishment application, the rule of that kind (CQ-DATE-3..7)
    # is the one that set the enrollment date.
    by_kind = [r for r in same_date if r["rule_id"] in KIND_DATE_RULE_IDS]
    chosen = (by_kind or same_date or [None])[0]
    return category, chosen


def _flags(rules: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    return [{"code": r["flag_code"], "rule_id": r["rule_id"], "since": on.isoformat(), "note": r.get("reason_uk", "")}
            for r in rules if r and r.get("flag_code")]


@transaction.atomic
def enroll(*, application: CarApplication, actor) -> QueueEntry:
    """Put an application decided "enrolled" into its region's queue.

    The entry takes the category and the enrollment date the rules decided (CQ-CAT-2,
    CQ-DATE-1..8 — families, replacement, family change and re-establishment are already in
    the decision's date), the regional journal number as the tie-breaker, and the reasons
    (rule id, citation, reason in Ukrainian and English). A joint family application
    (CQ-DATE-3) is one entry with a family key. Then the enrollment decision is written and
    the category renumbered. Calling it again for the same application returns the entry."""
    application = CarApplication.objects.select_related("office__parent", "person").get(pk=application.pk)
    if application.status != CarApplication.Status.ENROLLED:
        raise ValidationError(_("Only an application decided “enrolled” is put in the queue."),
                              code=CarqueueErrorCode.NOT_ENROLLED.value)
    existing = QueueEntry.objects.filter(application=application).first()
    if existing is not None:
        return existing
    region = application.office.parent
    category_code = application.category
    if category_code not in CATEGORY_CODES or application.enrollment_date is None:
        raise ValidationError(_("The decision has no queue category or enrollment date: decide the application "
                                "again."), code=CarqueueErrorCode.NO_CATEGORY_OR_DATE.value)
    if application.region_number is None:
        raise ValidationError(_("The application has no number in the regional journal: register it at the "
                                "regional department first."), code=CarqueueErrorCode.NO_REGIONAL_NUMBER.value)
    lock_queue(region, category_code)
    if QueueEntry.objects.filter(person=application.person, region=region, status=QueueEntry.Status.ACTIVE).exists():
        raise ValidationError(_("The person is already in this region's car queue. Remove the current entry before "
                                "enrolling them again."), code=CarqueueErrorCode.ALREADY_ENROLLED.value)
    decision = application.decision or {}
    category_rule, date_rule = decision_reasons(decision)
    reasons = [_reason(r) for r in (category_rule, date_rule) if r is not None]
    joint = application.kind == CarApplication.Kind.JOINT_FAMILY
    entry = QueueEntry(
        person=application.person, region=region, category=category_code,
        enrollment_date=application.enrollment_date, journal_number=application.region_number,
        application=application,
        # CQ-DATE-3: the family enrolled on one joint application is one entry; its key
        # is the joint application's id, so every record of the family can point at it.
        family_key=application.pk if joint else None,
        reasons=reasons,
        flags=_flags([category_rule, date_rule], application.decision_sent_on or timezone.localdate()),
    )
    entry.full_clean()
    entry._history_user = actor
    entry.save()
    date_rule_id = date_rule["rule_id"] if date_rule else "CQ-CAT-1"
    decision_row = QueueDecision(
        entry=entry, kind=QueueDecision.Kind.ENROLLMENT, status=QueueDecision.Status.CONFIRMED,
        rule_id=date_rule_id, citation=(date_rule or {}).get("citation", "")[:300] or date_rule_id,
        reason_uk=(date_rule or {}).get("reason_uk", "") or "Взято на облік.",
        reason_en=(date_rule or {}).get("reason_en", ""),
        effective_on=application.enrollment_date, decided_by=actor,
        note=f"family_key={entry.family_key}" if entry.family_key else "",
    )
    decision_row.full_clean()
    decision_row._history_user = actor
    decision_row.save()
    renumber(region, category_code, cause=CAUSE_ENROLLMENT)
    entry.refresh_from_db(fields=["number", "numbered_at"])
    return entry
