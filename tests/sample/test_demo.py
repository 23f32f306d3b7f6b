"""`intake demo` on any day: current, believable sheets; the hint names the real folder."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from addin.sample.demo import run_demo

FAR = dt.date(2031, 5, 5)  # any day: years after the fixed sample day


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("demo") / "my-demo"
    return out, run_demo(out, n_reps=3, rows=40, as_of=FAR)


def _rows(book: Path) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(book, read_only=True)
    try:
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    header = next(i for i, r in enumerate(rows) if "原因类别" in r)
    return [dict(zip(rows[header], r, strict=False)) for r in rows[header + 1 :]]


def test_follow_ups_are_current_on_any_day(demo: tuple[Path, str]) -> None:
    out, _ = demo
    books = sorted((out / "followups" / "reps").glob("*.xlsx"))
    assert len(books) == 3
    for book in books:
        rows = _rows(book)
        overdue = [int(str(r["逾期天数"])) for r in rows if r["原因类别"] == "逾期未跟进"]
        assert overdue and max(overdue) < 365 and sorted(overdue)[len(overdue) // 2] < 90
        reasons = Counter(r["原因类别"] for r in rows)
        assert reasons["资料久未更新"] < 40 / 2  # not every customer (it was all 60 of 60)
        assert any(str(FAR.year) in str(r["截止日期"]) for r in rows)


def test_hint_names_the_real_folder_and_its_template(demo: tuple[Path, str]) -> None:
    out, text = demo
    assert str(out) in text and "demo-output" not in text
    assert (out / "customer_intake.xlsm").exists() and str(out / "customer_intake.xlsm") in text
