"""Dates typed as people type them: day, month and year in three boxes (GOV.UK date input).

Each wrong part gets its own message and code, only that part is marked invalid and the error
summary links to it; a single value under the field's own name is still read (compatibility).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django.utils.translation import override

from cbi.primary.error_codes import PrimaryErrorCode
from cbi.web.forms import DateField, Form
from tests.errors import form_error_codes


class Dates(Form):
    date_of_birth = DateField(label="Дата народження")
    issued_on = DateField(label="Дата видачі", required=False, help_text="Як у документі.")


def typed(day="", month="", year="", name="date_of_birth") -> dict:
    return {f"{name}_day": day, f"{name}_month": month, f"{name}_year": year}


def errors_of(data: dict, field: str = "date_of_birth") -> list[tuple[str, str]]:
    with override("uk"):
        form = Dates(data)
        form.is_valid()
        return [(error.code, str(message)) for error in form.errors.as_data().get(field, [])
                for message in error]


def rendered(data: dict | None = None, initial: dict | None = None) -> str:
    with override("uk"):
        form = Dates(data, initial=initial)
        if data is not None:
            form.is_valid()
        return str(form)


def input_tag(html: str, input_id: str) -> str:
    match = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', html)
    assert match, f"no input #{input_id}"
    return match.group(0)


@pytest.mark.parametrize(("day", "month", "year", "expected"), [
    ("7", "3", "2007", date(2007, 3, 7)),
    ("07", "03", "2007", date(2007, 3, 7)),  # leading zeros are optional
    (" 27 ", " 3", "2007 ", date(2007, 3, 27)),  # spaces are trimmed
    ("27", "березня", "2007", date(2007, 3, 27)),  # the month as a word, genitive
    ("27", "Березень", "2007", date(2007, 3, 27)),  # … or nominative, any case
    ("1", "лист", "2024", date(2024, 11, 1)),  # … or its first letters
    ("1", "Бер.", "2024", date(2024, 3, 1)),
    ("29", "2", "2024", date(2024, 2, 29)),  # a leap year
    ("29", "2", "2000", date(2000, 2, 29)),
])
def test_the_three_parts_make_a_date(day, month, year, expected):
    form = Dates(typed(day, month, year))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == expected


@pytest.mark.parametrize(("parts", "code", "message"), [
    (("", "3", "2007"), "day_missing", "Дата народження має містити день."),
    (("7", "", "2007"), "month_missing", "Дата народження має містити місяць."),
    (("7", "3", ""), "year_missing", "Дата народження має містити рік."),
    (("", "", "2007"), "day_month_missing", "Дата народження має містити день і місяць."),
    (("", "3", ""), "day_year_missing", "Дата народження має містити день і рік."),
    (("7", "", ""), "month_year_missing", "Дата народження має містити місяць і рік."),
    (("32", "3", "2007"), "day_invalid", "День має бути числом від 1 до 31."),
    (("сьоме", "3", "2007"), "day_invalid", "День має бути числом від 1 до 31."),
    (("7", "13", "2007"), "month_invalid", "Місяць має бути числом від 1 до 12."),
    (("7", "бер3", "2007"), "month_invalid", "Місяць має бути числом від 1 до 12."),
    (("7", "3", "15"), "year_invalid", "Вкажіть рік чотирма цифрами, наприклад 2007."),
    (("7", "3", "20077"), "year_invalid", "Вкажіть рік чотирма цифрами, наприклад 2007."),
    (("7", "3", "0985"), "year_invalid", "Вкажіть рік чотирма цифрами, наприклад 2007."),
    (("29", "2", "2023"), "day_not_in_month", "Такої дати не існує: у лютому 2023 року 28 днів."),
    (("30", "2", "2024"), "day_not_in_month", "Такої дати не існує: у лютому 2024 року 29 днів."),
    (("31", "квітня", "2024"), "day_not_in_month", "Такої дати не існує: у квітні 30 днів."),
    (("31", "11", "2024"), "day_not_in_month", "Такої дати не існує: у листопаді 30 днів."),
])
def test_each_wrong_part_has_its_own_message_and_code(parts, code, message):
    assert errors_of(typed(*parts)) == [(code, message)]


def test_every_wrong_part_is_named_when_several_are_wrong():
    assert [code for code, _ in errors_of(typed("40", "13", "15"))] == ["day_invalid", "month_invalid", "year_invalid"]


def test_nothing_typed_is_the_required_message_or_no_date_when_optional():
    assert errors_of(typed()) == [("required", "Заповніть поле «Дата народження».")]
    form = Dates({**typed("1", "2", "1990"), **typed(name="issued_on")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["issued_on"] is None


def test_only_the_wrong_part_is_marked_and_the_summary_links_to_it():
    html = rendered(typed("7", "3", "15"))
    year, day, month = (input_tag(html, f"id_date_of_birth_{part}") for part in ("year", "day", "month"))
    assert 'aria-invalid="true"' in year and 'aria-describedby="id_date_of_birth_error"' in year
    assert "aria-invalid" not in day and "aria-invalid" not in month
    assert '<a href="#id_date_of_birth_year">Вкажіть рік чотирма цифрами, наприклад 2007.</a>' in html
    assert 'id="id_date_of_birth_error"' in html


def test_a_missing_day_and_month_mark_both_and_link_to_the_day():
    html = rendered(typed("", "", "2007"))
    assert 'aria-invalid="true"' in input_tag(html, "id_date_of_birth_day")
    assert 'aria-invalid="true"' in input_tag(html, "id_date_of_birth_month")
    assert "aria-invalid" not in input_tag(html, "id_date_of_birth_year")
    assert 'href="#id_date_of_birth_day"' in html


def test_an_error_about_the_whole_date_marks_every_part():
    html = rendered(typed())
    for part in ("day", "month", "year"):
        assert 'aria-invalid="true"' in input_tag(html, f"id_date_of_birth_{part}")
    assert 'href="#id_date_of_birth_day"' in html


def test_the_group_is_a_fieldset_with_legend_hint_and_three_labelled_numeric_boxes():
    html = rendered()
    fieldset = re.search(r'<fieldset class="fieldset" aria-describedby="id_date_of_birth_hint">\s*'
                         r'<legend class="label">Дата народження</legend>\s*'
                         r'<p class="hint" id="id_date_of_birth_hint">Наприклад, 27 3 2007.</p>', html)
    assert fieldset, html
    for part, label, width in (("day", "День", 2), ("month", "Місяць", 2), ("year", "Рік", 4)):
        assert f'<label class="date-input__label" for="id_date_of_birth_{part}">{label}</label>' in html
        tag = input_tag(html, f"id_date_of_birth_{part}")
        assert 'type="text"' in tag and 'inputmode="numeric"' in tag and f"input--width-{width}" in tag
        assert f'name="date_of_birth_{part}"' in tag
        assert f'autocomplete="bday-{part}"' in tag  # a date of birth
        assert "autocomplete" not in input_tag(html, f"id_issued_on_{part}")  # not a birthday
    assert 'type="date"' not in html
    # The field's own hint comes first, then the example.
    assert '<p class="hint" id="id_issued_on_hint">Як у документі. Наприклад, 27 3 2007.</p>' in html


def test_birthday_autocomplete_can_be_set_on_any_field():
    class Other(Form):
        born = DateField(label="Born", birthday=True)
        date_of_birth = DateField(label="Of someone else", birthday=False)

    html = str(Other())
    assert 'autocomplete="bday-year"' in input_tag(html, "id_born_year")
    assert "autocomplete" not in input_tag(html, "id_date_of_birth_year")


def test_the_stored_date_shows_in_the_three_boxes():
    html = rendered(initial={"date_of_birth": date(2007, 3, 27)})
    assert 'value="27"' in input_tag(html, "id_date_of_birth_day")
    assert 'value="3"' in input_tag(html, "id_date_of_birth_month")
    assert 'value="2007"' in input_tag(html, "id_date_of_birth_year")


def test_what_was_typed_is_shown_again_after_an_error():
    html = rendered(typed("7", "березня", "15"))
    assert 'value="7"' in input_tag(html, "id_date_of_birth_day")
    assert 'value="березня"' in input_tag(html, "id_date_of_birth_month")
    assert 'value="15"' in input_tag(html, "id_date_of_birth_year")


@pytest.mark.parametrize("value", ["05.05.1971", "1971-05-05", " 1971-05-05 "])
def test_a_single_value_under_the_fields_own_name_is_still_accepted(value):
    form = Dates({"date_of_birth": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == date(1971, 5, 5)


def test_a_single_value_is_ignored_when_the_parts_are_posted():
    form = Dates({"date_of_birth": "05.05.1971", **typed("6", "6", "1972")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["date_of_birth"] == date(1972, 6, 6)


def test_a_wrong_single_value_is_refused_with_the_example_and_shows_in_the_boxes_when_valid():
    assert errors_of({"date_of_birth": "31.02.1971"}) == [
        ("invalid", "Введіть справжню дату, наприклад 27.03.1985.")]
    html = rendered({"date_of_birth": "1971-05-05", "issued_on": "1971"})
    assert 'value="5"' in input_tag(html, "id_date_of_birth_day")
    assert 'value="1971"' in input_tag(html, "id_date_of_birth_year")


def test_a_form_without_the_field_in_its_data_leaves_the_model_value_alone():
    field = Dates().fields["date_of_birth"]
    assert field.widget.value_omitted_from_data({}, {}, "date_of_birth")
    assert not field.widget.value_omitted_from_data({"date_of_birth_year": ""}, {}, "date_of_birth")
    assert not field.widget.value_omitted_from_data({"date_of_birth": "1971-05-05"}, {}, "date_of_birth")


@pytest.mark.time_machine(datetime(2026, 3, 27, 10, 0, tzinfo=ZoneInfo("Europe/Kyiv")))
def test_a_date_of_birth_in_the_future_is_still_refused_and_marks_the_whole_date():
    from cbi.primary.forms import PersonStepForm

    tomorrow = timezone.localdate() + timedelta(days=1)
    with override("uk"):
        form = PersonStepForm(typed(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)))
        assert not form.is_valid()
        assert form_error_codes(form)["date_of_birth"] == [PrimaryErrorCode.DATE_OF_BIRTH_FUTURE.value]
        html = str(form)
    for part in ("day", "month", "year"):
        assert 'aria-invalid="true"' in input_tag(html, f"id_date_of_birth_{part}")
    today = timezone.localdate()
    form = PersonStepForm(typed(str(today.day), str(today.month), str(today.year)))
    form.is_valid()
    assert "date_of_birth" not in form.errors


def test_every_date_field_of_the_product_uses_the_three_boxes():
    """No form keeps a plain or native date input: each date field is ``cbi.web.forms.DateField``."""
    from django import forms as django_forms

    import cbi.applications.cabinet_forms
    import cbi.applications.staff_forms
    import cbi.cabinet.forms
    import cbi.carqueue.decisions.forms
    import cbi.carqueue.intake.forms
    import cbi.carqueue.settings.forms
    import cbi.primary.forms
    import cbi.registry.forms

    seen = 0
    for module in (cbi.applications.cabinet_forms, cbi.applications.staff_forms, cbi.cabinet.forms,
                   cbi.carqueue.decisions.forms, cbi.carqueue.intake.forms,
                   cbi.carqueue.settings.forms, cbi.primary.forms, cbi.registry.forms):
        for form_class in vars(module).values():
            if isinstance(form_class, type) and issubclass(form_class, django_forms.BaseForm):
                for name, field in form_class.base_fields.items():
                    if isinstance(field, django_forms.DateField):
                        assert isinstance(field, DateField), f"{form_class.__name__}.{name}"
                        seen += 1
    assert seen > 30


def test_a_date_carried_through_a_confirmation_page_is_one_hidden_value_read_back():
    """Confirmation pages repeat the form as hidden inputs (``{{ field.as_hidden }}``)."""
    form = Dates(typed("6", "травня", "2024"))
    assert form.is_valid()
    hidden = form["date_of_birth"].as_hidden()
    assert hidden == '<input type="hidden" name="date_of_birth" value="2024-05-06" id="id_date_of_birth">'
    again = Dates({"date_of_birth": "2024-05-06"})
    assert again.is_valid() and again.cleaned_data["date_of_birth"] == date(2024, 5, 6)
    assert 'value="2024-03-01"' in Dates(initial={"date_of_birth": date(2024, 3, 1)})["date_of_birth"].as_hidden()


def test_when_several_parts_are_wrong_each_summary_link_goes_to_its_own_part():
    html = rendered(typed("40", "13", "15"))
    assert '<a href="#id_date_of_birth_day">День має бути числом від 1 до 31.</a>' in html
    assert '<a href="#id_date_of_birth_month">Місяць має бути числом від 1 до 12.</a>' in html
    assert '<a href="#id_date_of_birth_year">Вкажіть рік чотирма цифрами, наприклад 2007.</a>' in html
    for part in ("day", "month", "year"):
        assert 'aria-invalid="true"' in input_tag(html, f"id_date_of_birth_{part}")


def test_other_fields_still_link_to_their_control():
    from django import forms as django_forms

    class Mixed(Form):
        surname = django_forms.CharField(label="Прізвище")

    with override("uk"):
        html = str(Mixed({"surname": ""}))
    assert '<a href="#id_surname">Заповніть поле «Прізвище».</a>' in html
