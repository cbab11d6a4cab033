"""Helpers for the citizen-journey browser tests (issue #6, item 2): a journey is
walked the way people with disabilities walk it — with the keyboard alone, at
320 CSS px, with text at 200 %, in forced colours (Windows high contrast) with
reduced motion, and with JavaScript switched off.

``Keyboard`` presses Tab the way a keyboard user does and, at EVERY focus stop,
checks that the focus is visible (the computed outline, box-shadow, colours or
border differ from the same element unfocused) and that, inside a form, the
focus never moves back up the page (except to the error summary).
"""

from __future__ import annotations

import re
import weakref
from contextlib import contextmanager

import pytest
from playwright.sync_api import Locator, Page, expect

NARROW = {"width": 320, "height": 640}
WIDE = {"width": 1280, "height": 900}

# The site's own text-size switch (A−/A+ in the header) keeps its choice in this cookie.
TEXT_COOKIE = "cbi_text"

# What the focused element looks like, and the same element without focus.
# One round trip after each key press: how the focused element looks focused and
# unfocused, where it is, whether it is the target; and, once per page, how every
# focusable element looks without focus (recorded for the next presses).
_STATE = """(target) => {
  const clear = (c) => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
  // The colour actually seen behind the element: its own or the nearest painted ancestor's.
  const seen = (el) => { for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
      const c = getComputedStyle(n).backgroundColor; if (!clear(c)) return c; }
    return 'rgb(255, 255, 255)'; };
  const pick = (el) => { const s = getComputedStyle(el); return {
    outline: s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0 || clear(s.outlineColor) ? 'none'
             : s.outlineStyle + ' ' + s.outlineWidth + ' ' + s.outlineColor,
    shadow: s.boxShadow, background: seen(el), color: s.color,
    border: s.borderTopStyle === 'none' || clear(s.borderTopColor) ? 'none'
            : s.borderTopStyle + ' ' + s.borderTopWidth + ' ' + s.borderTopColor,
    decoration: s.textDecorationLine + ' ' + s.textDecorationThickness,
  }; };
  const e = document.activeElement;
  let state = null;
  if (e && e !== document.body && e !== document.documentElement) {
    const focused = pick(e);
    // Unfocused: as recorded before this press; else blur and focus again.
    let unfocused = window.__cbiUnfocused && window.__cbiUnfocused.get(e);
    let refocused = true;
    if (!unfocused) {
      e.blur(); unfocused = pick(e); e.focus({preventScroll: true});
      refocused = document.activeElement === e;
    }
    const r = e.getBoundingClientRect();
    const form = e.form || e.closest('form');
    state = {
      focused, unfocused: unfocused || focused, stillFocused: refocused,
      tag: e.tagName.toLowerCase(), type: e.getAttribute('type') || '', id: e.id,
      name: e.getAttribute('name') || '', text: (e.innerText || e.value || '').replace(/\u00ad/g, '').trim().slice(0, 60),
      href: e.getAttribute('href') || '',
      top: r.top + window.scrollY, left: r.left + window.scrollX, width: r.width, height: r.height,
      form: form ? Array.prototype.indexOf.call(document.forms, form) : -1,
      inSummary: !!e.closest('[data-error-summary], .error-summary'),
    };
  }
  if (!window.__cbiUnfocused) {
    const map = new Map();
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
      if (el !== document.activeElement) map.set(el, pick(el));
    }
    window.__cbiUnfocused = map;
  }
  return {state, isTarget: !!target && (target === e || (Array.isArray(target) && target.includes(e)))};
}"""


def _describe(state: dict) -> str:
    bits = [state["tag"]]
    if state["type"]:
        bits.append(f"type={state['type']}")
    if state["name"]:
        bits.append(f"name={state['name']}")
    if state["id"]:
        bits.append(f"#{state['id']}")
    if state["text"]:
        bits.append(repr(state["text"]))
    return " ".join(bits)


def focus_change(state: dict) -> list[str]:
    """The properties that change when the element takes focus: its focus indicator."""
    return [key for key in state["focused"] if state["focused"][key] != state["unfocused"][key]]


