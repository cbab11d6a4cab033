"""The one adapter from the database to the rules engine's facts document.

Every evaluation of a real person goes through ``facts_for``: the officer's application form
and its preview, the registration, the decision, the nightly sweep of the queue and the
allocation of a humanitarian car. (The evaluation API and the what-if form take a facts
document the caller writes; they never read the database.) What it reads:

- the registry: the person, the disability status in force, the assessments up to the
  evaluation date, the legal representative and the family members;
- what the officer recorded on the application (saved or not) and its presented documents;
- the disability's history: removals and re-establishments (CQ-DATE-7) for an application
  after re-establishment, and group changes after enrollment (CQ-RM-5) for a queue entry;
- the vehicles of the latest stored answer of the vehicle register (CQ-ELIG-5; the register
  is never contacted from here) and its coverage;
- for a queue entry: the entry itself, and a humanitarian car received for the person
  (item 41) when the caller passes one.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from cbi.registry.models import Address, Assessment, DisabilityStatus, FamilyMember, Person, Representative

from .models import CarApplication, QueueEntry
from .rules import Facts


class NoDisabilityStatus(Exception):
    """The registry holds no disability status of the person: nothing to build facts from."""


def facts_for(person: Person, application: CarApplication | None = None, *, entry: QueueEntry | None = None,
              on: date | None = None, documents_provided: list[str] | None = None,
              humanitarian_car: dict[str, Any] | None = None) -> Facts:
    """The engine's facts for ``person`` and ``application`` (saved or not) on day ``on``
    (today by default); with ``entry``, as an enrolled person (the entry's application, or
    one of the enrollment date when the entry has none). ``documents_provided`` overrides
    the stored checklist (registration). Raises ``NoDisabilityStatus``, or pydantic's
    ``ValidationError`` (a ``ValueError``) when the record cannot make a valid document."""
    on = on or timezone.localdate()
    if entry is not None and application is None:
        application = entry.application or CarApplication(person=person, received_on=entry.enrollment_date)
    if application is None:
        raise ValueError("an application or a queue entry is needed")
    document = _document(person, application, on=on, documents_provided=documents_provided)
    history = _reestablishment_history(person, application)
    if entry is not None:
        document["queue_entry"] = {"enrolled_on": entry.enrollment_date, "category": entry.category,
                                   "journal_number": entry.journal_number}
        if humanitarian_car is not None:
            document["queue_entry"]["humanitarian_car"] = humanitarian_car
        history += _group_changes(person, entry.enrollment_date, on)
    if history:
        document["disability"]["history"] = history
    vehicles, register = _vehicles(person, has_representative=document["representative"] is not None)
    document["vehicles"] = vehicles
    if register:
        document["vehicle_register"] = register
    return Facts.model_validate(document)


def _reestablishment_history(person: Person, application: CarApplication) -> list[dict]:
    """CQ-DATE-7 needs the disability's removal and re-establishment: for an application
    after re-establishment, the history of the person's disability statuses."""
    if application.kind != CarApplication.Kind.AFTER_REESTABLISHMENT:
        return []
    events: list[dict] = []
    ended_before = False
    for status in DisabilityStatus.objects.filter(person=person).order_by("established_on", "id"):
        events.append({"event": "reestablished" if ended_before else "established", "on": status.established_on,
                       "group": status.group})
        if status.ended_on is not None:
            events.append({"event": "removed", "on": status.ended_on})
            ended_before = True
    return events if ended_before else []


def _group_changes(person: Person, enrolled_on: date, on: date) -> list[dict]:
    """Disability group changes after enrollment, from the registry: a newer status with
    another group, or a status whose group was edited (its history)."""
    events: list[dict] = []
    statuses = list(DisabilityStatus.objects.filter(person=person).order_by("established_on", "id"))
    for previous, current in zip(statuses, statuses[1:]):
        if current.group != previous.group and enrolled_on < current.established_on <= on:
            events.append({"event": "group_changed", "on": current.established_on, "group": current.group})
    for status in statuses:
        rows = list(status.history.order_by("history_date", "history_id").values("group", "history_date"))
        for before, after in zip(rows, rows[1:]):
            changed_on = timezone.localtime(after["history_date"]).date()
            if after["group"] != before["group"] and enrolled_on < changed_on <= on:
                events.append({"event": "group_changed", "on": changed_on, "group": after["group"]})
    return events


