"""Blocking for :mod:`addin.duplicates.find`: which pairs of records are compared at all.

Records sharing an exact key (mobile, e-mail, credit code, company brand, name + birth year,
...) are paired. An identifier shared by more records than the cap (a switchboard number) is
skipped and reported. A descriptive key (a name, a name word, a birthday) held by many records
is not paired out in full: its records are sorted by another feature and each is paired with
its nearest neighbours in that order (sorted neighbourhood), so the candidate pairs per record
stay flat however many records there are.

A pair found only that way was drawn from a block of many records, not from a small block
whose every pair is compared: its prior odds of being a match are lower by the block's size
over :data:`PRIOR_BLOCK` (Fellegi-Sunter), and :func:`candidate_pairs` says by how many bits.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..intake.normalize import format_phone
from .keys import Features

__all__ = ["BlockReport", "candidate_pairs", "window_prior_bits"]


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
    keys: np.ndarray,
    rec: np.ndarray,
    cap: int,
    report: BlockReport,
    window: int | None = None,
    order: np.ndarray | None = None,
    skip: bool = False,
    full: int | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of records sharing a key, and per pair the size of the block it was drawn from by
    neighbours (0 for a pair of a block paired in full).

    Without a ``window``: all pairs, for keys held by 2..cap records (a key held by more is
    skipped and reported). With one: no key is skipped; within a key the records are sorted by
    ``order`` (a per-record rank, e.g. of the birthday) and each is paired with the next
    ``window`` records, so a key held by ``s`` records gives at most ``s * window`` pairs.
    """
    ok = keys >= 0
    keys, rec = keys[ok], rec[ok]
    if not len(keys):
        return np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int64)
    counts = np.bincount(keys)
    size = counts[keys]
    keep = size >= 2
    if window is None or skip:
        big = size > cap
        if big.any():
            report.skipped_keys += int((counts > cap).sum())
            report.skipped_records += int(big.sum())
        keep &= ~big
    keys, rec, size = keys[keep], rec[keep], size[keep]
    if window is None:
        i, j, _ = _neighbours(keys, rec, None, cap, np.inf)
        return i, j, np.zeros(len(i), np.int64)
    full = FULL_BLOCK if full is None else full
    small = size <= full  # small blocks: every pair, as an identifier's
    i, j, _ = _neighbours(keys[small], rec[small], None, full, np.inf)
    k, r = keys[~small], rec[~small]
    bi, bj, bk = _neighbours(k, r, order, window + 1, BUDGET * len(k))
    sizes = np.concatenate([np.zeros(len(i), np.int64), counts[bk]])
    return np.concatenate([i, bi]), np.concatenate([j, bj]), sizes


