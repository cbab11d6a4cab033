"""Issue #6 (3, 4): the plain-language pages and the accessibility statement
exist in Ukrainian and in English."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils.translation import gettext, override

pytestmark = pytest.mark.django_db


def uk(msgid: str) -> str:
    with override("uk"):
        return str(gettext(msgid))


def text(response) -> str:
    """The page as a person reads it: tags removed, entities and spaces normalised."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


PAGES = [
    ("/help/", "Help", "Here you find short guides in plain words."),
    ("/help/car/", "How to get a car — in plain words", "Children with disabilities can get into the queue from the age of 5."),
    ("/help/products/", "How to apply for an assistive product — in plain words", "Each scan or photo must be no bigger than 3 MB."),
    ("/help/accessibility/", "Accessibility statement", "This statement was prepared on 21.11.2026."),
    ("/cabinet/start/", "Electronic cabinet of a person with disability",
     "There are two stages. First you get into ЦБІ. Then you register in the cabinet. If you are already in ЦБІ, start from step 2."),
]


@pytest.mark.parametrize(("url", "title", "sentence"), PAGES)
def test_page_is_in_ukrainian_by_default(url, title, sentence):
    response = Client().get(url)
    assert response.status_code == 200
    body = text(response)
    assert f"<h1>{uk(title)}</h1>" in response.content.decode()
    assert uk(sentence) in body
    assert '<html lang="uk"' in response.content.decode()


@pytest.mark.parametrize(("url", "title", "sentence"), PAGES)
def test_page_is_in_english_for_an_english_browser(url, title, sentence):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(url)
    assert response.status_code == 200
    assert f"<h1>{title}</h1>" in response.content.decode()
    assert sentence in text(response)
    assert '<html lang="en"' in response.content.decode()


def test_english_chosen_with_the_language_switch_sticks():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/help/car/"})
    assert "The car is given for 10 years." in text(client.get("/help/car/"))


def test_help_index_links_the_guides_the_statement_and_the_start_page():
    page = Client().get("/help/").content.decode()
    for href in ('href="/help/car/"', 'href="/help/products/"', 'href="/help/accessibility/"',
                 'href="/cabinet/start/"', 'href="/help/accessibility/report/?page=/help/"'):
        assert href in page


def test_products_guide_links_the_catalogue_and_the_cabinet_start():
    page = Client().get("/help/products/").content.decode()
    assert 'href="/catalogue/"' in page and 'href="/cabinet/start/"' in page


def test_statement_is_honest_about_status_testing_and_limitations():
    body = text(Client(HTTP_ACCEPT_LANGUAGE="en").get("/help/accessibility/"))
    assert "partially compliant" in body
    assert "ДСТУ EN 301 549:2022" in body and "WCAG 2.2 level AA" in body
    assert "We have not yet tested the website by hand with screen readers" in body
    assert "ДСТУ 4145" in body and "PDF/UA" in body
    assert "Report an accessibility problem" in body


def test_start_page_keeps_the_three_ways_in():
    page = Client().get("/cabinet/start/").content.decode()
    assert 'href="/primary-registration/"' in page
    assert 'href="/cabinet/register/"' in page
    assert 'href="/cabinet/login/"' in page
    body = text(Client(HTTP_ACCEPT_LANGUAGE="en").get("/cabinet/start/"))
    # ЦБІ, РНОКПП and КЕП are explained, and the 3 MB limit is said.
    assert "It is the state list of people with disabilities." in body
    assert "It has 10 digits." in body
    assert "A qualified electronic signature." in body
    assert "Each file must be no bigger than 3 MB." in body


def test_footer_snippet_links_the_report_form_with_the_current_page():
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/cabinet/start/", {"rnokpp": "3113201244"})
    html = render_to_string("help/_footer_links.html", request=request)
    assert 'href="/help/accessibility/report/?page=/cabinet/start/"' in html
    assert "3113201244" not in html  # the query string may hold personal data
    assert 'href="/help/accessibility/"' in html
