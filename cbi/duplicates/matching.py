"""Suspected duplicates: the same person written a little differently (pure Python, no Django).

Names are normalized first — case, every apostrophe (ʼ ' ’), Russian letters (ё ы э ъ) and
Latin transliteration ("Petrenko Olena" → "петренко олена") — and then compared part by part
with the Levenshtein similarity of rapidfuzz (a kept C++ library: fast enough to compare every
row with the persons born on the same day). A row is a suspected duplicate of a person when

- the birth date is the same, or the same with day and month swapped (03.05 ↔ 05.03);
- the sex is the same;
- surname and given name are each (after ``loose``: і/и, є/е, ґ/г, ь) at least ``THRESHOLD`` % similar, and so is the patronymic
  when both have one.

One letter in a five-letter name is 80 % ("Олена" / "Алена"); two letters are not ("Олена" /
"Олег", twins). The precision and recall on a labelled set are in docs/registry-import.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from rapidfuzz.distance import Levenshtein

from cbi.registry.names import APOSTROPHES, search_key

THRESHOLD = 80.0

_DROP = {ord(c): None for c in APOSTROPHES}
_RUSSIAN = str.maketrans({"ё": "е", "ы": "и", "э": "е", "ъ": None})
# Latin → Cyrillic for the transliterations people meet: the official Ukrainian one (2010)
# and the older and Russian-style ones (kh/h, ya/ia, yu/iu, ye/ie, y/i). Longest first.
_LATIN_SEQUENCES = (
    ("shch", "щ"), ("sch", "щ"), ("zgh", "зг"), ("skyi", "ський"), ("skiy", "ський"), ("sky", "ський"),
    ("kh", "х"), ("zh", "ж"), ("ts", "ц"), ("tz", "ц"), ("ch", "ч"), ("sh", "ш"),
    ("yu", "ю"), ("iu", "ю"), ("ju", "ю"), ("ya", "я"), ("ia", "я"), ("ja", "я"),
    ("iia", "ія"), ("iya", "ія"), ("ye", "є"), ("ie", "є"), ("je", "є"), ("yi", "ї"), ("ji", "ї"), ("ii", "ій"), ("iy", "ій"),
)
_LATIN_LETTERS = str.maketrans({
    "a": "а", "b": "б", "v": "в", "h": "г", "g": "г", "d": "д", "e": "е", "z": "з", "y": "и",
    "i": "і", "j": "й", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р",
    "s": "с", "t": "т", "u": "у", "f": "ф", "c": "ц", "w": "в", "q": "к", "x": "кс",
})
_LATIN = re.compile(r"[a-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def transliterate(word: str) -> str:
    """A Latin word written back in Cyrillic ("Kovalenko" → "коваленко")."""
    word = word.casefold()
    out, i = [], 0
    while i < len(word):
        for latin, cyrillic in _LATIN_SEQUENCES:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(word[i].translate(_LATIN_LETTERS))
            i += 1
    return "".join(out)


def normalize_name(text: str) -> str:
    """The form names are compared in: lower case, no apostrophes, Cyrillic, single spaces."""
    # search_key: case, apostrophes, Latin look-alikes inside a Cyrillic word ("Петрenko").
    text = search_key(text).translate(_RUSSIAN)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    if _LATIN.search(text) and not _CYRILLIC.search(text):
        text = " ".join(transliterate(word) for word in text.split())
    return re.sub(r"\s+", " ", text).strip()


def exact_name_key(text: str) -> str:
    """The key of the exact match by name: case and apostrophes only."""
    text = unicodedata.normalize("NFC", text or "").casefold().translate(_DROP)
    return re.sub(r"\s+", " ", text).strip()


def swapped(day: date) -> date | None:
    """The date with day and month swapped, when that is another valid date."""
    if day.day > 12 or day.day == day.month:
        return None
    return date(day.year, day.day, day.month)


# Letters that Ukrainian and Russian spellings of one name swap (Іванівна / Ивановна,
# Євген / Евгений, Ґанна / Ганна) and the soft sign, made one for the comparison.
_LOOSE = str.maketrans({"і": "и", "ї": "и", "й": "и", "є": "е", "ґ": "г", "ь": None})


def loose(text: str) -> str:
    return normalize_name(text).translate(_LOOSE)


def similarity(a: str, b: str) -> float:
    return Levenshtein.normalized_similarity(loose(a), loose(b)) * 100


@dataclass(frozen=True)
class Named:
    surname: str
    given_name: str
    patronymic: str
    date_of_birth: date
    sex: str = ""


@dataclass(frozen=True)
class Suspicion:
    score: float          # the lowest similarity of the compared name parts, in %
    dates_swapped: bool


def compare(row: Named, person: Named, *, threshold: float = THRESHOLD) -> Suspicion | None:
    """Why ``row`` looks like ``person``, or None when it does not."""
    if row.date_of_birth == person.date_of_birth:
        dates_swapped = False
    elif swapped(row.date_of_birth) == person.date_of_birth:
        dates_swapped = True
    else:
        return None
    if row.sex and person.sex and row.sex != person.sex:
        return None
    scores = [similarity(row.surname, person.surname), similarity(row.given_name, person.given_name)]
    if row.patronymic and person.patronymic:
        scores.append(similarity(row.patronymic, person.patronymic))
    score = min(scores)
    if score < threshold:
        return None
    return Suspicion(score=round(score, 1), dates_swapped=dates_swapped)


def precision_recall(pairs: list[tuple[Named, Named, bool]], *, threshold: float = THRESHOLD) -> dict[str, float]:
    """Precision and recall of ``compare`` on labelled pairs (row, person, is the same person)."""
    tp = fp = fn = 0
    for row, person, same in pairs:
        found = compare(row, person, threshold=threshold) is not None
        tp += found and same
        fp += found and not same
        fn += (not found) and same
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": precision, "recall": recall, "tp": tp, "fp": fp, "fn": fn}
