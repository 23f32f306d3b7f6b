"""Benchmark: our sheet writers against xlsxwriter (constant_memory) and rustpy-xlsxwriter.

    python benchmarks/writers_bench.py [--rows 100000] [--check-rows 300] [--libreoffice]

Every writer writes the same follow-up sheet: a title line, a header, then ``--rows`` rows of
14 columns (texts, some wrapped, dates, whole numbers; overdue rows tinted red), each in a fresh
process so that its peak memory (RSS) is its own. Before the timing, each writes
``--check-rows`` rows that are read back with openpyxl and compared cell by cell with ours:
value, type, number format, fill and wrap (and, with ``--libreoffice``, opened in LibreOffice).

* ``ours``: :func:`addin.xlsx.sheets.write_table` (xlsxwriter writes the frame around the
  rows, :mod:`addin.xlsx.fastrows` the rows, compressed once);
* ``ours-plain``: :class:`addin.xlsx.fastrows.PlainRows`, the unformatted rows of the
  Duplicates workbook (cells without formats, so the check skips the styles);
* ``xlsxwriter``: cell by cell in ``constant_memory`` mode with the same formats;
* ``rustpy``: ``rustpy_xlsxwriter.write_worksheet`` with column formats and a row format for
  the tinted rows (it has no per-cell formats: the check says what that costs).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import rustpy_xlsxwriter as rustpy
import xlsxwriter

from addin.cellsafe import XLSXWRITER_OPTIONS, xlsx_text
from addin.xlsx.fastrows import PlainRows, append_rows
from addin.xlsx.sheets import _FORMATS, Column, SheetBook, excel_serial, write_table

COLUMNS = [
    Column("rep", "业务员", "text", 9),
    Column("urgency", "紧急程度", "text", 7),
    Column("reason_label", "原因类别", "text", 14, True),
    Column("reason", "原因说明", "text", 52, True),
    Column("due", "截止日期", "date", 11),
    Column("days_overdue", "逾期天数", "int", 7),
    Column("customer", "客户", "text", 10),
    Column("company", "公司", "text", 26, True),
    Column("mobile", "联系电话", "text", 15),
    Column("action", "建议行动", "text", 30, True),
    Column("customer_id", "客户编号", "text", 10),
    Column("tier", "等级", "text", 5),
    Column("last_contact", "最近联系", "date", 11),
    Column("row", "行号", "int", 6),
]
TITLE = "跟进清单 · 张伟 · 截至 2026-11-23"
HEADER = {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "text_wrap": True}
RED = "#FCE4E4"


def frame(n: int, seed: int = 1) -> pd.DataFrame:
    """``n`` follow-up rows as the pipeline makes them (with hostile texts among them)."""
    rng = np.random.default_rng(seed)
    pick = lambda xs: np.array(xs, dtype=object)[rng.integers(0, len(xs), n)]  # noqa: E731
    days = rng.integers(-60, 30, n)
    due = pd.Timestamp("2026-11-23") + pd.to_timedelta(days, unit="D")
    names = [a + b for a in "王李张刘陈杨黄赵吴周" for b in ["伟", "芳", "娜", "秀英", "明"]]
    hostile = ['=HYPERLINK("http://x")', "+cmd", "<r>rich</r>", "a & b <c>", " lead"]
    return pd.DataFrame(
        {
            "rep": pick(names[:20]),
            "urgency": pick(["紧急", "重要", "一般", "低"]),
            "reason_label": pick(["逾期未跟进", "按节奏到期", "反馈/投诉未解决", "流失风险"]),
            "reason": [f"B类每 14 天，距上次联系：应于 {d:%Y-%m-%d} 跟进" for d in due],
            "due": due,
            "days_overdue": np.where(days < 0, -days, 0),
            "customer": pick(names + hostile),
            "company": pick([f"华信{k}科技有限公司" for k in range(300)] + [None]),
            "mobile": [f"138 {k % 10000:04d} {k * 7 % 10000:04d}" for k in range(n)],
            "action": pick(["电话回访，确认需求", "发送报价", "上门拜访"]),
            "customer_id": [f"C{k:07d}" for k in range(n)],
            "tier": pick(["A", "B", "C", None]),
            "last_contact": (due - pd.Timedelta(days=14)).where(rng.random(n) < 0.8),
            "row": np.arange(2, n + 2),
        }
    )


def write_ours(df: pd.DataFrame, path: Path) -> None:
    book = SheetBook(path)
    write_table(book, "跟进清单", df, COLUMNS, lang="zh", title=TITLE,
                highlight=(df["days_overdue"] > 0).to_numpy())  # fmt: skip
    book.close()


def write_ours_plain(df: pd.DataFrame, path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, **XLSXWRITER_OPTIONS})
    ws = wb.add_worksheet("跟进清单")
    ws.write_string(0, 0, TITLE)
    ws.write_row(1, 0, [c.header for c in COLUMNS], wb.add_format({"bold": True}))
    wb.close()
    plain = df.assign(**{c.key: excel_serial(df[c.key]) for c in COLUMNS if c.kind == "date"})
    append_rows(path, [PlainRows(0, plain[[c.key for c in COLUMNS]], first_row=2)])


def write_xlsxwriter(df: pd.DataFrame, path: Path) -> None:
    wb = xlsxwriter.Workbook(
        str(path), {"constant_memory": True, **XLSXWRITER_OPTIONS, "nan_inf_to_errors": False}
    )
    ws = wb.add_worksheet("跟进清单")
    wrap = {"text_wrap": True}
    plain = [wb.add_format({**_FORMATS[c.kind], **(wrap if c.wrap else {})}) for c in COLUMNS]
    red = [wb.add_format({**_FORMATS[c.kind], **(wrap if c.wrap else {}), "bg_color": RED})
           for c in COLUMNS]  # fmt: skip
    ws.write_string(0, 0, TITLE, wb.add_format({"bold": True, "font_size": 13}))
    ws.write_row(1, 0, [c.header for c in COLUMNS], wb.add_format(HEADER))
    cols = [
        excel_serial(df[c.key]).tolist() if c.kind == "date" else df[c.key].tolist()
        for c in COLUMNS
    ]
    late = (df["days_overdue"] > 0).tolist()
    for r in range(len(df)):
        fmts = red if late[r] else plain
        for c, col in enumerate(COLUMNS):
            v = cols[c][r]
            if v is None or (isinstance(v, float) and v != v):
                if late[r]:
                    ws.write_blank(r + 2, c, None, fmts[c])
            elif col.kind == "text":
                ws.write_string(r + 2, c, xlsx_text(str(v)), fmts[c])
            else:
                ws.write_number(r + 2, c, float(v), fmts[c])
    wb.close()


def _rust_format(kind: str, wrap: bool, fill: bool) -> rustpy.Format:
    f = rustpy.Format().set_align("top")
    spec = _FORMATS[kind]  # type: ignore[index]
    if "num_format" in spec:
        f = f.set_num_format(spec["num_format"])
    if wrap:
        f = f.set_text_wrap()
    return f.set_background_color(RED) if fill else f


def write_rustpy(df: pd.DataFrame, path: Path) -> None:
    data = df[[c.key for c in COLUMNS]].copy()
    for c in COLUMNS:  # it rejects NaT; None is a blank cell
        if c.kind == "date":
            data[c.key] = data[c.key].astype(object).where(data[c.key].notna(), None)
        elif c.kind == "text":
            data[c.key] = data[c.key].map(lambda v: None if v is None else xlsx_text(str(v)))
    data.columns = [c.header for c in COLUMNS]
    late = np.flatnonzero(df["days_overdue"].to_numpy() > 0)
    red = rustpy.Format().set_background_color(RED)
    rustpy.write_worksheet(
        data, str(path), sheet_name="跟进清单", header_row=1,
        merge_ranges=[(0, 0, 0, 3, TITLE)],
        column_formats=[_rust_format(c.kind, c.wrap, False) for c in COLUMNS],
        row_formats={int(r) + 2: red for r in late}, freeze_row=2,
    )  # fmt: skip


WRITERS: dict[str, Callable[[pd.DataFrame, Path], None]] = {
    "ours": write_ours,
    "ours-plain": write_ours_plain,
    "xlsxwriter": write_xlsxwriter,
    "rustpy": write_rustpy,
}


def _cells(path: Path, styles: bool) -> list[tuple[object, ...]]:
    ws = openpyxl.load_workbook(path)["跟进清单"]
    out = []
    for row in ws.iter_rows(min_row=3, max_col=len(COLUMNS)):
        for c in row:
            value = c.value
            if not styles and isinstance(value, dt.datetime):  # unformatted: the serial number
                value = (value - dt.datetime(1899, 12, 30)).days
            seen: tuple[object, ...] = (c.coordinate, value, "n" if c.is_date else c.data_type)
            if styles:
                fill = c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None
                seen += (c.number_format, fill, bool(c.alignment.wrap_text))
            out.append(seen)
    return out


def check(rows: int, folder: Path, libreoffice: bool) -> None:
    """Each writer's cells read back and compared with ours."""
    df = frame(rows)
    paths = {}
    for name, write in WRITERS.items():
        paths[name] = folder / f"check-{name}.xlsx"
        write(df, paths[name])
    want = _cells(paths["ours"], True)
    for name, path in paths.items():
        styles = name != "ours-plain"
        got = _cells(path, styles)
        ref = want if styles else _cells(paths["ours"], False)
        diff = [(a, b) for a, b in zip(ref, got, strict=False) if a != b]
        diff += [(a, None) for a in ref[len(got) :]]
        verdict = "same cells, types and styles" if styles else "same cells and types"
        note = verdict if not diff else f"{len(diff)} of {len(ref)} cells differ, e.g. {diff[0]}"
        if libreoffice:
            note += "; LibreOffice: " + _libreoffice(path, folder / name)
        print(f"  check {name:<11} {note}")


