"""Streaming the data rows of big sheets as XML built column-wise, ~5x faster than cell by cell.

xlsxwriter spends ~5 µs per cell (checks, escaping, XML attributes); a 100,000-row sheet of
30 columns takes 15 s. Here xlsxwriter still writes everything else (styles, header, widths,
print setup, autofilter, charts) plus two placeholder rows that register the cell formats;
after it closes the file, the placeholder rows are replaced by rows rendered with vectorised
pandas string operations, streamed into the zip in chunks (bounded memory).

:class:`PlainRows` is the same idea for sheets whose cells carry no format (the Duplicates
workbook): xlsxwriter in ``constant_memory`` mode writes the header row and everything else,
then the data rows are appended with the exact XML its ``write_string`` / ``write_number``
would have produced for :func:`addin.cellsafe.xlsx_text` of each text (inline strings, the
same escaping, ``%.16G`` numbers).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.utility import _preserve_whitespace, xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

from ..cellsafe import xlsx_text
from .package import rewrite_sheets
from .shared import SST_PART, SharedStrings, escaped_between, shared_strings

__all__ = ["PendingRows", "ColumnCells", "render_rows", "splice_rows", "PlainRows", "append_rows"]

_CHUNK = 5000


@dataclass
class PendingRows:
    """Rows to put into sheet ``index`` (0-based) in place of two placeholder rows."""

    index: int
    first_row: int  # 0-based row of the first data row (= first placeholder row)
    ncols: int
    values: list[np.ndarray]  # per column: str (text), float (number), None/NaN = blank
    is_text: list[bool]
    plain: list[Format]
    marked: list[Format]
    highlight: np.ndarray  # bool per row
    heights: np.ndarray | None = None  # row height in points per row, NaN = Excel's default


#: Stands for the row number in the cells' XML until each row gets its own (one ``replace``
#: per row); it never occurs in cell text, which has its control characters removed or escaped.
_ROW = "\x01"
_ROW_BYTES = _ROW.encode()


def _utf8(texts: list[str]) -> np.ndarray:
    """Each text as UTF-8 bytes, in an object array: the rows are joined as bytes (smaller than
    a text holding any Chinese character, and nothing left to encode when written). One by one:
    encoding the texts joined was no faster and held three copies of a column at once."""
    parts = [t.encode("utf-8") for t in texts]
    out = np.empty(len(parts), dtype=object)
    out[:] = parts
    return out


_TEXT_HEAD = '" t="inlineStr"><is><t xml:space="preserve">'
_TEXT_END = "</t></is></c>"


def _text_tails(texts: list[object]) -> list[str]:
    """The cell tail of each text: ``_TEXT_HEAD + _escape(fit_cell(str(t))) + _TEXT_END``."""
    return escaped_between(texts, _TEXT_HEAD, _TEXT_END)


def _number_tails(numbers: np.ndarray) -> list[str]:
    """``'"><v>N</v></c>`` of each number: whole numbers (below 1e15) as integers, formatted at
    once; others as ``repr`` gives them."""
    whole = np.isfinite(numbers) & (np.abs(numbers) < 1e15) & (numbers == np.floor(numbers))
    out = np.empty(len(numbers), dtype=object)
    out[whole] = numbers[whole].astype(np.int64).astype(str).astype(object)
    out[~whole] = [repr(float(v)) for v in numbers[~whole].tolist()]
    return ['"><v>' + v + "</v></c>" for v in out.tolist()]


#: A text column with more distinct values than this share of its rows (names, companies) has
#: its cells made chunk by chunk, from the values in each chunk, instead of one table of every
#: value's cell up front, which for 620,000 company names held ~250 MB while the sheet was
#: written; only from this many rows (below, one table is as cheap).
_PER_CHUNK_SHARE = 0.5
_PER_CHUNK_MIN_ROWS = 4 * _CHUNK
#: A text column with at most this share of distinct values has them in the shared-string table
#: (:class:`~addin.xlsx.shared.SharedStrings`); one of mostly distinct texts (names, phones)
#: gains nothing there and stays inline.
_SHARED_SHARE = 0.5


def _cells_of(
    tails: list[str], blank: np.ndarray, plain: str, marked: str | None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Per value (and a last one for missing), its whole cell on a plain row and, unless
    ``marked`` is None (no row highlighted), on a highlighted row. Blank cells are left out,
    except on highlighted rows where they carry the fill."""
    on_plain = [plain + t for t in tails] + [""]
    for k in np.flatnonzero(blank):
        on_plain[k] = ""
    if marked is None:
        return _utf8(on_plain), None
    on_marked = [marked + t for t in tails] + [marked + '"/>']
    for k in np.flatnonzero(blank):
        on_marked[k] = marked + '"/>'
    return _utf8(on_plain), _utf8(on_marked)