class Keyboard:
    """Tab through a page as a keyboard user, checking each focus stop."""

    def __init__(self, page: Page, *, check_visible: bool = True):
        self.page = page
        self.check_visible = check_visible
        self.stops: list[dict] = []
        self._last: dict | None = None
        self._url = page.url

    def _reset_if_new_page(self) -> None:
        if self.page.url != self._url:
            self._url = self.page.url
            self._last = None

    def _observe(self, target: Locator | None = None, *, many: bool = False) -> dict:
        if target is None:
            return self.page.evaluate(_STATE, None)
        if many:
            return target.evaluate_all(_STATE)
        return target.evaluate(_STATE)

    def _check(self, state: dict) -> None:
        where = f"{_describe(state)} on {self.page.url}"
        assert state["stillFocused"], f"focus could not be restored to {where}"
        if self.check_visible:
            assert focus_change(state), (
                f"the focus is not visible on {where}: the element looks the same focused and unfocused "
                f"({state['focused']})")
            assert state["width"] > 0 and state["height"] > 0, f"focus went to an invisible element: {where}"
        last = self._last
        if last is not None and state["form"] >= 0 and state["form"] == last["form"] and not state["inSummary"] \
                and not last["inSummary"]:
            same_row = abs(state["top"] - last["top"]) < max(4, min(state["height"], last["height"]) / 2)
            assert state["top"] >= last["top"] - 1 or same_row, (
                f"the focus order goes back up the form: {_describe(last)} (at {last['top']:.0f}px) → "
                f"{where} (at {state['top']:.0f}px)")
            if same_row:
                # Within one row the order follows reading order (left to right).
                assert state["left"] >= last["left"] - 1 or state["top"] > last["top"] + 1, (
                    f"the focus order goes right to left: {_describe(last)} → {where}")
        self._last = state
        self.stops.append(state)

    def press(self, key: str = "Tab", target: Locator | None = None, *, many: bool = False) -> bool:
        """Press a key; check where the focus went. True when it is on ``target``."""
        self._reset_if_new_page()
        self.page.keyboard.press(key)
        seen = self._observe(target, many=many)
        if seen["state"] is not None:
            self._check(seen["state"])
        return seen["isTarget"]

    def tab_to(self, target: Locator, limit: int = 60) -> None:
        """Press Tab until ``target`` has focus (at most ``limit`` times)."""
        self._reset_if_new_page()
        if self._observe(target)["isTarget"]:
            return
        for _ in range(limit):
            if self.press("Tab", target):
                return
        raise AssertionError(f"could not reach {target} with {limit} presses of Tab on {self.page.url}; "
                             f"the last stops: {[_describe(s) for s in self.stops[-5:]]}")

    def type_into(self, target: Locator, text: str) -> None:
        """Reach a text field with Tab, clear what is in it and type."""
        self.tab_to(target)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)
        expect(target).to_have_value(text)

    def type_date(self, group: Locator, value) -> None:
        """A date: three boxes День, Місяць, Рік in one group; Tab into each and type
        (``value``: a date, "27.03.1985" or "1985-03-27"). The three boxes are three Tab
        stops, left to right."""
        from tests.browser.support import date_box, date_parts

        for part, text in zip(("day", "month", "year"), date_parts(value)):
            self.type_into(date_box(group, part), text)

    def check(self, target: Locator) -> None:
        """A radio button or checkbox: Tab into its group, then arrows to it (radios)
        or Space (checkboxes), as the keyboard works in a native group."""
        role = target.evaluate("e => e.type")
        if role == "radio":
            group = target.evaluate("e => e.name")
            radios = self.page.locator(f"input[type=radio][name='{group}']")
            self.tab_to_any(radios)
            on_target = self._observe(target)["isTarget"]
            for _ in range(radios.count()):
                if on_target:
                    break
                on_target = self.press("ArrowDown", target)
            self.page.keyboard.press("Space")
        else:
            self.tab_to(target)
            self.page.keyboard.press("Space")
        expect(target).to_be_checked()

    def tab_to_any(self, targets: Locator, limit: int = 60) -> None:
        self._reset_if_new_page()
        if self._observe(targets, many=True)["isTarget"]:
            return
        for _ in range(limit):
            if self.press("Tab", targets, many=True):
                return
        raise AssertionError(f"could not reach any of {targets} with Tab on {self.page.url}")

    def choose_file(self, target: Locator, payload) -> None:
        """The file chooser is the operating system's dialog: a keyboard user reaches
        the input with Tab, presses Enter or Space and picks the file there —
        ``set_input_files`` is what the dialog does."""
        self.tab_to(target)
        target.set_input_files(payload)

    def activate(self, target: Locator, *, navigates: bool = True) -> None:
        """Reach a link or button with Tab and press Enter."""
        self.tab_to(target)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
            self._reset_if_new_page()
        else:
            self.page.keyboard.press("Enter")

    def skip_to_main(self) -> None:
        """The first Tab stop on every page is the skip link; Enter moves to the content."""
        self._reset_if_new_page()
        self._last = None
        before = len(self.stops)
        self.press("Tab")
        state = self.stops[-1] if len(self.stops) > before else None
        assert state and state["tag"] == "a" and state["href"] == "#main", (
            f"the first Tab stop on {self.page.url} is not the skip link: {state and _describe(state)}")
        self.page.keyboard.press("Enter")
        self._last = None


