"""Duplicate customers across reps (撞单): find them, decide who owns each, write the sheet.

A *customer* is the account (company) when the row has a company, the person otherwise; two
contacts at one company entered by two reps are a collision on that account. Records are
paired by blocking (:mod:`addin.duplicates.keys`), each pair is compared and decided by the
ordered rules of :mod:`addin.duplicates.rules` (each giving its reason in words), and the pairs
are joined into groups (connected components). Nothing is learnt from labels and nothing is
tuned per data set: the same rules run on any file.

Example:
    >>> result = find_duplicates(load_customers(["reps/"]).customers)  # doctest: +SKIP
    >>> write_duplicates(result, "duplicates.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..schema import Lang, label
from .blocking import BlockReport, candidate_pairs
from .compare import PairFields, compare
from .decisions import Decisions, apply_decisions
from .groups import Grouping, consistent_groups
from .keys import Features, build_features
from .owners import owner_order
from .result import GROUP_COLUMNS, DedupeResult
from .rules import POINTS_PER_BIT, Context, decide, worth_comparing
from .settings import DedupeSettings
from .texts import msg

if TYPE_CHECKING:
    from ..workers import Workers

__all__ = [
    "find_duplicates",
]

#: Candidate pairs compared at a time (each costs ~100 bytes while it is compared).
PAIR_CHUNK = 2_000_000
#: Chunks of candidate pairs compared side by side.
SCORE_THREADS = 2


def _notes(blocks: list[BlockReport], cap: int, lang: Lang) -> list[str]:
    identifiers = {"mobile", "phone", "email", "wechat", "credit_code", "id_number", "company"}
    return [
        msg(
            "dd_skipped_keys",
            lang,
            key=label(b.key, lang),
            keys=b.skipped_keys,
            records=b.skipped_records,
            cap=cap,
            examples=", ".join(b.examples) or "-",
        )  # fmt: skip
        for b in blocks
        if b.skipped_keys and b.key in identifiers
    ]


def _groups(customers: pd.DataFrame, grouping: Grouping, settings: DedupeSettings) -> pd.DataFrame:
    """One row per record in a group, with owner, tier, best score and reasons."""
    labels, pairs = grouping.labels, grouping.pairs
    same = labels[pairs["i"].to_numpy(np.int64)] == labels[pairs["j"].to_numpy(np.int64)]
    pairs = pairs[same]
    idx = np.flatnonzero(labels >= 0)
    if not len(idx) or not len(pairs):
        return pd.DataFrame(columns=[*GROUP_COLUMNS, "is_owner", "cross_rep", "_pos"])
    idx = np.unique(np.concatenate([pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64)]))
    ends = pd.concat([pairs.rename(columns={"i": "_pos"}), pairs.rename(columns={"j": "_pos"})])
    ends = ends.assign(_dup=ends["tier"] == "duplicate").sort_values(
        ["_dup", "score"], ascending=False, kind="stable"
    )
    best = ends.drop_duplicates("_pos").set_index("_pos")
    if grouping.suspicious:
        big = np.isin(labels[best.index.to_numpy(np.int64)], list(grouping.suspicious))
        best.loc[big, "tier"] = "suspicious"
    # only the columns the groups show and the owner rule sorts by: a wide frame costs its
    # every column at each sort
    cols = [c for c in _GROUP_SOURCE if c in customers.columns]
    rows = customers.iloc[idx][cols].reset_index(drop=True)
    rows["_pos"] = idx
    rows["_label"] = labels[idx]
    rows["group_id"] = pd.factorize(rows["_label"], sort=True)[0] + 1
    rows = owner_order(rows, settings.owner_rule)
    owner_rep = rows.groupby("group_id", sort=False)["rep"].transform("first")
    first = ~rows["group_id"].duplicated()
    cross = _cross_rep(rows["group_id"].to_numpy(), rows["rep"])
    all_reasons = _joined_reasons(ends)
    out = pd.DataFrame(
        {
            "group_id": rows["group_id"].to_numpy(),
            "file": rows["_file"].to_numpy(),
            "sheet": rows["_sheet"].to_numpy(),
            "row": rows["_row"].to_numpy(),
            "customer_id": rows["customer_id"].to_numpy(),
            "rep": rows["rep"].to_numpy(),
            "owner": owner_rep.to_numpy(),
            "tier": best["tier"].reindex(rows["_pos"]).to_numpy(),
            "score": best["score"].reindex(rows["_pos"]).to_numpy(),
            "reasons": all_reasons.reindex(rows["_pos"]).to_numpy(),
            "is_owner": first.to_numpy(),
            "cross_rep": cross,
            "_pos": rows["_pos"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)


#: The customers' columns :func:`_groups` reads (the owner rules' keys among them).
_GROUP_SOURCE = (
    "_file", "_sheet", "_row", "customer_id", "rep", "registered_on", "last_contact",
    "total_amount",
)  # fmt: skip


def _cross_rep(group_id: np.ndarray, rep: pd.Series) -> np.ndarray:
    """Per row (sorted by ``group_id``): its group holds two or more reps (missing reps aside)."""
    codes = pd.factorize(rep)[0]  # missing: -1
    starts = _run_starts(group_id)
    low = np.minimum.reduceat(np.where(codes >= 0, codes, np.iinfo(np.int64).max), starts)
    high = np.maximum.reduceat(codes, starts)
    many = high > low
    out: np.ndarray = np.repeat(many, np.diff(np.r_[starts, len(group_id)]))
    return out


def _run_starts(values: np.ndarray) -> np.ndarray:
    """Where each run of equal values begins in ``values`` (sorted, so each value is one run)."""
    if not len(values):
        return np.empty(0, np.int64)
    return np.flatnonzero(np.r_[True, values[1:] != values[:-1]])


def _group_notes(
    groups: pd.DataFrame, grouping: Grouping, settings: DedupeSettings, lang: Lang
) -> list[str]:
    """Notes on the groups split at conflicting codes and the suspiciously large ones."""
    if groups.empty:
        return []
    gid = pd.Series(groups["group_id"].to_numpy(), index=grouping.labels[groups["_pos"].to_numpy()])
    gid = gid[~gid.index.duplicated()]
    out = []
    split = sorted({int(gid[g]) for g in grouping.labels[grouping.split_groups] if g in gid.index})
    out += [msg("dd_group_conflict", lang, group=g) for g in split]
    out += [
        msg("dd_group_too_large", lang, group=int(gid[g]), size=size, cap=settings.max_group_size)
        for g, size in sorted(grouping.suspicious.items())
        if g in gid.index
    ]
    return out


def _joined_reasons(ends: pd.DataFrame) -> pd.Series:
    """Per record, the distinct reasons of its pairs (strongest first), joined with '; '."""
    e = ends[["_pos", "reason"]].drop_duplicates()
    e = e.sort_values("_pos", kind="stable")
    pos, reasons = e["_pos"].to_numpy(), e["reason"].to_numpy()
    starts = _run_starts(pos)
    bounds = np.r_[starts, len(pos)]
    texts = ["; ".join(reasons[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return pd.Series(texts, index=pos[starts], dtype=object)


def _decided(
    feats: Features, i: np.ndarray, j: np.ndarray, prior: np.ndarray, ctx: Context
) -> pd.DataFrame:
    """The rules' rows for candidate pairs ``i``, ``j``: only the pairs a rule other than the
    else could take are compared (:func:`~addin.duplicates.rules.worth_comparing`)."""
    keep = worth_comparing(PairFields(feats, i, j), prior, ctx)
    # compared afresh: gathering the kept pairs' codes again costs less than picking them out
    # of the arrays gathered for all the pairs
    return decide(compare(feats, i[keep], j[keep], prior[keep]), ctx)


def find_duplicates(
    customers: pd.DataFrame,
    settings: DedupeSettings | None = None,
    *,
    lang: Lang = "zh",
    decisions: Decisions | None = None,
    pool: Workers | None = None,
) -> DedupeResult:
    """Find duplicate customers in a customer frame and decide who owns each.

    Args:
        customers: the customer frame (:mod:`addin.records`), e.g. ``load_customers(...).customers``.
        settings: thresholds, owner rule, e-mail folding (:class:`DedupeSettings`).
        lang: language of the reasons and notes.
        decisions: the manager's earlier decisions (:func:`read_decisions`): pairs marked
            不是重复 are never flagged, pairs marked 确认重复 are duplicates, settled.
        pool: worker processes (:mod:`addin.workers`) that parse the company names of a big
            frame while this process computes the other features; the result is the same.

    Returns:
        ``groups``: one row per record in a group (:data:`GROUP_COLUMNS` plus ``is_owner``,
        ``cross_rep`` and ``_pos``, the record's position in ``customers``); ``pairs``: every
        pair judged a duplicate or possible duplicate with ``rule``, ``score`` and ``reason``.

    Example:
        >>> from addin.records import make_customers
        >>> df = make_customers([
        ...     {"rep": "张三", "customer_name": "王伟", "mobile": "+8613812345678"},
        ...     {"rep": "李四", "customer_name": "王伟", "mobile": "+8613812345678"},
        ... ])
        >>> find_duplicates(df, lang="en").groups["reasons"].tolist()
        ['same mobile 138 1234 5678', 'same mobile 138 1234 5678']
    """
    settings = settings or DedupeSettings()
    t0 = time.perf_counter()
    customers = customers.reset_index(drop=True)
    for c in ("_file", "_sheet", "_row", "rep", "customer_id", "customer_name"):
        if c not in customers.columns:
            customers[c] = None
    feats = build_features(customers, email_mode=settings.email_mode, pool=pool)
    t1 = time.perf_counter()
    i, j, blocks, prior = candidate_pairs(feats, cap=settings.block_cap)
    t2 = time.perf_counter()
    notes = _notes(blocks, settings.block_cap, lang)
    if len(customers) == 0:
        notes.append(msg("dd_no_records", lang))
    elif all(
        (feats.codes[k] < 0).all() for k in ("name_key", "mobile", "phone", "email", "co_brand")
    ):
        notes.append(msg("dd_no_keys", lang))
    ctx = Context(
        feats,
        customers["customer_name"].astype(object).to_numpy(),
        settings.duplicate_score / POINTS_PER_BIT,
        settings.possible_score / POINTS_PER_BIT,
        lang,
        customers["company"].astype(object).to_numpy()
        if "company" in customers.columns
        else np.full(len(customers), None, dtype=object),
    )
    # Candidate pairs are compared in chunks: memory stays flat however many there are; two at a
    # time in threads (NumPy and rapidfuzz let go of the GIL while they work).
    starts = range(0, max(len(i), 1), PAIR_CHUNK)
    with ThreadPoolExecutor(SCORE_THREADS) as threads:
        chunks = list(
            threads.map(
                lambda k: _decided(
                    feats,
                    i[k : k + PAIR_CHUNK],
                    j[k : k + PAIR_CHUNK],
                    prior[k : k + PAIR_CHUNK],
                    ctx,
                ),
                starts,
            )
        )
    found = [c for c in chunks if len(c)]
    pairs = pd.concat(found, ignore_index=True) if len(found) > 1 else (found or chunks)[0]
    if decisions is not None:
        pairs = apply_decisions(pairs, customers, decisions, lang)
        notes.append(
            msg(
                "dd_decisions_read",
                lang,
                no=len(decisions.no),
                yes=len(decisions.yes),
                path=decisions.source,
            )
        )
    t3 = time.perf_counter()
    grouping = consistent_groups(len(customers), pairs, feats, settings.max_group_size)
    pairs = grouping.pairs
    groups = _groups(customers, grouping, settings)
    notes += _group_notes(groups, grouping, settings, lang)
    t4 = time.perf_counter()
    stats = {
        "records": float(len(customers)),
        "candidate_pairs": float(len(i)),
        "pairs": float(len(pairs)),
        "groups": float(groups["group_id"].nunique()),
        "features_s": t1 - t0,
        "blocking_s": t2 - t1,
        "scoring_s": t3 - t2,
        "grouping_s": t4 - t3,
    }
    return DedupeResult(groups, pairs, notes, stats, blocks)
