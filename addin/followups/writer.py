"""Writing the follow-up workbooks rep by rep: each rep's book as its rows come, then the managers'.

A manager's workbook has a summary per rep and each rep's ``manager_top_per_rep`` most urgent
items, and the manifest each manager's most overdue items: so of each rep's rows only those few
and the counts are kept (:class:`_Tally`), never the whole list of every rep at once.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import IntakeError
from ..files import atomic_write
from ..managers import ManagerMap
from ..schema import Lang
from ..xlsx.sheets import Column, SheetBook, write_table
from .books import (
    MANIFEST_NAME,
    FollowupOutput,
    file_names,
    list_sheet,
    list_title,
    overdue_top,
    rep_names,
    retire_stale,
    write_rep_book,
)
from .build import in_list_order
from .settings import REASONS, reason_label
from .texts import msg

__all__ = ["FollowupWriter", "RepBooks", "write_followups", "write_rep_books"]

#: The rep as the list was sorted by (before the workbooks' normalised names).
_SORTED_REP = "_sorted_rep"


@dataclass
class _Tally:
    """What the manager's workbook and the manifest need of one rep's rows."""

    counts: dict[str, int]
    total: int
    max_overdue: int
    customers: int
    top: pd.DataFrame  # the rep's most urgent rows (all of them with manager_top_per_rep = 0)
    overdue: pd.DataFrame  # the rep's most overdue rows (candidates for the manifest)


def _tally(rows: pd.DataFrame, top: int, top_overdue: int) -> _Tally:
    late = rows[rows["reason_code"] == "overdue"]
    late = late.sort_values("days_overdue", ascending=False, kind="stable").head(top_overdue)
    return _Tally(
        counts={str(c): int(n) for c, n in rows["reason_code"].value_counts().items()},
        total=len(rows),
        max_overdue=int(rows["days_overdue"].astype("Float64").fillna(0).max()),
        customers=len(rows[["_file", "_sheet", "_row"]].drop_duplicates()),
        top=rows if top <= 0 else rows.head(top),
        overdue=late,
    )


def _counts_table(
    reps: list[str], tallies: list[_Tally], shown: pd.DataFrame, lang: Lang
) -> tuple[pd.DataFrame, list[Column]]:
    """Per rep: items per reason, the total, the most days overdue and how many the list shows."""
    present = {c for t in tallies for c in t.counts}
    codes = [c for c in REASONS if c in present]
    table = pd.DataFrame(
        {c: np.array([t.counts.get(c, 0) for t in tallies], dtype=np.int64) for c in codes},
        index=pd.Index(reps, dtype=object, name="rep"),
    )
    table["total"] = table.sum(axis=1) if codes else np.zeros(len(reps), dtype=np.int64)
    table["max_overdue"] = np.array([t.max_overdue for t in tallies], dtype=np.int64)
    table["shown"] = shown["rep"].value_counts().reindex(reps, fill_value=0)
    table = table.reset_index()
    cols = [Column("rep", msg("followup_col_rep", lang), "text", 12)]
    cols += [Column(c, reason_label(c, lang), "int", 10) for c in codes]
    cols.append(Column("total", msg("followup_col_total", lang), "int", 8))
    cols.append(Column("max_overdue", msg("followups_col_max_overdue", lang), "int", 10))
    cols.append(Column("shown", msg("followups_col_shown", lang), "int", 8))
    return table, cols


def _write_manager_book(
    path: Path,
    shown: pd.DataFrame,
    tallies: list[_Tally],
    boss: str,
    reps: list[str],
    as_of: dt.date,
    lang: Lang,
    top: int,
) -> None:
    """The summary per rep first, then each rep's most urgent items (not every row again)."""
    n = sum(t.total for t in tallies)
    day = as_of.isoformat()
    summary = msg("followups_summary_title", lang, who=boss, as_of=day, reps=len(reps), n=n)
    title = (
        msg("followups_manager_title", lang, who=boss, as_of=day, top=top, shown=len(shown), n=n)
        if top > 0
        else list_title(boss, n, as_of, lang)
    )

    def write(tmp: Path) -> None:
        wb = SheetBook(tmp)
        table, cols = _counts_table(reps, tallies, shown, lang)
        write_table(wb, msg("followup_sheet_summary", lang), table, cols, lang=lang, title=summary)
        list_sheet(wb, shown, title, lang, with_rep=True)
        wb.close()

    atomic_write(path, write, lang=lang)


