"""The pure rules (AG-PURP-1, AG-CONS-1..3) and the command that registers a client and issues
its key (the secret printed once, only its hash stored)."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from cbi.agencies import rules
from cbi.agencies.models import AgencyClient, AgencyCredential
from cbi.agencies.selectors import credential_for

GROUP_II = rules.StatusFacts(established=True, group="II", cause="general_disease",
                             established_on=date(2023, 5, 15), valid_until=date(2027, 6, 1), in_car_queue=True)


def test_ag_purp_1_a_purpose_gets_only_its_fields():
    assert rules.answer_record(GROUP_II, fields=[rules.ESTABLISHED]) == {"disability_established": True}
    assert rules.answer_record(GROUP_II, fields=[rules.PERIOD]) == {
        "disability_established": True, "established_on": "2023-05-15", "valid_until": "2027-06-01",
        "indefinite": False}
    assert rules.answer_record(GROUP_II, fields=[rules.CAR_QUEUE])["benefits"][0]["entitled"] is True
    assert "disability_group" not in rules.answer_record(GROUP_II, fields=[rules.ESTABLISHED, rules.PERIOD])


def test_ag_purp_1_no_status_reveals_no_group():
    none = rules.StatusFacts(established=False)
    assert rules.answer_record(none, fields=[rules.GROUP_CAUSE]) == {
        "disability_established": False, "disability_group": None, "subgroup_a": None, "disability_cause": None}


def test_ag_cons_1_to_3():
    assert rules.may_answer_without_consent(needs_consent=False)
    assert not rules.may_answer_without_consent(needs_consent=True)
    today = date(2026, 3, 2)
    assert rules.consent_in_force(withdrawn=False, valid_until=None, today=today)
    assert rules.consent_in_force(withdrawn=False, valid_until=today, today=today)
    assert not rules.consent_in_force(withdrawn=False, valid_until=date(2026, 3, 1), today=today)
    assert not rules.consent_in_force(withdrawn=True, valid_until=None, today=today)


@pytest.mark.django_db
def test_register_and_issue_a_key_shown_once(tmp_path):
    purposes = tmp_path / "purposes.json"
    purposes.write_text(json.dumps([{"code": "tax-discount", "name": "податкова соціальна пільга",
                                     "legal_basis": "Податковий кодекс України, ст. 169",
                                     "fields": ["established", "group_cause"]}], ensure_ascii=False), encoding="utf-8")
    call_command("agency_client", "register", "--code", "dps", "--name", "Державна податкова служба України",
                 "--legal-basis", "Положення про ДПС", "--purpose-file", str(purposes), stdout=StringIO())
    out = StringIO()
    call_command("agency_client", "issue", "--code", "dps", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    stored = AgencyCredential.objects.get()
    assert token.startswith(stored.key_id + ".") and token.split(".", 1)[1] not in stored.secret_sha256
    assert credential_for(token).client == AgencyClient.objects.get(code="dps")
    call_command("agency_client", "revoke", "--key-id", stored.key_id, stdout=StringIO())
    with pytest.raises(Exception):
        credential_for(token)


@pytest.mark.django_db
def test_register_a_client_with_its_trembita_subsystem_and_certificate(tmp_path):
    purposes = tmp_path / "purposes.json"
    purposes.write_text("[]", encoding="utf-8")
    call_command("agency_client", "register", "--code", "dps", "--name", "Державна податкова служба України",
                 "--legal-basis", "Положення про ДПС", "--purpose-file", str(purposes),
                 "--xroad-client", " UA/GOV/43005393/DPS-TAX ", "--tls-fingerprint", "9E:39:3D:93:13:88",
                 stdout=StringIO())
    client = AgencyClient.objects.get(code="dps")
    assert (client.xroad_client, client.tls_client_fingerprint) == ("UA/GOV/43005393/DPS-TAX", "9e393d931388")
