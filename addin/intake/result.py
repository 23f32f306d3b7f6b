"""What reading one intake sheet gives: the :class:`Intake` and the :class:`ReadIssue` s noticed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

__all__ = ["Intake", "ReadIssue"]


@dataclass(frozen=True)
class ReadIssue:
    """Something the reader noticed in a cell or range: an error or a warning."""

    level: str  # "error" | "warning"
    code: str
    message: str
    row: int | None = None
    column: str | None = None  # field key or original header
    value: object = None


@dataclass
class Intake:
    """One intake sheet as read: the raw frame plus where each column and row came from."""

    file: Path
    sheet: str
    frame: pd.DataFrame
    header_row: int
    #: field key or unknown header -> 1-based Excel column number
    columns: dict[str, int]
    unknown_columns: list[str] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.frame)
