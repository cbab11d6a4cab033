"""Demo data: after `seed_demo`, applications of every kind in every status they can reach,
and a right ended and a right suspended then lifted, through the real services; a second run
adds nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext, override

from cbi.applications import right, selectors, workflow
from cbi.applications.demo import (DEATH_CERTIFICATE, RETURN_ACT, SALE_ACT, STATUSES_BY_KIND, seed_applications,
                                   seed_right_events)
from cbi.applications.models import ApplicationDocument, IssuedProduct, ProductApplication, RightEvent, Survey
from cbi.letters.registry import render_letter
from tests.applications.test_cabinet_views import cabinet_client, text_of
from tests.conftest import signed_in
from tests.pdfua import pdf_ua_text


def uk(msgid: str) -> str:
    with override("uk"):
        return " ".join(gettext(msgid).split())


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

    # Only the Fund's branch decides a provision or replacement (AP-PROC-3): every demo decision on
    # one was taken by the branch officer after the office forwarded it; the office decides the rest.
    from cbi.applications.models import ApplicationEvent

    decisions = ApplicationEvent.objects.filter(action__in=[workflow.APPROVE, workflow.REFUSE])
    by_branch = decisions.filter(application__kind__in=workflow.REFERRAL_KINDS)
    assert by_branch.filter(action=workflow.REFUSE).exists() and by_branch.filter(action=workflow.APPROVE).exists()
    assert set(by_branch.values_list("role", "by__username", "from_status")) == {
        (workflow.FUND_BRANCH, "fund.kyiv", workflow.FORWARDED)}
    assert set(decisions.exclude(application__kind__in=workflow.REFERRAL_KINDS).values_list("role", flat=True)) == {
        workflow.DISTRICT_OFFICER}

    before = ProductApplication.objects.count()
    call_command("seed_demo", persons=60, quiet_logins=True, stdout=open("/dev/null", "w"))
    assert ProductApplication.objects.count() == before


def test_a_right_ended_on_death_and_a_right_suspended_then_lifted(demo_world):
    """Issue #16 §3 in the demo: an officer finds a person whose right ended on death (the open
    applications cancelled, the letters addressed to the heirs), and the demo parent finds, for
    the child, a suspension (a product sold before its term) and its lift, with a letter for each."""
    death = RightEvent.objects.get(ground=right.DEATH)
    assert selectors.right_state_of(death.person).state == right.ENDED
    cancelled = list(ProductApplication.objects.filter(events__right_event=death))
    assert len(cancelled) == 2 and all(a.status == workflow.CANCELLED for a in cancelled)
    assert {a.kind for a in cancelled} == {workflow.PROVISION, workflow.REPAIR}
    letter = pdf_ua_text(render_letter(kind="applications.right_decision", subject=cancelled[0]),
                         title=uk("Decision on the right to assistive products"))
    assert uk("The heirs or family of %(name)s") % {"name": death.person.full_name} in letter
    assert DEATH_CERTIFICATE in letter and death.decision_number in letter
    assert uk("How to appeal") in letter

    suspension = RightEvent.objects.get(ground=right.PRODUCT_DISPOSED)
    lift = RightEvent.objects.get(ground=right.LIFTED)
    assert lift.lifts == suspension and suspension.source_document == SALE_ACT and lift.source_document == RETURN_ACT
    assert suspension.recorded_at < lift.recorded_at < death.recorded_at
    child = suspension.person
    assert child.is_child and selectors.right_state_of(child).state == right.ACTIVE
    waited = ProductApplication.objects.get(events__right_event=suspension)
    steps = [(e.from_status, e.to_status) for e in waited.events.filter(right_event__isnull=False).order_by("at")]
    assert steps == [(steps[0][0], workflow.SUSPENDED), (workflow.SUSPENDED, steps[0][0])]
    assert waited.status == steps[0][0] and waited.status != workflow.SUSPENDED

    # The demo parent sees, for the child, both steps and the letter of the lift.
    parent = cabinet_client(get_user_model().objects.get(username="cabinet.parent"))
    page = text_of(parent.get(reverse("applications_cabinet:detail", args=[waited.pk])))
    assert suspension.decision_number in page and lift.decision_number in page
    pdf = parent.get(reverse("applications_cabinet:right_letter_pdf", args=[waited.pk]))
    lifted = pdf_ua_text(pdf.content, title=uk("Decision on the right to assistive products"))
    assert lift.decision_number in lifted and RETURN_ACT in lifted
    assert uk("The suspension of the right to assistive products is LIFTED. The application continues "
              "from where it stopped.") in lifted

    # The officer of the office sees the ended right on the person's record.
    officer = get_user_model().objects.get(username="officer.shevchenkivskyi")
    record = text_of(signed_in(officer).get(reverse("registry:person_detail", args=[death.person.pk])))
    assert death.decision_number in record and DEATH_CERTIFICATE in record

    # Seeding again adds nothing.
    assert seed_right_events() == {"right_events": 0, "moved_applications": 0}
    call_command("seed_demo", persons=60, quiet_logins=True, stdout=open("/dev/null", "w"))
    assert RightEvent.objects.count() == 3