def keyboard_only(page: Page, *, forced: bool = False, **options) -> Keyboard:
    """A keyboard user on ``page``; ``forced``: in forced colours with reduced motion."""
    if forced:
        forced_colours(page)
    return Keyboard(page, **options)


def fill_by_keyboard(keyboard: Keyboard, fields: list[tuple[Locator, str]]) -> None:
    """Fill text fields in the order given (which is the order on the page), with
    Tab and typing only. A target that is a date's group (``support.date_field``) gets the
    date typed into its three boxes."""
    for target, value in fields:
        if target.evaluate("e => e.tagName === 'FIELDSET'"):
            keyboard.type_date(target, value)
        else:
            keyboard.type_into(target, value)


# --- Reflow and text size ----------------------------------------------------------------

_OVERFLOW = """() => {
  const root = document.scrollingElement;
  const limit = root.clientWidth + 1;
  const wide = [];
  if (root.scrollWidth > limit) {
    for (const e of document.body.querySelectorAll('*')) {
      const r = e.getBoundingClientRect();
      if (r.right > limit && r.width > 0 && getComputedStyle(e).visibility !== 'hidden'
          && !e.closest('.visually-hidden, .skip-link')) {
        wide.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
                  (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') +
                  ' right=' + Math.round(r.right) + ' ' + JSON.stringify((e.innerText || e.value || '').trim().slice(0, 40)));
      }
    }
  }
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(-8)};
}"""


def assert_no_horizontal_scroll(page: Page, label: str = "") -> None:
    """WCAG 1.4.10: the page reflows; nothing makes it scroll sideways."""
    result = page.evaluate(_OVERFLOW)
    assert result["scrollWidth"] <= result["clientWidth"] + 1, (
        f"{page.url} {label} scrolls horizontally at {page.viewport_size['width']} px: "
        f"scrollWidth {result['scrollWidth']} > clientWidth {result['clientWidth']}; too wide: {result['wide']}")


def at_320(page: Page) -> None:
    page.set_viewport_size(NARROW)


def text_200_by_the_site(page: Page, base_url: str) -> None:
    """The site's own A+ switch at its largest step: the cookie it sets."""
    page.context.add_cookies([{"name": TEXT_COOKIE, "value": "200", "url": base_url}])


ZOOM_TEXT = "document.documentElement.style.setProperty('font-size', '200%', 'important')"


def text_200_by_the_browser(page: Page) -> None:
    """Browser-level text zoom (the default font size doubled, as Chrome's and
    Firefox's text-only zoom or Android's font scale do), emulated by doubling the root
    font size on every page the context opens. (A <style> element would be refused by
    the site's Content-Security-Policy; a style set through the CSSOM is not.)"""
    page.context.add_init_script(f"document.addEventListener('DOMContentLoaded', () => {{ {ZOOM_TEXT}; }});")
    if page.url.startswith("http"):
        page.evaluate(ZOOM_TEXT)


