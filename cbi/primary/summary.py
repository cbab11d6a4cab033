"""The answers of an application as label/value rows, for the check page and the officer."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cbi.registry.selectors import place_label

from .models import PrimaryRegistration


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "—"


def summary_sections(r: PrimaryRegistration, *, change_links: bool) -> list[dict]:
    def section(step: str, title: str, rows: list[tuple[str, str]]) -> dict:
        url = reverse("primary:step", kwargs={"slug": step}) + "?change=1" if change_links else None
        return {"step": step, "title": title, "url": url, "rows": [(label, value or "—") for label, value in rows]}

    sections = [
        section("who", _("Who is applying"), [(_("Applying"), r.get_applicant_display())]),
        section("person", _("The person"), [
            (_("Surname"), r.surname), (_("Given name"), r.given_name), (_("Patronymic"), r.patronymic),
            (_("Date of birth"), _date(r.date_of_birth)), (_("Sex"), r.get_sex_display()),
            (_("Taxpayer number (РНОКПП)"),
             r.rnokpp or (_("refused on religious grounds (mark in the passport)") if r.rnokpp_refused else "")
             or (_("none: a child identified by the birth certificate") if r.uses_birth_certificate else "")),
            (_("Mobile phone"), r.phone), (_("E-mail"), r.email),
        ]),
        section("address", _("Registered address"), [
            (_("Settlement"), place_label(r.territory) if r.territory_id else ""),
            (_("Street"), r.street), (_("Building"), r.building), (_("Apartment"), r.apartment),
            (_("Postcode"), r.postcode),
        ]),
    ]
    if r.office_chosen:
        sections.append(section("office", _("Social protection office"), [(_("Office"), str(r.office or ""))]))
    identity = section("identity", _("Identity document"), [
        (_("Document"), r.get_identity_kind_display()), (_("Series"), r.identity_series),
        (_("Number"), r.identity_number), (_("Date of issue"), _date(r.identity_issued_on)),
        (_("Issued by"), r.identity_issued_by),
    ])
    if r.uses_birth_certificate:
        # Given with the person's details: that is where it is changed.
        identity["url"] = sections[1]["url"]
        identity["rows"] = identity["rows"][:3]
    sections.append(identity)
    if r.is_representative:
        sections.append(section("representative", _("The representative"), [
            (_("Who the representative is"), r.get_rep_kind_display()), (_("Name"), r.rep_full_name),
            (_("Taxpayer number (РНОКПП)"), r.rep_rnokpp), (_("Mobile phone"), r.rep_phone),
            (_("E-mail"), r.rep_email), (_("Proof of authority"), r.get_authority_document_display()),
            (_("Number of the document"), r.authority_document_number),
            (_("Date of the document"), _date(r.authority_document_date)),
        ]))
    sections.append(section("right", _("The document that proves the right"), [
        (_("Document"), r.get_right_kind_display()), (_("Conclusion number"), r.right_number),
        (_("Date of the conclusion"), _date(r.right_date)), (_("Name of the body"), r.right_body),
    ]))
    return sections
