"""The letters of the cabinet, registered with ``cbi.letters`` by ``CabinetConfig.ready``
(docs/letters.md).

``cabinet.code_receipt``: the printable receipt with the authorization code (EC-CODE-1), in
Ukrainian only (as it always was). The plain code is an option, never stored: the officer's
session holds it until the receipt is downloaded once (``cabinet:receipt_pdf``)."""

from __future__ import annotations

from django.utils import timezone

from cbi.letters import registry
from cbi.web.links import absolute_url


def receipt_context(record, *, code: str) -> dict:
    person = record.person
    fields = [("Особа", f"{person.full_name}, {person.date_of_birth:%d.%m.%Y}")]
    if record.representative:
        fields.append(("Законний представник, якому видано код", record.representative.full_name))
    local_expiry = timezone.localtime(record.expires_at)
    validity = [
        ("Код діє до", f"{local_expiry:%d.%m.%Y %H:%M} (одноразовий)"),
        ("Видав", f"{record.issued_by.get_full_name()}, {record.issued_by.staff_profile.organization.name}"),
    ]
    return {
        "title": "Розписка про видачу коду авторизації", "fields": fields, "validity": validity, "code": code,
        "register_url": absolute_url("cabinet:register"),
    }


CODE_RECEIPT = registry.LetterKind(
    name="cabinet.code_receipt", template="cabinet/letters/receipt.html", context=receipt_context,
    routes=("cabinet:receipt_pdf",),
    description="Receipt with the authorization code for the electronic cabinet (EC-CODE-1)")

KINDS = (CODE_RECEIPT,)