def _neighbours(
    keys: np.ndarray, rec: np.ndarray, order: np.ndarray | None, reach: int, budget: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of records 1..reach-1 apart in the order (key, ``order``), and each pair's key: the
    step-1 pairs always, further steps while the pairs stay within ``budget``."""
    if order is None:
        ordered = np.argsort(keys, kind="stable")
    else:
        ordered = np.lexsort((rec, order[rec], keys))
    k, r = keys[ordered], rec[ordered]
    left: list[np.ndarray] = [np.empty(0, np.int64)]
    right: list[np.ndarray] = [np.empty(0, np.int64)]
    shared: list[np.ndarray] = [np.empty(0, np.int64)]
    found = 0
    for d in range(1, reach):  # pairs d apart in the sorted order
        same = k[:-d] == k[d:]
        count = int(same.sum())
        if not count or (d > 1 and found + count > budget):
            break
        found += count
        left.append(r[:-d][same])
        right.append(r[d:][same])
        shared.append(k[:-d][same])
    return np.concatenate(left), np.concatenate(right), np.concatenate(shared)


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


#: Candidate pairs per record that one descriptive key may add: within a name, a name word, a
#: birthday or a company held by more records than this, each record is paired with this many
#: neighbours in the key's sort order (sorted neighbourhood) instead of with every record.
WINDOW = 4
#: ...but a key held by at most this many records is paired in full (every pair of a small
#: block is compared, as an identifier's).
FULL_BLOCK = 8
#: ...except for these keys, whose small blocks hold what sorted neighbours would miss: a
#: person's name (the rest of a namesake's record decides), an address word (FEBRL's typo'd
#: streets), a single name word (paired only up to the cap). Fully paired, a block of ``s``
#: records costs (s - 1) / 2 pairs per record, which grows with the block while the blocks
#: grow with the records: 30 for every key made the pairs per record 9.3 at 1M generated
#: records and 15.4 at 2M; with these sizes 7.4 and 9.0, and the tuned sets (FEBRL1/2, hard
#: Chinese seeds 0-2) find the same duplicate pairs.
FULL_BLOCKS = {"name": 12, "address_token": 12, "name_token": 30}
#: ...and at most this many pairs per record holding the key: the neighbours one step away
#: are always paired (every block stays one chain), further steps only while the key's pairs
#: stay within the budget. A key whose blocks grow with the records (names, birthdays) thus
#: adds the same pairs per record at 200,000 records as at 2,000,000.
BUDGET = 2.0
#: The block size the evidence bits are set for: a pair drawn by neighbours from a block of
#: ``s`` records, more than this, loses log2(s / PRIOR_BLOCK) bits of prior odds (a block up
#: to this size was paired in full once, and its pairs' evidence weighs as it did then).
PRIOR_BLOCK = 30
#: Descriptive keys that are still skipped when held by more records than the cap: a single
#: name word ('wei', 'zhang') says too little on its own to be worth its neighbours.
SKIP_COMMON = frozenset({"name_token"})


def _rank(f: Features, *cols: str) -> np.ndarray:
    """Per record its place in the order of features ``cols`` (by text; missing values last)."""
    ranks = []
    for col in reversed(cols):  # np.lexsort: the last key is the most significant
        values = f.values[col]
        text_rank = np.empty(len(values) + 1, dtype=np.int64)
        text_rank[np.argsort(values.astype(str), kind="stable")] = np.arange(len(values))
        text_rank[-1] = len(values)
        ranks.append(text_rank[f.codes[col]])  # code -1 picks the trailing 'missing'
    out = np.empty(f.n, dtype=np.int64)
    out[np.lexsort(ranks)] = np.arange(f.n)
    return out


#: Threads making and pairing the blocking keys side by side.
BLOCK_THREADS = 2
#: A blocking key's keys and records, made when the key is paired.
Keys = Callable[[], tuple[np.ndarray, np.ndarray]]


def candidate_pairs(
    f: Features, cap: int = 50
) -> tuple[np.ndarray, np.ndarray, list[BlockReport], np.ndarray]:
    """Distinct candidate pairs (i < j) from every blocking key, what each key did, and per pair
    the bits its prior odds lose for having been drawn from a big block only
    (:func:`window_prior_bits`; 0 for a pair of any block paired in full)."""
    c = f.codes
    birth_year = _derived(f, "birth", lambda v: v[:4])
    initials = _derived(f, "name_key", _initials)
    rec = np.arange(f.n, dtype=np.int64)

    def same(col: str) -> Keys:
        return lambda: (c[col].astype(np.int64), rec)

    def words(col: str, other: str | None = None) -> Keys:
        def make() -> tuple[np.ndarray, np.ndarray]:
            tokens[col].result()  # the words of ``col``, split once for its keys
            return _token_keys(f, col, None if other is None else c[other].astype(np.int64))

        return make

    # (key name, its keys and records, the order within a big block: a rank or None)
    specs: list[tuple[str, Keys, str | None]] = [
        ("mobile", same("mobile"), None),
        ("phone", same("phone"), None),
        ("email", same("email"), None),
        ("wechat", same("wechat"), None),
        ("credit_code", same("credit_code"), None),
        ("id_number", same("id_number"), None),
        ("company", same("co_brand"), "account"),
        ("company_pinyin", lambda: (_with_latin(c["co_brand_py"], c["co_latin"]), rec), "account"),
        ("email_domain", same("email_domain"), "name"),
        ("name", same("name_key"), "birth"),
        ("name+birth_year", lambda: (_combine(c["name_key"], birth_year), rec), "birth"),
        ("birthday+initials", lambda: (_combine(initials, c["birth"]), rec), "name"),
        ("name+address", lambda: (_combine(c["name_key"], c["address"]), rec), "birth"),
        ("name+company", lambda: (_combine(c["name_key"], c["co_brand"]), rec), "birth"),
        ("name_token+birthday", words("name_key", "birth"), "name"),
        ("name_token+address", words("name_key", "address"), "name"),
        ("name_token", words("name_key"), "address"),
        ("address_token", words("address"), "name"),
        ("birthday", same("birth"), "name"),
    ]

    def paired(spec: tuple[str, Keys, str | None]) -> tuple[BlockReport, np.ndarray]:
        name, make, rank = spec
        keys, recs = make()
        order = None if rank is None else ranks[rank].result()
        report = BlockReport(name)
        window = None if order is None else WINDOW
        skip = name in SKIP_COMMON
        i, j, sizes = _pairs_in_blocks(
            keys, recs, cap, report, window, order, skip, FULL_BLOCKS.get(name, FULL_BLOCK)
        )
        lo, hi = np.minimum(i, j), np.maximum(i, j)
        keep = lo != hi
        report.pairs = int(keep.sum())
        if report.skipped_keys and name in _SINGLE_FEATURE:
            report.examples = _common_values(f, _SINGLE_FEATURE[name], keys, cap)
        return report, (lo[keep] * f.n + hi[keep]) * _LEVELS + _prior_level(sizes[keep])

    # Side by side in threads: the work is NumPy's (sorts, comparisons), which lets go of the
    # GIL. The ranks and words are sent first: a key waiting for one waits for work under way.
    with ThreadPoolExecutor(BLOCK_THREADS) as threads:
        ranks = {
            name: threads.submit(_rank, f, *cols)
            for name, cols in (
                ("birth", ("birth", "name_key")),
                ("name", ("name_key", "birth")),
                ("account", ("co_industry", "co_place", "address")),
                ("address", ("address", "name_key")),
            )
        }
        tokens = {col: threads.submit(_tokens, f, col) for col in ("name_key", "address")}
        done = list(threads.map(paired, specs))
    reports = [r for r, _ in done]
    all_pairs = [p for _, p in done]
    # Sorted, a pair's smallest prior level comes first: the pair keeps its best block's prior.
    flat = np.sort(np.concatenate(all_pairs)) if all_pairs else np.empty(0, np.int64)
    pair, level = flat // _LEVELS, flat % _LEVELS
    first = np.r_[True, pair[1:] != pair[:-1]] if len(flat) else np.empty(0, bool)
    pair, level = pair[first], level[first]
    return pair // f.n, pair % f.n, reports, level / _STEPS


#: The prior bits of a pair are kept in 1/8 bits, at most 31.875, beside the pair's code.
_STEPS, _LEVELS = 8, 256


def _prior_level(sizes: np.ndarray) -> np.ndarray:
    """Per pair (block size, 0 if paired in full) its prior bits in eighths of a bit."""
    out = np.zeros(len(sizes), dtype=np.int64)
    big = np.flatnonzero(sizes > PRIOR_BLOCK)  # most pairs come from blocks paired in full
    bits = np.log2(sizes[big] / PRIOR_BLOCK)
    out[big] = np.clip(np.ceil(bits * _STEPS), 0, _LEVELS - 1)
    return out


def window_prior_bits(block_size: int) -> float:
    """Bits a pair loses for having been drawn by neighbours from a block of ``block_size``
    records only: the evidence bits are set for pairs of a block of at most
    :data:`PRIOR_BLOCK` records, every pair of which was compared, and a pair drawn from a block
    ``s`` times as large has ``s`` times lower prior odds of being a match (each doubling of
    the block halves them), as the file-size prior does for the whole file
    (:data:`~addin.duplicates.compare.PRIOR_RECORDS`).

    >>> window_prior_bits(30), window_prior_bits(120)
    (0.0, 2.0)
    """
    return float(_prior_level(np.array([block_size]))[0] / _STEPS)
