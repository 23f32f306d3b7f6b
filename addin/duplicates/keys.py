"""Matching features, blocking and connected components for :mod:`addin.duplicates.find`.

Features are computed once per distinct value and stored as integer codes, so comparing a
pair of records is an array lookup. Blocking pairs records that share an exact key (mobile,
e-mail, credit code, company brand, name + birth year, ...); a key shared by more records
than the cap (a switchboard number, 张伟 born 1985) is skipped and reported, which keeps the
cost near-linear in the number of records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..intake.normalize import format_phone
from ..intake.text import is_blank
from ..per_value import cells, distinct_texts, encode, mapped
from .fields import company_parts, email_domain, person_name, shared_places
from .names import fold_address, fold_email, fold_text, name_key, name_tokens

__all__ = ["Features", "build_features", "candidate_pairs", "BlockReport", "components"]

#: Feature columns compared for equality (held as integer codes, -1 when missing).
CODE_COLUMNS = (
    "name_exact",
    "name_key",
    "name_concat",
    "birth",
    "address",
    "mobile",
    "phone",
    "email",
    "wechat",
    "credit_code",
    "id_number",
    "gender",
    "co_brand",
    "co_place",
    "co_industry",
    "co_brand_py",
    "co_latin",
    "co_gov",
    "email_domain",
)
#: Place columns sharing one code space, so that a place can be compared with the prefecture
#: or province of another record (昆山 lies in 苏州).
PLACE_COLUMNS = ("co_place", "co_pref", "co_prov")


@dataclass
class Features:
    """Per-record matching features: ``codes[col]`` int32 arrays and the distinct values."""

    n: int
    codes: dict[str, np.ndarray] = field(default_factory=dict)
    values: dict[str, np.ndarray] = field(default_factory=dict)
    #: name words: per record the codes of its first two (sorted) words, and each word's share
    #: of the records (how common the word is: 'zhang' is, 'rokobaro' is not)
    name_words: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.int64), np.empty(0, np.int64))
    word_share: np.ndarray = field(default_factory=lambda: np.empty(0))
    words: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=object))
    #: arrays derived from the above, computed on first use (the pairs come in chunks)
    cache: dict[str, np.ndarray] = field(default_factory=dict)

    def derived(self, key: str, make: Callable[[], np.ndarray]) -> np.ndarray:
        """``make()``, computed once per Features and then kept under ``key``."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def value(self, col: str, idx: np.ndarray) -> np.ndarray:
        """The feature values (object array, None when missing) of records ``idx``."""
        c = self.codes[col][idx]
        vals = np.empty(len(self.values[col]) + 1, dtype=object)
        vals[:-1] = self.values[col]
        out: np.ndarray = vals[np.where(c >= 0, c, len(vals) - 1)]
        return out


