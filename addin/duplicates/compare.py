"""Field-by-field comparison of candidate pairs for :mod:`addin.duplicates.find`.

Each field comparison turns a pair into a level (exact / similar / different / missing) worth
a fixed number of bits of evidence (Fellegi-Sunter style log-odds, set by hand once, never
fitted to a data set); name words and the size of the data set adjust them the same way for
any data. Similarities are computed by rapidfuzz in C, once per distinct pair of values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from .address import address_similarity, house_numbers
from .keys import Features
from .pairs import scored as _scored
from .pairs import value_pairs as _value_pairs

__all__ = ["Comparison", "PairFields", "birth_numbers", "compare", "max_bits"]


@dataclass
class Comparison:
    """Field-by-field comparison of candidate pairs ``i[k]``, ``j[k]`` (arrays of equal length)."""

    i: np.ndarray
    j: np.ndarray
    eq: Mapping[str, np.ndarray]  # same value, both present (per feature column)
    both: Mapping[str, np.ndarray]  # both present
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


class _FieldMap(Mapping[str, np.ndarray]):
    """One of :class:`PairFields`' two views: ``both`` (part 0) or ``eq`` (part 1)."""

    def __init__(self, fields: PairFields, part: int) -> None:
        self._fields, self._part = fields, part

    def __getitem__(self, col: str) -> np.ndarray:
        return self._fields.get(col)[self._part]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields.f.codes)

    def __len__(self) -> int:
        return len(self._fields.f.codes)


class PairFields:
    """Per feature column, for pairs ``i``, ``j``: ``both`` present and ``eq`` (equal, both
    present), each column gathered on first use: the rules read fewer columns than there are."""

    def __init__(self, f: Features, i: np.ndarray, j: np.ndarray) -> None:
        self.f, self.i, self.j = f, i, j
        self._done: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.both: Mapping[str, np.ndarray] = _FieldMap(self, 0)
        self.eq: Mapping[str, np.ndarray] = _FieldMap(self, 1)

    def get(self, col: str) -> tuple[np.ndarray, np.ndarray]:
        if col not in self._done:
            codes = self.f.codes[col]
            a, b = codes[self.i], codes[self.j]
            both = (a >= 0) & (b >= 0)
            self._done[col] = (both, both & (a == b))
        return self._done[col]


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
    f: Features, i: np.ndarray, j: np.ndarray, eq: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Brand similarity, only where a rule asks for it: pairs sharing a contact or a company
    e-mail domain (NaN elsewhere; 1 for equal brands)."""
    out = np.where(eq["co_brand"], 1.0, np.nan)
    ask = (eq["mobile"] | eq["email"] | eq["wechat"] | eq["email_domain"]) & ~eq["co_brand"]
    if ask.any():
        k = np.flatnonzero(ask)
        out[k] = _pair_scores(f, "co_brand", i[k], j[k], fuzz.ratio, same=100.0) / 100.0
    return out


def _commonness(f: Features, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Bits taken off an exact name match of each pair (:func:`_name_commonness`), the larger
    of the two sides' so that the pair stays symmetric."""
    common = f.derived("name_common", lambda: _name_commonness(f))
    ne = f.codes["name_exact"]
    out: np.ndarray = np.fmax(common[ne[i]], common[ne[j]])
    return out


def _equality_bits(f: Features, fields: PairFields, prior_bits: np.ndarray | None) -> np.ndarray:
    """The evidence of the fields compared by equality only (landline, mobile, e-mail, gender,
    company) less the prior for the data set's size and the pair's block."""
    eq, both = fields.eq, fields.both
    out: np.ndarray = (
        np.where(eq["phone"], PHONE_BITS, np.where(both["phone"], PHONE_DIFFERENT_BITS, 0.0))
        + np.where(both["mobile"] & ~eq["mobile"], MOBILE_DIFFERENT_BITS, 0.0)
        + np.where(both["email"] & ~eq["email"], EMAIL_DIFFERENT_BITS, 0.0)
        + np.where(both["gender"] & ~eq["gender"], GENDER_DIFFERENT_BITS, 0.0)
        + np.where(both["co_brand"] & ~eq["co_brand"], COMPANY_DIFFERENT_BITS, 0.0)
        - max(0.0, float(np.log2(max(f.n, 1) / PRIOR_RECORDS)))
        - (0.0 if prior_bits is None else prior_bits)
    )
    return out


def max_bits(fields: PairFields, prior_bits: np.ndarray | None = None) -> np.ndarray:
    """The most person evidence :func:`compare` can find for each pair of ``fields``: exact for
    the fields compared by equality, the best level for the others (unequal names as similar as
    unequal names get, unequal birthdays one typo apart, present addresses alike). Reads the
    codes of ten fields; no text is compared."""
    f, eq, both = fields.f, fields.eq, fields.both
    other_name = max(NAME_BITS[2], NAME_BITS[1], NAME_BITS[-1], WORD_BITS_RANGE[1])
    exact_name = np.where(eq["name_exact"], NAME_BITS[4], NAME_BITS[3])
    named = eq["name_exact"] | eq["name_key"] | eq["name_concat"]
    name = np.where(
        both["name_key"],
        np.where(named, exact_name - _commonness(f, fields.i, fields.j), other_name),
        NAME_BITS[0],
    )
    other_birth = max(v for k, v in BIRTH_BITS.items() if k not in (0, 2))
    birth = np.where(both["birth"], np.where(eq["birth"], BIRTH_BITS[2], other_birth), 0.0)
    address = np.where(both["address"], max(pts for _, pts in ADDRESS_BITS), 0.0)
    out: np.ndarray = name + birth + address + _equality_bits(f, fields, prior_bits)
    return out


def compare(
    f: Features, i: np.ndarray, j: np.ndarray, prior_bits: np.ndarray | None = None
) -> Comparison:
    """Compare every candidate pair field by field and add up the person evidence; a pair drawn
    from a big block only starts ``prior_bits`` lower (:func:`~addin.duplicates.blocking.
    candidate_pairs`)."""
    fields = PairFields(f, i, j)
    eq, both = fields.eq, fields.both
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
    addr = address_similarity(f, i, j)
    addr_bits = np.where(both["address"], ADDRESS_DIFFERENT_BITS, 0.0)
    for cut, pts in reversed(ADDRESS_BITS):
        addr_bits = np.where(addr >= cut, pts, addr_bits)
    name_bits = _points(name_level, NAME_BITS)
    name_bits = np.where((name_level == 1) & ~np.isnan(word_bits), word_bits, name_bits)
    name_bits = np.where(name_level >= 3, name_bits - _commonness(f, i, j), name_bits)
    bits = (
        name_bits
        + _points(birth_level, BIRTH_BITS)
        + addr_bits
        + _equality_bits(f, fields, prior_bits)
    )
    brand = _brand_similarity(f, i, j, eq)
    house = f.derived("house_numbers", lambda: house_numbers(f))
    hi, hj = house[f.codes["address"][i]], house[f.codes["address"][j]]
    house_differs = (hi >= 0) & (hj >= 0) & (hi != hj)
    return Comparison(
        i, j, eq, both, name_sim, name_level, birth_level, addr, bits, brand, house_differs,
        word_bits,
    )  # fmt: skip
