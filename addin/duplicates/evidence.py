"""Masks over compared pairs that the decision rules (:mod:`addin.duplicates.rules`) combine:
is it the same account (places within one another, brand not ambiguous), a shared contact at
two companies, person evidence that is more than a shared name.

Every mask takes a :class:`~addin.duplicates.compare.Comparison` and the
:class:`~addin.duplicates.keys.Features` and returns one bool per pair.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .compare import Comparison, birth_numbers
from .keys import Features
from .names import pinyin_syllables

__all__ = [
    "place_ok",
    "industry_ok",
    "same_account",
    "ambiguous_account",
    "bare_brand",
    "same_account_latin",
    "same_domain",
    "shared_contact_other_company",
    "corroborated",
    "shared_given_name",
]

#: Brands at least this similar (character ratio) are the same company typed two ways.
BRAND_SIMILAR = 0.5
_CJK = re.compile(r"[\u3400-\u9fff]")
#: A shared name word this rare (bits from its share of the records: 1 in 256 or rarer) counts
#: like a similar name; no Chinese surname is that rare in a customer list.
RARE_WORD_BITS = 1.0
#: An address this similar is partly shared (suburb, postcode or street), not the same home.
PARTIAL_ADDRESS = 0.7
#: A company e-mail domain used by more brands than this is a host, not one company's.
DOMAIN_MAX_BRANDS = 2


def _codes(f: Features, col: str, c: Comparison) -> tuple[np.ndarray, np.ndarray]:
    return f.codes[col][c.i], f.codes[col][c.j]


def place_ok(c: Comparison, f: Features) -> np.ndarray:
    """Places agree: same, one missing, or one lies in the other (昆山 in 苏州, 厦门 in 福建).
    A government body's place must be the same (南京市科技局 is not 建邺区科技局)."""
    pi, pj = _codes(f, "co_place", c)
    ri, rj = _codes(f, "co_pref", c)
    vi, vj = _codes(f, "co_prov", c)
    gi, gj = _codes(f, "co_gov", c)
    gov = (gi >= 0) | (gj >= 0)
    missing = (pi < 0) | (pj < 0)
    inside = ((pi == rj) | (pi == vj)) & (pi >= 0) | ((pj == ri) | (pj == vi)) & (pj >= 0)
    out: np.ndarray = np.where(gov, (pi == pj) & (pi >= 0), missing | (pi == pj) | inside)
    return out


def industry_ok(c: Comparison) -> np.ndarray:
    out: np.ndarray = c.eq["co_industry"] | ~c.both["co_industry"]
    return out


def _per_account_key(f: Features) -> np.ndarray:
    """Per record a code of brand + industry word (-1 without a brand): 华信科技 and 华信物流
    are two accounts, so one of them in two cities does not make the other ambiguous."""
    b = f.codes["co_brand"].astype(np.int64)
    ind = f.codes["co_industry"].astype(np.int64) + 1
    key = np.where(b >= 0, b * (len(f.values["co_industry"]) + 1) + ind, -1)
    codes = pd.factorize(key)[0]
    out: np.ndarray = np.where(b >= 0, codes, -1)
    return out


def _per_record_ambiguous(f: Features) -> np.ndarray:
    """Per record: its brand + industry is seen in two or more places, or with two or more
    credit codes, in the data (then a False for missing)."""
    key = f.derived("account_key", lambda: _per_account_key(f))
    frame = pd.DataFrame({"b": key, "p": f.codes["co_place"], "k": f.codes["credit_code"]})
    frame = frame[frame["b"] >= 0]
    places = frame[frame["p"] >= 0].groupby("b")["p"].nunique()
    codes = frame[frame["k"] >= 0].groupby("b")["k"].nunique()
    amb = np.zeros(int(key.max(initial=-1)) + 2, dtype=bool)
    amb[places.index[places.to_numpy() > 1].to_numpy()] = True
    amb[codes.index[codes.to_numpy() > 1].to_numpy()] = True
    out: np.ndarray = np.append(amb[key], False)  # key -1 picks the spare last entry: False
    return out


