"""Benchmark: start-up of the ribbon buttons and the commands (issue #14, item 5).

    python benchmarks/startup_bench.py [--repeat 3] [--compare OTHER_CHECKOUT]

Each figure is a fresh Python process (what a click in Excel or a command costs): its CPU
seconds, interpreter start included (steadier than the wall clock on a shared machine; the
button's wall time inside Python is printed too), run ``--repeat`` times, the median printed:

* ``import addin.excel.buttons`` under ``python -X importtime`` (its cumulative line), which
  of pandas, pandera, openpyxl, xlwings, sqlalchemy, xlsxwriter ... it loaded, and where its
  import time goes (the modules' own times summed per top-level package, ours per stage);
* the 校验 button on a 10-row sheet through the book interface, with the sheet's values in
  memory as Excel hands them to ``RunPython`` (``MemoryBook`` below: the values are read
  from the file by this script and handed to the child pickled, so the child loads nothing
  that Excel's side would have done): without ``hypothesis``, as on a user's machine (a
  test-only package here, which pandera's first validation imports when present), and with
  it, as in this development environment;
* the same as ``RunPython`` runs it in Excel: ``python -B -c "import xlwings.utils; ...;
  import addin.excel; ..."`` (xlwings itself loads numpy and pandas), beside ``import
  xlwings.utils`` alone: the difference is what the add-in adds to a click;
* the floor no button can go under while pandera validates a pandas frame: ``import pandas,
  pandera``;
* 校验 pressed a second time in the same process: what a click costs when the Python process
  stays between clicks (xlwings' ``Use UDF Server`` on Windows), the imports paid once;
* 校验 with an ``OpenpyxlBook`` over the file (adds openpyxl reading and writing the file,
  Excel's work in Excel);
* 查重 pressed on the same book in memory, and the modules the other buttons import when
  pressed (客户分类, 生成跟进表, 发送给经理, 一键处理, 登记客户): CPU on top of ``import
  addin.excel.buttons`` and the heavy packages each loads;
* ``intake --help`` and ``intake validate`` of the 10-row file, whole processes.

With ``--compare DIR`` the same is measured for the checkout in DIR (e.g. main, in a
``git worktree``), alternately with this one, and the ratio printed. Target: the 校验 button
under 0.7 s of Python.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import pickle
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from validate_bench import make_rows, write_input  # noqa: E402

HEAVY = (
    "pandas",
    "pandera",
    "hypothesis",
    "openpyxl",
    "xlwings",
    "sqlalchemy",
    "xlsxwriter",
    "rapidfuzz",
    "opencc",
    "pypinyin",
    "keyring",
    "tqdm",
    "lunar_python",
)

# The child: press a button on a book whose values are in memory, as Excel hands them over.
BUTTON = """
import sys, time, pickle, json
values_file, button, opts = sys.argv[1], sys.argv[2], sys.argv[3:]
if "no-test-extra" in opts:
    sys.modules["hypothesis"] = None  # as a user's install, without the test extra
t0 = time.perf_counter()
if "excel" in opts:  # what RunPython runs before the button's own statement
    import xlwings.utils
t1 = time.perf_counter()
import addin.excel.buttons as buttons
t2 = time.perf_counter()
with open(values_file, "rb") as fh:
    values = pickle.load(fh)
from addin.book import frame_to_rows

class MemoryBook:
    name = values_file[: -len(".pickle")]
    def sheet_names(self): return list(values)
    def read_values(self, sheet): return [list(r) for r in values[sheet]]
    def write_frame(self, sheet, frame): values[sheet] = frame_to_rows(frame)
    def mark(self, marks): self.marks = list(marks)
    def clear_marks(self): return 0
    def message(self, text): self.text = text
    def save(self): pass

book = MemoryBook()
t3 = time.perf_counter()
getattr(buttons, button)(book)
t4 = time.perf_counter()
again = {}
if "twice" in opts:  # pressed again in the same process (one that stays between clicks)
    c5, t5 = time.process_time(), time.perf_counter()
    getattr(buttons, button)(MemoryBook())
    again = {"again_cpu": time.process_time() - c5, "again_wall": time.perf_counter() - t5}
