"""No file ever lost, and save and return (issue #11): the documents step keeps what was
accepted and shows it with Replace/Remove; a saved draft is reopened on another device with
a short code and the date of birth; expired drafts are purged; anonymous drafts are bounded."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cbi.documents.models import Document
from cbi.primary import drafts
from cbi.primary.models import PrimaryRegistration
from cbi.primary.tasks import purge_primary_drafts
from tests.documents.files import MB, exe, jpeg, pdf, png, upload
from tests.clock import KYIV
from tests.primary.journey import BASE, SELF_ANSWERS, answer, submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


def _up_to_documents(client=None) -> Client:
    client = client or Client()
    for step, data in SELF_ANSWERS.items():
        assert answer(client, step, data).status_code == 302
    return client


def _stored_names() -> set[str]:
    try:
        return {f"documents/{name}" for name in default_storage.listdir("documents")[1]}
    except FileNotFoundError:
        return set()


def _save_later(client) -> tuple[str, str]:
    """Press "Save and continue later" on the person step; (code, page)."""
    response = answer(client, "person", {**SELF_ANSWERS["person"], "later": "1"})
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    code = re.search(r"data-return-code>([A-Z0-9-]+)<", page).group(1)
    return code, page


# --- No file ever lost --------------------------------------------------------------------------

def test_a_file_chosen_with_another_missing_is_kept_and_shown_by_name_and_size(organizations):
    client = _up_to_documents()
    response = client.post(f"{BASE}documents/", {"identity": upload("паспорт.jpg", jpeg(200_000))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "error-summary" in page
    assert "паспорт.jpg" in page and "195,3" in page  # name and size (195.3 KB)
    assert 'name="replace" value="identity"' in page and 'name="remove" value="identity"' in page
    assert 'type="file" name="identity"' not in page  # not asked again
    assert Document.objects.filter(kind="id_card").count() == 1
    # The person adds the other files and goes on without choosing the first one again.
    response = client.post(f"{BASE}documents/", {"rnokpp": upload("rnokpp.png", png()),
                                                  "right": upload("висновок.pdf", pdf())})
    assert response.status_code == 302 and response["Location"] == f"{BASE}check/"
    assert Document.objects.count() == 3


def test_replace_shows_the_input_again_and_the_new_file_takes_the_old_ones_place(
        organizations, django_capture_on_commit_callbacks):
    client = _up_to_documents()
    client.post(f"{BASE}documents/", {"identity": upload("old.jpg", jpeg())})
    old = Document.objects.get()
    # "Replace" also uploads what else was chosen on the page.
    response = client.post(f"{BASE}documents/", {"replace": "identity", "rnokpp": upload("rnokpp.png", png())})
    assert response.status_code == 302 and "replace=identity" in response["Location"]
    assert Document.objects.filter(kind="rnokpp_card").exists()
    page = client.get(response["Location"]).content.decode()
    assert 'type="file" name="identity"' in page and 'name="replacing" value="identity"' in page
    assert "old.jpg" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}documents/", {"replacing": "identity", "identity": upload("new.pdf", pdf())})
    assert response.status_code == 200  # the conclusion is still missing
    page = response.content.decode()
    assert "new.pdf" in page and "old.jpg" not in page
    assert not Document.objects.filter(pk=old.pk).exists()
    assert old.file.name not in _stored_names()  # a draft's replaced file is deleted, not kept
    assert not Document.history.filter(id=old.pk).exists()


def test_remove_takes_the_file_off_the_draft(organizations, django_capture_on_commit_callbacks):
    client = _up_to_documents()
    client.post(f"{BASE}documents/", {"identity": upload("wrong.jpg", jpeg())})
    document = Document.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}documents/", {"remove": "identity"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'type="file" name="identity"' in page
    assert not Document.objects.exists() and document.file.name not in _stored_names()


def test_a_refused_file_says_why_and_leaves_nothing(organizations):
    client = _up_to_documents()
    response = client.post(f"{BASE}documents/", {"identity": upload("scan.jpg", jpeg(int(3.2 * MB))),
                                                  "rnokpp": upload("rnokpp.pdf", exe())})
    assert response.status_code == 200
    page = response.content.decode()
    assert ("3 MB" in page or "3 МБ" in page) and ("PDF, JPEG, PNG" in page)
    assert not Document.objects.exists() and _stored_names() == set()


def test_a_returned_application_can_replace_but_not_remove_and_keeps_versions(organizations, district_officer):
    from cbi.primary import services

    client, registration = submit_application()
    services.return_for_corrections(actor=district_officer, registration=registration, reasons="Нечитабельний скан")
    link = re.search(r"http://testserver(/primary-registration/reopen/[^\s]+)", mail.outbox[-1].body).group(1)
    client.get(link)
    page = client.get(f"{BASE}documents/").content.decode()
    assert 'name="replace" value="identity"' in page and 'name="remove"' not in page
    assert client.post(f"{BASE}documents/", {"remove": "identity"}).status_code == 302
    assert Document.objects.count() == 3
    client.post(f"{BASE}documents/", {"replacing": "identity", "identity": upload("clear.jpg", jpeg())})
    assert Document.objects.count() == 4 and Document.objects.filter(replaces__isnull=False).count() == 1


# --- Save and return ----------------------------------------------------------------------------

def test_save_for_later_shows_a_code_once_stores_only_its_hash_and_emails_it(organizations, time_machine):
    # Noon today in Kyiv: "kept until" is today + N days whatever the hour the suite runs.
    time_machine.move_to(datetime.combine(timezone.localdate(), time(12), tzinfo=KYIV), tick=False)
    client = Client()
    answer(client, "who", {"applicant": "self"})
    code, page = _save_later(client)
    assert re.fullmatch(r"[ACDEFHJKMNPRTUVWXY3479]{4}-[ACDEFHJKMNPRTUVWXY3479]{4}", code)
    assert f"/primary-registration/continue/?code={code}" in page
    registration = PrimaryRegistration.objects.get()
    assert registration.return_code_hash == drafts.return_code_hash(code)
    assert code not in registration.return_code_hash and code.replace("-", "") not in registration.return_code_hash
    expected = timezone.localdate() + timedelta(days=drafts.draft_days())
    assert expected.strftime("%d.%m.%Y") in page and str(drafts.draft_days()) in page
    assert mail.outbox[-1].to == ["maria.koval@example.com"] and code in mail.outbox[-1].body
    # Saving again gives a new code; the old one no longer works.
    new_code, _page = _save_later(client)
    assert new_code != code
    other = Client()
    response = other.post(f"{BASE}continue/", {"code": code, "date_of_birth": "1990-06-14"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_continue_on_another_device_moves_the_draft_there(organizations):
    first = _up_to_documents()
    first.post(f"{BASE}documents/", {"identity": upload("паспорт.jpg", jpeg())})
    code, _page = _save_later(first)
    second = Client()
    assert second.get(f"{BASE}continue/?code={code}").content.decode().count(f'value="{code}"') == 1
    response = second.post(f"{BASE}continue/", {"code": code.lower().replace("-", " "),
                                                "date_of_birth": "1990-06-14"})
    assert response.status_code == 302 and response["Location"] == f"{BASE}documents/"
    page = second.get(f"{BASE}documents/").content.decode()
    assert "паспорт.jpg" in page
    # One device at a time: the first browser no longer has it.
    assert first.get(f"{BASE}documents/")["Location"] == BASE
    second.post(f"{BASE}documents/", {"rnokpp": upload("rnokpp.png", png()), "right": upload("в.pdf", pdf())})
    assert second.post(f"{BASE}check/")["Location"] == f"{BASE}done/"
    assert PrimaryRegistration.objects.get().status == "submitted"
    # A submitted application is not a saved draft any more.
    third = Client()
    response = third.post(f"{BASE}continue/", {"code": code, "date_of_birth": "1990-06-14"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()


def test_the_wrong_date_of_birth_is_refused_like_a_wrong_code_and_guessing_is_throttled(organizations, settings):
    client = Client()
    answer(client, "who", {"applicant": "self"})
    code, _page = _save_later(client)
    thief = Client()
    for _ in range(settings.PRIMARY_RETURN_CODE_MAX_FAILURES):
        response = thief.post(f"{BASE}continue/", {"code": code, "date_of_birth": "1991-06-14"})
        assert response.status_code == 200 and "error-summary" in response.content.decode()
    # Now even the right answer waits.
    response = thief.post(f"{BASE}continue/", {"code": code, "date_of_birth": "1990-06-14"})
    assert response.status_code == 429
    assert PrimaryRegistration.objects.get().token_hash == drafts.selectors.token_hash(
        client.session["primary_draft_token"])


def test_an_expired_draft_cannot_be_continued_and_is_purged_with_its_files(
        organizations, time_machine, django_capture_on_commit_callbacks):
    time_machine.move_to(timezone.now(), tick=False)
    client = _up_to_documents()
    client.post(f"{BASE}documents/", {"identity": upload("паспорт.jpg", jpeg())})
    code, _page = _save_later(client)
    registration = PrimaryRegistration.objects.get()
    stored = Document.objects.get().file.name
    _other, sent = submit_application()  # a submitted application is never purged
    time_machine.move_to(timezone.now() + timedelta(days=drafts.draft_days(), minutes=1), tick=False)
    response = Client().post(f"{BASE}continue/", {"code": code, "date_of_birth": "1990-06-14"})
    assert response.status_code == 200
    assert str(drafts.draft_days()) in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_primary_drafts")
    assert not PrimaryRegistration.objects.filter(pk=registration.pk).exists()
    assert not PrimaryRegistration.history.filter(id=registration.pk).exists()
    assert not Document.objects.filter(registration=registration).exists() and stored not in _stored_names()
    assert PrimaryRegistration.objects.filter(pk=sent.pk).exists() and sent.documents.count() == 3
    assert purge_primary_drafts.enqueue().return_value == {"drafts": 0, "files": 0}  # idempotent


def test_a_draft_touched_recently_is_not_purged(organizations, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    client = Client()
    answer(client, "who", {"applicant": "self"})
    time_machine.move_to(timezone.now() + timedelta(days=drafts.draft_days() - 1), tick=False)
    from cbi.primary.services import save_answers

    save_answers(registration=PrimaryRegistration.objects.get(), data={"surname": "Коваль"})  # restarts the clock
    time_machine.move_to(timezone.now() + timedelta(days=drafts.draft_days() - 1), tick=False)
    assert drafts.purge_expired() == {"drafts": 0, "files": 0}


# --- Quotas -------------------------------------------------------------------------------------

def test_too_many_drafts_from_one_browser_is_429_and_starts_nothing(organizations, settings):
    settings.PRIMARY_MAX_OPEN_DRAFTS_PER_SESSION = 2
    client = Client()
    for _ in range(2):
        assert answer(client, "who", {"applicant": "self"}).status_code == 302
        session = client.session
        del session["primary_draft_token"]
        session.save()
    response = answer(client, "who", {"applicant": "self"})
    assert response.status_code == 429
    assert "error-summary" in response.content.decode()
    assert PrimaryRegistration.objects.count() == 2


def test_too_many_drafts_from_one_address_is_429(organizations, settings):
    settings.PRIMARY_MAX_OPEN_DRAFTS_PER_CLIENT = 1
    assert answer(Client(), "who", {"applicant": "self"}).status_code == 302
    assert answer(Client(), "who", {"applicant": "self"}).status_code == 429
    assert answer(Client(REMOTE_ADDR="10.1.2.3"), "who", {"applicant": "self"}).status_code == 302
    assert PrimaryRegistration.objects.count() == 2


@pytest.mark.parametrize("limit", ["PRIMARY_MAX_DRAFT_BYTES_PER_SESSION", "PRIMARY_MAX_DRAFT_BYTES_PER_CLIENT",
                                   "PRIMARY_MAX_ANONYMOUS_BYTES"])
def test_over_the_byte_limits_a_file_is_413_and_nothing_is_saved(organizations, settings, limit):
    setattr(settings, limit, 300_000)
    client = _up_to_documents()
    assert client.post(f"{BASE}documents/", {"identity": upload("a.jpg", jpeg(200_000))}).status_code == 200
    response = client.post(f"{BASE}documents/", {"rnokpp": upload("b.png", png(200_000))})
    assert response.status_code == 413
    assert "error-summary" in response.content.decode()
    assert list(Document.objects.values_list("kind", flat=True)) == ["id_card"]
    assert len(_stored_names()) == 1