def _per_record_bare_brand(f: Features) -> np.ndarray:
    """Per record: its company gives no industry word and its brand is seen with two or more
    industry words in the data (a bare 华信 beside 华信科技 and 华信物流), in its province when
    it names a place (北京华信 is not made ambiguous by a 华信物流 in 上海); then a False."""
    prov = np.where(f.codes["co_prov"] >= 0, f.codes["co_prov"], f.codes["co_place"])
    frame = pd.DataFrame({"b": f.codes["co_brand"], "ind": f.codes["co_industry"], "p": prov})
    known = frame[(frame["b"] >= 0) & (frame["ind"] >= 0)]
    bare = (frame["b"] >= 0).to_numpy() & (frame["ind"] < 0).to_numpy()
    out = np.zeros(len(frame) + 1, dtype=bool)
    if not bare.any() or known.empty:
        return out
    by_brand = known.groupby("b")["ind"].nunique()
    by_place = known[known["p"] >= 0].groupby(["b", "p"])["ind"].nunique()
    rows = frame[bare]
    many_brand = rows["b"].map(by_brand).fillna(0).to_numpy() > 1
    keys = pd.MultiIndex.from_arrays([rows["b"], rows["p"]])
    many_place = by_place.reindex(keys).fillna(0).to_numpy() > 1
    out[np.flatnonzero(bare)] = np.where(rows["p"].to_numpy() >= 0, many_place, many_brand)
    return out


def ambiguous_account(c: Comparison, f: Features) -> np.ndarray:
    """The brand names more than one firm in the data and one side does not say which."""
    amb = f.derived("account_ambiguous", lambda: _per_record_ambiguous(f))
    pi, pj = _codes(f, "co_place", c)
    out: np.ndarray = (amb[c.i] | amb[c.j]) & ((pi < 0) | (pj < 0))
    return out


def bare_brand(c: Comparison, f: Features) -> np.ndarray:
    """One side writes the brand alone (华信) where the data holds it with several industry
    words (华信科技, 华信物流): which firm is meant is for a person to say."""
    bare = f.derived("account_bare_brand", lambda: _per_record_bare_brand(f))
    out: np.ndarray = bare[c.i] | bare[c.j]
    return out


def same_account(c: Comparison, f: Features) -> np.ndarray:
    """Same brand, places within one another, same or missing industry word."""
    out: np.ndarray = c.eq["co_brand"] & place_ok(c, f) & industry_ok(c)
    return out


def same_account_latin(c: Comparison, f: Features) -> np.ndarray:
    """An English or pinyin name with the brand of a Chinese one (YIDA = 毅达)."""
    li, lj = _codes(f, "co_latin", c)
    out: np.ndarray = (
        c.eq["co_brand_py"] & ((li >= 0) | (lj >= 0)) & place_ok(c, f) & industry_ok(c)
    )
    return out


def _per_domain_brands(f: Features) -> np.ndarray:
    frame = pd.DataFrame({"d": f.codes["email_domain"], "b": f.codes["co_brand_py"]})
    frame = frame[(frame["d"] >= 0) & (frame["b"] >= 0)]
    counts = frame.groupby("d")["b"].nunique()
    out = np.zeros(len(f.values["email_domain"]) + 1, dtype=np.int64)
    out[counts.index.to_numpy()] = counts.to_numpy()
    return out


def same_domain(c: Comparison, f: Features) -> np.ndarray:
    """One company's own e-mail domain (not webmail, not shared by many brands) and company
    names alike or one missing."""
    brands = f.derived("domain_brands", lambda: _per_domain_brands(f))
    d = f.codes["email_domain"][c.i]
    own = brands[d] <= DOMAIN_MAX_BRANDS + 1
    alike = ~c.both["co_brand"] | (c.brand_sim >= BRAND_SIMILAR)
    out: np.ndarray = c.eq["email_domain"] & own & alike & place_ok(c, f) & industry_ok(c)
    return out


def shared_contact_other_company(c: Comparison, f: Features) -> np.ndarray:
    """The same mobile, e-mail or WeChat given for two companies that are not one account: a
    bookkeeper or agent, not a duplicate."""
    shared = c.eq["mobile"] | c.eq["email"] | c.eq["wechat"]
    other = c.both["co_brand"] & ~same_account(c, f) & ~same_account_latin(c, f)
    alike = (c.brand_sim >= BRAND_SIMILAR) & industry_ok(c) & place_ok(c, f)  # a typo'd brand
    out: np.ndarray = shared & other & ~alike
    return out


