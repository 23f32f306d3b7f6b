"""Bounds on one input file, checked before calamine or the CSV reader allocates anything.

calamine allocates a sheet's whole rectangle up front: a 6 KB workbook with one cell at
XFD1048576 (or a ``<dimension>`` claiming it) asks for 512 GiB and aborts the process, and a
1 MB zip whose shared strings unpack to 1 GiB needs ~5 GB to read. So before a workbook is
opened its zip directory and the XML of every sheet are looked at, streamed in small chunks:

* the parts together may unpack to at most :data:`MAX_INFLATED_MB` (an .xls or .csv may be at
  most that big on disk);
* each sheet's used area, from A1 to its last cell, may hold at most :data:`MAX_SHEET_CELLS`
  cells -- both the area its ``<dimension>`` declares and the one its cells really reach.

A file over a bound raises :class:`~addin.errors.TooLargeError` naming it; the other files are
read as usual. A damaged zip is left to the reader, which reports it as damaged.
"""

from __future__ import annotations

import functools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from ..errors import TooLargeError, UnreadableFileError
from ..schema import Lang
from .address import column_letter, column_number
from .texts import msg

__all__ = [
    "MAX_CSV_FIELD",
    "MAX_INFLATED_MB",
    "MAX_SHEET_CELLS",
    "check_csv_size",
    "check_workbook",
    "sheet_extent",
]

#: Most megabytes (2**20 bytes) the parts of one .xlsx/.xlsm may unpack to; .xls/.csv on disk.
MAX_INFLATED_MB = 256
#: Most cells (rows x columns from A1 to the last cell) one sheet may span.
MAX_SHEET_CELLS = 10_000_000
#: Longest CSV field read, in characters (Python's default limit is 131,072).
MAX_CSV_FIELD = 1_048_576

_MB = 1 << 20
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any cell reference attribute, so none is missed at a chunk edge
_DIMENSION = re.compile(rb'<dimension\s+ref="([A-Z]{1,3})?(\d+)?(?::([A-Z]{1,3})(\d+))?"')
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
#: References beyond the known extent looked for one by one before a chunk is scanned whole.
_MAX_JUMPS = 200
#: A reference's shape: every capital read as ``A``, every digit as ``0``. In the shape of a
#: chunk one substring search (C speed, no regex step per cell) tells whether any reference
#: has more letters or digits than a size; ``r="A0000"`` is every reference of A1..Z9999.
_SHAPE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", b"A" * 26 + b"0" * 10)
#: Per number of column letters (1-3), the most columns such references can reach.
_MOST_COLUMNS = {1: 26, 2: 26 + 26**2, 3: 16_384}


def _ref(row: int, col: int) -> str:
    return f"{column_letter(col)}{row}"


