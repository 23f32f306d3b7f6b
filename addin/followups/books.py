"""Follow-up workbooks: file names, the list sheet, a rep's book; the managers' books and the
manifest are written by :mod:`addin.followups.writer`."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..files import atomic_write, backup_path_for
from ..schema import Lang
from ..xlsx.sheets import Column, SheetBook, write_table
from .texts import msg

__all__ = [
    "MANIFEST_NAME",
    "FollowupOutput",
    "file_names",
    "file_stem",
    "list_sheet",
    "overdue_top",
    "rep_names",
    "retire_stale",
    "safe_filename",
    "list_title",
    "write_rep_book",
]

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


def file_stem(name: str) -> str:
    """The file name of ``name`` before names differing only in case are told apart.

    Only names whose stems are equal case-blind change each other's file names
    (:func:`file_names`).
    """
    s = safe_filename(name)
    return s if s == name else f"{s[:72]}-{_tag(name)}"


def rep_names(reps: pd.Series, lang: Lang) -> pd.Series:
    """The rep of each row as the workbooks name them: NFC, trimmed, a label for no rep.

    The same name typed on a Mac (NFD) and on Windows is one rep, one workbook.
    """
    text = reps.astype(object).where(reps.notna(), "")
    if pd.api.types.infer_dtype(text, skipna=False) != "string":
        text = text.map(str)  # what str() makes of each (1 and 1.0 stay apart)
    codes, uniques = pd.factorize(text)
    names = [unicodedata.normalize("NFC", str(u)).strip() for u in uniques.tolist()]
    table = np.array([n or msg("followup_no_rep", lang) for n in names], dtype=object)
    return pd.Series(table[codes] if len(text) else [], index=reps.index, dtype=object)


def file_names(names: list[str]) -> dict[str, str]:
    """Stable, unique file names (no extension) for rep or manager names (NFC-normalised).

    A file name always means the same person, whoever else is in the run: a name Windows
    accepts as it is keeps it; a name that had to be changed (``a/b`` -> ``a_b``) gets a tag
    from the name itself (``a_b-1f3e2d``), so it never takes the file of a rep called ``a_b``.
    Names differing only in case (one folder on Windows) tag all but the lower-case one.

    >>> file_names(["张伟", "a/b", "a_b"])
    {'张伟': '张伟', 'a/b': 'a_b-3ec69c', 'a_b': 'a_b'}
    """
    out = {name: file_stem(name) for name in names}
    folded: dict[str, list[str]] = {}
    for name, s in out.items():
        folded.setdefault(s.casefold(), []).append(name)
    for group in folded.values():
        if len(group) > 1:
            for name in group:
                if out[name] != out[name].casefold():
                    out[name] = f"{out[name][:72]}-{_tag(name)}"
    return out


def retire_stale(folder: Path, written: set[Path]) -> None:
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


def list_title(who: str, n: int, as_of: dt.date, lang: Lang) -> str:
    return msg("followup_title", lang, who=who, as_of=as_of.isoformat(), n=n)


def list_sheet(wb: SheetBook, rows: pd.DataFrame, title: str, lang: Lang, with_rep: bool) -> None:
    """The 跟进清单 sheet of ``rows`` (with a rep column on a manager's)."""
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


def write_rep_book(path: Path, rows: pd.DataFrame, title: str, lang: Lang) -> None:
    """A rep's workbook: the rep's rows, most urgent first, overdue rows in red."""

    def write(tmp: Path) -> None:
        wb = SheetBook(tmp)
        list_sheet(wb, rows, title, lang, with_rep=False)
        wb.close()

    atomic_write(path, write, lang=lang)


def overdue_top(rows: pd.DataFrame, n: int) -> list[dict[str, Any]]:
    """The ``n`` most overdue of ``rows`` (in list order where equal), for the manifest."""
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