def _latin_names(f: Features) -> np.ndarray:
    """Per distinct name: written in Latin letters (then a False for a missing name)."""
    return np.array([not _CJK.search(v) for v in f.values["name_exact"]] + [False])


def _typed_first_words(f: Features) -> np.ndarray:
    """Per record the word code (into ``f.words``) of the first word of a two-word
    Latin-letter name as typed ('kyle' of 'kyle bullock'), -1 for any other name, and -1 for
    a word that is also a pinyin syllable (in 'zhang wei' it may be the surname, typed first)."""
    w0, w1 = f.name_words
    latin = f.derived("latin_names", lambda: _latin_names(f))
    rec = np.flatnonzero((w1 >= 0) & latin[f.codes["name_exact"]])
    out = np.full(f.n, -1, dtype=np.int64)
    if not len(rec):
        return out
    concat = f.codes["name_concat"].astype(np.int64)
    combo = np.stack([w0[rec], w1[rec], concat[rec]], axis=1)
    uniq, inverse = np.unique(combo, axis=0, return_inverse=True)
    syllables = pinyin_syllables()
    first = np.full(len(uniq), -1, dtype=np.int64)
    for k, (a, b, t) in enumerate(uniq.tolist()):
        typed = f.values["name_concat"][t]
        word = (
            a if typed == f.words[a] + f.words[b] else b if typed == f.words[b] + f.words[a] else -1
        )
        first[k] = -1 if word < 0 or f.words[word] in syllables else word
    out[rec] = first[inverse.ravel()]
    return out


def shared_given_name(c: Comparison, f: Features) -> np.ndarray:
    """Two two-word Latin-letter names whose first words (the given names) agree and whose
    other words differ: 'kyle bullock' / 'kyle novotny'."""
    first = f.derived("typed_first_word", lambda: _typed_first_words(f))
    a, b = first[c.i], first[c.j]
    out: np.ndarray = (c.name_level == 1) & (a >= 0) & (a == b)
    return out


def _day_and_month(c: Comparison, f: Features) -> np.ndarray:
    """Birthdays of two of three parts agreeing where the two are the day and the month."""
    ymd = f.derived("birth_ymd", lambda: birth_numbers(f))
    a, b = ymd[f.codes["birth"][c.i]], ymd[f.codes["birth"][c.j]]  # code -1: the trailing -1
    out: np.ndarray = (c.birth_level == -2) & (a % 10000 == b % 10000) & (a >= 0) & (b >= 0)
    return out


def corroborated(c: Comparison, f: Features) -> np.ndarray:
    """Person evidence beyond the name. With the same or a similar name one agreeing field is
    enough: birthday (or one typo of it), address or landline, e-mail. With a similar name, one
    that differs or shares one word, two are needed; address and landline count as one (a family shares
    both), while the same birthday with a partly shared address (same suburb or street) counts as
    two (a family does not share a birthday). A shared name, or name and city, never makes a
    duplicate on its own."""
    birth = c.birth_level >= 1
    home = ((np.nan_to_num(c.addr_sim) >= 0.8) & ~c.house_differs) | c.eq["phone"]
    # The same birthday and a partly shared address (same suburb, postcode or street) are two
    # fields: a family shares a home, not a birthday.
    near_home = (c.birth_level == 2) & (np.nan_to_num(c.addr_sim) >= PARTIAL_ADDRESS) & ~home
    # At the same home, what a family does not share counts as a second field: the given name
    # (a family shares the surname), and a birthday's day and month with the year mistyped (1
    # in 365 by chance: 19300609 / 19620609).
    family_apart = home & (shared_given_name(c, f) | _day_and_month(c, f))
    count = (
        birth.astype(int)
        + home.astype(int)
        + near_home.astype(int)
        + c.eq["email"].astype(int)
        + family_apart.astype(int)
    )
    latin = f.derived("latin_names", lambda: _latin_names(f))
    rare_word = (
        (c.name_level == 1)
        & (np.nan_to_num(c.word_bits, nan=-9.0) >= RARE_WORD_BITS)
        & latin[f.codes["name_exact"][c.i]]
        & latin[f.codes["name_exact"][c.j]]
    )
    out: np.ndarray = np.where((c.name_level >= 2) | rare_word, count >= 1, count >= 2)
    return out
