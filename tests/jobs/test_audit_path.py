"""Issue 11, item 12: ``[audit] path`` is where every writer appends (CLI, jobs, buttons)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from addin.book import OpenpyxlBook
from addin.cli import main
from addin.excel import buttons as excel
from addin.sample.generate import generate_reps, write_sample_files

TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "customer_intake.xlsm"


@pytest.fixture
def configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """intake.toml with ``[audit] path``; no $INTAKE_AUDIT_LOG; HOME elsewhere."""
    monkeypatch.delenv("INTAKE_AUDIT_LOG", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    log = tmp_path / "logs" / "team-audit.jsonl"
    config = tmp_path / "intake.toml"
    config.write_text(
        f'[audit]\npath = "{log.as_posix()}"\n\n[email]\nsender = "sales@example.com"\n'
        '[managers]\n"张三" = { manager = "李经理", email = "li@example.com" }\n',
        encoding="utf-8",
    )
    return config, log


def actions(log: Path) -> list[str]:
    return [json.loads(line)["action"] for line in log.read_text("utf-8").splitlines()]


def test_every_cli_writer_appends_to_the_configured_log(
    tmp_path: Path, configured: tuple[Path, Path]
) -> None:
    config, log = configured
    reps = tmp_path / "reps"
    write_sample_files(reps, generate_reps(n_reps=2, rows_per_rep=10, seed=1), csv_files=0)
    out = tmp_path / "out"
    runner = CliRunner()
    cfg = ["--config", str(config)]
    for args in (
        ["validate", str(reps), *cfg],
        ["run", str(reps), "--out-dir", str(out), *cfg],
        ["email", "--out-dir", str(out / "followups"), *cfg],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code in (0, 1), result.output
    assert actions(log) == ["validate", "run", "email:dry-run"]
    assert not (tmp_path / "home" / ".customer-intake").exists()  # nothing at the default
    shown = runner.invoke(main, ["audit", *cfg])
    assert shown.exit_code == 0 and "email:dry-run" in shown.output


def test_pipeline_with_email_writes_both_entries_to_the_configured_log(
    tmp_path: Path, configured: tuple[Path, Path]
) -> None:
    config, log = configured
    reps = tmp_path / "reps"
    write_sample_files(reps, generate_reps(n_reps=2, rows_per_rep=10, seed=1), csv_files=0)
    args = ["run", str(reps), "--out-dir", str(tmp_path / "o"), "--dry-run"]
    result = CliRunner().invoke(main, [*args, "--config", str(config)])
    assert result.exit_code in (0, 1), result.output
    assert actions(log) == ["email:dry-run", "run"]


def test_buttons_append_to_the_log_of_the_intake_toml_beside_the_workbook(
    tmp_path: Path, configured: tuple[Path, Path]
) -> None:
    config, log = configured
    folder = tmp_path / "team"
    folder.mkdir()
    shutil.copy(config, folder / "intake.toml")
    shutil.copy(TEMPLATE, folder / "客户登记.xlsm")
    book = OpenpyxlBook(folder / "客户登记.xlsm")
    excel.validate_button(book)
    excel.email_button(book)  # fails (nothing written yet): audited all the same
    assert actions(log) == ["button:validate", "button:email"]
    assert not (tmp_path / "home" / ".customer-intake").exists()
