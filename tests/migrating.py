"""Moving the test database between migrations, for the tests that check a data migration
keeps every row: ``migrate(targets)`` returns the models as they are at ``targets``;
``latest()`` names every app's newest migration (migrate back to it when the test ends, so
the tests after it meet the current schema)."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


def migrate(targets):
    """Migrate to ``targets`` ([(app, migration name or None)]); the historical models there."""
    return _executor().migrate(targets).apps


def latest():
    """Every app's newest migration."""
    return _executor().loader.graph.leaf_nodes()
