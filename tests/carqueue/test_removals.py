"""Removals, warnings and flags as decisions (CQ-RM-1..5), the sweep, confirm/dismiss/restore."""

from __future__ import annotations

from datetime import date, datetime, timezone as dt_timezone

import pytest
from django.core.management import call_command

from cbi.carqueue.decisions import services as queue_decisions
from cbi.carqueue.models import QueueDecision, QueueEntry, QueueNumberChange
from cbi.carqueue.rules import RulesConfig
from cbi.carqueue.rules.citations import citation
from cbi.integrations.models import RegisteredVehicle, VehicleRegisterCheck
from cbi.notifications.models import Notification
from cbi.registry.models import Assessment, DisabilityStatus, FamilyMember
from cbi.carqueue.error_codes import CarqueueErrorCode
from tests.conftest import PECHERSKYI, SHEVCHENKIVSKYI, make_person
from tests.pdfua import appeal_sentences, pdf_ua_text

ENROLLED = date(2023, 6, 1)


def enroll(person, organizations, *, journal_number: int, enrolled_on: date = ENROLLED,
           category: str = "general") -> QueueEntry:
    entry = QueueEntry.objects.create(person=person, region=organizations["rd-80"], category=category,
                                      enrollment_date=enrolled_on, journal_number=journal_number)
    queue_decisions.renumber(entry, cause="test enrollment")
    entry.refresh_from_db()
    return entry


def neighbour(organizations, *, rnokpp: str, surname: str, given_name: str, office=PECHERSKYI):
    person = make_person(organizations[office], surname=surname, given_name=given_name, rnokpp=rnokpp,
                         date_of_birth=date(1970, 1, 1), sex="male", patronymic="Петрович")
    DisabilityStatus.objects.create(person=person, group="I", cause="general_disease",
                                    established_on=date(2020, 2, 1))
    return person


@pytest.fixture
def entry(person, organizations):
    return enroll(person, organizations, journal_number=41)


def decisions(entry, **filters):
    return list(QueueDecision.objects.filter(entry=entry, **filters).order_by("id"))


# --- CQ-RM-1 ---------------------------------------------------------------------------------


def test_rm1_disability_removed_is_proposed_for_removal(entry):
    DisabilityStatus.objects.filter(person=entry.person).update(ended_on=date(2024, 2, 20))
    report = queue_decisions.sweep(on=date(2024, 3, 1))
    [proposal] = decisions(entry, kind="removal")
    assert proposal.status == "proposed" and proposal.proposed_by_system
    assert proposal.rule_id == "CQ-RM-1" and proposal.citation == citation("CQ-RM-1")
    assert proposal.effective_on == date(2024, 2, 20)
    assert "Інвалідність знято 20.02.2024" in proposal.reason_uk and "item 16" in proposal.reason_en
    assert report.proposals == [proposal]
    entry.refresh_from_db()
    assert entry.status == "active"  # only an officer removes


def test_rm1_nothing_while_the_disability_holds(entry):
    queue_decisions.sweep(on=date(2024, 3, 1))
    assert decisions(entry) == []


# --- CQ-RM-2 ---------------------------------------------------------------------------------


@pytest.fixture
def fixed_term(entry):
    # Group II until 31.01.2024: renewal deadline 31.07.2024, warning from 01.07.2024 (30 days).
    DisabilityStatus.objects.filter(person=entry.person).update(valid_until=date(2024, 1, 31))
    return entry


def test_rm2_no_warning_before_the_warning_period(fixed_term):
    queue_decisions.sweep(on=date(2024, 6, 30))
    assert decisions(fixed_term) == []
    assert not Notification.objects.filter(person=fixed_term.person).exists()


def test_rm2_warns_the_officer_and_the_person_before_the_deadline(fixed_term):
    report = queue_decisions.sweep(on=date(2024, 7, 1))
    [warning] = decisions(fixed_term)
    assert (warning.kind, warning.status, warning.rule_id) == ("flag", "proposed", "CQ-RM-2")
    assert warning.deadline_on == date(2024, 7, 31) and warning.citation == citation("CQ-RM-2")
    assert report.warnings == [warning]
    [message] = Notification.objects.filter(person=fixed_term.person)
    assert "31.07.2024" in message.body


def test_rm2_warning_follows_the_configured_days(fixed_term):
    config = RulesConfig(removal_warning_days=10)
    queue_decisions.sweep(on=date(2024, 7, 20), config=config)
    assert decisions(fixed_term) == []
    queue_decisions.sweep(on=date(2024, 7, 21), config=config)
    assert [d.kind for d in decisions(fixed_term)] == ["flag"]


