"""Field-by-field comparison of candidate pairs for :mod:`addin.dedupe`.

Each field comparison turns a pair into a level (exact / similar / different / missing) worth
a fixed number of bits of evidence (Fellegi-Sunter style log-odds, set by hand once, never
fitted to a data set); name words and the size of the data set adjust them the same way for
any data. Similarities are computed by rapidfuzz in C, once per distinct pair of values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from ._match_keys import Features

__all__ = ["Comparison", "compare"]


@dataclass
class Comparison:
    """Field-by-field comparison of candidate pairs ``i[k]``, ``j[k]`` (arrays of equal length)."""

    i: np.ndarray
    j: np.ndarray
    eq: dict[str, np.ndarray]  # same value, both present
    both: dict[str, np.ndarray]  # both present
    name_sim: np.ndarray  # 0..1
    name_level: np.ndarray  # 4 exact, 3 same pinyin, 2 similar, 1 loose, 0 missing, -1 different
    birth_level: np.ndarray  # 2 exact, 1 near, 0 missing, -1 different
    addr_sim: np.ndarray  # 0..1, NaN when missing
    bits: np.ndarray  # person evidence in bits


def _pair_scores(
    f: Features,
    col: str,
    i: np.ndarray,
    j: np.ndarray,
    scorer: Callable[..., float],
    *,
    same: float,
    values: np.ndarray | None = None,
) -> np.ndarray:
    """``scorer`` (a rapidfuzz scorer, run in C on both cores) on each pair's values, computed
    once per distinct pair of values; ``same`` for equal values, NaN when one is missing."""
    a, b = f.codes[col][i].astype(np.int64), f.codes[col][j].astype(np.int64)
    ok = (a >= 0) & (b >= 0)
    out = np.where(ok & (a == b), same, np.nan)
    ok &= a != b
    if not ok.any():
        return out
    width = len(f.values[col]) + 1
    lo, hi = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
    inverse, uniq = pd.factorize(lo * width + hi)  # hashing: faster than np.unique's sort
    vals = f.values[col] if values is None else values
    scores = process.cpdist(
        list(vals[uniq // width]), list(vals[uniq % width]), scorer=scorer, workers=-1
    )
    out[ok] = np.asarray(scores, dtype=float)[inverse]
    return out


def _address_similarity(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Best of word-set similarity (words moved or missing) and character similarity with the
    spaces taken out (a space typed in the wrong place: 'macgregors treet'), 0..1."""
    words = _pair_scores(f, "address", i, j, fuzz.token_set_ratio, same=100.0)
    squeezed = np.array([v.replace(" ", "") for v in f.values["address"]], dtype=object)
    chars = _pair_scores(f, "address", i, j, fuzz.ratio, same=100.0, values=squeezed)
    out: np.ndarray = np.fmax(words, chars) / 100.0
    return out


