"""Every write of the integrations app: vehicle register checks (CQ-ELIG-5).

`request_check` stores a pending check and enqueues `tasks.run_vehicle_check`; the task
calls `run_check`, which asks the register (through the adapter chosen by the settings)
about the person and, for a child or a legally incapable person, their legal
representative (CQ-ELIG-4), and stores the answer as new rows. When the register is down
the check waits in `register_unavailable` with the time of the next attempt and the task
is enqueued again for that time, up to VEHICLE_CHECK_MAX_ATTEMPTS attempts.

Log records name the check's id, never a РНОКПП, a name or a date of birth.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from cbi.accounts.roles import Capability, has_capability
from cbi.audit.models import AccessEvent
from cbi.audit.services import record_read
from cbi.carqueue.rules.dates import add_years
from cbi.carqueue.rules.terms import LOOKBACK_YEARS
from cbi.common.updates import save_with_history
from cbi.registry.models import Person, Representative
from cbi.web import jobs

from .error_codes import IntegrationsErrorCode
from .models import PERIOD_REVERSED, RegisteredVehicle, VehicleRegisterCheck
from .vehicle_register import (
    RegisterAnswer,
    RegisterRejected,
    RegisterUnavailable,
    VehicleQuery,
    VehicleRegisterClient,
    Whose,
    get_client,
    setting,
)

logger = logging.getLogger("cbi.integrations.vehicle_register")

Status = VehicleRegisterCheck.Status

#: A pending check not attempted for this long is considered lost (a worker died) and is
#: enqueued again by `retry_waiting_checks`.
STALE_PENDING_AFTER = timedelta(hours=1)
#: The background job that asks the register for one check (``tasks.run_vehicle_check``).
RUN_CHECK = "integrations.run_vehicle_check"


def lookback_start(on: date) -> date:
    """The first day of the 7-year look-back before `on` (CQ-ELIG-3)."""
    return add_years(on, -LOOKBACK_YEARS)


# --- requesting ------------------------------------------------------------------------


@transaction.atomic
def request_check(*, person: Person, actor, period_from: date, period_to: date,
                  trigger: str | None = None) -> VehicleRegisterCheck:
    """Store a pending check of `person` for [period_from, period_to] and enqueue it.

    `actor` is the officer who asks (they must be able to edit the person's record and see
    it in their scope), or None when the system asks (periodic re-check).
    """
    if actor is not None:
        from cbi.registry.selectors import persons_visible_to

        if not has_capability(actor, Capability.EDIT_PERSON):
            raise PermissionDenied
        if not persons_visible_to(actor).filter(pk=person.pk).exists():
            raise PermissionDenied
    today = timezone.localdate()
    if period_from > period_to:
        raise ValidationError({"period_to": ValidationError(PERIOD_REVERSED, code=IntegrationsErrorCode.PERIOD_REVERSED.value)})
    if period_to > today:
        raise ValidationError({"period_to": ValidationError(
            _("The period cannot end in the future: the register knows only the past."),
            code=IntegrationsErrorCode.PERIOD_IN_FUTURE.value)})
    check = VehicleRegisterCheck(
        person=person,
        requested_by=actor,
        trigger=trigger or (VehicleRegisterCheck.Trigger.OFFICER if actor else VehicleRegisterCheck.Trigger.SYSTEM),
        requested_at=timezone.now(),
        period_from=period_from,
        period_to=period_to,
        status=Status.PENDING,
    )
    save_with_history(instance=check, user=actor)
    logger.info("vehicle check %s requested trigger=%s", check.pk, check.trigger)
    _enqueue(check)
    # An immediate backend (tests, development) has already run the check.
    check.refresh_from_db()
    return check


def _enqueue(check: VehicleRegisterCheck, *, run_after: datetime | None = None) -> bool:
    """Enqueue the task for `check`. Returns False when the backend cannot defer and a
    run_after was asked for: the check then waits for `retry_waiting_checks`."""
    task = jobs.get(RUN_CHECK)
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return False
        task = task.using(run_after=run_after)
    task.enqueue(str(check.pk))
    return True


# --- who is looked up ---------------------------------------------------------------------


def legal_representatives(person: Person, on: date) -> list[Representative]:
    """Legal representatives whose vehicles count (CQ-ELIG-4): for a child every parent,
    adoptive parent, guardian or custodian; for an adult the guardian (опікун) of a legally
    incapable person. A representative by power of attorney is not a legal representative;
    an authority that ended before `on` does not count."""
    child = person.age_on(on) < 18
    found = []
    for rep in person.representative_set.order_by("pk"):
        if rep.authority_document == Representative.AuthorityDocument.POWER_OF_ATTORNEY:
            continue
        if rep.authority_valid_until is not None and rep.authority_valid_until < on:
            continue
        if child or rep.kind == Representative.Kind.GUARDIAN:
            found.append(rep)
    return found


@dataclass(frozen=True)
class _Subject:
    record: dict[str, Any]  # what the check keeps (no personal data)
    query: VehicleQuery | None
    representative: Representative | None = None


def _subjects(check: VehicleRegisterCheck) -> list[_Subject]:
    person = check.person
    common = {"period_from": check.period_from, "period_to": check.period_to, "request_id": str(check.pk)}
    subjects: list[_Subject] = []
    if person.rnokpp:
        query = VehicleQuery(whose=Whose.person, rnokpp=person.rnokpp, **common)
    else:  # refused a taxpayer number: by full name and date of birth
        query = VehicleQuery(whose=Whose.person, surname=person.surname, given_name=person.given_name,
                             patronymic=person.patronymic, date_of_birth=person.date_of_birth, **common)
    subjects.append(_Subject({"whose": "person", "by": query.by}, query))
    for rep in legal_representatives(person, check.period_to):
        record: dict[str, Any] = {"whose": "representative", "representative_id": rep.pk}
        if rep.rnokpp:
            rep_query = VehicleQuery(whose=Whose.representative, rnokpp=rep.rnokpp, **common)
        elif rep.date_of_birth:
            rep_query = VehicleQuery(whose=Whose.representative, surname=rep.surname, given_name=rep.given_name,
                                     patronymic=rep.patronymic, date_of_birth=rep.date_of_birth, **common)
        else:
            subjects.append(_Subject({**record, "by": None, "skipped": "no_identifier"}, None, rep))
            continue
        subjects.append(_Subject({**record, "by": rep_query.by}, rep_query, rep))
    return subjects


VEHICLE_CHECK_JOB = "vehicle_register_check"


# --- running -----------------------------------------------------------------------------


def _retry_delay(attempts: int, retry_after: float | None) -> timedelta:
    base = float(setting("VEHICLE_CHECK_RETRY_DELAY"))
    cap = float(setting("VEHICLE_CHECK_RETRY_MAX_DELAY"))
    seconds = min(base * 2 ** max(attempts - 1, 0), cap)
    if retry_after is not None:
        seconds = max(seconds, min(retry_after, cap))
    return timedelta(seconds=seconds)


def run_check(check_id, *, client: VehicleRegisterClient | None = None,
              now: datetime | None = None) -> VehicleRegisterCheck:
    """Ask the register for one check and store the outcome. Safe to run twice: a check
    that is already done or rejected is left as it is."""
    now = now or timezone.now()
    with transaction.atomic():
        check = VehicleRegisterCheck.objects.select_for_update().select_related("person").get(pk=check_id)
        if not check.is_open:
            return check
        if check.status == Status.REGISTER_UNAVAILABLE and check.next_attempt_at is None:
            return check  # gave up after the last attempt: a new check is needed
        check.attempts += 1
        check.last_attempt_at = now
        save_with_history(instance=check, user=None)
    try:
        subjects = _subjects(check)
        client = client or get_client()
        # The person's identifiers leave ЦБІ for the register: the person sees this read.
        record_read(job=VEHICLE_CHECK_JOB, event_type=AccessEvent.EventType.VEHICLE_REGISTER_CHECK, obj=check)
        answers: list[tuple[_Subject, RegisterAnswer]] = []
        for subject in subjects:
            if subject.query is not None:
                answers.append((subject, client.lookup(subject.query)))
    except RegisterRejected as exc:
        return _finish(check_id, now, status=Status.REJECTED, code=exc.code, message=exc.message)
    except RegisterUnavailable as exc:
        return _wait(check_id, now, code=exc.code, message=exc.message, retry_after=exc.retry_after)
    except Exception as exc:  # noqa: BLE001 - a bug or a bad setting must not lose the check
        # The class name only: an unexpected message could carry the request's data.
        logger.error("vehicle check %s failed unexpectedly: %s", check_id, type(exc).__name__)
        return _wait(check_id, now, code=IntegrationsErrorCode.ADAPTER_ERROR.value,
                     message=f"The adapter failed ({type(exc).__name__}); an administrator must look at it.")
    return _store(check_id, now, subjects, answers, source=client.source)


@transaction.atomic
def _store(check_id, now: datetime, subjects: list[_Subject], answers: list[tuple[_Subject, RegisterAnswer]],
           *, source: str) -> VehicleRegisterCheck:
    check = VehicleRegisterCheck.objects.select_for_update().get(pk=check_id)
    if not check.is_open:  # another worker stored it meanwhile
        return check
    count = 0
    for subject, answer in answers:
        for vehicle in answer.vehicles:
            row = RegisteredVehicle(
                register_check=check,
                whose=subject.query.whose.value if subject.query else Whose.person.value,
                representative=subject.representative,
                vin=vehicle.vin,
                registration_plate=vehicle.registration_plate,
                make=vehicle.make,
                model=vehicle.model,
                kind=vehicle.kind.value,
                year_of_manufacture=vehicle.year_of_manufacture,
                in_operation_since=vehicle.in_operation_since,
                first_registered_in_ukraine=vehicle.first_registered_in_ukraine,
                registered_on=vehicle.registered_on,
                deregistered_on=vehicle.deregistered_on,
                owner_relation=vehicle.owner_relation.value,
                acquired_how=vehicle.acquired_how.value if vehicle.acquired_how else "",
                fetched_at=now,
            )
            row.full_clean(exclude=["register_check"])
            row.save()
            count += 1
    check.status = Status.DONE
    check.completed_at = now
    check.source = source
    check.subjects = [s.record for s in subjects]
    check.register_reference = ", ".join(a.register_reference for _, a in answers if a.register_reference)[:255]
    check.next_attempt_at = None
    check.error_code = ""
    check.error_message = ""
    save_with_history(instance=check, user=None)
    logger.info("vehicle check %s done source=%s vehicles=%s attempts=%s", check.pk, source, count, check.attempts)
    return check


@transaction.atomic
def _finish(check_id, now: datetime, *, status: str, code: str, message: str) -> VehicleRegisterCheck:
    check = VehicleRegisterCheck.objects.select_for_update().get(pk=check_id)
    if not check.is_open:
        return check
    check.status = status
    check.completed_at = now
    check.next_attempt_at = None
    check.error_code = code[:40]
    check.error_message = message[:255]
    save_with_history(instance=check, user=None)
    logger.warning("vehicle check %s %s code=%s", check.pk, status, check.error_code)
    return check


def _wait(check_id, now: datetime, *, code: str, message: str,
          retry_after: float | None = None) -> VehicleRegisterCheck:
    """The register is down: keep the check, note when to try again, and enqueue that try."""
    with transaction.atomic():
        check = VehicleRegisterCheck.objects.select_for_update().get(pk=check_id)
        if not check.is_open:
            return check
        max_attempts = int(setting("VEHICLE_CHECK_MAX_ATTEMPTS"))
        check.status = Status.REGISTER_UNAVAILABLE
        check.error_code = code[:40]
        if check.attempts >= max_attempts:
            check.next_attempt_at = None
            check.error_message = (
                f"{message} Gave up after {check.attempts} attempts: request a new check when the "
                "register works again."
            )[:255]
        else:
            check.next_attempt_at = now + _retry_delay(check.attempts, retry_after)
            check.error_message = message[:255]
        save_with_history(instance=check, user=None)
    logger.warning("vehicle check %s waits code=%s attempt=%s/%s next=%s",
                   check.pk, check.error_code, check.attempts, max_attempts,
                   check.next_attempt_at.isoformat() if check.next_attempt_at else "none")
    if check.next_attempt_at is not None:
        _enqueue(check, run_after=check.next_attempt_at)
    return check


def retry_waiting_checks(*, now: datetime | None = None) -> int:
    """Enqueue every check whose next attempt is due, and every pending check that was
    lost (no attempt for an hour). A safety net for backends that cannot defer a task and
    for workers that died; run it from cron with `recheck_vehicle_register --retry-waiting`."""
    now = now or timezone.now()
    stale = now - STALE_PENDING_AFTER
    due = list(
        VehicleRegisterCheck.objects.filter(status=Status.REGISTER_UNAVAILABLE, next_attempt_at__lte=now)
        .values_list("pk", flat=True)
    )
    lost = list(
        VehicleRegisterCheck.objects.filter(status=Status.PENDING, requested_at__lte=stale)
        .exclude(last_attempt_at__gt=stale)
        .values_list("pk", flat=True)
    )
    task = jobs.get(RUN_CHECK)
    for pk in due + lost:
        task.enqueue(str(pk))
    if due or lost:
        logger.info("vehicle checks re-enqueued due=%s lost=%s", len(due), len(lost))
    return len(due) + len(lost)


# --- periodic re-check -------------------------------------------------------------------


def _items(person_ids: Iterable[Any]) -> Iterable[tuple[str, date | None]]:
    for item in person_ids:
        if isinstance(item, (tuple, list)):
            person_id, covers_from = item[0], (item[1] if len(item) > 1 else None)
            if isinstance(covers_from, date) and not isinstance(covers_from, datetime):
                covers_from = lookback_start(covers_from)
            else:
                covers_from = None
            yield str(person_id), covers_from
        else:
            yield str(item), None


def recheck(person_ids: Iterable[Any], *, on: date | None = None) -> list[VehicleRegisterCheck]:
    """Request a new check (by the system) for each person, for [7 years before `on`, `on`].

    An item may also be a pair (person_id, enrolled_on): the period then starts 7 years
    before the enrollment date, as CQ-ELIG-3/5 require for a person in the queue. A person
    who already has a check waiting is skipped (the waiting one will answer).
    """
    on = on or timezone.localdate()
    created = []
    for person_id, covers_from in _items(person_ids):
        try:
            person = Person.objects.filter(pk=person_id).first()
        except (ValidationError, ValueError):  # not a UUID
            person = None
        if person is None:
            logger.warning("vehicle re-check: no person with id %s", person_id)
            continue
        if person.vehicle_checks.filter(status__in=VehicleRegisterCheck.OPEN_STATUSES).exists():
            continue
        created.append(request_check(
            person=person, actor=None, period_from=covers_from or lookback_start(on), period_to=on,
            trigger=VehicleRegisterCheck.Trigger.PERIODIC,
        ))
    return created


def enrolled_person_ids() -> list[Any]:
    """The persons named by the VEHICLE_RECHECK_PERSONS setting (a dotted path to a callable
    returning Person ids, or (person_id, enrolled_on) pairs). Empty when it is not set."""
    path = setting("VEHICLE_RECHECK_PERSONS")
    if not path:
        return []
    source = import_string(path) if isinstance(path, str) else path
    return list(source())
