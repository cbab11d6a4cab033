"""Bringing in the registry a region already keeps (issue #14 §3; docs/registry-import.md).

``import_table`` reads the rows of a file and, batch by batch (one transaction each), finds
each row's person and writes through ``cbi.registry.services`` — validated by the models'
``full_clean``, kept in the history as done by the importing administrator, with the file and
the row as the reason. A row is

- **imported** — a new person;
- **updated** — the person was found by an exact key and the row brings something new;
- **unchanged** — found, and the registry already holds everything the row says (so running
  the same file again changes nothing);
- **duplicate suspected** — no exact key, but a person looks the same (``matching``): when that
  person is in the administrator's region the row is imported as a new record and the two are
  put side by side in the duplicates work list (``cbi.duplicates``) for an officer to merge or
  keep apart; a look-alike in another region is not imported (the region cannot see it);
- **rejected** — the row breaks a rule; the reason names the column.

Exact keys, in this order: the РНОКПП; the identity document (kind, series, number) or a
child's birth certificate; surname, given name, patronymic and date of birth. A row whose own
checks fail is rejected inside the batch (a savepoint); anything else that fails rolls the
whole batch back, stops the import and the report says from which row to resume.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cbi.accounts.roles import Capability, has_capability, staff_profile
from cbi.audit.models import AccessEvent
from cbi.audit.services import record_read
from cbi.duplicates import matching
from cbi.duplicates import services as duplicates_services
from cbi.registry import selectors as registry_selectors
from cbi.registry import services as registry_services
from cbi.registry.models import Address, DisabilityStatus, IdentityDocument, Person
from cbi.registry.validators import normalize_birth_certificate
from cbi.web import jobs

from . import reading
from .reading import ImportFileError
from .error_codes import FILE_EMPTY_MESSAGE, OFFICE_OUTSIDE_REGION_MESSAGE, ImportsErrorCode
from .models import ImportJob
from .rows import ParsedRow, RowError, labelled, messages_of, parse_row

logger = logging.getLogger(__name__)

BATCH_SIZE = 200


class Outcome:
    IMPORTED = "imported"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    REJECTED = "rejected"
    ROLLED_BACK = "rolled_back"

    ALL = (IMPORTED, UPDATED, UNCHANGED, DUPLICATE, REJECTED, ROLLED_BACK)


def outcome_label(outcome: str) -> str:
    return {
        Outcome.IMPORTED: _("imported"),
        Outcome.UPDATED: _("updated"),
        Outcome.UNCHANGED: _("unchanged"),
        Outcome.DUPLICATE: _("duplicate suspected"),
        Outcome.REJECTED: _("rejected"),
        Outcome.ROLLED_BACK: _("not imported: its batch was rolled back"),
    }[outcome]


@dataclass
class RowResult:
    row: int
    outcome: str
    reason: str = ""
    who: str = ""        # initials, birth year and a masked РНОКПП — never the whole number


@dataclass
class ImportResult:
    results: list[RowResult] = field(default_factory=list)
    total_rows: int = 0
    resume_from: int | None = None       # the first row of a batch that failed
    failure: str = ""
    unknown_columns: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(Outcome.ALL, 0)
        for result in self.results:
            counts[result.outcome] += 1
        return counts



def mask_rnokpp(rnokpp: str | None) -> str:
    return f"******{rnokpp[-4:]}" if rnokpp else ""


def who(person: dict) -> str:
    """"Петренко О. І., 1985" with a masked РНОКПП: enough for the administrator to find the row."""
    initials = " ".join(f"{part[0]}." for part in (person.get("given_name"), person.get("patronymic")) if part)
    born = person.get("date_of_birth")
    parts = [f"{person.get('surname', '')} {initials}".strip()]
    if isinstance(born, date):
        parts.append(str(born.year))
    if person.get("rnokpp"):
        parts.append(_("РНОКПП %(masked)s") % {"masked": mask_rnokpp(person["rnokpp"])})
    return ", ".join(p for p in parts if p)


# --- Finding the person a row is about ---------------------------------------------------------

@dataclass
class Match:
    person: Person | None = None
    conflict: str = ""          # the row contradicts the registry: rejected with this reason
    suspicion: str = ""         # looks like someone: duplicate suspected with this reason
    suspect: Person | None = None               # that someone, when in the actor's scope
    similarity: matching.Suspicion | None = None


def _by_document(parsed: ParsedRow) -> Person | None:
    if parsed.person["birth_certificate"]:
        found = Person.objects.filter(birth_certificate=normalize_birth_certificate(
            parsed.person["birth_certificate"])).first()
        if found:
            return found
    doc = parsed.document
    if doc and doc["kind"]:
        found = IdentityDocument.objects.filter(kind=doc["kind"], series=doc["series"], number=doc["number"]) \
            .select_related("person").first()
        return found.person if found else None
    return None


def _by_name(parsed: ParsedRow) -> Person | None:
    data = parsed.person
    key = matching.exact_name_key
    candidates = Person.objects.filter(surname_key=data["surname"].strip().casefold(),
                                       date_of_birth=data["date_of_birth"])
    for person in candidates:
        if (key(person.given_name), key(person.patronymic)) != (key(data["given_name"]), key(data["patronymic"])):
            continue
        if data["rnokpp"] and person.rnokpp and person.rnokpp != data["rnokpp"]:
            continue  # namesakes born the same day: the fuzzy check below flags them
        return person
    return None


def find_person(parsed: ParsedRow, actor) -> Match:
    data = parsed.person
    by_rnokpp = Person.objects.filter(rnokpp=data["rnokpp"]).first() if data["rnokpp"] else None
    by_document = _by_document(parsed)
    if by_rnokpp and by_document and by_rnokpp.pk != by_document.pk:
        return Match(conflict=_("the document in this row is recorded for another person in the registry."))
    if by_rnokpp or by_document:
        person = by_rnokpp or by_document
        if data["rnokpp"] and person.rnokpp and person.rnokpp != data["rnokpp"]:
            return Match(conflict=_("the document in this row is recorded for a person with another РНОКПП."))
        return Match(person=person)
    by_name = _by_name(parsed)
    if by_name:
        return Match(person=by_name)
    return _suspicion(parsed, actor)


def _suspicion(parsed: ParsedRow, actor) -> Match:
    data = parsed.person
    row = matching.Named(data["surname"], data["given_name"], data["patronymic"], data["date_of_birth"],
                         data["sex"] or "")
    dates = [d for d in (data["date_of_birth"], matching.swapped(data["date_of_birth"])) if d]
    best = None
    for person in Person.objects.filter(date_of_birth__in=dates).only(
            "id", "surname", "given_name", "patronymic", "date_of_birth", "sex", "rnokpp"):
        named = matching.Named(person.surname, person.given_name, person.patronymic, person.date_of_birth, person.sex)
        found = matching.compare(row, named)
        if found and (best is None or found.score > best[1].score):
            best = (person, found)
    if best is None:
        return Match()
    person, found = best
    how = (_("day and month of birth swapped") if found.dates_swapped else _("the same date of birth"))
    if not registry_selectors.persons_visible_to(actor).filter(pk=person.pk).exists():
        return Match(suspicion=_(
            "looks like a person already in the registry in another region (names %(score)s %% alike, "
            "%(how)s). Not imported: ask the Fund or the Ministry to check it.") % {
            "score": f"{found.score:.0f}", "how": how})
    record_read(event_type=AccessEvent.EventType.PERSON_EDIT, obj=person, user=actor)
    return Match(suspect=person, similarity=found, suspicion=_(
        "looks like %(person)s, born %(born)s, already in the registry (names %(score)s %% alike, %(how)s). "
        "Imported as a separate record and put beside that person in the list of suspected duplicates: an "
        "officer compares the two and merges them or keeps them apart.") % {
        "person": f"{person.surname} {person.given_name} {person.patronymic}".strip(),
        "born": person.date_of_birth.strftime("%d.%m.%Y"), "score": f"{found.score:.0f}", "how": how})


# --- Writing a row -----------------------------------------------------------------------------

def _changed(instance, data: dict) -> dict:
    """The values of ``data`` that differ from the instance's (empty cells never erase)."""
    changes = {}
    for name, value in data.items():
        if value in ("", None):
            continue
        if name in _NAMES and matching.exact_name_key(getattr(instance, name)) == matching.exact_name_key(value):
            continue  # "ПЕТРЕНКО", "Сім'яненко": the registry's spelling stays
        if getattr(instance, name) != value:
            changes[name] = value
    return changes


