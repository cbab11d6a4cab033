"""One row of an import file, checked and turned into what the registry keeps.

Every check reuses the registry's own: the РНОКПП check digit and the document formats
(``cbi.registry.validators``), the place names as primary registration matches them
(``cbi.registry.selectors.search_places``: case, apostrophes, "м.", "с.", "смт" do not
matter), and the models' ``full_clean`` when the row is written. A row either parses into
``ParsedRow`` or gives the reasons, in the administrator's words, it cannot be taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cbi.registry import selectors as registry_selectors
from cbi.registry import validators
from cbi.organizations.models import Organization
from cbi.registry.models import DisabilityCause, DisabilityGroup, IdentityDocument, Sex, Territory

from .columns import BY_KEY, header_key
from .error_codes import ImportsErrorCode

DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y")
YES = {"так", "т", "yes", "y", "1", "+", "true", "да"}
NO = {"ні", "н", "no", "n", "0", "-", "false", "нет", ""}
SEX = {"ж": Sex.FEMALE, "жін": Sex.FEMALE, "жіноча": Sex.FEMALE, "f": Sex.FEMALE, "female": Sex.FEMALE,
       "ч": Sex.MALE, "чол": Sex.MALE, "чоловіча": Sex.MALE, "m": Sex.MALE, "male": Sex.MALE}
GROUPS = {"i": DisabilityGroup.I, "1": DisabilityGroup.I, "ii": DisabilityGroup.II, "2": DisabilityGroup.II,
          "iii": DisabilityGroup.III, "3": DisabilityGroup.III, "дитина": DisabilityGroup.CHILD,
          "дитина з інвалідністю": DisabilityGroup.CHILD, "child": DisabilityGroup.CHILD}
CAUSES = {
    "загальне захворювання": DisabilityCause.GENERAL_DISEASE,
    "з дитинства": DisabilityCause.FROM_CHILDHOOD,
    "інвалідність з дитинства": DisabilityCause.FROM_CHILDHOOD,
    "трудове каліцтво": DisabilityCause.WORK_INJURY,
    "професійне захворювання": DisabilityCause.OCCUPATIONAL_DISEASE,
    "внаслідок війни": DisabilityCause.WAR,
    "інвалідність внаслідок війни": DisabilityCause.WAR,
    "чорнобильська катастрофа": DisabilityCause.CHORNOBYL,
    "наслідки чорнобильської катастрофи": DisabilityCause.CHORNOBYL,
    "захворювання, пов’язане з проходженням військової служби": DisabilityCause.MILITARY_SERVICE,
    "військова служба": DisabilityCause.MILITARY_SERVICE,
    "інша причина": DisabilityCause.OTHER,
    "інша": DisabilityCause.OTHER,
}
CAUSES = {header_key(k): v for k, v in CAUSES.items()} | {c.value: c for c in DisabilityCause}
DOCUMENT_KINDS = {
    "паспорт": IdentityDocument.Kind.PASSPORT_BOOKLET,
    "паспорт-книжечка": IdentityDocument.Kind.PASSPORT_BOOKLET,
    "паспорт (книжечка)": IdentityDocument.Kind.PASSPORT_BOOKLET,
    "id-картка": IdentityDocument.Kind.ID_CARD,
    "id картка": IdentityDocument.Kind.ID_CARD,
    "паспорт (id-картка)": IdentityDocument.Kind.ID_CARD,
    "паспорт у формі картки": IdentityDocument.Kind.ID_CARD,
    "свідоцтво про народження": IdentityDocument.Kind.BIRTH_CERTIFICATE,
    "інший": IdentityDocument.Kind.OTHER,
    "інший документ": IdentityDocument.Kind.OTHER,
} | {k.value: k for k in IdentityDocument.Kind}
# The model fields a ``full_clean`` may name, and the column the administrator looks at.
FIELD_COLUMNS = {
    "surname": "surname", "given_name": "given_name", "patronymic": "patronymic",
    "date_of_birth": "date_of_birth", "sex": "sex", "rnokpp": "rnokpp", "rnokpp_refused": "rnokpp_refused",
    "birth_certificate": "birth_certificate", "phone": "phone", "email": "email", "office": "office",
    "series": "document_series", "number": "document_number", "issued_on": "document_issued_on",
    "territory": "place", "street": "street", "building": "building", "apartment": "apartment",
    "postcode": "postcode", "group": "group", "subgroup_a": "subgroup_a", "cause": "cause",
    "established_on": "established_on", "valid_until": "valid_until",
}


class RowError(Exception):
    """The reasons a row cannot be taken (translated, each naming its column), written in the
    report for the administrator; ``code`` is an ``ImportsErrorCode`` value."""

    def __init__(self, reasons: list[str], *, code: str):
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.code = code


@dataclass
class ParsedRow:
    number: int
    person: dict                                 # Person fields (office included)
    document: dict | None = None                 # IdentityDocument fields
    address: dict | None = None                  # Address fields (registered address)
    status: dict | None = None                   # DisabilityStatus fields
    office_given: bool = False                   # the office was in the row (not derived)
    reasons: list[str] = field(default_factory=list)


def labelled(key: str, message) -> str:
    """"РНОКПП: …" — the column's header before the message."""
    return f"{BY_KEY[key].header}: {message}"


