"""Small-count suppression of published figures, and the order statistics they use.

Pure Python (no Django), so the rule can be read and tested on its own.

The rule (docs/statistics.md):

1. *Primary suppression.* A cell that counts from 1 to ``min_cell - 1`` people or cases is
   not published: it reads "fewer than 5", and every figure computed from its cases (the median,
   the 90th percentile) is withheld with it. A zero is published: it reveals nobody.
2. *Secondary suppression.* Where a total over a line of cells is published (the national figure
   over the regions), a line with exactly one suppressed cell would give that cell away by
   subtraction. So the smallest other non-zero cell of that line is suppressed too.

Medians and percentiles of at least ``min_cell`` cases do not reveal a single person's value.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def primary(count: int, min_cell: int) -> bool:
    """Whether a cell of ``count`` is too small to publish."""
    return 0 < count < min_cell


def suppressed_cells(line: Mapping[K, int], min_cell: int) -> set[K]:
    """The cells of one line (whose total is published) that must not be published."""
    hidden = {key for key, count in line.items() if primary(count, min_cell)}
    if len(hidden) == 1:
        others = sorted(((count, str(key), key) for key, count in line.items()
                         if key not in hidden and count > 0))
        if others:
            hidden.add(others[0][2])
    return hidden


def median(values: Sequence[float]) -> float | None:
    """The middle value (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    n = len(ordered)
    if n == 0:
        return None
    middle = n // 2
    return float(ordered[middle]) if n % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile: the smallest value that ``share`` (0–100) of the values do
    not exceed ("9 people of 10 waited no longer than this")."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return float(ordered[rank - 1])