print(json.dumps({"wall": (t4 - t3) + (t2 - t0), "loaded": sorted(sys.modules), **again}))
"""

ON_FILE = """
import sys
import addin.excel.buttons as buttons
from addin.book import OpenpyxlBook
book = OpenpyxlBook(sys.argv[1])
buttons.validate_button(book)
book.save()
"""

# The modules each other button imports when pressed (see addin/excel/buttons.py).
PRESSED = {
    "客户分类 (addin.excel.classify)": "addin.excel.classify",
    "生成跟进表 (addin.excel.followups)": "addin.excel.followups",
    "发送给经理 (addin.excel.send)": "addin.excel.send",
    "一键处理 (addin.excel.actions)": "addin.excel.actions",
    "登记客户 (addin.excel.registry)": "addin.excel.registry",
}

IMPORT_ON_TOP = """
import sys, time, json
import addin.excel.buttons
before = time.process_time()
import importlib
try:
    importlib.import_module(sys.argv[1])
except ModuleNotFoundError:  # a checkout from before the button had its own module
    importlib.import_module("addin.excel.actions")
print(json.dumps({"cpu": time.process_time() - before, "loaded": sorted(sys.modules)}))
"""


def _run(
    args: list[str], ok: tuple[int, ...] = (0,), **kw: object
) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a child process; also its CPU seconds (user + system), steadier than the wall
    clock on a shared machine. An exit code not in ``ok`` stops the benchmark."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in ok:
        raise SystemExit(f"{args[:4]} failed:\n{done.stderr[-3000:]}")
    return done, cpu


def _env(code: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("INTAKE_CONFIG", "INTAKE_REGISTRY")}
    env["PYTHONPATH"] = str(code)
    env["HOME"] = str(home)
    return env


def _heavy(modules: list[str]) -> list[str]:
    tops = {m.split(".")[0] for m in modules}
    return [h for h in HEAVY if h in tops]


def import_breakdown(stderr: str) -> dict[str, float]:
    """Seconds of ``-X importtime`` per top-level package (each module's own time), ours
    per stage (``addin.intake``), the biggest first."""
    own: collections.Counter[str] = collections.Counter()
    for line in stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
        if m:
            parts = m.group(2).split(".")
            key = ".".join(parts[:2]) if parts[0] == "addin" else parts[0]
            own[key] += int(m.group(1))
    return {k: v / 1e6 for k, v in own.most_common()}


def _import_time(code: Path, home: Path) -> tuple[float, float, list[str], dict[str, float]]:
    done, cpu = _run(
        [sys.executable, "-X", "importtime", "-c", "import addin.excel.buttons"],
        env=_env(code, home),
        cwd=home,  # not this checkout's folder, which would come first on sys.path
    )
    total = 0
    loaded = []
    for line in done.stderr.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            if m.group(3) == "addin.excel.buttons" and not m.group(2).strip():
                total = max(total, int(m.group(1)))
            loaded.append(m.group(3))
    return total / 1e6, cpu, _heavy(loaded), import_breakdown(done.stderr)


def _press(code: Path, home: Path, values: Path, button: str, *opts: str) -> tuple[float, float]:
    args = [sys.executable, *(["-B"] if "excel" in opts else []), "-c", BUTTON]
    done, cpu = _run([*args, str(values), button, *opts], env=_env(code, home), cwd=home)
    return float(json.loads(done.stdout)["wall"]), cpu


def _press_again(code: Path, home: Path, values: Path, button: str) -> float:
    """CPU seconds of a second press in the same process (the imports already paid)."""
    args = [sys.executable, "-c", BUTTON, str(values), button, "no-test-extra", "twice"]
    done, _ = _run(args, env=_env(code, home), cwd=home)
    return float(json.loads(done.stdout).get("again_cpu", float("nan")))


def _python(code: Path, home: Path, statement: str, *flags: str) -> float:
    return _run([sys.executable, *flags, "-c", statement], env=_env(code, home), cwd=home)[1]


def _command(code: Path, home: Path, args: list[str]) -> float:
    # exit 1: the 10-row sheet has bad cells on purpose
    return _run([sys.executable, "-m", "addin", *args], (0, 1), env=_env(code, home), cwd=home)[1]


def measure(code: Path, home: Path, sheet: Path, values: Path) -> dict[str, object]:
    imported, import_cpu, heavy, breakdown = _import_time(code, home)
    wall, bare = _press(code, home, values, "validate_button", "no-test-extra")
    _, with_hypothesis = _press(code, home, values, "validate_button")
    _, excel = _press(code, home, values, "validate_button", "no-test-extra", "excel")
    xlwings_alone = _python(code, home, "import xlwings.utils", "-B")
    work = home / "book-file.xlsx"
    work.write_bytes(sheet.read_bytes())
    on_file = _run([sys.executable, "-c", ON_FILE, str(work)], env=_env(code, home), cwd=home)[1]
    _, dedupe = _press(code, home, values, "dedupe_button", "no-test-extra")
    out: dict[str, object] = {
        "import addin.excel.buttons (-X importtime, wall)": imported,
        "python -c 'import addin.excel.buttons'": import_cpu,
        "校验 button, book in memory (no hypothesis)": bare,
        "  its wall time inside Python": wall,
        "  the same with hypothesis (this dev venv)": with_hypothesis,
        "  pressed again in the same process": _press_again(code, home, values, "validate_button"),
        "校验 as RunPython runs it (xlwings first)": excel,
        "  python -B -c 'import xlwings.utils' alone": xlwings_alone,
        "floor: python -c 'import pandas, pandera'": _python(code, home, "import pandas, pandera"),
        "校验 button, OpenpyxlBook over the file": on_file,
        "查重 button, book in memory": dedupe,
    }
    loaded: dict[str, list[str]] = {"import addin.excel.buttons": heavy}
    for label, module in PRESSED.items():
        done, _ = _run(
            [sys.executable, "-c", IMPORT_ON_TOP, module], env=_env(code, home), cwd=home
        )
        got = json.loads(done.stdout)
        out[f"{label}: on top of the import"] = got["cpu"]
        loaded[label] = _heavy(got["loaded"])
    out["intake --help"] = _command(code, home, ["--help"])
    out["intake validate (10 rows)"] = _command(code, home, ["validate", str(sheet)])
    out["loaded"] = loaded
    out["breakdown"] = breakdown
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", type=Path, help="another checkout to measure alongside")
    args = ap.parse_args()
    codes = {"this": ROOT} | ({"other": args.compare.resolve()} if args.compare else {})
    with tempfile.TemporaryDirectory() as d:
        home = Path(d)
        sheet = home / "rep.xlsx"
        write_input(sheet, make_rows(10, 0.2))
        from openpyxl import load_workbook

        wb = load_workbook(sheet, read_only=True)
        values = home / "rep.xlsx.pickle"
        with values.open("wb") as fh:
            pickle.dump(
                {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}, fh
            )
        wb.close()
        runs: dict[str, list[dict[str, object]]] = {k: [] for k in codes}
        for _ in range(args.repeat):
            for name, code in codes.items():
                runs[name].append(measure(code, home, sheet, values))
    try:
        load = f"{os.getloadavg()[0]:.1f}"
    except OSError:
        load = "?"
    print(
        f"CPU seconds (user + system) of each fresh process unless said, medians of "
        f"{args.repeat}; load average {load}"
    )
    keys = [k for k in runs["this"][0] if k not in ("loaded", "breakdown")]
    for key in keys:
        cells = []
        for name in codes:
            vals = [float(r[key]) for r in runs[name]]  # type: ignore[arg-type]
            cells.append(
                f"{name} {statistics.median(vals):5.2f} s ({min(vals):.2f}-{max(vals):.2f})"
            )
        ratio = ""
        if len(codes) == 2:
            a, b = (statistics.median(float(r[key]) for r in runs[n]) for n in codes)  # type: ignore[arg-type]
            ratio = f"  this/other {a / b:4.2f}x"
        print(f"{key:48} " + "   ".join(cells) + ratio)
    for name in codes:
        loaded = runs[name][0]["loaded"]
        assert isinstance(loaded, dict)
        for label, heavy in loaded.items():
            print(f"{name}: {label} loads: {' '.join(heavy)}")
    for name in codes:
        tables = [r["breakdown"] for r in runs[name]]
        keys_b = list(tables[0])[:14]  # type: ignore[arg-type]
        parts = ", ".join(
            f"{k} {statistics.median(float(t.get(k, 0.0)) for t in tables):.3f}"  # type: ignore[union-attr]
            for k in keys_b
        )
        print(
            f"{name}: -X importtime of import addin.excel.buttons, own time per package (s): {parts}"
        )
    print("target: the 校验 button < 0.7 s of Python")
    return 0


if __name__ == "__main__":
    sys.exit(main())
