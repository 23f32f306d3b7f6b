"""Read reps' intake files (.xlsx/.xlsm/.xls via calamine, .csv in UTF-8 or GBK) into raw frames.

A raw frame has one column per recognised field (named by its key, in schema order, missing
optional fields added empty), the unrecognised columns under their original header, and
``_file``, ``_sheet``, ``_row`` (the Excel row number) so every later report can point at
the cell. Values are kept exactly as read; :mod:`addin.intake.normalize` does the rest.
Finding the sheet and header is in :mod:`addin.intake.header`, building the frame in
:mod:`addin.intake.frame`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..errors import (
    EmptySheetError,
    FileLockedError,
    NoIntakeSheetError,
    NotAWorkbookError,
    PasswordProtectedError,
    UnreadableFileError,
)
from ..files import excel_lock_file
from ..messages import COMMON
from ..schema import Lang, header_lookup
from .cells import read_csv_rows, special_cells
from .frame import build_intake, merged_issues
from .header import HEADER_SCAN_ROWS, choose_rows_sheet, choose_sheet, find_header
from .limits import check_csv_size, check_workbook
from .result import Intake, ReadIssue
from .text import EXCEL_ERRORS, is_blank
from .texts import msg

__all__ = [
    "INPUT_SUFFIXES",
    "excel_error_value",
    "find_inputs",
    "intake_from_rows",
    "read_intake",
]

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


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
        raise FileLockedError(COMMON.msg("file_locked", lang), file=path) from exc
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
        raise FileLockedError(COMMON.msg("file_locked", lang), file=path) from exc
    except Exception as exc:  # calamine raises many types for damaged files
        raise UnreadableFileError(msg("file_corrupt", lang), file=path) from exc


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
        check_csv_size(p, lang)
        rows = read_csv_rows(p, lang)
        if not rows or all(is_blank(v) for r in rows for v in r):
            raise EmptySheetError(msg("sheet_empty", lang), file=p, sheet=p.stem)
        hdr, score = find_header(rows, header_lookup())
        if score == 0:
            raise NoIntakeSheetError(msg("no_intake_sheet", lang, rows=HEADER_SCAN_ROWS), file=p)
        return build_intake(p, sheet or p.stem, rows, hdr, lang, issues=pre)
    if suffix not in INPUT_SUFFIXES:
        raise UnreadableFileError(msg("file_unsupported", lang, ext=suffix or "(none)"), file=p)
    holding = check_workbook(p, kind, lang) if kind != "text" else None  # before calamine
    wb = _open_workbook(p, kind, lang)
    try:
        name, rows, hdr, sh = choose_sheet(wb, p, sheet, lang)
        pre += merged_issues(sh, rows, hdr, p, name, lang)
    finally:
        wb.close()
    specials = special_cells(p, name, holding) if kind == "zip" else None
    return build_intake(p, name, rows, hdr, lang, specials, pre)


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
    name, hdr = choose_rows_sheet(sheets, path, sheet, lang)
    rows = [list(r) for r in sheets[name]]
    return build_intake(path, name, rows, hdr, lang)