def _filled(data: dict) -> dict:
    """A new record's values: an empty yes/no cell means no."""
    return {name: (False if value is None and name in _FLAGS else value) for name, value in data.items()}


_FLAGS = ("rnokpp_refused", "subgroup_a")
_NAMES = ("surname", "given_name", "patronymic")


def _write_parts(*, actor, person: Person, parsed: ParsedRow, reason: str) -> bool:
    changed = False
    write = registry_services.save_person_part
    doc = parsed.document
    if doc and not IdentityDocument.objects.filter(person=person, kind=doc["kind"], series=doc["series"],
                                                   number=doc["number"]).exists():
        write(actor=actor, person=person, instance=IdentityDocument(person=person), data=doc, imported=True,
              reason=reason)
        changed = True
    if parsed.address:
        address = Address.objects.filter(person=person, kind=Address.Kind.REGISTERED).first() \
            or Address(person=person, kind=Address.Kind.REGISTERED)
        data = _changed(address, parsed.address) if address.pk else parsed.address
        if data:
            write(actor=actor, person=person, instance=address, data=data, imported=True, reason=reason)
            changed = True
    if parsed.status:
        status = DisabilityStatus.objects.filter(
            person=person, group=parsed.status["group"], cause=parsed.status["cause"],
            established_on=parsed.status["established_on"]).first() or DisabilityStatus(person=person)
        data = _changed(status, parsed.status) if status.pk else _filled(parsed.status)
        if data:
            write(actor=actor, person=person, instance=status, data=data, imported=True, reason=reason)
            changed = True
    return changed


