"""The validate job (``intake validate``): check files, write the report, mark the workbooks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import audit
from ..config import Config
from ..intake import (
    LoadResult,
    load_customers,
    mark_copies,
    problems_json,
    problems_table,
    summary_lines,
    write_report,
)
from ..schema import Lang
from .loading import load_shared
from .texts import msg

__all__ = ["ValidateOutcome", "run_validate"]


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
            lines.append(msg("jobs_report", self.lang, path=self.report))
        lines += [msg("jobs_marked", self.lang, path=p) for p in self.marked]
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
    config: Config | None = None,
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
        config: the configuration (its ``[audit] path`` is where the run is logged).

    Example:
        >>> outcome = run_validate(["reps/"], report=Path("errors.xlsx"))  # doctest: +SKIP
        >>> outcome.exit_code  # doctest: +SKIP
        1
    """
    if marked_copy is None and not in_place:  # no cell to mark: no raw frame to keep
        loaded = load_shared(inputs, lang, config, sheet=sheet, progress=progress)
    else:
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
        config=config,
    )
    return outcome