def messages_of(error: ValidationError) -> list[str]:
    """A model's ValidationError as lines that name the column."""
    if hasattr(error, "error_dict"):
        lines = []
        for name, errors in error.message_dict.items():
            column = FIELD_COLUMNS.get(name)
            lines += [labelled(column, message) if column else str(message) for message in errors]
        return lines
    return [str(message) for message in error.messages]


def text(row: dict, key: str) -> str:
    value = row.get(key, "")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    return re.sub(r"\s+", " ", str(value or "")).strip()


def parse_date(value) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    value = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def _date(row: dict, key: str, reasons: list[str], *, required: bool = False) -> date | None:
    if not text(row, key):
        if required:
            reasons.append(labelled(key, _("the column is empty; enter the date as dd.mm.yyyy, for example 27.03.1985.")))
        return None
    try:
        return parse_date(row[key])
    except ValueError:
        reasons.append(labelled(key, _("“%(value)s” is not a date; enter it as dd.mm.yyyy (27.03.1985) or yyyy-mm-dd.")
                                % {"value": text(row, key)}))
        return None


def _choice(row: dict, key: str, table: dict, reasons: list[str], *, hint: str):
    value = header_key(text(row, key))
    value = re.sub(r"\s*група$", "", value)  # "II група"
    value = value.replace("і", "i") if key == "group" and set(value) <= set("іi") else value
    if value in table:
        return table[value]
    reasons.append(labelled(key, _("“%(value)s” is not one of the values this column takes: %(hint)s.")
                            % {"value": text(row, key), "hint": hint}))
    return None


def _bool(row: dict, key: str, reasons: list[str]) -> bool | None:
    """True or False; None for an empty cell (which never changes a recorded value)."""
    value = header_key(text(row, key))
    if not value:
        return None
    if value in YES:
        return True
    if value not in NO:
        reasons.append(labelled(key, _("write “так” or “ні”.")))
    return False


def match_place(value: str, *, region_code: str = "") -> tuple[Territory | None, str]:
    """The settlement a row names: a КАТОТТГ code, or a name as primary registration matches it.

    Places of the importing administrator's region (``region_code``) come first: for the Kyiv
    department "київ" is the city, not the village Київ of Mykolaiv oblast. Then one match is
    taken, the only place with exactly that name, or the only city with it (the office of a
    city with districts then comes from the office column). Otherwise the reason why not."""
    search = registry_selectors.search_places(value, limit=_PLACES)
    places = search.places
    if region_code and any(t.region_code == region_code for t in places):
        places = [t for t in places if t.region_code == region_code]
    if len(places) == 1:
        return places[0], ""
    if not places:
        return None, _("no settlement or community is called “%(name)s” in the codifier (КАТОТТГ); check the "
                       "spelling or give the code, for example UA32020010010034444.") % {"name": value}
    query = registry_selectors.names_module.parse_place_query(value)
    exact = [t for t in places if t.name_key == query.name]
    cities = [t for t in exact if t.category in (Territory.Category.SPECIAL_CITY, Territory.Category.CITY)]
    for found in (exact, cities):
        if len(found) == 1:
            return found[0], ""
    return None, _("several places are called “%(name)s”; give the КАТОТТГ code, or add the district after a "
                   "comma, for example: Гора, Бориспільський район.") % {"name": value}


_PLACES = 400


def office_of(territory: Territory) -> Organization | None:
    """The social protection office of the district (or city district) a place lies in."""
    node = territory
    while node is not None:
        if node.category in (Territory.Category.DISTRICT, Territory.Category.CITY_DISTRICT):
            return Organization.objects.filter(kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE,
                                               territory=node).first()
        node = node.parent
    return None


