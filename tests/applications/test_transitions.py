"""The one table refuses everything it does not have: every (from, to) pair not in the table,
and every row for a wrong role or a wrong kind, leaves the application as it was. Every row
succeeds for its role, and a reason is demanded where the table says so."""

from __future__ import annotations

import itertools
import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cbi.applications import services, workflow
from cbi.applications.models import ApplicationEvent, ProductApplication
from cbi.documents.models import Document

from .fixtures import pdf_file

PAIRS = list(itertools.product(workflow.STATUSES, workflow.STATUSES))
NOT_IN_TABLE = [pair for pair in PAIRS if pair not in workflow.TRANSITIONS]
ROWS = list(workflow.TRANSITIONS.items())


@pytest.fixture
def world(person, person_user, district_officer, wheelchair):
    """One saved application per kind (status set directly below: the point is that
    ``move`` refuses), the issued product a replacement or repair points at."""
    issued = services.record_issued_product(actor=district_officer, person=person, product=wheelchair,
                                            issued_on=date(2020, 1, 15))
    base = ProductApplication.objects.create(person=person, office=person.office, kind=workflow.PROVISION,
                                             status=workflow.UNDER_REVIEW, reference="ЗР-2026-900000",
                                             created_by=person_user, product=wheelchair)
    applications = {}
    for index, kind in enumerate(workflow.KINDS):
        applications[kind] = ProductApplication.objects.create(
            person=person, office=person.office, kind=kind, reference=f"ЗР-2026-9{index:05d}1",
            created_by=person_user, product=wheelchair if kind in (workflow.PROVISION, workflow.COMPENSATION) else None,
            issued_product=issued if kind in (workflow.REPLACEMENT, workflow.REPAIR) else None,
            related_application=base if kind == workflow.DOCUMENT_UPDATE else None,
            request_text="Прошу розглянути.", replacement_reason="damaged" if kind == workflow.REPLACEMENT else "",
            purchase_amount=1000 if kind == workflow.COMPENSATION else None,
            purchase_date=date(2026, 1, 5) if kind == workflow.COMPENSATION else None,
        )
    return {"applications": applications, "actors": {workflow.PERSON: person_user,
                                                     workflow.DISTRICT_OFFICER: district_officer}}


def _set_status(application, status):
    ProductApplication.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


def _snapshot(application):
    application.refresh_from_db()
    return (application.status, application.due_on, application.decided_at, application.decision_reasons,
            ApplicationEvent.objects.filter(application=application).count())


def _refused(actor, application, to, reason="Причина зазначена.") -> None:
    before = _snapshot(application)
    with pytest.raises((workflow.TransitionNotAllowed, workflow.ReasonRequired, PermissionDenied)):
        services.move(actor=actor, application=application, to=to, reason=reason)
    assert _snapshot(application) == before


def test_every_pair_not_in_the_table_is_refused_by_the_table_for_every_role_and_kind():
    for kind in workflow.KINDS:
        for from_status, to_status in NOT_IN_TABLE:
            for role in (workflow.PERSON, workflow.DISTRICT_OFFICER):
                with pytest.raises(workflow.TransitionNotAllowed):
                    workflow.check_transition(kind, from_status, to_status, role=role, reason="Причина.")


def test_every_pair_not_in_the_table_is_refused_by_the_service_and_nothing_changes(world):
    # The service asks the table (above, exhaustively); here every pair goes through the
    # service once for both actors, the kinds taking turns, so each refusal leaves no trace.
    kinds = list(world["applications"])
    for index, (from_status, to_status) in enumerate(NOT_IN_TABLE):
        application = _set_status(world["applications"][kinds[index % len(kinds)]], from_status)
        for actor in world["actors"].values():
            _refused(actor, application, to_status)


def test_every_row_refuses_a_wrong_role_and_a_wrong_kind(world):
    refused = 0
    for (from_status, to_status), rule in ROWS:
        for kind, application in world["applications"].items():
            for role, actor in world["actors"].items():
                if kind in rule.kinds and role in rule.roles:
                    continue
                with pytest.raises(workflow.TransitionNotAllowed):
                    workflow.check_transition(kind, from_status, to_status, role=role, reason="Причина.")
                if refused % 3 == 0:  # through the service too, for a third of the cases
                    _refused(actor, _set_status(application, from_status), to_status)
                refused += 1
    assert refused > len(ROWS)  # every row has at least one wrong role or kind


#: The steps on the person's right (AP-RIGHT-1..3) are taken only by record_right_event and
#: lift_right_suspension (tests/applications/test_right.py); ``move`` refuses them (below).
ALLOWED = [(from_status, to_status, kind, role) for (from_status, to_status), rule in ROWS
           if rule.action not in workflow.RIGHT_ACTIONS
           for kind in sorted(rule.kinds) for role in sorted(rule.roles)]
RIGHT_ROWS = [pair for pair, rule in ROWS if rule.action in workflow.RIGHT_ACTIONS]