def _in_list_order(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several reps, each part in list order, put into the order of the whole list."""
    return in_list_order(pd.concat(parts, ignore_index=True), rep=_SORTED_REP)


@dataclass
class RepBooks:
    """The rep books of one part (:func:`write_rep_books`): what the managers' books need."""

    rep_files: dict[str, Path]
    entries: dict[str, dict[str, object]]
    tallies: dict[str, _Tally]
    items: int
    #: the books that could not be written (the others of the part are)
    failed: list[IntakeError]


def write_rep_books(
    out_dir: Path,
    followups: pd.DataFrame,
    managers: ManagerMap,
    *,
    lang: Lang,
    as_of: dt.date,
    top: int,
    top_overdue: int,
) -> RepBooks:
    """The workbook of each rep in ``followups`` (whole reps, in list order), and their tallies.

    A module-level function of plain data, so that a worker process can write a part
    (:func:`addin.followups.step.write_followups_step` with a pool).
    """
    rows = followups.assign(
        **{_SORTED_REP: followups["rep"], "rep": rep_names(followups["rep"], lang)}
    )
    reps = sorted(rows["rep"].unique().tolist())
    # Positions, not copies: one rep's rows exist at a time besides ``rows``.
    at = {rep: np.asarray(i) for rep, i in rows.groupby("rep", sort=False).indices.items()}
    names = file_names(reps)
    done = RepBooks({}, {}, {}, len(rows), [])
    for rep in reps:
        mine = rows.iloc[at[rep]]
        path = out_dir / "reps" / f"{names[rep]}.xlsx"
        try:
            write_rep_book(path, mine, list_title(rep, len(mine), as_of, lang), lang)
        except IntakeError as exc:  # one rep's book: the part's others are still written
            done.failed.append(exc)
        done.rep_files[rep] = path
        boss = managers.manager_of(rep)
        done.entries[rep] = {
            "rep": rep,
            "manager": boss.name if boss else None,
            "file": f"reps/{names[rep]}.xlsx",
            "total": len(mine),
        }
        if boss is not None:
            done.tallies[rep] = _tally(mine, top, top_overdue)
    return done


class FollowupWriter:
    """Writes the rep workbooks as their rows come (:meth:`add`), the rest on :meth:`finish`.

    Files: ``out_dir/reps/<rep>.xlsx``, ``out_dir/managers/<manager>.xlsx``,
    ``out_dir/manifest.json``; see :func:`write_followups`.
    """

    def __init__(
        self,
        out_dir: str | Path,
        managers: ManagerMap,
        *,
        lang: Lang,
        as_of: dt.date,
        top_overdue: int = 5,
        manager_top_per_rep: int = 50,
    ) -> None:
        self.out = FollowupOutput(Path(out_dir))
        self.managers = managers
        self.lang, self.as_of = lang, as_of
        self.top_overdue, self.top = top_overdue, manager_top_per_rep
        self.entries: dict[str, dict[str, object]] = {}
        self.tallies: dict[str, _Tally] = {}
        self.items = 0
        self.failed: list[IntakeError] = []

    def add(self, followups: pd.DataFrame) -> None:
        """Write the workbooks of the reps in ``followups`` (every row of each, in list order).

        Reps whose file names could clash (equal but for case, :func:`file_stem`) must come in
        the same call: their file names are decided together. A book that cannot be written
        does not stop the others: :meth:`finish` raises it.
        """
        written = write_rep_books(
            self.out.out_dir,
            followups,
            self.managers,
            lang=self.lang,
            as_of=self.as_of,
            top=self.top,
            top_overdue=self.top_overdue,
        )
        self.merge(written)

    def merge(self, written: RepBooks) -> None:
        """Take in the books of a part written elsewhere (:func:`write_rep_books`)."""
        self.out.rep_files.update(written.rep_files)
        self.entries.update(written.entries)
        self.tallies.update(written.tallies)
        self.items += written.items
        self.failed += written.failed

    def finish(self) -> FollowupOutput:
        """Write the managers' workbooks and the manifest; returns what was written.

        Raises:
            IntakeError: the first rep book that could not be written (every other rep's book
                is written; the managers' books and the manifest are left as they were).
        """
        if self.failed:
            raise self.failed[0]
        out, lang = self.out, self.lang
        reps = sorted(self.entries)
        out.rep_files = {rep: out.rep_files[rep] for rep in reps}
        team: dict[str, list[str]] = {}
        unassigned = []
        for rep in reps:
            boss = self.managers.manager_of(rep)
            if boss is None:
                unassigned.append(rep)
            else:
                team.setdefault(boss.name, []).append(rep)
        manager_entries = []
        boss_names = file_names(sorted(team))
        for boss_name, members in sorted(team.items()):
            name = boss_names[boss_name]
            tallies = [self.tallies[m] for m in members]
            shown = _in_list_order([t.top for t in tallies])
            path = out.out_dir / "managers" / f"{name}.xlsx"
            _write_manager_book(
                path, shown, tallies, boss_name, members, self.as_of, lang, self.top
            )
            out.manager_files[boss_name] = path
            boss = self.managers.manager_of(members[0])
            ordered = {c: sum(t.counts.get(c, 0) for t in tallies) for c in REASONS}
            ordered = {c: n for c, n in ordered.items() if n}
            late = _in_list_order([t.overdue for t in tallies])
            manager_entries.append(
                {
                    "manager": boss_name,
                    "email": boss.email if boss else "",
                    "file": f"managers/{name}.xlsx",
                    "reps": members,
                    "total": sum(t.total for t in tallies),  # items; a customer may have several
                    "customers": sum(t.customers for t in tallies),
                    "counts": ordered,
                    "reason_labels": {c: reason_label(c, lang) for c in ordered},
                    "top_overdue": overdue_top(late, self.top_overdue),
                }
            )
        out.manifest = {
            "as_of": self.as_of.isoformat(),
            "lang": lang,
            "managers": manager_entries,
            "reps": [self.entries[rep] for rep in reps],
            "unassigned_reps": unassigned,
        }
        text = json.dumps(out.manifest, ensure_ascii=False, indent=2)
        # The folder holds exactly this run's workbooks: those of reps and managers no longer in
        # the data go to the backups (an older manifest naming them is replaced just below).
        retire_stale(out.out_dir / "reps", set(out.rep_files.values()))
        retire_stale(out.out_dir / "managers", set(out.manager_files.values()))

        def write(tmp: Path) -> None:
            tmp.write_text(text + "\n", encoding="utf-8")

        out.manifest_path = atomic_write(out.out_dir / MANIFEST_NAME, write, lang=lang)
        return out


def write_followups(
    followups: pd.DataFrame,
    out_dir: str | Path,
    managers: ManagerMap,
    *,
    lang: Lang = "zh",
    as_of: dt.date,
    top_overdue: int = 5,
    manager_top_per_rep: int = 50,
) -> FollowupOutput:
    """Write one workbook per rep, one per manager, and ``manifest.json`` for the e-mail step.

    Files: ``out_dir/reps/<rep>.xlsx`` (the rep's rows, most urgent first, overdue rows in
    red), ``out_dir/managers/<manager>.xlsx`` (a summary per rep: items per reason, total, most
    days overdue; then each rep's ``manager_top_per_rep`` most urgent rows in one sheet with a
    rep column, not every row again), ``out_dir/manifest.json`` (paths relative to
    ``out_dir``; no phone numbers, e-mails of customers, ID numbers or addresses). File names
    are made safe for Windows. Reps without a manager get only their rep workbook and are
    listed under ``unassigned_reps``. Every file is written atomically.

    Args:
        followups: output of :func:`build_followups`.
        out_dir: the folder to write into (created if needed).
        managers: rep -> manager map (:func:`addin.managers.load_managers`).
        lang: language of headers, sheet names and labels.
        as_of: the date the lists are for (shown in titles and the manifest).
        top_overdue: how many of the most overdue rows go into each manager's manifest entry.
        manager_top_per_rep: how many of each rep's most urgent rows the manager's workbook
            lists (0 = all); the counts on its summary sheet are always of every row.

    Example:
        >>> out = write_followups(fu, "out/2026-11-23", load_managers(config), lang="zh",
        ...                       as_of=dt.date(2026, 11, 23))  # doctest: +SKIP
        >>> out.manifest["unassigned_reps"]  # doctest: +SKIP
        ['赵六']
    """
    writer = FollowupWriter(
        out_dir,
        managers,
        lang=lang,
        as_of=as_of,
        top_overdue=top_overdue,
        manager_top_per_rep=manager_top_per_rep,
    )
    writer.add(followups)
    return writer.finish()
