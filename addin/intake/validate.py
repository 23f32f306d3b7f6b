"""Validation of intake rows with pandera: every bad cell found at once, in words a rep understands.

Flow: raw frame (values as typed) -> :func:`addin.intake.normalize.normalize_frame` (canonical values,
or the typed text where it cannot be understood) -> the pandera schema built from
:data:`addin.schema.FIELDS` by :func:`build_schema`, validated with ``lazy=True`` -> each
failure case becomes one row of the error table (file, sheet, row, column, value, message).

The checks only have to recognise canonical values because normalisation already did the
forgiving part (spaces, full-width digits, ``+86``, ``2024年3月5日``, ``1.5万``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors
from stdnum.cn import ric, uscc

from ..records import to_customer_frame
from ..schema import FIELD_BY_KEY, FIELDS, Field, Lang, choice_label
from .address import column_letter
from .normalize import normalize_frame
from .problems import PROBLEM_COLUMNS, problems_frame
from .text import EXCEL_ERRORS, is_placeholder
from .texts import msg

__all__ = ["ValidationResult", "build_schema", "validate_frame", "CROSS_FIELD_RULES"]

_E164 = re.compile(r"\+[1-9]\d{6,14}(;ext=\d{1,6})?")
_CN_MOBILE_E164 = re.compile(r"\+861[3-9]\d{9}")
_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
)


def _elementwise(pred: Callable[[object], bool]) -> Callable[[pd.Series], pd.Series]:
    def check(s: pd.Series) -> pd.Series:
        return s.map(pred).astype(bool)

    return check


def _not_excel_error(s: pd.Series) -> pd.Series:
    return ~s.astype(str).str.strip().str.upper().isin(EXCEL_ERRORS)


def _is_mobile(v: object) -> bool:
    if not isinstance(v, str) or not _E164.fullmatch(v):
        return False
    return not v.startswith("+86") or bool(_CN_MOBILE_E164.fullmatch(v))


def _is_non_negative(v: object) -> bool:
    return not (isinstance(v, int | float) and not isinstance(v, bool) and v < 0)


_TYPE_CHECKS: dict[str, list[tuple[str, Callable[[object], bool]]]] = {
    "date": [("date", lambda v: isinstance(v, pd.Timestamp))],
    "int": [
        ("int", lambda v: isinstance(v, int) and not isinstance(v, bool)),
        ("non_negative", _is_non_negative),
    ],
    "amount": [("amount", lambda v: isinstance(v, float)), ("non_negative", _is_non_negative)],
    "mobile": [("mobile", _is_mobile)],
    "phone": [("phone", lambda v: isinstance(v, str) and bool(_E164.fullmatch(v)))],
    "email": [("email", lambda v: isinstance(v, str) and bool(_EMAIL.fullmatch(v)))],
    "credit_code": [("credit_code", lambda v: isinstance(v, str) and uscc.is_valid(v))],
    "id_number": [("id_number", lambda v: isinstance(v, str) and ric.is_valid(v))],
    "text": [],
    "picklist": [],
}


def _field_checks(f: Field) -> list[pa.Check]:
    checks = [pa.Check(_not_excel_error, name="excel_error")]
    if f.type == "picklist":
        keys = frozenset(f.choice_keys)
        checks.append(pa.Check(_elementwise(lambda v: v in keys), name="picklist"))
    for name, pred in _TYPE_CHECKS[f.type]:
        checks.append(pa.Check(_elementwise(pred), name=name))
    return checks


def _blank(s: pd.Series) -> pd.Series:
    return s.isna()


@dataclass(frozen=True)
class CrossFieldRule:
    """A rule across fields; ``ok(frame)`` is True per row where it holds; the cell marked is ``column``."""

    code: str
    column: str
    other: str | None
    ok: Callable[[pd.DataFrame], pd.Series]


def _ts(s: pd.Series) -> pd.Series:
    return s.where(s.map(lambda v: isinstance(v, pd.Timestamp)), None)


def _dates_in_order(early: str, late: str) -> Callable[[pd.DataFrame], pd.Series]:
    def ok(d: pd.DataFrame) -> pd.Series:
        a = pd.to_datetime(_ts(d[early]), errors="coerce")
        b = pd.to_datetime(_ts(d[late]), errors="coerce")
        return ~(a.notna() & b.notna() & (b < a))

    return ok


def _won_has_amount(d: pd.DataFrame) -> pd.Series:
    amount = pd.to_numeric(
        d["total_amount"].map(lambda v: v if isinstance(v, float) else None), errors="coerce"
    )
    return ~((d["stage"] == "won") & ~(amount > 0))


def _company_for_organisations(d: pd.DataFrame) -> pd.Series:
    return ~(d["customer_type"].isin(["enterprise", "government"]) & _blank(d["company"]))


#: Cross-field rules, in the order they are reported.
CROSS_FIELD_RULES: tuple[CrossFieldRule, ...] = (
    CrossFieldRule("won_needs_amount", "total_amount", None, _won_has_amount),
    CrossFieldRule("company_required", "company", None, _company_for_organisations),
    CrossFieldRule(
        "follow_up_before_contact",
        "next_follow_up",
        "last_contact",
        _dates_in_order("last_contact", "next_follow_up"),
    ),
    CrossFieldRule(
        "last_before_first_purchase",
        "last_purchase",
        "first_purchase",
        _dates_in_order("first_purchase", "last_purchase"),
    ),
)


def _birthday_not_future(today: dt.date) -> Callable[[pd.DataFrame], pd.Series]:
    limit = pd.Timestamp(today)

    def ok(d: pd.DataFrame) -> pd.Series:
        b = pd.to_datetime(_ts(d["birthday"]), errors="coerce")
        return ~(b > limit)

    return ok


def build_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a *normalised* intake frame, generated from FIELDS."""
    columns = {
        f.key: pa.Column(
            object, checks=_field_checks(f), nullable=not f.required, required=False, coerce=False
        )
        for f in FIELDS
    }
    rules = [*CROSS_FIELD_RULES]
    rules.append(
        CrossFieldRule(
            "future_date", "birthday", None, _birthday_not_future(today or dt.date.today())
        )
    )
    checks = [pa.Check(r.ok, name=r.code) for r in rules]
    return pa.DataFrameSchema(columns, checks=checks, strict=False, name="customer_intake")


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
    frame = raw.copy()
    for f in FIELDS:
        if f.key not in frame.columns:
            frame[f.key] = pd.Series([None] * len(frame), index=frame.index, dtype=object)
    for c, default in (("_file", ""), ("_sheet", ""), ("_row", 0)):
        if c not in frame.columns:
            frame[c] = default
    frame = frame.reset_index(drop=True)
    norm = normalize_frame(frame)
    schema = build_schema(today)
    try:
        schema.validate(norm[[f.key for f in FIELDS]], lazy=True)
        cases = pd.DataFrame(columns=["column", "check", "index", "failure_case", "schema_context"])
    except SchemaErrors as exc:
        cases = exc.failure_cases

    rules = {r.code: r for r in CROSS_FIELD_RULES}
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
            other = norm.at[idx, rule.other] if rule and rule.other else None
        else:
            column, other = str(case["column"]), None
            if code not in ("not_nullable",):
                blank.setdefault(column, []).append(idx)
        key = (idx, column, code)
        if key in seen:
            continue
        seen.add(key)
        field_def = FIELD_BY_KEY.get(column)
        raw_value = frame.at[idx, column] if column in frame.columns else None
        value = norm.at[idx, column] if code in rules else raw_value
        file, sheet, row = frame.at[idx, "_file"], frame.at[idx, "_sheet"], frame.at[idx, "_row"]
        colmap = (column_maps or {}).get((str(file), str(sheet)))
        letter = column_letter(colmap[column]) if colmap and column in colmap else None
        rows.append(
            {
                "level": "error",
                "file": file,
                "sheet": sheet,
                "row": int(row),  # type: ignore[arg-type]
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
    rows += _placeholder_warnings(frame, column_maps, lang)
    errors = problems_frame(
        sorted(rows, key=lambda r: (str(r["file"]), r["_order"], _field_pos(r["field"])))
    )
    for column, idxs in blank.items():
        norm.loc[idxs, column] = None
    return ValidationResult(to_customer_frame(norm), errors[PROBLEM_COLUMNS])


def _placeholder_warnings(
    frame: pd.DataFrame,
    column_maps: Mapping[tuple[str, str], Mapping[str, int]] | None,
    lang: Lang,
) -> list[dict[str, object]]:
    """A warning for every cell holding a placeholder (同上, 同手机号, 无, N/A): left blank."""
    rows: list[dict[str, object]] = []
    for f in FIELDS:
        if f.key not in frame.columns or not (
            frame[f.key].dtype == object or pd.api.types.is_string_dtype(frame[f.key].dtype)
        ):
            continue
        values = frame[f.key]
        texts = values[values.map(lambda v: isinstance(v, str))]
        hits = texts[texts.map(is_placeholder)]
        for idx, value in zip(hits.index.tolist(), hits.tolist(), strict=True):
            file, sheet = frame.at[idx, "_file"], frame.at[idx, "_sheet"]
            colmap = (column_maps or {}).get((str(file), str(sheet)))
            rows.append(
                {
                    "level": "warning",
                    "file": file,
                    "sheet": sheet,
                    "row": int(str(frame.at[idx, "_row"])),
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
