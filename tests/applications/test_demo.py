"""Demo data: after `seed_demo`, applications of every kind in every status they can reach,
through the real services; a second run adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from cbi.applications import workflow
from cbi.applications.demo import STATUSES_BY_KIND, seed_applications
from cbi.applications.models import ApplicationDocument, IssuedProduct, ProductApplication, Survey


@pytest.fixture
def demo_world(db):
    call_command("seed_demo", persons=60, quiet_logins=True, stdout=open("/dev/null", "w"))


def test_every_kind_in_every_status(demo_world):
    # seed_demo seeds the applications; seeding again adds nothing.
    assert ProductApplication.objects.count() > 60
    assert seed_applications() == {"applications": 0, "issued_products": 0, "surveys": 0}
    present = set(ProductApplication.objects.values_list("kind", "status"))
    for kind, statuses in STATUSES_BY_KIND.items():
        for status in statuses:
            assert (kind, status) in present, (kind, status)
    assert (workflow.DOCUMENT_UPDATE, workflow.PROVIDED) not in present

    paper = ProductApplication.objects.filter(filed_via="paper")
    assert paper.exists() and paper.filter(created_by__username="officer.pecherskyi").exists()
    child_filed = ProductApplication.objects.filter(created_by__username="cabinet.parent").first()
    assert child_filed is not None and child_filed.person.is_child
    assert child_filed.events.filter(on_behalf=True).exists()
    early = ProductApplication.objects.get(kind=workflow.REPLACEMENT, replacement_reason="damaged",
                                           created_by__username="cabinet.person")
    assert early.issued_product.replacement_possible_on > early.submitted_at.date()
    compensation = ProductApplication.objects.filter(kind=workflow.COMPENSATION, approved_amount__isnull=False).first()
    assert compensation.purchase_amount > compensation.approved_amount > 0
    assert ApplicationDocument.objects.filter(document__version=2, added_with__isnull=False).exists()
    assert Survey.objects.filter(rating__gte=1).exclude(comment="").count() >= 3
    assert IssuedProduct.objects.filter(replacement_possible_on__lte=early.submitted_at.date()).exists()
    assert any(a.is_overdue for a in ProductApplication.objects.exclude(due_on=None))
    assert all(a.request_text for a in ProductApplication.objects.all())

    # The procedure in force: a ЦНАП application forwarded to the Kyiv branch of the Fund, one approved
    # there, referrals issued, accepted and delivered (with the act) at the demo enterprise.
    from cbi.applications.models import Referral

    assert ProductApplication.objects.filter(status=workflow.FORWARDED, filed_via="cnap").exclude(
        place_of_receipt="").exists()
    assert set(Referral.objects.values_list("status", flat=True)) == {"issued", "accepted", "delivered"}
    delivered = Referral.objects.get(status="delivered")
    assert delivered.delivery_act is not None and delivered.application.status == workflow.PROVIDED
    assert delivered.enterprise.organization.staff.get().user.username == "enterprise.demo"

    before = ProductApplication.objects.count()
    call_command("seed_demo", persons=60, quiet_logins=True, stdout=open("/dev/null", "w"))
    assert ProductApplication.objects.count() == before