def test_rm2_removal_is_proposed_the_day_after_the_deadline(fixed_term):
    queue_decisions.sweep(on=date(2024, 7, 1))
    queue_decisions.sweep(on=date(2024, 7, 31))
    assert decisions(fixed_term, kind="removal") == []  # renewal on the last day is in time
    queue_decisions.sweep(on=date(2024, 8, 1))
    [proposal] = decisions(fixed_term, kind="removal")
    assert proposal.rule_id == "CQ-RM-2" and proposal.effective_on == date(2024, 8, 1)
    assert proposal.deadline_on == date(2024, 7, 31)


# --- CQ-RM-3 ---------------------------------------------------------------------------------


@pytest.fixture
def contraindicated(entry):
    Assessment.objects.create(person=entry.person, kind="expert_team", assessed_on=date(2024, 2, 10),
                              conclusion_number="ЕК-0217/24", indications_for_car=True,
                              contraindications_to_driving=True)
    return entry


def test_rm3_warning_then_proposal_within_six_months(contraindicated):
    queue_decisions.sweep(on=date(2024, 7, 10))
    assert decisions(contraindicated) == []
    queue_decisions.sweep(on=date(2024, 7, 11))  # deadline 10.08.2024 − 30 days
    [warning] = decisions(contraindicated)
    assert (warning.kind, warning.rule_id, warning.deadline_on) == ("flag", "CQ-RM-3", date(2024, 8, 10))
    queue_decisions.sweep(on=date(2024, 8, 10))
    [proposal] = decisions(contraindicated, kind="removal")
    assert proposal.rule_id == "CQ-RM-3" and proposal.citation == citation("CQ-RM-3")
    assert proposal.effective_on == date(2024, 8, 10)


def test_rm3_a_family_member_at_the_address_keeps_the_entry(contraindicated):
    FamilyMember.objects.create(person=contraindicated.person, surname="Петренко", given_name="Іван",
                                relation="spouse", registered_at_same_address=True, holds_driving_licence=True)
    queue_decisions.sweep(on=date(2024, 9, 1))
    assert decisions(contraindicated) == []


# --- CQ-RM-4 ---------------------------------------------------------------------------------


def stored_check(person, *, in_operation_since: date, registered_on: date) -> VehicleRegisterCheck:
    at = datetime(2024, 5, 2, 9, 0, tzinfo=dt_timezone.utc)
    check = VehicleRegisterCheck.objects.create(
        person=person, requested_at=at, completed_at=at, status="done", period_from=date(2016, 6, 1),
        period_to=date(2024, 5, 2), source="fake", trigger="periodic")
    RegisteredVehicle.objects.create(
        register_check=check, registration_plate="AA7781KI", make="Renault", model="Duster", kind="car",
        in_operation_since=in_operation_since, year_of_manufacture=in_operation_since.year,
        registered_on=registered_on, acquired_how="purchased", fetched_at=at)
    return check


def test_rm4_a_new_car_in_the_vehicle_register_is_proposed_for_removal(entry):
    stored_check(entry.person, in_operation_since=date(2023, 11, 1), registered_on=date(2024, 1, 15))
    queue_decisions.sweep(on=date(2024, 5, 10))
    [proposal] = decisions(entry, kind="removal")
    assert proposal.rule_id == "CQ-RM-4" and proposal.citation == citation("CQ-RM-4")
    assert "CQ-ELIG-2" in proposal.reason_uk


def test_rm4_an_old_car_sold_before_enrollment_does_not_count(entry):
    stored_check(entry.person, in_operation_since=date(2008, 3, 1), registered_on=date(2012, 1, 15))
    queue_decisions.sweep(on=date(2024, 5, 10))
    assert decisions(entry, kind="removal") == []


# --- CQ-RM-5 ---------------------------------------------------------------------------------


@pytest.fixture
def group_changed(entry):
    DisabilityStatus.objects.filter(person=entry.person).update(ended_on=date(2024, 3, 1))
    DisabilityStatus.objects.create(person=entry.person, group="I", cause="general_disease",
                                    established_on=date(2024, 3, 1))
    return entry


