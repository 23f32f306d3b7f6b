"""Building the raw frame of an :class:`Intake` from a sheet's rows and its header row."""

from __future__ import annotations

from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..cellsafe import EXCEL_CELL_MAX, TRUNCATED, too_long
from ..errors import EmptySheetError, HeaderError
from ..schema import FIELDS, META_COLUMNS, Lang, fold_header, header_lookup
from .address import column_letter
from .result import Intake, ReadIssue
from .text import is_blank
from .texts import msg

if TYPE_CHECKING:
    import python_calamine as pc

__all__ = ["build_intake", "merged_issues"]


def _header_at(rows: list[list[Any]], hdr: int, col: int) -> str | None:
    """Field key (or header text) of a 0-based column, for pointing issues at a column."""
    if hdr >= len(rows) or col >= len(rows[hdr]) or is_blank(rows[hdr][col]):
        return None
    text = str(rows[hdr][col]).strip()
    return header_lookup().get(fold_header(text), text)


def _long_cells(data: dict[str, np.ndarray], rows: list[int], lang: Lang) -> list[ReadIssue]:
    """A warning per cell over Excel's limit: the output workbooks show it cut, marked."""
    out = []
    half = EXCEL_CELL_MAX // 2
    for name, values in data.items():
        # the longest text first, with builtins only (C loops): most columns hold none so long
        if max(map(len, compress(values, map(isinstance, values, repeat(str)))), default=0) <= half:
            continue
        for i in [i for i, v in enumerate(values) if type(v) is str and len(v) > half]:
            v = values[i]
            if too_long(v):
                text = msg("cell_too_long", lang, n=len(v), limit=EXCEL_CELL_MAX, mark=TRUNCATED)
                out.append(ReadIssue("warning", "cell_too_long", text, rows[i], name, v[:50]))
    return out


def _columns(body: list[list[Any]], cols: list[int]) -> list[np.ndarray]:
    """The values of columns ``cols`` (0-based) of the rows as object arrays, None past a short
    row's end. Rows all of one width (calamine's, mostly) are copied into one grid in C and
    its columns taken as views."""
    widths = set(map(len, body))
    if len(widths) == 1 and max(cols, default=-1) < next(iter(widths)):
        grid = np.empty((len(body), next(iter(widths))), dtype=object)
        grid[:] = body
        return [grid[:, c] for c in cols]
    out = []
    for c in cols:
        arr = np.empty(len(body), dtype=object)
        arr[:] = [r[c] if c < len(r) else None for r in body]
        out.append(arr)
    return out


#: Field types whose columns hold few distinct values: looked at first for blank rows.
_FEW_VALUES = frozenset({"picklist", "date", "int", "amount"})


def _blank_rows(columns: list[np.ndarray], names: list[str], n: int) -> np.ndarray:
    """Positions of the rows whose every cell is blank; each column looked at only for the
    rows still blank so far, once per distinct value (columns of few values first)."""
    alive = np.arange(n)
    kinds = {f.key: f.type for f in FIELDS}
    order = sorted(range(len(columns)), key=lambda k: kinds.get(names[k]) not in _FEW_VALUES)
    for k in order:
        if not len(alive):
            break
        codes, uniques = pd.factorize(columns[k][alive], use_na_sentinel=True)
        blank = np.array([is_blank(u) for u in uniques.tolist()] + [True], dtype=bool)
        alive = alive[blank[codes]]
    return alive


def merged_issues(
    sh: pc.CalamineSheet | None, rows: list[list[Any]], hdr: int, path: Path, sheet: str, lang: Lang
) -> list[ReadIssue]:
    """Fill merged data ranges down/right with their top-left value; merged headers are fatal."""
    issues: list[ReadIssue] = []
    ranges = list(getattr(sh, "merged_cell_ranges", None) or []) if sh is not None else []
    for (r0, c0), (r1, c1) in ranges:
        ref = f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}"
        if r0 <= hdr <= r1:
            if c1 > c0:
                raise HeaderError(
                    msg("merged_header", lang, range=ref), file=path, sheet=sheet, row=hdr + 1
                )
            continue
        if r0 < hdr:
            continue
        top = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for r in range(r0, min(r1 + 1, len(rows))):
            for c in range(c0, min(c1 + 1, len(rows[r]))):
                rows[r][c] = top
        issues.append(
            ReadIssue(
                "warning",
                "merged_cells",
                msg("merged_cells", lang, range=ref),
                r0 + 1,
                _header_at(rows, hdr, c0),
                ref,
            )
        )
    return issues


