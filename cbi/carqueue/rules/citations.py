"""Rule ids and their citations (Cabinet of Ministers Resolution No. 999 of 19.07.2006,
"Порядок забезпечення осіб з інвалідністю автомобілями").

Item/paragraph numbers are given where the source (seed 004, the Kyiv department's
summary) or a public copy of the resolution names them. Where the summary does not give
the number, the citation quotes the opening words of the paragraph instead, so the reader
can find it; see docs/carqueue-rules.md for every such choice. The numbers of the
paragraphs (years, months, days) are not repeated here: they live in terms.py.
"""

from __future__ import annotations

from typing import Final

RESOLUTION: Final = "Постанова КМУ № 999"

CITATIONS: Final[dict[str, str]] = {
    "CQ-ELIG-1": f"{RESOLUTION}, п. 1 (громадянство, реєстрація в Україні, вік дитини, "
    "установи на повному державному утриманні)",
    "CQ-ELIG-2": f"{RESOLUTION}, п. 5, абз. 2 (винятки — п. 8)",
    "CQ-ELIG-3": f"{RESOLUTION}, п. 5, абз. 3",
    "CQ-ELIG-4": f"{RESOLUTION}, п. 5, абз. 4",
    "CQ-ELIG-5": f"{RESOLUTION}, п. 5, абз. 5 (Єдиний державний реєстр МВС)",
    "CQ-ELIG-6": f"{RESOLUTION}, п. 5, абз. 7",
    "CQ-ELIG-7": f"{RESOLUTION}, абзац «Незалежно від медичних показань мають право "
    "на забезпечення автомобілями…»",
    "CQ-CAT-1": f"{RESOLUTION}, абзац «Облік осіб з інвалідністю ведеться в розрізі таких "
    "категорій за окремою нумерацією…»",
    "CQ-CAT-2": f"{RESOLUTION}, категорії обліку; підстави — налаштування адміністратора "
    "(CQ-CAT-2, текст норми не відомий)",
    "CQ-CAT-3": f"{RESOLUTION}, розподіл автомобілів між категоріями — налаштування "
    "адміністратора (CQ-CAT-3); гуманітарна допомога — п. 41",
    "CQ-DATE-1": f"{RESOLUTION}, п. 36, абз. 1 («з дати огляду … у разі, коли такий висновок "
    "видано не раніше ніж дата реєстрації заяви»)",
    "CQ-DATE-2": f"{RESOLUTION}, п. 36, абз. 2 (з дати подання заяви з документами за п. 34)",
    "CQ-DATE-3": f"{RESOLUTION}, п. 36, абз. 3",
    "CQ-DATE-4": f"{RESOLUTION}, п. 36, абз. 4–5",
    "CQ-DATE-5": f"{RESOLUTION}, абзац «У разі заміни автомобіля … береться на облік з дати "
    "подачі заяви, але не раніше закінчення … строку експлуатації автомобіля»",
    "CQ-DATE-6": f"{RESOLUTION}, абзац «… у разі зміни у складі сім'ї береться на облік з дати "
    "звернення…» (з посиланням на п. 5, абз. 7–8)",
    "CQ-DATE-7": f"{RESOLUTION}, абзац «Особа з інвалідністю повторно береться на облік з дати "
    "встановлення інвалідності відповідно до довідки МСЕК»",
    "CQ-DATE-8": f"{RESOLUTION}, п. 36, абз. 1 («крім особи з інвалідністю внаслідок трудового "
    "каліцтва»); дата — налаштування адміністратора (CQ-DATE-8)",
    "CQ-RM-1": f"{RESOLUTION}, абзац «У разі зняття інвалідності особа … знімається з обліку»; "
    "повернення автомобіля — п. 16",
    "CQ-RM-2": f"{RESOLUTION}, абзац «У разі коли особи з інвалідністю, діти з інвалідністю, "
    "яким інвалідність встановлено на певний період, не поновлюють без поважних причин "
    "інвалідність…»",
    "CQ-RM-3": f"{RESOLUTION}, абзац «Якщо у особи з інвалідністю, яка має протипоказання до "
    "користування автомобілем, відсутній член сім'ї…»",
    "CQ-RM-4": f"{RESOLUTION}, п. 5, абз. 6 (втрата підстав, зазначених у п. 5)",
    "CQ-RM-5": f"{RESOLUTION}, п. 5, абз. 6 (зміна групи інвалідності під час перебування "
    "на обліку)",
    "CQ-DOC-1": f"{RESOLUTION}, п. 34",
    "CQ-FLOW-1": f"{RESOLUTION}, абзац «Після реєстрації заяви … в день звернення видається, "
    "а у разі надходження заяви поштою…»",
    "CQ-FLOW-2": f"{RESOLUTION}, абзац «Після проходження особою з інвалідністю медичного огляду "
    "лікувально-профілактичний заклад … надсилає … (форма № 088/о)…»",
    "CQ-FLOW-3": f"{RESOLUTION}, абзац «Після надходження повідомлення лікувально-"
    "профілактичного закладу орган соціального захисту населення надсилає документи…»",
    "CQ-FLOW-4": f"{RESOLUTION}, абзац «Структурний підрозділ … реєструє заяви … приймає "
    "відповідне рішення і надсилає його у письмовій формі…»",
    "CQ-FLOW-5": f"{RESOLUTION}, абзац «Реєстрація усіх документів … що надійшли протягом "
    "календарного місяця, проводиться…»",
}

#: Every rule id, in the stable order used for `Decision.applied_rules`.
RULE_IDS: Final[tuple[str, ...]] = tuple(CITATIONS)


def citation(rule_id: str) -> str:
    return CITATIONS[rule_id]
