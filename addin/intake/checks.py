"""The pandera schema of a normalised intake frame: per-field checks and cross-field rules.

Every check is a :class:`pandera.Check` over a whole column, computed once per *distinct*
value: the validator hands it categorical columns
(:func:`addin.intake.distinct.normalize_distinct`), so a check of
100,000 cells that hold 300 distinct dates or 5 labels calls its predicate 300 or 5 times and
spreads the answers back by the codes with numpy. A column that cannot be categorical (values
equal across types, such as ``True`` and ``1.0``) is checked value by value, with the same
answers. The schema is generated from :data:`addin.schema.FIELDS` once per day it measures
"future" against (:func:`build_schema` is cached).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from stdnum.cn import ric, uscc

from ..schema import FIELDS, Field
from .text import EXCEL_ERRORS

__all__ = [
    "CROSS_FIELD_RULES",
    "CrossFieldRule",
    "build_rules_schema",
    "build_schema",
    "per_value",
    "rules_frame",
]

_E164 = re.compile(r"\+[1-9]\d{6,14}(;ext=\d{1,6})?")
_CN_MOBILE_E164 = re.compile(r"\+861[3-9]\d{9}")
_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,}"
)


def per_value(
    pred: Callable[[object], bool],
    batch: Callable[[list[object]], np.ndarray | None] | None = None,
) -> Callable[[pd.Series], pd.Series]:
    """A column check calling ``pred`` once per distinct value of a categorical column.

    ``batch``, if given, answers for all distinct values at once (or None: ask ``pred``).
    """

    def answers(values: list[object]) -> np.ndarray:
        ok = batch(values) if batch is not None else None
        if ok is None:
            ok = np.fromiter(map(pred, values), dtype=bool, count=len(values))
        return ok

    def check(s: pd.Series) -> pd.Series:
        if isinstance(s.dtype, pd.CategoricalDtype):
            ok = answers(s.cat.categories.tolist())
            return pd.Series(np.append(ok, True)[s.cat.codes.to_numpy()], index=s.index)
        return pd.Series(answers(s.tolist()), index=s.index)

    return check


def _not_excel_error(v: object) -> bool:
    return str(v).strip().upper() not in EXCEL_ERRORS


def _no_excel_errors(values: list[object]) -> np.ndarray | None:
    """All True when no value's text holds a '#' (every error value does): one scan in C."""
    texts = "\x00".join(map(str, values))
    return np.ones(len(values), dtype=bool) if "#" not in texts else None


def _is_mobile(v: object) -> bool:
    if not isinstance(v, str) or not _E164.fullmatch(v):
        return False
    return not v.startswith("+86") or bool(_CN_MOBILE_E164.fullmatch(v))


def _is_non_negative(v: object) -> bool:
    return not (isinstance(v, int | float) and not isinstance(v, bool) and v < 0)


def _all_str(values: list[object]) -> bool:
    return bool(values) and set(map(type, values)) == {str}


def _matching(pattern: re.Pattern[str]) -> Callable[[list[object]], np.ndarray | None]:
    """Batch answer of ``isinstance(v, str) and pattern.fullmatch(v)``: the regex mapped over
    the texts in C, no Python call per value (None, so asked value by value, for other types)."""

    def batch(values: list[object]) -> np.ndarray | None:
        if not _all_str(values):
            return None
        found = map(bool, map(pattern.fullmatch, values))  # type: ignore[arg-type]
        return np.fromiter(found, dtype=bool, count=len(values))

    return batch


