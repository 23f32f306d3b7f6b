"""The fuzzer: random but plausible reps' files through every command (issue 11).

Workbooks (openpyxl and xlsxwriter) and CSVs are built from drawn structure: headers in either
language, misspelt or unknown, title rows above them, merged cells, blank and placeholder
rows, every cell type, formula-like and markup text, long cells, odd encodings and line ends.
For every example and command: the exit code is 0, 1 or 2; no traceback; a message names
the file when something is wrong; the inputs are unchanged; no output holds a formula.

CI runs a bounded number of examples (``INTAKE_FUZZ_EXAMPLES``, default 5 per test);
``python3 tasks.py fuzz`` runs many more.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addin.cli import main
from addin.schema import FIELDS
from tests.intake.hostile import EVIL, RICH, csv_injections, digests, outputs_with_formulas

EXAMPLES = int(os.environ.get("INTAKE_FUZZ_EXAMPLES", "5"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=EXAMPLES <= 20,  # CI: the same examples every run; tasks.py fuzz explores
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_LABELS = [f.label(lang) for f in FIELDS for lang in ("zh", "en")]
_REQUIRED = [f.label("zh") for f in FIELDS if f.required]
_ODD_HEADERS = ["", " 客户姓名 ", "客户 姓名*", "手机号码", "=SUM(A1)", "备注2", "Unnamed", "#REF!"]

texts = st.one_of(
    st.sampled_from(
        [EVIL, RICH, "+86 138 1234 5678", "-", "无", "N/A", "#N/A", "@x", "\tTAB", "张三",
         "13812345678", "2024-03-15", "3月5号", "a/b", "CON", "王伟\n李四", "😀", "ｆｕｌｌ"]
    ),
    st.text(min_size=0, max_size=12),
    st.builds(lambda ch, n: ch * n, st.sampled_from(["长", "x", "=x"]), st.integers(16_400, 20_000)),
)  # fmt: skip
cells = st.one_of(
    st.none(),
    texts,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.booleans(),
)


@st.composite
def tables(draw: st.DrawFn) -> list[list[Any]]:
    """A sheet: maybe title rows, a header mostly of known labels, a few rows of anything."""
    header = draw(st.lists(st.sampled_from(_LABELS + _ODD_HEADERS), min_size=1, max_size=9))
    if draw(st.booleans()):
        header = _REQUIRED + header  # usually the file is meant to be an intake sheet
    width = len(header)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 1), max_size=6))
    titles = [["客户登记表"]] * draw(st.integers(0, 2))
    return [*titles, header, *rows]


def _openpyxl(path: Path, sheet: str, rows: list[list[Any]], merge: bool) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row, start=1):
            if v is not None:
                cell = ws.cell(row=r, column=c, value=v if not isinstance(v, str) else "")
                if isinstance(v, str):
                    cell.value = "".join(ch for ch in v if ch >= " " or ch in "\t\n\r")
                    cell.data_type = "s"  # a typed value, never a formula in the input
    if merge and len(rows) > 2:
        ws.merge_cells(start_row=len(rows) - 1, start_column=1, end_row=len(rows), end_column=2)
    wb.save(path)


def _xlsxwriter(path: Path, sheet: str, rows: list[list[Any]]) -> None:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    ws = wb.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            if isinstance(v, str):
                ws.write_string(r, c, v)  # '<r>…</r>' text gives a damaged file: refused cleanly
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day))
            elif v is not None and not (isinstance(v, float) and v != v):
                ws.write(r, c, v)
    wb.close()


def _csv(path: Path, rows: list[list[Any]], encoding: str, newline: str, sep: str) -> None:
    def text(v: Any) -> str:
        s = "" if v is None else str(v)
        return '"' + s.replace('"', '""') + '"' if any(ch in s for ch in f'"{sep}\r\n') else s

    body = newline.join(sep.join(text(v) for v in row) for row in rows) + newline
    path.write_bytes(body.encode(encoding, errors="replace"))


@st.composite
def input_files(draw: st.DrawFn) -> list[tuple[str, Any]]:
    """One to three files: (name, writer) pairs, written later into a fresh folder."""
    out = []
    for i in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["openpyxl", "xlsxwriter", "csv"]))
        rows = draw(tables())
        sub = draw(st.sampled_from(["", "team1/", "team2/"]))
        if kind == "csv":
            enc = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-le"]))
            nl = draw(st.sampled_from(["\n", "\r\n", "\r"]))
            sep = draw(st.sampled_from([",", ";", "\t"]))
            out.append((f"{sub}f{i}.csv", ("csv", rows, enc, nl, sep)))
        else:
            sheet = draw(st.sampled_from(["客户信息", "Sheet1", "=客户", "customers"]))
            name = draw(st.sampled_from([f"f{i}", "周报", "=b"]))
            out.append((f"{sub}{name}.xlsx", (kind, rows, sheet, draw(st.booleans()))))
    return out


def _write(folder: Path, files: list[tuple[str, Any]]) -> None:
    for name, spec in files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec[0] == "csv":
            _csv(path, spec[1], spec[2], spec[3], spec[4])
        elif spec[0] == "openpyxl":
            _openpyxl(path, spec[2], spec[1], spec[3])
        else:
            _xlsxwriter(path, spec[2], spec[1])


CONFIG = """
[managers]
"张三" = { manager = "=经理", email = "m@example.com" }
[email]
host = "127.0.0.1"
security = "none"
sender = "sales@example.com"
"""

COMMANDS = {
    "validate": lambda i, o: ["validate", i, "--report", f"{o}/r.xlsx", "--marked-copy", f"{o}/m"],
    "dedupe": lambda i, o: ["dedupe", i, "--out", f"{o}/d.xlsx", "--clusters-csv", f"{o}/d.csv"],
    "classify": lambda i, o: ["classify", i, "--out", f"{o}/c.xlsx", "--as-of", "2026-11-23"],
    "followups": lambda i, o: ["followups", i, "--out-dir", f"{o}/f", "--as-of", "2026-11-23"],
    "run": lambda i, o: ["run", i, "--out-dir", f"{o}/run", "--dry-run", "--mark"],
}


def _check(files: list[tuple[str, Any]], commands: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        inputs, out = root / "in", root / "out"
        _write(inputs, files)
        (root / "intake.toml").write_text(CONFIG, encoding="utf-8")
        before = digests(inputs)
        for command in commands:
            args = [
                *COMMANDS[command](str(inputs), str(out)),
                "--config",
                str(root / "intake.toml"),
            ]
            result = CliRunner().invoke(main, args)
            text = result.output
            assert result.exit_code in (0, 1, 2), (command, text, result.exception)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                command,
                repr(result.exception),
            )
            assert "Traceback" not in text, text
            if result.exit_code:
                # The message names the file, or the report that lists file, sheet and row.
                names = [Path(n).name for n, _ in files] + [str(inputs), "validation.xlsx"]
                assert any(n in text for n in names), text
            assert digests(inputs) == before, command
            assert outputs_with_formulas(out) == [], command
            assert csv_injections(out) == [], command


@FUZZ
@given(files=input_files(), command=st.sampled_from(["dedupe", "classify", "followups"]))
def test_every_step_survives_random_files(files: list[tuple[str, Any]], command: str) -> None:
    _check(files, ["validate", command])


@FUZZ
@given(files=input_files())
def test_the_whole_run_survives_random_files(files: list[tuple[str, Any]]) -> None:
    _check(files, ["run"])
