"""Duplicate customers across reps (撞单): keys, comparisons, rules, groups, owners, output."""

from .find import (
    GROUP_COLUMNS,
    DedupeResult,
    DedupeSettings,
    RowMark,
    duplicates_sheet,
    find_duplicates,
    load_dedupe_settings,
    mark_rows,
    owner_order,
    rep_notices,
    write_clusters_csv,
    write_duplicates,
)

__all__ = [
    "DedupeResult",
    "DedupeSettings",
    "GROUP_COLUMNS",
    "RowMark",
    "duplicates_sheet",
    "find_duplicates",
    "load_dedupe_settings",
    "mark_rows",
    "owner_order",
    "rep_notices",
    "write_clusters_csv",
    "write_duplicates",
]
