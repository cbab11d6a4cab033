"""The one home of the DCI envelope ЦБІ sends: the callback header and the message of every
answer (``on-search``, ``on-subscribe``) and of every notification (``notify``).

The names and values follow the DCI (SPDCI) disability-registry API, ``dr_api_v1.0.0.yaml``
(github.com/spdci/standards, release/yaml, commit b4816e1e of 29.01.2025; docs/agencies-api.md
says which names were compared with it): ``MsgCallbackHeader_V1.0.0`` for the header,
``RegistryType`` for ``reg_type``, ``LanguageCode`` (ISO 639-3, three letters) for ``locale``.
The schemas (``schemas.py``) take their fixed values from here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.utils import timezone

VERSION = "1.0.0"
# DCI RegistryType: the specification's own example for a disability registry.
REG_TYPE = "ns:org:RegistryType:DR"
# DCI leaves the record type to the implementation ("defined as per implementation context").
REG_RECORD_TYPE = "disability-status"
# DCI LanguageCode: ISO 639-3, pattern ^[a-z]{3}$ — Ukrainian is "ukr".
LOCALE = "ukr"


def now() -> str:
    return timezone.now().isoformat()


def header(*, action: str, receiver: str, message_id: str | None = None) -> dict:
    """A DCI callback header (``MsgCallbackHeader_V1.0.0``) from ЦБІ to ``receiver``: one item, done."""
    return {"version": VERSION, "message_id": message_id or str(uuid.uuid4()), "message_ts": now(),
            "action": action, "status": "succ", "total_count": 1, "completed_count": 1,
            "sender_id": settings.AGENCY_SENDER_ID, "receiver_id": receiver, "is_msg_encrypted": False}


def answer(*, action: str, request, items_key: str, item: dict) -> dict:
    """The answer to a validated request body (``schemas.SearchRequest`` / ``SubscribeRequest``):
    its ``transaction_id`` kept, its ``header.message_id`` as ``correlation_id``, one item."""
    return {"header": header(action=action, receiver=request.header.sender_id),
            "message": {"transaction_id": request.message.transaction_id,
                        "correlation_id": request.header.message_id,
                        items_key: [{"timestamp": now(), "status": "succ", **item}]}}


def registry_data(*, purpose, record: dict, **extra) -> dict:
    """The ``data`` of a search answer or a notification: the record and the purpose's legal basis."""
    return {"version": VERSION, "reg_type": REG_TYPE, **extra, "reg_record_type": REG_RECORD_TYPE,
            "purpose": purpose.code, "legal_basis": purpose.legal_basis, "reg_records": record}
