"""Consolidate many reps' files into one customer frame, keeping every problem found.

A file that cannot be used (corrupt, locked, not an intake sheet, ...) is reported and
skipped; the others are still processed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..records import make_customers
from ..schema import META_COLUMNS, Lang
from .pooled import pooled
from .reader import find_inputs, read_intake
from .reading import LoadResult, Reader, Reading, no_files, read_all, validated
from .result import Intake
from .validate import ValidationResult

if TYPE_CHECKING:  # the buttons never pass a pool: they need not import multiprocessing
    from ..workers import Workers

__all__ = ["LoadResult", "load_customers", "load_raw"]


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
    reading = Reading(find_inputs(paths))
    no_files(paths, lang, reading)
    frames = [i.frame for i in read_all(reading.files, lang, sheet, progress, reading)]
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
    pool: Workers | None = None,
    reader: Reader = read_intake,
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
        pool: worker processes (:mod:`addin.workers`) that read and validate chunks of
            files side by side (:mod:`addin.intake.pooled`), with the same result as without
            (its workers are stopped when done; the pool starts fresh ones when next used);
            not used with ``keep_frames`` (the raw frames are needed in this process) or for
            fewer than two files.
        reader: what reads one file (a module-level function when a pool is used).

    Returns:
        ``customers`` follows the customer-frame contract (:mod:`addin.records`), invalid cells
        blanked; ``problems`` lists skipped files, read issues and validation errors.

    Example:
        >>> result = load_customers(["reps/"])  # doctest: +SKIP
        >>> result.customers.groupby("rep").size()  # doctest: +SKIP
    """
    reading = Reading(find_inputs(paths))
    no_files(paths, lang, reading)
    today = dt.date.today()  # one day for every chunk, in whichever process it is validated
    parts: list[ValidationResult] = []
    if pool is not None and not keep_frames and len(reading.files) >= 2:
        pooled(pool, reader, lang, sheet, today, progress, reading, parts)
    else:
        pending: list[Intake] = []
        for intake in read_all(reading.files, lang, sheet, progress, reading, reader):
            pending.append(intake)
            if sum(i.n_rows for i in pending) >= chunk_rows:
                parts.append(validated(pending, lang, today, keep_frames))
                pending = []
        if pending:
            parts.append(validated(pending, lang, today, keep_frames))
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
