"""Bounds per input file (issue 11, items 4, 8, 10): crafted files, small on disk, built here.

Each hostile file sits beside a good one: it is refused with a message naming it, and the good
file is still read. Reaching calamine with any of them would abort or exhaust the machine, so
these tests passing is the proof that the check comes first.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin.cellsafe import TRUNCATED
from addin.intake.limits import MAX_CSV_FIELD, MAX_INFLATED_MB, MAX_SHEET_CELLS
from addin.intake.load import load_customers

HEAD = ["业务员", "录入日期", "客户姓名", "客户类型", "手机", "邮箱"]
ROW = ["张三", "2024-03-15", "王伟", "个人", "13812345678", "wang@example.com"]


def _good(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "客户信息"
    ws.append(HEAD)
    ws.append(ROW)
    path = folder / "good.xlsx"
    wb.save(path)
    return path


def _rewrite(path: Path, member: str, fn) -> None:  # type: ignore[no-untyped-def]
    with zipfile.ZipFile(path) as zf:
        parts = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts:
            zf.writestr(name, fn(data) if name == member else data)


def _far_cell(folder: Path, ref: str) -> Path:
    wb = openpyxl.load_workbook(_good(folder))
    wb.active[ref] = "x"  # type: ignore[index]
    path = folder / f"far_{ref}.xlsx"
    wb.save(path)
    return path


def _outcome(folder: Path, bad: Path) -> tuple[str, str, int]:
    result = load_customers([folder])
    p = result.problems
    row = p[p["file"] == str(bad)].iloc[0]
    return str(row["code"]), str(row["message"]), len(result.customers)


@pytest.mark.parametrize("ref", ["XFD1048576", "ZZ1048576", "K1000000"])
def test_far_away_cell_is_refused_before_reading(tmp_path: Path, ref: str) -> None:
    bad = _far_cell(tmp_path, ref)
    assert bad.stat().st_size < 20_000
    code, message, rows = _outcome(tmp_path, bad)
    assert code == "TooLargeError"
    assert ref in message and f"{MAX_SHEET_CELLS:,}" in message
    assert rows == 1  # good.xlsx is still read


def test_declared_dimension_is_checked_too(tmp_path: Path) -> None:
    bad = tmp_path / "dimension.xlsx"
    _good(tmp_path).rename(bad)
    _good(tmp_path)
    _rewrite(
        bad,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:XFD1048576"/>', x),
    )
    code, message, rows = _outcome(tmp_path, bad)
    assert code == "TooLargeError" and "A1:XFD1048576" not in message  # names the far corner
    assert "XFD1048576" in message and rows == 1


def test_zip_bomb_in_shared_strings_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bomb.xlsx"
    _good(tmp_path).rename(bad)
    _good(tmp_path)
    with zipfile.ZipFile(bad) as zf:
        parts = [(i.filename, zf.read(i)) for i in zf.infolist()]
    chunk = b"<si><t>" + b"A" * (1 << 20) + b"</t></si>"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in parts:
            zf.writestr(name, data)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as fh:
            for _ in range(MAX_INFLATED_MB + 8):
                fh.write(chunk)
    assert bad.stat().st_size < 2_000_000
    code, message, rows = _outcome(tmp_path, bad)
    assert code == "TooLargeError" and f"{MAX_INFLATED_MB:,} MB" in message
    assert rows == 1


def test_a_size_that_lies_is_refused_as_damaged(tmp_path: Path) -> None:
    bad = tmp_path / "liar.xlsx"
    _good(tmp_path).rename(bad)
    _good(tmp_path)
    data = bytearray(bad.read_bytes())
    # Shrink the uncompressed size the central directory declares for sheet1.xml.
    name = b"xl/worksheets/sheet1.xml"
    at = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[at + 24 : at + 28] = (16).to_bytes(4, "little")
    bad.write_bytes(bytes(data))
    code, message, rows = _outcome(tmp_path, bad)
    assert code == "UnreadableFileError" and "损坏" in message
    assert rows == 1


def _csv(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


CSV = "业务员,录入日期,客户姓名,客户类型,手机\n张三,2024-03-15,王伟,个人,13812345678\n"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("mac.csv", CSV.replace("\n", "\r").encode("utf-8")),
        ("utf16le.csv", CSV.encode("utf-16-le")),
        ("utf16bom.csv", CSV.encode("utf-16")),
        ("utf16be.csv", CSV.encode("utf-16-be")),
        ("crlf.csv", CSV.replace("\n", "\r\n").encode("gbk")),
    ],
)
def test_csv_variants_are_read(tmp_path: Path, name: str, data: bytes) -> None:
    result = load_customers([_csv(tmp_path, name, data)])
    assert result.customers["customer_name"].tolist() == ["王伟"]
    assert (result.problems["level"] != "error").all()


def test_long_csv_field_is_read_and_reported_as_cut_in_outputs(tmp_path: Path) -> None:
    long = "长" * 200_000  # over Python's default field limit (131,072) and Excel's (32,767)
    path = _csv(
        tmp_path,
        "long.csv",
        (CSV.rstrip("\n") + f',"{long}"\n').replace("手机\n", "手机,备注\n").encode(),
    )
    result = load_customers([path])
    assert len(result.customers) == 1
    warn = result.problems[result.problems["code"] == "cell_too_long"].iloc[0]
    assert warn["row"] == 2 and warn["file"] == str(path) and TRUNCATED in warn["message"]


def test_field_over_the_bound_is_refused_with_its_line(tmp_path: Path) -> None:
    data = CSV + '李四,2024-03-15,"' + "x" * (MAX_CSV_FIELD + 10) + '",个人,1\n'
    path = _csv(tmp_path, "unmatched.csv", data.encode())
    _good(tmp_path)
    code, message, rows = _outcome(tmp_path, path)
    assert code == "UnreadableFileError" and "3" in message and f"{MAX_CSV_FIELD:,}" in message
    assert rows == 1


def test_csv_over_the_cell_bound_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(CSV)
        line = "," * 999 + "\n"
        for _ in range(MAX_SHEET_CELLS // 1000 + 1):
            fh.write(line)
    code, message, _ = _outcome(tmp_path, path)
    assert code == "TooLargeError" and f"{MAX_SHEET_CELLS:,}" in message


@pytest.mark.parametrize("ref", ["XFD1048576", "K1000000", "AAA20000"])
def test_far_cell_under_a_small_dimension_is_refused(tmp_path: Path, ref: str) -> None:
    # The <dimension> says A1:F2, one cell lies far beyond it: its reference is what counts.
    bad = _far_cell(tmp_path, ref)
    _rewrite(
        bad,
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:F2"/>', x),
    )
    code, message, rows = _outcome(tmp_path, bad)
    assert code == "TooLargeError" and ref in message and rows == 1


def test_cells_out_of_order_are_all_counted(tmp_path: Path) -> None:
    # A far cell written before the sheet's small rows (no writer does, a crafted file may).
    bad = tmp_path / "order.xlsx"
    _good(tmp_path).rename(bad)
    _good(tmp_path)

    def far_first(xml: bytes) -> bytes:
        far = b'<row r="1000000"><c r="K1000000" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace(b"<sheetData>", b"<sheetData>" + far, 1)

    _rewrite(bad, "xl/worksheets/sheet1.xml", far_first)
    code, message, rows = _outcome(tmp_path, bad)
    assert code == "TooLargeError" and "K1000000" in message and rows == 1


def test_the_shape_of_the_references_never_lets_a_far_cell_pass() -> None:
    """The quick check (every capital read as A, every digit as 0) says "small enough" only
    where the exact reach of the references is within the bound, chunk edges included."""
    import random

    from addin.intake.address import column_letter
    from addin.intake.limits import _SHAPE, _small_enough

    rng = random.Random(7)
    refs = ["Z99999", "ZZ9999", "AAA99", "A100000", "AA10000", "AAA100", "XFD1048576"]
    refs += [
        f"{column_letter(rng.randint(1, 16_384))}{rng.randint(1, 10 ** rng.randint(1, 7))}"
        for _ in range(3000)
    ]
    for ref in refs:
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        assert m
        col = sum((ord(ch) - 64) * 26**i for i, ch in enumerate(reversed(m.group(1))))
        xml = f'<row r="{m.group(2)}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
        if _small_enough(xml.encode().translate(_SHAPE)):
            assert col * int(m.group(2)) <= MAX_SHEET_CELLS, ref
    assert not _small_enough(b'<c r="XFD1048576">'.translate(_SHAPE))
    assert _small_enough(b'<c r="Z99999"><c r="Y1">'.translate(_SHAPE))
    assert _small_enough(b'<c r="Z9999"><c r="AB9999">'.translate(_SHAPE))
