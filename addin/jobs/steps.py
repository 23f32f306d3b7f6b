"""The classify and follow-up jobs end to end (files in, workbooks out), for the CLI and Excel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..classify import classify, load_classify_settings, write_classification
from ..config import Config
from ..errors import InputError
from ..followups import FollowupOutput, build_followups, load_followup_settings, write_followups
from ..intake.load import LoadResult, load_customers
from ..managers import load_managers, read_settings_sheet
from ..schema import Lang

__all__ = [
    "JobOutcome",
    "run_classify",
    "run_followups",
    "duplicate_groups",
    "write_followups_step",
]


@dataclass(frozen=True)
class JobOutcome:
    """What to tell the user, and the exit code (0 written, 2 unusable input)."""

    message: str
    exit_code: int = 0


def _load(inputs: Sequence[Path], lang: Lang) -> LoadResult:
    loaded = load_customers(list(inputs), lang=lang)
    if loaded.customers.empty:
        text = "没有可用的客户记录" if lang == "zh" else "no usable customer records"
        raise InputError(text, file=", ".join(str(p) for p in inputs))
    return loaded


def _problems(loaded: LoadResult, lang: Lang) -> str:
    n = len(loaded.problems)
    if not n:
        return ""
    if lang == "zh":
        return f"\n注意：输入中有 {n} 个问题（无效单元格按空白处理），详见 intake validate"
    return (
        f"\nnote: {n} problems in the input (invalid cells counted as blank); see intake validate"
    )


def _overrides(settings_workbook: Path | None) -> dict[str, dict[str, object]]:
    return read_settings_sheet(settings_workbook).overrides if settings_workbook else {}


def duplicate_groups(customers: pd.DataFrame, config: Config | None = None) -> pd.DataFrame:
    """Duplicate groups (the dedupe step with the ``[dedupe]`` settings) for the follow-ups."""
    from ..duplicates import find_duplicates, load_dedupe_settings

    return find_duplicates(customers, load_dedupe_settings(config)).groups


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
    )
    return rows, written


def run_classify(
    inputs: Sequence[Path],
    out: Path,
    *,
    config: Config,
    lang: Lang,
    as_of: dt.date,
    settings_workbook: Path | None = None,
) -> JobOutcome:
    """Load, classify and write the classification workbook."""
    loaded = _load(inputs, lang)
    settings = load_classify_settings(config, _overrides(settings_workbook))
    classified = classify(loaded.customers, settings, as_of=as_of, lang=lang)
    path = write_classification(classified, out, lang=lang, as_of=as_of)
    counts = classified["value_tier"].value_counts()
    tiers = " ".join(f"{t}={int(counts.get(t, 0))}" for t in "ABC")
    head = (
        f"已分类 {len(classified)} 位客户（{tiers}）→ {path}"
        if lang == "zh"
        else f"classified {len(classified)} customers ({tiers}) -> {path}"
    )
    return JobOutcome(head + _problems(loaded, lang))


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
    """Load, classify, list follow-ups and write the rep/manager workbooks and manifest."""
    loaded = _load(inputs, lang)
    overrides = _overrides(settings_workbook)
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
    unassigned = out.manifest["unassigned_reps"]
    if lang == "zh":
        text = (
            f"{len(rows)} 条跟进：{len(out.rep_files)} 个业务员、{len(out.manager_files)} 个经理的"
            f"跟进表 → {out.out_dir}"
        )
        text += f"\n未分配经理的业务员：{'、'.join(unassigned)}" if unassigned else ""
    else:
        text = (
            f"{len(rows)} follow-ups: workbooks for {len(out.rep_files)} reps and "
            f"{len(out.manager_files)} managers -> {out.out_dir}"
        )
        text += f"\nreps without a manager: {', '.join(unassigned)}" if unassigned else ""
    return JobOutcome(text + _problems(loaded, lang))
