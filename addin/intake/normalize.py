"""Cell-level normalisation that a salesperson expects, one function per field type.

Every normaliser is total: it returns the canonical value when the input can be understood
and otherwise the (trimmed) input itself, unchanged. The pandera checks in
:mod:`addin.intake.validate` then flag exactly the cells that are not in canonical form, and the
report can show what the rep typed.

Canonical forms:

* text: full-width ASCII → half-width, ideographic space → space, trimmed, runs of spaces folded
* mobile / phone: E.164, ``+8613812345678``; extensions as ``+861088886666;ext=123``
* email: trimmed, lower-case
* date: :class:`pandas.Timestamp` (midnight); Excel serials and dates typed as text accepted
* int: :class:`int`; amount: :class:`float` (``1.5万`` = 15000, ``¥1,200`` = 1200, and in
  Chinese numerals through ``cn2an``: ``一万二`` = 12000, ``约五千`` = 5000, ``壹万贰仟`` = 12000)
* picklist: the choice key (labels in either language and aliases accepted)
* credit_code / id_number: upper-case, no spaces
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from ..per_value import spread
from ..schema import FIELD_BY_KEY, Field, fold_header
from .columns import normalize_batch, normalize_code, normalize_email
from .phones import format_phone, normalize_mobile, normalize_phone
from .text import (
    EXCEL_ERRORS,
    as_text,
    clean_text,
    is_blank,
    text_or_none,
    to_halfwidth,
)

__all__ = [
    "to_halfwidth",
    "clean_text",
    "is_blank",
    "normalize_text",
    "normalize_mobile",
    "normalize_phone",
    "normalize_email",
    "normalize_date",
    "normalize_int",
    "normalize_amount",
    "normalize_code",
    "normalize_column",
    "normalize_frame",
    "format_phone",
    "excel_serial_to_date",
    "EXCEL_ERRORS",
]


def normalize_text(value: object) -> object:
    return text_or_none(value)


# --- dates ----------------------------------------------------------------------------------

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
    # 15/03/2024 or 03/15/2024: only accepted when the day is unambiguous (> 12) or equal.
    re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{4})"),
)
_TIME_TAIL = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
#: Plausible Excel serials for dates in records: 1910-01-01 .. 2100-12-31.
_SERIAL_RANGE = (3654, 73415)


def excel_serial_to_date(serial: float) -> dt.date | None:
    """Excel 1900-system serial to date; the fictitious 1900-02-29 (serial 60) is rejected."""
    if serial != serial or serial < 1 or int(serial) == 60:
        return None
    try:
        return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
    except OverflowError:
        return None


def _date_from_text(text: str) -> dt.date | None:
    text = _TIME_TAIL.sub("", text.strip())
    for pat in _DATE_PATTERNS:
        m = pat.fullmatch(text)
        if not m:
            continue
        g = m.groupdict()
        y = int(g["y"])
        if "a" in g:
            a, b = int(g["a"]), int(g["b"])
            if a > 12 >= b:
                d, mo = a, b
            elif b > 12 >= a:
                mo, d = a, b
            elif a == b:
                mo = d = a
            else:
                return None
        else:
            mo, d = int(g["m"]), int(g["d"])
        try:
            return dt.date(y, mo, d)
        except ValueError:
            return None
    if text.isdecimal() and _SERIAL_RANGE[0] <= int(text) <= _SERIAL_RANGE[1]:
        return excel_serial_to_date(int(text))
    return None


#: Dates outside this range are typing mistakes (and would not fit pandas' datetime64[ns]).
DATE_RANGE = (dt.date(1900, 1, 1), dt.date(2100, 12, 31))


def _in_range(d: dt.date) -> bool:
    return DATE_RANGE[0] <= d <= DATE_RANGE[1]


def normalize_date(value: object) -> object:
    """Date cells, Excel serials and dates typed as text to a Timestamp; otherwise as typed.

    >>> normalize_date("2024年3月5日")
    Timestamp('2024-03-05 00:00:00')
    >>> normalize_date(45366.0)
    Timestamp('2024-03-15 00:00:00')
    >>> normalize_date("2023-02-30")
    '2023-02-30'
    """
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        return pd.Timestamp(day) if _in_range(day) else day.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            d = excel_serial_to_date(float(value))
            if d is not None:
                return pd.Timestamp(d)
        return as_text(value)
    text = as_text(value)
    d = _date_from_text(text)
    return pd.Timestamp(d) if d is not None and _in_range(d) else text


# --- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_CURRENCY = re.compile(r"^(?:¥|￥|RMB|CNY|人民币)\s*|\s*(?:元|块|RMB|CNY)$", re.IGNORECASE)
_UNITS = {"万": 10_000.0, "w": 10_000.0, "k": 1_000.0, "千": 1_000.0, "亿": 100_000_000.0}


#: Amounts in Chinese numerals (一万二, 三千五, 壹万贰仟), with "about" words around them.
_CN_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点\d.]+")
_ABOUT = re.compile(r"^(?:大约|大概|约|近|差不多)|(?:左右|上下|多)$")


def _chinese_amount(text: str) -> float | None:
    """An amount written in Chinese numerals, or None ("约" and "左右" are dropped)."""
    bare = _ABOUT.sub("", text)
    if not bare or not _CN_NUMBER.fullmatch(bare) or bare.replace(".", "").isdigit():
        return None
    # start-up: cn2an takes 0.24 s to import (python -X importtime), so only when an amount
    # in words turns up, not in every run of the Excel buttons
    import cn2an

    try:
        return float(cn2an.cn2an(bare, "smart"))
    except (ValueError, KeyError, IndexError):  # cn2an's error for what is not a number
        return None


def normalize_amount(value: object) -> object:
    """Amounts: numbers, '1,200', '¥1200', '1200元', '1.5万', '一万二' -> float; else as typed."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    text = _CURRENCY.sub("", as_text(value).replace(",", "").replace(" ", ""))
    factor = 1.0
    if text and text[-1].lower() in _UNITS:
        factor = _UNITS[text[-1].lower()]
        text = _CURRENCY.sub("", text[:-1])
    if _NUMBER.fullmatch(text):
        return round(float(text) * factor, 2)
    words = _chinese_amount(_CURRENCY.sub("", as_text(value).replace(" ", "")))
    if words is not None:
        return round(words, 2)
    return as_text(value)


