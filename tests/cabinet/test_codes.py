"""Authorization codes: EC-CODE-1 and the refusals of EC-REG-3."""

import math
import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cbi.accounts import codes
from cbi.accounts.error_codes import AccountsErrorCode
from cbi.accounts.models import AuthorizationCode
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_throttle():
    cache.clear()


def test_code_has_at_least_40_bits_and_no_look_alike_characters():
    assert LENGTH_BITS() >= 40
    for ambiguous in "0O1IL2Z5S6G8B":
        assert ambiguous not in codes.ALPHABET
    code = codes.generate()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert len({codes.generate() for _ in range(200)}) == 200


def LENGTH_BITS():
    return codes.LENGTH * math.log2(len(codes.ALPHABET))


def test_typing_variants_are_accepted():
    assert codes.normalize("kd7r-wx4m-pt9c") == "KD7RWX4MPT9C"
    assert codes.normalize("KD7R WX4M PT9C") == "KD7RWX4MPT9C"
    # Cyrillic К, Р, М, Т, С typed on a Ukrainian keyboard layout.
    assert codes.normalize("КD7Р-WX4М-РТ9С") == "KD7PWX4MPT9C"


def test_only_a_hash_is_stored_and_a_new_code_revokes_the_old(person, district_officer):
    first, plain = codes.issue(actor=district_officer, person=person)
    assert plain.replace("-", "") not in first.code_hash
    assert not AuthorizationCode.objects.filter(code_hash__icontains=plain.replace("-", "")).exists()
    second, _ = codes.issue(actor=district_officer, person=person)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert first.history.first().history_user == district_officer
    assert second.expires_at - second.issued_at >= timedelta(days=29, hours=23)


def _check(plain, dob=date(1985, 3, 27), client="203.0.113.7"):
    return codes.check(typed=plain, date_of_birth=dob, client=client)


def test_each_refusal_has_its_reason(person, district_officer):
    old, old_plain = codes.issue(actor=district_officer, person=person)
    record, plain = codes.issue(actor=district_officer, person=person)
    assert _check(plain) == record
    with pytest.raises(codes.CodeRefused) as refused:
        _check(old_plain)
    assert refused.value.code == AccountsErrorCode.CODE_REVOKED.value
    with pytest.raises(codes.CodeRefused) as refused:
        _check("AAAA-AAAA-AAAA")
    assert refused.value.code == AccountsErrorCode.CODE_WRONG.value
    with pytest.raises(codes.CodeRefused) as refused:
        _check(plain, dob=date(1990, 1, 1))
    assert refused.value.code == AccountsErrorCode.CODE_WRONG.value
    AuthorizationCode.objects.filter(pk=record.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(codes.CodeRefused) as refused:
        _check(plain)
    assert refused.value.code == AccountsErrorCode.CODE_EXPIRED.value
    AuthorizationCode.objects.filter(pk=record.pk).update(used_at=timezone.now(), expires_at=timezone.now() + timedelta(days=1))
    with pytest.raises(codes.CodeRefused) as refused:
        _check(plain)
    assert refused.value.code == AccountsErrorCode.CODE_USED.value


def test_wrong_guesses_are_throttled_per_client(person, district_officer):
    record, plain = codes.issue(actor=district_officer, person=person)
    for _ in range(codes.MAX_FAILURES):
        with pytest.raises(codes.CodeRefused):
            _check("AAAA-AAAA-AAAA")
    with pytest.raises(codes.CodeRefused) as refused:
        _check(plain)  # even the right code waits now
    assert refused.value.code == AccountsErrorCode.CODE_THROTTLED.value
    assert _check(plain, client="198.51.100.4") == record  # another device is not blocked


def test_officer_issues_a_code_and_downloads_the_receipt_once(person, district_officer):
    client = signed_in(district_officer)
    page = client.get(f"/cabinet/staff/persons/{person.pk}/code/").content.decode()
    assert "Петренко" in page
    response = client.post(f"/cabinet/staff/persons/{person.pk}/code/", {"holder": ""})
    shown = re.search(r'data-testid="authorization-code">([A-Z0-9-]+)<', response.content.decode()).group(1)
    assert _check(shown).person == person
    pdf = client.get(f"/cabinet/staff/persons/{person.pk}/code/receipt.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(f"/cabinet/staff/persons/{person.pk}/code/receipt.pdf").status_code == 404


def test_receipt_renders_the_name_and_code_in_cyrillic_text(person, district_officer):
    import io

    from pypdf import PdfReader

    from cbi.cabinet.staff_views import render_receipt
    from tests.pdfua import pdf_ua_text

    record, plain = codes.issue(actor=district_officer, person=person)
    pdf = render_receipt(record, plain)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Петренко Олена Іванівна" in text
    tagged = pdf_ua_text(pdf, title="Розписка про видачу коду авторизації")
    assert "http://testserver/cabinet/register/" in tagged  # an address one can type, from SITE_URL
    assert plain in text
    assert "Розписка" in text


def test_officer_of_another_office_cannot_issue_a_code(person, other_district_officer):
    client = signed_in(other_district_officer)
    assert client.post(f"/cabinet/staff/persons/{person.pk}/code/", {"holder": ""}).status_code == 404
    assert not AuthorizationCode.objects.exists()


def test_a_guessed_valid_code_gets_the_same_answer_as_a_wrong_one_and_counts_alike(person, district_officer):
    """An outside probe learned that a code was valid from "issued for another person"."""
    _, plain = codes.issue(actor=district_officer, person=person)
    answers = set()
    for typed, dob in [("AAAA-AAAA-AAAA", person.date_of_birth), (plain, date(1990, 1, 1))] * 2:
        with pytest.raises(codes.CodeRefused) as refused:
            codes.check(typed=typed, date_of_birth=dob, client="198.51.100.7")
        answers.add((refused.value.code, refused.value.message))
    assert len(answers) == 1
    # The fifth try (wrong or not) is throttled even with the right code and date of birth.
    with pytest.raises(codes.CodeRefused):
        codes.check(typed="BBBB-BBBB-BBBB", date_of_birth=person.date_of_birth, client="198.51.100.7")
    with pytest.raises(codes.CodeRefused) as refused:
        codes.check(typed=plain, date_of_birth=person.date_of_birth, client="198.51.100.7")
    assert refused.value.code == AccountsErrorCode.CODE_THROTTLED.value
