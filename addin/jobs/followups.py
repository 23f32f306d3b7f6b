"""The follow-ups job (``intake followups``): files in, rep and manager workbooks out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..classify import classify, load_classify_settings
from ..config import Config
from ..followups import write_followups_step
from ..schema import Lang
from .common import (
    JobOutcome,
    duplicate_groups,
    load_usable,
    problems_note,
    settings_overrides,
    unassigned_note,
)
from .texts import msg

__all__ = ["run_followups"]


def run_followups(
    inputs: Sequence[Path],
    out_dir: Path,
    *,
    config: Config,
    lang: Lang,
    as_of: dt.date,
    settings_workbook: Path | None = None,
    duplicates: bool = True,
) -> JobOutcome:
    """Load, classify, list follow-ups and write the rep/manager workbooks and manifest.

    Raises:
        InputError: when no input gave a usable customer record.
    """
    loaded = load_usable(inputs, lang)
    overrides = settings_overrides(settings_workbook)
    classified = classify(
        loaded.customers, load_classify_settings(config, overrides), as_of=as_of, lang=lang
    )
    groups = duplicate_groups(loaded.customers, config) if duplicates else None
    rows, out = write_followups_step(
        classified,
        out_dir,
        config=config,
        overrides=overrides,
        settings_workbook=settings_workbook,
        duplicates=groups,
        as_of=as_of,
        lang=lang,
    )
    text = msg(
        "jobs_followups",
        lang,
        rows=len(rows),
        reps=len(out.rep_files),
        managers=len(out.manager_files),
        out=out.out_dir,
    )
    unassigned = out.manifest["unassigned_reps"]
    text += "\n" + unassigned_note(unassigned, lang) if unassigned else ""
    return JobOutcome(text + problems_note(loaded, lang))