@functools.lru_cache(maxsize=256)
def _beyond(rows: int, cols: int) -> re.Pattern[bytes]:
    """A cell reference ``r="B7"`` lying below row ``rows`` or right of column ``cols``.

    The pattern starts with a literal, so the regex engine skips to each ``r="`` in C; most
    sheets hold no such reference once the first row is seen, and a search finds nothing.
    """
    letters = column_letter(cols) if cols else ""
    col_alts = [f"[A-Z]{{{len(letters) + 1},3}}"] if len(letters) < 3 else []
    for i, ch in enumerate(letters):
        if ch < "Z":
            rest = len(letters) - i - 1
            col_alts.append(
                letters[:i] + f"[{chr(ord(ch) + 1)}-Z]" + (f"[A-Z]{{{rest}}}" if rest else "")
            )
    digits = str(rows) if rows else ""
    row_alts = [f"[0-9]{{{len(digits) + 1},}}"]
    for i, d in enumerate(digits):
        if d < "9":
            rest = len(digits) - i - 1
            row_alts.append(digits[:i] + f"[{int(d) + 1}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    col_gt = "|".join(col_alts) or "(?!)"
    row_gt = "|".join(row_alts)
    look = f'(?=(?:{col_gt})[0-9]|[A-Z]{{1,3}}(?:{row_gt})")'
    return re.compile(b'r="' + look.encode() + rb'([A-Z]{1,3})([0-9]+)"')


def _reach(buf: bytes, rows: int, cols: int) -> tuple[int, int]:
    """(rows, columns) from A1 the cell references in ``buf`` reach, at least ``rows, cols``.

    Starts from the buffer's last reference (in a sheet written in order, the farthest row)
    and then only looks for references beyond what is known; a sheet in no order gets the
    old full scan after :data:`_MAX_JUMPS` such finds.
    """
    tail = _CELL_REF.findall(buf[-2048:]) or _CELL_REF.findall(buf[-65536:])
    if tail:
        rows = max(rows, int(tail[-1][1]))
    pos = 0
    for _ in range(_MAX_JUMPS):
        m = _beyond(rows, cols).search(buf, pos)
        if m is None:
            return rows, cols
        rows, cols = max(rows, int(m.group(2))), max(cols, column_number(m.group(1)))
        pos = m.end()
    refs = _CELL_REF.findall(buf, pos)
    if refs:
        letters, digits = zip(*refs, strict=True)
        cols = max(cols, *map(column_number, set(letters)))
        rows = max(rows, *map(int, set(digits)))
    return rows, cols


def _small_enough(shape: bytes) -> bool:
    """Whether no cell reference in ``shape`` (a chunk read by :data:`_SHAPE`) can reach past
    :data:`MAX_SHEET_CELLS` from A1: its most letters and digits bound its column and row.
    False says only that the exact scan must tell (a wide sheet, a long one, or text that
    looks like a reference)."""
    letters = next((n for n in (3, 2, 1) if b'r="' + b"A" * n in shape), 0)
    if not letters:
        return True
    digits = 1  # the fewest digits a reference may have that could go past the bound
    while _MOST_COLUMNS[letters] * (10**digits - 1) <= MAX_SHEET_CELLS:
        digits += 1
    return not any(b'r="' + b"A" * n + b"0" * digits in shape for n in range(1, letters + 1))


def _declared(head: bytes) -> tuple[int, int]:
    """(rows, columns) from A1 that the ``<dimension>`` near the start of a sheet declares."""
    m = _DIMENSION.search(head[:65536])
    if not m:
        return 0, 0
    last_col, last_row = (m.group(3), m.group(4)) if m.group(3) else (m.group(1), m.group(2))
    return int(last_row or 1), column_number(last_col or b"A")


def sheet_extent(zf: zipfile.ZipFile, member: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """((rows, columns) the sheet declares, (rows, columns) its cells reach), both from A1."""
    declared, real, _ = _scan_sheet(zf, member)
    return declared, real


def _chunks(zf: zipfile.ZipFile, member: str) -> Iterator[bytes]:
    """The member's bytes in 1 MB chunks, each starting with the last bytes of the one before
    (so that nothing is missed at an edge)."""
    with zf.open(member) as fh:
        buf = fh.read(_CHUNK)
        while buf:
            yield buf
            chunk = fh.read(_CHUNK)
            buf = buf[-_OVERLAP:] + chunk if chunk else b""


def _scan_sheet(
    zf: zipfile.ZipFile, member: str, *, quick: bool = False
) -> tuple[tuple[int, int], tuple[int, int], bool]:
    """:func:`sheet_extent`, and whether the sheet holds an error value or a formula.

    The cells are found by their ``r="B7"`` references (what calamine places them by); rows
    holding no cell (formatting only) do not count, as calamine allocates nothing for them.
    The XML is streamed in 1 MB chunks and each chunk searched, not split into its cells.
    ``quick``: each chunk read by its shape (:func:`_small_enough`) instead, reference by
    reference only if that cannot rule out a cell past the bound (the sheet scanned again);
    a sheet that passes gives (0, 0) as the extent its cells reach.
    """
    declared = (0, 0)
    rows = cols = 0
    special = False
    for k, buf in enumerate(_chunks(zf, member)):
        if quick and not _small_enough(buf.translate(_SHAPE)):
            return _scan_sheet(zf, member)
        declared = _declared(buf) if k == 0 else declared
        if not quick:
            rows, cols = _reach(buf, rows, cols)
        special = special or b't="e"' in buf or b"<f" in buf
    return declared, (rows, max(cols, 1) if rows else 0), special


def _worksheets(zf: zipfile.ZipFile) -> list[str]:
    return sorted(n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _inflated(zf: zipfile.ZipFile, member: str) -> int:
    """Bytes ``member`` really unpacks to (zipfile stops at the declared size, then checks CRC)."""
    n = 0
    with zf.open(member) as fh:
        while chunk := fh.read(_CHUNK):
            n += len(chunk)
    return n


def check_workbook(path: Path, kind: str, lang: Lang) -> dict[str, bool] | None:
    """Raise :class:`TooLargeError` if reading ``path`` would go over a bound.

    Args:
        path: the workbook.
        kind: 'zip' (.xlsx/.xlsm) or 'ole' (.xls), as the reader sniffed it.
        lang: language of the message.

    Returns:
        For each worksheet part looked at, whether it holds an error value or a formula (the
        reader looks for those cells only where it does, not reading the XML twice); None
        when not known (.xls, damaged).
    """
    if kind != "zip":
        check_csv_size(path, lang)
        return None
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        return None  # the reader says it is damaged
    with zf:
        total = sum(i.file_size for i in zf.infolist())
        if total > MAX_INFLATED_MB * _MB:
            raise TooLargeError(
                msg("too_large_inflated", lang, mb=total / _MB, limit=MAX_INFLATED_MB), file=path
            )
        try:
            if "xl/sharedStrings.xml" in zf.namelist():
                _inflated(zf, "xl/sharedStrings.xml")  # a size that lies fails its CRC
            scans = {member: _scan_sheet(zf, member, quick=True) for member in _worksheets(zf)}
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
            # Damaged, or sizes that lie: never hand it to calamine, which would inflate it all.
            raise UnreadableFileError(msg("file_corrupt", lang), file=path) from exc
        for declared, real, _ in scans.values():
            for (r, c), code in ((declared, "too_many_cells_declared"), (real, "too_many_cells")):
                if r * c > MAX_SHEET_CELLS:
                    raise TooLargeError(
                        msg(code, lang, ref=_ref(r, c), cells=r * c, limit=MAX_SHEET_CELLS),
                        file=path,
                    )
    return {posixpath.normpath(member): special for member, (_, _, special) in scans.items()}


def check_csv_size(path: Path, lang: Lang) -> None:
    """Raise :class:`TooLargeError` if a file read whole (.csv, .xls) is over the size bound."""
    size = path.stat().st_size
    if size > MAX_INFLATED_MB * _MB:
        raise TooLargeError(
            msg("too_large_file", lang, mb=size / _MB, limit=MAX_INFLATED_MB), file=path
        )
