"""The dedupe job (``intake dedupe``): find duplicate customers across reps, write the workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..duplicates import (
    DedupeResult,
    find_duplicates,
    load_dedupe_settings,
    read_decisions,
    write_clusters_csv,
    write_duplicates,
)
from ..duplicates.texts import msg as dedupe_msg
from ..schema import Lang
from .common import file_notes
from .loading import job_pool, load_shared
from .registry_run import registry_step

__all__ = ["DedupeOutcome", "run_dedupe"]


@dataclass
class DedupeOutcome:
    """What ``intake dedupe`` did: the result, where it wrote and the lines to print."""

    result: DedupeResult
    lines: list[str]
    exit_code: int


def run_dedupe(
    inputs: Sequence[str | Path],
    out: str | Path,
    *,
    clusters_csv: str | Path | None = None,
    config: Config | None = None,
    lang: Lang = "zh",
    decisions: str | Path | None = None,
    registry: str | None = None,
) -> DedupeOutcome:
    """Load every intake file under ``inputs``, find duplicates, write the workbook (and CSV).

    Files that cannot be used are listed and skipped; the rest is processed. Exit code 0 when
    something was processed, 2 when no input could be used. Inputs are never modified.

    Args:
        inputs: files and/or folders.
        out: the Duplicates workbook to write.
        clusters_csv: also write the clusters CSV here.
        config: settings; its ``[dedupe]`` table applies (defaults without one).
        lang: language of the output.
        decisions: an earlier Duplicates workbook whose 处理 column the manager filled in.
        registry: the customer registry (``--registry``; else ``$INTAKE_REGISTRY`` or
            ``[registry] url``). When one is named, the decisions are stored in it and its
            stored decisions applied (nothing is registered); an unusable one is exit code 2.

    Example:
        >>> run_dedupe(["reps/"], "duplicates.xlsx").exit_code  # doctest: +SKIP
        0
    """
    settings = load_dedupe_settings(config)
    settled = read_decisions(decisions, lang) if decisions is not None else None
    # worker processes for reading and for parsing the company names, when they pay
    with job_pool(config, inputs) as pool:
        loaded = load_shared(inputs, lang, config, pool)  # marks no cells
        step = None
        if not loaded.customers.empty:
            step = registry_step(
                loaded.customers,
                config=config,
                url=registry,
                lang=lang,
                register=False,
                decisions=settled,
            )
            settled = step.decisions if step is not None else settled
        result = find_duplicates(
            loaded.customers, settings, lang=lang, decisions=settled, pool=pool
        )
    # Why a file was not used (even when the reason has a row, e.g. no rows under the header);
    # problems in cells are validate's job.
    lines = file_notes(loaded, skipped_files=True)
    if loaded.customers.empty:
        return DedupeOutcome(result, [*lines, *result.notes], 2)  # the note says "no records"
    write_duplicates(result, out, loaded.customers, owner_rule=settings.owner_rule, lang=lang)
    if clusters_csv is not None:
        write_clusters_csv(result, clusters_csv, lang=lang)
    g = result.groups
    lines += result.notes + (step.notes if step is not None else [])
    lines.append(
        dedupe_msg(
            "dd_summary",
            lang,
            records=len(loaded.customers),
            groups=g["group_id"].nunique(),
            dups=int((g["tier"] == "duplicate").sum()),
            possible=int((g["tier"] == "possible").sum()),
            cross=int(g.loc[g["cross_rep"], "group_id"].nunique()),
            out=out,
        )  # fmt: skip
    )
    return DedupeOutcome(result, lines, 2 if step is not None and step.failed else 0)
