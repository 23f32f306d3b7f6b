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
from collections.abc import Callable
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
    "build_schema",
    "per_value",
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
    """A rule across fields; ``ok(frame)`` is True per row where it holds; the cell marked is ``column``."""

    code: str
    column: str
    other: str | None
    ok: Callable[[pd.DataFrame], pd.Series]


def _column(d: pd.DataFrame, key: str) -> pd.Series:
    """A column of the frame; one the validator left out (all blank) as blanks."""
    if key in d.columns:
        return d[key]
    # a categorical of no categories: what the rules read from it is blank, found without a
    # Python call per cell
    blank = pd.Categorical.from_codes(np.full(len(d), -1), pd.Index([], dtype=object))
    return pd.Series(blank, index=d.index)


def _timestamps(s: pd.Series) -> pd.Series:
    """The column's dates as datetime64, NaT where a cell holds no date."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = [v if isinstance(v, pd.Timestamp) else pd.NaT for v in s.cat.categories.tolist()]
        table = pd.DatetimeIndex([*cats, pd.NaT]).as_unit("ns").to_numpy()
        return pd.Series(table[s.cat.codes.to_numpy()], index=s.index)
    return pd.to_datetime(s.where(s.map(lambda v: isinstance(v, pd.Timestamp)), None))


def _floats(s: pd.Series) -> pd.Series:
    """The column's amounts as float64, NaN where a cell holds no amount."""
    if isinstance(s.dtype, pd.CategoricalDtype):
        cats = [v if isinstance(v, float) else np.nan for v in s.cat.categories.tolist()]
        table = np.array([*cats, np.nan], dtype=np.float64)
        return pd.Series(table[s.cat.codes.to_numpy()], index=s.index)
    return pd.to_numeric(s.map(lambda v: v if isinstance(v, float) else None), errors="coerce")


def _dates_in_order(early: str, late: str) -> Callable[[pd.DataFrame], pd.Series]:
    def ok(d: pd.DataFrame) -> pd.Series:
        a, b = _timestamps(_column(d, early)), _timestamps(_column(d, late))
        return ~(a.notna() & b.notna() & (b < a))

    return ok


def _won_has_amount(d: pd.DataFrame) -> pd.Series:
    won = _column(d, "stage").astype(object) == "won"
    return ~(won & ~(_floats(_column(d, "total_amount")) > 0))


def _company_for_organisations(d: pd.DataFrame) -> pd.Series:
    kind = _column(d, "customer_type").astype(object)
    return ~(kind.isin(["enterprise", "government"]) & _column(d, "company").isna())


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
        return ~(_timestamps(_column(d, "birthday")) > limit)

    return ok


@functools.lru_cache(maxsize=4)
def _schema(today: dt.date) -> pa.DataFrameSchema:
    columns = {
        f.key: pa.Column(
            None, checks=_field_checks(f), nullable=not f.required, required=False, coerce=False
        )
        for f in FIELDS
    }
    rules = [*CROSS_FIELD_RULES]
    rules.append(CrossFieldRule("future_date", "birthday", None, _birthday_not_future(today)))
    checks = [pa.Check(r.ok, name=r.code) for r in rules]
    return pa.DataFrameSchema(columns, checks=checks, strict=False, name="customer_intake")


def build_schema(today: dt.date | None = None) -> pa.DataFrameSchema:
    """The pandera schema of a *normalised* intake frame, generated from FIELDS (built once).

    Columns are optional (``required=False``): a column that is blank throughout can fail
    no check of its own, so the validator may leave it out.
    """
    return _schema(today or dt.date.today())
