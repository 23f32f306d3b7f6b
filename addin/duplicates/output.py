"""What :mod:`addin.duplicates.find` hands out: the Duplicates workbook, the clusters CSV, row marks for
the consolidated sheet and the per-rep notices (which never show another rep's contact data)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import xlsxwriter
from pandas.api.types import is_string_dtype

from ..cellsafe import XLSXWRITER_OPTIONS, csv_cell
from ..files import atomic_write
from ..per_value import map_distinct
from ..schema import Lang
from ..xlsx.fastrows import PlainRows, append_rows
from ..xlsx.layout import (
    add_table,
    column_values,
    content_width,
    print_setup,
    row_heights,
    wrapped_lines,
)
from .result import GROUP_COLUMNS, DedupeResult, RowMark
from .texts import msg

if TYPE_CHECKING:
    from ..workers import Workers

__all__ = [
    "duplicates_sheet",
    "mark_rows",
    "rep_notices",
    "write_clusters_csv",
    "write_duplicate_files",
    "write_duplicates",
]

#: Columns of the Duplicates sheet, in order; each is headed by the text ``dd_col_<column>``.
_COLUMNS = [
    "group_id", "tier", "role", "rep", "owner", "customer", "file", "sheet", "row",
    "customer_id", "score", "reasons", "cross_rep", "decision",
]  # fmt: skip


#: Columns of the Pairs sheet (配对明细); each is headed by the text ``dd_pair_col_<column>``.
_PAIR_COLUMNS = [
    "group_id", "i_file", "i_row", "i_rep", "j_file", "j_row", "j_rep", "tier", "rule", "score",
    "reason",
]  # fmt: skip


def _file_name(path: object) -> str:
    return Path(str(path)).name


def _customer_label(customers: pd.DataFrame, pos: pd.Series) -> pd.Series:
    """The customer as the issue defines it: the company when there is one, else the person."""
    rows = customers.iloc[pos.to_numpy()]
    company = rows["company"] if "company" in rows.columns else pd.Series(None, index=rows.index)
    name = rows["customer_name"] if "customer_name" in rows.columns else company
    return pd.Series(company.where(company.notna(), name).to_numpy(), index=pos.index)


def duplicates_sheet(
    result: DedupeResult, customers: pd.DataFrame, lang: Lang = "zh"
) -> pd.DataFrame:
    """The Duplicates sheet: one row per record in a group, owner first, headers in ``lang``."""
    g = result.groups
    out = pd.DataFrame(
        {
            "group_id": g["group_id"],
            "tier": map_distinct(g["tier"], lambda t: msg(f"dd_tier_{t}", lang)),
            "role": map_distinct(
                g["is_owner"], lambda o: msg("dd_role_owner" if o else "dd_role_challenger", lang)
            ),
            "rep": g["rep"],
            "owner": g["owner"],
            "customer": _customer_label(customers, g["_pos"]) if len(g) else [],
            "file": map_distinct(g["file"], _file_name),
            "sheet": g["sheet"],
            "row": g["row"],
            "customer_id": g["customer_id"],
            "score": g["score"],
            "reasons": g["reasons"],
            "cross_rep": map_distinct(
                g["cross_rep"], lambda c: msg("dd_cross_rep_yes" if c else "dd_cross_rep_no", lang)
            ),
            "decision": pd.Series([None] * len(g), index=g.index, dtype=object),
        }
    )
    return out.rename(columns={c: msg(f"dd_col_{c}", lang) for c in _COLUMNS})


def _pairs_sheet(result: DedupeResult, lang: Lang) -> pd.DataFrame:
    p, g = result.pairs, result.groups.set_index("_pos")
    side = {
        s: pd.DataFrame(
            {
                f"{s}_file": map_distinct(g["file"].reindex(p[s]), _file_name).to_numpy(),
                f"{s}_row": g["row"].reindex(p[s]).to_numpy(),
                f"{s}_rep": g["rep"].reindex(p[s]).to_numpy(),
            }
        )
        for s in ("i", "j")
    }
    out = pd.concat(
        [g["group_id"].reindex(p["i"]).reset_index(drop=True), side["i"], side["j"]], axis=1
    )
    out["tier"] = map_distinct(p["tier"], lambda t: msg(f"dd_tier_{t}", lang)).to_numpy()
    out["rule"], out["score"], out["reason"] = (
        p["rule"].to_numpy(),
        p["score"].to_numpy(),
        p["reason"].to_numpy(),
    )
    out = out.sort_values(["group_id", "i_row"], kind="stable")
    return out.rename(columns={c: msg(f"dd_pair_col_{c}", lang) for c in _PAIR_COLUMNS})


#: A workbook's sheets as they are written: (title key, frame) each, in order.
Sheets = list[tuple[str, pd.DataFrame]]


def write_duplicates(
    result: DedupeResult,
    path: str | Path,
    customers: pd.DataFrame,
    *,
    owner_rule: str = "earliest_registered",
    lang: Lang = "zh",
) -> Path:
    """Write the Duplicates workbook (groups, pairs, notes) atomically.

    Args:
        result: from :func:`addin.duplicates.find.find_duplicates`.
        path: the .xlsx to write (an existing one is backed up first).
        customers: the frame the result was computed on (for the customer column).
        owner_rule: named in the notes sheet.
        lang: language of headers and labels.

    Example:
        >>> write_duplicates(result, "duplicates.xlsx", customers)  # doctest: +SKIP
    """
    return _write_sheets(_sheets(result, customers, owner_rule, lang), Path(path), lang)


def write_duplicate_files(
    result: DedupeResult,
    path: str | Path,
    csv_path: str | Path,
    customers: pd.DataFrame,
    *,
    owner_rule: str = "earliest_registered",
    lang: Lang = "zh",
    pool: Workers | None = None,
) -> Callable[[], tuple[Path, Path]]:
    """Start writing the Duplicates workbook and the clusters CSV; the call returned waits for
    them and gives their paths (raising what writing them raised).

    With a ``pool`` both are written in a worker while this process goes on (issue 14: ~1.8 s
    of this process at 115,000 customers, with a core to spare); the sheets are made here
    first, so the worker gets the rows to write, never the customers. The files are those
    :func:`write_duplicates` and :func:`write_clusters_csv` write; if the worker dies they are
    written here.
    """
    sheets = _sheets(result, customers, owner_rule, lang)
    groups = result.groups.reindex(columns=GROUP_COLUMNS)
    args = (sheets, groups, Path(path), Path(csv_path), lang)
    if pool is None:
        done = _write_both(*args)
        return lambda: done
    future = pool.submit(_write_both, *args)

    def collect() -> tuple[Path, Path]:
        try:
            return future.result()
        except BrokenProcessPool:  # the worker died (killed, out of memory): written here
            return _write_both(*args)

    return collect


def _write_both(
    sheets: Sheets, groups: pd.DataFrame, path: Path, csv_path: Path, lang: Lang
) -> tuple[Path, Path]:
    return _write_sheets(sheets, path, lang), _write_csv(groups, csv_path, lang)


def _sheets(result: DedupeResult, customers: pd.DataFrame, owner_rule: str, lang: Lang) -> Sheets:
    """The Duplicates workbook's sheets: groups, pairs, notes."""
    notes = [msg("dd_note_rule", lang, rule=msg(f"dd_rule_{owner_rule}", lang)), *result.notes]
    if result.groups.empty:
        notes.append(msg("dd_note_none", lang))
    return [
        ("dd_sheet_groups", duplicates_sheet(result, customers, lang)),
        ("dd_sheet_pairs", _pairs_sheet(result, lang)),
        ("dd_sheet_notes", pd.DataFrame({msg("dd_sheet_notes", lang): notes})),
    ]


