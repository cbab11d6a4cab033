"""The configurable items of the car-queue rules as data: the current settings, the service
that changes them (reason, history, atomic), and the settings pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from cbi.carqueue.models import RulesSettings
from cbi.carqueue.rules import Category, RulesConfig
from cbi.carqueue.settings.selectors import current_rules_config, settings_history
from cbi.carqueue.settings.services import update_rules_settings
from cbi.carqueue.error_codes import CarqueueErrorCode
from tests.conftest import signed_in
from tests.errors import error_codes, form_error_codes

pytestmark = pytest.mark.django_db

URL = "/staff/car-queue/settings/"
EDIT_URL = "/staff/car-queue/settings/change/"
REASON = "Лист Мінсоцполітики № 12/3-456 від 03.06.2024"


def form_data(config: RulesConfig | None = None, version: int = 0, **changes) -> dict:
    """What the edit form posts for `config` (defaults), with `changes` applied."""
    config = config or RulesConfig()
    data = {"version": str(version)}
    for ground in [*config.category_grounds, config.fallback_ground]:
        data[f"category__{ground.code}"] = ground.category.value
        data[f"paid__{ground.code}"] = str(ground.paid_percent)
    for category, share in config.quotas.items():
        data[f"quota__{category.value}"] = str(share)
    data.update({
        "item8_exception_kinds": "",
        "allow_officer_item8_exception": "yes" if config.allow_officer_item8_exception else "no",
        "work_injury_causes": [c.value for c in config.work_injury_causes],
        "work_injury_enrollment_rule": config.work_injury_enrollment_rule,
        "work_injury_flag_for_officer": "yes" if config.work_injury_flag_for_officer else "no",
        "indication_assessment_kinds": [k.value for k in config.indication_assessment_kinds],
        "child_indication_assessment_kinds": [k.value for k in config.child_indication_assessment_kinds],
        "charity_purchase_vehicle_kinds": [k.value for k in config.charity_purchase_vehicle_kinds],
        "transfer_requires_driving_licence": "yes" if config.transfer_requires_driving_licence else "no",
        "removal_warning_days": str(config.removal_warning_days),
        "vehicle_register_max_age_days": str(config.vehicle_register_max_age_days),
        "reason": REASON,
    })
    data.update(changes)
    return data


# --- service --------------------------------------------------------------------------------


def test_defaults_apply_until_someone_changes_them():
    assert not RulesSettings.objects.exists()
    assert current_rules_config() == RulesConfig()


def test_update_keeps_who_when_why_and_the_old_value(administrator):
    first = RulesConfig(removal_warning_days=45)
    update_rules_settings(actor=administrator, config=first, reason="Наказ № 17 від 10.05.2024")
    second = first.model_copy(update={"quotas": {Category.first_priority: 40, Category.out_of_turn: 40,
                                                 Category.general: 20}})
    settings = update_rules_settings(actor=administrator, config=second.model_dump(mode="json"), reason=REASON)
    assert settings.version == 2
    assert current_rules_config().quotas[Category.first_priority] == 40
    assert RulesSettings.objects.count() == 1
    records = list(settings.history.order_by("history_date"))
    assert [r.history_user for r in records] == [administrator, administrator]
    assert [r.reason for r in records] == ["Наказ № 17 від 10.05.2024", REASON]
    assert RulesConfig.model_validate(records[0].config).removal_warning_days == 45
    assert RulesConfig.model_validate(records[0].config).quotas[Category.first_priority] == 50  # old value kept
    with translation.override("en"):
        entries = settings_history()
    assert entries[0].reason == REASON
    assert {(c.old, c.new) for c in entries[0].changes} == {("50 %", "40 %"), ("30 %", "40 %")}
    assert [(c.old, c.new) for c in entries[1].changes] == [("30 calendar days", "45 calendar days")]


@pytest.mark.parametrize("reason", ["", "   ", "так"])
def test_reason_is_mandatory(administrator, reason):
    with pytest.raises(ValidationError) as raised:
        update_rules_settings(actor=administrator, config=RulesConfig(removal_warning_days=10), reason=reason)
    assert error_codes(raised.value) == {"reason": [CarqueueErrorCode.SETTINGS_REASON_SHORT.value]}
    assert not RulesSettings.objects.exists()


def test_invalid_config_is_refused_and_nothing_is_stored(administrator):
    config = RulesConfig().model_dump(mode="json")
    config["quotas"] = {"first_priority": 50, "out_of_turn": 30, "general": 30}
    with pytest.raises(ValidationError) as raised:
        update_rules_settings(actor=administrator, config=config, reason=REASON)
    assert error_codes(raised.value) == {"config": [CarqueueErrorCode.CONFIG_INVALID.value]}
    assert "quotas must add up to 100" in str(raised.value.message_dict["config"])  # the engine's own text
    assert not RulesSettings.objects.exists()


def test_unchanged_and_stale_changes_are_refused(administrator):
    with pytest.raises(ValidationError) as unchanged:
        update_rules_settings(actor=administrator, config=RulesConfig(), reason=REASON)
    assert error_codes(unchanged.value) == [CarqueueErrorCode.UNCHANGED.value]
    update_rules_settings(actor=administrator, config=RulesConfig(removal_warning_days=20), reason=REASON)
    with pytest.raises(ValidationError) as stale:
        update_rules_settings(actor=administrator, config=RulesConfig(removal_warning_days=25), reason=REASON,
                              expected_version=0)
    assert error_codes(stale.value) == [CarqueueErrorCode.STALE.value]
    assert current_rules_config().removal_warning_days == 20


def test_database_keeps_a_single_row(administrator):
    update_rules_settings(actor=administrator, config=RulesConfig(removal_warning_days=20), reason=REASON)
    with pytest.raises(IntegrityError), transaction.atomic():
        RulesSettings.objects.create(config=RulesConfig().model_dump(mode="json"), reason="друга")


def test_change_is_atomic(administrator, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(RulesSettings, "save", broken_save)
    with pytest.raises(RuntimeError):
        update_rules_settings(actor=administrator, config=RulesConfig(removal_warning_days=20), reason=REASON)
    assert not RulesSettings.history.exists()


# --- pages ----------------------------------------------------------------------------------


def test_administrator_sees_every_item_with_its_rule_and_a_change_link(administrator):
    page = signed_in(administrator).get(URL).content.decode()
    assert "Налаштування" in page or "settings" in page
    for rule_id in ("CQ-CAT-2", "CQ-CAT-3", "CQ-ELIG-2", "CQ-DATE-8", "CQ-ELIG-3", "CQ-ELIG-5", "CQ-RM-2"):
        assert rule_id in page
    assert "Особа з інвалідністю внаслідок війни" in page
    assert EDIT_URL in page


@pytest.mark.parametrize("role", ["district_officer", "regional_officer", "auditor"])
def test_officers_read_the_same_page_without_changing_it(role, request):
    client = signed_in(request.getfixturevalue(role))
    page = client.get(URL)
    assert page.status_code == 200
    assert "CQ-CAT-3" in page.content.decode()
    assert EDIT_URL not in page.content.decode()
    assert client.get(EDIT_URL).status_code == 403
    assert client.post(EDIT_URL, form_data(quota__general="20")).status_code == 403


def test_anonymous_is_sent_to_sign_in(client):
    assert client.get(URL)["Location"].startswith("/staff/login/")


def test_quotas_that_do_not_add_up_to_100_are_explained(administrator):
    client = signed_in(administrator)
    response = client.post(EDIT_URL, form_data(quota__first_priority="60"))
    page = response.content.decode()
    assert response.status_code == 200
    assert [CarqueueErrorCode.QUOTAS_NOT_100.value] in form_error_codes(response.context["form"]).values()
    assert "110 %" in page  # the message says what the shares add up to
    assert 'aria-invalid="true"' in page
    assert not RulesSettings.objects.exists()


def test_missing_reason_is_refused(administrator):
    response = signed_in(administrator).post(EDIT_URL, form_data(reason="", removal_warning_days="14"))
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert not RulesSettings.objects.exists()


def test_change_is_confirmed_before_it_is_saved(administrator, district_officer):
    client = signed_in(administrator)
    data = form_data(quota__first_priority="40", quota__out_of_turn="40", work_injury_enrollment_rule="assessment_date",
                     **{"paid__war_disability": "10"})
    confirm = client.post(EDIT_URL, data)
    page = confirm.content.decode()
    assert confirm.status_code == 200
    assert not RulesSettings.objects.exists()  # only the summary so far
    assert "50 %" in page and "40 %" in page and REASON in page
    assert 'name="confirm"' in page

    saved = client.post(EDIT_URL, {**data, "confirm": "1"})
    assert saved.status_code == 302 and saved["Location"] == URL
    config = current_rules_config()
    assert config.quotas[Category.first_priority] == 40
    assert config.work_injury_enrollment_rule == "assessment_date"
    assert config.category_grounds[0].paid_percent == 10

    officer_page = signed_in(district_officer).get(URL).content.decode()
    assert REASON in officer_page  # the history is on the officers' page too
    assert "Сергій Ткаченко" in officer_page
    assert "40 %" in officer_page


def test_going_back_from_the_summary_keeps_the_typed_values(administrator):
    response = signed_in(administrator).post(EDIT_URL, form_data(removal_warning_days="14", back="1"))
    assert response.status_code == 200
    assert 'value="14"' in response.content.decode()
    assert not RulesSettings.objects.exists()


def test_category_of_a_ground_and_item8_kinds_are_editable(administrator):
    client = signed_in(administrator)
    data = form_data(**{"category__chornobyl_cat1_group1": "first_priority",
                        "item8_exception_kinds": "Рішення комісії | Decision of the commission\nЛист Фонду"})
    assert client.post(EDIT_URL, {**data, "confirm": "1"}).status_code == 302
    config = current_rules_config()
    assert config.category_grounds[1].category == Category.first_priority
    assert [(k.code, k.label_uk, k.label_en) for k in config.item8_exception_kinds] == [
        ("item8_1", "Рішення комісії", "Decision of the commission"), ("item8_2", "Лист Фонду", "Лист Фонду")]


def test_a_change_made_meanwhile_is_not_overwritten(administrator):
    client = signed_in(administrator)
    update_rules_settings(actor=administrator, config=RulesConfig(removal_warning_days=20), reason=REASON)
    response = client.post(EDIT_URL, {**form_data(version=0, removal_warning_days="14"), "confirm": "1"})
    assert response.status_code == 200
    assert form_error_codes(response.context["form"]) == {"__all__": [CarqueueErrorCode.STALE.value]}
    assert current_rules_config().removal_warning_days == 20


def test_nothing_changed_is_explained(administrator):
    response = signed_in(administrator).post(EDIT_URL, form_data())
    assert response.status_code == 200
    assert 'id="error-summary"' in response.content.decode()
    assert form_error_codes(response.context["form"]) == {"__all__": [CarqueueErrorCode.UNCHANGED.value]}