class ColumnCells:
    """The cells of one column of a :class:`PendingRows`, picked chunk by chunk (:meth:`pick`).

    Columns repeat a lot (reasons, reps, dates), so each distinct value's cell is made once,
    the distinct texts escaped together, as one string (:func:`_text_tails`), into one table;
    a text column of mostly distinct values makes the cells of each chunk's values instead
    (the same bytes, without a table of every value held while the sheet is written).
    """

    def __init__(self, p: PendingRows, c: int, shared: SharedStrings | None = None) -> None:
        text = p.is_text[c]
        codes, uniques = pd.factorize(pd.Series(p.values[c], dtype=object if text else float))
        self.codes = np.asarray(codes, dtype=np.int64)
        ref = '<c r="' + xl_col_to_name(c) + _ROW
        self.plain_head = ref + '" s="' + str(p.plain[c]._get_xf_index())
        self.marked_head = (
            ref + '" s="' + str(p.marked[c]._get_xf_index()) if p.highlight.any() else None
        )
        n = len(self.codes)
        self.uniques: list[object] | None = None
        if text and n >= _PER_CHUNK_MIN_ROWS and len(uniques) > _PER_CHUNK_SHARE * n:
            self.uniques = uniques.tolist()  # cells made per chunk
            return
        if text:  # texts that repeat go to the shared table, if there is one
            repeated = shared if len(uniques) <= _SHARED_SHARE * n else None
            self.plain, self.marked = self._text_cells(uniques.tolist(), repeated)
            return
        tails = _number_tails(np.asarray(uniques, dtype=float))
        blank = np.array([False] * len(uniques) + [True], dtype=bool)
        self.plain, self.marked = _cells_of(tails, blank, self.plain_head, self.marked_head)

    def _text_cells(
        self, values: list[object], shared: SharedStrings | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """The cells of these texts (the empty text: a blank cell), then one for missing.

        With ``shared`` (``values`` are then the whole column's, in its codes' order) the cells
        refer to its table, each text added there once, and its count of such cells grows.
        """
        blank = np.array([v == "" for v in values] + [True], dtype=bool)
        if shared is None:
            return _cells_of(_text_tails(values), blank, self.plain_head, self.marked_head)
        shared.count += int((~blank[self.codes]).sum())  # code -1 (missing): blank
        tails = shared.tails([str(v) for v in values])
        return _cells_of(tails, blank, self.plain_head, self.marked_head)

    def pick(self, lo: int, hi: int, flags: np.ndarray) -> np.ndarray:
        """The cells (UTF-8) of rows ``lo``..``hi - 1``; ``flags``: which are highlighted."""
        codes = self.codes[lo:hi]
        if self.uniques is None:
            plain, marked = self.plain, self.marked
        else:  # this chunk's distinct values only; code -1 (missing) is one of them, blank
            local, present = pd.factorize(codes)
            codes = np.asarray(local)
            plain, marked = self._text_cells(
                [self.uniques[g] if g >= 0 else "" for g in present.tolist()]
            )
        if marked is None or not flags.any():  # no row of these highlighted: plain cells only
            out: np.ndarray = plain[codes]
            return out
        return np.where(flags, marked[codes], plain[codes])


def _join_rows(starts: np.ndarray, cells: list[np.ndarray], numbers: Iterable[int]) -> bytes:
    """Each row's start, cells and end joined (UTF-8), its number put in for the placeholder."""
    lines = map(b"".join, zip(starts, *cells, strict=True))
    nums = [b"%d" % k for k in numbers]
    return b"".join(
        [line.replace(_ROW_BYTES, n) + b"</row>" for line, n in zip(lines, nums, strict=True)]
    )


def _row_starts(heights: np.ndarray | None, lo: int, hi: int) -> np.ndarray:
    """The ``<row r="…">`` of rows ``lo``..``hi - 1`` (placeholder for the number), UTF-8."""
    head = b'<row r="' + _ROW_BYTES
    if heights is None:
        return np.full(hi - lo, head + b'">', dtype=object)
    out: np.ndarray = head + _heights(heights, lo, hi) + b'">'
    return out


def render_rows(p: PendingRows, lo: int, hi: int, tables: Sequence[ColumnCells]) -> bytes:
    """XML of data rows ``lo``..``hi - 1`` (UTF-8); ``tables``: a :class:`ColumnCells` per column."""
    flags = p.highlight[lo:hi]
    cells = [t.pick(lo, hi, flags) for t in tables]
    first = lo + p.first_row + 1  # 1-based
    return _join_rows(_row_starts(p.heights, lo, hi), cells, range(first, first + hi - lo))


def _heights(heights: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """The ``ht`` attributes (UTF-8) of rows ``lo``..``hi - 1`` with a height of their own."""
    codes, uniques = pd.factorize(heights[lo:hi])  # a few heights: each formatted once
    table = _utf8([f'" ht="{h:g}" customHeight="1' for h in uniques.tolist()] + [""])
    out: np.ndarray = table[codes]  # code -1 (NaN): Excel's default height
    return out


def _with_dimension(xml_head: str, ref: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>', xml_head, count=1)


def splice_rows(path: Path, pending: Sequence[PendingRows]) -> None:
    """Replace each sheet's placeholder rows by its rendered data rows (rewrites the zip)."""

    def splice(p: PendingRows) -> Callable[[str, IO[bytes]], None]:
        def write(xml: str, out: IO[bytes]) -> None:
            start = xml.index(f'<row r="{p.first_row + 1}"')
            end = xml.index("</row>", xml.index(f'<row r="{p.first_row + 2}"')) + len("</row>")
            n = len(p.highlight)
            last = xl_col_to_name(max(p.ncols - 1, 0)) + str(p.first_row + max(n, 1))
            out.write(_with_dimension(xml[:start], f"A1:{last}").encode("utf-8"))
            tables = [ColumnCells(p, c, shared) for c in range(p.ncols)]
            for lo in range(0, n, _CHUNK):
                out.write(render_rows(p, lo, min(n, lo + _CHUNK), tables))
            out.write(xml[end:].encode("utf-8"))

        return write

    if not pending:
        return
    shared = shared_strings(path, [p.index for p in pending])
    rewrite_sheets(
        path,
        {p.index: splice(p) for p in pending},
        parts={SST_PART: shared.write} if shared is not None else None,
    )


# --- unformatted rows, byte for byte what xlsxwriter's constant_memory mode writes ------------

_XML = XMLwriter()
_STRMAX = 32767  # Excel's cell limit in UTF-16 units (longer text: addin.cellsafe.fit_cell)


#: Anything xlsxwriter would escape or mark (control characters, _xHHHH_, &, <, >, leading or
#: trailing space): texts without it are written as they are.
_SPECIAL = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff&<>]|_x[0-9a-fA-F]{4}_|^\s|\s$")


def _inline_tail(text: str) -> str:
    """What follows ``<c r="A1`` for a string cell, as xlsxwriter's inline strings have it."""
    if len(text) <= _STRMAX // 2 and not _SPECIAL.search(text):
        return f'" t="inlineStr"><is><t>{text}</t></is></c>'
    # Over Excel's limit: cut, with a visible marker; '<r>…</r>' (which xlsxwriter passes
    # through as raw rich-text XML: from input, XML injection) wrapped escaped in a real run.
    text = xlsx_text(text)
    text = _XML._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):  # xlsxwriter passes rich text through
        return f'" t="inlineStr"><is>{text}</is></c>'
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'" t="inlineStr"><is><t{space}>{_XML._escape_data(text)}</t></is></c>'


def _plain_column(values: pd.Series, numeric: bool) -> tuple[np.ndarray, np.ndarray]:
    """Codes per row (-1 = no cell) into a table of cell tails; each distinct value once."""
    if numeric:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
        table = [f'"><v>{u:.16G}</v></c>' for u in np.asarray(uniques).tolist()]
        return np.asarray(codes, dtype=np.int64), np.array([*table, ""], dtype=object)
    items = values.tolist()
    if not pd.api.types.is_string_dtype(values) or pd.api.types.infer_dtype(
        values, skipna=True
    ) not in ("string", "empty"):
        # Mixed cells: what str() makes of each (1 and 1.0 must not share a code).
        items = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in items]
    codes, uniques = pd.factorize(pd.Series(items, dtype=object), use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    table = [_inline_tail(u) for u in uniques.tolist()]
    missing = np.flatnonzero(codes < 0)
    for k in missing:  # NaN and None are no cell; other missing markers (NaT) print as text
        v = items[k]
        if v is not None and not (isinstance(v, float) and v != v):
            codes[k] = len(table)
            table.append(_inline_tail(str(v)))
    return codes, np.array([*table, ""], dtype=object)


@dataclass
class PlainRows:
    """A frame's rows for sheet ``index`` (0-based), appended after its header row."""

    index: int
    frame: pd.DataFrame
    first_row: int = 1  # 0-based row of the first data row
    #: column -> cell format (e.g. wrapped text); register it with ``set_column`` so it gets an index
    formats: dict[int, Format] = field(default_factory=dict)
    heights: np.ndarray | None = None  # row height in points per row, NaN = Excel's default

    def columns(self) -> list[tuple[np.ndarray, np.ndarray]]:
        """Per column: codes per row and the table of cell tails (the last entry: no cell)."""
        out = []
        for name in self.frame.columns:
            col = self.frame[name]
            numeric = pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)
            out.append(_plain_column(col, numeric))
        return out


