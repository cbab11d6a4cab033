"""The agencies' API bodies, after the DCI (Digital Convergence Initiative) registry API:
a ``header`` (message id, sender, action) and a ``message`` with ``search_request`` /
``subscribe_request`` items; answers ``on-search`` / ``on-subscribe`` with ``reg_records``;
errors are RFC 9457 problem documents.

These pydantic models are the one description: requests are validated with them, the
committed OpenAPI document (docs/agencies-openapi.json, served at /api/agencies/openapi.json) is
generated from them (``manage.py agencies_openapi``), and the contract tests validate real
answers with them and compare the committed document with a fresh one.

ЦБІ extensions of the envelope, marked in the description: ``search_criteria.purpose`` (the
registered purpose the client asks under) and the document ``series``/``number`` of a query.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Strict = ConfigDict(extra="forbid")
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
    reg_type: Literal["ns:org:RegistryType:Disability"]
    query_type: Literal["idtype-value"]
    query: IdentifierQuery
    purpose: str = Field(min_length=1, max_length=64, description="ЦБІ extension: the registered purpose code")


class SearchRequestItem(BaseModel):
    model_config = Open
    reference_id: str = Field(min_length=1, max_length=128)
    timestamp: str
    search_criteria: SearchCriteria
    locale: str | None = "uk"


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
    reg_record_type: Literal["disability-status"]
    purpose: str
    legal_basis: str
    reg_records: list[RegRecord]


class SearchResponseItem(BaseModel):
    model_config = Strict
    reference_id: str
    timestamp: str
    status: Literal["succ"]
    data: SearchData
    locale: str


class OnSearchMessage(BaseModel):
    model_config = Strict
    transaction_id: str
    correlation_id: str
    search_response: list[SearchResponseItem]


class ResponseHeader(BaseModel):
    model_config = Strict
    version: str
    message_id: str
    message_ts: str
    action: Literal["on-search", "on-subscribe", "notify"]
    status: Literal["succ"]
    sender_id: str
    receiver_id: str
    total_count: int
    is_msg_encrypted: bool


class SearchResponse(BaseModel):
    model_config = Strict
    header: ResponseHeader
    message: OnSearchMessage


class SubscribeCriteria(BaseModel):
    model_config = Open
    version: str = "1.0.0"
    reg_type: Literal["ns:org:RegistryType:Disability"]
    reg_event_type: Literal["update"] = "update"
    query_type: Literal["idtype-value"]
    query: IdentifierQuery
    purpose: str = Field(min_length=1, max_length=64)


class SubscribeRequestItem(BaseModel):
    model_config = Open
    reference_id: str = Field(min_length=1, max_length=128)
    timestamp: str
    subscribe_criteria: SubscribeCriteria
    locale: str | None = "uk"


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
    purpose: str
    legal_basis: str
    reg_records: list[RegRecord]


class NotifyEvent(BaseModel):
    model_config = Strict
    reference_id: str
    timestamp: str
    data: NotifyData


class NotifyMessage(BaseModel):
    model_config = Strict
    transaction_id: str
    notify_event: list[NotifyEvent]


class NotifyHeader(BaseModel):
    model_config = Strict
    version: str
    message_id: str
    message_ts: str
    action: Literal["notify"]
    sender_id: str
    receiver_id: str
    total_count: int
    is_msg_encrypted: bool


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