def _birth_near(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Two YYYYMMDD dates one typo or one transposition apart, or with day and month swapped."""
    typo = _pair_scores(f, "birth", i, j, OSA.distance, same=0.0) <= 1
    ymd = np.array(
        [int(v) if len(v) == 8 and v.isdigit() else -1 for v in f.values["birth"]] + [-1]
    )
    a, b = ymd[f.codes["birth"][i]], ymd[f.codes["birth"][j]]  # code -1 picks the trailing -1
    swapped = (a // 10000 == b // 10000) & (a // 100 % 100 == b % 100) & (a % 100 == b // 100 % 100)
    near: np.ndarray = typo | (swapped & (a >= 0) & (b >= 0))
    return near


# Points (bits) per comparison level. Hand-set from how often each agreement happens by chance
# (u) versus for the same customer (m): a shared birthday and name are each about 1:500 by chance.
NAME_BITS = {4: 9.0, 3: 7.0, 2: 4.0, 1: 1.0, 0: 0.0, -1: -6.0}
BIRTH_BITS = {2: 9.0, 1: 3.0, 0: 0.0, -1: -4.0}
ADDRESS_BITS = ((0.97, 9.0), (0.9, 7.0), (0.8, 3.0), (0.6, 0.0))
#: One shared name word (the other differs or is missing): worth what the word's rarity says,
#: -log2(share) minus this offset, within WORD_BITS_RANGE. A surname held by 1 in 1,000 records
#: gives +3; 'zhang' (1 in 14) gives about -3.
WORD_BITS_OFFSET, WORD_BITS_RANGE = 7.0, (-3.0, 3.0)
#: Name words this similar (Jaro-Winkler) count as shared: a typo does not unshare them.
WORD_SIMILAR, WORD_SIMILAR_MIN_LENGTH = 0.9, 5  # 'ming' ~ 'min' is another name, not a typo
#: Chance agreements grow with the number of records compared: beyond this many records every
#: doubling takes one bit off each pair's evidence (the prior odds of a match halve).
PRIOR_RECORDS = 5_000
ADDRESS_DIFFERENT_BITS = -5.0
#: Both rows name a company and the brands differ: another account, likely another person.
COMPANY_DIFFERENT_BITS = -4.0
PHONE_BITS, PHONE_DIFFERENT_BITS = 7.0, -1.0
# A person keeps their mobile: two different ones speak against the same person.
MOBILE_DIFFERENT_BITS, EMAIL_DIFFERENT_BITS, GENDER_DIFFERENT_BITS = -5.0, -2.0, -4.0


def _word_sim(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jaro-Winkler similarity of name words by code (computed once per distinct word pair)."""
    out = np.zeros(len(a))
    ok = (a >= 0) & (b >= 0)
    if not ok.any():
        return out
    lo, hi = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
    width = len(f.words) + 1
    inverse, uniq = pd.factorize(lo * width + hi)  # hashing: faster than np.unique's sort
    sims = process.cpdist(
        list(f.words[uniq // width]), list(f.words[uniq % width]),
        scorer=JaroWinkler.normalized_similarity, workers=-1,
    )  # fmt: skip
    out[ok] = np.asarray(sims, dtype=float)[inverse]
    return out


def _shared_word_bits(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Bits for the rarest name word two names share, typos allowed (NaN when they share none)."""
    (w0, w1), share = f.name_words, f.word_share
    long_word = np.array([len(w) >= WORD_SIMILAR_MIN_LENGTH for w in f.words] + [False])
    best = np.full(len(i), np.nan)
    for a in (w0[i], w1[i]):
        for b in (w0[j], w1[j]):
            fuzzy = long_word[a] & long_word[b] & (_word_sim(f, a, b) >= WORD_SIMILAR)
            hit = ((a == b) & (a >= 0)) | fuzzy
            rare = np.fmin(share[np.maximum(a, 0)], share[np.maximum(b, 0)])
            # share is 0 only where there is no word, and those pairs are masked by `hit`
            with np.errstate(divide="ignore"):
                bits = np.clip(-np.log2(rare) - WORD_BITS_OFFSET, *WORD_BITS_RANGE)
            best = np.where(hit, np.fmax(best, bits), best)
    return best


def compare(f: Features, i: np.ndarray, j: np.ndarray) -> Comparison:
    """Compare every candidate pair field by field and add up the person evidence."""
    eq: dict[str, np.ndarray] = {}
    both: dict[str, np.ndarray] = {}
    for col, codes in f.codes.items():
        a, b = codes[i], codes[j]
        both[col] = (a >= 0) & (b >= 0)
        eq[col] = both[col] & (a == b)
    jw = _pair_scores(f, "name_key", i, j, JaroWinkler.normalized_similarity, same=1.0)
    jw2 = _pair_scores(f, "name_concat", i, j, JaroWinkler.normalized_similarity, same=1.0)
    name_sim = np.fmax(jw, jw2)
    word_bits = _shared_word_bits(f, i, j)
    name_level = np.select(
        [
            ~both["name_key"],
            eq["name_exact"],
            eq["name_key"] | eq["name_concat"],
            name_sim >= 0.94,
            ~np.isnan(word_bits),
            name_sim >= 0.88,
        ],
        [0, 4, 3, 2, 1, 1],
        default=-1,
    )
    near = _birth_near(f, i, j)
    birth_level = np.select([~both["birth"], eq["birth"], near], [0, 2, 1], default=-1)
    addr = _address_similarity(f, i, j)
    addr_bits = np.where(both["address"], ADDRESS_DIFFERENT_BITS, 0.0)
    for cut, pts in reversed(ADDRESS_BITS):
        addr_bits = np.where(addr >= cut, pts, addr_bits)
    name_bits = pd.Series(name_level).map(NAME_BITS).to_numpy(float)
    name_bits = np.where((name_level == 1) & ~np.isnan(word_bits), word_bits, name_bits)
    bits = (
        name_bits
        + pd.Series(birth_level).map(BIRTH_BITS).to_numpy(float)
        + addr_bits
        + np.where(eq["phone"], PHONE_BITS, np.where(both["phone"], PHONE_DIFFERENT_BITS, 0.0))
        + np.where(both["mobile"] & ~eq["mobile"], MOBILE_DIFFERENT_BITS, 0.0)
        + np.where(both["email"] & ~eq["email"], EMAIL_DIFFERENT_BITS, 0.0)
        + np.where(both["gender"] & ~eq["gender"], GENDER_DIFFERENT_BITS, 0.0)
        + np.where(both["co_brand"] & ~eq["co_brand"], COMPANY_DIFFERENT_BITS, 0.0)
        - max(0.0, float(np.log2(max(f.n, 1) / PRIOR_RECORDS)))
    )
    return Comparison(i, j, eq, both, name_sim, name_level, birth_level, addr, bits)