def _dates(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Birthdays as 'YYYYMMDD' text; raw text (FEBRL's typo'd dates) passes through."""
    if pd.api.types.is_datetime64_any_dtype(s):
        codes, uniques = pd.factorize(s.reset_index(drop=True), use_na_sentinel=True)
        days = pd.DatetimeIndex(uniques).strftime("%Y%m%d").tolist()  # once per distinct date
        return encode(list(days), np.asarray(codes, dtype=np.int64))
    return mapped(distinct_texts(s), lambda v: "".join(ch for ch in v if ch.isdigit()) or None)


def _phone(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    return mapped(distinct_texts(s), lambda v: v.split(";ext=")[0])


def _plain(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values compared as they are (already canonical after validation)."""
    codes, uniques = pd.factorize(cells(s), use_na_sentinel=True)
    return codes.astype(np.int32), np.asarray(uniques, dtype=object)


def _column(customers: pd.DataFrame, key: str) -> pd.Series:
    if key in customers.columns:
        return customers[key].reset_index(drop=True)
    return pd.Series([None] * len(customers), dtype=object)


def build_features(customers: pd.DataFrame, *, email_mode: str = "webmail") -> Features:
    """Compute the matching features of a customer frame (rows by position).

    Every feature is computed once per distinct text of its column (a million records hold
    far fewer distinct names, companies, addresses) and held as integer codes.
    """

    def col(key: str) -> pd.Series:
        return _column(customers, key)

    titled = mapped(distinct_texts(col("customer_name")), person_name)
    names = (titled[0].astype(np.int64), [str(v) for v in titled[1]])
    co_codes, co_texts = distinct_texts(col("company"))
    parts = company_parts(co_texts)
    gender = cells(col("gender")).where(lambda g: g != "unknown", None)
    emails = mapped(distinct_texts(col("email")), lambda v: fold_email(v, email_mode) or None)
    raw: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "name_exact": mapped(names, lambda v: fold_text(v).replace(" ", "") or None),
        "name_key": mapped(names, lambda v: name_key(v) or None),
        "name_concat": mapped(names, lambda v: "".join(name_tokens(v)) or None),
        "birth": _dates(col("birthday")),
        "address": mapped(distinct_texts(col("address")), lambda v: fold_address(v) or None),
        "mobile": _phone(col("mobile")),
        "phone": _phone(col("phone")),
        "email": emails,
        "email_domain": mapped((emails[0], [str(v) for v in emails[1]]), email_domain),
        "wechat": mapped(
            distinct_texts(col("wechat")), lambda v: None if is_blank(v) else fold_text(v) or None
        ),
        "credit_code": _plain(col("credit_code")),
        "id_number": _plain(col("id_number")),
        "gender": _plain(gender),
        "co_brand": encode(parts["brand"], co_codes),
        "co_industry": encode(parts["industry"], co_codes),
        "co_brand_py": encode(parts["py"], co_codes),
        "co_latin": encode(parts["latin"], co_codes),
        "co_gov": encode(parts["gov"], co_codes),
        **shared_places(parts, co_codes, PLACE_COLUMNS),
    }
    feats = Features(len(customers))
    for name in (*CODE_COLUMNS, "co_pref", "co_prov"):
        feats.codes[name], feats.values[name] = raw[name]
    _add_name_words(feats)
    return feats


def _add_name_words(feats: Features) -> None:
    keys = feats.values["name_key"]
    words = [k.split() for k in keys]
    first = [w[0] if w else "" for w in words]
    second = [w[1] if len(w) > 1 else "" for w in words]
    codes, vocab = pd.factorize(np.array(first + second + [""], dtype=object))
    blank = codes[-1]
    codes = np.where(codes == blank, -1, codes)[:-1].astype(np.int64)
    rec = feats.codes["name_key"]
    present = rec >= 0
    w0 = np.where(present, codes[: len(keys)][np.maximum(rec, 0)] if len(keys) else -1, -1)
    w1 = np.where(present, codes[len(keys) :][np.maximum(rec, 0)] if len(keys) else -1, -1)
    counts = np.bincount(
        np.concatenate([w0[w0 >= 0], w1[(w1 >= 0) & (w1 != w0)]]), minlength=len(vocab)
    )
    feats.name_words = (w0, w1)
    feats.word_share = counts / max(int(present.sum()), 1)
    feats.words = np.asarray(vocab, dtype=object)


# --- blocking ---------------------------------------------------------------------------------


@dataclass
class BlockReport:
    """What one blocking key did: candidate pairs found and keys skipped as too common."""

    key: str
    pairs: int = 0
    skipped_keys: int = 0
    skipped_records: int = 0
    examples: list[str] = field(default_factory=list)


def _combine(*codes: np.ndarray) -> np.ndarray:
    """One code per record for a combination of feature codes (-1 if any part is missing)."""
    out = np.zeros(len(codes[0]), dtype=np.int64)
    missing = np.zeros(len(codes[0]), dtype=bool)
    for c in codes:
        out = out * (int(c.max(initial=0)) + 2) + c.astype(np.int64)
        missing |= c < 0
    out[missing] = -1
    return pd.factorize(out)[0].astype(np.int64) * np.where(missing, 0, 1) - missing