def build_intake(
    path: Path,
    sheet: str,
    rows: list[list[Any]],
    hdr: int,
    lang: Lang,
    specials: tuple[dict[tuple[int, int], str], dict[tuple[int, int], bool]] | None = None,
    issues: list[ReadIssue] | None = None,
) -> Intake:
    """The :class:`Intake` of ``rows`` under header row ``hdr``; bad headers are fatal."""
    lookup = header_lookup()
    issues = list(issues or [])
    header = rows[hdr]
    columns: dict[str, int] = {}
    unknown: list[str] = []
    keep: list[tuple[int, str]] = []  # (0-based col, column name)
    for c, h in enumerate(header):
        if is_blank(h):
            continue
        text = str(h).strip()
        key = lookup.get(fold_header(text))
        name = key or text
        if name in columns:
            first = column_letter(columns[name])
            raise HeaderError(
                msg("duplicate_header", lang, label=text, first=first, second=column_letter(c + 1)),
                file=path,
                sheet=sheet,
                row=hdr + 1,
                column=column_letter(c + 1),
            )
        columns[name] = c + 1
        keep.append((c, name))
        if key is None:
            unknown.append(text)
            issues.append(
                ReadIssue(
                    "warning",
                    "unknown_column",
                    msg("unknown_column", lang, header=text),
                    hdr + 1,
                    text,
                )
            )
    missing = [f for f in FIELDS if f.required and f.key not in columns]
    if missing:
        labels = "、".join(f.label(lang) for f in missing)
        raise HeaderError(
            msg("missing_required_columns", lang, columns=labels),
            file=path,
            sheet=sheet,
            row=hdr + 1,
        )

    errors, formulas = specials or ({}, {})
    body = rows[hdr + 1 :]
    by_column = _columns(body, [c for c, _ in keep])
    for (excel_row, col), err in errors.items():
        i = excel_row - hdr - 2
        for k, (c, _) in enumerate(keep):
            if c + 1 == col and 0 <= i < len(body):
                by_column[k][i] = err  # the arrays are this function's own
    kept = np.ones(len(body), dtype=bool)
    kept[_blank_rows(by_column, [name for _, name in keep], len(body))] = False
    excel_rows = (np.flatnonzero(kept) + hdr + 2).tolist()
    if not excel_rows:
        raise EmptySheetError(msg("no_data_rows", lang), file=path, sheet=sheet, row=hdr + 1)
    data: dict[str, np.ndarray] = {}
    for (_, name), values in zip(keep, by_column, strict=True):
        arr = values[kept]
        arr[arr == ""] = None
        data[name] = arr
    del by_column

    by_col = {c + 1: name for c, name in keep}
    per_column: dict[str, list[int]] = {}
    for (r, c), has_value in sorted(formulas.items()):
        col_name = by_col.get(c)
        if col_name is None or r <= hdr + 1:
            continue
        if not has_value and (r, c) not in errors:
            issues.append(
                ReadIssue("error", "formula_no_value", msg("formula_no_value", lang), r, col_name)
            )
        else:
            per_column.setdefault(col_name, []).append(r)
    for name, rs in per_column.items():
        issues.append(
            ReadIssue(
                "warning",
                "formula_cells",
                msg("formula_cells", lang, count=len(rs), row=rs[0]),
                rs[0],
                name,
            )
        )

    issues += _long_cells(data, excel_rows, lang)
    frame = pd.DataFrame(data, dtype=object, copy=False)
    ordered = [f.key for f in FIELDS]
    for key in ordered:
        if key not in frame.columns:
            frame[key] = pd.Series([None] * len(frame), dtype=object)
    frame = frame[ordered + unknown]
    frame["_file"] = str(path)
    frame["_sheet"] = sheet
    frame["_row"] = excel_rows
    assert set(META_COLUMNS) <= set(frame.columns)
    return Intake(path, sheet, frame, hdr + 1, columns, unknown, issues)
