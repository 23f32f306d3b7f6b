"""The validation report: the problem table localised, as an .xlsx, JSON, or a terminal table."""

from __future__ import annotations

import json
import numbers
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

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
    """Write the report workbook: an Errors sheet and a Summary sheet, each an Excel table.

    Printed, each sheet is A4 landscape on one page width with the header on every page; the
    problem's file name links to its cell in the rep's workbook (a relative link, so the
    report still finds the files when the whole folder is moved or shared).

    Args:
        problems: the problem table (:data:`addin.intake.problems.PROBLEM_COLUMNS`).
        path: the .xlsx to write (atomically; an existing file is backed up).
        lang: language of headers and sheet names.
        files: (file, rows read) for the summary sheet.
    """
    # start-up: xlsxwriter and addin.xlsx take ~0.06-0.1 s to import (python -X importtime);
    # the 校验 button writes its sheet into the open book and never needs them.
    import xlsxwriter

    from ..xlsx.layout import (  # start-up: as above
        add_table,
        column_values,
        content_width,
        print_setup,
        row_heights,
        wrapped_lines,
    )

    table = localize_problems(problems, lang)

    links = _links(problems, Path(path).parent)

    def write(tmp: Path) -> None:
        # The values are what reps typed: always written as text (XLSXWRITER_OPTIONS, xlsx_text).
        # not constant_memory: Excel tables need the cell table (a report is a few thousand rows)
        wb = xlsxwriter.Workbook(str(tmp), {**XLSXWRITER_OPTIONS, "strings_to_numbers": False})
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"})
        top = wb.add_format({"valign": "top"})
        wrap = wb.add_format({"valign": "top", "text_wrap": True})
        err_fmt = wb.add_format({"font_color": "#9C0006", "valign": "top"})
        link_fmt = wb.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        ws = wb.add_worksheet(sheet_name("errors", lang))
        # the message wraps (shown whole); the other columns are as wide as their content
        for c, name in enumerate(table.columns):
            high = 48.0 if c == len(table.columns) - 1 else 30.0
            width = content_width(str(name), column_values(table[name]), high=high)
            ws.set_column(c, c, width)
        heights = row_heights([wrapped_lines(table.iloc[:, -1].fillna(""), width)], len(table))
        add_table(ws, 0, len(table), [str(c) for c in table.columns], head)
        values = table.astype(object).where(table.notna(), None).itertuples(index=False, name=None)
        last = len(table.columns) - 1
        for r, rec in enumerate(values, start=1):
            if heights[r - 1] == heights[r - 1]:  # not NaN: the message takes several lines
                ws.set_row(r, float(heights[r - 1]))
            for c, v in enumerate(rec):
                if v is None:
                    continue
                fmt = err_fmt if c == 0 else wrap if c == last else top
                if c == 1 and links[r - 1]:
                    # the file's name opens the rep's workbook at the cell with the problem
                    ws.write_url(
                        r, c, links[r - 1], link_fmt, xlsx_text(str(v)), _tip(v, rec, lang)
                    )
                    continue
                if isinstance(v, int | float):
                    ws.write_number(r, c, v, fmt)
                else:
                    ws.write_string(r, c, xlsx_text(str(v)), fmt)
        print_setup(ws, 0, sheet_name("errors", lang), lang)
        summary = summary_frame(problems, files, lang)
        ss = wb.add_worksheet(sheet_name("summary", lang))
        for c, name in enumerate(summary.columns):
            ss.set_column(c, c, content_width(str(name), column_values(summary[name])))
        add_table(ss, 0, len(summary), [str(c) for c in summary.columns], head)
        for r, rec in enumerate(summary.itertuples(index=False, name=None), start=1):
            for c, v in enumerate(rec):
                if isinstance(v, str):
                    ss.write_string(r, c, xlsx_text(v))
                else:
                    ss.write(r, c, v)
        print_setup(ss, 0, sheet_name("summary", lang), lang)
        wb.close()

    return atomic_write(path, write)


#: Excel keeps at most 65,530 hyperlinks on a sheet; problems past that are listed without one.
_MAX_LINKS = 65_000


def _links(problems: pd.DataFrame, report_dir: Path) -> list[str | None]:
    """Per problem: ``external:`` link to its cell in the rep's workbook (relative when it can)."""
    out: list[str | None] = []
    for file, sheet, row, column in zip(
        problems["file"], problems["sheet"], problems["row"], problems["column"], strict=True
    ):
        if len(out) >= _MAX_LINKS or not isinstance(file, str) or not file:
            out.append(None)
            continue
        try:
            target = os.path.relpath(file, report_dir)
        except ValueError:  # another drive (Windows): the full path
            target = str(Path(file).resolve())
        cell = f"{column}{int(row)}" if _is_cell(column, row) else "A1"
        where = f"#'{str(sheet).replace(chr(39), chr(39) * 2)}'!{cell}" if sheet else ""
        out.append("external:" + target + where)
    return out


def _is_cell(column: object, row: object) -> bool:
    return (
        isinstance(column, str)
        and column.isalpha()
        and column.isascii()
        and isinstance(row, numbers.Real)
        and row == row
    )


def _tip(file: object, rec: tuple[Any, ...], lang: Lang) -> str:
    return msg("intake_link_tip", lang, file=file, sheet=rec[2] or "", row=rec[3] or "")


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
    # Chinese characters take two terminal columns: pandas aligns by display width when told.
    with pd.option_context("display.unicode.east_asian_width", True):
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