def _write_sheets(sheets: Sheets, path: Path, lang: Lang) -> Path:
    wrapped = {
        msg("dd_col_reasons", lang),
        msg("dd_pair_col_reason", lang),
        msg("dd_sheet_notes", lang),
    }

    def write(tmp: Path) -> None:
        # xlsxwriter writes the header row and sheet settings; the data rows (a few hundred
        # thousand for a large team, ~5 µs a cell through write_string) are appended as the
        # same XML built column-wise, each distinct value encoded once (addin.xlsx.fastrows).
        wb = xlsxwriter.Workbook(str(tmp), XLSXWRITER_OPTIONS)
        head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        band = wb.add_format({"bg_color": "#DDEBF7"})
        rows: list[PlainRows] = []
        for index, (name, frame) in enumerate(sheets):
            title = msg(name, lang)
            ws = wb.add_worksheet(title)
            formats, lines = {}, []
            for c, col in enumerate(frame.columns):
                long = str(col) in wrapped
                width = content_width(
                    str(col),
                    column_values(frame[col]),
                    high=100 if len(frame.columns) == 1 else 46 if long else 40,
                )
                ws.set_column(c, c, width, wrap if long else None)
                if long:
                    formats[c] = wrap
                    lines.append(wrapped_lines(frame[col].fillna(""), width))
            groups = index == 0
            # the Duplicates sheet bands by group (every other group shaded), not by row
            add_table(
                ws,
                0,
                len(frame),
                [str(c) for c in frame.columns],
                head,
                banded=not groups and index < 2,
            )
            if groups and len(frame):
                ws.conditional_format(
                    1,
                    0,
                    len(frame),
                    len(frame.columns) - 1,
                    {"type": "formula", "criteria": "=ISODD($A2)", "format": band},
                )
            if groups and len(frame):  # the manager's 处理 column: a drop-down
                last = len(frame.columns) - 1
                choices = [msg("dd_decision_yes", lang), msg("dd_decision_no", lang)]
                ws.data_validation(
                    1, last, len(frame), last, {"validate": "list", "source": choices}
                )
            print_setup(ws, 0, title, lang)
            heights = row_heights(lines, len(frame)) if lines else None
            rows.append(PlainRows(index, frame, formats=formats, heights=heights))
        wb.close()
        append_rows(tmp, rows)

    return atomic_write(path, write, lang=lang)


