"""Validation of intake rows with pandera: every bad cell found at once, in words a rep understands.

Flow: raw frame (values as typed) -> :func:`addin.intake.distinct.normalize_distinct` per field
(canonical values, or the typed text where it cannot be understood; a categorical column, so
each distinct value is normalised and checked once) -> the pandera schema built from
:data:`addin.schema.FIELDS` by :func:`addin.intake.checks.build_schema`, and the cross-field
rules' schema (:func:`~addin.intake.checks.build_rules_schema`) on a narrow typed frame of the
fields they read, both validated with ``lazy=True`` -> each failure case becomes one row of the
error table (file, sheet, row, column, value, message).

The checks only have to recognise canonical values because normalisation already did the
forgiving part (spaces, full-width digits, ``+86``, ``2024年3月5日``, ``1.5万``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from ..per_value import cells
from ..records import to_customer_frame
from ..schema import FIELD_BY_KEY, FIELDS, Field, Lang, choice_label
from .address import column_letter
from .checks import CROSS_FIELD_RULES, build_rules_schema, build_schema, rules_frame
from .distinct import normalize_distinct
from .problems import PROBLEM_COLUMNS, problems_frame
from .text import is_placeholder
from .texts import msg

__all__ = ["ValidationResult", "build_schema", "validate_frame", "CROSS_FIELD_RULES"]


@dataclass
class ValidationResult:
    """Output of :func:`validate_frame`."""

    customers: pd.DataFrame
    errors: pd.DataFrame

    @property
    def ok(self) -> bool:
        return not (self.errors["level"] == "error").any() if len(self.errors) else True


def _display(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _message(code: str, f: Field | None, value: object, other: object, lang: Lang) -> str:
    if code == "not_nullable":
        return msg("required", lang)
    if code == "picklist" and f is not None:
        return msg(
            "picklist",
            lang,
            value=_display(value),
            choices=" / ".join(c.label(lang) for c in f.choices),
        )
    if code == "excel_error":
        return msg("excel_error", lang, value=_display(value))
    return msg(code, lang, value=_display(value), other=_display(other))


def validate_frame(
    raw: pd.DataFrame,
    *,
    lang: Lang = "zh",
    column_maps: Mapping[tuple[str, str], Mapping[str, int]] | None = None,
    today: dt.date | None = None,
) -> ValidationResult:
    """Normalise and validate raw intake rows, collecting every problem at once.

    Args:
        raw: rows as read (:mod:`addin.intake.reader`), with ``_file``/``_sheet``/``_row``.
        lang: language of the messages.
        column_maps: per (file, sheet), field key -> 1-based Excel column, to name the column
            letter in the report; without it the column is named by its label.
        today: the date 'future' is measured against (default: today).

    Returns:
        The customer frame (invalid cells blanked) and the error table
        (:data:`addin.intake.problems.PROBLEM_COLUMNS`).

    Example:
        >>> raw = pd.DataFrame({"customer_name": ["王伟"], "mobile": ["138 1234 567"], "_row": [2]})
        >>> validate_frame(raw, lang="en").errors[["row", "field", "code"]].to_dict("records")[:1]
        [{'row': 2, 'field': 'rep', 'code': 'required'}]
    """
    # pandas copies on write: a reset index and added columns never touch (or copy) ``raw``
    frame = raw.reset_index(drop=True)
    for f in FIELDS:
        if f.key not in frame.columns:
            frame[f.key] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for c, default in (("_file", ""), ("_sheet", ""), ("_row", 0)):
        if c not in frame.columns:
            frame[c] = default
    distinct = {f.key: normalize_distinct(frame[f.key], f) for f in FIELDS}
    # A column blank throughout fails no check of its own: only required ones are looked at.
    checked = {k: s for k, s in distinct.items() if FIELD_BY_KEY[k].required or s.notna().any()}
    found = [
        _failures(build_schema(today), pd.DataFrame(checked, index=frame.index)),
        _failures(build_rules_schema(today), rules_frame(distinct, frame.index)),
    ]
    cases = pd.concat([c for c in found if len(c)] or found[:1], ignore_index=True)
    raw_cells = _Cells(frame)
    norm_cells = {k: np.array(cells(s), dtype=object) for k, s in distinct.items()}

    rules = {r.code: r for r in CROSS_FIELD_RULES}
    files, sheets = raw_cells["_file"], raw_cells["_sheet"]
    excel_rows = raw_cells["_row"]
    rows: list[dict[str, object]] = []
    blank: dict[str, list[int]] = {}
    seen: set[tuple[int, str, str]] = set()
    for case in cases.to_dict("records"):
        if case["index"] is None or pd.isna(case["index"]):
            continue
        idx = int(case["index"])
        code = str(case["check"])
        if case["schema_context"] == "DataFrameSchema":
            rule = rules.get(code)
            column = (
                rule.column
                if rule
                else ("birthday" if code == "future_date" else str(case["column"]))
            )
            other = norm_cells[rule.other][idx] if rule and rule.other else None
        else:
            column, other = str(case["column"]), None
            if code not in ("not_nullable",):
                blank.setdefault(column, []).append(idx)
        key = (idx, column, code)
        if key in seen:
            continue
        seen.add(key)
        field_def = FIELD_BY_KEY.get(column)
        raw_value = raw_cells[column][idx] if column in frame.columns else None
        value = norm_cells[column][idx] if code in rules else raw_value
        file, sheet, row = files[idx], sheets[idx], excel_rows[idx]
        colmap = (column_maps or {}).get((str(file), str(sheet)))
        letter = column_letter(colmap[column]) if colmap and column in colmap else None
        rows.append(
            {
                "level": "error",
                "file": file,
                "sheet": sheet,
                "row": int(row),
                "column": letter,
                "field": column,
                "value": _display(choice_label(column, raw_value, lang)),
                "code": "required" if code == "not_nullable" else code,
                "message": _message(code, field_def, value, other, lang),
                "_order": idx,
            }
        )
    # An Excel error value (#N/A) fails the type checks too; say it once, the clearer way.
    error_cells = {(r["_order"], r["field"]) for r in rows if r["code"] == "excel_error"}
    rows = [
        r
        for r in rows
        if r["code"] == "excel_error" or (r["_order"], r["field"]) not in error_cells
    ]
    # A cross-field rule on a cell that is already wrong by itself adds nothing.
    cell_errors = {
        (r["_order"], r["field"])
        for r in rows
        if r["code"] not in rules and r["code"] != "future_date"
    }
    rows = [
        r for r in rows if r["code"] not in rules or (r["_order"], r["field"]) not in cell_errors
    ]
    rows += _placeholder_warnings(frame, raw_cells, distinct, column_maps, lang)
    errors = problems_frame(
        sorted(rows, key=lambda r: (str(r["file"]), r["_order"], _field_pos(r["field"])))
    )
    for column, idxs in blank.items():
        norm_cells[column][idxs] = None
    norm = frame.assign(
        **{f.key: _typed(distinct[f.key], norm_cells[f.key], f, frame.index) for f in FIELDS}
    )
    return ValidationResult(to_customer_frame(norm), errors[PROBLEM_COLUMNS])


_CASE_COLUMNS = ["column", "check", "index", "failure_case", "schema_context"]


def _failures(schema: pa.DataFrameSchema, data: pd.DataFrame) -> pd.DataFrame:
    """Every failure case of ``data`` against ``schema`` (pandera's table of them)."""
    try:
        schema.validate(data, lazy=True)
    except SchemaErrors as exc:
        cases: pd.DataFrame = exc.failure_cases
        return cases
    return pd.DataFrame(columns=_CASE_COLUMNS)


class _Cells(dict[str, np.ndarray]):
    """A frame's columns as object arrays, each made when first asked for (reading a cell of
    an array costs a fraction of ``DataFrame.at``)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        super().__init__()
        self.frame = frame

    def __missing__(self, key: str) -> np.ndarray:
        values = self[key] = self.frame[key].to_numpy(dtype=object)
        return values


def _typed(s: pd.Series, values: np.ndarray, f: Field, index: pd.Index) -> pd.Series | np.ndarray:
    """A normalised column as :func:`addin.records.to_customer_frame` will type it, where that
    is cheaper from the categories: dates as datetime64 (NaT where no date is left), amounts
    as float64; other columns (and non-categorical ones) as their cells (``values``)."""
    if f.type not in ("date", "amount") or not isinstance(s.dtype, pd.CategoricalDtype):
        return values
    kind = pd.Timestamp if f.type == "date" else float
    keep = np.fromiter(
        (isinstance(v, kind) for v in s.cat.categories.tolist()), bool, len(s.cat.categories)
    )
    codes = np.where(pd.isna(values), -1, s.cat.codes.to_numpy())
    if f.type == "date":
        cats = [v if k else pd.NaT for v, k in zip(s.cat.categories.tolist(), keep, strict=True)]
        table = pd.DatetimeIndex([*cats, pd.NaT]).as_unit("ns").to_numpy()
    else:
        floats = [v if k else np.nan for v, k in zip(s.cat.categories.tolist(), keep, strict=True)]
        table = np.array([*floats, np.nan], dtype=np.float64)
    return pd.Series(table[codes], index=index)


def _placeholder_warnings(
    frame: pd.DataFrame,
    raw_cells: Mapping[str, np.ndarray],
    distinct: Mapping[str, pd.Series],
    column_maps: Mapping[tuple[str, str], Mapping[str, int]] | None,
    lang: Lang,
) -> list[dict[str, object]]:
    """A warning for every cell holding a placeholder (同上, 同手机号, 无, N/A): left blank.

    Only cells typed but normalised to blank can hold one (every normaliser blanks a
    placeholder), and each distinct text among those is looked at once.
    """
    rows: list[dict[str, object]] = []
    for f in FIELDS:
        values = frame[f.key]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)):
            continue
        blanked = np.flatnonzero(distinct[f.key].isna().to_numpy())  # cheap on categories
        if not len(blanked):
            continue
        candidates = blanked[pd.notna(values.to_numpy(dtype=object)[blanked])]
        if not len(candidates):
            continue
        texts = values.iloc[candidates]
        seen: dict[str, bool] = {}
        for idx, value in zip(candidates.tolist(), texts.tolist(), strict=True):
            if not isinstance(value, str):
                continue
            hit = seen.get(value)
            if hit is None:
                hit = seen[value] = is_placeholder(value)
            if not hit:
                continue
            file, sheet = raw_cells["_file"][idx], raw_cells["_sheet"][idx]
            colmap = (column_maps or {}).get((str(file), str(sheet)))
            rows.append(
                {
                    "level": "warning",
                    "file": file,
                    "sheet": sheet,
                    "row": int(str(raw_cells["_row"][idx])),
                    "column": column_letter(colmap[f.key]) if colmap and f.key in colmap else None,
                    "field": f.key,
                    "value": _display(value),
                    "code": "placeholder",
                    "message": msg("placeholder", lang, value=str(value).strip()),
                    "_order": int(idx),
                }
            )
    return rows


_POS = {f.key: i for i, f in enumerate(FIELDS)}


def _field_pos(key: object) -> int:
    return _POS.get(str(key), len(_POS))
