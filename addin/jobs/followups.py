"""The follow-ups job (``intake followups``): files in, rep and manager workbooks out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ..classify import classify, load_classify_settings
from ..config import Config
from ..followups import FollowupOutput, write_followups_step
from ..schema import Lang
from ..workers import Workers
from .common import (
    JobOutcome,
    duplicate_groups,
    load_usable,
    problems_note,
    settings_overrides,
    unassigned_note,
)
from .loading import job_pool
from .texts import msg

__all__ = ["followups_from_customers", "run_followups"]


def followups_from_customers(
    customers: pd.DataFrame,
    out_dir: str | Path,
    *,
    config: Config,
    overrides: dict[str, dict[str, object]],
    settings_workbook: str | Path | None,
    as_of: dt.date,
    lang: Lang,
    duplicates: bool = True,
    pool: Workers | None = None,
) -> tuple[int, FollowupOutput]:
    """Classify the customers, find the duplicate groups (unless not wanted), write the follow-ups.

    The part of ``intake followups`` that the 生成跟进表 button shares (the button passes no
    ``pool``); returns the number of follow-up items and what was written.
    """
    classified = classify(
        customers, load_classify_settings(config, overrides), as_of=as_of, lang=lang
    )
    groups = duplicate_groups(customers, config) if duplicates else None
    return write_followups_step(
        classified,
        out_dir,
        config=config,
        overrides=overrides,
        settings_workbook=settings_workbook,
        duplicates=groups,
        as_of=as_of,
        lang=lang,
        pool=pool,
    )


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
    # one pool for reading and for the reps' books part by part, for big inputs
    with job_pool(config, inputs) as pool:
        loaded = load_usable(inputs, lang, config, pool)
        items, out = followups_from_customers(
            loaded.customers,
            out_dir,
            config=config,
            overrides=settings_overrides(settings_workbook),
            settings_workbook=settings_workbook,
            as_of=as_of,
            lang=lang,
            duplicates=duplicates,
            pool=pool,
        )
    text = msg(
        "jobs_followups",
        lang,
        rows=items,
        reps=len(out.rep_files),
        managers=len(out.manager_files),
        out=out.out_dir,
    )
    unassigned = out.manifest["unassigned_reps"]
    text += "\n" + unassigned_note(unassigned, lang) if unassigned else ""
    return JobOutcome(text + problems_note(loaded, lang))