def write_clusters_csv(result: DedupeResult, path: str | Path, *, lang: Lang = "zh") -> Path:
    """The clusters CSV: ``group_id,file,sheet,row,customer_id,rep,owner,tier,score,reasons``
    (UTF-8 with BOM so that Excel shows the Chinese; tier as the key 'duplicate'/'possible').

    Text cells starting with = + - @ TAB or CR get a leading ' (OWASP's CSV-injection advice),
    so a spreadsheet opening the CSV never runs a formula typed into a rep's file."""
    return _write_csv(result.groups.reindex(columns=GROUP_COLUMNS), Path(path), lang)


def _write_csv(frame: pd.DataFrame, path: Path, lang: Lang) -> Path:
    texts = [c for c in frame.columns if frame[c].dtype == object or is_string_dtype(frame[c])]
    frame = frame.assign(**{str(c): map_distinct(frame[c], csv_cell) for c in texts})
    return atomic_write(
        path, lambda tmp: frame.to_csv(tmp, index=False, encoding="utf-8-sig"), lang=lang
    )


def mark_rows(result: DedupeResult, lang: Lang = "zh") -> list[RowMark]:
    """Per group member: where it is and a short note for the cell comment / status column.

    Example:
        >>> [m.note for m in mark_rows(result, "en")][:1]  # doctest: +SKIP
        ['duplicate #1: duplicate, owner 李四 (this record owns it)']
    """
    marks = []
    g = result.groups
    for file, sheet, row, gid, tier, owner, is_owner in zip(
        g["file"], g["sheet"], g["row"], g["group_id"], g["tier"], g["owner"], g["is_owner"],
        strict=True,
    ):  # fmt: skip
        own = msg("dd_mark_self", lang) if is_owner else ""
        tier_text = msg(f"dd_tier_{tier}", lang)
        note = msg("dd_mark", lang, group=gid, tier=tier_text, owner=owner, self=own)
        marks.append(
            RowMark(str(file), str(sheet), int(row), int(gid), str(tier), bool(is_owner), note)
        )
    return marks


def rep_notices(result: DedupeResult, customers: pd.DataFrame, lang: Lang = "zh") -> pd.DataFrame:
    """Per rep, what to tell them about cross-rep duplicates, without the other rep's contact data.

    A challenger reads "客户 X 已由 业务员 Y 于 日期 登记", where X is the customer as the
    challenger typed it (their own data) and the date is the owner's registration: no phone,
    e-mail or address of the other record is ever included.

    Returns:
        columns ``rep``, ``group_id``, ``role`` ("owner" | "challenger"), ``message``.
    """
    g = result.groups
    cols = ["rep", "group_id", "role", "message"]
    if g.empty:
        return pd.DataFrame(columns=cols)
    g = g[g["cross_rep"] & (g["tier"] == "duplicate")].copy()
    g["customer"] = _customer_label(customers, g["_pos"]) if len(g) else []
    reg = customers["registered_on"] if "registered_on" in customers.columns else None
    rows: list[dict[str, object]] = []
    for gid, members in g.groupby("group_id", sort=True):
        owner = members[members["is_owner"]]
        if owner.empty:
            continue
        o = owner.iloc[0]
        day = reg.iloc[int(o["_pos"])] if reg is not None else None
        date = day.strftime("%Y-%m-%d") if isinstance(day, pd.Timestamp) and pd.notna(day) else "-"
        others = [r for r in dict.fromkeys(members["rep"]) if r != o["rep"]]
        for m in members[~members["is_owner"]].itertuples(index=False):
            if m.rep == o["rep"]:
                continue
            text = msg(
                "dd_notice_challenger",
                lang,
                customer=m.customer,
                owner=o["rep"],
                date=date,
                group=gid,
            )
            rows.append({"rep": m.rep, "group_id": gid, "role": "challenger", "message": text})
        text = msg(
            "dd_notice_owner",
            lang,
            customer=o["customer"],
            others="、".join(map(str, others)),
            group=gid,
        )
        rows.append({"rep": o["rep"], "group_id": gid, "role": "owner", "message": text})
    return pd.DataFrame(rows, columns=cols).drop_duplicates(["rep", "group_id", "role", "message"])
