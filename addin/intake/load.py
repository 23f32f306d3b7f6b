"""Consolidate many reps' files into one customer frame, keeping every problem found.

A file that cannot be used (corrupt, locked, not an intake sheet, ...) is reported and
skipped; the others are still processed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..records import make_customers
from ..schema import META_COLUMNS, Lang
from .address import column_letter
from .problems import problems_frame
from .reader import find_inputs, read_intake
from .result import Intake, ReadIssue
from .texts import msg
from .validate import ValidationResult, validate_frame

__all__ = ["LoadResult", "load_customers", "load_raw"]


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
class _Reading:
    """What reading the files one by one has found so far."""

    files: list[Path]
    intakes: list[Intake] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)  # the problems, as rows

    def result(self, customers: pd.DataFrame) -> LoadResult:
        return LoadResult(
            customers, problems_frame(self.rows), self.intakes, self.files, self.skipped
        )


def _read_all(
    paths: Sequence[str | Path], lang: Lang, sheet: str | None, progress: bool, into: _Reading
) -> Iterator[Intake]:
    """Read the files under ``paths`` one by one, yielding each usable intake; what cannot be
    used and what the reader noticed goes ``into`` the reading."""
    if not into.files:
        into.rows.append(
            {
                "level": "error",
                "file": ", ".join(str(p) for p in paths),
                "code": "no_input_files",
                "message": msg("intake_no_input_files", lang),
            }
        )
    shown: Sequence[Path] = into.files
    if progress and len(into.files) >= 2:
        # start-up: tqdm takes ~0.05 s to import (python -X importtime -c "import tqdm"), a
        # cost the Excel buttons and single-file runs, which show no progress bar, skip
        from tqdm import tqdm

        shown = tqdm(into.files, desc=msg("intake_reading", lang), unit="file", disable=None)
    for f in shown:
        try:
            intake = read_intake(f, sheet=sheet, lang=lang)
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
        into.intakes.append(intake)
        into.rows.extend(_issue_row(intake, i) for i in intake.issues)
        yield intake


def load_raw(
    paths: Sequence[str | Path],
    *,
    lang: Lang = "zh",
    sheet: str | None = None,
    progress: bool = False,
) -> LoadResult:
    """Read every intake file under ``paths`` (files or folders) without validating.

    ``customers`` here is the concatenated *raw* frame (values as typed).
    """
    reading = _Reading(find_inputs(paths))
    frames = [i.frame for i in _read_all(paths, lang, sheet, progress, reading)]
    raw = pd.concat(frames, ignore_index=True, sort=False) if frames else pd.DataFrame()
    return reading.result(raw)


#: Rows validated together: the raw frames of this many rows at most are held at once
#: (reading a million rows whole took 2 GiB before validation started; issue 14 item 6).
CHUNK_ROWS = 100_000


def load_customers(
    paths: Sequence[str | Path],
    *,
    lang: Lang = "zh",
    sheet: str | None = None,
    progress: bool = False,
    keep_frames: bool = True,
    chunk_rows: int = CHUNK_ROWS,
) -> LoadResult:
    """Read, normalise and validate every intake file under ``paths`` into one customer frame.

    The files are read one by one and validated in chunks of whole files (``chunk_rows``
    rows or more); the customer frame and the problems are what validating all rows at once
    gives.

    Args:
        paths: files and/or folders (searched recursively).
        lang: language of the messages.
        keep_frames: keep each intake's raw frame (what :func:`mark_copies` marks); without,
            ``intakes`` keep where each sheet came from and its row count only.
        chunk_rows: rows validated at once.

    Returns:
        ``customers`` follows the customer-frame contract (:mod:`addin.records`), invalid cells
        blanked; ``problems`` lists skipped files, read issues and validation errors.

    Example:
        >>> result = load_customers(["reps/"])  # doctest: +SKIP
        >>> result.customers.groupby("rep").size()  # doctest: +SKIP
    """
    reading = _Reading(find_inputs(paths))
    pending: list[Intake] = []
    parts: list[ValidationResult] = []

    def validate(batch: list[Intake]) -> None:
        raw = pd.concat([i.frame for i in batch], ignore_index=True, sort=False)
        column_maps = {(str(i.file), i.sheet): i.columns for i in batch}
        parts.append(validate_frame(raw, lang=lang, column_maps=column_maps))
        if not keep_frames:
            for i in batch:  # the rows are validated: only their count is kept
                i.frame = i.frame.iloc[:, :0]

    for intake in _read_all(paths, lang, sheet, progress, reading):
        pending.append(intake)
        if sum(i.n_rows for i in pending) >= chunk_rows:
            validate(pending)
            pending = []
    if pending:
        validate(pending)
    loaded = reading.result(make_customers([]))
    if not parts:
        return loaded
    loaded.customers = _joined([p.customers for p in parts])
    # parts without problems add no rows (and, empty, would make the columns' types object)
    errors = pd.concat([p.errors for p in parts if len(p.errors)] or [parts[0].errors])
    errors = errors.reset_index(drop=True)
    # one sort by file, stable: each part's rows are already in order within each file
    errors = errors.iloc[np.argsort(errors["file"].astype(str).to_numpy(), kind="stable")]
    loaded.problems = pd.concat([loaded.problems, errors], ignore_index=True)
    return loaded


def _joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The customer frames of the chunks as one, its columns as for all rows at once: the
    fields, the unknown columns in order of first appearance, then ``_file``/``_sheet``/``_row``."""
    if len(frames) == 1:
        return frames[0]
    out = pd.concat(frames, ignore_index=True, sort=False)
    fields = [c for c in frames[0].columns if c not in META_COLUMNS]
    extra = [c for c in out.columns if c not in fields and c not in META_COLUMNS]
    return out[fields + extra + list(META_COLUMNS)]
