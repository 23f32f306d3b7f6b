"""Read reps' intake files (.xlsx/.xlsm/.xls via calamine, .csv in UTF-8 or GBK) into raw frames.

A raw frame has one column per recognised field (named by its key, in schema order, missing
optional fields added empty), the unrecognised columns under their original header, and
``_file``, ``_sheet``, ``_row`` (the Excel row number) so every later report can point at
the cell. Values are kept exactly as read; :mod:`addin.intake.normalize` does the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import python_calamine as pc

from ..errors import (
    EmptySheetError,
    FileLockedError,
    HeaderError,
    InputError,
    NoIntakeSheetError,
    NotAWorkbookError,
    PasswordProtectedError,
    UnreadableFileError,
)
from ..files import excel_lock_file
from ..messages import msg
from ..schema import FIELDS, META_COLUMNS, Lang, fold_header, header_lookup
from .cells import read_csv_rows, special_cells
from .normalize import EXCEL_ERRORS, is_blank

__all__ = [
    "Intake",
    "ReadIssue",
    "read_intake",
    "intake_from_rows",
    "find_inputs",
    "column_letter",
    "INPUT_SUFFIXES",
]

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
#: How many rows from the top are searched for the header row.
HEADER_SCAN_ROWS = 30
#: A row is the header when at least this many of its cells name a field.
MIN_HEADER_MATCHES = 3
_PREFERRED_SHEETS = ("客户信息", "客户登记", "客户", "customers", "customer intake", "intake")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class ReadIssue:
    """Something the reader noticed in a cell or range: an error or a warning."""

    level: str  # "error" | "warning"
    code: str
    message: str
    row: int | None = None
    column: str | None = None  # field key or original header
    value: object = None


@dataclass
class Intake:
    """One intake sheet as read: the raw frame plus where each column and row came from."""

    file: Path
    sheet: str
    frame: pd.DataFrame
    header_row: int
    #: field key or unknown header -> 1-based Excel column number
    columns: dict[str, int]
    unknown_columns: list[str] = field(default_factory=list)
    issues: list[ReadIssue] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.frame)


def column_letter(index: int) -> str:
    """1-based column number to Excel letters: 1 -> 'A', 28 -> 'AB'."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def find_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files to read: given files as they are, folders searched recursively for intake files.

    Excel's '~$' owner files, hidden files and our own backup folder are skipped.
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if (
                    f.is_file()
                    and f.suffix.lower() in INPUT_SUFFIXES
                    and not f.name.startswith(("~$", "."))
                    and not any(part.startswith(".") for part in f.relative_to(p).parts[:-1])
                ):
                    out.append(f)
        else:
            out.append(p)
    return out


# --- file type detection --------------------------------------------------------------------


