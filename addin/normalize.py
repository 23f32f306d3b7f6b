"""Cell-level normalisation that a salesperson expects, one function per field type.

Every normaliser is total: it returns the canonical value when the input can be understood
and otherwise the (trimmed) input itself, unchanged. The pandera checks in
:mod:`addin.validate` then flag exactly the cells that are not in canonical form, and the
report can show what the rep typed.

Canonical forms:

* text: full-width ASCII → half-width, ideographic space → space, trimmed, runs of spaces folded
* mobile / phone: E.164, ``+8613812345678``; extensions as ``+861088886666;ext=123``
* email: trimmed, lower-case
* date: :class:`pandas.Timestamp` (midnight); Excel serials and dates typed as text accepted
* int: :class:`int`; amount: :class:`float` (``1.5万`` = 15000, ``¥1,200`` = 1200)
* picklist: the choice key (labels in either language and aliases accepted)
* credit_code / id_number: upper-case, no spaces
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import phonenumbers

from ._per_value import by_distinct
from .schema import FIELD_BY_KEY, Field, fold_header

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
]

_FULLWIDTH: dict[int, int | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space
_FULLWIDTH[0x200B] = None  # zero-width space
_FULLWIDTH[0xFEFF] = None  # BOM pasted into a cell
_SPACE_RUN = re.compile(r"[ \t]+")
#: Any character that _FULLWIDTH changes: most cells have none, and str.translate with a dict
#: costs a dict lookup per character, so it only runs when one is there.
_NOT_HALFWIDTH = re.compile("[" + "".join(map(chr, _FULLWIDTH)) + "]")

#: Texts Excel users leave in cells to mean "nothing here".
_BLANK_WORDS = frozenset(
    {"", "nan", "none", "null", "n/a", "na", "-", "--", "—", "无", "暂无", "空"}
)
#: Excel error values, as text or as read from an error cell.
EXCEL_ERRORS = frozenset(
    {
        "#N/A",
        "#NAME?",
        "#REF!",
        "#VALUE!",
        "#DIV/0!",
        "#NUM!",
        "#NULL!",
        "#SPILL!",
        "#CALC!",
        "#GETTING_DATA",
    }
)


def to_halfwidth(text: str) -> str:
    """Full-width ASCII (ＡＢＣ１２３＠) to half-width; ideographic and no-break spaces to spaces.

    >>> to_halfwidth("１３８　１２３４")
    '138 1234'
    """
    if text.isascii() or not _NOT_HALFWIDTH.search(text):
        return str(text)  # str() as translate would: a str subclass comes back as str
    return text.translate(_FULLWIDTH)


def clean_text(text: str) -> str:
    """Half-width, trimmed, inner runs of spaces folded to one."""
    text = to_halfwidth(text)
    if "\t" in text or "  " in text:  # the regex only when there is a run to fold
        text = _SPACE_RUN.sub(" ", text)
    return text.strip()


def is_blank(value: object) -> bool:
    """True for None, NaN, NaT, empty or whitespace-only text and placeholder words like '无'."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT:
        return True
    if isinstance(value, str):
        return clean_text(value).casefold() in _BLANK_WORDS
    return False


