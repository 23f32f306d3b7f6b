"""Cell addresses: Excel column letters and numbers (a leaf both the size checks and the
readers use)."""

from __future__ import annotations

__all__ = ["column_letter", "column_number"]


def column_letter(index: int) -> str:
    """1-based column number to Excel letters: 1 -> 'A', 28 -> 'AB'."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_number(letters: bytes) -> int:
    """Excel column letters (ASCII bytes, as in sheet XML) to the 1-based number: b'AB' -> 28."""
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n
