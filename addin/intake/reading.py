"""Reading intake files one by one into a :class:`Reading`, and validating chunks of them:
what consolidation does in this process and in each worker (:mod:`addin.intake.pooled`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import InputError
from ..schema import Lang
from .address import column_letter
from .problems import problems_frame
from .reader import read_intake
from .result import Intake, ReadIssue
from .texts import msg
from .validate import ValidationResult, validate_frame

__all__ = ["LoadResult", "Reader", "Reading", "bar", "no_files", "read_all", "validated"]

#: The function that reads one file: ``reader(path, sheet=..., lang=...) -> Intake``.
Reader = Callable[..., Intake]


@dataclass
class LoadResult:
    """What consolidation produced."""

    customers: pd.DataFrame
    problems: pd.DataFrame
    intakes: list[Intake] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def _issue_row(intake: Intake, issue: ReadIssue) -> dict[str, object]:
    """One problem-table row for an issue the reader noticed."""
    col = intake.columns.get(issue.column) if issue.column else None
    return {
        "level": issue.level,
        "file": str(intake.file),
        "sheet": intake.sheet,
        "row": issue.row,
        "column": column_letter(col) if col else None,
        "field": issue.column,
        "value": issue.value,
        "code": issue.code,
        "message": issue.message,
    }


@dataclass
class Reading:
    """What reading the files one by one has found so far."""

    files: list[Path]
    intakes: list[Intake] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)  # the problems, as rows

    def result(self, customers: pd.DataFrame) -> LoadResult:
        return LoadResult(
            customers, problems_frame(self.rows), self.intakes, self.files, self.skipped
        )


def no_files(paths: Sequence[str | Path], lang: Lang, into: Reading) -> None:
    """The problem row for ``paths`` that hold no intake file (none when they hold some)."""
    if not into.files:
        into.rows.append(
            {
                "level": "error",
                "file": ", ".join(str(p) for p in paths),
                "code": "no_input_files",
                "message": msg("intake_no_input_files", lang),
            }
        )


def bar(progress: bool, files: int, lang: Lang) -> Any:
    """A progress bar over ``files`` files (None without ``progress`` or for a single file)."""
    if not progress or files < 2:
        return None
    # start-up: tqdm takes ~0.05 s to import (python -X importtime -c "import tqdm"), a
    # cost the Excel buttons and single-file runs, which show no progress bar, skip
    from tqdm import tqdm

    return tqdm(total=files, desc=msg("intake_reading", lang), unit="file", disable=None)


def read_all(
    files: Sequence[Path],
    lang: Lang,
    sheet: str | None,
    progress: bool,
    into: Reading,
    reader: Reader = read_intake,
) -> Iterator[Intake]:
    """Read ``files`` one by one, yielding each usable intake; what cannot be used and what
    the reader noticed goes ``into`` the reading."""
    shown = bar(progress, len(files), lang)
    for f in files:
        try:
            intake = reader(f, sheet=sheet, lang=lang)
        except InputError as exc:
            into.skipped.append(f)
            into.rows.append(
                {
                    "level": "error",
                    "file": str(f),
                    "sheet": exc.sheet,
                    "row": exc.row,
                    "column": exc.column,
                    "code": type(exc).__name__,
                    "message": exc.message,
                }
            )
            continue
        finally:
            if shown is not None:
                shown.update(1)
        into.intakes.append(intake)
        into.rows.extend(_issue_row(intake, i) for i in intake.issues)
        yield intake
    if shown is not None:
        shown.close()


def validated(
    batch: list[Intake], lang: Lang, today: dt.date, keep_frames: bool
) -> ValidationResult:
    """The rows of ``batch`` validated as one frame (their raw frames let go unless kept)."""
    raw = pd.concat([i.frame for i in batch], ignore_index=True, sort=False)
    column_maps = {(str(i.file), i.sheet): i.columns for i in batch}
    part = validate_frame(raw, lang=lang, column_maps=column_maps, today=today)
    if not keep_frames:
        for i in batch:  # the rows are validated: only their count is kept
            i.frame = i.frame.iloc[:, :0]
    return part
