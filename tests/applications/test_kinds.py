"""The kinds of application are one table of profiles (cbi/applications/kinds.py): every kind
has a complete one, a kind added without a profile is refused, and what a person is told is
missing on an empty draft follows the kind's profile."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import override

from cbi.applications import services, workflow
from cbi.applications.kinds import PROFILES, check_complete
from cbi.applications.models import ProductApplication
from cbi.documents.models import Document


def test_every_kind_has_a_complete_profile_and_its_label_is_the_models():
    assert set(PROFILES) == set(workflow.KINDS)
    check_complete(PROFILES)
    for kind in workflow.KINDS:
        application = ProductApplication(kind=kind)
        assert application.profile is PROFILES[kind]
        with override("uk"):
            assert str(application.get_kind_display()) == str(PROFILES[kind].label)
    with override("uk"):
        assert str(PROFILES[workflow.COMPENSATION].label).startswith("компенсац")


def test_a_kind_added_to_the_workflow_without_a_profile_is_refused():
    with pytest.raises(ImproperlyConfigured, match="kinds without a profile: \\['loan'\\]"):
        check_complete(PROFILES, kinds=(*workflow.KINDS, "loan"))


def test_a_profile_left_for_a_kind_no_longer_in_the_workflow_is_refused():
    kinds = tuple(k for k in workflow.KINDS if k != workflow.REPAIR)
    with pytest.raises(ImproperlyConfigured, match="profiles of no kind: \\['repair'\\]"):
        check_complete(PROFILES, kinds=kinds)


@pytest.mark.parametrize("kind, change, why", [
    (workflow.REPAIR, {"request_required_message": None}, "a required request needs its message"),
    (workflow.REPAIR, {"subject": "car"}, "unknown subject"),
    (workflow.REPAIR, {"steps": ("office", "product", "details")}, "end with the documents"),
    (workflow.REPAIR, {"steps": ("office", "group", "product", "details", "documents")}, "group step"),
    (workflow.REPAIR, {"required_document": Document.Kind.PURCHASE_RECEIPT, "required_document_message": "Чек"},
     "one of its document kinds"),
    (workflow.PROVISION, {"required_document": Document.Kind.REHABILITATION_PROGRAMME},
     "a required document needs its message"),
    (workflow.COMPENSATION, {"asks_purchase": False}, "an approved amount needs the amount paid"),
    (workflow.PROVISION, {"kind": workflow.REPAIR}, "kind does not match"),
    (workflow.DOCUMENT_UPDATE, {"document_kinds": ()}, "document kinds are required"),
    (workflow.REPAIR, {"start_hint": None}, "needs its start option and hint"),
    (workflow.PROVISION, {"start_label": "Отримати засіб", "start_hint": "Від держави"}, "start option"),
])
def test_an_incomplete_profile_is_refused(kind, change, why):
    broken = {**PROFILES, kind: dataclasses.replace(PROFILES[kind], **change)}
    with pytest.raises(ImproperlyConfigured, match=why):
        check_complete(broken)


#: What a person is told is still missing on a draft with no answers at all, kind by kind.
EMPTY_DRAFT_MISSING = {
    workflow.PROVISION: [("product", "Оберіть засіб.")],
    workflow.COMPENSATION: [("product", "Оберіть засіб."), ("details", "Введіть суму, яку ви сплатили."),
                            ("details", "Введіть дату купівлі."), ("documents", "Додайте чек або рахунок за покупку.")],
    workflow.REPLACEMENT: [("product", "Оберіть засіб, який у вас є.")],
    workflow.REPAIR: [("product", "Оберіть засіб, який у вас є."), ("details", "Опишіть, що зламалося.")],
    workflow.DOCUMENT_UPDATE: [("product", "Оберіть заяву, до якої належать документи."),
                               ("documents", "Додайте хоча б один новий документ.")],
}


@pytest.mark.parametrize("kind", workflow.KINDS)
def test_an_empty_draft_is_told_what_its_kind_needs(kind, person, person_user):
    draft = services.start_draft(actor=person_user, person=person, kind=kind)
    with override("uk"):
        missing = [(step, str(message)) for step, message in services.missing_answers(draft)]
    assert missing == EMPTY_DRAFT_MISSING[kind]
