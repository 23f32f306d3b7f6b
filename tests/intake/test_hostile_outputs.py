"""A hostile and clumsy team's files through the whole run (issue 11, items 1, 3, 5, 6, 11, 16).

Formula text in cells, file and sheet names; rows without a name or a rep; a 40,000-character
cell; the same file name in two folders. Every output is then scanned: no formula anywhere,
no CSV cell a spreadsheet would run, every workbook written, the inputs unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from addin.cellsafe import EXCEL_CELL_MAX, TRUNCATED
from addin.config import Config
from addin.jobs.run import run_pipeline
from addin.jobs.validate import run_validate
from tests.intake.hostile import (
    EVIL,
    RICH,
    csv_injections,
    digests,
    outputs_with_formulas,
    write_strings,
)

AS_OF = dt.date(2026, 11, 23)
HEAD = ["业务员", "录入日期", "客户姓名", "客户类型", "手机", "邮箱", "公司名称", "备注"]
LONG = "长" * 40_000


def _team(folder: Path) -> Path:
    rows = [
        ["张三", "2024-03-15", "王伟", "个人", "13812345678", "w@example.com", RICH, EVIL],
        ["张三", "2024-03-15", None, "个人", "13812345679", "x@example.com", "+cmd|' /C calc'!A0", "@SUM(1)"],
        [None, "2024-03-15", "李四", "个人", "13812345670", "y@example.com", "-2+3", None],
        ["=evil", "2024-03-15", EVIL, "个人", "bad" + EVIL, EVIL, "\tTAB", LONG],
        ["a/b", "2024-03-16", "赵六", "个人", "13912345678", "z@example.com", None, "\rCR"],
    ]  # fmt: skip
    write_strings(folder / "team1" / "周报.xlsx", "=客户信息", [HEAD, *rows])
    write_strings(folder / "team2" / "周报.xlsx", "客户信息", [HEAD, *rows[:2]])
    write_strings(folder / "team2" / "=b.xlsx", "客户信息", [HEAD, rows[0]])
    # Over Excel's cell limit: only a CSV (or hand-made XML) holds that; openpyxl cuts at 32,767.
    long = ",".join(HEAD) + f'\n王五,2024-03-17,孙八,个人,13700000000,s@example.com,"{LONG}",\n'
    (folder / "team3").mkdir()
    (folder / "team3" / "long.csv").write_text(long, encoding="utf-8")
    return folder


CONFIG = Config(
    sections={
        "managers": {"张三": {"manager": "=经理", "email": "m@example.com"}},
        "email": {"host": "127.0.0.1", "security": "none", "sender": "sales@example.com"},
    }
)


@pytest.fixture
def team(tmp_path: Path) -> Path:
    return _team(tmp_path / "in")


def test_run_over_hostile_input_writes_no_formula(team: Path, tmp_path: Path) -> None:
    before = digests(team)
    out = tmp_path / "out"
    result = run_pipeline([team], out, config=CONFIG, as_of=AS_OF, email="dry-run", mark=True)
    assert digests(team) == before
    # Item 1: rows without a name or a rep are flagged, and every later step still ran.
    assert {"validation", "duplicates", "classification", "followups"} <= set(result.outputs)
    assert result.counts["classified"] > 0 and result.counts["rep_books"] >= 3
    assert result.exit_code == 1
    # Items 5 and 6: nothing from the input is a formula, in any workbook or the CSV.
    assert outputs_with_formulas(out) == []
    assert csv_injections(out) == []
    # Item 3: the two 周报.xlsx keep their folders in marked/.
    marked = sorted(
        p.relative_to(out / "marked").as_posix() for p in (out / "marked").rglob("*.xlsx")
    )
    assert marked == ["team1/周报.xlsx", "team2/周报.xlsx"]  # =b.xlsx has no error
    # The formula text is still there, as text, where a reader looks for it.
    values = {
        c.value
        for path in out.rglob("*.xlsx")
        if ".intake-backup" not in path.parts
        for ws in openpyxl.load_workbook(path).worksheets
        for row in ws.iter_rows()
        for c in row
    }
    assert {EVIL, RICH, "=客户信息", "=b.xlsx"} <= values
    # Item 11: the long cell is cut with a visible marker and reported.
    fu = openpyxl.load_workbook(out / "marked" / "team1" / "周报.xlsx")
    assert "=客户信息" in fu.sheetnames
    report = openpyxl.load_workbook(out / "validation.xlsx").worksheets[0]
    codes = [r[7] for r in report.iter_rows(min_row=2, values_only=True)]
    assert "cell_too_long" in codes
    rep = openpyxl.load_workbook(out / "followups" / "reps" / "王五.xlsx").worksheets[0]
    assert any(str(c.value).endswith(TRUNCATED) for row in rep.iter_rows() for c in row)


def test_long_cells_are_cut_with_a_marker(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pipeline([team], out, config=CONFIG, as_of=AS_OF)
    # The 40,000-character note reaches no output whole; where shown, it ends in the marker.
    for path in [out / "classification.xlsx", *sorted((out / "followups").rglob("*.xlsx"))]:
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, str) and v.startswith("长长长"):
                        assert len(v) <= EXCEL_CELL_MAX and v.endswith(TRUNCATED)


def test_validate_report_and_marked_copies_hold_no_formula(team: Path, tmp_path: Path) -> None:
    before = digests(team)
    outcome = run_validate(
        [team], report=tmp_path / "report" / "errors.xlsx", marked_copy=tmp_path / "marked"
    )
    assert digests(team) == before
    assert outcome.exit_code == 1
    assert outputs_with_formulas(tmp_path / "report") == []
    assert outputs_with_formulas(tmp_path / "marked") == []
    assert sorted(p.name for p in outcome.marked) == ["周报.xlsx", "周报.xlsx"]
    assert len(set(outcome.marked)) == 2 and all(p.is_file() for p in outcome.marked)


def test_outputs_of_a_run_are_exactly_that_runs(team: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_pipeline([team], out, config=CONFIG, as_of=AS_OF)
    first = json.loads((out / "followups" / "manifest.json").read_text(encoding="utf-8"))
    files = {r["rep"]: r["file"] for r in first["reps"]}
    assert files["a/b"] != "reps/a_b.xlsx" and files["a/b"].startswith("reps/a_b-")
    # Next run: rep a/b dropped, a rep called a_b added, 张三 typed in NFD on a Mac.
    (team / "team1" / "周报.xlsx").unlink()
    rows = [["a_b", "2024-03-16", "钱七", "个人", "13912345000", "q@example.com", None, None]]
    write_strings(team / "team3" / "new.xlsx", "客户信息", [HEAD, *rows])
    run_pipeline([team], out, config=CONFIG, as_of=AS_OF)
    second = json.loads((out / "followups" / "manifest.json").read_text(encoding="utf-8"))
    now = {r["rep"]: r["file"] for r in second["reps"]}
    assert now["a_b"] == "reps/a_b.xlsx"  # never the file a/b had
    on_disk = {
        p.relative_to(out / "followups").as_posix()
        for p in (out / "followups" / "reps").glob("*.xlsx")
    }
    assert on_disk == set(now.values())  # a/b's workbook is gone from reps/ (kept in backups)
    assert any((out / "followups" / "reps" / ".intake-backup").glob("a_b-*"))