def _sniff(path: Path, lang: Lang) -> str:
    """'zip', 'ole' or 'text', after checking the file exists, is readable and not empty."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError as exc:
        raise UnreadableFileError(msg("file_missing", lang), file=path) from exc
    except PermissionError as exc:
        raise FileLockedError(msg("file_locked", lang), file=path) from exc
    except IsADirectoryError as exc:
        raise UnreadableFileError(msg("file_missing", lang), file=path) from exc
    if not head:
        raise UnreadableFileError(msg("file_empty", lang), file=path)
    if head.startswith(_ZIP_MAGIC):
        return "zip"
    if head == _OLE_MAGIC:
        return "ole"
    return "text"


def _is_encrypted_ole(path: Path) -> bool:
    data = path.read_bytes()
    return "EncryptedPackage".encode("utf-16-le") in data


# --- workbook reading -----------------------------------------------------------------------


def _open_workbook(path: Path, kind: str, lang: Lang) -> pc.CalamineWorkbook:
    suffix = path.suffix.lower()
    if kind == "ole" and _is_encrypted_ole(path):
        raise PasswordProtectedError(msg("file_password", lang), file=path)
    if kind == "text":
        raise NotAWorkbookError(msg("file_wrong_type", lang, actual="text/CSV"), file=path)
    if kind == "zip" and suffix == ".xls":
        raise NotAWorkbookError(msg("file_wrong_type", lang, actual="xlsx"), file=path)
    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise PasswordProtectedError(msg("file_password", lang), file=path) from exc
    except PermissionError as exc:
        raise FileLockedError(msg("file_locked", lang), file=path) from exc
    except Exception as exc:  # calamine raises many types for damaged files
        raise UnreadableFileError(msg("file_corrupt", lang), file=path) from exc


def _header_score(row: Sequence[object], lookup: dict[str, str]) -> int:
    return sum(1 for v in row if isinstance(v, str) and fold_header(v) in lookup)


def _find_header(rows: list[list[Any]], lookup: dict[str, str]) -> tuple[int, int]:
    best, best_score = -1, 0
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        score = _header_score(row, lookup)
        if score > best_score:
            best, best_score = i, score
    return best, best_score


def _choose_sheet(
    wb: pc.CalamineWorkbook, path: Path, sheet: str | None, lang: Lang
) -> tuple[str, list[list[Any]], int, pc.CalamineSheet]:
    lookup = header_lookup()
    names = list(wb.sheet_names)
    if sheet is not None:
        if sheet not in names:
            raise InputError(
                msg("sheet_missing", lang, sheet=sheet, sheets="、".join(names)), file=path
            )
        candidates = [sheet]
    else:
        visible = [m.name for m in wb.sheets_metadata if m.visible == pc.SheetVisibleEnum.Visible]
        preferred = [n for n in visible if fold_header(n) in map(fold_header, _PREFERRED_SHEETS)]
        candidates = preferred + [n for n in visible if n not in preferred]
        candidates += [n for n in names if n not in candidates]
    best: tuple[int, str, list[list[Any]], int, pc.CalamineSheet] | None = None
    for name in candidates:
        try:
            sh = wb.get_sheet_by_name(name)
            rows = sh.to_python(skip_empty_area=False)
        except Exception as exc:
            raise UnreadableFileError(msg("file_corrupt", lang), file=path, sheet=name) from exc
        hdr, score = _find_header(rows, lookup)
        if sheet is not None:
            if not rows or all(is_blank(v) for r in rows for v in r):
                raise EmptySheetError(msg("sheet_empty", lang), file=path, sheet=name)
            if score == 0:
                raise NoIntakeSheetError(
                    msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=path, sheet=name
                )
            return name, rows, hdr, sh
        if score >= MIN_HEADER_MATCHES and (best is None or score > best[0]):
            best = (score, name, rows, hdr, sh)
    if best is None:
        if all(_sheet_is_empty(wb, n) for n in names):
            raise EmptySheetError(
                msg("sheet_empty", lang), file=path, sheet=names[0] if names else None
            )
        raise NoIntakeSheetError(msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=path)
    _, name, rows, hdr, sh = best
    return name, rows, hdr, sh


def _sheet_is_empty(wb: pc.CalamineWorkbook, name: str) -> bool:
    try:
        return wb.get_sheet_by_name(name).height == 0
    except Exception:
        return True


# --- building the frame ---------------------------------------------------------------------


def _header_at(rows: list[list[Any]], hdr: int, col: int) -> str | None:
    """Field key (or header text) of a 0-based column, for pointing issues at a column."""
    if hdr >= len(rows) or col >= len(rows[hdr]) or is_blank(rows[hdr][col]):
        return None
    text = str(rows[hdr][col]).strip()
    return header_lookup().get(fold_header(text), text)


def _merged_issues(
    sh: pc.CalamineSheet | None, rows: list[list[Any]], hdr: int, path: Path, sheet: str, lang: Lang
) -> list[ReadIssue]:
    """Fill merged data ranges down/right with their top-left value; merged headers are fatal."""
    issues: list[ReadIssue] = []
    ranges = list(getattr(sh, "merged_cell_ranges", None) or []) if sh is not None else []
    for (r0, c0), (r1, c1) in ranges:
        ref = f"{column_letter(c0 + 1)}{r0 + 1}:{column_letter(c1 + 1)}{r1 + 1}"
        if r0 <= hdr <= r1:
            if c1 > c0:
                raise HeaderError(
                    msg("merged_header", lang, range=ref), file=path, sheet=sheet, row=hdr + 1
                )
            continue
        if r0 < hdr:
            continue
        top = rows[r0][c0] if r0 < len(rows) and c0 < len(rows[r0]) else None
        for r in range(r0, min(r1 + 1, len(rows))):
            for c in range(c0, min(c1 + 1, len(rows[r]))):
                rows[r][c] = top
        issues.append(
            ReadIssue(
                "warning",
                "merged_cells",
                msg("merged_cells", lang, range=ref),
                r0 + 1,
                _header_at(rows, hdr, c0),
                ref,
            )
        )
    return issues


def _build(
    path: Path,
    sheet: str,
    rows: list[list[Any]],
    hdr: int,
    lang: Lang,
    specials: tuple[dict[tuple[int, int], str], dict[tuple[int, int], bool]] | None = None,
    issues: list[ReadIssue] | None = None,
) -> Intake:
    lookup = header_lookup()
    issues = list(issues or [])
    header = rows[hdr]
    columns: dict[str, int] = {}
    unknown: list[str] = []
    keep: list[tuple[int, str]] = []  # (0-based col, column name)
    for c, h in enumerate(header):
        if is_blank(h):
            continue
        text = str(h).strip()
        key = lookup.get(fold_header(text))
        name = key or text
        if name in columns:
            first = column_letter(columns[name])
            raise HeaderError(
                msg("duplicate_header", lang, label=text, first=first, second=column_letter(c + 1)),
                file=path,
                sheet=sheet,
                row=hdr + 1,
                column=column_letter(c + 1),
            )
        columns[name] = c + 1
        keep.append((c, name))
        if key is None:
            unknown.append(text)
            issues.append(
                ReadIssue(
                    "warning",
                    "unknown_column",
                    msg("unknown_column", lang, header=text),
                    hdr + 1,
                    text,
                )
            )
    missing = [f for f in FIELDS if f.required and f.key not in columns]
    if missing:
        labels = "、".join(f.label(lang) for f in missing)
        raise HeaderError(
            msg("missing_required_columns", lang, columns=labels),
            file=path,
            sheet=sheet,
            row=hdr + 1,
        )

    errors, formulas = specials or ({}, {})
    data: dict[str, list[Any]] = {name: [] for _, name in keep}
    excel_rows: list[int] = []
    for r in range(hdr + 1, len(rows)):
        row = rows[r]
        excel_row = r + 1
        values = [row[c] if c < len(row) else None for c, _ in keep]
        if errors:
            for i, (c, _) in enumerate(keep):
                err = errors.get((excel_row, c + 1))
                if err is not None:
                    values[i] = err
        if all(is_blank(v) for v in values):
            continue
        for (_, name), v in zip(keep, values, strict=True):
            data[name].append(None if isinstance(v, str) and v == "" else v)
        excel_rows.append(excel_row)
    if not excel_rows:
        raise EmptySheetError(msg("no_data_rows", lang), file=path, sheet=sheet, row=hdr + 1)

    by_col = {c + 1: name for c, name in keep}
    per_column: dict[str, list[int]] = {}
    for (r, c), has_value in sorted(formulas.items()):
        col_name = by_col.get(c)
        if col_name is None or r <= hdr + 1:
            continue
        if not has_value and (r, c) not in errors:
            issues.append(
                ReadIssue("error", "formula_no_value", msg("formula_no_value", lang), r, col_name)
            )
        else:
            per_column.setdefault(col_name, []).append(r)
    for name, rs in per_column.items():
        issues.append(
            ReadIssue(
                "warning",
                "formula_cells",
                msg("formula_cells", lang, count=len(rs), row=rs[0]),
                rs[0],
                name,
            )
        )

    frame = pd.DataFrame(data, dtype=object)
    ordered = [f.key for f in FIELDS]
    for key in ordered:
        if key not in frame.columns:
            frame[key] = pd.Series([None] * len(frame), dtype=object)
    frame = frame[ordered + unknown]
    frame["_file"] = str(path)
    frame["_sheet"] = sheet
    frame["_row"] = excel_rows
    assert set(META_COLUMNS) <= set(frame.columns)
    return Intake(path, sheet, frame, hdr + 1, columns, unknown, issues)


def read_intake(path: str | Path, sheet: str | None = None, *, lang: Lang = "zh") -> Intake:
    """Read one intake file.

    Args:
        path: an .xlsx, .xlsm, .xls or .csv file.
        sheet: the sheet to read; by default the visible sheet whose header row names the most
            fields (a sheet called 客户信息 / Customers is preferred).
        lang: language of the messages in errors and issues.

    Returns:
        The :class:`Intake` with the raw frame and what was noticed on the way.

    Raises:
        InputError: (a subclass naming file, sheet and row) when the file cannot be used.

    Example:
        >>> intake = read_intake("templates/sample_rep.xlsx")  # doctest: +SKIP
        >>> intake.frame[["customer_name", "mobile", "_row"]].head(2)  # doctest: +SKIP
    """
    p = Path(path)
    kind = _sniff(p, lang)
    suffix = p.suffix.lower()
    pre: list[ReadIssue] = []
    if excel_lock_file(p) is not None:
        pre.append(ReadIssue("warning", "file_open_in_excel", msg("file_open_in_excel", lang)))
    if suffix == ".csv":
        if kind != "text":
            raise NotAWorkbookError(msg("file_wrong_type", lang, actual=kind), file=p)
        rows = read_csv_rows(p, lang)
        if not rows or all(is_blank(v) for r in rows for v in r):
            raise EmptySheetError(msg("sheet_empty", lang), file=p, sheet=p.stem)
        hdr, score = _find_header(rows, header_lookup())
        if score == 0:
            raise NoIntakeSheetError(msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=p)
        return _build(p, sheet or p.stem, rows, hdr, lang, issues=pre)
    if suffix not in INPUT_SUFFIXES:
        raise UnreadableFileError(msg("file_unsupported", lang, ext=suffix or "(none)"), file=p)
    wb = _open_workbook(p, kind, lang)
    try:
        name, rows, hdr, sh = _choose_sheet(wb, p, sheet, lang)
        pre += _merged_issues(sh, rows, hdr, p, name, lang)
    finally:
        wb.close()
    specials = special_cells(p, name) if kind == "zip" else None
    return _build(p, name, rows, hdr, lang, specials, pre)


def excel_error_value(value: object) -> str | None:
    """The Excel error text if ``value`` is one ('#N/A', '#REF!', ...), else None."""
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return value.strip().upper()
    return None


def intake_from_rows(
    sheets: dict[str, list[list[Any]]],
    *,
    file: str | Path,
    sheet: str | None = None,
    lang: Lang = "zh",
) -> Intake:
    """Build an :class:`Intake` from cell values already in memory (e.g. an open Excel book).

    Args:
        sheets: sheet name -> rows of values from A1 (as Excel or openpyxl give them).
        file: the workbook's name or path, used in messages.
        sheet: the sheet to use; by default the one whose header row names the most fields.
        lang: language of the messages.
    """
    path = Path(file)
    lookup = header_lookup()
    if sheet is not None:
        if sheet not in sheets:
            raise InputError(
                msg("sheet_missing", lang, sheet=sheet, sheets="、".join(sheets)), file=path
            )
        names = [sheet]
    else:
        names = list(sheets)
    best: tuple[int, str, int] | None = None
    for name in names:
        hdr, score = _find_header(sheets[name], lookup)
        if score >= (1 if sheet else MIN_HEADER_MATCHES) and (best is None or score > best[0]):
            best = (score, name, hdr)
    if best is None:
        if sheet is not None and not any(not is_blank(v) for r in sheets[sheet] for v in r):
            raise EmptySheetError(msg("sheet_empty", lang), file=path, sheet=sheet)
        raise NoIntakeSheetError(
            msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=path, sheet=sheet
        )
    _, name, hdr = best
    rows = [list(r) for r in sheets[name]]
    return _build(path, name, rows, hdr, lang)
