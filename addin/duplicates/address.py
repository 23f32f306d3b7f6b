"""Address comparison for :mod:`addin.duplicates.compare`: similarity of candidate pairs'
addresses (word sets, characters, house number and postcode) and the house numbers of Chinese
addresses, each worked out once per distinct address or distinct pair of addresses."""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .keys import Features
from .pairs import scored as _scored
from .pairs import value_pairs as _value_pairs
from .pairs import word_set_scores as _word_set_scores

__all__ = ["SAME_NUMBERS_SIMILARITY", "address_similarity", "house_numbers"]

_CJK = re.compile(r"[\u3400-\u9fff]")


def address_similarity(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Best of word-set similarity (words moved or missing) and character similarity with the
    spaces taken out (a space typed in the wrong place: 'macgregors treet'), 0..1."""
    pairs = _value_pairs(f, "address", i, j)  # one hashing of the pairs for both scorers
    squeezed = f.derived(
        "address_squeezed",
        lambda: np.array([v.replace(" ", "") for v in f.values["address"]], dtype=object),
    )
    chars = _scored(pairs, squeezed, fuzz.ratio, 100.0)
    out: np.ndarray = np.fmax(_word_set_scores(f, pairs, chars), chars) / 100.0
    # Same house number and postcode (first and last number of a Latin-letter address; the
    # postcode with one typo or transposition): the same home whatever the street and suburb
    # words became; a neighbour has another number.
    house, post = (
        f.derived("address_house", lambda: _address_numbers(f)[0]),
        f.derived("address_postcode", lambda: _address_numbers(f)[1]),
    )
    ai, aj = f.codes["address"][i], f.codes["address"][j]
    k = np.flatnonzero(
        (house[ai] >= 0) & (house[ai] == house[aj]) & (out < SAME_NUMBERS_SIMILARITY)
    )
    if len(k):
        posts = f.derived("address_postcodes", lambda: _address_postcodes(f))
        typo = process.cpdist(
            posts[post[ai[k]]].tolist(),
            posts[post[aj[k]]].tolist(),
            scorer=OSA.distance,
            workers=-1,
        )
        hit = k[np.asarray(typo) <= 1]
        out[hit] = SAME_NUMBERS_SIMILARITY
    return out


#: Address similarity given to two Latin-letter addresses with the same house number and postcode.
SAME_NUMBERS_SIMILARITY = 0.9


def _address_numbers(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct Latin-letter address the codes of its first and last number (house number
    and postcode: '12 smith street kew 3101 vic' -> 12, 3101), then a -1 for missing; -1 with
    fewer than two numbers and for a Chinese address (see :func:`house_numbers`)."""
    cached = f.derived("address_numbers_both", lambda: _numbers_table(f))
    n = len(f.values["address"]) + 1
    return cached[:n], cached[n:]


def _numbers_table(f: Features) -> np.ndarray:
    house, post = [], []
    for v in f.values["address"]:
        nums = [t for t in v.split() if t.isdigit()] if not _CJK.search(v) else []
        house.append(nums[0] if len(nums) >= 2 else "")
        post.append(nums[-1] if len(nums) >= 2 else "")
    out = []
    for keys in (house, post):
        codes = pd.factorize(np.array([*keys, ""], dtype=object))[0]
        out.append(np.where(np.array([*keys, ""]) == "", -1, codes))
    return np.concatenate(out)


def _address_postcodes(f: Features) -> np.ndarray:
    """The postcode strings indexed by the codes of :func:`_address_numbers`."""
    post = _address_numbers(f)[1]
    table = np.full(max(int(post.max(initial=-1)) + 1, 1), "", dtype=object)
    for v, code in zip(f.values["address"], post[:-1], strict=True):
        if code >= 0:
            table[code] = [t for t in v.split() if t.isdigit()][-1]
    return table


def house_numbers(f: Features) -> np.ndarray:
    """Per distinct Chinese address the code of its digits (-1 for none or a Latin address),
    then a -1 for missing addresses."""
    values = f.values["address"]
    if len(values) > 20_000:  # the regex costs 0.2 s to build once, then 4x less per address
        digit = _digit().findall
        digits = ["".join(digit(v)) if _CJK.search(v) else "" for v in values]
    else:
        digits = ["".join(ch for ch in v if ch.isdigit()) if _CJK.search(v) else "" for v in values]
    codes = pd.factorize(np.array([*digits, ""], dtype=object))[0]
    out: np.ndarray = np.where(np.array([*digits, ""]) == "", -1, codes)
    return out


@lru_cache(maxsize=1)
def _digit() -> re.Pattern[str]:
    """Every character str.isdigit() takes (any script's digits, superscripts, circled ones):
    built on first use, not at import (scanning the code points takes 0.2 s)."""
    return re.compile(
        "[" + "".join(re.escape(chr(c)) for c in range(0x110000) if chr(c).isdigit()) + "]"
    )
