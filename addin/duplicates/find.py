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

import os
import time
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from ..config import Config, settings_from_mapping
from ..messages import msg, register
from ..schema import Lang, label
from .compare import compare
from .keys import BlockReport, build_features, candidate_pairs, components
from .output import (
    RowMark,
    duplicates_sheet,
    mark_rows,
    rep_notices,
    write_clusters_csv,
    write_duplicates,
)
from .rules import POINTS_PER_BIT, Context, decide

__all__ = [
    "DedupeSettings",
    "load_dedupe_settings",
    "DedupeResult",
    "GROUP_COLUMNS",
    "find_duplicates",
    "owner_order",
    "RowMark",
    "duplicates_sheet",
    "write_duplicates",
    "write_clusters_csv",
    "mark_rows",
    "rep_notices",
]

#: Candidate pairs compared at a time (each costs ~100 bytes while it is compared).
PAIR_CHUNK = 2_000_000
OwnerRule = Literal["earliest_registered", "most_recent_contact", "highest_amount"]
#: Columns of :attr:`DedupeResult.groups` and of the clusters CSV, in order.
GROUP_COLUMNS = [
    "group_id", "file", "sheet", "row", "customer_id", "rep", "owner", "tier", "score", "reasons",
]  # fmt: skip

register(
    {
        "dd_no_keys": (
            "没有可比较的信息：所有记录的姓名、手机、电话、邮箱、公司名称都为空，无法查重",
            "nothing to compare: every record's name, mobile, phone, e-mail and company are empty",
        ),
        "dd_skipped_keys": (
            "{key}：{keys} 个值被 {records} 条记录共用（超过 {cap} 条，例如 {examples}），未按它配对",
            "{key}: {keys} value(s) shared by {records} records (over {cap}, e.g. {examples}) were "
            "not used for pairing",
        ),
        "dd_no_records": ("没有客户记录", "no customer records"),
        "dd_summary": (
            "{records} 条记录，{groups} 组重复（{cross} 组跨业务员）：{dups} 条重复、{possible} 条疑似；已写入 {out}",
            "{records} records, {groups} duplicate groups ({cross} across reps): {dups} duplicate and "
            "{possible} possible records; written to {out}",
        ),
    }
)


@dataclass(frozen=True)
class DedupeSettings:
    """The ``[dedupe]`` table of intake.toml.

    ``duplicate_score`` / ``possible_score``: evidence score (0-100, 10 points per bit of
    evidence) from which a pair is a duplicate / a possible duplicate to review. Identifier
    rules (credit code, mobile, e-mail, ...) score 100, the same account 95.
    ``email_mode``: ``"webmail"`` ignores dots and '+tag' where the provider does (Gmail:
    both; Outlook, Hotmail, iCloud: '+tag'), ``"none"`` compares e-mails as typed (case
    aside), ``"all"`` drops '+tag' for every domain.
    ``block_cap``: a blocking key shared by more records than this is skipped and reported.
    """

    owner_rule: OwnerRule = "earliest_registered"
    duplicate_score: float = 60.0
    possible_score: float = 45.0
    email_mode: Literal["none", "webmail", "all"] = "webmail"
    block_cap: int = 50

    def __post_init__(self) -> None:
        if self.owner_rule not in ("earliest_registered", "most_recent_contact", "highest_amount"):
            raise ValueError(f"owner_rule: unknown rule {self.owner_rule!r}")
        if self.email_mode not in ("none", "webmail", "all"):
            raise ValueError(f"email_mode: unknown mode {self.email_mode!r}")
        if not 0 <= self.possible_score <= self.duplicate_score <= 100:
            raise ValueError("need 0 <= possible_score <= duplicate_score <= 100")
        if self.block_cap < 2:
            raise ValueError("block_cap must be at least 2")


def load_dedupe_settings(config: Config | None = None) -> DedupeSettings:
    """The ``[dedupe]`` table of the configuration (defaults without one)."""
    return settings_from_mapping(
        DedupeSettings, config.section("dedupe") if config else {}, section="dedupe"
    )


@dataclass
class DedupeResult:
    """Duplicate groups, the scored pairs behind them and notes on what was skipped."""

    groups: pd.DataFrame
    pairs: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    stats: dict[str, float] = field(default_factory=dict)
    blocks: list[BlockReport] = field(default_factory=list)


def _file_times(files: pd.Series) -> pd.Series:
    """Modification time of each source file (NaN when it is not on disk)."""
    times: dict[str, float] = {}
    for name in pd.unique(files.astype(str)):
        try:
            times[name] = os.stat(name).st_mtime
        except OSError:
            times[name] = np.nan
    return files.astype(str).map(times)


