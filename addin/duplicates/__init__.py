"""Duplicate customers across reps (撞单): keys, comparisons, rules, groups, owners, output."""

from .decisions import Decisions, read_decisions
from .find import find_duplicates
from .output import (
    duplicates_sheet,
    mark_rows,
    rep_notices,
    write_clusters_csv,
    write_duplicate_files,
    write_duplicates,
)
from .owners import owner_order
from .result import GROUP_COLUMNS, DedupeResult, RowMark
from .settings import DedupeSettings, OwnerRule, load_dedupe_settings

__all__ = [
    "Decisions",
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
    "read_decisions",
    "rep_notices",
    "write_clusters_csv",
    "write_duplicate_files",
    "write_duplicates",
]