def _libreoffice(path: Path, out: Path) -> str:
    if shutil.which("soffice") is None:
        return "not installed"
    done = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{out}-profile", "--headless",
         "--convert-to", "csv", "--outdir", str(out), str(path)],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    return "opens" if done.returncode == 0 and any(out.glob("*.csv")) else "FAILED"


def _one(name: str, rows: int, path: Path) -> dict[str, float]:
    df = frame(rows)
    use0 = resource.getrusage(resource.RUSAGE_SELF)
    t = time.perf_counter()
    WRITERS[name](df, path)
    wall = time.perf_counter() - t
    use = resource.getrusage(resource.RUSAGE_SELF)
    cpu = use.ru_utime + use.ru_stime - use0.ru_utime - use0.ru_stime
    return {
        "wall": wall,
        "cpu": cpu,
        "peak_mib": use.ru_maxrss / 1024,
        "mb": path.stat().st_size / 1e6,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--check-rows", type=int, default=300)
    ap.add_argument("--libreoffice", action="store_true")
    ap.add_argument("--only", choices=list(WRITERS), action="append")
    ap.add_argument("--child", choices=list(WRITERS), help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_one(args.child, args.rows, args.out)))
        return 0
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d)
        print(f"read-back check on {args.check_rows} rows x {len(COLUMNS)} columns:")
        check(args.check_rows, folder, args.libreoffice)
        print(f"{args.rows:,} rows x {len(COLUMNS)} columns, each writer in its own process:")
        results = {}
        for name in args.only or WRITERS:
            out = subprocess.run(
                [sys.executable, __file__, "--child", name, "--rows", str(args.rows),
                 "--out", str(folder / f"{name}.xlsx")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results[name] = r = json.loads(out.stdout.splitlines()[-1])
            ratio = r["wall"] / results.get("ours", r)["wall"]
            print(
                f"  {name:<11} {r['wall']:7.2f} s wall {r['cpu']:7.2f} s CPU  "
                f"peak RSS {r['peak_mib']:6,.0f} MiB  {r['mb']:6.1f} MB  {ratio:5.1f}x ours"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