def parse_row(number: int, row: dict, *, region_code: str = "", places: dict | None = None) -> ParsedRow:
    """Check one row; raises RowError with every reason found.

    ``places``: the places already matched in this import (a file names the same few settlements
    thousands of times; matching one is most of the time a row takes)."""
    reasons: list[str] = []
    for key in ("surname", "given_name"):
        if not text(row, key):
            reasons.append(labelled(key, _("the column is empty.")))
    date_of_birth = _date(row, "date_of_birth", reasons, required=True)
    sex = _choice(row, "sex", SEX, reasons, hint="ж, ч") if text(row, "sex") else None
    if sex is None and not text(row, "sex"):
        reasons.append(labelled("sex", _("the column is empty; write “ж” or “ч”.")))
    rnokpp = validators.normalize_rnokpp(text(row, "rnokpp"))
    if rnokpp:
        try:
            validators.validate_rnokpp(rnokpp)
        except ValidationError as error:
            reasons += [labelled("rnokpp", message) for message in error.messages]
    person = {
        "surname": text(row, "surname"), "given_name": text(row, "given_name"),
        "patronymic": text(row, "patronymic"), "date_of_birth": date_of_birth, "sex": sex,
        "rnokpp": rnokpp or None, "rnokpp_refused": _bool(row, "rnokpp_refused", reasons),
        "birth_certificate": text(row, "birth_certificate"),
        "phone": "", "email": text(row, "email"),
    }
    if text(row, "phone"):
        try:
            person["phone"] = validators.normalize_phone(text(row, "phone"))
        except ValidationError as error:
            reasons += [labelled("phone", message) for message in error.messages]
    parsed = ParsedRow(number=number, person=person)

    if text(row, "document_number") or text(row, "document_kind"):
        kind = _choice(row, "document_kind", DOCUMENT_KINDS, reasons,
                       hint="паспорт, ID-картка, свідоцтво про народження, інший")
        series = validators.normalize_series(text(row, "document_series"))
        number_ = text(row, "document_number").replace(" ", "")
        if kind == IdentityDocument.Kind.BIRTH_CERTIFICATE:
            series = series.translate(validators.LATIN_TO_CYRILLIC)
        if kind:
            errors = validators.DOCUMENT_VALIDATORS[kind](series, number_)
            column = {"series": "document_series", "number": "document_number"}
            reasons += [labelled(column[name], message) for name, error in errors.items() for message in error.messages]
        parsed.document = {"kind": kind, "series": series, "number": number_,
                           "issued_on": _date(row, "document_issued_on", reasons),
                           "issued_by": text(row, "document_issued_by")}

    territory = None
    if text(row, "place"):
        key = text(row, "place").casefold()
        if places is None or key not in places:
            found = match_place(text(row, "place"), region_code=region_code)
            if places is None:
                places = {}
            places[key] = found
        territory, why = places[key]
        if why:
            reasons.append(labelled("place", why))
        for key in ("street", "building"):
            if not text(row, key):
                reasons.append(labelled(key, _("the column is empty; an address needs the street and the building.")))
        parsed.address = {"territory": territory, "street": text(row, "street"), "building": text(row, "building"),
                          "apartment": text(row, "apartment"), "postcode": text(row, "postcode")}
    elif text(row, "street") or text(row, "building"):
        reasons.append(labelled("place", _("the column is empty; an address needs its settlement.")))

    office_code = text(row, "office").casefold()
    if office_code:
        office = Organization.objects.filter(code=office_code, kind=Organization.Kind.SOCIAL_PROTECTION_OFFICE).first()
        if office is None:
            reasons.append(labelled("office", _("there is no social protection office with the code “%(code)s”.")
                                    % {"code": text(row, "office")}))
        parsed.office_given = True
    else:
        office = office_of(territory) if territory else None
    person["office"] = office

    if any(text(row, key) for key in ("group", "cause", "established_on", "valid_until", "subgroup_a")):
        group = _choice(row, "group", GROUPS, reasons, hint="I, II, III, дитина з інвалідністю")
        cause = _choice(row, "cause", CAUSES, reasons, hint=_("the causes listed in the template description"))
        established_on = _date(row, "established_on", reasons, required=True)
        parsed.status = {"group": group, "cause": cause, "established_on": established_on,
                         "valid_until": _date(row, "valid_until", reasons),
                         "subgroup_a": _bool(row, "subgroup_a", reasons)}
    if reasons:
        raise RowError(reasons, code=ImportsErrorCode.ROW_INVALID.value)
    return parsed