#: What :func:`_is_mobile` accepts, as one pattern: a +86 number is a Chinese mobile, any other
#: an E.164 number (``\d`` as in :data:`_E164`, so the answers are the same).
_MOBILE = re.compile(r"\+861[3-9]\d{9}|(?!\+86)\+[1-9]\d{6,14}(;ext=\d{1,6})?")
_USCC_SHAPE = re.compile(r"[0-9]{8}[0-9ABCDEFGHJKLMNPQRTUWXY]{10}")
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = np.zeros(128, dtype=np.int64)
_USCC_VALUE[np.frombuffer(_USCC_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)
_USCC_WEIGHTS = np.array([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28])


def _valid_credit_codes(values: list[object]) -> np.ndarray | None:
    """``uscc.is_valid`` for all values at once: codes of the canonical shape (18 characters of
    the code alphabet, the first 8 digits, as normalisation leaves them) get their check
    character computed with numpy; any other value is asked of python-stdnum itself."""
    if not _all_str(values):
        return None
    texts: list[str] = values  # type: ignore[assignment]
    shaped = np.fromiter(map(bool, map(_USCC_SHAPE.fullmatch, texts)), bool, count=len(texts))
    ok = np.zeros(len(texts), dtype=bool)
    where = np.flatnonzero(shaped)
    if len(where):
        chars = np.frombuffer("".join(texts[i] for i in where).encode(), dtype=np.uint8)
        digits = _USCC_VALUE[chars.reshape(-1, 18)]
        check = (31 - digits[:, :17] @ _USCC_WEIGHTS) % 31
        ok[where] = digits[:, 17] == check
    for i in np.flatnonzero(~shaped).tolist():
        ok[i] = uscc.is_valid(texts[i])
    return ok


_Batch = Callable[[list[object]], np.ndarray | None]
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


def _of_type(kind: type) -> _Batch:
    """Batch answer of ``isinstance(v, kind)`` when every value is of one exact type."""

    def batch(values: list[object]) -> np.ndarray | None:
        types = set(map(type, values))
        if len(types) != 1:
            return None
        return np.full(len(values), issubclass(types.pop(), kind), dtype=bool)

    return batch


def _non_negative(values: list[object]) -> np.ndarray | None:
    """Batch answer of :func:`_is_non_negative` for values all floats (or all ints)."""
    types = set(map(type, values))
    if types not in ({float}, {int}):
        return None
    try:
        numbers = np.array(values, dtype=np.float64 if types == {float} else np.int64)
    except OverflowError:  # an int past 64 bits: asked value by value
        return None
    return np.asarray(~(numbers < 0), dtype=bool)


#: Batch answers (same as the predicates above) for the checks of many distinct values.
_BATCHES: dict[str, _Batch] = {
    "amount": _of_type(float),
    "non_negative": _non_negative,
    "mobile": _matching(_MOBILE),
    "phone": _matching(_E164),
    "email": _matching(_EMAIL),
    "credit_code": _valid_credit_codes,
}


def _field_checks(f: Field) -> list[pa.Check]:
    checks = [pa.Check(per_value(_not_excel_error, _no_excel_errors), name="excel_error")]
    if f.type == "picklist":
        keys = frozenset(f.choice_keys)
        checks.append(pa.Check(per_value(lambda v: v in keys), name="picklist"))
    for name, pred in _TYPE_CHECKS[f.type]:
        checks.append(pa.Check(per_value(pred, _BATCHES.get(name)), name=name))
    return checks


@dataclass(frozen=True)
class CrossFieldRule:
    """A rule across fields; ``ok(frame)`` is True per row where it holds; the cell marked is
    ``column``. ``frame`` is the typed frame of :func:`rules_frame`."""

    code: str
    column: str
    other: str | None
    ok: Callable[[pd.DataFrame], pd.Series]


def _timestamps(s: pd.Series) -> np.ndarray:
    """The column's dates as datetime64, NaT where a cell holds no date."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = [v if isinstance(v, pd.Timestamp) else pd.NaT for v in s.cat.categories.tolist()]
        table = pd.DatetimeIndex([*cats, pd.NaT]).as_unit("ns").to_numpy()
        out: np.ndarray = table[s.cat.codes.to_numpy()]
        return out
    dates = s.where(s.map(lambda v: isinstance(v, pd.Timestamp)), None)
    return pd.to_datetime(dates).to_numpy().astype("datetime64[ns]")


def _floats(s: pd.Series) -> np.ndarray:
    """The column's amounts as float64, NaN where a cell holds no amount."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = [v if isinstance(v, float) else np.nan for v in s.cat.categories.tolist()]
        table = np.array([*cats, np.nan], dtype=np.float64)
        out: np.ndarray = table[s.cat.codes.to_numpy()]
        return out
    amounts = s.map(lambda v: v if isinstance(v, float) else None)
    return pd.to_numeric(amounts, errors="coerce").to_numpy(dtype=np.float64)


def _objects(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype=object)


def _dates_in_order(early: str, late: str) -> Callable[[pd.DataFrame], pd.Series]:
    def ok(d: pd.DataFrame) -> pd.Series:
        a, b = d[early], d[late]
        return ~(a.notna() & b.notna() & (b < a))

    return ok


def _won_has_amount(d: pd.DataFrame) -> pd.Series:
    return ~((d["stage"] == "won") & ~(d["total_amount"] > 0))


def _company_for_organisations(d: pd.DataFrame) -> pd.Series:
    return ~(d["customer_type"].isin(["enterprise", "government"]) & d["company"].isna())


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

#: The fields the rules read and how each is read: dates as datetime64, amounts as float64,
#: the others as their canonical values.
_RULE_FIELDS: dict[str, Callable[[pd.Series], np.ndarray]] = {
    "stage": _objects,
    "total_amount": _floats,
    "customer_type": _objects,
    "company": _objects,
    "last_contact": _timestamps,
    "next_follow_up": _timestamps,
    "first_purchase": _timestamps,
    "last_purchase": _timestamps,
    "birthday": _timestamps,
}


def rules_frame(columns: Mapping[str, pd.Series], index: pd.Index) -> pd.DataFrame:
    """The frame the cross-field rules are validated on: only the fields they read, typed.

    Narrow on purpose: pandera reports a frame check's failures as the failing rows with all
    their columns (and hashes a categorical column's every category while doing so), so the
    rules are not run on the wide frame of categorical columns that the field checks get.
    A field missing from ``columns`` is blank.
    """
    none = pd.Index([], dtype=object)
    blank = pd.Series(pd.Categorical.from_codes(np.full(len(index), -1), none), index=index)
    data = {k: read(columns.get(k, blank)) for k, read in _RULE_FIELDS.items()}
    return pd.DataFrame(data, index=index)


def _birthday_not_future(today: dt.date) -> Callable[[pd.DataFrame], pd.Series]:
    limit = pd.Timestamp(today)

    def ok(d: pd.DataFrame) -> pd.Series:
        return ~(d["birthday"] > limit)

    return ok


@functools.lru_cache(maxsize=4)
def _schema(today: dt.date) -> pa.DataFrameSchema:
    columns = {
        f.key: pa.Column(
            None, checks=_field_checks(f), nullable=not f.required, required=False, coerce=False
        )
        for f in FIELDS
    }
    return pa.DataFrameSchema(columns, strict=False, name="customer_intake")


@functools.lru_cache(maxsize=4)
def _rules_schema(today: dt.date) -> pa.DataFrameSchema:
    rules = [*CROSS_FIELD_RULES]
    rules.append(CrossFieldRule("future_date", "birthday", None, _birthday_not_future(today)))
    # ignore_na=False: a row blank in every field a rule reads passes by the rule itself; no
    # scan of the frame for such rows is needed
    checks = [pa.Check(r.ok, name=r.code, ignore_na=False) for r in rules]
    return pa.DataFrameSchema(checks=checks, strict=False, name="customer_intake_rules")


def build_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a *normalised* intake frame, generated from FIELDS (built once).

    Columns are optional (``required=False``): a column that is blank throughout can fail
    no check of its own, so the validator may leave it out. The cross-field rules are
    :func:`build_rules_schema`'s, validated on :func:`rules_frame`.
    """
    return _schema(today or dt.date.today())


def build_rules_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    """The cross-field rules (:data:`CROSS_FIELD_RULES`, and no birthday after ``today``) as
    the checks of a pandera schema of :func:`rules_frame` (built once per day)."""
    return _rules_schema(today or dt.date.today())
