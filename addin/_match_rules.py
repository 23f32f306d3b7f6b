"""Comparison of candidate pairs and the decision rules of :mod:`addin.dedupe`.

Each field comparison turns a pair into a level (exact / similar / different / missing) worth
a fixed number of points of evidence (Fellegi-Sunter style log-odds, set by hand once, never
fitted to a data set). The decision is an ordered list of rules ending in an explicit else;
the first rule that applies gives the tier and the reason in words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, JaroWinkler

from ._match_keys import Features
from .messages import msg, register
from .normalize import format_phone
from .schema import Lang

__all__ = ["Comparison", "compare", "Rule", "RULES", "decide", "POINTS_PER_BIT"]

#: Score shown to users: 10 points per bit of evidence, clipped to 0..100.
POINTS_PER_BIT = 10.0

register(
    {
        "dd_credit_code": ("统一社会信用代码相同 {v}", "same credit code {v}"),
        "dd_id_number": ("证件号码相同（尾号 {v}）", "same ID number (ending {v})"),
        "dd_mobile": ("手机号相同 {v}", "same mobile {v}"),
        "dd_email": ("邮箱相同 {v}", "same e-mail {v}"),
        "dd_wechat": ("微信号相同 {v}", "same WeChat ID {v}"),
        "dd_company": (
            "公司名称 {v} 去掉城市和公司类型后品牌相同",
            "company name {v} same brand after removing city and legal suffix",
        ),
        "dd_other_contact": ("（不同联系人：{a} / {b}）", " (different contacts: {a} / {b})"),
        "dd_credit_differs": ("统一社会信用代码不同", "different credit codes"),
        "dd_id_differs": ("证件号码不同", "different ID numbers"),
        "dd_shared_contact_names_differ": (
            "{what}相同 {v}，但姓名不同（{a} / {b}），请核实",
            "same {what} {v} but different names ({a} / {b}); please check",
        ),
        "dd_person_other_company": (
            "同一人（{fields}）但公司不同：{a} / {b}，请核实",
            "same person ({fields}) at different companies: {a} / {b}; please check",
        ),
        "dd_brand_other_city": (
            "品牌 {v} 相同但城市不同（{a} / {b}），请核实",
            "same brand {v} but different cities ({a} / {b}); please check",
        ),
        "dd_evidence": ("{fields}", "{fields}"),
        "dd_else": ("相同信息不足", "not enough in common"),
        "dd_f_name": ("姓名相同", "name"),
        "dd_f_name_pinyin": ("姓名拼音相同", "name (same pinyin)"),
        "dd_f_name_similar": ("姓名相近", "similar name"),
        "dd_f_birth": ("生日", "birthday"),
        "dd_f_birth_near": ("生日相近", "near birthday"),
        "dd_f_address": ("地址", "address"),
        "dd_f_address_similar": ("地址相近", "similar address"),
        "dd_f_phone": ("座机", "phone"),
        "dd_what_mobile": ("手机号", "mobile"),
        "dd_what_email": ("邮箱", "e-mail"),
    }
)


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


# --- decision rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What the rules need besides the comparison: features, display names, thresholds, language."""

    f: Features
    names: np.ndarray  # customer_name as typed, per record
    duplicate_bits: float
    possible_bits: float
    lang: Lang


Mask = Callable[[Comparison, Context], np.ndarray]
Reason = Callable[[Comparison, Context, np.ndarray], list[str]]


@dataclass(frozen=True)
class Rule:
    """One decision rule: when it applies, the tier it gives and the reason in words."""

    name: str
    tier: str  # "duplicate" | "possible" | "none"
    applies: Mask
    reason: Reason
    fixed_score: float | None = None  # identifier rules: 100; negative rules: 0


def _val(col: str, side: str = "i") -> Callable[[Comparison, Context, np.ndarray], np.ndarray]:
    return lambda c, x, k: x.f.value(col, (c.i if side == "i" else c.j)[k])


