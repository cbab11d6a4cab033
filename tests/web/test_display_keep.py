"""Issue #11, section 3: the header's switches keep typed values (server side, for
pages without JavaScript), the JSON answer the script applies in place, and the
``uk`` filter that marks Ukrainian data on English pages."""

from __future__ import annotations

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from cbi.web import keep


@pytest.mark.django_db
def test_a_switch_pressed_in_a_form_keeps_the_values_once_and_never_a_password(client):
    response = client.post(
        "/display/keep/?next=/cabinet/login/&switch=larger",
        {"username": "olena", "password": "таємниця", "key_passphrase": "ключ", "cbi_secret": "key_passphrase"})
    assert response.status_code == 302 and response["Location"] == "/cabinet/login/"
    assert response.cookies["cbi_text"].value == "125"
    stored = client.session[keep.SESSION_KEY]
    assert stored == {"path": "/cabinet/login/", "data": {"username": ["olena"]}}

    page = client.get("/cabinet/login/").content.decode()
    assert 'value="olena"' in page
    assert "таємниця" not in page and "error-summary" not in page
    assert keep.SESSION_KEY not in client.session  # shown once
    assert 'value="olena"' not in client.get("/cabinet/login/").content.decode()


@pytest.mark.django_db
def test_the_language_switch_in_a_form_sets_the_language_and_keeps_the_values(client):
    response = client.post("/display/keep/?next=/cabinet/login/&switch=language&language=en", {"username": "olena"})
    assert response.cookies["django_language"].value == "en"
    page = client.get("/cabinet/login/").content.decode()
    assert '<html lang="en"' in page and 'value="olena"' in page


@pytest.mark.django_db
def test_a_switch_never_redirects_to_another_site(client):
    response = client.post("/display/keep/?next=https://evil.example/&switch=larger", {"username": "x"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_the_script_gets_the_new_preferences_as_json(client):
    response = client.post("/display/", {"action": "larger"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    state = response.json()
    assert state["text_size"] == 125 and state["can_reduce"] and state["can_enlarge"]
    assert state["label"] == "Розмір тексту: 125%"
    assert state["message"] == "Розмір тексту тепер 125%"
    assert response.cookies["cbi_text"].value == "125"


@pytest.mark.django_db
def test_a_page_with_a_page_form_makes_the_switches_its_buttons(client):
    page = client.get("/cabinet/login/").content.decode()
    assert 'form="page-form"' in page and 'formaction="/display/keep/?next=/cabinet/login/&amp;switch=larger"' in page
    # Enter in a field uses the unnamed default button, which comes before the header's.
    assert page.index('<button type="submit" form="page-form" hidden') < page.index("data-display-switch")
    home = client.get("/").content.decode()
    assert 'form="page-form"' not in home


@pytest.mark.django_db
def test_the_visible_a_minus_and_a_plus_begin_their_accessible_names(client):
    page = client.get("/").content.decode()
    assert 'A−<span class="visually-hidden"> Менший текст</span>' in page
    assert 'A+<span class="visually-hidden"> Більший текст</span>' in page
    assert 'aria-hidden="true">A' not in page


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template(source).render(Context(context))


def test_uk_marks_ukrainian_data_on_english_pages_only():
    assert render("{{ name|uk }}", "en", name="Петренко Олена") == '<span lang="uk">Петренко Олена</span>'
    assert render("{{ name|uk }}", "uk", name="Петренко Олена") == "Петренко Олена"
    assert render("{{ name|uk }}", "en", name="") == ""
    assert render("{{ name|uk }}", "en", name="<b>") == '<span lang="uk">&lt;b&gt;</span>'


def test_localized_prefers_english_text_and_marks_the_ukrainian_fallback():
    class Product:
        name, name_en = "Крісло колісне", "Wheelchair"

    class Untranslated:
        name, name_en = "Тростина", ""

    assert render('{{ p|localized:"name" }}', "en", p=Product()) == "Wheelchair"
    assert render('{{ p|localized:"name" }}', "en", p=Untranslated()) == '<span lang="uk">Тростина</span>'
    assert render('{{ p|localized:"name" }}', "uk", p=Product()) == "Крісло колісне"


@pytest.mark.django_db
def test_a_switch_on_continue_a_saved_application_keeps_the_date_of_birth_but_never_the_return_code(client):
    """The three date boxes are kept (a form whose only kept values are a date's parts), the return
    code — a secret that opens the application — is not."""
    url = "/primary-registration/continue/"
    page = client.get(url).content.decode()
    assert 'id="page-form"' in page and 'name="cbi_secret" value="code"' in page
    client.post(f"/display/keep/?next={url}&switch=larger", {
        "code": "HN3P-Q8TZ", "cbi_secret": "code",
        "date_of_birth_day": "14", "date_of_birth_month": "6", "date_of_birth_year": "1990"})
    page = client.get(url).content.decode()
    assert 'class="text-125' in page
    for part in ('name="date_of_birth_day" value="14"', 'name="date_of_birth_month" value="6"',
                 'name="date_of_birth_year" value="1990"'):
        assert re.search(part.replace(" ", r"[^>]*"), page), part
    assert "HN3P-Q8TZ" not in page and "error-summary" not in page
