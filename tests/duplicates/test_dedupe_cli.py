"""``intake dedupe`` in-process on generated reps' files, with bad files in the folder."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.files import sha256_file
from addin.sample.generate import write_sample_files


@pytest.fixture(scope="module")
def reps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("reps")
    files = write_sample_files(folder, n_reps=4, rows_per_rep=40, seed=3)
    sub = folder / "sub"
    sub.mkdir()
    shutil.copy(files[0], sub / files[0].name)  # the same file name in a subfolder
    (folder / ("~$" + files[1].name)).write_bytes(b"owner")  # files[1] is open in Excel
    (folder / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["月份", "销售额"])
    ws.append(["1月", 100])
    wb.save(folder / "monthly_sales.xlsx")  # a workbook that is not an intake sheet
    return folder


def _hashes(folder: Path) -> dict[Path, str]:
    return {p: sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_dedupe_folder(reps: Path, tmp_path: Path) -> None:
    before = _hashes(reps)
    out, clusters = tmp_path / "dups.xlsx", tmp_path / "clusters.csv"
    res = CliRunner().invoke(
        main,
        ["dedupe", str(reps), "--out", str(out), "--clusters-csv", str(clusters), "--lang", "en"],
    )
    assert res.exit_code == 0, res.output
    assert "notes.xlsx" in res.output and "monthly_sales.xlsx" in res.output
    assert "duplicate groups" in res.output
    assert _hashes(reps) == before  # inputs untouched
    with open(clusters, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and {r["tier"] for r in rows} <= {"duplicate", "possible"}
    # the copy in sub/ is read as its own file: each of its rows duplicates the original's
    copies = [r for r in rows if Path(r["file"]).parent.name == "sub"]
    assert len(copies) == 40
    open_file = sorted(p for p in reps.glob("rep*.xlsx"))[1]
    assert any(Path(r["file"]) == open_file for r in rows)  # read from its last saved version
    assert openpyxl.load_workbook(out).sheetnames == [
        "Duplicates",
        "Pairs",
        "Notes",
    ]


def test_dedupe_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    res = CliRunner().invoke(
        main, ["dedupe", str(tmp_path / "empty"), "--out", str(tmp_path / "d.xlsx")]
    )
    assert res.exit_code == 2
    assert "没有找到" in res.output
    assert not (tmp_path / "d.xlsx").exists()


def test_dedupe_reads_config(reps: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "intake.toml"
    cfg.write_text('[dedupe]\nowner_rule = "sideways"\n', encoding="utf-8")
    res = CliRunner().invoke(
        main, ["dedupe", str(reps), "--config", str(cfg), "--out", str(tmp_path / "d.xlsx")]
    )
    assert res.exit_code == 2 and "owner_rule" in res.output


def test_dedupe_help() -> None:
    res = CliRunner().invoke(main, ["dedupe", "--help"])
    assert res.exit_code == 0 and "--clusters-csv" in res.output


def _groups_sheet(path: Path) -> list[dict[str, object]]:
    book = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    finally:
        book.close()
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


def test_decisions_persist(reps: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.xlsx"
    assert CliRunner().invoke(main, ["dedupe", str(reps), "--out", str(first)]).exit_code == 0
    wb = openpyxl.load_workbook(first)
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[-1] == "处理"  # the manager's column, with a drop-down
    assert ws.data_validations.dataValidation[0].formula1 == '"确认重复,不是重复"'
    col = {h: k + 1 for k, h in enumerate(header)}

    def key(r: int) -> tuple[object, object]:
        return ws.cell(r, col["文件"]).value, ws.cell(r, col["行号"]).value

    owners = {
        ws.cell(r, col["组号"]).value: key(r)
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, col["角色"]).value == "归属"
    }
    challengers = [  # not the copies in sub/, which have the original's file name and row
        r
        for r in range(2, ws.max_row + 1)
        if ws.cell(r, col["角色"]).value != "归属"
        and key(r) != owners[ws.cell(r, col["组号"]).value]
    ]
    no_row, yes_row = challengers[0], challengers[-1]
    owner = owners[ws.cell(no_row, col["组号"]).value]
    ws.cell(no_row, col["处理"]).value = "不是重复"
    ws.cell(yes_row, col["处理"]).value = "确认重复"
    wb.save(first)

    second = tmp_path / "second.xlsx"
    res = CliRunner().invoke(
        main, ["dedupe", str(reps), "--out", str(second), "--decisions", str(first)]
    )
    assert res.exit_code == 0, res.output
    assert "1 对“不是重复”" in res.output
    rows = _groups_sheet(second)
    group_of = {(r["文件"], r["行号"]): r["组号"] for r in rows}
    marked = key(no_row)
    assert marked not in group_of or group_of.get(owner) != group_of[marked]  # not flagged again
    book = openpyxl.load_workbook(second, read_only=True)
    try:
        pair_rows = list(book.worksheets[1].iter_rows(values_only=True))
    finally:
        book.close()
    assert any(r[-1] == "经理已确认重复" for r in pair_rows)


def test_unusable_decisions_workbook(reps: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    openpyxl.Workbook().save(bad)
    res = CliRunner().invoke(
        main, ["dedupe", str(reps), "--out", str(tmp_path / "d.xlsx"), "--decisions", str(bad)]
    )
    assert res.exit_code == 2 and "bad.xlsx" in res.output
