"""One demo agency client for seed_demo: the Pension Fund asks about group and term by law, and
a municipal transport operator asks about the status only with the person's consent. The
legal bases are illustrative demo text, not verified citations."""

from __future__ import annotations

from . import rules, services

DEMO_CLIENT = "demo-pfu"


def seed_agency_client() -> dict:
    client = services.register_client(
        code=DEMO_CLIENT, name="Пенсійний фонд України (демо)",
        legal_basis="Демонстраційний клієнт; правова підстава не перевірена (not verified).",
        xroad_client="UA/GOV/00035323/PFU-DEMO", purposes=[
            {"code": "pension", "name": "призначення пенсії по інвалідності",
             "legal_basis": "Закон України «Про загальнообов'язкове державне пенсійне страхування», ст. 30–32 "
                            "(демо; not verified)",
             "fields": [rules.ESTABLISHED, rules.GROUP_CAUSE, rules.PERIOD], "needs_consent": False},
            {"code": "transport-discount", "name": "пільговий проїзд у міському транспорті",
             "legal_basis": "Згода особи: Закон України «Про захист персональних даних», ст. 11 ч. 1 п. 1",
             "fields": [rules.ESTABLISHED], "needs_consent": True},
        ])
    return {"agency_clients": 1, "purposes": client.purposes.count()}
