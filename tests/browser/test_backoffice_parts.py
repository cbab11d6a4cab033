"""The six forms that add a part of a person's record
(``/staff/persons/<id>/<part>/new/``): each refused with a message that says
what to fix, then accepted, landing back on the record at that section."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field as dataclass_field

import pytest
from playwright.sync_api import Page, expect

from cbi.registry.services import PART_MODELS
from tests.browser.support import (
    choose, expect_error_summary, expect_field_error, expect_notification, field, fill_date, fill_in, person_url, submit,
    t, tc,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RNOKPP_CHECKSUM = ("This taxpayer number (РНОКПП) does not exist: its last digit does not match. "
                   "Check each digit against the document.")
RNOKPP_LENGTH = "The taxpayer number (РНОКПП) has exactly 10 digits. Check the number and enter it again."
BROVARKY_CODES = ("UA53020050030022293", "UA53040030050093733", "UA53060050040082388", "UA71040050040099691")


def radio(page: Page, msgid: str):
    return page.get_by_role("radio", name=t(msgid), exact=True)


@dataclass
class Part:
    slug: str
    title: str                     # msgid of the page title
    heading: str                   # msgid of the section on the record
    fill_invalid: Callable[[Page], None]
    errors: list[tuple[str, str]]  # (label of the control, message it gets)
    fix: Callable[[Page], None]
    shown: list[str | re.Pattern]  # what the new item on the record shows; the first one picks it
    summary_also: list[str] = dataclass_field(default_factory=list)


def documents_invalid(page):
    radio(page, "passport of a citizen of Ukraine (booklet)").check()
    field(page, tc("series")).fill("MK")  # Latin M and K
    field(page, tc("number")).fill("654321")
    fill_date(page, t("Date of issue"), "12.09.2005")
    field(page, tc("issued by")).fill("Печерським РУ ГУ МВС України в м. Києві")


def addresses_invalid(page):
    radio(page, "actual address").check()
    field(page, tc("settlement or community")).fill("Броварки")
    field(page, tc("street")).fill("вул. Київська")
    field(page, tc("building")).fill("12")
    field(page, tc("apartment")).fill("3")
    field(page, tc("postcode")).fill("07400")


def statuses_invalid(page):
    radio(page, "group II").check()
    field(page, tc("subgroup A")).check()
    field(page, tc("disability cause")).select_option(label=t("general disease"))
    fill_date(page, t("Established on"), "10.06.2025")


def assessments_invalid(page):
    radio(page, "expert team for the assessment of daily functioning").check()
    fill_date(page, t("Date of the assessment"), "02.04.2025")
    field(page, tc("conclusion number")).fill("ЕК-2025/0417")
    field(page, tc("name of the body")).fill("Експертна команда КНП «Київська міська клінічна лікарня № 9»")
    field(page, tc("car with hand controls")).check()


def representatives_invalid(page):
    radio(page, "guardian").check()
    field(page, tc("surname")).fill("Петренко")
    field(page, tc("given name")).fill("Іван")
    field(page, tc("patronymic")).fill("Миколайович")
    field(page, tc("taxpayer number (РНОКПП)")).fill("3062103151")  # the check digit should be 0
    field(page, tc("proof of authority")).select_option(label=t("decision of the guardianship body"))
    field(page, tc("number of the proof of authority")).fill("№ 214")
    fill_date(page, t("Date of the proof of authority"), "20.02.2024")


def family_invalid(page):
    field(page, tc("relation")).select_option(label=t("husband or wife"))
    field(page, tc("surname")).fill("Петренко")
    field(page, tc("given name")).fill("Іван")
    field(page, tc("patronymic")).fill("Миколайович")
    fill_date(page, "Дата народження", "02.11.1983")
    field(page, tc("taxpayer number (РНОКПП)")).fill("30621031")


def family_fix(page):
    field(page, tc("taxpayer number (РНОКПП)")).fill("3062103150")
    field(page, tc("registered at the same address")).check()


PARTS = [
    Part("documents", "Add an identity document", "Identity documents", documents_invalid,
         [(tc("series"), t("The series of a passport booklet is two Ukrainian capital letters, for example МК."))],
         lambda page: field(page, tc("series")).fill("КВ"),
         ["КВ", "654321", "12.09.2005"]),
    Part("addresses", "Add an address", "Addresses", addresses_invalid,
         [(tc("settlement or community"), t("Several places are called “%(name)s”. Type the name with the code "
                                             "in brackets, for example: %(examples)s", name="Броварки",
                                             examples="").rstrip())],
         lambda page: field(page, tc("settlement or community")).fill("Бровари"),
         ["Київська обл., Броварський р-н, Броварська громада, м. Бровари", "вул. Київська"],
         summary_also=list(BROVARKY_CODES)),
    Part("statuses", "Add a disability status", "Disability status", statuses_invalid,
         [(tc("subgroup A"), t("Subgroup A exists only in group I."))],
         lambda page: radio(page, "group I").check(),
         ["10.06.2025", re.compile(rf"(^|\s){re.escape(t('group I'))}"), t("general disease")]),
    Part("assessments", "Add an assessment", "Assessments", assessments_invalid,
         [(tc("car with hand controls"),
           t("Hand controls are set only together with medical indications for a car."))],
         lambda page: field(page, tc("medical indications for a car")).check(),
         ["ЕК-2025/0417", "02.04.2025"]),
    Part("representatives", "Add a legal representative", "Legal representatives", representatives_invalid,
         [(tc("taxpayer number (РНОКПП)"), t(RNOKPP_CHECKSUM))],
         lambda page: field(page, tc("taxpayer number (РНОКПП)")).fill("3062103150"),
         ["Петренко", "Іван", "3062103150", "№ 214"]),
    Part("family", "Add a family member", "Family members", family_invalid,
         [(tc("taxpayer number (РНОКПП)"), t(RNOKPP_LENGTH))],
         family_fix,
         ["Петренко", "Іван", "02.11.1983", "3062103150"]),
]


@pytest.mark.parametrize("part", PARTS, ids=[p.slug for p in PARTS])
def test_add_a_part_of_the_record(officer_page, axe, person, part: Part):
    page = officer_page
    model = PART_MODELS[part.slug]
    before = model.objects.filter(person=person).count()
    page.goto(person_url(person, f"{part.slug}/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t(part.title))
    expect(page.get_by_role("main")).to_contain_text("Петренко Олена Іванівна, 27.03.1985")
    expect(page.get_by_role("link", name=t("Back to the record"))).to_have_attribute("href", person_url(person))
    axe.check(page, f"part-{part.slug}")

    part.fill_invalid(page)
    submit(page)
    expect_error_summary(page, *[message for _label, message in part.errors], *part.summary_also)
    for label, message in part.errors:
        expect_field_error(field(page, label), message)
    assert model.objects.filter(person=person).count() == before
    axe.check(page, f"part-{part.slug}-errors")

    part.fix(page)
    submit(page)
    expect(page).to_have_url(re.compile(re.escape(person_url(person)) + f"#{part.slug}$"))
    expect_notification(page, t("The changes are saved."))
    section = page.get_by_role("region", name=t(part.heading))
    expect(section.get_by_role("heading", level=2)).to_be_focused()
    item = section.get_by_role("listitem").filter(has_text=part.shown[0])
    expect(item).to_have_count(1)
    for text in part.shown[1:]:
        expect(item).to_contain_text(text)
    assert model.objects.filter(person=person).count() == before + 1


def test_a_new_status_becomes_the_current_one(officer_page, person):
    """Group I with subgroup A, added after the refused attempt, is what the record's tag shows."""
    page = officer_page
    page.goto(person_url(person, "statuses/new/"))
    submit(page)
    expect_error_summary(page, choose(tc("disability group")), choose(tc("disability cause")),
                         fill_in(t("Established on")))
    statuses_invalid(page)
    radio(page, "group I").check()
    submit(page)
    expect(page.get_by_role("main").get_by_text(f"{t('group I')} {t('(subgroup A)')}", exact=True)).to_be_visible()
