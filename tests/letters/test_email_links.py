"""Every e-mail the product sends carries absolute links built from SITE_URL, and every one of
them opens: 200, or a redirect that ends on a page (the login page for protected pages)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from cbi.cabinet import accounts as cabinet_accounts
from cbi.accounts.models import CabinetAccount
from cbi.help import services as help_services
from cbi.notifications.services import notify
from cbi.primary import services as primary_services
from cbi.web.links import absolute_url
from tests.applications.fixtures import cabinet_user_for
from tests.primary.journey import submit_application

pytestmark = pytest.mark.django_db

SENDERS = {  # module → what it sends (covered below)
    "cbi/cabinet/accounts.py": "confirmation of the e-mail address",
    "cbi/notifications/services.py": "notifications (decisions, requests, answers)",
    "cbi/primary/services.py": "primary registration: received, accepted, returned",
    "cbi/help/services.py": "barrier report to administrators",
    "cbi/primary/drafts.py": "primary registration saved for later: the return code and link",
    "cbi/cabinet/code_delivery.py": "the authorization code sent by e-mail",
}
LINK = re.compile(r"\b(?:https?://|www\.)\S+|(?<![\w/])/(?:cabinet|staff|primary-registration|help|catalogue)/\S*")


def links_in(message) -> list[str]:
    return [link.rstrip(".,;)") for link in LINK.findall(message.body)]


def follow(client: Client, link: str, site_url: str) -> None:
    assert link.startswith(site_url + "/"), f"not an absolute link from SITE_URL: {link}"
    response = client.get(link[len(site_url):], follow=True)
    assert response.status_code == 200, link
    for hop, status in response.redirect_chain:
        assert status in (301, 302), link


def test_every_sending_module_is_covered_here():
    """A new e-mail must be added to this test (the set of modules that send mail)."""
    root = Path(__file__).resolve().parents[2] / "cbi"
    found = {str(path.relative_to(root.parent)) for path in root.rglob("*.py")
             if re.search(r"\bsend_mail\(|EmailMessage\(|EmailMultiAlternatives\(|send_mass_mail\(",
                          path.read_text(encoding="utf-8"))}
    assert found <= set(SENDERS), found - set(SENDERS)


def test_absolute_url_uses_the_configured_site_not_the_request(settings):
    settings.SITE_URL = "https://cbi.example.gov.ua"
    assert absolute_url("cabinet:login") == "https://cbi.example.gov.ua" + reverse("cabinet:login")
    assert absolute_url("/help/") == "https://cbi.example.gov.ua/help/"


def test_confirmation_email_link_is_absolute_and_opens(person, settings):
    user = cabinet_user_for(person, "olena.petrenko")
    account = CabinetAccount.objects.get(user=user)
    cabinet_accounts.send_confirmation(None, account)
    [link] = links_in(mail.outbox[-1])
    follow(Client(), link, settings.SITE_URL)


def test_password_reset_email_link_is_absolute_and_opens(person, settings):
    cabinet_user_for(person, "olena.petrenko")
    client = Client()
    client.post(reverse("cabinet:password_reset"), {"email": "olena.petrenko@example.com"})
    [link] = links_in(mail.outbox[-1])
    follow(client, link, settings.SITE_URL)


def test_notification_email_link_is_absolute_and_opens_or_asks_to_sign_in(person, settings):
    cabinet_user_for(person, "olena.petrenko")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda func, *a, **k: func())
        notify(person=person, subject="Рішення", body="Рішення прийнято.",
               link=reverse("applications_cabinet:my_products"))
    [link] = links_in(mail.outbox[-1])
    response = Client().get(link[len(settings.SITE_URL):])
    assert response.status_code == 302 and response["Location"].startswith(reverse("cabinet:login"))
    follow(Client(), link, settings.SITE_URL)


def test_primary_registration_emails_have_absolute_links_that_open(organizations, district_officer, settings):
    _client, registration = submit_application()
    primary_services.return_for_corrections(actor=district_officer, registration=registration,
                                            reasons="Додайте чіткий скан паспорта.")
    assert len(mail.outbox) >= 2  # received, returned
    links = [link for message in mail.outbox for link in links_in(message)]
    assert links, "the returned-application e-mail carries the link to correct it"
    for link in links:
        follow(Client(), link, settings.SITE_URL)


def test_barrier_report_email_link_is_absolute_and_asks_staff_to_sign_in(administrator, settings):
    help_services.submit_report(page="/help/", client="test", description="Фокус губиться після помилки.")
    page, report = links_in(mail.outbox[-1])  # the page it happened on, and the report to handle
    assert page == settings.SITE_URL + "/help/"
    for link in (page, report):
        follow(Client(), link, settings.SITE_URL)


def test_deploy_check_wants_https_site_url(settings):
    from cbi.web.checks import site_url_is_https

    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [w.id for w in site_url_is_https(None)] == ["web.W001"]
    settings.SITE_URL = "https://cbi.example.gov.ua"
    assert site_url_is_https(None) == []


def test_saved_for_later_email_link_is_absolute_and_reopens_the_draft(organizations, settings):
    from cbi.primary.models import PrimaryRegistration
    from tests.primary.journey import SELF_ANSWERS, answer

    client = Client()
    answer(client, "who", SELF_ANSWERS["who"])
    response = answer(client, "person", {**SELF_ANSWERS["person"], "later": "1"})
    assert response.status_code == 200 and PrimaryRegistration.objects.count() == 1
    [link] = links_in(mail.outbox[-1])
    assert link.startswith(settings.SITE_URL + "/primary-registration/continue/?code=")
    follow(Client(), link, settings.SITE_URL)


def test_authorization_code_email_link_is_absolute_and_opens(person, district_officer, settings):
    from cbi.cabinet import code_delivery

    code_delivery.issue_and_deliver(actor=district_officer, person=person, representative=None, channels=["email"],
                                    email="olena@example.com", phone="", cabinet_url=absolute_url("cabinet:register_code"))
    [link] = links_in(mail.outbox[-1])
    assert link == settings.SITE_URL + reverse("cabinet:register_code")
    follow(Client(), link, settings.SITE_URL)
