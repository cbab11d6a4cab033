"""Counting the database queries a piece of code makes (issue #13 item 10, docs/performance.md).

``assert_query_count(n)`` fails when the block inside makes a number of queries other than ``n``
and prints every query it made, numbered, so the one that is new (or the one repeated per row)
is plain to see. ``captured_queries()`` only counts, for code that compares two counts.

Savepoints (``SAVEPOINT``/``RELEASE SAVEPOINT``/``ROLLBACK TO SAVEPOINT``) are left out of the
count: they come from ``transaction.atomic`` blocks, whose number depends on whether the caller
is already inside a transaction (a test is; a request in production is not), not on what the
page reads. Every other statement counts, the access log's inserts included.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

_SAVEPOINT_PREFIXES = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


class CapturedQueries:
    """The statements one block sent to the database, savepoints left out."""

    def __init__(self, context: CaptureQueriesContext):
        self._context = context

    @property
    def queries(self) -> list[dict]:
        return [q for q in self._context.captured_queries
                if not q["sql"].lstrip().upper().startswith(_SAVEPOINT_PREFIXES)]

    def __len__(self) -> int:
        return len(self.queries)

    def listing(self) -> str:
        return "\n".join(f"#{number} {query['sql']}" for number, query in enumerate(self.queries, start=1))


@contextmanager
def captured_queries(using: str = DEFAULT_DB_ALIAS) -> Iterator[CapturedQueries]:
    """Capture the queries of the block (the count is read after the block ends)."""
    context = CaptureQueriesContext(connections[using])
    with context:
        yield CapturedQueries(context)


@contextmanager
def assert_query_count(expected: int, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[CapturedQueries]:
    """Fail unless the block makes exactly ``expected`` queries; on failure print them all."""
    with captured_queries(using) as captured:
        yield captured
    actual = len(captured)
    if actual != expected:
        print(f"\nQueries made ({actual}):\n{captured.listing()}\n")
        raise AssertionError(
            f"{expected} queries expected, {actual} made (listed above). If a query is new and needed, change "
            f"the expected number and say why in the commit; if it is made once per row, fetch the rows' "
            f"relations in the selector (select_related, prefetch_related, annotate).")