def _plain_cells(
    cols: list[tuple[np.ndarray, np.ndarray]], styles: dict[int, str]
) -> list[np.ndarray]:
    """Per column, per code: the whole cell with the row-number placeholder (b"" = no cell)."""
    out = []
    for c, (_, table) in enumerate(cols):
        head = '<c r="' + xl_col_to_name(c) + _ROW + styles.get(c, "")  # tails start with '"'
        out.append(_utf8([head + t for t in table[:-1].tolist()] + [""]))
    return out


def _plain_xml(
    cols: list[tuple[np.ndarray, np.ndarray]],
    cells: list[np.ndarray],
    first: int,
    lo: int,
    hi: int,
    heights: np.ndarray | None = None,
) -> bytes:
    filled = np.zeros(hi - lo, dtype=bool)
    picked = []
    for (codes, _), table in zip(cols, cells, strict=True):
        code = codes[lo:hi]
        filled |= code >= 0
        picked.append(table[code])
    starts = _row_starts(heights, lo, hi)
    numbers = (np.flatnonzero(filled) + lo + first + 1).tolist()  # 1-based
    if filled.all():
        return _join_rows(starts, picked, numbers)
    return _join_rows(starts[filled], [col[filled] for col in picked], numbers)


def _last_row(cols: list[tuple[np.ndarray, np.ndarray]], first: int) -> int:
    """1-based number of the last row holding a cell (the header row when none does)."""
    last = first  # the header row, 1-based
    for codes, _ in cols:
        filled = np.flatnonzero(codes >= 0)
        if len(filled):
            last = max(last, first + int(filled[-1]) + 1)
    return last


def append_rows(path: Path, pending: Sequence[PlainRows]) -> None:
    """Append each frame's rows to its sheet (written by xlsxwriter with the header row only)."""

    def append(p: PlainRows) -> Callable[[str, IO[bytes]], None]:
        def write(xml: str, out: IO[bytes]) -> None:
            cols = p.columns()
            styles = {c: f'" s="{f._get_xf_index()}' for c, f in p.formats.items()}
            end = xml.index("</sheetData>")
            ncols = len(p.frame.columns)
            last = xl_col_to_name(max(ncols - 1, 0)) + str(_last_row(cols, p.first_row))
            ref = "A1" if last == "A1" else f"A1:{last}"  # xlsxwriter's form for one cell
            out.write(_with_dimension(xml[:end], ref).encode("utf-8"))
            cells = _plain_cells(cols, styles)
            for lo in range(0, len(p.frame), _CHUNK):
                hi = min(len(p.frame), lo + _CHUNK)
                out.write(_plain_xml(cols, cells, p.first_row, lo, hi, p.heights))
            out.write(xml[end:].encode("utf-8"))

        return write

    rewrite_sheets(path, {p.index: append(p) for p in pending})
