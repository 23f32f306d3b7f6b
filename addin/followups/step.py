"""The follow-up step: list the follow-ups, look up the managers, write the workbooks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..config import Config
from ..managers import load_managers
from ..schema import Lang
from .books import FollowupOutput, write_followups
from .build import build_followups
from .settings import load_followup_settings

__all__ = ["write_followups_step"]


def write_followups_step(
    classified: pd.DataFrame,
    out_dir: str | Path,
    *,
    config: Config,
    overrides: dict[str, dict[str, object]],
    settings_workbook: str | Path | None,
    duplicates: pd.DataFrame | None,
    as_of: dt.date,
    lang: Lang,
) -> tuple[pd.DataFrame, FollowupOutput]:
    """The follow-up step shared by the CLI, the pipeline and the button: list, then write.

    Settings are ``[followups]`` with the Settings-sheet ``overrides``; managers come from
    ``[managers]`` and the ``settings_workbook``'s 设置 sheet.
    """
    fsettings = load_followup_settings(config, overrides)
    rows = build_followups(classified, fsettings, as_of=as_of, duplicates=duplicates, lang=lang)
    written = write_followups(
        rows,
        out_dir,
        load_managers(config, settings_workbook),
        lang=lang,
        as_of=as_of,
        top_overdue=fsettings.top_overdue,
        manager_top_per_rep=fsettings.manager_top_per_rep,
    )
    return rows, written
