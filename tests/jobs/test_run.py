"""The whole pipeline and the demo, end to end on generated reps' files (real files, real SMTP)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from addin.audit import read_audit
from addin.cli import main
from addin.config import Config
from addin.errors import InputError
from addin.jobs.run import deduplicated, run_pipeline
from addin.mail.secrets import SERVICE
from addin.sample.generate import generate_reps, write_sample_files
from tests.mail_fixtures import SECRET, USER, MemoryKeyring, StartServer

AS_OF = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def sample() -> pd.DataFrame:
    return generate_reps(n_reps=4, rows_per_rep=40, seed=7).rows


@pytest.fixture
def reps(tmp_path: Path, sample: pd.DataFrame) -> Path:
    folder = tmp_path / "reps"
    write_sample_files(folder, generate_reps(n_reps=4, rows_per_rep=40, seed=7), csv_files=1)
    return folder


def managers_config(reps: list[str], **email: object) -> Config:
    table = {r: {"manager": "李经理", "email": "li@example.com"} for r in reps}
    mail = {"host": "127.0.0.1", "security": "none", "sender": "sales@example.com"} | email
    return Config(sections={"managers": table, "email": mail})


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_every_step_writes_its_output(reps: Path, tmp_path: Path, sample: pd.DataFrame) -> None:
    before = digests(reps)
    out = tmp_path / "out"
    config = managers_config(sorted(set(sample["rep"])))
    result = run_pipeline([reps], out, config=config, as_of=AS_OF, email="dry-run", mark=True)
    assert digests(reps) == before  # inputs untouched
    assert result.counts["files"] == 4 and result.counts["records"] == len(sample)
    assert result.counts["duplicate_groups"] > 0 and result.counts["cross_rep_groups"] > 0
    assert result.counts["classified"] < result.counts["records"]  # each real customer once
    assert set(result.outputs) >= {
        "validation",
        "duplicates",
        "duplicates_csv",
        "classification",
        "followups",
    }
    assert openpyxl.load_workbook(out / "validation.xlsx").sheetnames == ["错误", "汇总"]
    csv = pd.read_csv(out / "duplicates.csv", encoding="utf-8-sig")
    assert list(csv.columns) == [
        "group_id",
        "file",
        "sheet",
        "row",
        "customer_id",
        "rep",
        "owner",
        "tier",
        "score",
        "reasons",
    ]
    manifest = json.loads((out / "followups" / "manifest.json").read_text(encoding="utf-8"))
    assert [m["manager"] for m in manifest["managers"]] == ["李经理"]
    assert len(list((out / "followups" / "outbox").glob("*.eml"))) == 1
    assert result.mail is not None and result.mail.count("queued") == 1
    assert "run" in read_audit()["action"].tolist()
    assert "读取 4 个文件" in result.render("zh")


def test_outputs_inside_the_input_folder_are_not_read_back(reps: Path) -> None:
    first = run_pipeline([reps], reps / "out", as_of=AS_OF)
    second = run_pipeline([reps], reps / "out", as_of=AS_OF)
    assert second.counts["files"] == first.counts["files"] == 4
    assert second.counts["unusable_files"] == 0


def test_sending_for_real(
    reps: Path,
    tmp_path: Path,
    sample: pd.DataFrame,
    smtp_server: StartServer,
    memory_keyring: MemoryKeyring,
) -> None:
    server = smtp_server(security="none", auth=True)
    memory_keyring.set_password(SERVICE, USER, SECRET)
    config = managers_config(sorted(set(sample["rep"])), port=server.port, username=USER)
    result = run_pipeline([reps], tmp_path / "out", config=config, as_of=AS_OF, email="send")
    assert result.mail is not None and result.mail.count("sent") == 1
    (received,) = server.received
    assert received.rcpt_tos == ["li@example.com"]
    attachment = next(received.message.iter_attachments())
    assert attachment.get_filename() == "李经理.xlsx"
    # nothing is sent twice
    again = run_pipeline([reps], tmp_path / "out", config=config, as_of=AS_OF, email="send")
    assert again.mail is not None and again.mail.count("sent") == 0
    assert len(server.received) == 1


def test_no_usable_input(tmp_path: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError):
        run_pipeline([tmp_path], tmp_path / "out", as_of=AS_OF)
    assert read_audit()["status"].tolist() == ["failed"]


def test_deduplicated_keeps_owners_and_possible_duplicates() -> None:
    classified = pd.DataFrame({"_file": ["a", "b", "c"], "_sheet": ["s"] * 3, "_row": [2, 2, 2]})
    groups = pd.DataFrame(
        {
            "file": ["a", "b", "c"],
            "sheet": ["s"] * 3,
            "row": [2, 2, 2],
            "tier": ["duplicate", "duplicate", "possible"],
            "is_owner": [True, False, False],
        }
    )
    assert deduplicated(classified, groups)["_file"].tolist() == ["a", "c"]


def test_cli_run_and_demo(tmp_path: Path, reps: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "run",
            str(reps),
            "--out-dir",
            str(tmp_path / "out"),
            "--as-of",
            "2026-11-23",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code in (0, 1), result.output
    assert "customer records" in result.output
    demo = runner.invoke(
        main,
        [
            "demo",
            "--out-dir",
            str(tmp_path / "demo"),
            "--reps",
            "3",
            "--rows",
            "20",
            "--as-of",
            "2026-11-23",
        ],
    )
    assert demo.exit_code == 0, demo.output
    assert (tmp_path / "demo" / "intake.toml").exists()
    assert len(list((tmp_path / "demo" / "reps").glob("rep*"))) == 3
    assert list((tmp_path / "demo" / "followups" / "outbox").glob("*.eml"))
    empty = runner.invoke(
        main, ["run", str(tmp_path / "nothing"), "--out-dir", str(tmp_path / "o2")]
    )
    assert empty.exit_code == 2


def test_each_rep_workbook_holds_only_that_reps_customers(
    reps: Path, tmp_path: Path, sample: pd.DataFrame
) -> None:
    out = tmp_path / "out"
    run_pipeline([reps], out, as_of=AS_OF)
    books = sorted((out / "followups" / "reps").glob("*.xlsx"))
    assert len(books) == 4
    for book in books:
        rep = book.stem
        wb = openpyxl.load_workbook(book, read_only=True)
        rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
        wb.close()
        header, data = list(rows[0]), rows[1:]
        customers = {r[header.index("客户")] for r in data} - {None}
        own = set(sample.loc[sample["rep"] == rep, "customer_name"])
        assert customers and customers <= own, rep


def test_demo_never_deletes_a_users_folder(tmp_path: Path) -> None:
    from addin.errors import OutputError
    from addin.sample.demo import run_demo

    mine = tmp_path / "reps" / "my customers.xlsx"
    mine.parent.mkdir()
    mine.write_bytes(b"precious")
    with pytest.raises(OutputError):
        run_demo(tmp_path, n_reps=2, rows=5, as_of=AS_OF)
    assert mine.read_bytes() == b"precious"
    run_demo(tmp_path / "demo", n_reps=2, rows=5, as_of=AS_OF)
    run_demo(tmp_path / "demo", n_reps=2, rows=5, as_of=AS_OF)  # its own folder is replaced
