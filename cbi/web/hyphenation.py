"""Soft hyphens in long words, so that they wrap whole or at a syllable — never mid-syllable.

At 320 px with text at 200 % (WCAG 1.4.10 reflow, issue #11) a heading line holds about seven
letters and a line of body text about twelve. The browser could hyphenate by the page's
``lang`` (CSS ``hyphens: auto``), but Chromium on Linux and Windows has no Ukrainian
dictionary unless it downloads one, so long Ukrainian words were cut anywhere (the last resort
of ``overflow-wrap: break-word``). Here the server inserts soft hyphens (U+00AD) at the
syllable boundaries of Pyphen's dictionaries (the hyphenation patterns LibreOffice and Firefox
use). On a narrow screen the browser may break a word there, with a visible hyphen, at the end
of a line; on a wide one (above 40em) cbi.css turns them off (`hyphens: none`) and words wrap
whole.

Screen readers, Playwright's text and role matching and the browser's find-in-page ignore
U+00AD; a copied word keeps them (invisible). Only the HTML of ``<main>`` is touched (base.html
applies the ``hyphenate`` filter to the captured main content): never the ``<title>``,
attributes (so form values and links), ``<script>``, ``<style>``, ``<textarea>``, ``<pre>``,
``<code>``, ``<select>``, nor e-mails and PDF letters (they do not use base.html).

The dictionary follows the word's script: Cyrillic words are Ukrainian (also the Ukrainian data
on English pages, marked ``lang="uk"``), Latin words English — the two languages of the site.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"

# Shortest word that gets soft hyphens: what may not fit a narrow box at 320 px with text at 200 %
# (a line of an h1 holds seven bold Cyrillic letters; an item of a nested list about as many).
# The browser uses them only on a narrow screen (cbi.css: `hyphens: manual` below 40em, `none`
# above, where every word fits and text reads best unhyphenated).
MIN_LETTERS = 6

_SKIP = {"script", "style", "textarea", "pre", "code", "select", "title", "svg", "math", "template"}

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)")
_LETTER = r"[^\W\d_]"
_APOSTROPHE = "'’ʼ"
# A word: letters, maybe with apostrophes inside (сім’я); not the name of an entity (&laquo;), an
# e-mail address, a path or a domain, and not glued to digits or underscores.
_WORD = re.compile(
    rf"(?<![&#\w@/.\\{_APOSTROPHE}]){_LETTER}(?:{_LETTER}|[{_APOSTROPHE}](?={_LETTER}))+(?![\w@/\\]|\.\w)"
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@lru_cache(maxsize=2)
def _dictionary(language: str) -> pyphen.Pyphen:
    return pyphen.Pyphen(lang={"uk": "uk_UA", "en": "en_US"}[language])


@lru_cache(maxsize=20000)
def hyphenate_word(word: str) -> str:
    """``word`` with a soft hyphen at every syllable boundary its language allows."""
    language = "uk" if _CYRILLIC.search(word) else "en"
    return _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)


def hyphenate_text(text: str) -> str:
    """Soft hyphens in the words of ``text`` (plain text or HTML-escaped text, no tags) that have
    at least ``MIN_LETTERS`` letters."""

    def replace(match: re.Match) -> str:
        word = match.group(0)
        return hyphenate_word(word) if len(word) >= MIN_LETTERS and SOFT_HYPHEN not in word else word

    return _WORD.sub(replace, text)


_NO_TRANSLATE = re.compile(r"""\stranslate\s*=\s*["']?no\b""", re.IGNORECASE)


def hyphenate_html(html: str) -> str:
    """Soft hyphens in the long words of the text of an HTML fragment; tags, comments, the
    content of ``_SKIP`` elements and of elements marked ``translate="no"`` (codes, keys and
    reference numbers a person copies or types: a soft hyphen would be copied with them) are
    left as they are."""
    skip = 0
    kept: list[str] = []  # open elements marked translate="no", by tag name
    out = []
    for index, token in enumerate(_TOKENS.split(html)):
        if index % 2:  # a tag or a comment
            tag = _TAG.match(token)
            if tag and tag.group(2).lower() in _SKIP and not token.endswith("/>"):
                skip = max(skip + (-1 if tag.group(1) else 1), 0)
            elif tag and not tag.group(1) and _NO_TRANSLATE.search(token) and not token.endswith("/>"):
                kept.append(tag.group(2).lower())
                skip += 1
            elif tag and tag.group(1) and kept and tag.group(2).lower() == kept[-1]:
                kept.pop()
                skip = max(skip - 1, 0)
            out.append(token)
        else:
            out.append(hyphenate_text(token) if token and not skip else token)
    return "".join(out)
