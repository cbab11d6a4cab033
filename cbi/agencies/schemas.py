"""The agencies' API bodies, after the DCI (Digital Convergence Initiative) registry API:
a ``header`` (message id, sender, action) and a ``message`` with ``search_request`` /
``subscribe_request`` items; answers ``on-search`` / ``on-subscribe`` with ``reg_records``;
errors are RFC 9457 problem documents.

These pydantic models are the one description: requests are validated with them, the
committed OpenAPI document (docs/agencies-openapi.json, served at /api/agencies/openapi.json) is
generated from them (``manage.py agencies_openapi``), and the contract tests validate real
answers with them and compare the committed document with a fresh one.

Names and fixed values follow the DCI disability-registry API (``dr_api_v1.0.0.yaml``; the
values live in ``envelope.py``; docs/agencies-api.md lists what was compared with it). ЦБІ
extensions, marked in the description: ``search_criteria.purpose`` / ``subscribe_criteria.purpose``
(the registered purpose the client asks under), the document ``series``/``number`` of a query,
and ``purpose`` / ``legal_basis`` in every answer.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .envelope import LOCALE, REG_RECORD_TYPE, REG_TYPE

Strict = ConfigDict(extra="forbid")
# DCI LanguageCode: ISO 639-3, three lower-case letters.
LanguageCode = Field(default=LOCALE, pattern=r"^[a-z]{3}$", description="ISO 639-3 (DCI LanguageCode)")
Open = ConfigDict(extra="allow")


class Header(BaseModel):
    model_config = Open
    version: str = "1.0.0"
    message_id: str = Field(min_length=1, max_length=128)
    message_ts: str
    action: str
    sender_id: str = Field(min_length=1, max_length=255)
    sender_uri: str | None = None
    receiver_id: str | None = None
    total_count: int | None = None
    is_msg_encrypted: bool | None = False


class IdentifierQuery(BaseModel):
    """A person named by РНОКПП (``value``) or by an identity document (``series``, ``number``)."""
    model_config = Strict
    type: Literal["RNOKPP", "PASSPORT_BOOKLET", "ID_CARD", "BIRTH_CERTIFICATE"]
    value: str | None = Field(default=None, max_length=20)
    series: str | None = Field(default=None, max_length=10)
    number: str | None = Field(default=None, max_length=30)


class SearchCriteria(BaseModel):
    model_config = Open
    version: str = "1.0.0"
    reg_type: Literal[REG_TYPE] = REG_TYPE
    query_type: Literal["idtype-value"]
    query: IdentifierQuery
    purpose: str = Field(min_length=1, max_length=64, description="ЦБІ extension: the registered purpose code")


class SearchRequestItem(BaseModel):
    model_config = Open
    reference_id: str = Field(min_length=1, max_length=128)
    timestamp: str
    search_criteria: SearchCriteria
    locale: str = LanguageCode


class SearchMessage(BaseModel):
    model_config = Open
    transaction_id: str = Field(min_length=1, max_length=128)
    search_request: list[SearchRequestItem] = Field(min_length=1, max_length=1)


class SearchRequest(BaseModel):
    """``POST /api/agencies/registry/sync/search``"""
    model_config = Open
    signature: str | None = None
    header: Header
    message: SearchMessage


class Benefit(BaseModel):
    model_config = Strict
    code: Literal["car_queue"]
    entitled: bool
    legal_basis: str


class RegRecord(BaseModel):
    """Only the fields of the client's purpose are present (AG-PURP-1)."""
    model_config = Strict
    disability_established: bool | None = None
    disability_group: Literal["I", "II", "III", "child"] | None = None
    subgroup_a: bool | None = None
    disability_cause: str | None = None
    established_on: date | None = None
    valid_until: date | None = None
    indefinite: bool | None = None
    benefits: list[Benefit] | None = None
    subscription_code: str | None = None


class SearchData(BaseModel):
    model_config = Strict
    version: str
    reg_type: str
    reg_record_type: Literal[REG_RECORD_TYPE]
    purpose: str
    legal_basis: str
    reg_records: RegRecord


