"""Where and by when a refusal can be appealed: the legal values, held once, with their source.

Every refusal letter (assistive product refused, car application refused, removal from the
car queue, primary registration returned) quotes these through ``appeal_context``. A value
we could not check against a stored copy of the law text is ``verified=False``: it is shown
as is, configurable by a setting, and listed in docs/letters.md until a lawyer confirms it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

LAW_ADMINISTRATIVE_PROCEDURE = "Закон України «Про адміністративну процедуру» від 17.02.2022 № 2073-IX"
CODE_ADMINISTRATIVE_JUSTICE = "Кодекс адміністративного судочинства України"

#: The legal acts a letter cites, by their official titles (never an internal document name).
RESOLUTION_999 = ("Порядок забезпечення осіб з інвалідністю автомобілями, затверджений постановою "
                  "Кабінету Міністрів України від 19.07.2006 № 999")


@dataclass(frozen=True)
class LegalValue:
    """A number from the law, with where it comes from and whether we checked it."""

    value: int
    unit: str  # "days" or "months"
    source: str
    verified: bool
    checked_against: str = ""


#: What was checked of the law itself (title, number, date; docs/letters.md): not the terms.
LAW_CHECKED = ("title, number and date (17.02.2022; in force since 15.12.2023) against stored pages of "
               "km-oblrada.gov.ua and decentralization.ua; the article with the term was not in the stored copies")


def complaint_term() -> LegalValue:
    """Administrative complaint to the higher body (Law No. 2073-IX, the chapter on
    administrative appeal). The value (our reading of the law) is the setting
    ``APPEAL_COMPLAINT_TERM_DAYS``, whose default in cbi/settings.py is its one home; the
    article's text was not in the stored copies we could read, so it is unverified."""
    return LegalValue(
        value=int(settings.APPEAL_COMPLAINT_TERM_DAYS), unit="days",
        source=f"{LAW_ADMINISTRATIVE_PROCEDURE}, розділ про адміністративне оскарження",
        verified=False, checked_against=LAW_CHECKED)


def review_term() -> LegalValue:
    """Days the higher body has to decide a complaint (Law No. 2073-IX, the chapter on
    administrative appeal). Our reading, not checked against a stored text of the article:
    unverified, and the setting ``COMPLAINT_REVIEW_TERM_DAYS`` (its one home is cbi/settings.py)."""
    return LegalValue(
        value=int(settings.COMPLAINT_REVIEW_TERM_DAYS), unit="days",
        source=f"{LAW_ADMINISTRATIVE_PROCEDURE}, розділ про адміністративне оскарження",
        verified=False, checked_against=LAW_CHECKED)


def court_term() -> LegalValue:
    """Claim to an administrative court: six months from the day the person learned, or
    should have learned, of the breach of their rights (КАС України, ст. 122, ч. 2)."""
    return LegalValue(value=6, unit="months", source=f"{CODE_ADMINISTRATIVE_JUSTICE}, ст. 122, ч. 2",
                      verified=True, checked_against="stored copy of the Code, article 122 (urist-ua.net)")


# Who decided → where the complaint goes. District offices answer to the regional social
# protection department; the regional department (car queue) answers to the Ministry; a territorial
# branch of the Fund (assistive products under the procedure in force) answers to the Fund itself.
# All three are our reading of the hierarchy of the bodies, NOT verified (docs/letters.md).
HIGHER_BODY = {
    "district": "обласного (Київського міського) структурного підрозділу з питань соціального захисту населення",
    "region": "Міністерства соціальної політики України",
    "fund_branch": "Фонду соціального захисту осіб з інвалідністю",
}


def appeal_context(*, decided_by: str) -> dict:
    """What a refusal letter says about appeal: the body, the court and the two terms."""
    return {
        "higher_body": HIGHER_BODY[decided_by],
        "complaint": complaint_term(),
        "court": court_term(),
    }
