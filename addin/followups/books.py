"""Follow-up workbooks (one per rep, one per manager) and ``manifest.json`` for the e-mail step."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..files import atomic_write, backup_path_for
from ..managers import ManagerMap
from ..schema import Lang
from ..xlsx.sheets import Column, SheetBook, write_table
from .settings import REASONS, reason_label
from .texts import msg

__all__ = ["FollowupOutput", "file_names", "safe_filename", "write_followups", "MANIFEST_NAME"]

MANIFEST_NAME = "manifest.json"
_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')

#: The columns of a follow-up sheet: key (header: code ``followup_col_<key>``), kind, widest width,
#: and whether long texts wrap (shown whole on several lines rather than cut at the next column).
_COLUMNS: tuple[tuple[str, str, float] | tuple[str, str, float, bool], ...] = (
    ("urgency_label", "text", 7),
    ("reason_label", "text", 14, True),
    ("reason", "text", 52, True),
    ("due", "date", 11),
    ("days_overdue", "int", 7),
    ("customer", "text", 10),
    ("company", "text", 26, True),
    ("mobile", "text", 15),
    ("suggested_action", "text", 30, True),
    # not printed (right of the print area): where the record is, for updating it
    ("customer_id", "text", 10),
    ("value_tier", "text", 5),
    ("last_contact", "date", 11),
    ("_file", "text", 18, True),
    ("_row", "int", 6),
)
#: The columns up to ``suggested_action`` are printed: what a rep needs for the call, on one A4
#: width in readable type; the record's details stay on screen.
_PRINTED = [c[0] for c in _COLUMNS].index("suggested_action") + 1


@dataclass
class FollowupOutput:
    """What :func:`write_followups` wrote; ``manifest`` is the JSON written to manifest.json."""

    out_dir: Path
    rep_files: dict[str, Path] = field(default_factory=dict)
    manager_files: dict[str, Path] = field(default_factory=dict)
    manifest_path: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)


#: Longest file name stem, in UTF-8 bytes: file systems allow 255 bytes per name, and the
#: temp (".NAME.RANDOM.tmp.xlsx.rows") and backup ("NAME.DATE-TIME.xlsx") names add ~30.
_NAME_BYTES = 150


def _clip_bytes(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` UTF-8 bytes, never inside a character."""
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore").rstrip(". ")


def safe_filename(name: str, taken: set[str] | None = None) -> str:
    """A file name (no extension) that Windows accepts; unique within ``taken`` (case-blind).

    >>> safe_filename('张伟/销售:一部?')
    '张伟_销售_一部_'
    >>> safe_filename("CON")
    '_CON'
    """
    s = _UNSAFE.sub("_", name).strip().rstrip(". ") or "_"
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    s = _clip_bytes(s, _NAME_BYTES)
    if taken is not None:
        base, n = s, 2
        while s.casefold() in taken:
            s, n = f"{base}-{n}", n + 1
        taken.add(s.casefold())
    return s


def _tag(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]


def file_names(names: list[str]) -> dict[str, str]:
    """Stable, unique file names (no extension) for rep or manager names (NFC-normalised).

    A file name always means the same person, whoever else is in the run: a name Windows
    accepts as it is keeps it; a name that had to be changed (``a/b`` -> ``a_b``) gets a tag
    from the name itself (``a_b-1f3e2d``), so it never takes the file of a rep called ``a_b``.
    Names differing only in case (one folder on Windows) tag all but the lower-case one.

    >>> file_names(["张伟", "a/b", "a_b"])
    {'张伟': '张伟', 'a/b': 'a_b-3ec69c', 'a_b': 'a_b'}
    """
    out: dict[str, str] = {}
    for name in names:
        s = safe_filename(name)
        out[name] = s if s == name else f"{s[:72]}-{_tag(name)}"
    folded: dict[str, list[str]] = {}
    for name, s in out.items():
        folded.setdefault(s.casefold(), []).append(name)
    for group in folded.values():
        if len(group) > 1:
            for name in group:
                if out[name] != out[name].casefold():
                    out[name] = f"{out[name][:72]}-{_tag(name)}"
    return out