def normalize_int(value: object) -> object:
    """Whole numbers: 3, 3.0, '3', '3次', '3单' -> 3; 3.5 or 'abc' stay as typed."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    text = re.sub(r"\s*(次|单|笔|个)$", "", as_text(value).replace(",", ""))
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    return as_text(value)


def _picklist(field: Field) -> Callable[[object], object]:
    lookup = field.choice_lookup()

    def normalize_choice(value: object) -> object:
        if is_blank(value):
            return None
        text = as_text(value)
        return lookup.get(fold_header(text), text)

    return normalize_choice


_BY_TYPE: dict[str, Callable[[object], object]] = {
    "text": normalize_text,
    "date": normalize_date,
    "int": normalize_int,
    "amount": normalize_amount,
    "mobile": normalize_mobile,
    "phone": normalize_phone,
    "email": normalize_email,
    "credit_code": normalize_code,
    "id_number": normalize_code,
}


def normalizer(field: Field) -> Callable[[object], object]:
    """The normalising function for a field."""
    if field.type == "picklist":
        return _picklist(field)
    return _BY_TYPE[field.type]


def normalize_column(values: pd.Series, field: Field) -> pd.Series:
    """Normalise one column, computing each distinct value once (dates and picklists repeat)."""
    fn = normalizer(field)
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        try:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
        except TypeError:  # unhashable cell values: the loop below handles them one by one
            pass
        else:
            if not len(uniques):  # an empty column (most optional fields): nothing to do
                return values.astype(object).where(values.notna(), None)
            distinct = uniques.tolist()
            results = normalize_batch(field.type, distinct)
            if results is None:
                results = [fn(u) for u in distinct]
            return spread(values, np.asarray(codes), results, fn)
    if values.isna().all():  # an empty column: nothing to do
        return values.astype(object).where(values.notna(), None)
    cache: dict[Any, object] = {}
    out: list[object] = []
    append = out.append
    for v in values.tolist():
        try:
            append(cache[v])
        except KeyError:
            r = fn(v)
            cache[v] = r
            append(r)
        except TypeError:  # unhashable cell value
            append(fn(v))
    return pd.Series(out, index=values.index, dtype=object, name=values.name)


def normalize_frame(raw: pd.DataFrame) -> pd.DataFrame:
    """Normalise every known field column of a raw record frame; other columns are kept."""
    out = raw.copy()
    for col in raw.columns:
        f = FIELD_BY_KEY.get(col)
        if f is not None:
            out[col] = normalize_column(raw[col], f)
    return out