def root_font_size(page: Page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def text_200(page: Page, base_url: str, how: str = "site") -> None:
    """Text at 200 %: ``how`` is "site" (the header's A+ switch) or "browser" (text zoom)."""
    if how == "site":
        text_200_by_the_site(page, base_url)
    elif how == "browser":
        text_200_by_the_browser(page)
    else:
        raise ValueError(how)


# --- Forced colours and reduced motion ---------------------------------------------------

def forced_colours(page: Page) -> None:
    """Windows high contrast (forced colours) with reduced motion, as many people with
    low vision or vestibular disorders set them."""
    page.emulate_media(forced_colors="active", reduced_motion="reduce")


_CONTROLS = """() => {
  const problems = [];
  const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0
                           && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.visually-hidden'); };
  const controls = document.querySelectorAll(
    'input:not([type=hidden]):not([type=radio]):not([type=checkbox]):not([type=file]), select, textarea, .button');
  for (const e of controls) {
    if (!visible(e)) continue;
    const s = getComputedStyle(e);
    const name = e.tagName.toLowerCase() + (e.name ? '[name=' + e.name + ']' : '') + ' ' +
                 JSON.stringify((e.innerText || e.value || '').trim().slice(0, 30));
    const bordered = ['Top', 'Right', 'Bottom', 'Left'].every(side =>
      s['border' + side + 'Style'] !== 'none' && parseFloat(s['border' + side + 'Width']) > 0);
    if (!bordered) problems.push(name + ': no visible border (its edges disappear in forced colours)');
    if (s.color === s.backgroundColor) problems.push(name + ': text colour equals background ' + s.color);
    if (parseFloat(s.opacity) < 0.4 && !e.disabled) problems.push(name + ': almost transparent');
  }
  for (const e of document.querySelectorAll('h1, h2, label, legend, p, a, dt, dd, li, th, td')) {
    if (!visible(e) || !(e.innerText || '').trim()) continue;
    const s = getComputedStyle(e);
    if (s.color === s.backgroundColor) problems.push(e.tagName.toLowerCase() + ': text colour equals its background');
  }
  return problems;
}"""


def assert_controls_visible(page: Page, label: str = "") -> None:
    """In forced colours every text field, select and button keeps its edges
    (a border, since backgrounds and shadows are replaced) and readable text."""
    problems = page.evaluate(_CONTROLS)
    assert not problems, f"controls lose their outline or text on {page.url} {label}: {problems}"


_MOTION = """() => {
  const seconds = (value) => Math.max(...value.split(',').map(v => v.trim().endsWith('ms')
                                       ? parseFloat(v) / 1000 : parseFloat(v) || 0));
  const moving = [];
  for (const a of document.getAnimations()) {
    const timing = a.effect && a.effect.getComputedTiming ? a.effect.getComputedTiming() : {};
    if ((timing.duration || 0) > 10 && a.playState === 'running') {
      moving.push((a.animationName || a.transitionProperty || 'animation') + ' ' + timing.duration + 'ms');
    }
  }
  for (const e of document.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    if (seconds(s.transitionDuration) > 0.01 || (s.animationName !== 'none' && seconds(s.animationDuration) > 0.01)) {
      moving.push(e.tagName.toLowerCase() + ': transition ' + s.transitionDuration + ', animation ' + s.animationName);
    }
  }
  return moving.slice(0, 10);
}"""


def assert_no_motion(page: Page, label: str = "") -> None:
    """With reduced motion, nothing animates or transitions for longer than 10 ms."""
    moving = page.evaluate(_MOTION)
    assert not moving, f"things still move with reduced motion on {page.url} {label}: {moving}"


def assert_forced_colours_usable(page: Page, label: str = "") -> None:
    assert page.evaluate("matchMedia('(forced-colors: active)').matches"), "forced colours are not emulated"
    assert page.evaluate("matchMedia('(prefers-reduced-motion: reduce)').matches"), "reduced motion is not emulated"
    assert_controls_visible(page, label)
    assert_no_motion(page, label)


_WITHOUT_JS: "weakref.WeakSet[Page]" = weakref.WeakSet()


# --- Without JavaScript -------------------------------------------------------------------

@contextmanager
def no_js_context(browser, base_url: str, **options):
    """A browser with JavaScript switched off (some people and some assistive
    set-ups run without it); yields a page."""
    context = browser.new_context(base_url=base_url, java_script_enabled=False, locale="uk-UA",
                                  viewport=options.pop("viewport", WIDE), **options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    _WITHOUT_JS.add(page)
    try:
        yield page
    finally:
        context.close()


def open_menu(page: Page) -> None:
    """On a narrow screen the header's switches and menu are folded behind “Menu” (a
    <details> disclosure): open it, as a person would; on a wide screen it is open."""
    toggle = page.locator("details.site-menu > summary")
    if toggle.is_visible() and not page.locator("details.site-menu").evaluate("d => d.open"):
        toggle.click()


def h1(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def runs_scripts(page: Page) -> bool:
    return page not in _WITHOUT_JS


def expect_errors(page: Page, *messages: str) -> Locator:
    """After a refused submit: the error summary lists the messages and the title says
    “Error:”; with scripts, the summary has focus (cbi.js moves it there); without
    scripts it does not (proof they are off), and the page still works."""
    from tests.browser.support import error_summary, t

    summary = error_summary(page)
    expect(summary).to_be_visible()
    for message in messages:
        expect(summary).to_contain_text(message)
    expect(page).to_have_title(re.compile(rf"^{re.escape(t('Error'))}: "))
    if runs_scripts(page):
        expect(summary).to_be_focused()
    else:
        expect(summary).not_to_be_focused()
    return summary


# --- One walk, several display modes -----------------------------------------------------

DISPLAY_MODES = ["320px-forced-colours-reduced-motion", "320px-text-200-site-switch", "320px-text-200-browser-zoom"]


def apply_display_mode(page: Page, base_url: str, mode: str) -> None:
    at_320(page)
    if mode == "320px-forced-colours-reduced-motion":
        forced_colours(page)
    else:
        text_200(page, base_url, {"320px-text-200-site-switch": "site", "320px-text-200-browser-zoom": "browser"}[mode])


class DisplayCheck:
    """What to check on each page in a display mode (and axe, when given). Problems are
    collected over the whole journey, so one failure lists every page that has it."""

    def __init__(self, mode: str, axe=None):
        self.mode = mode
        self.axe = axe
        self.problems: list[str] = []
        self.pages: list[str] = []

    def __call__(self, page: Page, label: str = "") -> None:
        page.wait_for_load_state()
        self.pages.append(label)
        if "text-200" in self.mode:
            assert root_font_size(page) == 32, f"text is not at 200 % on {page.url} {label}"
        for check in (assert_no_horizontal_scroll, *((assert_forced_colours_usable,)
                                                     if "forced-colours" in self.mode else ())):
            try:
                check(page, f"({label})")
            except AssertionError as problem:
                self.problems.append(str(problem).split("\n")[0])
        if self.axe is not None:
            self.axe.check(page, f"{label} {self.mode}")

    def assert_clean(self) -> None:
        assert self.pages, "the journey checked no page"
        assert not self.problems, f"{self.mode}: {len(self.problems)} problem(s):\n" + "\n".join(self.problems)


def display_check(mode: str, axe=None) -> DisplayCheck:
    return DisplayCheck(mode, axe)


def walk_in_display_mode(page: Page, base_url: str, mode: str, walk, axe=None) -> None:
    """Set the mode, walk the journey (``walk(check)`` calls ``check(page, label)`` on
    each page), then fail with every problem found on the way."""
    apply_display_mode(page, base_url, mode)
    check = display_check(mode, axe)
    walk(check)
    check.assert_clean()


def no_js_check(page: Page, label: str = "") -> None:
    """Without scripts every page still has its heading and its form or content."""
    expect(h1(page)).to_have_count(1)
    expect(page.get_by_role("main")).to_be_visible()


# --- Fixtures the journey modules import -------------------------------------------------

@pytest.fixture
def clear_throttle():
    """Sign-in and code checks are throttled per client; each test starts afresh."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Uploaded scans go to a temporary folder."""
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "media")}}}


