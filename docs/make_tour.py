"""Regenerate the README pictures: ``python docs/make_tour.py`` (needs soffice, poppler-utils and
CJK fonts, e.g. ``apt-get install libreoffice-calc-nogui poppler-utils fonts-noto-cjk``).

Runs the demo into a temporary folder as a newcomer does, prints each output to PDF with
LibreOffice exactly as written (the outputs carry their own page set-up) and keeps the top of
one page of each as a PNG in docs/.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from addin.sample.demo import run_demo

HERE = Path(__file__).resolve().parent
#: A fixed day, so the pictures change only when the sheets do (the sample data is relative to it).
AS_OF = dt.date(2026, 11, 23)
#: picture -> (output, a text on the page to show: the first page that has it)
SHOTS = {
    "tour-validation.png": ("validation.xlsx", "问题说明"),
    "tour-duplicates.png": ("duplicates.xlsx", "归属业务员"),
    "tour-followups.png": ("followups/managers/李经理.xlsx", "跟进清单"),
    "tour-classification.png": ("classification.xlsx", "客户分类汇总"),  # the charts
}


def _page_with(pdf: Path, text: str) -> int:
    """The first page of ``pdf`` whose text contains ``text`` (1 when none does)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1])
    for n in range(1, pages + 1):
        page = subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        if text in page.stdout:
            return n
    return 1


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        # Run as a newcomer does, `intake demo` in a folder of their own: the sheets then name
        # the source files as demo-output/reps/..., not by a temporary folder's path.
        os.chdir(d)
        out = Path("demo-output")
        run_demo(out, as_of=AS_OF)
        for png, (rel, text) in SHOTS.items():
            work = Path(d) / png.removesuffix(".png")
            work.mkdir()
            shutil.copy(out / rel, work / "book.xlsx")
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to",
                 "pdf", "--outdir", str(work), str(work / "book.xlsx")],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            n = _page_with(work / "book.pdf", text)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "110", "-f", str(n), "-l", str(n), "-H", "560", "-singlefile",
                 str(work / "book.pdf"), str(work / "page")],
                check=True, timeout=120,
            )  # fmt: skip
            shutil.copy(work / "page.png", HERE / png)


if __name__ == "__main__":
    main()