def _pairs_in_blocks(
    keys: np.ndarray, rec: np.ndarray, cap: int, report: BlockReport
) -> tuple[np.ndarray, np.ndarray]:
    """All pairs of records sharing a key, for keys held by 2..cap records."""
    ok = keys >= 0
    keys, rec = keys[ok], rec[ok]
    if not len(keys):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    counts = np.bincount(keys)
    size = counts[keys]
    big = size > cap
    if big.any():
        report.skipped_keys += int((counts > cap).sum())
        report.skipped_records += int(big.sum())
    keep = (size >= 2) & ~big
    keys, rec = keys[keep], rec[keep]
    order = np.argsort(keys, kind="stable")
    k, r = keys[order], rec[order]
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    for d in range(1, cap):  # pairs d apart in the sorted order; blocks are at most cap long
        same = k[:-d] == k[d:]
        if not same.any():
            break
        left.append(r[:-d][same])
        right.append(r[d:][same])
    if not left:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return np.concatenate(left), np.concatenate(right)


def _derived(f: Features, col: str, fn: Callable[[str], str]) -> np.ndarray:
    """Per-record codes of ``fn`` applied to each distinct value of feature ``col``."""
    codes = pd.factorize(np.array([fn(v) for v in f.values[col]], dtype=object))[0]
    rec = f.codes[col]
    return np.where(rec >= 0, codes[np.maximum(rec, 0)] if len(codes) else -1, -1).astype(np.int32)


def _with_latin(keys: np.ndarray, latin: np.ndarray) -> np.ndarray:
    """Brand pinyin keys of the blocks holding an English or pinyin company name (-1 for the
    rest): two Chinese brands of one pinyin (华信 / 桦信) are not paired by it."""
    k = keys.astype(np.int64)
    has = np.bincount(k[(k >= 0) & (latin >= 0)], minlength=int(k.max(initial=-1)) + 1) > 0
    out: np.ndarray = (
        np.where(k >= 0, np.where(has[np.maximum(k, 0)], k, -1), -1) if len(has) else k
    )
    return out


def _initials(key: str) -> str:
    return "".join(sorted(t[:1] for t in key.split()))


