"""What finding duplicates produces: the result, its group columns and the row marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from .blocking import BlockReport

__all__ = ["DedupeResult", "GROUP_COLUMNS", "RowMark"]

#: Columns of :attr:`DedupeResult.groups` and of the clusters CSV, in order.
GROUP_COLUMNS = [
    "group_id", "file", "sheet", "row", "customer_id", "rep", "owner", "tier", "score", "reasons",
]  # fmt: skip


@dataclass
class DedupeResult:
    """Duplicate groups, the scored pairs behind them and notes on what was skipped."""

    groups: pd.DataFrame
    pairs: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    blocks: list[BlockReport] = field(default_factory=list)


@dataclass(frozen=True)
class RowMark:
    """One record to mark in the consolidated sheet (or a rep's workbook)."""

    file: str
    sheet: str
    row: int
    group_id: int
    tier: str
    is_owner: bool
    note: str
