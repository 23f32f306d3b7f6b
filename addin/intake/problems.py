"""The problem table every intake step fills: its columns, levels and constructor."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = ["PROBLEM_COLUMNS", "PROBLEM_LEVELS", "problems_frame"]

#: Columns of every problem/error table: the validation report, skipped files, read issues.
PROBLEM_COLUMNS = ["level", "file", "sheet", "row", "column", "field", "value", "code", "message"]
#: The values of the ``level`` column.
PROBLEM_LEVELS = ("error", "warning")


def problems_frame(rows: Iterable[dict[str, object]] = ()) -> pd.DataFrame:
    """A problem table with the standard columns (missing keys become None)."""
    return pd.DataFrame(
        [{c: r.get(c) for c in PROBLEM_COLUMNS} for r in rows], columns=PROBLEM_COLUMNS
    )