def _token_keys(
    f: Features, col: str, other: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Keys from each word of feature ``col`` (optionally combined with another feature):
    one key per word, so a typo in another word still leaves a shared key."""
    rec_rep, tok = _tokens(f, col)
    if other is not None:
        keep = other[rec_rep] >= 0
        rec_rep = rec_rep[keep]
        tok = tok[keep] * (int(other.max(initial=0)) + 2) + other[rec_rep]
    if not len(tok):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    return pd.factorize(tok)[0].astype(np.int64), rec_rep


def _tokens(f: Features, col: str) -> tuple[np.ndarray, np.ndarray]:
    """Per (record, word of its ``col`` value): the record and the word's code, in record order.

    Computed once per feature (name words make three blocking keys).
    """
    if f"tokens:{col}" not in f.cache:
        f.cache[f"tokens:{col}"], f.cache[f"token_codes:{col}"] = _expand_tokens(f, col)
    return f.cache[f"tokens:{col}"], f.cache[f"token_codes:{col}"]


def _expand_tokens(f: Features, col: str) -> tuple[np.ndarray, np.ndarray]:
    owners: list[int] = []  # flat lists, not (value, word) tuples: fewer objects for the GC
    words: list[str] = []
    for u, v in enumerate(f.values[col]):
        for t in dict.fromkeys(v.split()):
            if len(t) > 1:
                owners.append(u)
                words.append(t)
    if not words:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    uid = np.array(owners, dtype=np.int64)
    tcode = pd.factorize(np.array(words, dtype=object))[0].astype(np.int64)
    rec_val = f.codes[col].astype(np.int64)
    recs = np.nonzero(rec_val >= 0)[0]
    start = np.searchsorted(uid, rec_val[recs], side="left")  # uid is sorted by construction
    counts = np.searchsorted(uid, rec_val[recs], side="right") - start
    rec_rep = np.repeat(recs, counts)
    offs = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return rec_rep, tcode[np.repeat(start, counts) + offs]


#: Blocking keys that are one feature, so a skipped key can be shown as the value it stands for.
_SINGLE_FEATURE = {
    "mobile": "mobile",
    "phone": "phone",
    "email": "email",
    "wechat": "wechat",
    "credit_code": "credit_code",
    "id_number": "id_number",
    "company": "co_brand",
}


def _common_values(f: Features, col: str, keys: np.ndarray, cap: int, top: int = 3) -> list[str]:
    """The values of the most shared keys above the cap (a switchboard number, say)."""
    counts = np.bincount(keys[keys >= 0])
    over = np.nonzero(counts > cap)[0]
    order = over[np.argsort(-counts[over], kind="stable")][:top]
    show = format_phone if col in ("mobile", "phone") else str
    return [f"{show(f.values[col][k])} ×{counts[k]}" for k in order]


def candidate_pairs(f: Features, cap: int = 50) -> tuple[np.ndarray, np.ndarray, list[BlockReport]]:
    """Distinct candidate pairs (i < j) from every blocking key, and what each key did."""
    c = f.codes
    birth_year = _derived(f, "birth", lambda v: v[:4])
    initials = _derived(f, "name_key", _initials)
    rec = np.arange(f.n, dtype=np.int64)
    blocks: list[tuple[str, np.ndarray, np.ndarray]] = [
        ("mobile", c["mobile"].astype(np.int64), rec),
        ("phone", c["phone"].astype(np.int64), rec),
        ("email", c["email"].astype(np.int64), rec),
        ("wechat", c["wechat"].astype(np.int64), rec),
        ("credit_code", c["credit_code"].astype(np.int64), rec),
        ("id_number", c["id_number"].astype(np.int64), rec),
        ("company", c["co_brand"].astype(np.int64), rec),
        ("company_pinyin", _with_latin(c["co_brand_py"], c["co_latin"]), rec),
        ("email_domain", c["email_domain"].astype(np.int64), rec),
        ("name", c["name_key"].astype(np.int64), rec),
        ("name+birth_year", _combine(c["name_key"], birth_year), rec),
        ("birthday+initials", _combine(initials, c["birth"]), rec),
        ("name+address", _combine(c["name_key"], c["address"]), rec),
        ("name+company", _combine(c["name_key"], c["co_brand"]), rec),
    ]
    blocks += [
        ("name_token+birthday", *_token_keys(f, "name_key", c["birth"].astype(np.int64))),
        ("name_token+address", *_token_keys(f, "name_key", c["address"].astype(np.int64))),
        ("name_token", *_token_keys(f, "name_key")),
        ("address_token", *_token_keys(f, "address")),
        ("birthday", c["birth"].astype(np.int64), rec),
    ]
    reports: list[BlockReport] = []
    all_pairs: list[np.ndarray] = []
    for name, keys, recs in blocks:
        report = BlockReport(name)
        i, j = _pairs_in_blocks(keys, recs, cap, report)
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        keep = lo != hi
        report.pairs = int(keep.sum())
        if report.skipped_keys and name in _SINGLE_FEATURE:
            report.examples = _common_values(f, _SINGLE_FEATURE[name], keys, cap)
        all_pairs.append(lo[keep] * f.n + hi[keep])
        reports.append(report)
    flat = np.sort(np.concatenate(all_pairs)) if all_pairs else np.empty(0, np.int64)
    flat = flat[np.r_[True, flat[1:] != flat[:-1]]] if len(flat) else flat
    return flat // f.n, flat % f.n, reports


# --- components -------------------------------------------------------------------------------


def components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected-component label of each of ``n`` records (the smallest member index)."""
    labels = np.arange(n, dtype=np.int64)
    if not len(i):
        return labels
    while True:
        li, lj = labels[i], labels[j]
        low = np.minimum(li, lj)
        before = labels.copy()
        np.minimum.at(labels, li, low)
        np.minimum.at(labels, lj, low)
        while True:  # pointer jumping: every record points straight at its root
            nxt = labels[labels]
            if np.array_equal(nxt, labels):
                break
            labels = nxt
        if np.array_equal(labels, before):
            return labels
