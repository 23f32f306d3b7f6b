"""The manager's decisions on the Duplicates sheet (column 处理: 确认重复 / 不是重复), read back so
that a later run never flags a pair marked 不是重复 again and treats 确认重复 as settled.

A decision on a row is about that record and its group's owner (the first row of the group); a
decision on the owner's row is about the owner and every other record of its group. Records are
recognised by file name, sheet and row, as the Duplicates sheet names them (two files of one
name in two folders are not told apart: a decision then holds for both).

Example:
    >>> decisions = read_decisions("last_week/duplicates.xlsx")  # doctest: +SKIP
    >>> find_duplicates(customers, decisions=decisions)  # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from ..schema import Lang
from .texts import msg

__all__ = ["Decisions", "RecordKey", "apply_decisions", "read_decisions"]

RecordKey = tuple[str, str, int]  # file name, sheet, row


@dataclass
class Decisions:
    """Pairs of records the manager settled: ``no`` never a duplicate, ``yes`` confirmed."""

    no: set[frozenset[RecordKey]] = field(default_factory=set)
    yes: set[frozenset[RecordKey]] = field(default_factory=set)
    source: str = ""


def _labels(code: str) -> set[str]:
    return {msg(code, "zh"), msg(code, "en"), msg(code, "en").casefold()}


def _header_index(header: list[object], code: str) -> int | None:
    names = _labels(code)
    for k, h in enumerate(header):
        if h is not None and (str(h).strip() in names or str(h).strip().casefold() in names):
            return k
    return None


def read_decisions(path: str | Path, lang: Lang = "zh") -> Decisions:
    """The decisions in a Duplicates workbook written by an earlier run (either language).

    Raises:
        InputError: the file cannot be read or has no Duplicates sheet with the 处理 column.
    """
    p = Path(path)

    def unusable(detail: str) -> InputError:
        return InputError(msg("dd_decisions_unusable", lang, detail=detail), file=p)

    # start-up: openpyxl is ~0.17 s of `python -X importtime -c "import addin.duplicates"`,
    # which 查重 without --decisions does not use (benchmarks/startup_bench.py)
    import openpyxl

    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError) as exc:
        raise unusable(str(exc)) from exc
    try:
        names = {msg("dd_sheet_groups", "zh"), msg("dd_sheet_groups", "en")}
        sheet = next((wb[s] for s in wb.sheetnames if s in names), None)
        if sheet is None:
            raise unusable(msg("dd_sheet_groups", lang))
        rows = list(sheet.iter_rows(values_only=True))
    finally:
        wb.close()
    header = list(rows[0]) if rows else []
    cols = {
        c: _header_index(header, f"dd_col_{c}")
        for c in ("group_id", "role", "file", "sheet", "row", "decision")
    }
    missing = [c for c, k in cols.items() if k is None]
    if missing:
        raise unusable(", ".join(msg(f"dd_col_{c}", lang) for c in missing))
    yes, no, owner = _labels("dd_decision_yes"), _labels("dd_decision_no"), _labels("dd_role_owner")
    frame = pd.DataFrame(
        [[r[cols[c]] for c in cols] for r in rows[1:] if r and r[cols["group_id"]] is not None],
        columns=list(cols),
    )
    out = Decisions(source=str(p))
    for _, members in frame.groupby("group_id", sort=False):
        keys = [
            (str(f), str(s), int(r))
            for f, s, r in zip(members["file"], members["sheet"], members["row"], strict=True)
        ]
        roles = [str(v).strip() in owner for v in members["role"]]
        if not any(roles):
            continue
        head = keys[roles.index(True)]
        for key, is_owner, d in zip(keys, roles, members["decision"], strict=True):
            text = str(d).strip() if d is not None else ""
            target = out.yes if text in yes else out.no if text in no else None
            if target is None:
                continue
            others = [k for k in keys if k != head] if is_owner else [key]
            target.update(frozenset((head, k)) for k in others)
    return out


def apply_decisions(
    pairs: pd.DataFrame, customers: pd.DataFrame, decisions: Decisions, lang: Lang = "zh"
) -> pd.DataFrame:
    """Drop pairs marked 不是重复; add or settle pairs marked 确认重复 (tier duplicate, rule
    ``decided``, score 100). ``pairs`` as :func:`addin.duplicates.rules.decide` returns them."""
    if not decisions.no and not decisions.yes:
        return pairs
    files = customers["_file"].astype(str).map(lambda f: Path(f).name)
    where: dict[RecordKey, list[int]] = {}
    for k, (f, s, r) in enumerate(zip(files, customers["_sheet"], customers["_row"], strict=True)):
        where.setdefault((f, str(s), int(r)), []).append(k)

    def codes(settled: set[frozenset[RecordKey]]) -> set[tuple[int, int]]:
        """Record positions of each settled pair (two files of one name in two folders: all)."""
        out: set[tuple[int, int]] = set()
        for pair in settled:
            if len(pair) != 2:
                continue
            a, b = (where.get(k, []) for k in pair)
            out.update((min(x, y), max(x, y)) for x in a for y in b if x != y)
        return out

    no, yes = codes(decisions.no), codes(decisions.yes) - codes(decisions.no)
    lo = np.minimum(pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64))
    hi = np.maximum(pairs["i"].to_numpy(np.int64), pairs["j"].to_numpy(np.int64))
    settled = np.array(
        [(a, b) in no or (a, b) in yes for a, b in zip(lo, hi, strict=True)], dtype=bool
    )
    kept = pairs[~settled]
    added = pd.DataFrame(
        {
            "i": [a for a, _ in sorted(yes)],
            "j": [b for _, b in sorted(yes)],
            "tier": "duplicate",
            "rule": "decided",
            "score": 100.0,
            "reason": msg("dd_decided_duplicate", lang),
        }
    )
    return (
        pd.concat([kept, added], ignore_index=True) if len(added) else kept.reset_index(drop=True)
    )
