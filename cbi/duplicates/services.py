"""Suspected duplicates: the scan, the officer's decision, the merge and its reversal
(issue #14 §3; docs/duplicates.md).

- ``scan`` compares the persons in a scope born on the same day (or with day and month swapped)
  with the import's rule (``cbi.duplicates.matching.compare`` — the one home of the matching rule)
  and records each new pair once;
- ``dismiss`` keeps "not a duplicate" with the officer's reason (a new scan does not raise it
  again);
- ``merge`` moves every record of ``relations.MOVED`` from the merged person to the survivor,
  each save kept in its history, and marks the merged person as merged into the survivor (a
  ``Merge``; never deleted);
- ``reverse_merge`` (administrators) moves back exactly the records the merge moved.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cbi.accounts.roles import Capability, has_capability
from cbi.audit.models import AccessEvent
from cbi.audit.services import record_read
from cbi.duplicates import matching
from cbi.registry.models import Organization, Person
from cbi.organizations.scope import scope_of_organization
from cbi.registry.selectors import persons_visible_to
from cbi.web import jobs

from .error_codes import DuplicatesErrorCode
from .models import DuplicatePair, Merge
from .relations import KEEP_ON_CONFLICT, MOVED

logger = logging.getLogger(__name__)

SCAN_JOB = "duplicates.scan"


# --- The scan ----------------------------------------------------------------------------------

def _named(person) -> matching.Named:
    return matching.Named(person["surname"], person["given_name"], person["patronymic"],
                          person["date_of_birth"], person["sex"])


def scan(*, organization: Organization | None = None) -> int:
    """Record the suspected duplicate pairs among the persons in ``organization``'s scope (None:
    the whole registry). Returns the number of new pairs; a pair found before (open, dismissed or
    merged) is left as it is, and a person merged into another is not compared."""
    persons = Person.objects.all()
    if organization is not None:
        q = scope_of_organization(organization).q(office_field="office")
        persons = persons.filter(q) if q is not None else persons.none()
    merged = Merge.objects.filter(reversed_at__isnull=True).values("merged_id")
    rows = list(persons.exclude(pk__in=merged).values(
        "id", "surname", "given_name", "patronymic", "date_of_birth", "sex").order_by("date_of_birth", "id"))
    by_day = defaultdict(list)
    for row in rows:
        by_day[row["date_of_birth"]].append(row)
    found: dict[tuple, matching.Suspicion] = {}
    for row in rows:
        named = _named(row)
        for day in {row["date_of_birth"], matching.swapped(row["date_of_birth"])}:
            for other in by_day.get(day, ()):
                if other["id"] == row["id"]:
                    continue
                key = tuple(sorted((row["id"], other["id"]), key=str))
                if key in found:
                    continue
                suspicion = matching.compare(named, _named(other))
                if suspicion:
                    found[key] = suspicion
    return _record_pairs(found)


@transaction.atomic
def _record_pairs(found: dict) -> int:
    if not found:
        return 0
    ids = {pk for key in found for pk in key}
    known = set(DuplicatePair.objects.filter(person_a__in=ids, person_b__in=ids).values_list("person_a", "person_b"))
    new = [DuplicatePair(person_a_id=a, person_b_id=b, score=s.score, dates_swapped=s.dates_swapped)
           for (a, b), s in found.items() if (a, b) not in known]
    DuplicatePair.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    logger.info("duplicates scan: %d new pairs", len(new))
    return len(new)


def record_suspected_pair(*, person: Person, suspect: Person, score: float, dates_swapped: bool,
                          source: str = DuplicatePair.Source.IMPORT) -> DuplicatePair:
    """Put ``person`` beside ``suspect`` in the duplicates work list (an imported row that looks
    like a person already kept). The pair is recorded once, whichever way round; a pair decided
    before stays as it was decided."""
    a, b = sorted((person, suspect), key=lambda p: str(p.pk))
    pair, _created = DuplicatePair.objects.get_or_create(
        person_a=a, person_b=b, defaults={"score": score, "dates_swapped": dates_swapped, "source": source})
    return pair


def enqueue_scan(*, actor) -> None:
    """Start a background scan of the actor's scope (after the request's transaction commits)."""
    if not has_capability(actor, Capability.MERGE_DUPLICATES):
        raise PermissionDenied
    task = jobs.get(SCAN_JOB)
    organization_id = actor.staff_profile.organization_id
    transaction.on_commit(lambda: task.enqueue(organization_id))


# --- The officer's decision --------------------------------------------------------------------

def _pair_for(actor, pair_id, *, capability: Capability) -> DuplicatePair:
    """The pair, locked, when the actor may decide on it; the same error for missing and out of scope."""
    if not has_capability(actor, capability):
        raise PermissionDenied
    visible = persons_visible_to(actor)
    pair = (DuplicatePair.objects.select_for_update().filter(person_a__in=visible, person_b__in=visible)
            .filter(pk=pair_id).first())
    if pair is None:
        raise PermissionDenied
    return pair


def _open(pair: DuplicatePair) -> None:
    if pair.status != DuplicatePair.Status.OPEN:
        raise ValidationError(_("This pair has already been decided: %(status)s.") % {
            "status": pair.get_status_display()}, code=DuplicatesErrorCode.PAIR_DECIDED.value)


@transaction.atomic
def dismiss(*, actor, pair_id, reason: str) -> DuplicatePair:
    """Not a duplicate: kept with the officer's reason."""
    pair = _pair_for(actor, pair_id, capability=Capability.MERGE_DUPLICATES)
    _open(pair)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(
            _("Say why these are two different persons (for example, twins, or different taxpayer numbers)."),
            code=DuplicatesErrorCode.REASON_REQUIRED.value)})
    pair.status = DuplicatePair.Status.NOT_DUPLICATE
    pair.reason = reason
    pair.decided_by = actor
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    return pair