class SearchResponseItem(BaseModel):
    model_config = Strict
    reference_id: str
    timestamp: str
    status: Literal["succ"]
    data: SearchData
    locale: str = LanguageCode


class OnSearchMessage(BaseModel):
    model_config = Strict
    transaction_id: str
    correlation_id: str
    search_response: list[SearchResponseItem]


class ResponseHeader(BaseModel):
    """DCI ``MsgCallbackHeader_V1.0.0``."""
    model_config = Strict
    version: str
    message_id: str
    message_ts: str
    action: Literal["on-search", "on-subscribe", "notify"]
    status: Literal["succ"]
    total_count: int
    completed_count: int
    sender_id: str
    receiver_id: str
    is_msg_encrypted: bool


class SearchResponse(BaseModel):
    model_config = Strict
    header: ResponseHeader
    message: OnSearchMessage


class SubscribeCriteria(BaseModel):
    model_config = Open
    version: str = "1.0.0"
    reg_type: Literal[REG_TYPE] = REG_TYPE
    reg_event_type: Literal["update"] = Field(default="update", description="ЦБІ sends one event type: a change")
    filter_type: Literal["idtype-value"]
    filter: IdentifierQuery
    notify_record_type: Literal[REG_RECORD_TYPE] = REG_RECORD_TYPE
    purpose: str = Field(min_length=1, max_length=64, description="ЦБІ extension: the registered purpose code")


class SubscribeRequestItem(BaseModel):
    model_config = Open
    reference_id: str = Field(min_length=1, max_length=128)
    timestamp: str
    subscribe_criteria: SubscribeCriteria
    locale: str = LanguageCode


class SubscribeMessage(BaseModel):
    model_config = Open
    transaction_id: str = Field(min_length=1, max_length=128)
    subscribe_request: list[SubscribeRequestItem] = Field(min_length=1, max_length=1)


class SubscribeRequest(BaseModel):
    """``POST /api/agencies/registry/subscribe``"""
    model_config = Open
    signature: str | None = None
    header: Header
    message: SubscribeMessage


class SubscriptionInfo(BaseModel):
    model_config = Strict
    code: str
    status: Literal["subscribe"]
    timestamp: str
    reg_type: Literal[REG_TYPE]
    reg_event_type: Literal["update"]
    notify_record_type: Literal[REG_RECORD_TYPE]
    purpose: str
    legal_basis: str


class SubscribeResponseItem(BaseModel):
    model_config = Strict
    reference_id: str
    timestamp: str
    status: Literal["succ"]
    subscriptions: list[SubscriptionInfo]


class OnSubscribeMessage(BaseModel):
    model_config = Strict
    transaction_id: str
    correlation_id: str
    subscribe_response: list[SubscribeResponseItem]


class SubscribeResponse(BaseModel):
    model_config = Strict
    header: ResponseHeader
    message: OnSubscribeMessage


class NotifyData(BaseModel):
    model_config = Strict
    version: str
    reg_type: str
    reg_event_type: Literal["update"]
    subscription_code: str
    reg_record_type: Literal[REG_RECORD_TYPE]
    purpose: str
    legal_basis: str
    reg_records: RegRecord


class NotifyEvent(BaseModel):
    model_config = Strict
    reference_id: str
    timestamp: str
    data: NotifyData
    locale: str = LanguageCode


class NotifyMessage(BaseModel):
    model_config = Strict
    transaction_id: str
    notify_event: list[NotifyEvent]


class NotifyHeader(ResponseHeader):
    action: Literal["notify"]


class Notify(BaseModel):
    """What ЦБІ POSTs to a client's callback (signed: ``X-CBI-Signature: sha256=<HMAC of the body>``)."""
    model_config = Strict
    header: NotifyHeader
    message: NotifyMessage


class FieldError(BaseModel):
    model_config = Strict
    path: str
    message: str


class Problem(BaseModel):
    """RFC 9457 problem document (``application/problem+json``)."""
    model_config = Strict
    type: str
    title: str
    status: int
    detail: str
    code: str
    correlation_id: str | None = None
    errors: list[FieldError] | None = None