def _as_text(value: object) -> str:
    """Text of a cell value; whole floats lose their '.0' (phones typed as numbers)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return clean_text(str(value))


def _text_or_none(value: object) -> str | None:
    """``None if is_blank(value) else _as_text(value)``, cleaning a text cell once, not twice."""
    if isinstance(value, str):
        text = clean_text(value)
        return None if text.casefold() in _BLANK_WORDS else text
    return None if is_blank(value) else _as_text(value)


def normalize_text(value: object) -> object:
    return _text_or_none(value)


# --- phones ---------------------------------------------------------------------------------

_PHONE_JUNK = re.compile(r"[\s\-–—.()（）/]+")
_CN_MOBILE = re.compile(r"(?:\+?0{0,2}86)?(1[3-9]\d{9})")
_CN_LANDLINE = re.compile(r"(?:\+?0{0,2}86)?0?([1-9]\d{1,2})(\d{7,8})")
_EXT = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
# Two- and three-digit area codes that exist (010, 02x two-digit; the rest three-digit).
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only (\d would take ١٢٣ too)
_TWO_DIGIT_AREAS = frozenset({"10", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"})


def _phone_core(value: object) -> tuple[str, str | None] | None:
    text = _text_or_none(value)
    if text is None:
        return None
    ext = None
    m = _EXT.search(text)
    if m:
        ext, text = m.group(1), text[: m.start()]
    return text, ext


def _parse_international(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        num = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    return num if phonenumbers.is_valid_number(num) else None


def normalize_mobile(value: object) -> object:
    """Chinese mobile (any spacing, +86/0086) or a valid foreign number to E.164.

    >>> normalize_mobile("+86 138-1234-5678")
    '+8613812345678'
    >>> normalize_mobile("１３８１２３４５６７８")
    '+8613812345678'
    >>> normalize_mobile("010-88886666")  # a landline is not a mobile: left as typed
    '010-88886666'
    """
    if type(value) is str and _PLAIN_MOBILE.fullmatch(value):
        return "+86" + value  # most cells: what the general path below gives, 10x faster
    core = _phone_core(value)
    if core is None:
        return None
    text, _ext = core
    digits = _PHONE_JUNK.sub("", text)
    m = _CN_MOBILE.fullmatch(digits)
    if m:
        return "+86" + m.group(1)
    if digits.startswith("+") and not digits.startswith(("+86", "+086")):
        num = _parse_international(digits)
        if num is not None:
            return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164)
    return _as_text(value)


def normalize_phone(value: object) -> object:
    """Any valid phone (landline with area code, mobile, international) to E.164 (+ext).

    >>> normalize_phone("(010) 8888-6666 转 123")
    '+861088886666;ext=123'
    """
    core = _phone_core(value)
    if core is None:
        return None
    text, ext = core
    suffix = f";ext={ext}" if ext else ""
    digits = _PHONE_JUNK.sub("", text)
    m = _CN_MOBILE.fullmatch(digits)
    if m:
        return "+86" + m.group(1) + suffix
    m = _CN_LANDLINE.fullmatch(digits)
    if m and (digits.startswith(("0", "+", "86")) or len(digits) >= 10):
        area, local = m.groups()
        two = area[:2]
        if two in _TWO_DIGIT_AREAS and len(area) == 3:
            # 0105xxxxxxxx: the 3rd digit belongs to the local number
            area, local = two, area[2] + local
        if (len(area) == 2 and len(local) == 8) or (len(area) == 3 and len(local) in (7, 8)):
            return f"+86{area}{local}{suffix}"
    num = _parse_international(digits if digits.startswith("+") else text)
    if num is not None:
        return phonenumbers.format_number(num, phonenumbers.PhoneNumberFormat.E164) + suffix
    return _as_text(value)


def format_phone(e164: object) -> str:
    """Readable form of a canonical phone: '+8613812345678' -> '138 1234 5678'."""
    if not isinstance(e164, str) or not e164.startswith("+"):
        return "" if e164 is None else str(e164)
    main, _, ext = e164.partition(";ext=")
    if main.startswith("+861") and len(main) == 14:
        d = main[3:]
        out = f"{d[:3]} {d[3:7]} {d[7:]}"
    elif main.startswith("+86"):
        d = main[3:]
        n = 2 if d[:2] in _TWO_DIGIT_AREAS else 3
        out = f"0{d[:n]}-{d[n:]}"
    else:
        try:
            out = phonenumbers.format_number(
                phonenumbers.parse(main), phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
        except phonenumbers.NumberParseException:
            out = main
    return f"{out} 转 {ext}" if ext else out


# --- e-mail, codes --------------------------------------------------------------------------


def normalize_email(value: object) -> object:
    """Trim, half-width, lower-case; '＠' and '。' typed by Chinese IMEs are repaired."""
    text = _text_or_none(value)
    if text is None:
        return None
    text = text.replace("。", ".").replace(" ", "")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.lower()


def normalize_code(value: object) -> object:
    """Credit codes and ID numbers: upper-case, no spaces or dashes."""
    text = _text_or_none(value)
    if text is None:
        return None
    return re.sub(r"[\s\-]", "", text).upper()


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
        return _as_text(value)
    text = _as_text(value)
    d = _date_from_text(text)
    return pd.Timestamp(d) if d is not None and _in_range(d) else text


# --- numbers --------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_CURRENCY = re.compile(r"^(?:¥|￥|RMB|CNY|人民币)\s*|\s*(?:元|块|RMB|CNY)$", re.IGNORECASE)
_UNITS = {"万": 10_000.0, "w": 10_000.0, "k": 1_000.0, "千": 1_000.0, "亿": 100_000_000.0}


def normalize_amount(value: object) -> object:
    """Amounts: numbers, '1,200', '¥1200', '1200元', '1.5万' -> float; otherwise as typed."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return float(value)
    text = _CURRENCY.sub("", _as_text(value).replace(",", "").replace(" ", ""))
    factor = 1.0
    if text and text[-1].lower() in _UNITS:
        factor = _UNITS[text[-1].lower()]
        text = _CURRENCY.sub("", text[:-1])
    if _NUMBER.fullmatch(text):
        return round(float(text) * factor, 2)
    return _as_text(value)


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
    text = re.sub(r"\s*(次|单|笔|个)$", "", _as_text(value).replace(",", ""))
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text))
    return _as_text(value)


def _picklist(field: Field) -> Callable[[object], object]:
    lookup = field.choice_lookup()

    def normalize_choice(value: object) -> object:
        if is_blank(value):
            return None
        text = _as_text(value)
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
    if values.isna().all():  # an empty column (most optional fields): nothing to do
        return values.astype(object).where(values.notna(), None)
    fn = normalizer(field)
    if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
        try:
            codes, uniques = pd.factorize(values, use_na_sentinel=True)
        except TypeError:  # unhashable cell values: the loop below handles them one by one
            pass
        else:
            return by_distinct(values, np.asarray(codes), uniques.tolist(), fn)
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
