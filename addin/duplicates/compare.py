"""Field-by-field comparison of candidate pairs for :mod:`addin.duplicates.find`.

Each field comparison turns a pair into a level (exact / similar / different / missing) worth
a fixed number of bits of evidence (Fellegi-Sunter style log-odds, set by hand once, never
fitted to a data set); name words and the size of the data set adjust them the same way for
any data. Similarities are computed by rapidfuzz in C, once per distinct pair of values.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from .keys import Features
from .pairs import scored as _scored
from .pairs import value_pairs as _value_pairs
from .pairs import word_set_scores as _word_set_scores

_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACE = re.compile(r"\s")
# what rapidfuzz splits words at (str.isspace)

__all__ = ["Comparison", "birth_numbers", "compare"]


@dataclass
class Comparison:
    """Field-by-field comparison of candidate pairs ``i[k]``, ``j[k]`` (arrays of equal length)."""

    i: np.ndarray
    j: np.ndarray
    eq: dict[str, np.ndarray]  # same value, both present
    both: dict[str, np.ndarray]  # both present
    name_sim: np.ndarray  # 0..1
    name_level: np.ndarray  # 4 exact, 3 same pinyin, 2 similar, 1 loose, 0 missing, -1 different
    birth_level: (
        np.ndarray
    )  # 2 exact, 1 near, 0 missing, -1 different, -2 two fields of three agree
    addr_sim: np.ndarray  # 0..1, NaN when missing
    bits: np.ndarray  # person evidence in bits
    brand_sim: (
        np.ndarray
    )  # 0..1 (Chinese brands by character, Latin ones by pinyin), NaN when missing
    house_differs: np.ndarray  # Chinese addresses whose house numbers differ (光明路65号 / 25号)
    word_bits: np.ndarray  # bits of the rarest name word the two share (NaN: none shared)


def _pair_scores(
    f: Features,
    col: str,
    i: np.ndarray,
    j: np.ndarray,
    scorer: Callable[..., float],
    *,
    same: float,
) -> np.ndarray:
    """:func:`_scored` on feature ``col`` of pairs ``i``, ``j``."""
    return _scored(_value_pairs(f, col, i, j), f.values[col], scorer, same)


def _address_similarity(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
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
    fewer than two numbers and for a Chinese address (see :func:`_house_numbers`)."""
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


def birth_numbers(f: Features) -> np.ndarray:
    """Each distinct birthday as the number YYYYMMDD (-1 if it is not 8 digits), then a -1."""
    return np.array(
        [int(v) if len(v) == 8 and v.isdigit() else -1 for v in f.values["birth"]] + [-1]
    )