def test_rm5_group_change_flags_the_entry_until_reassessment(group_changed):
    queue_decisions.sweep(on=date(2024, 3, 10))
    [flag] = decisions(group_changed)
    assert (flag.kind, flag.status, flag.rule_id) == ("flag", "confirmed", "CQ-RM-5")
    assert flag.citation == citation("CQ-RM-5") and flag.effective_on == date(2024, 3, 1)
    group_changed.refresh_from_db()
    assert [(f["code"], f["rule_id"], f["since"]) for f in group_changed.flags] == [
        ("reassessment_required", "CQ-RM-5", "2024-03-01")]
    # a re-assessment confirms the indications: the flag is cleared by a decision
    Assessment.objects.create(person=group_changed.person, kind="expert_team", assessed_on=date(2024, 4, 2),
                              conclusion_number="ЕК-0390/24", indications_for_car=True)
    report = queue_decisions.sweep(on=date(2024, 4, 5))
    [cleared] = report.cleared
    assert (cleared.kind, cleared.rule_id) == ("flag_cleared", "CQ-RM-5")
    group_changed.refresh_from_db()
    assert group_changed.flags == []
    assert queue_decisions.sweep(on=date(2024, 4, 6)).created == 0


def test_rm5_reassessment_without_indications_proposes_removal(group_changed):
    queue_decisions.sweep(on=date(2024, 3, 10))
    Assessment.objects.create(person=group_changed.person, kind="expert_team", assessed_on=date(2024, 4, 2),
                              conclusion_number="ЕК-0391/24", indications_for_car=False)
    queue_decisions.sweep(on=date(2024, 4, 5))
    [proposal] = decisions(group_changed, kind="removal")
    assert proposal.rule_id == "CQ-RM-5" and proposal.effective_on == date(2024, 4, 2)


def test_officer_clears_a_flag_with_a_reason(group_changed, regional_officer):
    queue_decisions.sweep(on=date(2024, 3, 10))
    group_changed.refresh_from_db()
    with pytest.raises(queue_decisions.DecisionError) as refused:
        queue_decisions.clear_flag(entry=group_changed, code="reassessment_required", on=date(2024, 3, 11),
                            actor=regional_officer)
    assert refused.value.code == CarqueueErrorCode.FLAG_REASON_REQUIRED.value
    decision = queue_decisions.clear_flag(entry=group_changed, code="reassessment_required", on=date(2024, 3, 11),
                                   actor=regional_officer, reason_uk="Висновок ЕК № 0390/24 підтвердив показання.")
    assert decision.decided_by == regional_officer and decision.kind == "flag_cleared"
    group_changed.refresh_from_db()
    assert group_changed.flags == []


# --- the sweep ---------------------------------------------------------------------------------


def test_sweep_twice_creates_nothing_new(fixed_term, organizations):
    other = enroll(neighbour(organizations, rnokpp="2987654320", surname="Гнатюк", given_name="Богдан"),
                   organizations, journal_number=42)
    DisabilityStatus.objects.filter(person=other.person).update(ended_on=date(2024, 6, 1))
    first = queue_decisions.sweep(on=date(2024, 7, 1))
    assert len(first.warnings) == 1 and len(first.proposals) == 1
    count, messages = QueueDecision.objects.count(), Notification.objects.count()
    second = queue_decisions.sweep(on=date(2024, 7, 1))
    assert second.created == 0
    assert (QueueDecision.objects.count(), Notification.objects.count()) == (count, messages)


def test_sweep_command_and_task(fixed_term, capsys):
    call_command("carqueue_sweep", "--today", "2024-07-02")
    assert "warnings: 1" in capsys.readouterr().out
    from cbi.carqueue.tasks import carqueue_sweep

    result = carqueue_sweep.enqueue("2024-07-02")
    assert result.return_value["created"] == 0
    assert QueueDecision.objects.filter(entry=fixed_term).count() == 1


def test_sweep_leaves_removed_entries_alone(entry):
    DisabilityStatus.objects.filter(person=entry.person).update(ended_on=date(2024, 2, 20))
    QueueEntry.objects.filter(pk=entry.pk).update(status="removed")
    assert queue_decisions.sweep(on=date(2024, 3, 1)).evaluated == 0


# --- confirm, dismiss, restore ----------------------------------------------------------------


@pytest.fixture
def queue_of_three(entry, organizations):
    second = enroll(neighbour(organizations, rnokpp="2987654320", surname="Гнатюк", given_name="Богдан"),
                    organizations, journal_number=42)
    third = enroll(neighbour(organizations, rnokpp="3012345670", surname="Савчук", given_name="Микола",
                             office=SHEVCHENKIVSKYI), organizations, journal_number=43)
    for e in (entry, second, third):
        e.refresh_from_db()
    assert [entry.number, second.number, third.number] == [1, 2, 3]
    DisabilityStatus.objects.filter(person=entry.person).update(ended_on=date(2024, 2, 20))
    queue_decisions.sweep(on=date(2024, 3, 1))
    return entry, second, third