def import_row(*, actor, parsed: ParsedRow, reason: str) -> RowResult:
    """Write one checked row; a ValidationError or RowError means the row is rejected."""
    label = who(parsed.person)
    match = find_person(parsed, actor)
    if match.conflict:
        return RowResult(parsed.number, Outcome.REJECTED, match.conflict, label)
    if match.suspicion and match.suspect is None:
        return RowResult(parsed.number, Outcome.DUPLICATE, match.suspicion, label)
    data = dict(parsed.person)
    if match.person is None:
        if data["office"] is None:
            raise RowError([labelled("office", _(
                "the office cannot be told from the address; enter the code of the social protection office."))],
                code=ImportsErrorCode.OFFICE_UNKNOWN.value)
        if not registry_selectors.offices_visible_to(actor).filter(pk=data["office"].pk).exists():
            raise RowError([labelled("office", OFFICE_OUTSIDE_REGION_MESSAGE % {"office": data["office"].name})],
                           code=ImportsErrorCode.OFFICE_OUTSIDE_REGION.value)
        person = registry_services.create_person(actor=actor, data=_filled(data), imported=True, reason=reason)
        _write_parts(actor=actor, person=person, parsed=parsed, reason=reason)
        if match.suspect is not None:
            # Both records are kept until an officer decides (docs/duplicates.md): nothing is
            # joined automatically, a look-alike may be a twin or a namesake.
            duplicates_services.record_suspected_pair(
                person=person, suspect=match.suspect, score=match.similarity.score,
                dates_swapped=match.similarity.dates_swapped)
            return RowResult(parsed.number, Outcome.DUPLICATE, match.suspicion, label)
        return RowResult(parsed.number, Outcome.IMPORTED, "", label)
    person = match.person
    if not registry_selectors.persons_visible_to(actor).filter(pk=person.pk).exists():
        return RowResult(parsed.number, Outcome.REJECTED, _(
            "the registry already keeps this person in another region; their office updates the record."), label)
    record_read(event_type=AccessEvent.EventType.PERSON_EDIT, obj=person, user=actor)
    if not parsed.office_given:
        data.pop("office")
    elif data["office"] != person.office and not registry_selectors.offices_visible_to(actor).filter(
            pk=data["office"].pk).exists():
        raise RowError([labelled("office", OFFICE_OUTSIDE_REGION_MESSAGE % {"office": data["office"].name})],
                       code=ImportsErrorCode.OFFICE_OUTSIDE_REGION.value)
    changes = _changed(person, data)
    if changes:
        registry_services.update_person(actor=actor, person=person, data=changes, imported=True, reason=reason)
        person.refresh_from_db()
    parts_changed = _write_parts(actor=actor, person=person, parsed=parsed, reason=reason)
    outcome = Outcome.UPDATED if changes or parts_changed else Outcome.UNCHANGED
    return RowResult(parsed.number, outcome, "", label)


