"""Normalising a column's distinct texts all at once (:func:`addin.intake.normalize.normalize_column`),
and the e-mail and code normalisers whose per-text tails it shares."""

from __future__ import annotations

import re

from .text import clean_texts, is_blank, text_or_none

__all__ = ["normalize_code", "normalize_email", "normalize_texts"]


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


def normalize_texts(kind: str, values: list[object]) -> list[object] | None:
    """What the normaliser of field type ``kind`` (text, email, credit_code, id_number) gives
    for each of ``values`` when all are texts, the half-width folding and the runs of spaces done
    once on the joined texts in C (None for other fields or cell types)."""
    if kind not in ("text", "email", "credit_code", "id_number") or not values:
        return None
    if set(map(type, values)) != {str}:
        return None
    clean = clean_texts(values)
    if clean is None:
        return None
    if kind == "text":
        return list[object](clean)
    if kind == "email":
        return [None if t is None else _email_tail(t) for t in clean]
    return [None if t is None else _code_tail(t) for t in clean]