# --- The cabinet ----------------------------------------------------------------------------

def cabinet_sign_in(page: Page, username: str, password: str, check=None) -> None:
    """Sign in to the cabinet with the mouse; ``check`` on the sign-in page and its error."""
    from tests.browser.support import t

    page.goto("/cabinet/login/")
    if check:
        check(page, "cabinet sign-in")
        page.get_by_label(t("Login")).fill(username)
        page.get_by_label(t("Password")).fill("не той пароль")
        page.get_by_role("button", name=t("Sign in")).click()
        expect_errors(page)
        check(page, "cabinet sign-in error")
    page.get_by_label(t("Login")).fill(username)
    page.get_by_label(t("Password")).fill(password)
    page.get_by_role("button", name=t("Sign in")).click()
    expect(h1(page)).to_have_text(t("My cabinet"))


def cabinet_sign_in_by_keyboard(keyboard: Keyboard, username: str, password: str) -> None:
    from tests.browser.support import t

    page = keyboard.page
    page.goto("/cabinet/login/")
    keyboard.skip_to_main()
    fill_by_keyboard(keyboard, [(page.get_by_label(t("Login")), username),
                                (page.get_by_label(t("Password")), password)])
    keyboard.activate(page.get_by_role("button", name=t("Sign in")))
    expect(h1(page)).to_have_text(t("My cabinet"))


def keyboard_colours():
    """Parameters for a keyboard journey: normal colours, and forced colours."""
    return pytest.mark.parametrize("colours", ["normal", "forced"])


def display_modes():
    return pytest.mark.parametrize("mode", DISPLAY_MODES)
