"""File-level jobs behind the CLI commands (and the pipeline): plain functions, no click."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import audit
from ..errors import InputError
from ..intake.load import LoadResult, load_customers
from ..intake.marks import mark_file
from ..intake.report import problems_json, problems_table, summary_lines, write_report
from ..intake.result import Intake
from ..schema import Lang

__all__ = ["ValidateOutcome", "run_validate", "mark_copies"]

_MARKABLE = (".xlsx", ".xlsm")


@dataclass
class ValidateOutcome:
    """Result of :func:`run_validate`."""

    loaded: LoadResult
    lang: Lang
    report: Path | None = None
    marked: list[Path] = field(default_factory=list)

    @property
    def problems(self) -> pd.DataFrame:
        return self.loaded.problems

    @property
    def files(self) -> list[tuple[str, int]]:
        return [(str(i.file), i.n_rows) for i in self.loaded.intakes]

    @property
    def exit_code(self) -> int:
        """0 all valid, 1 data problems, 2 some input could not be used."""
        if self.loaded.skipped or not self.loaded.files:
            return 2
        return 1 if (self.problems["level"] == "error").any() else 0

    def render(self, fmt: str) -> str:
        if fmt == "json":
            return problems_json(self.problems)
        lines = summary_lines(self.problems, self.files, self.lang)
        unusable = self.problems[self.problems["file"].isin([str(p) for p in self.loaded.skipped])]
        lines += [f"{Path(str(r.file)).name}: {r.message}" for r in unusable.itertuples()]
        if not self.loaded.files:
            lines += [str(m) for m in self.problems["message"]]
        shown = self.problems[~self.problems.index.isin(unusable.index)]
        if len(shown) and self.report is None:
            lines += ["", problems_table(shown, self.lang)]
        if self.report is not None:
            lines.append(("报告：" if self.lang == "zh" else "report: ") + str(self.report))
        lines += [("已标记：" if self.lang == "zh" else "marked: ") + str(p) for p in self.marked]
        return "\n".join(lines)


def run_validate(
    inputs: Sequence[str | Path],
    *,
    lang: Lang = "zh",
    sheet: str | None = None,
    report: Path | None = None,
    marked_copy: Path | None = None,
    in_place: bool = False,
    progress: bool = False,
) -> ValidateOutcome:
    """Validate files/folders, optionally write the report and marked workbooks.

    Args:
        inputs: intake files and/or folders.
        lang: language of messages and sheets.
        sheet: sheet name to read in every file (default: found by headers).
        report: write the report workbook here.
        marked_copy: save marked copies of the workbooks into this folder.
        in_place: mark the input workbooks themselves (each is backed up first).
        progress: show a progress bar on stderr.

    Example:
        >>> outcome = run_validate(["reps/"], report=Path("errors.xlsx"))  # doctest: +SKIP
        >>> outcome.exit_code  # doctest: +SKIP
        1
    """
    loaded = load_customers(inputs, lang=lang, sheet=sheet, progress=progress)
    outcome = ValidateOutcome(loaded, lang)
    if report is not None:
        outcome.report = write_report(loaded.problems, report, lang=lang, files=outcome.files)
    if marked_copy is not None or in_place:
        folder = None if in_place else Path(marked_copy or ".")
        outcome.marked = mark_copies(loaded.problems, loaded.intakes, folder, lang=lang)
    errors = loaded.problems["level"] == "error"
    audit.record(
        "validate",
        inputs=loaded.files,
        outputs=[p for p in [outcome.report, *outcome.marked] if p is not None],
        counts={
            "files": len(loaded.files),
            "unusable_files": len(loaded.skipped),
            "rows": len(loaded.customers),
            "errors": int(errors.sum()),
        },
    )
    return outcome


def mark_copies(
    problems: pd.DataFrame, intakes: Sequence[Intake], folder: Path | None, *, lang: Lang = "zh"
) -> list[Path]:
    """Mark the bad cells of every workbook with errors: copies into ``folder``, or in place.

    CSV and .xls files cannot hold marks and are left out; returns the workbooks written.
    """
    bad = set(problems.loc[problems["level"] == "error", "file"])
    written: list[Path] = []
    for intake in intakes:
        if str(intake.file) not in bad or intake.file.suffix.lower() not in _MARKABLE:
            continue
        out = None if folder is None else folder / intake.file.name
        try:
            mark_file(intake.file, out, lang=lang)
        except InputError:
            continue
        written.append(out or intake.file)
    return written
