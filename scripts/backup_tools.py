"""Backup and restore drill of ЦБІ (docs/operations.md, "Backup and restore"; issue #14 §4).

    python scripts/backup_tools.py backup DEST_DIR
    python scripts/backup_tools.py drill BACKUP_DIR [--keep]

``scripts/backup.sh`` and ``scripts/restore-drill.sh`` call these; the settings come from the
environment as for the application (DATABASE_URL on PostgreSQL, MEDIA_ROOT,
CBI_JOURNAL_CHECKPOINT_DIR, CBI_JOURNAL_KEYS).

A backup is one directory ``cbi-backup-<UTC time>/`` holding

- ``database.dump``: ``pg_dump --format=custom`` of the whole database;
- ``media.tar.gz``: the uploaded files (local FILE_STORAGE; with S3 the bucket is kept by its
  own versioning and replication, see docs/operations.md);
- ``journal-checkpoints.jsonl``: a copy of the signed checkpoints of the journal as they were;
- ``manifest.json``: the row count of every table *in the snapshot the dump was taken from*
  (the counts are read in the transaction whose snapshot ``pg_dump --snapshot`` uses, so a
  backup of a live system is consistent) and the SHA-256 of every file in the tarball.

The drill restores the dump into a fresh database (``<name>_drill_<time>`` on the same server
unless RESTORE_DATABASE_URL is set) and the files into a fresh directory, then proves:
the row count of every table equals the manifest; every file's checksum equals the manifest
and every file the database refers to is there; ``manage.py verify_journal`` passes on the
restored database against the checkpoints of the backup. The fresh database and directory are
dropped afterwards unless ``--keep``. Exit status 0 only when all of it holds.

No personal data is printed: table names, counts, file counts and checksums only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
DUMP, MEDIA, CHECKPOINTS, MANIFEST = "database.dump", "media.tar.gz", "journal-checkpoints.jsonl", "manifest.json"
CHUNK = 1 << 20


def say(message: str) -> None:
    print(message, flush=True)


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("DATABASE_URL must name a PostgreSQL database (the backup uses pg_dump).")
    return url


def libpq_url(url: str) -> str:
    """pg_dump/psycopg accept postgresql:// URIs (Django's dj-database-url also takes postgres://)."""
    return "postgresql://" + url.split("://", 1)[1]


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def media_root() -> Path:
    return Path(os.environ.get("MEDIA_ROOT", ROOT / "var" / "media"))


def checkpoint_dir() -> Path:
    return Path(os.environ.get("CBI_JOURNAL_CHECKPOINT_DIR", ROOT / "var" / "journal-checkpoints"))


def sha256_of(stream) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def table_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


# --- backup -------------------------------------------------------------------------------------