def test_confirmed_removal_renumbers_the_category(queue_of_three, regional_officer):
    entry, second, third = queue_of_three
    [proposal] = decisions(entry, kind="removal")
    decision = queue_decisions.confirm_removal(decision=proposal, actor=regional_officer, note="Довідку МСЕК отримано.")
    assert decision.status == "confirmed" and decision.decided_by == regional_officer
    assert "п. 16" in decision.note
    for e in (entry, second, third):
        e.refresh_from_db()
    assert entry.status == "removed" and entry.number is None
    assert (second.number, third.number) == (1, 2)
    change = QueueNumberChange.objects.filter(entry=second).first()
    assert (change.old_number, change.new_number) == (2, 1)
    assert Notification.objects.filter(person=entry.person, body__contains="CQ-RM-1").exists()
    text = pdf_ua_text(queue_decisions.decision_pdf(decision), title=queue_decisions.decision_title(decision))
    assert "CQ-RM-1" in text and all(sentence in text for sentence in appeal_sentences(decided_by="region"))
    with pytest.raises(queue_decisions.DecisionError) as again:
        queue_decisions.confirm_removal(decision=decision, actor=regional_officer)
    assert again.value.code == CarqueueErrorCode.NOT_A_PROPOSED_REMOVAL.value


def test_dismissal_needs_a_note_and_is_not_proposed_again(queue_of_three, regional_officer):
    entry = queue_of_three[0]
    [proposal] = decisions(entry, kind="removal")
    with pytest.raises(queue_decisions.DecisionError):
        queue_decisions.dismiss_removal(decision=proposal, actor=regional_officer, note="  ")
    queue_decisions.dismiss_removal(decision=proposal, actor=regional_officer,
                             note="Інвалідність встановлено повторно, довідка від 28.02.2024.")
    proposal.refresh_from_db()
    entry.refresh_from_db()
    assert proposal.status == "dismissed" and entry.status == "active" and entry.number == 1
    assert queue_decisions.sweep(on=date(2024, 3, 2)).created == 0


def test_restoration_renumbers_again_and_keeps_the_history(queue_of_three, regional_officer):
    entry, second, third = queue_of_three
    [proposal] = decisions(entry, kind="removal")
    queue_decisions.confirm_removal(decision=proposal, actor=regional_officer)
    with pytest.raises(queue_decisions.DecisionError) as refused:
        queue_decisions.restore_entry(entry=entry, actor=regional_officer, reason="")
    assert refused.value.code == CarqueueErrorCode.RESTORE_REASON_REQUIRED.value
    restoration = queue_decisions.restore_entry(entry=entry, actor=regional_officer,
                                         reason="Рішення суду від 12.04.2024 у справі № 757/1234/24.")
    assert restoration.kind == "restoration" and restoration.rule_id == "CQ-RM-1"
    for e in (entry, second, third):
        e.refresh_from_db()
    assert (entry.status, entry.number, second.number, third.number) == ("active", 1, 2, 3)
    assert [d.kind for d in decisions(entry)] == ["removal", "restoration"]
    assert [(c.old_number, c.new_number) for c in QueueNumberChange.objects.filter(entry=second)][:2] == [
        (1, 2), (2, 1)]
    assert queue_decisions.decision_pdf(restoration).startswith(b"%PDF")
    # the removal is not proposed again for the same fact
    assert queue_decisions.sweep(on=date(2024, 4, 20)).created == 0


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture
def lviv_officer(organizations):
    from cbi.accounts.models import Role
    from tests.conftest import make_staff

    return make_staff(organizations, "regional.lviv", Role.REGIONAL_OFFICER, "rd-46", first="Тарас", last="Гуменюк")


