"""Normalising a column's distinct values all at once, and the e-mail and code normalisers whose
per-text tails it shares.

:func:`normalize_batch` serves both the duplicate finder's :func:`~addin.intake.normalize.
normalize_column` and validation's :func:`~addin.intake.distinct.normalize_distinct`."""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from .phones import normalize_mobiles, normalize_phones
from .text import clean_texts, is_blank, plain_ascii, text_or_none

__all__ = ["normalize_batch", "normalize_code", "normalize_email"]


# --- e-mail, codes --------------------------------------------------------------------------


def normalize_email(value: object) -> object:
    """Trim, half-width, lower-case; '＠' and '。' typed by Chinese IMEs are repaired."""
    text = text_or_none(value)
    return None if text is None else _email_tail(text)


def _email_tail(text: str) -> str:
    """:func:`normalize_email` of a cleaned, non-blank text."""
    text = text.replace("。", ".").replace(" ", "")
    if text.lower().startswith("mailto:"):
        text = text[7:]
    return text.lower()


def normalize_code(value: object) -> object:
    """Credit codes and ID numbers: upper-case, no spaces or dashes."""
    text = text_or_none(value)
    return None if text is None else _code_tail(text)


_CODE_GAPS = re.compile(r"[\s\-]")


def _code_tail(text: str) -> str | None:
    """:func:`normalize_code` of a cleaned, non-blank text."""
    code = _CODE_GAPS.sub("", text).upper()
    # what is left may itself be a placeholder ("/-" -> "/"): blank, as it would be typed alone
    return None if is_blank(code) else code


_PHONE_BATCHES = {"mobile": normalize_mobiles, "phone": normalize_phones}
#: The per-text tail of each text-like field type's normaliser after cleaning (None: the text).
_TEXT_TAILS: dict[str, Callable[[str], str | None] | None] = {
    "text": None,
    "email": _email_tail,
    "credit_code": _code_tail,
    "id_number": _code_tail,
}


def _plain(kind: str, values: list[object]) -> list[object] | None:
    """Texts and e-mails that cleaning leaves as they are (plain ASCII): the joined texts
    split again in C, blank words blanked, e-mails without spaces and lower-cased."""
    plain = plain_ascii(values)
    if plain is None:
        return None
    joined, blank = plain
    if kind == "email":
        joined = joined.replace(" ", "").lower()
        if "mailto:" in joined:
            return None
    out = np.array(joined.split("\x00"), dtype=object)
    out[blank] = None
    return list(out.tolist())


def normalize_batch(kind: str, values: list[object]) -> list[object] | None:
    """What the normaliser of field type ``kind`` gives for each of ``values`` (a column's
    distinct values), worked out for all at once with C loops: phones by
    :func:`~addin.intake.phones.normalize_mobiles` / ``normalize_phones``, texts, e-mails and
    codes cleaned on their joined text. None for other field types or when the values are not
    all texts: ask value by value."""
    if not values:
        return None
    if kind in _PHONE_BATCHES:
        return _PHONE_BATCHES[kind](values)
    if kind not in _TEXT_TAILS:
        return None
    if kind in ("text", "email") and (fast := _plain(kind, values)) is not None:
        return fast
    clean = clean_texts(values)
    if clean is None:
        return None
    tail = _TEXT_TAILS[kind]
    if tail is None:
        return list[object](clean)
    return [None if t is None else tail(t) for t in clean]