def test_move_never_takes_a_step_on_the_right(world):
    assert RIGHT_ROWS
    for from_status, to_status in RIGHT_ROWS:
        application = world["applications"][workflow.PROVISION]
        _set_status(application, from_status)
        with pytest.raises(workflow.TransitionNotAllowed):
            services.move(actor=world["actors"][workflow.DISTRICT_OFFICER], application=application, to=to_status,
                          reason="Свідоцтво про смерть I-БК № 204518")
        application.refresh_from_db()
        assert application.status == from_status


@pytest.mark.parametrize("role", [workflow.PERSON, workflow.DISTRICT_OFFICER])
def test_every_row_succeeds_for_its_role(world, role, wheelchair):
    cases = [case for case in ALLOWED if case[3] == role]
    assert cases
    for from_status, to_status, kind, _role in cases:
        _allowed_step(world, from_status, to_status, kind, role)


def _allowed_step(world, from_status, to_status, kind, role):
    original = world["applications"][kind]
    application = ProductApplication.objects.get(pk=original.pk)
    application.pk = uuid.uuid4()
    application._state.adding = True
    application.reference = f"ЗР-2026-{ProductApplication.objects.count() + 500000:06d}"
    application.save()
    if from_status == workflow.DRAFT:
        ProductApplication.objects.filter(pk=application.pk).update(status=workflow.DRAFT, reference=None)
        application.refresh_from_db()
        if kind == workflow.COMPENSATION:
            services.add_document(actor=world["actors"][workflow.PERSON], application=application, file=pdf_file(),
                                  kind=Document.Kind.PURCHASE_RECEIPT)
        if kind == workflow.DOCUMENT_UPDATE:
            services.add_document(actor=world["actors"][workflow.PERSON], application=application.related_application,
                                  added_with=application,
                                  file=pdf_file(), kind=Document.Kind.REHABILITATION_PROGRAMME)
    else:
        _set_status(application, from_status)
    rule = workflow.TRANSITIONS[(from_status, to_status)]
    actor = world["actors"][role]
    if rule.reason_required:
        # No reason: refused, nothing changes.
        _refused(actor, application, to_status, reason="  ")
    changes = {"approved_amount": 900} if (kind == workflow.COMPENSATION and to_status == workflow.APPROVED) else None
    moved = services.move(actor=actor, application=application, to=to_status, reason="Підстава: заява особи.",
                          changes=changes)
    assert moved.status == to_status
    event = ApplicationEvent.objects.filter(application=application).last()
    assert (event.from_status, event.to_status, event.action, event.role, event.rule_id) == (
        from_status, to_status, rule.action, role, rule.rule_id)
    assert event.by == actor


def test_reason_required_exactly_where_the_table_says():
    required = {pair for pair, rule in workflow.TRANSITIONS.items()
                if rule.reason_required and rule.action not in workflow.RIGHT_ACTIONS
                and rule.action != workflow.REOPEN_ON_COMPLAINT}
    assert all(workflow.TRANSITIONS[pair].reason_required for pair in RIGHT_ROWS)  # the event is the reason
    # Reopening on a complaint always carries the complaint and its outcome's reasons.
    assert all(rule.reason_required for rule in workflow.TRANSITIONS.values()
               if rule.action == workflow.REOPEN_ON_COMPLAINT)
    assert {to for _from, to in required} == {workflow.INFORMATION_REQUESTED, workflow.APPROVED, workflow.REFUSED,
                                               workflow.READY_FOR_PICKUP}


def test_only_the_funds_branch_decides_a_provision_or_a_replacement():
    """AP-PROC-3: the office decides no provision or replacement from any status (it forwards them);
    the branch decides them, and only once forwarded; the office still decides the other kinds."""
    deciding = [(frm, to, rule) for (frm, to), rule in workflow.TRANSITIONS.items()
                if rule.action in (workflow.APPROVE, workflow.REFUSE)]
    for kind in workflow.REFERRAL_KINDS:
        deciders = {(frm, role) for frm, _to, rule in deciding if kind in rule.kinds for role in rule.roles}
        assert deciders == {(workflow.FORWARDED, workflow.FUND_BRANCH)}, kind
        for frm, to, _rule in deciding:
            with pytest.raises(workflow.TransitionNotAllowed):
                workflow.check_transition(kind, frm, to, role=workflow.DISTRICT_OFFICER, reason="Підстави.")
    for kind in set(workflow.KINDS) - workflow.REFERRAL_KINDS:
        assert workflow.check_transition(kind, workflow.UNDER_REVIEW, workflow.APPROVED,
                                         role=workflow.DISTRICT_OFFICER, reason="Підстави.").rule_id == "EC-APP-5"
        assert workflow.FORWARDED not in workflow.next_statuses(kind, workflow.UNDER_REVIEW, workflow.DISTRICT_OFFICER)