def _retire_stale(folder: Path, written: set[Path]) -> None:
    """Move workbooks an earlier run wrote into ``folder`` but this one did not to the backups."""
    if not folder.is_dir():
        return
    for old in folder.glob("*.xlsx"):
        if old not in written and not old.name.startswith((".", "~$")):
            dest = backup_path_for(old)
            dest.parent.mkdir(exist_ok=True)
            os.replace(old, dest)


def _columns(lang: Lang, with_rep: bool) -> list[Column]:
    cols = [
        Column(k, msg(f"followup_col_{k}", lang), kind, w, *wrap)  # type: ignore[arg-type]
        for k, kind, w, *wrap in _COLUMNS
    ]
    if with_rep:
        cols.insert(0, Column("rep", msg("followup_col_rep", lang), "text", 9))
    return cols


def _file_name(path: object) -> object:
    return Path(str(path)).name if isinstance(path, str) and path else path


def _title(who: str, n: int, as_of: dt.date, lang: Lang) -> str:
    return msg("followup_title", lang, who=who, as_of=as_of.isoformat(), n=n)


def _counts_table(
    rows: pd.DataFrame, shown: pd.DataFrame, reps: list[str], lang: Lang
) -> tuple[pd.DataFrame, list[Column]]:
    """Per rep: items per reason, the total, the most days overdue and how many the list shows."""
    codes = [c for c in REASONS if c in set(rows["reason_code"])]
    table = pd.crosstab(rows["rep"], rows["reason_code"]).reindex(
        index=reps, columns=codes, fill_value=0
    )
    table["total"] = table.sum(axis=1)
    late = rows["days_overdue"].astype("Float64").fillna(0).groupby(rows["rep"]).max()
    table["max_overdue"] = late.reindex(reps).fillna(0).astype("int64")
    table["shown"] = shown["rep"].value_counts().reindex(reps, fill_value=0)
    table = table.rename_axis("rep").reset_index()
    cols = [Column("rep", msg("followup_col_rep", lang), "text", 12)]
    cols += [Column(c, reason_label(c, lang), "int", 10) for c in codes]
    cols.append(Column("total", msg("followup_col_total", lang), "int", 8))
    cols.append(Column("max_overdue", msg("followups_col_max_overdue", lang), "int", 10))
    cols.append(Column("shown", msg("followups_col_shown", lang), "int", 8))
    return table, cols


def _list_sheet(wb: SheetBook, rows: pd.DataFrame, title: str, lang: Lang, with_rep: bool) -> None:
    # where to update the record: the file's name is enough (its folder is the team's inbox)
    files = rows["_file"]
    rows = rows.assign(_file=files.map({f: _file_name(f) for f in pd.unique(files.dropna())}))
    write_table(
        wb,
        msg("followup_sheet_list", lang),
        rows,
        _columns(lang, with_rep),
        lang=lang,
        title=title,
        highlight=(rows["days_overdue"].fillna(0) > 0).to_numpy(dtype=bool),
        printed=_PRINTED + with_rep,
    )


def _write_rep_book(path: Path, rows: pd.DataFrame, title: str, lang: Lang) -> None:
    def write(tmp: Path) -> None:
        wb = SheetBook(tmp)
        _list_sheet(wb, rows, title, lang, with_rep=False)
        wb.close()

    atomic_write(path, write, lang=lang)


def most_urgent(rows: pd.DataFrame, per_rep: int) -> pd.DataFrame:
    """Each rep's first ``per_rep`` rows (``rows`` is most urgent first); 0 keeps every row."""
    return rows if per_rep <= 0 else rows[rows.groupby("rep", sort=False).cumcount() < per_rep]


def _write_manager_book(
    path: Path, rows: pd.DataFrame, boss: str, reps: list[str], as_of: dt.date, lang: Lang, top: int
) -> None:
    """The summary per rep first, then each rep's most urgent items (not every row again)."""
    shown = most_urgent(rows, top)
    day = as_of.isoformat()
    summary = msg("followups_summary_title", lang, who=boss, as_of=day, reps=len(reps), n=len(rows))
    title = (
        msg("followups_manager_title", lang, who=boss, as_of=day, top=top, shown=len(shown),
            n=len(rows))
        if top > 0
        else _title(boss, len(rows), as_of, lang)
    )  # fmt: skip

    def write(tmp: Path) -> None:
        wb = SheetBook(tmp)
        table, cols = _counts_table(rows, shown, reps, lang)
        write_table(wb, msg("followup_sheet_summary", lang), table, cols, lang=lang, title=summary)
        _list_sheet(wb, shown, title, lang, with_rep=True)
        wb.close()

    atomic_write(path, write, lang=lang)


