"""The command line speaks Chinese by default, English with --lang en or lang = "en": help,
click's own errors, our errors; and the small rules of the command line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from addin.cli import main
from addin.cli.localize import lang_from_args, option_code, short_help
from addin.cli.texts import TEXTS
from tests.conftest import GOOD_ROW, WriteIntake


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # no ./intake.toml of the checkout
    monkeypatch.delenv("INTAKE_CONFIG", raising=False)
    return CliRunner()


def _commands(cmd: click.Command, path: str = "") -> list[tuple[str, click.Command]]:
    found = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            found += _commands(sub, f"{path} {name}".strip())
    return found


def test_every_command_and_option_has_a_text_in_both_languages() -> None:
    for path, cmd in _commands(main):
        code = f"cli_help_{path.replace(' ', '_') or 'main'}"
        assert code in TEXTS, code
        for param in cmd.params:
            if isinstance(param, click.Option) and param.name != "help":
                assert option_code(path, param) in TEXTS, (path, param.name)


def test_help_is_chinese_by_default(runner: CliRunner) -> None:
    result = runner.invoke(main, ["run", "--help"])
    assert result.exit_code == 0
    assert "用法：" in result.output and "选项" in result.output
    assert "所有输出的文件夹" in result.output and "显示此帮助后退出" in result.output
    assert "Usage" not in result.output and "Folder for all outputs" not in result.output


def test_help_in_english_with_lang_en(runner: CliRunner) -> None:
    result = runner.invoke(main, ["run", "--help", "--lang", "en"])
    assert "Usage:" in result.output and "Folder for all outputs." in result.output
    assert "用法" not in result.output


def test_help_in_english_from_the_config_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "intake.toml").write_text('lang = "en"\n', encoding="utf-8")
    result = runner.invoke(main, ["--help"])
    assert "Usage:" in result.output and "Commands" in result.output
    assert lang_from_args([]) == "en" and lang_from_args(["--lang", "zh"]) == "zh"


def test_click_errors_in_chinese(runner: CliRunner) -> None:
    missing = runner.invoke(main, ["validate"])
    assert missing.exit_code == 2
    assert "错误：缺少参数" in missing.output and "Error" not in missing.output
    unknown = runner.invoke(main, ["validate", "x.xlsx", "--bogus"])
    assert "没有选项 '--bogus'" in unknown.output
    choice = runner.invoke(main, ["validate", "x.xlsx", "--format", "xml"])
    assert "不在" in choice.output and "'table'" in choice.output


def test_click_errors_in_english_with_lang_en(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--lang", "en"])
    assert "Error: Missing argument" in result.output


def test_our_errors_say_error_in_the_language(runner: CliRunner, tmp_path: Path) -> None:
    missing = ["validate", str(tmp_path), "--config", str(tmp_path / "none.toml")]
    zh = runner.invoke(main, missing)
    assert zh.exit_code == 2 and zh.output.startswith("错误：")
    en = runner.invoke(main, [*missing, "--lang", "en"])
    assert en.exit_code == 2 and en.output.startswith("error: ")


def test_run_refuses_send_with_dry_run(runner: CliRunner, tmp_path: Path) -> None:
    both = ["run", str(tmp_path), "--out-dir", str(tmp_path / "o"), "--send", "--dry-run"]
    result = runner.invoke(main, both)
    assert result.exit_code == 2
    assert "--send 与 --dry-run 不能同时使用" in result.output
    assert not (tmp_path / "o").exists()


def test_short_help_is_the_first_sentence() -> None:
    assert short_help("检查文件。每个问题都列出。") == "检查文件。"
    assert short_help("Check files. Every problem listed.\n\nMore.") == "Check files."


def test_terminal_table_aligns_chinese_by_display_width(
    runner: CliRunner, write_intake: WriteIntake
) -> None:
    path = write_intake([GOOD_ROW | {"mobile": "123"}, GOOD_ROW | {"email": "不是邮箱"}])
    result = runner.invoke(main, ["validate", str(path)])
    lines = result.output.splitlines()
    header = next(i for i, line in enumerate(lines) if line.lstrip().startswith("级别"))
    table = [line for line in lines[header:] if line.strip()]
    # Every row puts its second column (the file) at the same display column.
    starts = {_display_width(line[: line.index(path.name)]) for line in table[1:]}
    assert len(starts) == 1, table


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
