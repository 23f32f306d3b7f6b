"""Consolidate many reps' files into one customer frame, keeping every problem found.

A file that cannot be used (corrupt, locked, not an intake sheet, ...) is reported and
skipped; the others are still processed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..records import make_customers
from ..schema import Lang
from .address import column_letter
from .problems import problems_frame
from .reader import find_inputs, read_intake
from .result import Intake, ReadIssue
from .texts import msg
from .validate import validate_frame

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
    files = find_inputs(paths)
    intakes: list[Intake] = []
    rows: list[dict[str, object]] = []
    skipped: list[Path] = []
    if not files:
        rows.append(
            {
                "level": "error",
                "file": ", ".join(str(p) for p in paths),
                "code": "no_input_files",
                "message": msg("intake_no_input_files", lang),
            }
        )
    shown: Sequence[Path] = files
    if progress and len(files) >= 2:
        # start-up: tqdm takes ~0.05 s to import (python -X importtime -c "import tqdm"), a
        # cost the Excel buttons and single-file runs, which show no progress bar, skip
        from tqdm import tqdm

        shown = tqdm(files, desc=msg("intake_reading", lang), unit="file", disable=None)
    for f in shown:
        try:
            intake = read_intake(f, sheet=sheet, lang=lang)
        except InputError as exc:
            skipped.append(f)
            rows.append(
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
        intakes.append(intake)
        rows.extend(_issue_row(intake, i) for i in intake.issues)
    frames = [i.frame for i in intakes]
    raw = pd.concat(frames, ignore_index=True, sort=False) if frames else pd.DataFrame()
    return LoadResult(raw, problems_frame(rows), intakes, files, skipped)


def load_customers(
    paths: Sequence[str | Path],
    *,
    lang: Lang = "zh",
    sheet: str | None = None,
    progress: bool = False,
) -> LoadResult:
    """Read, normalise and validate every intake file under ``paths`` into one customer frame.

    Args:
        paths: files and/or folders (searched recursively).
        lang: language of the messages.

    Returns:
        ``customers`` follows the customer-frame contract (:mod:`addin.records`), invalid cells
        blanked; ``problems`` lists skipped files, read issues and validation errors.

    Example:
        >>> result = load_customers(["reps/"])  # doctest: +SKIP
        >>> result.customers.groupby("rep").size()  # doctest: +SKIP
    """
    loaded = load_raw(paths, lang=lang, sheet=sheet, progress=progress)
    if loaded.customers.empty:
        loaded.customers = make_customers([])
        return loaded
    column_maps = {(str(i.file), i.sheet): i.columns for i in loaded.intakes}
    result = validate_frame(loaded.customers, lang=lang, column_maps=column_maps)
    loaded.customers = result.customers
    loaded.problems = pd.concat([loaded.problems, result.errors], ignore_index=True)
    return loaded