def _birth_near(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Two YYYYMMDD dates one typo or one transposition apart, or with day and month swapped."""
    typo = _pair_scores(f, "birth", i, j, OSA.distance, same=0.0) <= 1
    ymd = f.derived("birth_ymd", lambda: birth_numbers(f))
    a, b = ymd[f.codes["birth"][i]], ymd[f.codes["birth"][j]]  # code -1 picks the trailing -1
    swapped = (a // 10000 == b // 10000) & (a // 100 % 100 == b % 100) & (a % 100 == b // 100 % 100)
    near: np.ndarray = typo | (swapped & (a >= 0) & (b >= 0))
    return near


def _birth_partial(f: Features, i: np.ndarray, j: np.ndarray, ask: np.ndarray) -> np.ndarray:
    """Two YYYYMMDD dates that agree in two of year, month and day (one field mistyped);
    computed only where ``ask`` (both present, neither equal nor near)."""
    out = np.zeros(len(i), dtype=bool)
    k = np.flatnonzero(ask)
    if not len(k):
        return out
    ymd = f.derived("birth_ymd", lambda: birth_numbers(f))
    a, b = ymd[f.codes["birth"][i[k]]], ymd[f.codes["birth"][j[k]]]
    agree = (
        (a // 10000 == b // 10000).astype(int)
        + (a // 100 % 100 == b // 100 % 100)
        + (a % 100 == b % 100)
    )
    out[k] = (agree >= 2) & (a >= 0) & (b >= 0)
    return out


# Points (bits) per comparison level. Hand-set from how often each agreement happens by chance
# (u) versus for the same customer (m): a shared birthday and name are each about 1:500 by chance.
NAME_BITS = {4: 9.0, 3: 7.0, 2: 4.0, 1: 1.0, 0: 0.0, -1: -6.0}
#: Birthday levels: 2 exact, 1 near (one typo, one transposition, day and month swapped), -2
#: two of year / month / day agree (one field mistyped: weak evidence for, not against), -1
#: different. A different birthday is worth -3: clerks mistype dates often enough (FEBRL1/2).
BIRTH_BITS = {2: 9.0, 1: 3.0, 0: 0.0, -1: -3.0, -2: 1.0}
#: Address similarity -> bits, highest cut first (below the last: ADDRESS_DIFFERENT_BITS).
ADDRESS_BITS = ((0.97, 9.0), (0.9, 7.0), (0.85, 6.0), (0.8, 3.0), (0.7, 1.0), (0.6, 0.0))
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


def _points(levels: np.ndarray, table: dict[int, float]) -> np.ndarray:
    """Bits per pair from its comparison level: one array lookup (levels are small integers)."""
    low = min(table)
    lookup = np.full(max(table) - low + 1, np.nan)
    for level, pts in table.items():
        lookup[level - low] = pts
    return lookup[np.asarray(levels, dtype=np.int64) - low]


def _similar_words(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Different long words (codes ``a``, ``b``) similar enough to count as one word typed two
    ways (Jaro-Winkler, once per distinct word pair; only long word pairs are compared)."""
    long_word = f.derived(
        "long_word",
        lambda: np.array([len(w) >= WORD_SIMILAR_MIN_LENGTH for w in f.words] + [False]),
    )
    out = np.zeros(len(a), dtype=bool)
    ok = long_word[a] & long_word[b] & (a != b)  # code -1 picks the trailing False
    if not ok.any():
        return out
    lo, hi = np.minimum(a[ok], b[ok]), np.maximum(a[ok], b[ok])
    width = len(f.words) + 1
    inverse, uniq = pd.factorize(lo * width + hi)  # hashing: faster than np.unique's sort
    sims = process.cpdist(
        f.words[uniq // width].tolist(), f.words[uniq % width].tolist(),
        scorer=JaroWinkler.normalized_similarity, workers=-1,
    )  # fmt: skip
    out[ok] = (np.asarray(sims, dtype=float) >= WORD_SIMILAR)[inverse]
    return out


def _word_bits(f: Features) -> np.ndarray:
    """Bits for sharing each name word, from its share of the records."""
    # share is 0 only for the blank word, which no pair shares
    with np.errstate(divide="ignore"):
        out: np.ndarray = np.clip(-np.log2(f.word_share) - WORD_BITS_OFFSET, *WORD_BITS_RANGE)
    return out


def _shared_word_bits(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Bits for the rarest name word two names share, typos allowed (NaN when they share none)."""
    w0, w1 = f.name_words
    # The rarer word of a pair gives the bits: the larger of the two words' bits.
    word_bits = f.derived("word_bits", lambda: _word_bits(f))
    best = np.full(len(i), np.nan)
    for a in (w0[i], w1[i]):
        for b in (w0[j], w1[j]):
            hit = ((a == b) & (a >= 0)) | _similar_words(f, a, b)
            if not hit.any():
                continue
            k = np.flatnonzero(hit)
            bits = np.fmax(word_bits[a[k]], word_bits[b[k]])
            best[k] = np.fmax(best[k], bits)
    return best


#: A Chinese full name with a one-character given name (张伟, 王芳) is shared by about one
#: person in this many: even a name seen once in the file is common in the country.
COMMON_NAME_SHARE = 1 / 1000


def _name_commonness(f: Features) -> np.ndarray:
    """Bits to take off an exact name match, per distinct name: log2 of how many records hold it
    beyond the pair itself (term frequency from the data), at least what the prior says for a
    Chinese name with a one-character given name."""
    counts = np.bincount(
        f.codes["name_exact"][f.codes["name_exact"] >= 0], minlength=len(f.values["name_exact"])
    )
    named = max(int((f.codes["name_exact"] >= 0).sum()), 1)
    short_cjk = np.array(
        [len(v) == 2 and "\u3400" <= v[0] <= "\u9fff" for v in f.values["name_exact"]], dtype=bool
    )
    expected = np.where(short_cjk, 1 + named * COMMON_NAME_SHARE, 1.0)
    out: np.ndarray = np.log2(np.maximum(np.maximum(counts, 2) / 2, expected))
    return np.append(out, 0.0)


def _brand_similarity(
    f: Features, i: np.ndarray, j: np.ndarray, eq: dict[str, np.ndarray]
) -> np.ndarray:
    """Brand similarity, only where a rule asks for it: pairs sharing a contact or a company
    e-mail domain (NaN elsewhere; 1 for equal brands)."""
    out = np.where(eq["co_brand"], 1.0, np.nan)
    ask = (eq["mobile"] | eq["email"] | eq["wechat"] | eq["email_domain"]) & ~eq["co_brand"]
    if ask.any():
        k = np.flatnonzero(ask)
        out[k] = _pair_scores(f, "co_brand", i[k], j[k], fuzz.ratio, same=100.0) / 100.0
    return out


def compare(
    f: Features, i: np.ndarray, j: np.ndarray, prior_bits: np.ndarray | None = None
) -> Comparison:
    """Compare every candidate pair field by field and add up the person evidence; a pair drawn
    from a big block only starts ``prior_bits`` lower (:func:`~addin.duplicates.blocking.
    candidate_pairs`)."""
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
    birth_level = np.select(
        [
            ~both["birth"],
            eq["birth"],
            near,
            _birth_partial(f, i, j, both["birth"] & ~eq["birth"] & ~near),
        ],
        [0, 2, 1, -2],
        default=-1,
    )
    addr = _address_similarity(f, i, j)
    addr_bits = np.where(both["address"], ADDRESS_DIFFERENT_BITS, 0.0)
    for cut, pts in reversed(ADDRESS_BITS):
        addr_bits = np.where(addr >= cut, pts, addr_bits)
    name_bits = _points(name_level, NAME_BITS)
    name_bits = np.where((name_level == 1) & ~np.isnan(word_bits), word_bits, name_bits)
    common = f.derived("name_common", lambda: _name_commonness(f))
    ne = f.codes["name_exact"]
    commonness = np.fmax(common[ne[i]], common[ne[j]])  # both sides: the pair stays symmetric
    name_bits = np.where(name_level >= 3, name_bits - commonness, name_bits)
    bits = (
        name_bits
        + _points(birth_level, BIRTH_BITS)
        + addr_bits
        + np.where(eq["phone"], PHONE_BITS, np.where(both["phone"], PHONE_DIFFERENT_BITS, 0.0))
        + np.where(both["mobile"] & ~eq["mobile"], MOBILE_DIFFERENT_BITS, 0.0)
        + np.where(both["email"] & ~eq["email"], EMAIL_DIFFERENT_BITS, 0.0)
        + np.where(both["gender"] & ~eq["gender"], GENDER_DIFFERENT_BITS, 0.0)
        + np.where(both["co_brand"] & ~eq["co_brand"], COMPANY_DIFFERENT_BITS, 0.0)
        - max(0.0, float(np.log2(max(f.n, 1) / PRIOR_RECORDS)))
        - (0.0 if prior_bits is None else prior_bits)
    )
    brand = _brand_similarity(f, i, j, eq)
    house = f.derived("house_numbers", lambda: _house_numbers(f))
    hi, hj = house[f.codes["address"][i]], house[f.codes["address"][j]]
    house_differs = (hi >= 0) & (hj >= 0) & (hi != hj)
    return Comparison(
        i, j, eq, both, name_sim, name_level, birth_level, addr, bits, brand, house_differs,
        word_bits,
    )  # fmt: skip


def _house_numbers(f: Features) -> np.ndarray:
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
