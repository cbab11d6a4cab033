"""Merge and its exact reversal; scope of the work list (issue #14 §3, docs/duplicates.md)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from cbi.duplicates import selectors, services
from cbi.duplicates.models import DuplicatePair
from cbi.registry.demo import make_rnokpp
from cbi.registry.models import IdentityDocument
from tests.agencies.conftest import transport  # noqa: F401 (fixture)
from tests.conftest import SHEVCHENKIVSKYI, make_person

pytestmark = pytest.mark.django_db


def _pair(organizations):
    office = organizations[SHEVCHENKIVSKYI]
    olena = make_person(office)
    alena = make_person(office, given_name="Алена", rnokpp=make_rnokpp(date(1985, 3, 27), 78, False))
    IdentityDocument.objects.create(person=alena, kind="passport_booklet", series="МК", number="654321",
                                    issued_on=date(2001, 4, 10), issued_by="Шевченківським РУ ГУ МВС України в м. Києві")
    assert services.scan(organization=office) == 1
    assert services.scan(organization=office) == 0   # a pair is recorded once
    return olena, alena, DuplicatePair.objects.get()


def test_merge_moves_the_documents_and_reversal_moves_exactly_them_back(organizations, district_officer,
                                                                         administrator):
    olena, alena, pair = _pair(organizations)
    merge = services.merge(actor=district_officer, pair_id=pair.pk, survivor_id=olena.pk)
    assert list(IdentityDocument.objects.filter(person=olena).values_list("number", flat=True)) == ["654321"]
    assert alena.__class__.objects.filter(pk=alena.pk).exists()   # never deleted
    later = IdentityDocument.objects.create(person=olena, kind="id_card", number="000123456",
                                            issued_on=date(2024, 1, 10), issued_by="8000")
    with pytest.raises(PermissionDenied):
        services.reverse_merge(actor=district_officer, merge_id=merge.pk, reason="Помилкове об'єднання")
    services.reverse_merge(actor=administrator, merge_id=merge.pk, reason="Помилкове об'єднання: різні особи")
    assert list(IdentityDocument.objects.filter(person=alena).values_list("number", flat=True)) == ["654321"]
    assert IdentityDocument.objects.get(pk=later.pk).person_id == olena.pk
    pair.refresh_from_db()
    assert pair.status == DuplicatePair.Status.OPEN


def test_an_officer_of_another_district_sees_no_pair_and_cannot_merge(organizations, other_district_officer):
    olena, _alena, pair = _pair(organizations)
    assert not selectors.pairs_visible_to(other_district_officer).exists()
    with pytest.raises(PermissionDenied):
        services.merge(actor=other_district_officer, pair_id=pair.pk, survivor_id=olena.pk)


def test_a_merge_carries_the_right_event_and_the_consent_and_keeps_the_survivors_own(
        organizations, district_officer, administrator, transport):
    """Алена Петренко (the duplicate) had her right suspended and had consented to Київпастранс's
    fare discount; Олена (kept) had consented too. After the merge Олена's right is suspended and
    the transport company's one consent in force is Олена's own; the reversal puts back only Алена's."""
    from cbi.agencies.models import Consent
    from cbi.applications import right
    from cbi.applications.models import RightEvent
    from cbi.applications.selectors import right_state_of

    olena, alena, pair = _pair(organizations)
    purpose = transport.purposes.get()
    own = Consent.objects.create(person=olena, purpose=purpose, granted_by=district_officer)
    duplicate = Consent.objects.create(person=alena, purpose=purpose, granted_by=district_officer)
    RightEvent.objects.create(person=alena, ground=right.PRODUCT_DISPOSED, source_document="Договір купівлі-продажу № 17",
                              source_date=date(2026, 9, 1), suspended_until=date(2030, 9, 1), citation="Постанова № 321",
                              recorded_by=district_officer, office=organizations[SHEVCHENKIVSKYI],
                              decision_number="ПЗ-2026-000077")
    assert right_state_of(olena, on=date(2026, 10, 1)).state == right.ACTIVE

    merge = services.merge(actor=district_officer, pair_id=pair.pk, survivor_id=olena.pk)
    assert right_state_of(olena, on=date(2026, 10, 1)).state == right.SUSPENDED
    assert list(Consent.objects.filter(purpose=purpose, withdrawn_at__isnull=True, person=olena)) == [own]
    assert Consent.objects.get(pk=duplicate.pk).person_id == alena.pk   # the survivor's own is the current one

    services.reverse_merge(actor=administrator, merge_id=merge.pk, reason="Помилкове об'єднання: різні особи")
    assert right_state_of(olena, on=date(2026, 10, 1)).state == right.ACTIVE
    assert right_state_of(alena, on=date(2026, 10, 1)).state == right.SUSPENDED