def _fmt(code: str, **parts: Callable[[Comparison, Context, np.ndarray], np.ndarray]) -> Reason:
    """Reason builder: message ``code`` formatted with per-pair values."""

    def reason(c: Comparison, x: Context, k: np.ndarray) -> list[str]:
        cols = {name: fn(c, x, k) for name, fn in parts.items()}
        return [msg(code, x.lang, **{n: v[t] for n, v in cols.items()}) for t in range(len(k))]

    return reason


def _evidence_fields(c: Comparison, x: Context, k: np.ndarray) -> list[str]:
    """'name + birthday + address': the fields that agree, strongest level named."""
    lang = x.lang
    name = {4: "dd_f_name", 3: "dd_f_name_pinyin", 2: "dd_f_name_similar"}
    parts: list[list[str]] = [[] for _ in k]
    for t, p in enumerate(k):
        if c.name_level[p] in name:
            parts[t].append(msg(name[int(c.name_level[p])], lang))
        if c.birth_level[p] >= 1:
            parts[t].append(msg("dd_f_birth" if c.birth_level[p] == 2 else "dd_f_birth_near", lang))
        if c.addr_sim[p] >= 0.8:
            parts[t].append(
                msg("dd_f_address" if c.addr_sim[p] >= 0.97 else "dd_f_address_similar", lang)
            )
        if c.eq["phone"][p]:
            parts[t].append(msg("dd_f_phone", lang))
    return [" + ".join(p) for p in parts]


def _names(side: str) -> Callable[[Comparison, Context, np.ndarray], np.ndarray]:
    return lambda c, x, k: x.names[(c.i if side == "i" else c.j)[k]]


