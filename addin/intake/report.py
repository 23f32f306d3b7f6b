"""The validation report: the problem table localised, as an .xlsx, JSON, or a terminal table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from ..cellsafe import XLSXWRITER_OPTIONS, xlsx_text
from ..files import atomic_write
from ..schema import Lang, label
from .problems import PROBLEM_COLUMNS, PROBLEM_LEVELS
from .texts import TEXTS, msg

__all__ = [
    "SHEET_NAMES",
    "localize_problems",
    "problems_json",
    "problems_table",
    "sheet_name",
    "summary_lines",
    "write_report",
]

#: Sheet names the jobs write, per language: kind -> (zh, en).
SHEET_NAMES: dict[str, tuple[str, str]] = {
    kind: TEXTS[f"intake_sheet_{kind}"] for kind in ("errors", "summary")
}


def sheet_name(kind: str, lang: Lang) -> str:
    """The name of the ``kind`` sheet ('errors', 'summary') in ``lang``."""
    return msg(f"intake_sheet_{kind}", lang)


def _header(column: str, lang: Lang) -> str:
    return msg(f"intake_col_{column}", lang)


def _level(value: object, lang: Lang) -> object:
    return msg(f"intake_level_{value}", lang) if str(value) in PROBLEM_LEVELS else value


def localize_problems(problems: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """Problem table with headers, levels and field names in ``lang`` (code column kept for filters)."""
    out = problems[PROBLEM_COLUMNS].copy()
    out["level"] = out["level"].map(lambda v: _level(v, lang))
    out["field"] = out["field"].map(lambda k: label(str(k), lang) if isinstance(k, str) else k)
    out["file"] = out["file"].map(lambda f: Path(str(f)).name if isinstance(f, str) and f else f)
    out["row"] = out["row"].astype("Int64")
    return out.rename(columns={k: _header(k, lang) for k in PROBLEM_COLUMNS})


def summary_frame(
    problems: pd.DataFrame, files: Sequence[tuple[str, int]], lang: Lang
) -> pd.DataFrame:
    """Per file: rows read, errors, warnings, rows with errors."""
    recs: list[dict[str, Any]] = []
    for file, n in files:
        p = problems[problems["file"] == file]
        err = p[p["level"] == "error"]
        recs.append(
            {
                msg("intake_sum_file", lang): Path(file).name,
                msg("intake_sum_rows", lang): n,
                msg("intake_sum_errors", lang): len(err),
                msg("intake_sum_bad_rows", lang): err["row"].nunique(),
                msg("intake_sum_warnings", lang): int((p["level"] == "warning").sum()),
            }
        )
    return pd.DataFrame(recs)


def write_report(
    problems: pd.DataFrame,
    path: str | Path,
    *,
    lang: Lang = "zh",
    files: Sequence[tuple[str, int]] = (),
) -> Path:
    """Write the report workbook: an Errors sheet (filterable, frozen header) and a Summary sheet.

    Args:
        problems: the problem table (:data:`addin.intake.problems.PROBLEM_COLUMNS`).
        path: the .xlsx to write (atomically; an existing file is backed up).
        lang: language of headers and sheet names.
        files: (file, rows read) for the summary sheet.
    """
    table = localize_problems(problems, lang)

    def write(tmp: Path) -> None:
        # The values are what reps typed: always written as text (XLSXWRITER_OPTIONS, xlsx_text).
        wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, **XLSXWRITER_OPTIONS})
        head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        err_fmt = wb.add_format({"font_color": "#9C0006"})
        ws = wb.add_worksheet(sheet_name("errors", lang))
        widths = [6, 24, 12, 6, 6, 14, 22, 16, 70]
        for c, (name, w) in enumerate(zip(table.columns, widths, strict=True)):
            ws.write(0, c, name, head)
            ws.set_column(c, c, w)
        values = table.astype(object).where(table.notna(), None).itertuples(index=False, name=None)
        for r, rec in enumerate(values, start=1):
            for c, v in enumerate(rec):
                if v is None:
                    continue
                fmt = err_fmt if c == 0 else None
                if isinstance(v, int | float):
                    ws.write_number(r, c, v, fmt)
                else:
                    ws.write_string(r, c, xlsx_text(str(v)), fmt)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(table), 1), len(table.columns) - 1)
        summary = summary_frame(problems, files, lang)
        ss = wb.add_worksheet(sheet_name("summary", lang))
        for c, name in enumerate(summary.columns):
            ss.write(0, c, name, head)
            ss.set_column(c, c, 24 if c == 0 else 12)
        for r, rec in enumerate(summary.itertuples(index=False, name=None), start=1):
            for c, v in enumerate(rec):
                if isinstance(v, str):
                    ss.write_string(r, c, xlsx_text(v))
                else:
                    ss.write(r, c, v)
        wb.close()

    return atomic_write(path, write)


def problems_json(problems: pd.DataFrame) -> str:
    """The problem table as a JSON array of objects (stable keys, UTF-8 text)."""
    recs = problems[PROBLEM_COLUMNS].astype(object).where(problems.notna(), None).to_dict("records")
    for r in recs:
        if r["row"] is not None:
            r["row"] = int(r["row"])
        if r["value"] is not None:
            r["value"] = str(r["value"])
    return json.dumps(recs, ensure_ascii=False, indent=2)


def problems_table(problems: pd.DataFrame, lang: Lang = "zh", limit: int = 200) -> str:
    """A plain-text table for the terminal (first ``limit`` rows)."""
    table = localize_problems(problems, lang).drop(columns=[_header("code", lang)])
    shown = table.head(limit).astype(object)
    text = shown.where(shown.notna(), "").to_string(index=False)
    more = len(table) - limit
    if more > 0:
        text += f"\n… (+{more})"
    return text


def summary_lines(
    problems: pd.DataFrame, files: Sequence[tuple[str, int]], lang: Lang = "zh"
) -> list[str]:
    """One line per file: rows and problems."""
    out = []
    for file, n in files:
        p = problems[(problems["file"] == file) & (problems["level"] == "error")]
        name = Path(file).name
        if p.empty:
            out.append(msg("summary_clean", lang, file=name, rows=n))
        else:
            out.append(
                msg(
                    "summary_errors",
                    lang,
                    file=name,
                    rows=n,
                    errors=len(p),
                    bad_rows=p["row"].nunique(),
                )
            )
    return out
