"""Soft hyphens in long words (issue #11: words wrap whole or at a syllable at 320 px, 200 %)."""

import re

import pytest

from cbi.web.hyphenation import SOFT_HYPHEN as SHY
from cbi.web.hyphenation import hyphenate_html


def test_long_ukrainian_and_english_words_get_soft_hyphens_at_syllables():
    html = hyphenate_html("<p>Реабілітаційних засобів</p><p>For rehabilitation</p>")
    assert html == (f"<p>Ре{SHY}а{SHY}бі{SHY}лі{SHY}та{SHY}цій{SHY}них за{SHY}со{SHY}бів</p>"
                    f"<p>For re{SHY}ha{SHY}bil{SHY}i{SHY}ta{SHY}tion</p>")


def test_words_of_five_letters_are_left_whole():
    assert hyphenate_html("<h1>Право на пільги</h1>") == f"<h1>Право на пі{SHY}ль{SHY}ги</h1>"


def test_tags_attributes_entities_addresses_and_form_values_are_left_alone():
    html = ('<p title="Реабілітаційних">&laquo;Реабілітаційних&raquo; olena.kovalchukivska@example.com '
            'https://cbi.example/rehabilitationcentre/ UA53020050030022293</p>'
            '<textarea name="n">Реабілітаційних</textarea><select><option>Реабілітаційних</option></select>'
            '<script type="application/json">{"a": "Реабілітаційних"}</script>'
            '<input value="Реабілітаційних"><!-- Реабілітаційних -->')
    out = hyphenate_html(html)
    assert out.replace(SHY, "") == html
    assert out.count(SHY) == 6  # only the quoted word in the paragraph
    assert f"&laquo;Ре{SHY}а" in out


@pytest.mark.soft_hyphens
def test_a_page_hyphenates_its_main_content_but_not_its_title_or_form_values(client, organizations):
    page = client.get("/cabinet/start/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)
    main = re.search(r"<main.*?</main>", page, re.DOTALL).group(0)
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", main, re.DOTALL).group(1)
    assert f"Еле{SHY}к{SHY}т{SHY}рон{SHY}ний" in h1
    assert SHY not in title and "Електронний" in title
    assert not re.search(rf'<[^>]*{SHY}[^>]*>', page), "a soft hyphen inside a tag or an attribute"
    assert SHY not in page.split("<main", 1)[0], "the header is left as it is"


def test_the_test_client_reads_pages_without_soft_hyphens(client, organizations):
    assert SHY not in client.get("/cabinet/start/").content.decode()


def test_codes_and_keys_marked_translate_no_keep_no_soft_hyphens():
    from cbi.web.hyphenation import hyphenate_html

    html = ('<p>Ключ: <span class="code" translate="no">QWERTYUIOPASDFGH</span></p>'
            '<p>Ваш номер звернення <strong class="code" translate="no">ПЕРВИННА-ЗАЯВА</strong> збережено</p>')
    out = hyphenate_html(html)
    assert "QWERTYUIOPASDFGH" in out and "ПЕРВИННА-ЗАЯВА" in out
    assert "\u00ad" in out.split("</strong>")[1]  # the text after the code is hyphenated again ("збережено")
