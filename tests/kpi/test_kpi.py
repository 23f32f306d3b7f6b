"""The 业绩看板 from a registry with six weeks of history, on SQLite and PostgreSQL.

The story (the registry clock moves; each line is a real job run):

* W45 (Mon 2026-11-02): 张三 registers 王伟, 陈静, 刘洋 (one bad e-mail; two rows lack stage and
  source); 李四 registers 赵敏 and 孙丽 (complete).
* W46: 李四's sheet has 王伟 (撞单); 张三 imports his sheet twice: first with two bad e-mails
  and 王伟's new 最近联系日期 (a follow-up), then corrected -- the week counts the last.
* W47: 张三 releases 刘洋; 李四 claims him.  W48: the manager transfers 孙丽 to 张三.
* W49: 陈静's follow-up (30 days after 11-02) falls due unrecorded: overdue for 张三; 李四
  records 赵敏's follow-up on 12-01, a day before it falls due: on time.
* W50 (now 12-10): 王伟's next follow-up (due 12-09) was not recorded: overdue for 张三.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from addin.cli import main
from addin.config import Config
from addin.jobs.registry import open_configured, run_registry_import, run_registry_init
from addin.jobs.registry_admin import (
    run_registry_claim,
    run_registry_release,
    run_registry_transfer,
)
from addin.jobs.registry_kpi import run_registry_kpi
from addin.kpi import first_shown, load_history
from addin.registry import FixedClock
from addin.registry.tables import events
from tests.registry.conftest import row, write_sheet

START = dt.datetime(2026, 11, 2, 9, 0)  # a Monday: ISO week 2026-W45
CONFIG = Config(
    sections={"managers": {"张三": {"manager": "李经理"}, "李四": {"manager": "李经理"}}}
)
FULL = {"stage": "初步接触", "source": "官网"}

#: (rep, week) -> owned, registered, on time, overdue, rate, rows, complete, errors/100, 撞单
EXPECTED: dict[tuple[str, str], tuple[Any, ...]] = {
    ("张三", "2026-W45"): (3, 3, 0, 0, None, 3, 1 / 3, 100 / 3, 0),
    ("张三", "2026-W46"): (3, 0, 1, 0, 1.0, 3, 1.0, 0.0, 0),
    ("张三", "2026-W47"): (2, 0, 0, 0, None, 0, None, None, 0),
    ("张三", "2026-W48"): (3, 0, 0, 0, None, 0, None, None, 0),
    ("张三", "2026-W49"): (3, 0, 0, 1, 0.0, 0, None, None, 0),
    ("张三", "2026-W50"): (3, 0, 0, 1, 0.0, 0, None, None, 0),
    ("李四", "2026-W45"): (2, 2, 0, 0, None, 2, 1.0, 0.0, 0),
    ("李四", "2026-W46"): (2, 0, 0, 0, None, 1, 0.0, 0.0, 1),
    ("李四", "2026-W47"): (3, 0, 0, 0, None, 0, None, None, 0),
    ("李四", "2026-W48"): (2, 0, 0, 0, None, 0, None, None, 0),
    ("李四", "2026-W49"): (2, 0, 1, 0, 1.0, 1, 1.0, 0.0, 0),
    ("李四", "2026-W50"): (2, 0, 0, 0, None, 0, None, None, 0),
}
PRIVATE = ("王伟", "陈静", "刘洋", "赵敏", "孙丽", "139", "137", "136", "135", "134", "@")


def _zhang(path: Path, *, contact: dt.date | None, emails: tuple[str, str], full: bool) -> Path:
    rest = FULL if full else {}
    return write_sheet(
        path,
        [
            row("张三", "王伟", mobile="139 1111 2222", last_contact=contact, **FULL),
            row("张三", "陈静", mobile="137 3333 4444", email=emails[0], **rest),
            row("张三", "刘洋", mobile="136 5555 6666", email=emails[1], **rest),
        ],
    )


def _li(path: Path, contact: dt.date | None = None) -> Path:
    return write_sheet(
        path,
        [
            row("李四", "赵敏", mobile="135 7777 8888", last_contact=contact, **FULL),
            row("李四", "孙丽", mobile="134 9999 0000", **FULL),
        ],
    )


def _history(url: str, folder: Path, clock: FixedClock) -> None:
    run_registry_init(url=url)

    def imp(path: Path) -> None:
        run_registry_import([path], url=url, lang="en", clock=clock, config=CONFIG)

    imp(_zhang(folder / "zhang.xlsx", contact=None, emails=("bad@", "liu@example.com"), full=False))
    imp(_li(folder / "li.xlsx"))
    clock.advance(days=7)
    imp(write_sheet(folder / "li2.xlsx", [row("李四", "王伟", mobile="139 1111 2222")]))
    z = dt.date(2026, 11, 8)
    imp(_zhang(folder / "zhang.xlsx", contact=z, emails=("bad@", "x@"), full=True))
    imp(_zhang(folder / "zhang.xlsx", contact=z, emails=("chen@example.com", ""), full=True))
    clock.advance(days=7)
    run_registry_release("刘洋", "张三", url=url, lang="en", clock=clock)
    clock.advance(hours=2)
    run_registry_claim("刘洋", "李四", url=url, lang="en", clock=clock)
    clock.advance(days=7)
    run_registry_transfer("孙丽", "张三", "李经理", url=url, lang="en", clock=clock, config=CONFIG)
    clock.at = dt.datetime(2026, 12, 1, 9, 0)
    imp(write_sheet(folder / "li.xlsx", [row("李四", "赵敏", mobile="135 7777 8888",
                                                last_contact=dt.date(2026, 11, 30), **FULL)]))  # fmt: skip
    clock.at = dt.datetime(2026, 12, 10, 9, 0)


@pytest.fixture
def story(registry_url: str, tmp_path: Path) -> tuple[str, FixedClock]:
    clock = FixedClock(START)
    _history(registry_url, tmp_path, clock)
    return registry_url, clock


def _table(path: Path) -> tuple[Any, list[tuple[Any, ...]]]:
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    rows = rows[: next((i for i, r in enumerate(rows) if r[0] is None), len(rows))]
    return ws, rows


def _close(a: Any, b: Any) -> bool:
    return a == b if a is None or b is None else abs(float(a) - float(b)) < 1e-9


def test_weekly_series_per_rep(story: tuple[str, FixedClock], tmp_path: Path) -> None:
    url, clock = story
    out = tmp_path / "业绩看板.xlsx"
    outcome = run_registry_kpi(out, url=url, lang="en", clock=clock, config=CONFIG)
    assert outcome.exit_code == 0
    assert "2 reps, 6 weeks, 2026-W45 to 2026-W50" in outcome.message
    ws, rows = _table(out)
    assert ws.title == "KPI dashboard"
    assert ws["A1"].value.startswith("KPI dashboard · 2026-W45 to 2026-W50 · as of 2026-12-10")
    assert rows[0][:4] == ("Sales rep", "Week", "Monday", "Owned at week end")
    got = {(r[0], r[1]): r[3:] for r in rows[1:]}
    assert set(got) == set(EXPECTED)
    for key, want in EXPECTED.items():
        assert all(_close(a, b) for a, b in zip(got[key], want, strict=True)), (key, got[key])
    assert rows[1][2] == dt.datetime(2026, 11, 2)  # each week's Monday, a real date


@pytest.mark.parametrize("weeks", [1, 2, 3, 5, 6, 9])
def test_the_last_weeks_read_only_those_weeks(
    story: tuple[str, FixedClock], tmp_path: Path, weeks: int
) -> None:
    """`--weeks N` gives the whole history's figures for those weeks, reading only what they need.

    Each customer's older story comes down to its last change of owner and its last follow-up.
    """
    url, clock = story
    out = tmp_path / "k.xlsx"
    run_registry_kpi(out, url=url, lang="en", clock=clock, config=CONFIG, weeks=weeks)
    _, rows = _table(out)
    shown = sorted({w for _, w in EXPECTED})[-weeks:]
    got = {(r[0], r[1]): r[3:] for r in rows[1:]}
    assert set(got) == {k for k in EXPECTED if k[1] in shown}
    for key in got:
        assert all(_close(a, b) for a, b in zip(got[key], EXPECTED[key], strict=True)), key
    registry = open_configured(None, url, "en", clock=clock)
    with registry.read() as conn:
        whole = load_history(conn)
        part = load_history(conn, since=first_shown(clock.now(conn), weeks))
    registry.close()
    if weeks <= 3:  # fewer events read (W45's registrations still decide 5 weeks); all real
        assert len(part.customer_events) < len(whole.customer_events)
        assert len(part.imports) < len(whole.imports)
    assert set(part.customer_events["id"]) <= set(whole.customer_events["id"])


def test_charts_point_at_each_reps_rows(story: tuple[str, FixedClock], tmp_path: Path) -> None:
    url, clock = story
    out = run_registry_kpi(tmp_path / "k.xlsx", url=url, lang="zh", clock=clock, config=CONFIG)
    assert "2 位业务员" in out.message
    ws, rows = _table(tmp_path / "k.xlsx")
    assert ws.title == "业绩看板"
    assert [r[0] for r in rows[1:]] == ["张三"] * 6 + ["李四"] * 6  # table rows 3-8 and 9-14
    charts = ws._charts
    assert len(charts) == 6
    columns = ["D", "E", "H", "J", "K", "L"]  # owned, registered, rate, complete, errors, 撞单
    for chart, col in zip(charts, columns, strict=True):
        refs = [
            (s.tx.strRef.f, s.cat.strRef.f if s.cat.strRef else s.cat.numRef.f, s.val.numRef.f)
            for s in chart.series
        ]
        assert refs == [
            ("业绩看板!$A$3", "业绩看板!$B$3:$B$8", f"业绩看板!${col}$3:${col}$8"),
            ("业绩看板!$A$9", "业绩看板!$B$9:$B$14", f"业绩看板!${col}$9:${col}$14"),
        ]
    # print-ready: A4 landscape, one page wide, the header repeated, charts on their own page
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth or 1, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.print_title_rows == "$2:$2"
    assert [b.id for b in ws.row_breaks.brk] == [16, 50]


def test_the_book_holds_counts_not_customers(story: tuple[str, FixedClock], tmp_path: Path) -> None:
    url, clock = story
    run_registry_kpi(tmp_path / "k.xlsx", url=url, lang="zh", clock=clock)
    wb = openpyxl.load_workbook(tmp_path / "k.xlsx")
    texts = [str(v) for ws in wb for r in ws.iter_rows(values_only=True) for v in r if v]
    assert not [t for t in texts if any(p in t for p in PRIVATE)]


def test_weeks_and_rep_narrow_the_book(story: tuple[str, FixedClock], tmp_path: Path) -> None:
    url, clock = story
    result = CliRunner().invoke(
        main,
        ["registry", "kpi", "--out", str(tmp_path / "li.xlsx"), "--weeks", "2", "--rep", "李四",
         "--registry", url, "--lang", "en"],
    )  # fmt: skip
    # the CLI runs on the system clock: weeks up to today's, the last two of them
    assert result.exit_code == 0, result.output
    assert "(1 reps, 2 weeks," in result.output
    out = run_registry_kpi(tmp_path / "li.xlsx", url=url, weeks=2, rep="李四", clock=clock)
    assert "1 位业务员，2 周" in out.message
    ws, rows = _table(tmp_path / "li.xlsx")
    assert [(r[0], r[1]) for r in rows[1:]] == [("李四", "2026-W49"), ("李四", "2026-W50")]
    assert len(ws._charts) == 6 and len(ws._charts[0].series) == 1


def test_an_unknown_rep_is_exit_2(story: tuple[str, FixedClock], tmp_path: Path) -> None:
    url, _ = story
    result = CliRunner().invoke(
        main,
        ["registry", "kpi", "--out", str(tmp_path / "x.xlsx"), "--rep", "王五",
         "--registry", url, "--lang", "en"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "no rep named '王五' in the registry (known: 张三, 李四)" in result.output
    assert not (tmp_path / "x.xlsx").exists()


def test_imports_record_their_figures(story: tuple[str, FixedClock]) -> None:
    url, _ = story
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        q = sa.select(events.c.rep, events.c.customer_id, events.c.detail).where(
            events.c.kind == "sheet_imported"
        )
        found = [(r, c, json.loads(d)) for r, c, d in conn.execute(q.order_by(events.c.id))]
    registry.close()
    assert [(r, c, Path(d["file"]).name) for r, c, d in found] == [
        ("张三", None, "zhang.xlsx"),
        ("李四", None, "li.xlsx"),
        ("李四", None, "li2.xlsx"),
        ("张三", None, "zhang.xlsx"),
        ("张三", None, "zhang.xlsx"),
        ("李四", None, "li.xlsx"),
    ]
    first = found[0][2]
    assert {k: first[k] for k in ("rows", "complete", "errors", "error_rows")} == {
        "rows": 3, "complete": 1, "errors": 1, "error_rows": 1,
    }  # fmt: skip
    assert first["key_fields"] == ["contact", "company", "stage", "source"]
    assert first["missing"] == {"contact": 0, "company": 0, "stage": 2, "source": 2}
    assert found[3][2]["errors"] == 2 and found[4][2]["errors"] == 0


def test_an_empty_registry_gives_an_empty_book(registry_url: str, tmp_path: Path) -> None:
    run_registry_init(url=registry_url)
    out = run_registry_kpi(tmp_path / "k.xlsx", url=registry_url, lang="en")
    assert "0 reps" in out.message
    ws, rows = _table(tmp_path / "k.xlsx")
    assert rows[0][0] == "Sales rep" and len(rows) == 1 and not ws._charts


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_book(tmp_path: Path) -> None:
    """LibreOffice reads the table and the six charts (and writes them back out)."""
    url, clock = str(tmp_path / "r.sqlite"), FixedClock(START)
    _history(url, tmp_path, clock)
    path = run_registry_kpi(tmp_path / "k.xlsx", url=url, lang="en", clock=clock)
    assert path.exit_code == 0
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx", "--outdir", str(out), str(tmp_path / "k.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    ws = openpyxl.load_workbook(out / "k.xlsx")["KPI dashboard"]
    values = [v for r in ws.iter_rows(values_only=True) for v in r]
    assert "Follow-ups overdue" in values and "2026-W50" in values
    assert len(ws._charts) == 6
