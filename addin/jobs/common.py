"""What the jobs share: the outcome type, loading with "no usable records", the problems note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..config import Config
from ..duplicates import find_duplicates, load_dedupe_settings
from ..errors import InputError
from ..intake import LoadResult
from ..managers import read_settings_sheet
from ..schema import Lang
from ..workers import Workers
from .loading import load_shared
from .texts import msg

__all__ = [
    "file_notes",
    "JobOutcome",
    "duplicate_groups",
    "load_usable",
    "no_records",
    "problems_note",
    "settings_overrides",
    "unassigned_note",
]


@dataclass(frozen=True)
class JobOutcome:
    """What to tell the user, and the exit code (0 written, 2 unusable input)."""

    message: str
    exit_code: int = 0


def no_records(inputs: Sequence[str | Path], lang: Lang) -> InputError:
    """The error for inputs that gave no customer record at all."""
    return InputError(msg("jobs_no_records", lang), file=", ".join(str(p) for p in inputs))


def load_usable(
    inputs: Sequence[str | Path],
    lang: Lang,
    config: Config | None = None,
    pool: Workers | None = None,
) -> LoadResult:
    """Load, read and validate every input; raise :class:`InputError` when no record is usable.

    Each file's raw frame is let go once validated (these jobs mark no cells); large inputs
    are read in worker processes: the job's ``pool`` or their own (:func:`load_shared`)."""
    loaded = load_shared(inputs, lang, config, pool)
    if loaded.customers.empty:
        raise no_records(inputs, lang)
    return loaded


def problems_note(loaded: LoadResult, lang: Lang) -> str:
    """A line pointing at ``intake validate`` when the input had problems, else ''."""
    n = len(loaded.problems)
    return "\n" + msg("jobs_problems_note", lang, n=n) if n else ""


def file_notes(loaded: LoadResult, *, skipped_files: bool = False) -> list[str]:
    """``file: message`` for each error about a whole file (no row); with ``skipped_files``
    also every error of a file that was not used, so a skipped file always says why."""
    skipped = {str(p) for p in loaded.skipped} if skipped_files else set()
    p = loaded.problems
    return [
        f"{file}: {message}"
        for file, message, row, level in zip(
            p["file"], p["message"], p["row"], p["level"], strict=True
        )
        if level == "error" and (pd.isna(row) or file in skipped)
    ]


def unassigned_note(reps: Sequence[str], lang: Lang) -> str:
    """The line naming the reps without a manager."""
    return msg("jobs_unassigned", lang, reps=msg("jobs_list_sep", lang).join(reps))


def settings_overrides(settings_workbook: str | Path | None) -> dict[str, dict[str, object]]:
    """Rule overrides from a workbook's 设置 sheet (none without a workbook)."""
    return read_settings_sheet(settings_workbook).overrides if settings_workbook else {}


def duplicate_groups(customers: pd.DataFrame, config: Config | None = None) -> pd.DataFrame:
    """Duplicate groups (the dedupe step with the ``[dedupe]`` settings) for the follow-ups."""
    return find_duplicates(customers, load_dedupe_settings(config)).groups
