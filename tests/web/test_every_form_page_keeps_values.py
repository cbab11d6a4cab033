"""The header's switches keep what was typed without JavaScript (issue #11, section 3) on every
form page, found by walking the templates of every app (not a hand list).

A form keeps its values through A−/A+, contrast and the language without JavaScript when it is
the page's form (``id="page-form"``, cbi/web/keep.py; base.html looks for it in the page). Every
other ``<form>`` in a page template must be listed in ``NOT_THE_PAGE_FORM`` with the reason; a
new one that is neither fails ``test_every_form_is_the_page_form_or_says_why_not``. With
JavaScript, cbi.js applies the switches in place on every page, so nothing is lost there.
"""

from __future__ import annotations

import re
from pathlib import Path

import cbi

ROOT = Path(cbi.__file__).parent
FORM_TAG = re.compile(r"<form\b[^>]*>", re.S)
COMMENT = re.compile(r"{#.*?#}", re.S)
PAGE_FORM = 'id="page-form"'

NOTHING_TYPED = "buttons only (and hidden fields): nothing typed to lose"
NOT_THE_PAGE_FORM = {
    # Nothing typed on the page.
    "applications/templates/applications/cabinet/check.html": NOTHING_TYPED,
    "applications/templates/applications/cabinet/discard.html": NOTHING_TYPED,
    "applications/templates/applications/cabinet/my_products.html": NOTHING_TYPED,
    "cabinet/templates/cabinet/registered.html": NOTHING_TYPED,
    "primary/templates/primary/check.html": NOTHING_TYPED,
    "carqueue/templates/carqueue/settings_confirm.html": NOTHING_TYPED,
    "carqueue/templates/carqueue/allocation_confirm.html": NOTHING_TYPED,
    "carqueue/templates/carqueue/allocation_humanitarian_confirm.html": NOTHING_TYPED,
    "catalogue/templates/catalogue/staff/confirm.html": NOTHING_TYPED,
    "accounts/templates/accounts/team_member_confirm.html": NOTHING_TYPED,
    "duplicates/templates/duplicates/list.html": NOTHING_TYPED,
    "duplicates/templates/duplicates/merge_confirm.html": NOTHING_TYPED,
    "agencies/templates/agencies/consents.html": NOTHING_TYPED,
    "agencies/templates/agencies/withdraw.html": NOTHING_TYPED,
    "cabinet/templates/cabinet/home.html": "the “I act for” switcher: one choice, applied by its own button at once",
    # Secrets: never kept.
    "accounts/templates/accounts/staff_totp_setup.html": "a one-time code from the authenticator app: a secret, never kept",
    "accounts/templates/accounts/staff_login_code.html": "a one-time code from the authenticator app: a secret, never kept",
    "signatures/templates/signatures/kep.html": (
        "the provider and the signed check file (.p7s): a switch keeps no file; the in-browser signing's key "
        "file and password have no name: never sent, never kept"),
    "signatures/templates/signatures/mock_idgovua_authorize.html": "a development stand-in for id.gov.ua's own page",
}


def page_templates():
    for path in sorted(ROOT.glob("*/templates/**/*.html")):
        relative = path.relative_to(ROOT).as_posix()
        if relative == "web/templates/web/base.html":
            continue  # the header's own switch forms
        yield relative, COMMENT.sub("", path.read_text(encoding="utf-8"))


def test_every_form_is_the_page_form_or_says_why_not():
    unexplained, page_forms = [], 0
    for relative, source in page_templates():
        tags = FORM_TAG.findall(source)
        page_forms += sum(PAGE_FORM in tag for tag in tags)
        if any(PAGE_FORM not in tag for tag in tags) and relative not in NOT_THE_PAGE_FORM:
            unexplained.append(relative)
    assert page_forms > 40  # the walk finds the templates
    assert unexplained == [], "give the form id=\"page-form\", or say in NOT_THE_PAGE_FORM why not"


def test_every_listed_template_still_has_such_a_form():
    sources = dict(page_templates())
    stale = [name for name in NOT_THE_PAGE_FORM
             if not any(PAGE_FORM not in tag for tag in FORM_TAG.findall(sources.get(name, "")))]
    assert stale == []


def test_a_page_has_one_page_form_and_a_filter_is_written_as_base_html_looks_for_it():
    for relative, source in page_templates():
        tags = [tag for tag in FORM_TAG.findall(source) if PAGE_FORM in tag]
        assert len(tags) <= 1, relative
        for tag in tags:
            if re.search(r'method="get"', tag):
                # base.html tells a filter from a post form by this exact text.
                assert 'id="page-form" method="get"' in tag, relative
