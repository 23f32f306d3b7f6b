"""Candidate pairs seen through one feature, for :mod:`addin.duplicates.compare`: the pairs of
equal values, the distinct pairs of unequal ones, and rapidfuzz scores computed once per
distinct pair (on both cores, in C)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from .keys import Features

__all__ = ["ValuePairs", "scored", "value_pairs", "word_set_scores"]

_SPACE = re.compile(r"\s")  # what rapidfuzz splits words at (str.isspace)


@dataclass
class ValuePairs:
    """Candidate pairs seen through one feature: equal values, and the distinct unequal ones."""

    same: np.ndarray  # both present and equal
    ok: np.ndarray  # both present and unequal
    inverse: np.ndarray  # per pair in ``ok``: its distinct pair
    lo: np.ndarray  # value codes of the distinct pairs (lo < hi)
    hi: np.ndarray


def value_pairs(f: Features, col: str, i: np.ndarray, j: np.ndarray) -> ValuePairs:
    a, b = f.codes[col][i].astype(np.int64), f.codes[col][j].astype(np.int64)
    both = (a >= 0) & (b >= 0)
    ok = both & (a != b)
    width = len(f.values[col]) + 1
    ao, bo = a[ok], b[ok]
    lo, hi = np.minimum(ao, bo), np.maximum(ao, bo)
    inverse, uniq = pd.factorize(lo * width + hi)  # hashing: faster than np.unique's sort
    return ValuePairs(both & (a == b), ok, inverse, uniq // width, uniq % width)


def scored(
    p: ValuePairs, values: np.ndarray, scorer: Callable[..., float], same: float
) -> np.ndarray:
    """``scorer`` (a rapidfuzz scorer, run in C on both cores) once per distinct pair of
    values; ``same`` for equal values, NaN when one is missing."""
    out = np.where(p.same, same, np.nan)
    if len(p.lo):
        scores = process.cpdist(
            values[p.lo].tolist(), values[p.hi].tolist(), scorer=scorer, workers=-1
        )
        out[p.ok] = np.asarray(scores, dtype=float)[p.inverse]
    return out


def word_set_scores(f: Features, pairs: ValuePairs, chars: np.ndarray) -> np.ndarray:
    """``fuzz.token_set_ratio`` of the pairs' addresses, worked out only for the distinct pairs
    where one address has a space: two one-word texts share no word unless equal, and then
    their word-set score is the plain ratio, which ``chars`` holds already (no space to take
    out); most Chinese addresses are one word after folding."""
    words = chars.copy()
    values = f.values["address"]
    spaced = f.derived(
        "address_spaced", lambda: np.array([bool(_SPACE.search(v)) for v in values], dtype=bool)
    )
    ask = spaced[pairs.lo] | spaced[pairs.hi]  # per distinct pair
    if ask.any():
        k = np.flatnonzero(ask)
        per_pair = np.full(len(pairs.lo), np.nan)
        per_pair[k] = process.cpdist(
            values[pairs.lo[k]].tolist(), values[pairs.hi[k]].tolist(),
            scorer=fuzz.token_set_ratio, workers=-1,
        )  # fmt: skip
        rows = np.flatnonzero(pairs.ok)
        sel = ask[pairs.inverse]
        words[rows[sel]] = per_pair[pairs.inverse[sel]]
    return words
