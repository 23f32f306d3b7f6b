"""Benchmark: start-up of the ribbon buttons and the commands (issue #14, item 5).

    python benchmarks/startup_bench.py [--repeat 3] [--compare OTHER_CHECKOUT]

Each figure is a fresh Python process (what a click in Excel or a command costs), its CPU
seconds (steadier than the wall clock on a shared machine; the import's ``-X importtime``
figure and the button's own wall time are printed too), run ``--repeat`` times, the median
printed:

* ``import addin.excel.buttons``, from ``python -X importtime`` (its cumulative line), and
  which of pandas, pandera, openpyxl, xlwings, sqlalchemy and xlsxwriter it loaded;
* the 校验 button's whole Python time on a 10-row sheet through the book interface: the
  import plus ``validate_button(book)``, with the book's values in memory as Excel hands them
  to RunPython (``MemoryBook`` below), and with an ``OpenpyxlBook`` over the file (which adds
  openpyxl reading and writing the file, Excel's work in Excel); and in memory once more
  with ``hypothesis`` hidden, as on a user's machine: it is a test-only package here, and
  pandera's first validation imports it (for its data-synthesis strategies) when present;
* ``intake --help`` and ``intake validate`` of the 10-row file, whole processes.

With ``--compare DIR`` the same is measured for the checkout in DIR (e.g. main, in a
``git worktree``), alternately with this one, and the ratio printed. Target: the button
under 0.7 s of Python.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from validate_bench import make_rows, write_input  # noqa: E402

HEAVY = ("pandas", "pandera", "openpyxl", "xlwings", "sqlalchemy", "xlsxwriter")

BUTTON = """
import sys, time
if sys.argv[3:] == ["no-test-extra"]:
    sys.modules["hypothesis"] = None  # as a user's install, without the test extra
t0 = time.perf_counter()
import addin.excel.buttons as buttons
t1 = time.perf_counter()
path, kind = sys.argv[1], sys.argv[2]
if kind == "memory":
    from addin.book import frame_to_rows
    from openpyxl import load_workbook  # the values Excel would hand over, read before timing
    wb = load_workbook(path, read_only=True)
    values = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}

    class MemoryBook:
        name = path
        def sheet_names(self): return list(values)
        def read_values(self, sheet): return [list(r) for r in values[sheet]]
        def write_frame(self, sheet, frame): values[sheet] = frame_to_rows(frame)
        def mark(self, marks): self.marks = list(marks)
        def clear_marks(self): return 0
        def message(self, text): self.text = text
        def save(self): pass

    book = MemoryBook()
    t2 = time.perf_counter()
else:
    from addin.book import OpenpyxlBook
    t2 = time.perf_counter()
    book = OpenpyxlBook(path)
buttons.validate_button(book)
if kind != "memory":
    book.save()
t3 = time.perf_counter()
print(t1 - t0, (t1 - t0) + (t3 - t2))
"""


def _run(args: list[str], **kw: object) -> tuple[subprocess.CompletedProcess[str], float]:
    """Run a child process; also its CPU seconds (user + system), steadier than the wall
    clock on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, capture_output=True, text=True, **kw)  # type: ignore[call-overload]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return done, cpu


def _env(code: Path, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "INTAKE_CONFIG"}
    env["PYTHONPATH"] = str(code)
    env["HOME"] = str(home)
    return env


def _import_time(code: Path, home: Path) -> tuple[float, float, list[str]]:
    done, cpu = _run(
        [sys.executable, "-X", "importtime", "-c", "import addin.excel.buttons"],
        env=_env(code, home),
        check=True,
        cwd=home,  # not this checkout's folder, which would come first on sys.path
    )
    out = done.stderr
    total = 0
    loaded = set()
    for line in out.splitlines():
        m = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            if m.group(3) == "addin.excel.buttons" and not m.group(2).strip():
                total = max(total, int(m.group(1)))
            loaded.add(m.group(3))
    return total / 1e6, cpu, [h for h in HEAVY if h in loaded]


def _button(code: Path, home: Path, sheet: Path, kind: str, *extra: str) -> tuple[float, float]:
    work = home / f"book-{kind}.xlsx"
    shutil.copyfile(sheet, work)
    done, cpu = _run(
        [sys.executable, "-c", BUTTON, str(work), kind, *extra],
        env=_env(code, home),
        check=True,
        cwd=home,
    )
    out = done.stdout.split()
    return float(out[1]), cpu


def _command(code: Path, home: Path, args: list[str]) -> float:
    return _run([sys.executable, "-m", "addin", *args], env=_env(code, home), cwd=home)[1]


def measure(code: Path, home: Path, sheet: Path) -> dict[str, float | str]:
    imported, import_cpu, heavy = _import_time(code, home)
    memory_wall, memory = _button(code, home, sheet, "memory")
    _, bare = _button(code, home, sheet, "memory", "no-test-extra")
    _, on_file = _button(code, home, sheet, "file")
    return {
        "import addin.excel.buttons (-X importtime, wall)": imported,
        "python -c 'import addin.excel.buttons'": import_cpu,
        "validate button, book in memory": memory,
        "  its wall time inside Python": memory_wall,
        "  the same without hypothesis": bare,
        "validate button, OpenpyxlBook": on_file,
        "intake --help": _command(code, home, ["--help"]),
        "intake validate (10 rows)": _command(code, home, ["validate", str(sheet)]),
        "loaded": " ".join(heavy),
    }


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
        runs: dict[str, list[dict[str, float | str]]] = {k: [] for k in codes}
        for _ in range(args.repeat):
            for name, code in codes.items():
                runs[name].append(measure(code, home, sheet))
    try:
        load = f"{os.getloadavg()[0]:.1f}"
    except OSError:
        load = "?"
    print(
        f"CPU seconds (user + system) of each fresh process unless said, medians of "
        f"{args.repeat}; load average {load}"
    )
    keys = [k for k in runs["this"][0] if k != "loaded"]
    for key in keys:
        cells = []
        for name in codes:
            vals = [float(r[key]) for r in runs[name]]
            cells.append(
                f"{name} {statistics.median(vals):5.2f} s ({min(vals):.2f}-{max(vals):.2f})"
            )
        ratio = ""
        if len(codes) == 2:
            a, b = (statistics.median(float(r[key]) for r in runs[n]) for n in codes)
            ratio = f"  this/other {a / b:4.2f}x"
        print(f"{key:48} " + "   ".join(cells) + ratio)
    for name in codes:
        print(f"{name}: import addin.excel.buttons loads: {runs[name][0]['loaded']}")
    print("target: the validate button < 0.7 s of Python")
    return 0


if __name__ == "__main__":
    sys.exit(main())