def _overdue_top(rows: pd.DataFrame, n: int) -> list[dict[str, Any]]:
    late = (
        rows[rows["reason_code"] == "overdue"]
        .sort_values("days_overdue", ascending=False, kind="stable")
        .head(n)
    )
    records: list[dict[Any, Any]] = late.to_dict("records")
    return [
        {
            "rep": str(r["rep"]),
            "customer": "" if pd.isna(r["customer"]) else str(r["customer"]),
            "company": "" if pd.isna(r["company"]) else str(r["company"]),
            "reason": str(r["reason"]),
            "due": pd.Timestamp(r["due"]).date().isoformat(),
            "days_overdue": int(r["days_overdue"]),
        }
        for r in records
    ]


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
    out = FollowupOutput(Path(out_dir))
    rep_text = followups["rep"].astype(object).where(followups["rep"].notna(), "").map(str)
    # NFC: the same name typed on a Mac (NFD) and on Windows is one rep, one workbook.
    rows = followups.assign(rep=rep_text.map(lambda s: unicodedata.normalize("NFC", s).strip()))
    rows.loc[rows["rep"] == "", "rep"] = msg("followup_no_rep", lang)
    reps = sorted(rows["rep"].unique().tolist())
    # Positions, not copies: one rep's (or one manager's) rows exist at a time besides ``rows``.
    at = {rep: np.asarray(i) for rep, i in rows.groupby("rep", sort=False).indices.items()}
    rep_names = file_names(reps)
    rep_entries, unassigned = [], []
    team: dict[str, list[str]] = {}
    for rep in reps:
        name = rep_names[rep]
        path = out.out_dir / "reps" / f"{name}.xlsx"
        _write_rep_book(path, rows.iloc[at[rep]], _title(rep, len(at[rep]), as_of, lang), lang)
        out.rep_files[rep] = path
        boss = managers.manager_of(rep)
        if boss is None:
            unassigned.append(rep)
        else:
            team.setdefault(boss.name, []).append(rep)
        rep_entries.append(
            {
                "rep": rep,
                "manager": boss.name if boss else None,
                "file": f"reps/{name}.xlsx",
                "total": len(at[rep]),
            }
        )
    manager_entries = []
    boss_names = file_names(sorted(team))
    for boss_name, members in sorted(team.items()):
        name = boss_names[boss_name]
        mine = rows.iloc[np.sort(np.concatenate([at[m] for m in members]))]  # in list order
        path = out.out_dir / "managers" / f"{name}.xlsx"
        _write_manager_book(path, mine, boss_name, members, as_of, lang, manager_top_per_rep)
        out.manager_files[boss_name] = path
        boss = managers.manager_of(members[0])
        counts = {c: int(n) for c, n in mine["reason_code"].value_counts().items()}
        ordered = {c: counts[c] for c in REASONS if c in counts}
        manager_entries.append(
            {
                "manager": boss_name,
                "email": boss.email if boss else "",
                "file": f"managers/{name}.xlsx",
                "reps": members,
                "total": len(mine),  # follow-up items; a customer may have several
                "customers": len(mine[["_file", "_sheet", "_row"]].drop_duplicates()),
                "counts": ordered,
                "reason_labels": {c: reason_label(c, lang) for c in ordered},
                "top_overdue": _overdue_top(mine, top_overdue),
            }
        )
    out.manifest = {
        "as_of": as_of.isoformat(),
        "lang": lang,
        "managers": manager_entries,
        "reps": rep_entries,
        "unassigned_reps": unassigned,
    }
    text = json.dumps(out.manifest, ensure_ascii=False, indent=2)
    # The folder holds exactly this run's workbooks: those of reps and managers no longer in
    # the data go to the backups (an older manifest naming them is replaced just below).
    _retire_stale(out.out_dir / "reps", set(out.rep_files.values()))
    _retire_stale(out.out_dir / "managers", set(out.manager_files.values()))

    def write(tmp: Path) -> None:
        tmp.write_text(text + "\n", encoding="utf-8")

    out.manifest_path = atomic_write(out.out_dir / MANIFEST_NAME, write, lang=lang)
    return out
