"""Backup and restore drill (issue #14 §4; docs/operations.md, "Backup and restore"):
scripts/backup.sh dumps a small registry — persons, an uploaded document, the journal of an
office with a signed checkpoint — and scripts/restore-drill.sh restores it into a fresh
database and proves the rows, the files and the journal intact; a damaged file in the backup
makes the drill fail. PostgreSQL only (pg_dump/pg_restore)."""

from __future__ import annotations

import json
import os
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.db import connection

from cbi.carqueue.intake import checkpoints
from cbi.carqueue.models import JournalEntry
from cbi.documents.models import Document
from cbi.documents.services import store_document
from cbi.registry.models import Person
from tests.applications.fixtures import pdf_file
from tests.carqueue.test_applications import register, with_assessment
from tests.carqueue.test_journal import restore_territories, second_person  # noqa: F401 - a fixture

# Transactional: pg_dump, in another process, sees committed rows only.
pytestmark = [pytest.mark.postgres_only]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _territories(restore_territories, transactional_db):
    """The КАТОТТГ rows the organizations need, refilled around the flush that ends a
    transactional test (as in tests/carqueue/test_queue_concurrency.py)."""
    from tests.browser.conftest import _refill_territories

    _refill_territories()


@pytest.fixture
def world(settings, tmp_path, person, organizations, district_officer):
    """Олена Петренко and Марія Коваль, two applications in the Shevchenkivskyi office's journal,
    a checkpoint of it, and Олена's passport scan on disk."""
    media = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}}}
    settings.CBI_JOURNAL_CHECKPOINT_DIR = tmp_path / "checkpoints"
    register(district_officer, with_assessment(person))
    register(district_officer, second_person(organizations))
    store_document(file=pdf_file("pasport-petrenko.pdf"), kind=Document.Kind.PASSPORT, actor=district_officer,
                   person=person)
    checkpoints.publish()
    return {"media": media, "checkpoints": tmp_path / "checkpoints", "backups": tmp_path / "backups"}


def run(script: str, *args, world) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(world["media"]),
           "CBI_JOURNAL_CHECKPOINT_DIR": str(world["checkpoints"]), "PYTHON": str(ROOT / ".venv/bin/python")}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return subprocess.run([str(ROOT / "scripts" / script), *map(str, args)], env=env, capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def backup(world) -> Path:
    made = run("backup.sh", world["backups"], world=world)
    assert made.returncode == 0, made.stderr
    (target,) = world["backups"].iterdir()
    return target


def test_the_drill_restores_the_registry_the_files_and_the_journal(world):
    target = backup(world)
    manifest = json.loads((target / "manifest.json").read_text())
    assert manifest["tables"]["registry_person"] == Person.objects.count() == 2
    assert manifest["tables"]["carqueue_journalentry"] == JournalEntry.objects.count() == 2
    assert len(manifest["files"]) == 1 and manifest["checkpoints"] is True

    drill = run("restore-drill.sh", target, world=world)
    assert drill.returncode == 0, drill.stdout + drill.stderr
    assert "1 files referred to by the database, 0 missing" in drill.stdout
    assert "verify_journal: OK: 2 entries verified." in drill.stdout
    assert "intact" in drill.stdout
    # No personal data in what the drill prints.
    assert "Петренко" not in drill.stdout and "3113201244" not in drill.stdout
    # The fresh database is dropped.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", [connection.settings_dict["NAME"] + "_drill_%"])
        assert cursor.fetchone()[0] == 0


def test_a_damaged_file_in_the_backup_fails_the_drill(world, tmp_path):
    target = backup(world)
    (name,) = json.loads((target / "manifest.json").read_text())["files"]
    damaged = tmp_path / "damaged"
    damaged.mkdir()
    (damaged / name).parent.mkdir(parents=True)
    (damaged / name).write_bytes(b"%PDF-1.4 not the scan that was uploaded")
    with tarfile.open(target / "media.tar.gz", "w:gz") as tar:
        tar.add(damaged / name, arcname=name)
    drill = run("restore-drill.sh", target, world=world)
    assert drill.returncode == 1
    assert f"FAIL: file {name}: checksum differs" in drill.stdout
