"""The CLI, in-process: exit codes, formats, report files, help on every command."""

from __future__ import annotations

import json
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner

from addin.cli import main
from tests.conftest import GOOD_ROW, WriteIntake


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_validate_clean_file_exits_0(runner: CliRunner, write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW])
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert "全部通过校验" in result.output


def test_validate_bad_file_exits_1_and_writes_report(
    runner: CliRunner, write_intake: WriteIntake, tmp_path: Path
) -> None:
    path = write_intake(
        [GOOD_ROW | {"mobile": "123"}, GOOD_ROW | {"stage": "成交", "total_amount": 0}]
    )
    report = tmp_path / "out" / "report.xlsx"
    result = runner.invoke(main, ["validate", str(path), "--report", str(report), "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert "2 problems in 2 rows" in result.output
    ws = openpyxl.load_workbook(report)["Errors"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == (
        "Level",
        "File",
        "Sheet",
        "Row",
        "Column",
        "Field",
        "Value",
        "Code",
        "Problem",
    )
    assert [(r[3], r[4], r[7]) for r in rows[1:]] == [
        (2, "H", "mobile"),
        (3, "Q", "won_needs_amount"),
    ]


def test_validate_json(runner: CliRunner, write_intake: WriteIntake) -> None:
    path = write_intake([GOOD_ROW | {"email": "bad"}])
    result = runner.invoke(main, ["validate", str(path), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data[0]["field"] == "email" and data[0]["row"] == 2 and data[0]["column"] == "J"


def test_unreadable_input_exits_2_but_others_are_checked(
    runner: CliRunner, write_intake: WriteIntake, tmp_path: Path
) -> None:
    good = write_intake([GOOD_ROW])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04garbage")
    result = runner.invoke(main, ["validate", str(good), str(broken)])
    assert result.exit_code == 2
    assert "rep.xlsx：1 行，全部通过校验" in result.output
    assert "broken.xlsx: 文件已损坏" in result.output


def test_validate_folder_with_marked_copies(
    runner: CliRunner, write_intake: WriteIntake, tmp_path: Path
) -> None:
    write_intake([GOOD_ROW | {"mobile": "1"}], name="a.xlsx")
    write_intake([GOOD_ROW], name="b.xlsx")
    marked = tmp_path / "marked"
    result = runner.invoke(main, ["validate", str(tmp_path), "--marked-copy", str(marked)])
    assert result.exit_code == 1
    assert [p.name for p in marked.iterdir()] == ["a.xlsx"]


def test_empty_folder_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 2
    assert "没有找到" in result.output


def test_every_command_has_help(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("INTAKE_CONFIG", raising=False)

    def walk(cmd: click.Command, path: list[str]) -> None:
        result = runner.invoke(main, [*path[1:], "--help"])
        assert result.exit_code == 0, result.output
        assert cmd.help and cmd.help.split("\n")[0][:20] in result.output, path
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(main, ["intake"])  # Chinese, the default
    (tmp_path / "intake.toml").write_text('lang = "en"\n', encoding="utf-8")
    walk(main, ["intake"])
