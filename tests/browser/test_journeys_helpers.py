"""The journey helpers themselves catch what they are for: an invisible focus, focus
going back up a form, a page wider than 320 px, motion despite reduced motion, and a
control that loses its edges in forced colours."""

from __future__ import annotations

import pytest

from tests.browser import journeys as J

pytestmark = [pytest.mark.browser]

PAGE = """<!DOCTYPE html><html lang="uk"><head><title>Перевірка</title><style>
  :focus-visible { outline: 3px solid #fd0; }
  .bare:focus-visible { outline: none; }
  .wide { width: 500px; }
  .moving { transition: color 2s; }
  .flat { border: 0; }
  form { display: flex; flex-direction: column; }
  #second { order: -1; }
</style></head><body><main><h1>Перевірка</h1>
<form><input id="first" aria-label="Перше"><input id="second" aria-label="Друге"></form>
<a href="#x" class="bare">Без фокуса</a>
<button class="button flat moving" type="button">Кнопка</button>
<div class="wide">Широкий блок</div></main></body></html>"""


@pytest.fixture
def static_page(browser):
    context = browser.new_context(viewport=J.NARROW)
    page = context.new_page()
    page.set_content(PAGE)
    yield page
    context.close()


def test_the_helpers_catch_what_they_check(static_page):
    page = static_page
    kb = J.keyboard_only(page)
    kb.tab_to(page.locator("#first"))
    with pytest.raises(AssertionError, match="goes back up the form"):
        kb.press("Tab")  # #second is shown above #first
    with pytest.raises(AssertionError, match="focus is not visible"):
        J.keyboard_only(page).tab_to(page.get_by_role("link", name="Без фокуса"))
    with pytest.raises(AssertionError, match="scrolls horizontally"):
        J.assert_no_horizontal_scroll(page)
    with pytest.raises(AssertionError, match="transition"):
        J.assert_no_motion(page)
    J.forced_colours(page)
    with pytest.raises(AssertionError, match="no visible border"):
        J.assert_controls_visible(page)