def _company_core(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    brand = x.f.value("co_brand", c.i[k])
    ind_i, ind_j = x.f.value("co_industry", c.i[k]), x.f.value("co_industry", c.j[k])
    return np.array(
        [b + (a or o or "") for b, a, o in zip(brand, ind_i, ind_j, strict=True)], dtype=object
    )


def _same_account_reason(c: Comparison, x: Context, k: np.ndarray) -> list[str]:
    base = _fmt("dd_company", v=_company_core)(c, x, k)
    a, b = _names("i")(c, x, k), _names("j")(c, x, k)
    other = c.name_level[k] == -1
    return [
        s + (msg("dd_other_contact", x.lang, a=a[t], b=b[t]) if other[t] else "")
        for t, s in enumerate(base)
    ]


def _compatible(a: str) -> Mask:
    """Same or one side missing."""
    return lambda c, x: c.eq[a] | ~c.both[a]


def _same_account(c: Comparison, x: Context) -> np.ndarray:
    return c.eq["co_brand"] & _compatible("co_place")(c, x) & _compatible("co_industry")(c, x)


def _name_ok(c: Comparison) -> np.ndarray:
    return c.name_level >= 0


def _masked_id(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    return np.array([str(v)[-4:] for v in x.f.value("id_number", c.i[k])], dtype=object)


def _phones(c: Comparison, x: Context, k: np.ndarray) -> np.ndarray:
    return np.array([format_phone(v) for v in x.f.value("mobile", c.i[k])], dtype=object)


def _what(code: str) -> Callable[[Comparison, Context, np.ndarray], np.ndarray]:
    return lambda c, x, k: np.array([msg(code, x.lang)] * len(k), dtype=object)


#: The decision, first match wins. Identifiers first, then the account (company), then the
#: person evidence; the explicit else keeps everything else apart.
RULES: tuple[Rule, ...] = (
    Rule(
        "credit_code_differs",
        "none",
        lambda c, x: c.both["credit_code"] & ~c.eq["credit_code"],
        _fmt("dd_credit_differs"),
        0.0,
    ),
    Rule(
        "same_credit_code",
        "duplicate",
        lambda c, x: c.eq["credit_code"],
        _fmt("dd_credit_code", v=_val("credit_code")),
        100.0,
    ),
    Rule(
        "id_number_differs",
        "none",
        lambda c, x: c.both["id_number"] & ~c.eq["id_number"],
        _fmt("dd_id_differs"),
        0.0,
    ),
    Rule(
        "same_id_number",
        "duplicate",
        lambda c, x: c.eq["id_number"],
        _fmt("dd_id_number", v=_masked_id),
        100.0,
    ),
    Rule(
        "same_mobile",
        "duplicate",
        lambda c, x: c.eq["mobile"] & (_name_ok(c) | _same_account(c, x)),
        _fmt("dd_mobile", v=_phones),
        100.0,
    ),
    Rule(
        "same_email",
        "duplicate",
        lambda c, x: c.eq["email"] & (_name_ok(c) | _same_account(c, x)),
        _fmt("dd_email", v=_val("email")),
        100.0,
    ),
    Rule(
        "same_wechat",
        "duplicate",
        lambda c, x: c.eq["wechat"] & (_name_ok(c) | _same_account(c, x)),
        _fmt("dd_wechat", v=_val("wechat")),
        100.0,
    ),
    Rule("same_account", "duplicate", _same_account, _same_account_reason, 95.0),
    Rule(
        "same_person_other_company",
        "possible",
        lambda c, x: c.both["co_brand"] & (c.bits >= x.duplicate_bits),
        _fmt(
            "dd_person_other_company",
            fields=lambda c, x, k: np.array(_evidence_fields(c, x, k)),
            a=_val("co_brand", "i"),
            b=_val("co_brand", "j"),
        ),
    ),
    Rule(
        "shared_mobile_names_differ",
        "possible",
        lambda c, x: c.eq["mobile"],
        _fmt(
            "dd_shared_contact_names_differ",
            what=_what("dd_what_mobile"),
            v=_phones,
            a=_names("i"),
            b=_names("j"),
        ),
    ),
    Rule(
        "shared_email_names_differ",
        "possible",
        lambda c, x: c.eq["email"],
        _fmt(
            "dd_shared_contact_names_differ",
            what=_what("dd_what_email"),
            v=_val("email"),
            a=_names("i"),
            b=_names("j"),
        ),
    ),
    Rule("person_evidence", "duplicate", lambda c, x: c.bits >= x.duplicate_bits, _evidence_fields),
    Rule(
        "brand_other_city",
        "possible",
        lambda c, x: (
            c.eq["co_brand"]
            & c.both["co_place"]
            & ~c.eq["co_place"]
            & _compatible("co_industry")(c, x)
        ),
        _fmt(
            "dd_brand_other_city", v=_company_core, a=_val("co_place", "i"), b=_val("co_place", "j")
        ),
    ),
    Rule(
        "person_evidence_weak", "possible", lambda c, x: c.bits >= x.possible_bits, _evidence_fields
    ),
    Rule("else", "none", lambda c, x: np.ones(len(c.i), dtype=bool), _fmt("dd_else"), 0.0),
)


def decide(c: Comparison, x: Context, rules: tuple[Rule, ...] = RULES) -> pd.DataFrame:
    """Apply the rules in order; one row per candidate pair that is a duplicate or possible one.

    Columns: ``i``, ``j`` (record positions), ``tier``, ``rule``, ``score`` (0..100), ``reason``.
    """
    todo = np.ones(len(c.i), dtype=bool)
    parts: list[pd.DataFrame] = []
    evidence = np.clip(c.bits * POINTS_PER_BIT, 0, 100).round(1)
    for rule in rules:
        hit = todo & rule.applies(c, x)
        todo &= ~hit
        if rule.tier == "none" or not hit.any():
            continue
        k = np.nonzero(hit)[0]
        score = np.full(len(k), rule.fixed_score) if rule.fixed_score is not None else evidence[k]
        parts.append(
            pd.DataFrame(
                {
                    "i": c.i[k],
                    "j": c.j[k],
                    "tier": rule.tier,
                    "rule": rule.name,
                    "score": score,
                    "reason": rule.reason(c, x, k),
                }
            )
        )
    cols = ["i", "j", "tier", "rule", "score", "reason"]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
