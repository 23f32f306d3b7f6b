"""Phones: Chinese mobiles and landlines (any spacing, +86/0086, extensions) and foreign numbers
to E.164, and back to the form a rep dials."""

from __future__ import annotations

import re
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from .text import as_text, text_or_none

if TYPE_CHECKING:
    import phonenumbers

__all__ = [
    "TWO_DIGIT_AREAS",
    "format_phone",
    "normalize_mobile",
    "normalize_mobiles",
    "normalize_phone",
    "normalize_phones",
]


_PHONE_JUNK = re.compile(r"[\s\-–—.()（）/]+")
_CN_MOBILE = re.compile(r"(?:\+?0{0,2}86)?(1[3-9]\d{9})")
_CN_LANDLINE = re.compile(r"(?:\+?0{0,2}86)?0?([1-9]\d{1,2})(\d{7,8})")
_EXT = re.compile(r"(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
# Two- and three-digit area codes that exist (010, 02x two-digit; the rest three-digit).
_PLAIN_MOBILE = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only (\d would take ١٢٣ too)
TWO_DIGIT_AREAS = frozenset({"10", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"})


def _phone_core(value: object) -> tuple[str, str | None] | None:
    text = text_or_none(value)
    if text is None:
        return None
    ext = None
    m = _EXT.search(text)
    if m:
        ext, text = m.group(1), text[: m.start()]
    return text, ext


@cache
def _numbers() -> ModuleType:
    """phonenumbers, imported when a number from outside China first needs it."""
    # start-up: 14 ms of the 校验 button's import (python -X importtime), for numbers that the
    # Chinese rules above do not take
    import phonenumbers

    return phonenumbers


def _parse_international(text: str) -> phonenumbers.PhoneNumber | None:
    pn = _numbers()
    try:
        num = pn.parse(text, "CN")
    except pn.NumberParseException:
        return None
    return num if pn.is_valid_number(num) else None


def _e164(num: phonenumbers.PhoneNumber) -> str:
    pn = _numbers()
    return str(pn.format_number(num, pn.PhoneNumberFormat.E164))


def _typed_digits(value: object) -> str | None:
    """An ASCII text of digits, spaces and dashes (a leading '+' allowed) without them, else None.

    For such a text the general path finds no extension and strips exactly these characters,
    so what it would make of the digits is what the fast paths make of them.
    """
    if type(value) is not str or not value.isascii():
        return None
    digits = value.replace(" ", "").replace("-", "")
    bare = digits[1:] if digits.startswith("+") else digits
    return digits if bare.isdigit() else None


def _chinese_number(digits: str, suffix: str) -> str | None:
    """E.164 of a Chinese mobile or landline written as bare digits, else None."""
    m = _CN_MOBILE.fullmatch(digits)
    if m:
        return "+86" + m.group(1) + suffix
    m = _CN_LANDLINE.fullmatch(digits)
    if m and (digits.startswith(("0", "+", "86")) or len(digits) >= 10):
        area, local = m.groups()
        two = area[:2]
        if two in TWO_DIGIT_AREAS and len(area) == 3:
            # 0105xxxxxxxx: the 3rd digit belongs to the local number
            area, local = two, area[2] + local
        if (len(area) == 2 and len(local) == 8) or (len(area) == 3 and len(local) in (7, 8)):
            return f"+86{area}{local}{suffix}"
    return None


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
    typed = _typed_digits(value)
    if typed is not None:  # 138 1234 5678, +86-138...: the general path's answer, sooner
        m = _CN_MOBILE.fullmatch(typed)
        if m:
            return "+86" + m.group(1)
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
            return _e164(num)
    return as_text(value)


def normalize_phone(value: object) -> object:
    """Any valid phone (landline with area code, mobile, international) to E.164 (+ext).

    >>> normalize_phone("(010) 8888-6666 转 123")
    '+861088886666;ext=123'
    """
    typed = _typed_digits(value)
    if typed is not None:  # 010-8888 6666, 138 1234 5678: the general path's answer, sooner
        found = _chinese_number(typed, "")
        if found is not None:
            return found
    core = _phone_core(value)
    if core is None:
        return None
    text, ext = core
    suffix = f";ext={ext}" if ext else ""
    digits = _PHONE_JUNK.sub("", text)
    found = _chinese_number(digits, suffix)
    if found is not None:
        return found
    num = _parse_international(digits if digits.startswith("+") else text)
    if num is not None:
        return _e164(num) + suffix
    return as_text(value)


#: A Chinese mobile typed in ASCII once its spaces and dashes are gone (``_CN_MOBILE`` then
#: matches it, and ``+86`` and its last 11 digits are what the normalisers make of it).
_TYPED_MOBILE = re.compile(r"(?:\+?0{0,2}86)?1[3-9][0-9]{9}")
_TYPED_NUMBER = re.compile(r"\+?[0-9]+")


def _stripped(values: list[object]) -> list[str] | None:
    """Each text without its ASCII spaces and dashes (in C, on the joined texts); None unless
    every value is a ``str``."""
    if not values or set(map(type, values)) != {str}:
        return None
    texts: list[str] = values  # type: ignore[assignment]
    parts = "\x00".join(texts).replace(" ", "").replace("-", "").split("\x00")
    return parts if len(parts) == len(texts) else None


def normalize_mobiles(values: list[object]) -> list[object] | None:
    """:func:`normalize_mobile` of each of ``values`` (distinct texts of a column): the numbers
    typed as ASCII digits, spaces and dashes are recognised by one regex each, mapped in C;
    only the others take the general path. None (ask value by value) for non-text values."""
    stripped = _stripped(values)
    if stripped is None:
        return None
    typed = map(bool, map(_TYPED_MOBILE.fullmatch, stripped))
    return [
        "+86" + s[-11:] if ok else normalize_mobile(v)
        for s, ok, v in zip(stripped, typed, values, strict=True)
    ]


def normalize_phones(values: list[object]) -> list[object] | None:
    """:func:`normalize_phone` of each of ``values``, as :func:`normalize_mobiles` does it:
    mobiles typed in ASCII by one regex, other numbers typed in ASCII digits straight to the
    Chinese-number rules, the rest on the general path."""
    stripped = _stripped(values)
    if stripped is None:
        return None
    out: list[object] = []
    for s, v in zip(stripped, values, strict=True):
        if _TYPED_MOBILE.fullmatch(s):
            out.append("+86" + s[-11:])
            continue
        found = _chinese_number(s, "") if _TYPED_NUMBER.fullmatch(s) else None
        out.append(found if found is not None else normalize_phone(v))
    return out


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
        n = 2 if d[:2] in TWO_DIGIT_AREAS else 3
        out = f"0{d[:n]}-{d[n:]}"
    else:
        pn = _numbers()
        try:
            out = str(pn.format_number(pn.parse(main), pn.PhoneNumberFormat.INTERNATIONAL))
        except pn.NumberParseException:
            out = main
    return f"{out} 转 {ext}" if ext else out