def import_table(*, actor, table: reading.Table, name: str, batch_size: int = BATCH_SIZE,
                 resume_from: int | None = None,
                 progress: Callable[[int, int], None] | None = None) -> ImportResult:
    """Import the rows of ``table`` as ``actor`` (who needs the import capability).

    The reasons are written in Ukrainian, the language of the report."""
    with translation.override("uk"):
        return _import_table(actor=actor, table=table, name=name, batch_size=batch_size,
                             resume_from=resume_from, progress=progress)


def _import_table(*, actor, table, name, batch_size, resume_from, progress) -> ImportResult:
    if not has_capability(actor, Capability.IMPORT_REGISTRY):
        raise PermissionDenied
    if table.missing:
        raise ImportFileError(_("The file has no column %(columns)s. Use the template: the first row holds the "
                                "headers.") % {"columns": ", ".join(f"“{c}”" for c in table.missing)},
                              code=ImportsErrorCode.COLUMNS_MISSING.value)
    rows = [(number, row) for number, row in table.rows if resume_from is None or number >= resume_from]
    region_code = _region_of(actor)
    places: dict = {}
    result = ImportResult(total_rows=len(rows), unknown_columns=table.unknown)
    done = 0
    for start in range(0, len(rows), batch_size):
        batch = rows[start:start + batch_size]
        try:
            with transaction.atomic():
                results = [_one(actor=actor, number=number, row=row, name=name, region_code=region_code,
                                places=places) for number, row in batch]
        except Exception as error:  # the batch is rolled back whole; say where to resume
            # Only the kind of error: a database's message can quote the values of the row.
            logger.error("registry import: batch from row %s failed: %s", batch[0][0], type(error).__name__)
            result.resume_from = batch[0][0]
            result.failure = _("Rows %(first)s–%(last)s were not imported: an error stopped the batch and it was "
                               "rolled back (%(error)s). Correct it and run the import again from row %(first)s.") % {
                "first": batch[0][0], "last": batch[-1][0], "error": type(error).__name__}
            result.results += [RowResult(number, Outcome.ROLLED_BACK, result.failure) for number, _row in batch]
            break
        result.results += results
        done += len(batch)
        if progress:
            progress(done, len(rows))
    return result


def _region_of(actor) -> str:
    """The region (КАТОТТГ code of the oblast or Kyiv) of a regional administrator; "" for national bodies."""
    territory = staff_profile(actor).organization.territory
    return territory.region_code if territory else ""


def _one(*, actor, number: int, row: dict, name: str, region_code: str = "", places: dict | None = None) -> RowResult:
    reason = _("Registry import: %(file)s, row %(row)s") % {"file": name, "row": number}
    try:
        parsed = parse_row(number, row, region_code=region_code, places=places)
    except RowError as error:
        return RowResult(number, Outcome.REJECTED, "; ".join(error.reasons), who(_loose_person(row)))
    try:
        with transaction.atomic():  # a savepoint: a rejected row leaves nothing behind
            return import_row(actor=actor, parsed=parsed, reason=reason)
    except RowError as error:
        return RowResult(number, Outcome.REJECTED, "; ".join(error.reasons), who(parsed.person))
    except ValidationError as error:
        return RowResult(number, Outcome.REJECTED, "; ".join(messages_of(error)), who(parsed.person))


def _loose_person(row: dict) -> dict:
    """What a rejected row says about the person, for the report (no checks)."""
    rnokpp = "".join(ch for ch in str(row.get("rnokpp", "")) if ch.isdigit())
    return {"surname": str(row.get("surname", "")), "given_name": str(row.get("given_name", "")),
            "patronymic": str(row.get("patronymic", "")), "rnokpp": rnokpp}


