"""The Duplicates workbook's fast row writer gives the XML xlsxwriter itself would write."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import _preserve_whitespace
from xlsxwriter.xmlwriter import XMLwriter

from addin.cellsafe import xlsx_text
from addin.xlsx.fastrows import PlainRows, _inline_tail, append_rows


def _reference(path: Path, frames: list[pd.DataFrame]) -> None:
    """Cell by cell through xlsxwriter (constant_memory), as the Duplicates writer used to."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = wb.add_format({"bold": True})
    for k, frame in enumerate(frames):
        ws = wb.add_worksheet(f"S{k}")
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, [str(c) for c in frame.columns], bold)
        columns = [
            (
                pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col),
                col.tolist(),
            )
            for col in (frame[name] for name in frame.columns)
        ]
        for r in range(len(frame)):  # row by row: constant_memory mode needs them in order
            for c, (numeric, values) in enumerate(columns):
                v = values[r]
                if v is None or (isinstance(v, float) and v != v):
                    continue
                if numeric:
                    ws.write_number(r + 1, c, v)
                else:
                    # What every writer hands xlsxwriter: cut with a marker, '<r>…</r>' wrapped.
                    ws.write_string(r + 1, c, xlsx_text(str(v)))
    wb.close()


def _fast(path: Path, frames: list[pd.DataFrame]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    bold = wb.add_format({"bold": True})
    for k, frame in enumerate(frames):
        ws = wb.add_worksheet(f"S{k}")
        ws.freeze_panes(1, 0)
        ws.write_row(0, 0, [str(c) for c in frame.columns], bold)
    wb.close()
    append_rows(path, [PlainRows(k, f) for k, f in enumerate(frames)])


def _sheets(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")}


TRICKY = [" lead", "trail ", "a&b<c>d\"e'", "line\nbreak", "ctl\x01\x1f", "_x0041_", "<r>rich</r>",
          "￥１２", "张伟", "", "\ufffe", "x" * 40_000, "😀" * 20_000]  # fmt: skip

FRAMES = {
    "text": pd.DataFrame({"t": TRICKY}),
    "str dtype": pd.DataFrame({"t": pd.Series(["a", None, "b", "a"], dtype="str")}),
    "mixed objects": pd.DataFrame(
        {
            "m": pd.Series(
                [1, 1.0, True, "1", None, np.nan, pd.NaT, pd.Timestamp("2024-03-05")], dtype=object
            )
        }  # fmt: skip
    ),
    "numbers": pd.DataFrame(
        {
            "i": [1, 2, 10**17, -3],
            "f": [0.1 + 0.2, np.nan, 1e-7, 64.5],
            "b": [True, False, True, False],
        }
    ),
    "blank rows": pd.DataFrame({"a": [None, "x", None, None], "b": [np.nan, 1.0, np.nan, np.nan]}),
    "empty": pd.DataFrame({"a": pd.Series([], dtype=object), "b": pd.Series([], dtype=float)}),
    "one column": pd.DataFrame({"notes": ["only one"]}),
}


@pytest.mark.parametrize("name", list(FRAMES))
def test_same_xml_as_xlsxwriter(tmp_path: Path, name: str) -> None:
    frames = [FRAMES[name], FRAMES["one column"]]
    _reference(tmp_path / "ref.xlsx", frames)
    _fast(tmp_path / "fast.xlsx", frames)
    assert _sheets(tmp_path / "fast.xlsx") == _sheets(tmp_path / "ref.xlsx")


def test_many_rows_in_chunks(tmp_path: Path) -> None:
    n = 12_345  # more than one chunk
    frame = pd.DataFrame(
        {"id": np.arange(n), "rep": [f"rep {k % 7}" for k in range(n)], "s": np.linspace(0, 1, n)}
    )
    _reference(tmp_path / "ref.xlsx", [frame])
    _fast(tmp_path / "fast.xlsx", [frame])
    assert _sheets(tmp_path / "fast.xlsx") == _sheets(tmp_path / "ref.xlsx")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30) | st.sampled_from([t for t in TRICKY if len(t) < 100]))
def test_text_cells_escaped_as_xlsxwriter_does(text: str) -> None:
    xml = XMLwriter()
    expected = xml._escape_control_characters(xlsx_text(text))
    if expected.startswith("<r>") and expected.endswith("</r>"):
        expected = f'" t="inlineStr"><is>{expected}</is></c>'
    else:
        space = ' xml:space="preserve"' if _preserve_whitespace(expected) else ""
        expected = f'" t="inlineStr"><is><t{space}>{xml._escape_data(expected)}</t></is></c>'
    assert _inline_tail(text) == expected
