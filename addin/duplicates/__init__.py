"""Duplicate customers across reps (撞单): keys, comparisons, rules, groups, owners, output."""

from .find import find_duplicates
from .output import duplicates_sheet, mark_rows, rep_notices, write_clusters_csv, write_duplicates
from .owners import owner_order
from .result import GROUP_COLUMNS, DedupeResult, RowMark
from .settings import DedupeSettings, OwnerRule, load_dedupe_settings

# isort: split
# The dedupe job, on its way to addin.jobs: re-exported from here until it moves.
from .find import DedupeOutcome, run_dedupe

__all__ = [
    "DedupeOutcome",
    "DedupeResult",
    "DedupeSettings",
    "GROUP_COLUMNS",
    "OwnerRule",
    "RowMark",
    "duplicates_sheet",
    "find_duplicates",
    "load_dedupe_settings",
    "mark_rows",
    "owner_order",
    "rep_notices",
    "run_dedupe",
    "write_clusters_csv",
    "write_duplicates",
]
