"""Background tasks of the car queue (django-tasks; workers: `manage.py db_worker`).

Arguments are JSON; each task is safe to run twice.
"""

from __future__ import annotations

from datetime import date

from django_tasks import task


@task()
def carqueue_sweep(today: str | None = None) -> dict[str, int]:
    """The daily sweep (CQ-RM-1..5); returns the counts of what it recorded."""
    from .decisions import services as decisions

    report = decisions.sweep(on=date.fromisoformat(today) if today else None)
    return {"evaluated": report.evaluated, "proposals": len(report.proposals), "warnings": len(report.warnings),
            "flags": len(report.flags), "cleared": len(report.cleared), "skipped": len(report.skipped),
            "created": report.created}


@task()
def journal_checkpoint() -> int:
    """Publish a signed checkpoint of every journal (at a fixed interval); its sequence number."""
    from .intake import checkpoints

    return checkpoints.publish()["sequence"]
