"""``manage.py import_registry``: a region's spreadsheet comes into the registry, row by row."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from cbi.duplicates.models import DuplicatePair
from cbi.imports.services import Outcome
from cbi.registry.models import Address, DisabilityStatus, IdentityDocument, Person
from tests.conftest import LVIV_DISTRICT, SHEVCHENKIVSKYI

from .conftest import BAD_RNOKPP, KOVALENKO, MELNYK, SHEVCHUK, csv_bytes, label, read_report, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def run(path, *extra):
    call_command("import_registry", str(path), "--user", "admin.kyiv", *extra)
    return read_report(path.with_name(path.name + ".report.csv").read_bytes())


def test_a_csv_with_good_rows_a_bad_rnokpp_and_kyiv_typed_in_lower_case(regional_admin, tmp_path, capsys):
    path = tmp_path / "reestr-kyiv.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO), row(**MELNYK), row(**BAD_RNOKPP), row(**SHEVCHUK)]))

    report = run(path)

    assert report[2][0] == label(Outcome.IMPORTED)
    assert report[3][0] == label(Outcome.IMPORTED)
    assert report[4][0] == label(Outcome.REJECTED)
    assert "РНОКПП" in report[4][2] and "останн" in report[4][2]  # the check digit does not match
    assert report[5][0] == label(Outcome.IMPORTED)
    # The report names the person without the whole taxpayer number.
    assert report[4][1] == "Бондар І. О., РНОКПП ******8811"
    assert "2304008811" not in path.with_name("reestr-kyiv.csv.report.csv").read_text(encoding="utf-8-sig")

    kovalenko = Person.objects.get(rnokpp="3306800701")
    assert kovalenko.office.code == SHEVCHENKIVSKYI          # told from the city district of the address
    assert kovalenko.date_of_birth == date(1990, 7, 15)
    assert IdentityDocument.objects.get(person=kovalenko).series == "ТТ"
    assert DisabilityStatus.objects.get(person=kovalenko).group == "II"
    # "київ" is matched to the city of Kyiv in the codifier, as primary registration matches it.
    melnyk = Person.objects.get(rnokpp="2660604511")
    address = Address.objects.get(person=melnyk)
    assert address.territory.name == "Київ" and address.territory.code == "UA80000000000093317"
    status = DisabilityStatus.objects.get(person=melnyk)
    assert (status.group, status.subgroup_a, status.cause, status.valid_until) == ("I", True, "war", date(2026, 3, 1))
    assert not Person.objects.filter(surname="Бондар").exists()
    # The change history says who brought the record in, and from which file and row.
    created = melnyk.history.earliest()
    assert created.history_user == regional_admin
    assert "reestr-kyiv.csv" in created.history_change_reason and "3" in created.history_change_reason
    err = capsys.readouterr().err
    assert "4/4" in err  # the progress bar on stderr


def test_running_the_same_file_again_changes_nothing(regional_admin, tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO), row(**MELNYK), row(**SHEVCHUK)]))
    run(path)
    histories = (Person.history.count(), Address.history.count(), DisabilityStatus.history.count(),
                 IdentityDocument.history.count())

    report = run(path)

    assert {result for result, _who, _reason in report.values()} == {label(Outcome.UNCHANGED)}
    assert Person.objects.count() == 3
    assert (Person.history.count(), Address.history.count(), DisabilityStatus.history.count(),
            IdentityDocument.history.count()) == histories


def test_a_changed_row_updates_the_record_found_by_rnokpp(regional_admin, tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO)]))
    run(path)
    path.write_bytes(csv_bytes([row(**{**KOVALENKO, "surname": "Коваленко-Сидоренко", "apartment": "15"})]))

    report = run(path)

    assert report[2][0] == label(Outcome.UPDATED)
    person = Person.objects.get(rnokpp="3306800701")
    assert person.surname == "Коваленко-Сидоренко"
    assert Address.objects.get(person=person).apartment == "15"


def test_an_xlsx_file_with_date_cells_and_numbers(regional_admin, tmp_path):
    values = row(**KOVALENKO)
    values[3] = date(1990, 7, 15)          # a date cell, not text
    values[5] = 3306800701                 # the РНОКПП typed into a number cell
    path = tmp_path / "reestr.xlsx"
    path.write_bytes(xlsx_bytes([values, row(**MELNYK)]))

    report = run(path)

    assert [r[0] for r in report.values()] == [label(Outcome.IMPORTED)] * 2, report
    assert Person.objects.get(rnokpp="3306800701").date_of_birth == date(1990, 7, 15)


def test_a_windows_1251_csv_with_commas(regional_admin, tmp_path):
    path = tmp_path / "reestr-1251.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO)], encoding="cp1251", delimiter=","))

    report = run(path)

    assert report[2][0] == label(Outcome.IMPORTED)
    assert Person.objects.get(rnokpp="3306800701").given_name == "Марія"


def test_a_suspected_duplicate_is_imported_beside_the_record_it_looks_like(regional_admin, person, tmp_path):
    """Олена Петренко (27.03.1985) is in the registry; the region's file has "Алена", born
    03.27 written the other way round — 27.03 → day and month swapped is not a date, so use the
    swapped pair 05.03 ↔ 03.05 for a second person."""
    path = tmp_path / "reestr.csv"
    alena = dict(surname="Петренко", given_name="Алена", patronymic="Іванівна", date_of_birth="27.03.1985",
                 sex="ж", rnokpp="3113245102", place="Шевченківський район, м. Київ", street="вул. Богдана Хмельницького", building="10")
    path.write_bytes(csv_bytes([row(**alena)]))

    report = run(path)

    assert report[2][0] == label(Outcome.DUPLICATE), report
    assert "Петренко Олена Іванівна" in report[2][2] and "27.03.1985" in report[2][2]
    assert "можливих дублікатів" in report[2][2] or "suspected duplicates" in report[2][2], report[2][2]
    alena_record = Person.objects.get(surname="Петренко", given_name="Алена")
    pair = DuplicatePair.objects.get()
    assert {pair.person_a, pair.person_b} == {person, alena_record}
    assert (pair.status, pair.source, pair.dates_swapped) == ("open", "import", False)
    assert pair.score >= 80
    # Running the same file again finds the imported record: nothing new, no second pair.
    again = run(path)
    assert again[2][0] == label(Outcome.UNCHANGED), again
    assert Person.objects.filter(surname="Петренко").count() == 2 and DuplicatePair.objects.count() == 1


def test_a_duplicate_with_day_and_month_swapped(regional_admin, organizations, tmp_path):
    from tests.conftest import make_person

    make_person(organizations[SHEVCHENKIVSKYI], surname="Петренко", given_name="Олена", patronymic="Іванівна",
                date_of_birth=date(1985, 5, 3), rnokpp="3116903102")
    path = tmp_path / "reestr.csv"
    alena = dict(surname="Петренко", given_name="Алена", patronymic="Ивановна", date_of_birth="05.03.1985",
                 sex="ж", rnokpp="3111045109", place="Шевченківський район, м. Київ", street="вул. Хрещатик", building="1")
    path.write_bytes(csv_bytes([row(**alena)]))

    report = run(path)

    assert report[2][0] == label(Outcome.DUPLICATE), report
    assert "03.05.1985" in report[2][2]
    assert Person.objects.filter(surname="Петренко").count() == 2
    assert DuplicatePair.objects.get().dates_swapped


def test_a_look_alike_in_another_region_is_not_imported(regional_admin, organizations, tmp_path):
    """The Kyiv administrator cannot see a person of another region: the row waits for the Fund."""
    from tests.conftest import make_person

    make_person(organizations[LVIV_DISTRICT], surname="Петренко", given_name="Олена", patronymic="Іванівна",
                date_of_birth=date(1985, 5, 3), rnokpp="3116903102")
    path = tmp_path / "reestr.csv"
    alena = dict(surname="Петренко", given_name="Алена", patronymic="Іванівна", date_of_birth="03.05.1985",
                 sex="ж", rnokpp="3116945102", place="Шевченківський район, м. Київ", street="вул. Хрещатик", building="1")
    path.write_bytes(csv_bytes([row(**alena)]))

    report = run(path)

    assert report[2][0] == label(Outcome.DUPLICATE), report
    assert "іншому регіоні" in report[2][2] or "another region" in report[2][2], report[2][2]
    assert Person.objects.filter(surname="Петренко").count() == 1 and not DuplicatePair.objects.exists()


def test_a_twin_with_another_name_is_not_a_duplicate(regional_admin, person, tmp_path):
    path = tmp_path / "reestr.csv"
    twin = dict(surname="Петренко", given_name="Олег", patronymic="Іванович", date_of_birth="27.03.1985",
                sex="ч", rnokpp="3113201209", place="Шевченківський район, м. Київ", street="вул. Хрещатик",
                building="1")
    path.write_bytes(csv_bytes([row(**twin)]))

    report = run(path)

    assert report[2][0] == label(Outcome.IMPORTED)


def test_a_failing_batch_is_rolled_back_and_the_import_resumes_from_its_first_row(
        regional_admin, tmp_path, monkeypatch, caplog):
    from cbi.registry import services as registry_services

    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO), row(**MELNYK), row(**SHEVCHUK)]))
    original = registry_services.save_person_part

    def broken(*, instance, **kwargs):
        if isinstance(instance, DisabilityStatus) and instance.person.surname == "Шевчук":
            from django.db import OperationalError
            raise OperationalError(f"Key (rnokpp)=({instance.person.rnokpp}) went away")  # as databases quote
        return original(instance=instance, **kwargs)

    monkeypatch.setattr(registry_services, "save_person_part", broken)
    with pytest.raises(CommandError, match="--resume-from 4"):
        call_command("import_registry", str(path), "--user", "admin.kyiv", "--batch-size", "2")

    report_bytes = path.with_name("reestr.csv.report.csv").read_bytes()
    assert "3714200515" not in caplog.text and b"3714200515" not in report_bytes
    report = read_report(report_bytes)
    assert report[2][0] == report[3][0] == label(Outcome.IMPORTED)
    assert report[4][0] == label(Outcome.ROLLED_BACK) and "4" in report[4][2]
    # Nothing half-imported: Шевчук's person record went back with the status that failed.
    assert set(Person.objects.values_list("surname", flat=True)) == {"Коваленко", "Мельник"}

    monkeypatch.setattr(registry_services, "save_person_part", original)
    report = run(path, "--resume-from", "4")
    assert list(report) == [4] and report[4][0] == label(Outcome.IMPORTED)
    assert Person.objects.filter(surname="Шевчук").exists()


def test_a_file_without_a_required_column_is_refused_whole(regional_admin, tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_text("Прізвище;Ім’я\nКоваленко;Марія\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Дата народження"):
        call_command("import_registry", str(path), "--user", "admin.kyiv")
    assert not Person.objects.exists()


def test_only_staff_with_the_import_right_may_import(district_officer, tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(**KOVALENKO)]))
    with pytest.raises(CommandError, match="import_registry"):
        call_command("import_registry", str(path), "--user", district_officer.username)
    assert not Person.objects.exists()


def test_empty_cells_never_erase_what_the_registry_holds(regional_admin, person, tmp_path):
    """Олена Петренко is kept with her phone, passport, address and group II; the region's file
    has only her name, birth date and РНОКПП."""
    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(surname="ПЕТРЕНКО", given_name="Олена", patronymic="Іванівна",
                                    date_of_birth="27.03.1985", sex="ж", rnokpp="3113201244")]))

    report = run(path)

    assert report[2][0] == label(Outcome.UNCHANGED)  # the surname in capitals is the same name
    person.refresh_from_db()
    assert person.surname == "Петренко" and person.phone == "+380671234567" and not person.rnokpp_refused
    assert Address.objects.filter(person=person).count() == 1
    assert DisabilityStatus.objects.get(person=person).group == "II"


def test_a_document_of_another_person_is_a_conflict(regional_admin, person, tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(**{**KOVALENKO, "document_series": "МК", "document_number": "123456"})]))

    report = run(path)

    assert report[2][0] == label(Outcome.REJECTED)
    assert not Person.objects.filter(rnokpp="3306800701").exists()


def test_the_report_does_not_turn_a_typed_formula_into_a_live_one(regional_admin, tmp_path):
    path = tmp_path / "reestr.csv"
    path.write_bytes(csv_bytes([row(**{**BAD_RNOKPP, "surname": "=HYPERLINK(\"http://example.com\")"})]))

    report = run(path)

    assert report[2][1].startswith("'=HYPERLINK")