def test_pages_confirm_dismiss_restore(queue_of_three, regional_officer):
    from django.urls import reverse

    from tests.conftest import signed_in

    entry = queue_of_three[0]
    [proposal] = decisions(entry, kind="removal")
    client = signed_in(regional_officer)
    listing = client.get(reverse("carqueue:removal_list"))
    assert listing.status_code == 200 and entry.person.full_name in listing.content.decode()
    url = reverse("carqueue:removal_confirm", args=[proposal.pk])
    page = client.get(url)
    assert page.status_code == 200 and "CQ-RM-1" in page.content.decode()
    entry.refresh_from_db()
    assert entry.status == "active"  # GET only shows the confirmation
    response = client.post(url, {"note": ""})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "removed"
    history = client.get(reverse("carqueue:removal_entry", args=[entry.pk])).content.decode()
    assert reverse("carqueue:removal_letter", args=[proposal.pk]) in history
    letter = client.get(reverse("carqueue:removal_letter", args=[proposal.pk]))
    assert letter["Content-Type"] == "application/pdf"
    restore = reverse("carqueue:removal_restore", args=[entry.pk])
    assert client.post(restore, {"note": ""}).status_code == 200  # the reason is mandatory
    assert client.post(restore, {"note": "Рішення суду № 757/1234/24."}).status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.number) == ("active", 1)