def _vehicles(person: Person, *, has_representative: bool) -> tuple[list[dict], dict | None]:
    """The vehicles of the latest stored answer of the vehicle register (never asks it)."""
    from cbi.integrations.selectors import latest_completed_check, register_facts, vehicle_facts

    check = latest_completed_check(person)
    if check is None:
        return [], None
    vehicles = vehicle_facts(check)
    if not has_representative:
        vehicles = [v for v in vehicles if v["whose"] != "representative"]
    return vehicles, register_facts(check)


def _disability_status(person: Person, on: date) -> DisabilityStatus | None:
    statuses = list(DisabilityStatus.objects.filter(person=person).order_by("-established_on", "-id"))
    for status in statuses:
        if status.established_on <= on and status.ended_on is None:
            return status
    return statuses[0] if statuses else None


_REPRESENTATIVE_KINDS = {"parent": "parent", "adoptive_parent": "parent", "guardian": "guardian",
                         "custodian": "custodian", "other": "other"}
_RELATIONS = {"other": "other_relative"}


def _document(person: Person, application: CarApplication, *, on: date,
              documents_provided: list[str] | None) -> dict[str, Any]:
    """The document's registry and application parts (without history, entry or vehicles)."""
    status = _disability_status(person, on)
    if status is None:
        raise NoDisabilityStatus(str(person.pk))
    registered_on = application.received_on or on
    evaluation_date = max(on, registered_on)
    disability: dict = {
        "group": status.group, "subgroup_a": status.subgroup_a, "cause": status.cause,
        "term": "fixed" if status.valid_until else "indefinite", "valid_until": status.valid_until,
        "established_on": status.established_on, "removed_on": status.ended_on,
    }
    if status.cause == "chornobyl":
        disability["chornobyl"] = {
            "role": application.chornobyl_role or "victim",
            "category": application.chornobyl_category or 4,
            "causal_link": application.chornobyl_causal_link,
        }
    assessments = [
        {"kind": a.kind, "assessed_on": a.assessed_on, "conclusion_number": a.conclusion_number or None,
         "indications_for_car": a.indications_for_car, "hand_controls": a.hand_controls,
         "contraindications_to_driving": a.contraindications_to_driving}
        for a in Assessment.objects.filter(person=person, assessed_on__lte=evaluation_date).order_by("assessed_on")
    ]
    representative = Representative.objects.filter(person=person).order_by("id").first()
    family = [
        {"full_name": m.full_name, "relation": _RELATIONS.get(m.relation, m.relation),
         "registered_at_same_address": m.registered_at_same_address,
         "holds_driving_licence": m.holds_driving_licence,
         "will_use_car": application.car_user_id == m.pk}
        for m in FamilyMember.objects.filter(person=person).order_by("id")
    ]
    if documents_provided is None and application.pk and not application._state.adding:
        documents_provided = [d.code for d in application.documents.all() if d.presented]
    app: dict = {
        "registered_on": registered_on, "received_via": application.received_via or "in_person",
        "kind": application.kind or "first", "journal_number": application.region_number,
        "previous_car_issued_on": application.previous_car_issued_on,
        "original_registered_on": application.original_registered_on,
        "family_enrollment_dates": [application.family_enrollment_date] if application.family_enrollment_date
        else [],
        "documents_provided": documents_provided,
        "missing_documents_reason": (application.missing_documents_reason or "").strip() or None,
        "process": {
            "referrals_issued_on": application.referrals_issued_on, "health_exam_on": application.health_exam_on,
            "form_088_sent_on": application.form_088_sent_on,
            "social_office_notified_on": application.social_office_notified_on,
            "documents_forwarded_on": application.documents_forwarded_on,
            "documents_complete_on": application.documents_complete_on,
            "journal_registered_on": application.journal_registered_on,
            "decision_sent_on": application.decision_sent_on,
        },
    }
    if app["missing_documents_reason"] and len(app["missing_documents_reason"]) < 5:
        app["missing_documents_reason"] = None
    document = {
        "evaluation_date": evaluation_date,
        "person": {
            "full_name": person.full_name, "birth_date": person.date_of_birth,
            # The registry keeps only citizens of Ukraine (a Ukrainian passport is required).
            "citizen_of_ukraine": True,
            "registered_residence_in_ukraine": Address.objects.filter(person=person, kind="registered").exists(),
            "legally_incapable": application.legally_incapable,
            "without_parental_care": application.without_parental_care,
            "wwii_combat_participant": application.wwii_combat_participant,
        },
        "disability": disability,
        "assessments": assessments,
        "application": app,
        "family_members": family,
        "representative": ({"full_name": representative.full_name,
                            "kind": _REPRESENTATIVE_KINDS.get(representative.kind, "other")}
                           if representative else None),
    }
    return document