def backup(dest: Path) -> Path:
    import psycopg

    url = libpq_url(database_url())
    target = dest / f"cbi-backup-{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%SZ}"
    target.mkdir(parents=True)
    with psycopg.connect(url, autocommit=True) as conn, conn.cursor() as cursor:
        # One snapshot for the dump and the counts: the manifest describes exactly the dump.
        cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        say("backup: dumping the database (pg_dump, custom format) ...")
        subprocess.run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                        f"--file={target / DUMP}", f"--dbname={url}"], check=True)
        counts = table_counts(cursor)
        cursor.execute("COMMIT")
    say(f"backup: {len(counts)} tables, {sum(counts.values())} rows")

    files = {}
    root = media_root()
    with tarfile.open(target / MEDIA, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                name = path.relative_to(root).as_posix()
                with path.open("rb") as stream:
                    files[name] = sha256_of(stream)
                tar.add(path, arcname=name, recursive=False)
    say(f"backup: {len(files)} files from MEDIA_ROOT")

    source = checkpoint_dir() / CHECKPOINTS
    if source.exists():
        shutil.copy2(source, target / CHECKPOINTS)
    manifest = {
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "database": database_name(url),
        "tables": counts,
        "files": files,
        "checkpoints": source.exists(),
        "dump_sha256": sha256_of((target / DUMP).open("rb")),
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    say(f"backup: written to {target}")
    return target


# --- restore drill ------------------------------------------------------------------------------


def drill(source: Path, *, keep: bool = False) -> bool:
    import psycopg

    manifest = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
    with (source / DUMP).open("rb") as stream:
        if sha256_of(stream) != manifest["dump_sha256"]:
            say("FAIL: the dump's checksum differs from the manifest")
            return False
    url = libpq_url(database_url())
    restore_url = libpq_url(os.environ.get("RESTORE_DATABASE_URL") or with_database(
        url, f"{database_name(url)}_drill_{dt.datetime.now(dt.timezone.utc):%Y%m%d%H%M%S}"))
    fresh = database_name(restore_url)
    admin_url = with_database(restore_url, "postgres")
    workdir = Path(tempfile.mkdtemp(prefix="cbi-drill-"))
    failures: list[str] = []
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        say(f"drill: restoring into the fresh database {fresh} ...")
        subprocess.run(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", f"--dbname={restore_url}",
                        str(source / DUMP)], check=True)

        # 1. The registry: every table has the rows it had in the dump's snapshot.
        with psycopg.connect(restore_url) as conn, conn.cursor() as cursor:
            counts = table_counts(cursor)
        for table, expected in sorted(manifest["tables"].items()):
            if counts.get(table) != expected:
                failures.append(f"table {table}: {counts.get(table)} rows restored, {expected} backed up")
        say(f"drill: {len(counts)} tables, {sum(counts.values())} rows "
            f"({'as backed up' if not failures else 'DIFFERENT'})")

        # 2. The files: every checksum as backed up.
        media = workdir / "media"
        media.mkdir()
        with tarfile.open(source / MEDIA, "r:gz") as tar:
            tar.extractall(media, filter="data")
        restored = {p.relative_to(media).as_posix(): sha256_of(p.open("rb")) for p in media.rglob("*") if p.is_file()}
        for name, digest in sorted(manifest["files"].items()):
            if restored.get(name) != digest:
                failures.append(f"file {name}: {'missing' if name not in restored else 'checksum differs'}")
        say(f"drill: {len(restored)} files restored, {len(manifest['files'])} in the manifest")

        # 3. The files the database refers to are all there; 4. the journal verifies.
        checkpoints = workdir / "checkpoints"
        checkpoints.mkdir()
        if (source / CHECKPOINTS).exists():
            shutil.copy2(source / CHECKPOINTS, checkpoints / CHECKPOINTS)
        env = {**os.environ, "DATABASE_URL": restore_url, "MEDIA_ROOT": str(media), "FILE_STORAGE": "local",
               "CBI_JOURNAL_CHECKPOINT_DIR": str(checkpoints)}
        python = sys.executable
        referred = subprocess.run([python, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", REFERRED_FILES],
                                  env=env, capture_output=True, text=True, cwd=ROOT)
        if referred.returncode != 0:
            failures.append("files referred to by the database: check failed: " + referred.stderr.strip()[-500:])
        else:
            missing = [line for line in referred.stdout.splitlines() if line.startswith("missing ")]
            total = next((line for line in referred.stdout.splitlines() if line.startswith("referred ")), "referred ?")
            failures.extend(f"file referred to by the database {line}" for line in missing)
            say(f"drill: {total.split()[1]} files referred to by the database, {len(missing)} missing")
        journal = subprocess.run([python, str(ROOT / "manage.py"), "verify_journal"], env=env,
                                 capture_output=True, text=True, cwd=ROOT)
        say("drill: verify_journal: " + (journal.stdout.strip().splitlines() or [""])[-1])
        if journal.returncode != 0:
            failures.append("verify_journal: " + journal.stderr.strip()[-500:])
    finally:
        if keep:
            say(f"drill: kept {fresh} and {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
    for failure in failures:
        say("FAIL: " + failure)
    say("drill: OK — the registry, the files and the journal are intact" if not failures else
        f"drill: FAILED ({len(failures)} problems)")
    return not failures


# Run by ``manage.py shell`` on the restored database: every FileField value exists in MEDIA_ROOT.
REFERRED_FILES = """
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
total = 0
for model in apps.get_models():
    for field in model._meta.concrete_fields:
        if isinstance(field, models.FileField):
            for name in model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True).iterator():
                total += 1
                if not default_storage.exists(name):
                    print("missing", model._meta.label, field.name, name)
print("referred", total)
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("backup")
    one.add_argument("dest", type=Path)
    two = sub.add_parser("drill")
    two.add_argument("source", type=Path)
    two.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "backup":
        backup(args.dest)
        return 0
    return 0 if drill(args.source, keep=args.keep) else 1


if __name__ == "__main__":
    sys.exit(main())