def test_dismiss_page_needs_a_note(queue_of_three, regional_officer):
    from django.urls import reverse

    from tests.conftest import signed_in

    [proposal] = decisions(queue_of_three[0], kind="removal")
    client = signed_in(regional_officer)
    url = reverse("carqueue:removal_dismiss", args=[proposal.pk])
    response = client.post(url, {"note": ""})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert client.post(url, {"note": "Довідку про поновлення подано."}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "dismissed"


def test_another_region_is_a_404_and_national_roles_read_only(queue_of_three, lviv_officer, auditor):
    from django.urls import reverse

    from tests.conftest import signed_in

    entry = queue_of_three[0]
    [proposal] = decisions(entry, kind="removal")
    lviv = signed_in(lviv_officer)
    for name, args in (("removal_confirm", [proposal.pk]), ("removal_dismiss", [proposal.pk]),
                       ("removal_entry", [entry.pk]), ("removal_letter", [proposal.pk])):
        assert lviv.get(reverse(f"carqueue:{name}", args=args)).status_code == 404, name
    assert entry.person.full_name not in lviv.get(reverse("carqueue:removal_list")).content.decode()
    national = signed_in(auditor)
    assert entry.person.full_name in national.get(reverse("carqueue:removal_list")).content.decode()
    assert national.get(reverse("carqueue:removal_entry", args=[entry.pk])).status_code == 200
    assert national.post(reverse("carqueue:removal_confirm", args=[proposal.pk])).status_code == 403


def test_vehicle_recheck_lists_active_entries(queue_of_three, settings, regional_officer):
    from cbi.carqueue.vehicle_recheck import active_queue_persons
    from cbi.integrations import services as integration_services

    entry = queue_of_three[0]
    [proposal] = decisions(entry, kind="removal")
    queue_decisions.confirm_removal(decision=proposal, actor=regional_officer)
    settings.VEHICLE_RECHECK_PERSONS = "cbi.carqueue.vehicle_recheck.active_queue_persons"
    listed = integration_services.enrolled_person_ids()
    assert listed == active_queue_persons()
    assert str(entry.person_id) not in {person_id for person_id, _ in listed}
    assert {d for _, d in listed} == {ENROLLED}
    assert len(listed) == 2


# --- no silent loss of grounds: a lost condition no removal rule covers -------------------------


@pytest.fixture
def indications_lost(entry):
    """Petrenko was enrolled on the MSEK's indications; on 10.04.2024 a new expert team found
    none, while her group did not change (so CQ-RM-5 does not apply)."""
    Assessment.objects.create(person=entry.person, kind="msek", assessed_on=ENROLLED, conclusion_number="0881",
                              indications_for_car=True)
    Assessment.objects.create(person=entry.person, kind="expert_team", assessed_on=date(2024, 4, 10),
                              conclusion_number="ЕК-0577/24", indications_for_car=False)
    return entry


def test_lost_indications_flag_the_entry_for_an_officer_once(indications_lost):
    report = queue_decisions.sweep(on=date(2024, 4, 15))
    [flag] = report.flags
    assert (flag.kind, flag.status, flag.rule_id) == ("flag", "confirmed", "CQ-ELIG-7")
    assert flag.citation == citation("CQ-ELIG-7")
    assert "ухвалює посадова особа" in flag.reason_uk
    indications_lost.refresh_from_db()
    assert [f["code"] for f in indications_lost.flags] == ["eligibility_lost_review"]
    assert indications_lost.status == "active"
    assert decisions(indications_lost, kind="removal") == []
    assert queue_decisions.sweep(on=date(2024, 4, 16)).created == 0


def test_officer_keeps_the_person_and_the_person_is_told(indications_lost, regional_officer):
    queue_decisions.sweep(on=date(2024, 4, 15))
    queue_decisions.clear_flag(entry=indications_lost, code="eligibility_lost_review", on=date(2024, 4, 17),
                        actor=regional_officer,
                        reason_uk="Висновок ЕК оскаржено до суду; до рішення суду особа залишається на обліку.")
    [message] = Notification.objects.filter(person=indications_lost.person)
    assert "залишаєтеся на обліку" in message.subject
    assert "оскаржено до суду" in message.body and "CQ-ELIG-7" in message.body
    # the same finding is not raised again the next night
    assert queue_decisions.sweep(on=date(2024, 4, 18)).created == 0


def test_officer_proposes_the_removal_and_confirms_it(indications_lost, regional_officer):
    queue_decisions.sweep(on=date(2024, 4, 15))
    indications_lost.refresh_from_db()
    with pytest.raises(queue_decisions.DecisionError) as refused:
        queue_decisions.propose_removal_on_review(entry=indications_lost, actor=regional_officer, note=" ")
    assert refused.value.code == CarqueueErrorCode.REMOVAL_REASON_REQUIRED.value
    proposal = queue_decisions.propose_removal_on_review(
        entry=indications_lost, actor=regional_officer, on=date(2024, 4, 17),
        note="Медичних показань не встановлено; висновок не оскаржено.")
    assert (proposal.kind, proposal.status, proposal.rule_id) == ("removal", "proposed", "CQ-ELIG-7")
    assert proposal.note == "Медичних показань не встановлено; висновок не оскаржено."
    assert proposal.reason_uk.startswith("Умова взяття на облік більше не виконується: [CQ-ELIG-7]")
    assert "медичних показань" in proposal.reason_uk and "ухвалює посадова особа" not in proposal.reason_uk
    indications_lost.refresh_from_db()
    assert indications_lost.flags == [] and indications_lost.status == "active"
    queue_decisions.confirm_removal(decision=proposal, actor=regional_officer)
    indications_lost.refresh_from_db()
    assert indications_lost.status == "removed"
    [message] = Notification.objects.filter(person=indications_lost.person)
    assert "CQ-ELIG-7" in message.body


def test_review_clears_itself_when_the_condition_holds_again(indications_lost):
    queue_decisions.sweep(on=date(2024, 4, 15))
    Assessment.objects.create(person=indications_lost.person, kind="expert_team", assessed_on=date(2024, 5, 20),
                              conclusion_number="ЕК-0702/24", indications_for_car=True)
    [cleared] = queue_decisions.sweep(on=date(2024, 5, 22)).cleared
    assert cleared.kind == "flag_cleared" and cleared.proposed_by_system
    indications_lost.refresh_from_db()
    assert indications_lost.flags == []
    assert not Notification.objects.filter(person=indications_lost.person).exists()


def test_review_page_keeps_or_proposes_the_removal(indications_lost, regional_officer):
    from django.urls import reverse

    from tests.conftest import signed_in

    queue_decisions.sweep(on=date(2024, 4, 15))
    client = signed_in(regional_officer)
    entry_page = client.get(reverse("carqueue:removal_entry", args=[indications_lost.pk])).content.decode()
    url = reverse("carqueue:removal_clear_flag", args=[indications_lost.pk, "eligibility_lost_review"])
    assert url in entry_page
    page = client.get(url).content.decode()
    assert citation("CQ-ELIG-7") in page and 'type="radio"' in page
    # no choice made: a message, nothing decided
    assert client.post(url, {"note": "Висновок не оскаржено."}).status_code == 200
    indications_lost.refresh_from_db()
    assert indications_lost.flags and decisions(indications_lost, kind="removal") == []
    response = client.post(url, {"outcome": "remove", "note": "Висновок не оскаржено."})
    [proposal] = decisions(indications_lost, kind="removal")
    assert response.status_code == 302 and response["Location"] == reverse("carqueue:removal_confirm",
                                                                           args=[proposal.pk])
    assert proposal.status == "proposed" and proposal.decided_by == regional_officer


def test_the_sweep_reads_are_in_the_access_log_as_an_automated_job(entry):
    from cbi.audit.models import AccessEvent

    queue_decisions.sweep(on=date(2024, 3, 1))
    [read] = AccessEvent.objects.filter(person=entry.person)
    assert (read.channel, read.job, read.user_id) == ("automated", "car_queue_sweep", None)
    assert read.purpose == "car_queue"
