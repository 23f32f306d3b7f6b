"""Regenerate the README pictures: ``python docs/make_tour.py`` (needs soffice, pdftoppm, CJK fonts).

Runs the demo into a temporary folder, prints the first page of some outputs to PDF with
LibreOffice and keeps the top of each page as a PNG in docs/.
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
#: picture -> (output, which PDF page: "first" or "last", columns to print or None for all)
SHOTS = {
    "tour-validation.png": ("validation.xlsx", "first", None),
    "tour-duplicates.png": ("duplicates.xlsx", "first", None),
    "tour-followups.png": ("followups/managers/李经理.xlsx", "first", None),
    "tour-classification.png": ("classification.xlsx", "last", None),  # the summary with charts
}


def _printable(book: Path, area: str | None) -> None:
    """Landscape, one page wide, readable widths (a copy: the output itself is not touched)."""
    import openpyxl

    wb = openpyxl.load_workbook(book)
    for ws in wb.worksheets:
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        for col in ws.iter_cols(min_row=1, max_row=30):
            letter = col[0].column_letter
            width = max(len(str(c.value)) if c.value is not None else 0 for c in col)
            ws.column_dimensions[letter].width = min(28, max(9, width * 1.6))
        if area:
            ws.print_area = area
    wb.save(book)


def main() -> None:
    with tempfile.TemporaryDirectory() as d:
        # Run as a newcomer does, `intake demo` in a folder of their own: the sheets then name
        # the source files as demo-output/reps/..., not by a temporary folder's path.
        os.chdir(d)
        out = Path("demo-output")
        run_demo(out, as_of=AS_OF)
        first_marked = sorted((out / "marked").iterdir())[0].name
        for png, (rel, page, area) in SHOTS.items():
            src = out / rel.format(first_marked=first_marked)
            work = Path(d) / png.removesuffix(".png")
            work.mkdir()
            shutil.copy(src, work / "book.xlsx")
            if page == "first" and "followups" not in rel:
                _printable(work / "book.xlsx", area)
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{d}/profile", "--headless", "--convert-to",
                 "pdf", "--outdir", str(work), str(work / "book.xlsx")],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            n = 1
            if page == "last":
                info = subprocess.run(
                    ["pdfinfo", str(work / "book.pdf")], capture_output=True, text=True
                )
                n = int(
                    next(x for x in info.stdout.splitlines() if x.startswith("Pages:")).split()[1]
                )
            subprocess.run(
                ["pdftoppm", "-png", "-r", "110", "-f", str(n), "-l", str(n), "-H", "560", "-singlefile",
                 str(work / "book.pdf"), str(work / "page")],
                check=True, timeout=120,
            )  # fmt: skip
            shutil.copy(work / "page.png", HERE / png)


if __name__ == "__main__":
    main()