def owner_order(members: pd.DataFrame, rule: OwnerRule = "earliest_registered") -> pd.DataFrame:
    """Members sorted so that the first row of each group is its owner.

    ``earliest_registered``: earliest registered_on; ``most_recent_contact``: latest
    last_contact; ``highest_amount``: largest total_amount. Ties (and missing values, which
    sort last) go to the earliest registration, then the earliest file modification time,
    then file name and row.

    Args:
        members: customer rows with ``group_id`` and the source columns.
        rule: which record keeps a contested customer.

    Example:
        >>> owner_order(members).groupby("group_id").head(1)  # doctest: +SKIP
    """
    m = members.assign(_mtime=_file_times(members["_file"]))
    keys = ["registered_on", "_mtime", "_file", "_row"]
    asc = [True, True, True, True]
    if rule == "most_recent_contact":
        keys, asc = ["last_contact", *keys], [False, *asc]
    elif rule == "highest_amount":
        keys, asc = ["total_amount", *keys], [False, *asc]
    m = m.sort_values(keys, ascending=asc, na_position="last", kind="stable")
    return m.sort_values("group_id", kind="stable").drop(columns="_mtime")


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


def _groups(customers: pd.DataFrame, pairs: pd.DataFrame, settings: DedupeSettings) -> pd.DataFrame:
    """One row per record in a group, with owner, tier, best score and reasons."""
    n = len(customers)
    labels = components(n, pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64))
    in_group = np.zeros(n, dtype=bool)
    in_group[pairs["i"].to_numpy(np.int64)] = True
    in_group[pairs["j"].to_numpy(np.int64)] = True
    idx = np.nonzero(in_group)[0]
    if not len(idx):
        return pd.DataFrame(columns=[*GROUP_COLUMNS, "is_owner", "cross_rep", "_pos"])
    ends = pd.concat([pairs.rename(columns={"i": "_pos"}), pairs.rename(columns={"j": "_pos"})])
    ends = ends.assign(_dup=ends["tier"] == "duplicate").sort_values(
        ["_dup", "score"], ascending=False, kind="stable"
    )
    best = ends.drop_duplicates("_pos").set_index("_pos")
    rows = customers.iloc[idx].reset_index(drop=True)
    rows["_pos"] = idx
    rows["_label"] = labels[idx]
    rows["group_id"] = pd.factorize(rows["_label"], sort=True)[0] + 1
    rows = owner_order(rows, settings.owner_rule)
    owner_rep = rows.groupby("group_id", sort=False)["rep"].transform("first")
    first = ~rows["group_id"].duplicated()
    cross = rows["group_id"].map(rows.groupby("group_id")["rep"].nunique(dropna=True) > 1)
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
            "cross_rep": cross.to_numpy(dtype=bool),
            "_pos": rows["_pos"].to_numpy(),
        }
    )
    return out.reset_index(drop=True)


def _joined_reasons(ends: pd.DataFrame) -> pd.Series:
    """Per record, the distinct reasons of its pairs (strongest first), joined with '; '."""
    e = ends[["_pos", "reason"]].drop_duplicates()
    e = e.sort_values("_pos", kind="stable")
    pos, reasons = e["_pos"].to_numpy(), e["reason"].to_numpy()
    starts = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]]) if len(pos) else np.empty(0, int)
    bounds = np.r_[starts, len(pos)]
    texts = ["; ".join(reasons[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    return pd.Series(texts, index=pos[starts], dtype=object)


def find_duplicates(
    customers: pd.DataFrame, settings: DedupeSettings | None = None, *, lang: Lang = "zh"
) -> DedupeResult:
    """Find duplicate customers in a customer frame and decide who owns each.

    Args:
        customers: the customer frame (:mod:`addin.records`), e.g. ``load_customers(...).customers``.
        settings: thresholds, owner rule, e-mail folding (:class:`DedupeSettings`).
        lang: language of the reasons and notes.

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
    feats = build_features(customers, email_mode=settings.email_mode)
    t1 = time.perf_counter()
    i, j, blocks = candidate_pairs(feats, cap=settings.block_cap)
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
    )
    # Candidate pairs are compared in chunks: memory stays flat however many there are.
    chunks = [
        decide(compare(feats, i[k : k + PAIR_CHUNK], j[k : k + PAIR_CHUNK]), ctx)
        for k in range(0, max(len(i), 1), PAIR_CHUNK)
    ]
    found = [c for c in chunks if len(c)]
    pairs = pd.concat(found, ignore_index=True) if len(found) > 1 else (found or chunks)[0]
    t3 = time.perf_counter()
    groups = _groups(customers, pairs, settings)
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
