"""The one history builder (cbi.common.history): versions → when, who, what changed old → new."""

from __future__ import annotations

from django.utils import translation

from cbi.common.history import history_entries
from cbi.help.models import BarrierReport


def _report(reference: str, description: str) -> BarrierReport:
    return BarrierReport.objects.create(reference=reference, description=description, page="/cabinet/")


def _save(report: BarrierReport, user, reason: str = "", **changes) -> None:
    for name, value in changes.items():
        setattr(report, name, value)
    report._history_user = user
    report._change_reason = reason
    report.save()


def test_changes_are_shown_old_to_new_with_labels_and_who_and_why(administrator):
    report = _report("ДС-2026-000007", "Кнопка «Надіслати» не читається екранним читачем.")
    _save(report, administrator, "Відтворено з NVDA 2024.4.", status=BarrierReport.Status.IN_PROGRESS)
    _save(report, administrator)  # saved again, nothing changed
    with translation.override("uk"):
        entries = history_entries(report.history.all())
    assert [e.kind for e in entries] == ["~", "+"]  # newest first; the empty save is left out
    changed = entries[0]
    assert changed.user == administrator and changed.reason == "Відтворено з NVDA 2024.4."
    assert [(str(c.field), c.old, c.new) for c in changed.changes] == [("статус", "нове", "у роботі")]
    assert entries[1].user is None and entries[1].changes == []
    # Read as keys too; a key that is not the entry's own is the version's field.
    assert changed["reason"] == changed.reason and changed["status"] == "in_progress"
    assert entries[1]["status"] == "new"


def test_every_version_oldest_first_when_asked(administrator):
    report = _report("ДС-2026-000008", "Не видно фокусу на кнопці «Далі».")
    _save(report, administrator)
    entries = history_entries(report.history.all(), keep_unchanged=True, newest_first=False)
    assert [(e.kind, e.changes) for e in entries] == [("+", []), ("~", [])]


def test_histories_of_several_objects_merge_in_time_order(administrator):
    first = _report("ДС-2026-000009", "Таблиця без заголовків.")
    second = _report("ДС-2026-000010", "Зображення без опису.")
    _save(first, administrator, admin_notes="Перевірено.")
    entries = history_entries(BarrierReport.history.filter(id=second.pk), BarrierReport.history.filter(id=first.pk))
    assert [(e.object, e.kind) for e in entries] == [
        ("ДС-2026-000009", "~"), ("ДС-2026-000010", "+"), ("ДС-2026-000009", "+")]
    assert entries[0].part == BarrierReport._meta.verbose_name
