"""Issue #11, section 3 — “A person gets through”: the header's switches keep what was
typed; their names contain what they show; the header folds at 320 px with 200 % text;
pages reflow at 400 % zoom; Ukrainian data on English pages is marked lang="uk".

Played as a person: typing in primary registration, pressing A+, the contrast and the
language switch with and without JavaScript, at a phone's width with large text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.applications.fixtures import CABINET_PASSWORD, cabinet_user_for
from tests.browser import journeys as J
from tests.browser.support import field, label_pattern, person_url, sign_in, t

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SURNAME, PHONE = "Коваль", "0671234567"
FULL_NAME = "Петренко Олена Іванівна"


def to_person_step(page) -> None:
    page.goto("/primary-registration/who/")
    page.get_by_role("radio", name=t("For myself"), exact=True).check()
    page.get_by_role("button", name=t("Continue"), exact=True).click()
    expect(J.h1(page)).to_have_text(t("The person's details"))


def type_surname_and_phone(page) -> None:
    field(page, t("Surname")).fill(SURNAME)
    field(page, t("Mobile phone")).fill(PHONE)
    page.get_by_role("radio", name=t("female"), exact=True).check()


def expect_typed_values(page) -> None:
    expect(field(page, t("Surname"))).to_have_value(SURNAME)
    expect(field(page, t("Mobile phone"))).to_have_value(PHONE)
    expect(page.get_by_role("radio", name=t("female"), exact=True)).to_be_checked()
    expect(page.locator(".error-summary")).to_have_count(0)  # kept, not validated
    expect(page.locator("[aria-invalid=true]")).to_have_count(0)


def larger(page):
    return page.get_by_role("button", name=f"A+ {t('Larger text')}", exact=True)


# --- 1. The switches keep what was typed --------------------------------------------------

def test_a_plus_with_javascript_changes_the_text_in_place_and_keeps_what_was_typed(page, organizations, axe):
    to_person_step(page)
    type_surname_and_phone(page)
    page.evaluate("window.__samePage = true")
    larger(page).click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))
    assert page.evaluate("window.__samePage === true"), "the page was reloaded"
    expect(page.locator("[data-display-status]")).to_have_text(t("Text size is now %(size)s%%", size=125))
    expect(page.get_by_text(f"{t('Text size')}: 125%")).to_be_visible()
    assert J.root_font_size(page) == 20
    expect_typed_values(page)
    contrast = page.get_by_role("button", name=t("High contrast"))
    contrast.click()
    expect(contrast).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    expect(page.locator("[data-display-status]")).to_have_text(t("High contrast on"))
    expect_typed_values(page)
    axe.check(page, "person step after A+ and contrast, in place")
    # The choice is a cookie: the next page has it too.
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"text-125 high-contrast"))


def test_a_plus_at_the_largest_size_leaves_the_focus_on_a_switch(page, organizations, live_server):
    page.context.add_cookies([{"name": J.TEXT_COOKIE, "value": "150", "url": live_server.url}])
    to_person_step(page)
    larger(page).focus()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-200\b"))
    expect(larger(page)).to_be_disabled()
    expect(page.get_by_role("button", name=f"A− {t('Smaller text')}", exact=True)).to_be_focused()


def test_a_plus_and_contrast_without_javascript_keep_what_was_typed(browser, live_server, organizations):
    with J.no_js_context(browser, live_server.url) as page:
        to_person_step(page)
        type_surname_and_phone(page)
        larger(page).click()
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))
        expect(page).to_have_url(re.compile(r"/primary-registration/person/$"))
        expect_typed_values(page)
        page.get_by_role("button", name=t("High contrast")).click()
        expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
        expect_typed_values(page)
        # Shown once: the values are not stored for later.
        page.reload()
        expect(field(page, t("Surname"))).to_have_value("")


def test_enter_in_a_field_still_submits_the_step_not_a_header_switch(browser, live_server, organizations):
    with J.no_js_context(browser, live_server.url) as page:
        to_person_step(page)
        field(page, t("Surname")).fill(SURNAME)
        field(page, t("Surname")).press("Enter")
        J.expect_errors(page)  # the step's own submit: the other fields are missing
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-100\b"))


@pytest.mark.parametrize("scripts", [True, False], ids=["javascript", "no-javascript"])
def test_the_language_switch_mid_form_keeps_what_was_typed(browser, live_server, organizations, scripts):
    context = browser.new_context(base_url=live_server.url, locale="uk-UA", java_script_enabled=scripts,
                                  viewport=J.WIDE)
    try:
        page = context.new_page()
        to_person_step(page)
        type_surname_and_phone(page)
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(J.h1(page)).to_have_text("The person's details")
        expect(page.get_by_label(re.compile("^" + label_pattern("Surname")))).to_have_value(SURNAME)
        expect(page.get_by_label(re.compile("^" + label_pattern("Mobile phone")))).to_have_value(PHONE)
        expect(page.get_by_role("radio", name="female", exact=True)).to_be_checked()
        expect(page.locator(".error-summary")).to_have_count(0)
        page.get_by_role("button", name="Українською").click()
        expect(page.locator("html")).to_have_attribute("lang", "uk")
        expect_typed_values(page)
    finally:
        context.close()


def test_the_language_switch_keeps_a_form_the_server_does_not_know_with_javascript(page, organizations):
    """A page without id="page-form" (the catalogue's search, a GET form): the values go
    through sessionStorage, and are deleted once put back."""
    page.goto("/catalogue/")
    page.locator("main input[name=q]").fill("крісло")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main input[name=q]")).to_have_value("крісло")
    assert page.evaluate("sessionStorage.length") == 0


def test_passwords_are_never_kept(browser, live_server, organizations):
    from django.contrib.sessions.models import Session

    with J.no_js_context(browser, live_server.url) as page:
        page.goto("/cabinet/login/")
        page.get_by_label(t("Login")).fill("olena")
        page.get_by_label(t("Password")).fill("таємниця-2026")
        larger(page).click()
        expect(page.locator("html")).to_have_class(re.compile(r"\btext-125\b"))
        expect(page.get_by_label(t("Login"))).to_have_value("olena")
        expect(page.get_by_label(t("Password"))).to_have_value("")
    for session in Session.objects.all():
        assert "таємниця" not in str(session.get_decoded())


# --- 2. Label in name ---------------------------------------------------------------------

def test_the_visible_a_minus_and_a_plus_begin_their_accessible_names(page, organizations):
    page.goto("/")
    for visible, hidden in (("A−", "Smaller text"), ("A+", "Larger text")):
        button = page.get_by_role("button", name=f"{visible} {t(hidden)}", exact=True)
        expect(button).to_have_count(1)
        expect(button).to_have_text(re.compile(rf"^{re.escape(visible)}"))
        name = button.evaluate("e => e.innerText.trim()")
        assert name.startswith(visible), name


# --- 3. The header at 320 px with 200 % text ---------------------------------------------

SMALL_PHONE = {"width": 320, "height": 568}

# Words wrap whole, or at a syllable: a word may break only where the server put a soft hyphen
# (U+00AD, cbi/web/hyphenation.py), never inside a syllable — what `overflow-wrap: anywhere` did
# in flex items, and `break-word` did to every word longer than the line (Chromium has no
# Ukrainian dictionary for `hyphens: auto`). Each run of letters between soft hyphens must sit on
# one line.
_SPLIT_WORDS = """() => {
  const broken = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('.visually-hidden, .skip-link, script, style, [hidden], .brand-long')) continue;
    const rect = parent.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;
    // A line may break after a hyphen or a dash (“ID-|картка”): those are two words here.
    // E-mail addresses, links and codes (with @, /, digits) are not words: they may break anywhere.
    for (const match of node.data.matchAll(/[^\\s\\-\\u2010\\u2013\\u2014]{2,}/g)) {
      if (/[@\\/\\d_]/.test(match[0])) continue;
      let offset = match.index;
      for (const syllables of match[0].split('\\u00ad')) {
        // Letter by letter: a range that starts after a soft hyphen where the line broke also
        // has the rect of the drawn hyphen, on the line before; the letter's own rect is the last.
        const lines = new Set();
        for (let i = offset; i < offset + syllables.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rects = [...range.getClientRects()].filter(r => r.width > 0);
          if (rects.length) lines.add(Math.round(rects[rects.length - 1].bottom));
        }
        if (lines.size > 1) broken.add(parent.tagName.toLowerCase() + ': ' + match[0].replaceAll('\\u00ad', '·'));
        offset += syllables.length + 1;
      }
    }
  }
  return [...broken].slice(0, 10);
}"""


def check_small_phone(page, label: str) -> None:
    page.wait_for_load_state()
    assert J.root_font_size(page) == 32, f"text is not at 200 % on {label}"
    top = J.h1(page).evaluate("e => e.getBoundingClientRect().top + window.scrollY")
    assert top < SMALL_PHONE["height"], f"{label}: the h1 starts at {top:.0f}px, below the first screen"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"{label}: the page is {width}px wide"
    broken = page.evaluate(_SPLIT_WORDS)
    assert not broken, f"{label}: words broken inside: {broken}"


@pytest.mark.parametrize("how", ["site", "browser"])
def test_the_h1_is_on_the_first_screen_of_a_small_phone_with_200_percent_text(
        new_page, live_server, organizations, person, district_officer, how):
    from django.core.cache import cache

    cache.clear()
    page = new_page(viewport=SMALL_PHONE)
    J.text_200(page, live_server.url, how)
    # The pages with the longest Ukrainian words: “користуватиметься”, “Централізованого”,
    # “ідентифікаційним”, “використовується”, “Зареєструватися”, “постачальниками”…
    for path in ("/", "/cabinet/start/", "/primary-registration/", "/cabinet/login/", "/help/accessibility/",
                 "/cabinet/register/", "/cabinet/register/code/", "/help/", "/help/car/", "/help/products/",
                 "/catalogue/", "/help/accessibility/report/?page=/"):
        page.goto(path)
        check_small_phone(page, path)
    to_person_step(page)
    check_small_phone(page, "primary registration, the person's details")

    # The menu: folded behind “Menu”; opening it shows the switches.
    menu = page.locator("summary", has_text=t("Menu"))
    expect(menu).to_be_visible()
    expect(larger(page)).to_be_hidden()
    menu.click()
    expect(page.locator("details.site-menu")).to_have_attribute("open", "")
    expect(page.get_by_role("button", name=f"A− {t('Smaller text')}", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= SMALL_PHONE["width"], f"the open menu makes the page {width}px wide"

    cabinet_user_for(person, "olena.cabinet")
    J.cabinet_sign_in(page, "olena.cabinet", CABINET_PASSWORD)
    check_small_phone(page, "cabinet home")
    for path in ("/cabinet/car-queue/", "/cabinet/applications/", "/cabinet/applications/new/", "/cabinet/notifications/"):
        page.goto(path)
        check_small_phone(page, path)
    officer = new_page(viewport=SMALL_PHONE)
    J.text_200(officer, live_server.url, how)
    officer.goto("/staff/login/")
    check_small_phone(officer, "staff sign-in")


def test_the_menu_opens_from_the_keyboard_and_its_state_is_exposed(page, organizations):
    page.set_viewport_size(SMALL_PHONE)
    page.goto("/")
    menu = page.locator("summary", has_text=t("Menu"))
    menu.focus()
    expect(menu).to_be_focused()
    assert not page.evaluate("document.querySelector('details.site-menu').open")
    page.keyboard.press("Enter")
    expect(page.locator("details.site-menu")).to_have_attribute("open", "")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=f"A− {t('Smaller text')}", exact=True)).to_be_visible()
    # At a desktop width everything is shown, with no “Menu”.
    page.set_viewport_size(J.WIDE)
    page.goto("/")
    expect(menu).to_be_hidden()
    expect(larger(page)).to_be_visible()


def test_without_javascript_the_desktop_header_is_open_and_the_phone_menu_works(browser, live_server, organizations):
    with J.no_js_context(browser, live_server.url) as page:
        page.goto("/")
        expect(larger(page)).to_be_visible()
        page.set_viewport_size(SMALL_PHONE)
        expect(larger(page)).to_be_hidden()
        page.locator("summary", has_text=t("Menu")).click()
        expect(larger(page)).to_be_visible()


# --- Reflow at 400 % of a 1280 px window --------------------------------------------------

def test_a_sample_of_pages_reflows_at_400_percent_zoom(browser, live_server, organizations, person, district_officer, axe):
    """1280×900 at 400 %: 320×225 CSS px at four device pixels each — pages of every role: no
    sideways scrolling, and no word cut inside a syllable."""
    context = browser.new_context(base_url=live_server.url, locale="uk-UA",
                                  viewport={"width": 320, "height": 225}, device_scale_factor=4)
    problems = []

    def check(page, path):
        page.goto(path)
        try:
            J.assert_no_horizontal_scroll(page, path)
        except AssertionError as problem:
            problems.append(str(problem))
        broken = page.evaluate(_SPLIT_WORDS)
        if broken:
            problems.append(f"{path}: words broken inside: {broken}")

    try:
        page = context.new_page()
        cabinet_user_for(person, "olena.cabinet")
        for path in ("/", "/cabinet/start/", "/primary-registration/", "/primary-registration/who/", "/catalogue/",
                     "/help/", "/help/car/", "/help/products/", "/help/accessibility/",
                     "/help/accessibility/report/?page=/", "/cabinet/login/", "/cabinet/register/",
                     "/cabinet/register/code/", "/staff/login/"):
            check(page, path)
        J.cabinet_sign_in(page, "olena.cabinet", CABINET_PASSWORD)
        for path in ("/cabinet/", "/cabinet/applications/", "/cabinet/applications/new/", "/cabinet/notifications/",
                     "/cabinet/car-queue/"):
            check(page, path)
        axe.check(page, "car queue at 400 %")
        officer = context.browser.new_context(base_url=live_server.url, locale="uk-UA",
                                              viewport=J.WIDE, device_scale_factor=4).new_page()
        sign_in(officer, district_officer)  # at the desktop width, where “Sign out” shows
        officer.set_viewport_size({"width": 320, "height": 225})
        for path in (person_url(person), "/staff/persons/?by=rnokpp&r-rnokpp=3113201244", "/staff/car-queue/"):
            check(officer, path)
        officer.context.close()
        assert not problems, "\n".join(problems)
    finally:
        context.close()


# --- 4. Ukrainian data on English pages ----------------------------------------------------

def test_the_name_on_an_english_cabinet_home_is_marked_ukrainian(page, live_server, person, axe):
    cabinet_user_for(person, "olena.cabinet")
    J.cabinet_sign_in(page, "olena.cabinet", CABINET_PASSWORD)
    page.get_by_role("button", name="English").click()
    expect(J.h1(page)).to_have_text("My cabinet")
    expect(page.locator("main [lang=uk]", has_text=FULL_NAME)).to_have_count(1)
    expect(page.locator("main [lang=uk]", has_text=person.office.name).first).to_be_visible()
    axe.check(page, "cabinet home in English")
    # In Ukrainian nothing is wrapped.
    page.get_by_role("button", name="Українською").click()
    expect(page.locator("main [lang=uk]")).to_have_count(0)


def test_the_name_on_an_english_person_record_is_marked_ukrainian(officer_page, person, axe):
    page = officer_page
    page.get_by_role("button", name="English").click()
    page.goto(person_url(person))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(J.h1(page).locator("[lang=uk]")).to_have_text(FULL_NAME)
    axe.check(page, "person record in English")
