"""Place names as people type them, made comparable (pure Python, no Django).

A person types "київ", "Київ", "м.Київ", "Сімʼяне", "Сім'яне" or "Сімяне":
``search_key`` turns each into the same key as the codifier's name, and
``parse_place_query`` splits "Шевченківський район, м. Київ" into the name
searched for and the larger places that narrow it down.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Every apostrophe people (and keyboards) use in Ukrainian words: the codifier
# writes ’ (U+2019), phones give ' or ʼ (U+02BC). They are all left out of the key,
# so a name typed without one matches too.
APOSTROPHES = "'’ʼ‘`´ʹ′"
_DROP = {ord(c): None for c in APOSTROPHES}
# Latin look-alikes typed with the wrong keyboard layout inside a Cyrillic word.
_LATIN_LOOKALIKES = str.maketrans({"i": "і", "ï": "ї", "e": "е", "o": "о", "a": "а", "c": "с", "p": "р",
                                   "x": "х", "y": "у", "k": "к", "m": "м", "t": "т", "h": "н", "b": "в"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# What people write before a name: м. Київ, с. Крюківщина, смт Козин, селище Ворзель.
_PREFIX = re.compile(
    r"^(?:селище\s+міського\s+типу|с\.\s*м\.\s*т\.?|смт\.?|с-ще|сел\.|селище|село|місто|м\.|с\.|м(?=\s)|с(?=\s))\s*"
)
# What people write after a name: Шевченківський район, Броварська міська громада, Київська обл.
_SUFFIX = re.compile(
    r"\s+(?:(?:(?:міська|селищна|сільська)\s+)?(?:територіальна\s+)?(?:громада|тг|отг)"
    r"|район|р-н\.?|область|обл\.?)$"
)


def search_key(text: str) -> str:
    """Case-folded, apostrophes left out, spaces collapsed: the key names are compared by."""
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_DROP)
    if _CYRILLIC.search(text):
        text = text.translate(_LATIN_LOOKALIKES)
    return re.sub(r"\s+", " ", text).strip()


def bare_name(text: str) -> str:
    """The key of a name without the words around it ("м.", "с.", "смт", "селище",
    "район", "громада", "область")."""
    key = search_key(text)
    for _ in range(2):  # "м. Київ" and "Шевченківський р-н" alike; "с. Ворзель" once
        key = _PREFIX.sub("", key).strip()
        key = _SUFFIX.sub("", key).strip()
    return key


@dataclass(frozen=True)
class PlaceQuery:
    name: str                   # the key of the place searched for
    within: tuple[str, ...]     # keys of larger places it must belong to


def parse_place_query(text: str) -> PlaceQuery:
    """"Шевченківський район, м. Київ" → name "шевченківський" within ("київ",)."""
    parts = [bare_name(part) for part in re.split(r"[,;]", text or "")]
    parts = [part for part in parts if part]
    if not parts:
        return PlaceQuery("", ())
    return PlaceQuery(parts[0], tuple(parts[1:]))
