"""Memory and time to read one input file near the bounds of addin.intake.limits.

    python benchmarks/input_bounds.py [rows] [cols]     # default 100,000 x 20 = 2,000,000 cells

Writes a dense sheet of distinct texts (the worst case for shared strings), then reads it in
a fresh process with read_intake and prints the wall time and the peak resident memory.
Also times the refusal of a 6 KB file with one cell at XFD1048576.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter

from addin.intake.limits import MAX_INFLATED_MB, MAX_SHEET_CELLS

HEAD = ["业务员", "录入日期", "客户姓名", "客户类型", "手机"]


def _write(path: Path, rows: int, cols: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("客户信息")
    ws.write_row(0, 0, HEAD + [f"备注{c}" for c in range(cols - len(HEAD))])
    for r in range(1, rows + 1):
        ws.write_row(r, 0, ["张三", "2024-03-15", f"客户{r}", "个人", f"138{r:08d}"])
        for c in range(len(HEAD), cols):
            ws.write_string(r, c, f"备注 {r}-{c}")
    wb.close()


_CHILD = """
import resource, sys, time
from addin.intake.reader import read_intake
t = time.perf_counter()
try:
    i = read_intake(sys.argv[1]); n = len(i.frame)
except Exception as exc:
    n = type(exc).__name__
print(n, round(time.perf_counter() - t, 2), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


def _read(path: Path) -> str:
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True)
    return out.stdout.strip() or out.stderr.strip()[-300:]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    cols = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    print(f"bounds: {MAX_SHEET_CELLS:,} cells per sheet, {MAX_INFLATED_MB} MB unpacked per file")
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.xlsx"
        t = time.perf_counter()
        _write(big, rows, cols)
        print(f"wrote {rows:,} x {cols} = {rows * cols:,} cells in {time.perf_counter() - t:.1f} s,"
              f" {big.stat().st_size / 2**20:.1f} MB on disk")  # fmt: skip
        print("read (rows, seconds, peak MB):", _read(big))
        far = Path(tmp) / "far.xlsx"
        wb = xlsxwriter.Workbook(str(far))
        ws = wb.add_worksheet("客户信息")
        ws.write_row(0, 0, HEAD)
        ws.write_row(1, 0, ["张三", "2024-03-15", "王伟", "个人", "13812345678"])
        ws.write_string(1048575, 16383, "x")
        wb.close()
        print(
            f"XFD1048576 file ({far.stat().st_size:,} bytes) (error, seconds, peak MB):", _read(far)
        )
    print("this process peak MB:", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)


if __name__ == "__main__":
    main()
