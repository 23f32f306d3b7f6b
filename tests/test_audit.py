"""Audit log: append-only JSON lines without personal data, readable as a sheet."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from addin.audit import read_audit, record, write_audit_sheet
from addin.errors import OutputError
from tests.conftest import GOOD_ROW, WriteIntake


def test_entries_are_appended_with_hashes_and_counts(
    tmp_path: Path, write_intake: WriteIntake
) -> None:
    log = tmp_path / "audit.jsonl"
    src = write_intake([GOOD_ROW])
    when = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    record("validate", inputs=[src], counts={"rows": 1, "errors": 0}, log=log, now=when)
    record(
        "button:dedupe",
        inputs=[tmp_path],
        outputs=[tmp_path / "missing.xlsx"],
        log=log,
        status="failed",
    )
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["time"] == "2026-11-23T09:00:00+08:00"
    assert first["inputs"][0]["sha256"] and first["counts"] == {"rows": 1, "errors": 0}
    assert first["user"]
    second = json.loads(lines[1])
    assert second["outputs"] == [{"path": str(tmp_path / "missing.xlsx"), "sha256": ""}]


def test_no_personal_data_in_the_log(tmp_path: Path, write_intake: WriteIntake) -> None:
    log = tmp_path / "audit.jsonl"
    record("validate", inputs=[write_intake([GOOD_ROW])], counts={"rows": 1}, log=log)
    text = log.read_text(encoding="utf-8")
    for secret in ("王伟", "13812345678", "example.com", "北京华信"):
        assert secret not in text


def test_readable_as_a_sheet_and_survives_a_torn_line(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    record("run", counts={"rows": 10}, log=log)
    with open(log, "a", encoding="utf-8") as fh:
        fh.write('{"time": "2026-11-23T09:')  # a crash mid-write
    record("email", counts={"sent": 2}, log=log)
    assert read_audit(log)["action"].tolist() == ["run", "email"]
    out = write_audit_sheet(tmp_path / "audit.xlsx", log=log)
    ws = openpyxl.load_workbook(out)["审计日志"]
    assert ws["A1"].value == "时间" and ws["D2"].value == "email"


def test_unwritable_log_is_an_output_error_not_a_traceback(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(OutputError, match="audit log cannot be written"):
        record("validate", log=blocker / "audit.jsonl")