# --- The merge ---------------------------------------------------------------------------------

#: The history's change reason is a 100-character column (django-simple-history). The history
#: line carries the start of the reason; the ``Merge`` record keeps in full who was merged into
#: whom and why a merge was reversed.
HISTORY_REASON_LENGTH = 100


def _history_reason(text: str) -> str:
    return text if len(text) <= HISTORY_REASON_LENGTH else text[:HISTORY_REASON_LENGTH - 1] + "…"


def _save_person_link(obj, *, person: Person, actor, reason: str) -> None:
    obj.person = person
    obj._history_user = actor
    obj._change_reason = _history_reason(reason)
    obj.save(update_fields=["person"])


def _verbose(label: str) -> str:
    return str(apps.get_model(label)._meta.verbose_name)


@transaction.atomic
def merge(*, actor, pair_id, survivor_id) -> Merge:
    """Join the pair's other person into ``survivor_id``: every record of ``relations.MOVED``
    moves (each save in the record's history), the merged person is marked merged (a ``Merge``),
    both persons' histories say so, and the reads are in the access log."""
    pair = _pair_for(actor, pair_id, capability=Capability.MERGE_DUPLICATES)
    _open(pair)
    if str(survivor_id) not in (str(pair.person_a_id), str(pair.person_b_id)):
        raise ValidationError(_("Choose one of the two records to keep."),
                              code=DuplicatesErrorCode.SURVIVOR_NOT_IN_PAIR.value)
    survivor, merged = ((pair.person_a, pair.person_b) if str(survivor_id) == str(pair.person_a_id)
                        else (pair.person_b, pair.person_a))
    with translation.override("uk"):
        reason = _("Merged duplicate: %(merged)s into %(survivor)s") % {
            "merged": merged.full_name, "survivor": survivor.full_name}
    moved = []
    for label in MOVED:
        model = apps.get_model(label)
        for obj in model.objects.select_for_update().filter(person=merged).order_by("pk"):
            obj.person = survivor
            try:
                obj.validate_unique()
                obj.validate_constraints()
            except ValidationError:
                if label in KEEP_ON_CONFLICT:
                    obj.person = merged
                    continue
                if label == "accounts.CabinetAccount":
                    raise ValidationError(_(
                        "Both persons have an electronic cabinet. Ask the person which account to keep and "
                        "close the other one before merging."),
                        code=DuplicatesErrorCode.BOTH_HAVE_CABINETS.value) from None
                raise ValidationError(_(
                    "The records cannot be merged: %(what)s of the two persons conflict. Resolve it in the "
                    "records first.") % {"what": _verbose(label)},
                    code=DuplicatesErrorCode.MERGE_CONFLICT.value) from None
            _save_person_link(obj, person=survivor, actor=actor, reason=reason)
            moved.append({"model": label, "pk": str(obj.pk)})
    result = Merge.objects.create(pair=pair, survivor=survivor, merged=merged, merged_by=actor, moved=moved)
    pair.status = DuplicatePair.Status.MERGED
    pair.decided_by = actor
    pair.decided_at = timezone.now()
    pair.save(update_fields=["status", "decided_by", "decided_at"])
    for person in (merged, survivor):
        person._history_user = actor
        person._change_reason = _history_reason(reason)
        person.save(update_fields=["updated_at"])
        record_read(event_type=AccessEvent.EventType.PERSON_EDIT, obj=person, user=actor)
    logger.info("duplicates: merge %s, %d records moved", result.pk, len(moved))
    return result


@transaction.atomic
def reverse_merge(*, actor, merge_id, reason: str) -> Merge:
    """Move back exactly the records the merge moved (a record the survivor got later stays with
    the survivor); the merged person is a person of their own again and the pair is open."""
    if not has_capability(actor, Capability.REVERSE_MERGE):
        raise PermissionDenied
    visible = persons_visible_to(actor)
    found = (Merge.objects.select_for_update().filter(survivor__in=visible, merged__in=visible)
             .filter(pk=merge_id).select_related("survivor", "merged", "pair").first())
    if found is None:
        raise PermissionDenied
    if found.reversed_at is not None:
        raise ValidationError(_("This merge has already been reversed."),
                              code=DuplicatesErrorCode.ALREADY_REVERSED.value)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(_("Say why the merge is reversed."),
                                                         code=DuplicatesErrorCode.REVERSAL_REASON_REQUIRED.value)})
    with translation.override("uk"):
        history_reason = _("Merge reversed: %(merged)s separated from %(survivor)s. %(reason)s") % {
            "merged": found.merged.full_name, "survivor": found.survivor.full_name, "reason": reason}
    by_model = defaultdict(list)
    for item in found.moved:
        by_model[item["model"]].append(item["pk"])
    for label, pks in by_model.items():
        model = apps.get_model(label)
        for obj in model.objects.select_for_update().filter(pk__in=pks, person=found.survivor):
            _save_person_link(obj, person=found.merged, actor=actor, reason=history_reason)
    found.reversed_by = actor
    found.reversed_at = timezone.now()
    found.reversal_reason = reason
    found.save(update_fields=["reversed_by", "reversed_at", "reversal_reason"])
    pair = found.pair
    pair.status = DuplicatePair.Status.OPEN
    pair.save(update_fields=["status"])
    for person in (found.merged, found.survivor):
        person._history_user = actor
        person._change_reason = _history_reason(history_reason)
        person.save(update_fields=["updated_at"])
        record_read(event_type=AccessEvent.EventType.PERSON_EDIT, obj=person, user=actor)
    return found
