"""Groups that never contradict themselves, from the pairs the rules decided.

1. Duplicate pairs are joined into groups (connected components). A group that would hold two
   different credit codes or ID numbers is rebuilt strongest link first, and a link that would
   join conflicting records is left out (the pair stays on the pairs sheet as "possible").
2. "Possible" pairs then add records to groups, strongest first, but never join two groups
   that hold duplicates: a possible link is a question, not a merge.
3. A group larger than ``max_size`` is marked suspicious (a shared switchboard or placeholder
   chaining strangers), not shown as one customer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .keys import Features, components

__all__ = ["Grouping", "consistent_groups"]


@dataclass
class Grouping:
    """Per record its group label (-1: in no group); pairs with tiers after splitting."""

    labels: np.ndarray
    pairs: pd.DataFrame
    split_groups: list[int] = field(default_factory=list)  # labels of groups split at conflicts
    suspicious: dict[int, int] = field(default_factory=dict)  # label -> size


class _Sets:
    """Union-find whose roots remember one credit code and one ID number (-1: none yet)."""

    def __init__(self, credit: np.ndarray, ident: np.ndarray) -> None:
        self.parent: dict[int, int] = {}
        self.credit = credit
        self.ident = ident
        self.codes: dict[int, tuple[int, int]] = {}
        self.has_dup: dict[int, bool] = {}

    def find(self, a: int) -> int:
        p = self.parent
        root = a
        while p.get(root, root) != root:
            root = p[root]
        while p.get(a, a) != root:  # path compression
            p[a], a = root, p[a]
        return root

    def _codes(self, r: int) -> tuple[int, int]:
        return self.codes.get(r, (int(self.credit[r]), int(self.ident[r])))

    def union(self, a: int, b: int, *, allow_two_dup: bool = True) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        (ca, ia), (cb, ib) = self._codes(ra), self._codes(rb)
        if (ca >= 0 and cb >= 0 and ca != cb) or (ia >= 0 and ib >= 0 and ia != ib):
            return False
        if not allow_two_dup and self.has_dup.get(ra) and self.has_dup.get(rb):
            return False
        self.parent[rb] = ra
        self.codes[ra] = (max(ca, cb), max(ia, ib))
        self.has_dup[ra] = self.has_dup.get(ra, False) or self.has_dup.get(rb, False)
        return True


def _conflicted(labels: np.ndarray, codes: np.ndarray, members: np.ndarray) -> np.ndarray:
    """Labels of the components whose members hold two or more different codes."""
    frame = pd.DataFrame({"g": labels[members], "c": codes[members]})
    frame = frame[frame["c"] >= 0]
    counts = frame.groupby("g")["c"].nunique()
    return counts.index[counts.to_numpy() > 1].to_numpy()


def consistent_groups(n: int, pairs: pd.DataFrame, f: Features, max_size: int) -> Grouping:
    """Group labels per record (see the module docstring); ``pairs`` gets tiers updated."""
    pairs = pairs.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)
    tier = pairs["tier"].to_numpy(dtype=object).copy()
    i, j = pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64)
    credit, ident = f.codes["credit_code"], f.codes["id_number"]
    dup = tier == "duplicate"
    labels = components(n, i[dup], j[dup])
    members = np.unique(np.concatenate([i[dup], j[dup]]))
    bad = np.union1d(_conflicted(labels, credit, members), _conflicted(labels, ident, members))
    sets = _Sets(credit, ident)
    good = members[~np.isin(labels[members], bad)]
    if len(good):  # consistent components as they are: their root is their smallest member
        roots = labels[good]
        sets.parent.update(zip(good.tolist(), roots.tolist(), strict=True))
        frame = pd.DataFrame({"g": roots, "c": credit[good], "d": ident[good]})
        best = frame.groupby("g")[["c", "d"]].max()
        sets.codes.update(
            zip(
                best.index.tolist(),
                zip(best["c"].tolist(), best["d"].tolist(), strict=True),
                strict=True,
            )
        )
        sets.has_dup.update(dict.fromkeys(best.index.tolist(), True))
    in_bad = np.isin(labels[i], bad) & dup
    for k in np.flatnonzero(in_bad):  # strongest first: the weakest links are left out
        if sets.union(int(i[k]), int(j[k])):
            sets.has_dup[sets.find(int(i[k]))] = True
        else:
            tier[k] = "possible"
    split = [int(b) for b in bad]
    for k in np.flatnonzero(tier == "possible"):
        sets.union(int(i[k]), int(j[k]), allow_two_dup=False)
    touched = np.unique(np.concatenate([i, j])) if len(i) else np.empty(0, np.int64)
    out = np.full(n, -1, dtype=np.int64)
    out[touched] = [sets.find(int(r)) for r in touched]
    sizes = pd.Series(out[touched]).value_counts()
    big = sizes[sizes > max_size]
    suspicious = dict(zip(big.index.astype(int).tolist(), big.astype(int).tolist(), strict=True))
    pairs = pairs.assign(tier=tier)
    return Grouping(out, pairs, split, suspicious)
