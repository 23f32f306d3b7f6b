"""Every count in the run summary and the manager e-mail says what it counts."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from addin.config import Config
from addin.jobs.run import run_pipeline
from addin.sample.generate import generate_reps, write_sample_files

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], str]:
    folder = tmp_path_factory.mktemp("counts")
    data = generate_reps(n_reps=4, rows_per_rep=40, seed=11, dup_rate=0.25)
    write_sample_files(folder / "reps", data, csv_files=0)
    reps = sorted(set(data.rows["rep"]))
    config = Config(
        sections={
            "managers": {r: {"manager": "李经理", "email": "li@example.com"} for r in reps},
            "email": {"host": "127.0.0.1", "security": "none", "sender": "s@example.com"},
        }
    )
    result = run_pipeline(
        [folder / "reps"], folder / "out", config=config, as_of=AS_OF, email="dry-run"
    )
    return folder / "out", result.counts, result.render("zh")


def test_cross_rep_groups_are_some_of_the_duplicate_groups(
    outcome: tuple[Path, dict[str, int], str],
) -> None:
    out, counts, text = outcome
    groups = pd.read_csv(out / "duplicates.csv")
    confirmed = groups[groups["tier"] == "duplicate"]
    cross = confirmed.groupby("group_id")["rep"].nunique().gt(1).sum()
    assert counts["cross_rep_groups"] == cross
    assert 0 < counts["cross_rep_groups"] <= counts["duplicate_groups"]
    assert (
        f"重复客户：{counts['duplicate_groups']} 组（其中跨业务员 {counts['cross_rep_groups']} 组）"
        in text
    )
    assert f"疑似重复待核实 {counts['possible_groups']} 组" in text


def test_manager_mail_counts_follow_up_items(outcome: tuple[Path, dict[str, int], str]) -> None:
    out, counts, _ = outcome
    emls = sorted((out / "followups" / "outbox").glob("*.eml"))
    assert len(emls) == 1
    message = BytesParser(policy=policy.default).parsebytes(emls[0].read_bytes())
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    text = body.get_content()
    books = sorted((out / "followups" / "reps").glob("*.xlsx"))
    customers = set()
    for book in books:
        wb = openpyxl.load_workbook(book, read_only=True)
        try:
            rows = list(wb.worksheets[0].iter_rows(min_row=3, values_only=True))
        finally:
            wb.close()
        customers |= {(book.name, r[-1]) for r in rows}  # source row: one customer
    assert len(customers) < counts["followups"]  # several reasons for some customers
    assert f"共有 {counts['followups']} 条跟进事项，涉及 {len(customers)} 位客户" in text
    assert "位客户需要跟进" not in text
