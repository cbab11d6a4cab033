"""Helpers shared by the back-office browser tests.

Labels are looked up by their accessible name in Ukrainian. The names that
are guaranteed by the catalogue are written out literally in the tests; the
others come from ``t()``, which asks Django's own catalogue for the
Ukrainian text of a msgid, so the tests follow the translators' wording.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.utils.text import capfirst
from django.utils.translation import gettext, override
from playwright.sync_api import Locator, Page, expect

from tests.conftest import PASSWORD


def t(msgid: str, **params) -> str:
    """The Ukrainian text of a msgid (the msgid itself while untranslated)."""
    with override("uk"):
        text = str(gettext(msgid))
    return text % params if params else text


def fill_in(label: str) -> str:
    """The message for an empty required text field: it names the field."""
    return t("Fill in “%(label)s”.", label=label)


def choose(label: str) -> str:
    """The message for a required choice (radio group or select) left empty."""
    return t("Choose “%(label)s”.", label=label)


def tc(msgid: str) -> str:
    """A model field's label as Django renders it: capitalized verbose name."""
    return capfirst(t(msgid))


def label_pattern(label: str) -> str:
    """``label`` as a regular expression that also matches it with soft hyphens between its
    letters (cbi/web/hyphenation.py): Playwright ignores them when it matches a string, not a
    regular expression."""
    return "\u00ad?".join(re.escape(letter) for letter in label)


def exactly(text: str) -> re.Pattern:
    """``text`` whole, with or without soft hyphens: for ``to_have_text`` with a list, which
    compares the raw text (soft hyphens included) with plain strings."""
    return re.compile(rf"^{label_pattern(text)}$")


def field(page: Page | Locator, label: str) -> Locator:
    """A form control by its label, with or without the “(optional)” mark."""
    return page.get_by_label(re.compile(rf"^{label_pattern(label)}( \(.+\))?$"))


def date_field(page: Page | Locator, label: str) -> Locator:
    """A date (three boxes День / Місяць / Рік in a fieldset) by its legend, with or without
    the “(optional)” mark: the group a screen reader announces."""
    return page.get_by_role("group", name=re.compile(rf"^{re.escape(label)}( \(.+\))?$"))


# The boxes' labels in Ukrainian and English (some tests fill the forms in English).
DATE_PART_LABELS = {"day": ("День", "Day"), "month": ("Місяць", "Month"), "year": ("Рік", "Year")}


def date_part(page: Page | Locator, label: str, part: str) -> Locator:
    """One box of a date: part is "day", "month" or "year" (labelled День/Місяць/Рік)."""
    return date_box(date_field(page, label), part)


def date_box(group: Locator, part: str) -> Locator:
    return group.get_by_label(re.compile(rf"^({'|'.join(map(label_pattern, DATE_PART_LABELS[part]))})$"))


def date_parts(value) -> tuple[str, str, str]:
    """Day, month and year as a person types them, from a date, "05.05.1971" or "1971-05-05"."""
    if isinstance(value, (date, datetime)):
        return str(value.day), str(value.month), str(value.year)
    if not value:
        return "", "", ""  # clear the three boxes
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        year, month, day = value.split("-")
    else:
        day, month, year = value.split(".")
    return day, month, year


def fill_date(page: Page | Locator, label: str, value) -> None:
    """Type a date the way a person does: day, month and year in their own boxes
    (``fill_date(page, "Дата народження", "05.05.1971")``; a ``date`` or ISO text works too)."""
    fill_date_group(date_field(page, label), value)


def fill_date_group(group: Locator, value) -> None:
    """``fill_date`` for a date's group already found (``date_field``)."""
    for part, text in zip(("day", "month", "year"), date_parts(value)):
        date_box(group, part).fill(text)


def is_date_group(control: Locator) -> bool:
    return control.evaluate("e => e.tagName === 'FIELDSET'")


def sign_in(page: Page, user, password: str = PASSWORD) -> None:
    """The real two-step sign-in; waits until the landing page is shown."""
    from tests.browser.conftest import staff_sign_in

    staff_sign_in(page, user.username, password)
    expect(page).not_to_have_url(re.compile(r"/staff/login/"))
    expect(page.get_by_role("button", name="Вийти")).to_be_visible()


def submit(page: Page, name: str = "Зберегти") -> None:
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def active_element(page: Page) -> dict:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name'),
                           text: (e.innerText || '').replace(/\u00ad/g, '').trim().slice(0, 200)}; }"""
    )


def focus_is_visible(page: Page) -> bool:
    """The focused element shows an outline or a box-shadow (a focus indicator)."""
    return page.evaluate(
        """() => { const e = document.activeElement;
                   if (!e || e === document.body) return false;
                   const s = getComputedStyle(e);
                   const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                   return outline || s.boxShadow !== 'none'; }"""
    )


def error_summary(page: Page) -> Locator:
    return page.get_by_role("alert").filter(has=page.get_by_role("heading", name="Виникла проблема"))


def expect_error_summary(page: Page, *messages: str) -> Locator:
    """After a refused submit: the title says so, the summary lists the
    messages and has focus, as a screen-reader user would hear it first."""
    summary = error_summary(page)
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(r"^Помилка: "))
    expect(summary).to_be_focused()
    return summary


def expect_field_error(control: Locator, message: str) -> None:
    """The control is marked invalid and its error message is announced with it."""
    expect(control).to_have_attribute("aria-invalid", "true")
    described = control.get_attribute("aria-describedby") or ""
    error_ids = [i for i in described.split() if i.endswith("_error")]
    assert error_ids, f"the control is not described by its error: aria-describedby={described!r}"
    error = control.page.locator(f"#{error_ids[0]}")
    expect(error).to_contain_text(message)
    expect(error).to_contain_text("Помилка:")


def expect_notification(page: Page, message: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(message)


def person_url(person, suffix: str = "") -> str:
    return f"/staff/persons/{person.pk}/{suffix}"


def sign_the_check_file_outside_the_browser(page: Page, signer, *, provider_name: str, english: bool = False) -> list[tuple[str, str, bytes]]:
    """Play a person with a signing application of their own on the КЕП step: download the
    page's check file, sign it (the Python side stands in for the application: a detached
    CAdES .p7s), choose the provider and the .p7s, and press the button. Returns (method, URL,
    body) of every request the page sent meanwhile (to show no key material left the page)."""
    import tempfile
    from pathlib import Path

    t_ = (lambda msgid: msgid) if english else t
    sent: list[tuple[str, str, bytes]] = []
    page.on("request", lambda request: sent.append((request.method, request.url, request.post_data_buffer or b"")))
    with page.expect_download() as download:
        page.get_by_role("link", name=t_("Download the check file")).click()
    check_file = Path(download.value.path()).read_bytes()
    page.get_by_label(t_("Your trust service provider (КНЕДП)")).select_option(label=provider_name)
    with tempfile.TemporaryDirectory() as directory:
        p7s = Path(directory) / "cbi-kep-check.txt.p7s"
        p7s.write_bytes(signer.p7s(check_file))
        page.get_by_label(t_("Signature file (.p7s)")).set_input_files(p7s)
        page.get_by_role("button", name=t_("Check the signature")).click()
        page.wait_for_load_state()
    return sent