# --- The report --------------------------------------------------------------------------------

def write_report(result: ImportResult, stream: io.TextIOBase) -> None:
    """The per-row report as CSV (UTF-8 with BOM, ";" — as Excel opens it in Ukraine), in Ukrainian."""
    with translation.override("uk"):
        writer = csv.writer(stream, delimiter=";")
        writer.writerow([_("Row"), _("Result"), _("Person"), _("Reason")])
        for item in result.results:
            writer.writerow([item.row, outcome_label(item.outcome), _cell(item.who), _cell(item.reason)])


def _cell(text: str) -> str:
    """A text cell that a spreadsheet will not run as a formula ("=HYPERLINK(…)" typed as a name)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def report_bytes(result: ImportResult) -> bytes:
    stream = io.StringIO()
    write_report(result, stream)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


# --- Imports started from the back office -----------------------------------------------------

# The upload limit (docs/registry-import.md): about 100 000 rows of CSV. Files up to
# ``RUN_NOW_BYTES`` are imported while the administrator waits; bigger ones in the background.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
RUN_NOW_BYTES = 256 * 1024
ALLOWED_SUFFIXES = (".csv", ".xlsx")


def start_import(*, actor, upload) -> ImportJob:
    """Keep the uploaded file as an import job and run it: now when small, else in the background.

    The job is committed first, so that a small import runs in its own batches (not inside one
    transaction of the request) and a background one finds its row."""
    job = _create_job(actor=actor, upload=upload)
    if upload.size <= RUN_NOW_BYTES:
        return run_job(str(job.pk))
    task = jobs.get("imports.run_import")
    with transaction.atomic():
        transaction.on_commit(lambda: task.enqueue(str(job.pk)))
    return job


@transaction.atomic
def _create_job(*, actor, upload) -> ImportJob:
    if not has_capability(actor, Capability.IMPORT_REGISTRY):
        raise PermissionDenied
    name = upload.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise ValidationError({"file": ValidationError(_("Choose a CSV or XLSX file made from the template."),
                                                       code=ImportsErrorCode.FILE_KIND.value)})
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": ValidationError(
            _("The file is larger than 20 MB. Split it into parts of up to 100 000 rows."),
            code=ImportsErrorCode.FILE_TOO_LARGE.value)})
    if upload.size == 0:
        raise ValidationError({"file": ValidationError(FILE_EMPTY_MESSAGE, code=ImportsErrorCode.FILE_EMPTY.value)})
    job = ImportJob(created_by=actor, organization=staff_profile(actor).organization, file_name=name)
    job.file.save(name, ContentFile(upload.read()), save=False)
    job.save()
    return job


def run_job(job_id: str) -> ImportJob:
    """Run an uploaded import and keep its report. A job that a dead worker left running is run
    again from the start: the rows already committed come out unchanged."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job_id)
        if job.finished:
            return job
        job.status = ImportJob.Status.RUNNING
        job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(done_rows=done, total_rows=total)

    with job.file.open("rb") as stream:
        data = stream.read()
    try:
        table = reading.read_table(data, name=job.file_name)
        result = import_table(actor=job.created_by, table=table, name=job.file_name, progress=progress)
    except ImportFileError as error:  # a FileFormatError too
        job.status = ImportJob.Status.FAILED
        with translation.override("uk"):
            job.message = str(error)
        job.finished_at = timezone.now()
        job.file.delete(save=False)
        job.save()
        return job
    job.total_rows = result.total_rows
    job.done_rows = sum(1 for r in result.results if r.outcome != Outcome.ROLLED_BACK)
    job.counts = result.counts()
    job.resume_from = result.resume_from
    job.message = result.failure
    job.status = ImportJob.Status.STOPPED if result.resume_from else ImportJob.Status.DONE
    job.report.save(f"{job.file_name}.report.csv", ContentFile(report_bytes(result)), save=False)
    job.finished_at = timezone.now()
    # The uploaded file holds whole РНОКПП and document numbers: it is not kept once the rows are
    # in the registry (upload it again to resume); the report, masked, stays.
    job.file.delete(save=False)
    job.save()
    logger.info("registry import %s finished: %s", job.pk, job.counts)
    return job
