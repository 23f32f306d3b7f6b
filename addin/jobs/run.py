"""The whole job in one call: consolidate → validate → dedupe → classify → follow-ups → e-mail.

Both front ends use it: ``intake run`` / ``intake demo`` and the 一键处理 ribbon button.
Every step writes its workbook into ``out_dir`` (atomically, backing up an older run's file):

==========================  ===================================================
``validation.xlsx``         every problem found in the reps' files
``duplicates.xlsx`` + .csv  duplicate groups (撞单) with reasons and owners
``classification.xlsx``     tiers, RFM segments, lifecycle … with a summary and charts
``followups/``              one workbook per rep and per manager + ``manifest.json``;
                            ``outbox/`` and ``sent.jsonl`` when e-mail is on
``marked/``                 (``mark=True``) copies of the reps' files, bad cells marked
==========================  ===================================================

Classification counts each real customer once: records that are the non-owning side of a
"duplicate" group are left out of ``classification.xlsx``. The follow-up sheets keep them,
so the challenging rep is told about the collision.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Literal

import pandas as pd
from tqdm import tqdm

from .. import audit
from ..classify import classify, load_classify_settings, write_classification
from ..classify.book import written_columns
from ..config import Config
from ..duplicates import (
    find_duplicates,
    load_dedupe_settings,
    read_decisions,
    write_duplicate_files,
)
from ..errors import IntakeError
from ..followups import load_followup_settings, write_followups_step
from ..intake import find_inputs, load_customers, mark_copies, write_report
from ..kpi import sheet_stats
from ..mail import SendReport
from ..schema import Lang
from ..workers import Workers, give_back_heap, worker_count, workers_setting
from .background import Started
from .common import no_records, settings_overrides, unassigned_note
from .email import run_email
from .lock import lock_out_dir
from .registry_kpi import run_kpi_weeks, run_registry_kpi
from .registry_run import registry_configured, registry_step
from .texts import msg

__all__ = ["EmailMode", "RunResult", "deduplicated", "run_pipeline"]

EmailMode = Literal["none", "dry-run", "send"]
#: What the follow-ups' workers run (imported by them ahead: :meth:`Workers.warm`).
_FOLLOWUP_WORK = "addin.followups.step"
STEPS = ("consolidate", "registry", "dedupe", "classify", "followups", "email")
#: The counts the summary shows (0 when a step did not run).
_SUMMARY_COUNTS = (
    "files", "unusable_files", "records", "errors", "duplicate_groups", "cross_rep_groups",
    "possible_groups", "classified", "followups", "rep_books", "manager_books",
)  # fmt: skip


@dataclass
class RunResult:
    """What a pipeline run produced."""

    out_dir: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    #: CPU seconds of this process per step (steadier than ``seconds`` on a busy machine)
    cpu: dict[str, float] = field(default_factory=dict)
    #: wall seconds of a step started early, overlapping the step before it (``followups``,
    #: with workers: from its start in the classify step to its end); ``seconds`` has only
    #: the wait for what was left of it, so that their sum is the run's time
    background: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    mail: SendReport | None = None
    #: the registry step's exit code (2 unusable, 1 taken rows), 0 without a registry
    registry_exit: int = 0

    @property
    def exit_code(self) -> int:
        """0 all good; 1 problems in the data or e-mails not delivered; 2 no usable input."""
        if not self.counts.get("records") or self.registry_exit == 2:
            return 2
        failed_mail = self.mail is not None and not self.mail.ok
        return (
            1
            if self.counts.get("errors")
            or self.counts.get("unusable_files")
            or failed_mail
            or self.registry_exit
            else 0
        )

    def render(self, lang: Lang = "zh") -> str:
        """The run summary for the terminal or a message box."""
        counts = {k: self.counts.get(k, 0) for k in _SUMMARY_COUNTS}
        lines = [msg("jobs_run_summary", lang, **counts)]
        lines += self.notes
        if self.mail is not None:
            lines.append(self.mail.render(lang))
        lines.append(msg("jobs_output", lang, path=self.out_dir))
        for name, path in self.outputs.items():
            lines.append(f"  {name:<15} {path}")
        total = sum(self.seconds.values())
        lines.append(msg("jobs_time", lang, seconds=total))
        return "\n".join(lines)


def deduplicated(classified: pd.DataFrame, groups: pd.DataFrame) -> pd.DataFrame:
    """Drop the records that are the non-owning side of a confirmed ("duplicate") group."""
    if groups.empty:
        return classified
    losers = groups[(groups["tier"] == "duplicate") & ~groups["is_owner"].astype(bool)]
    key = pd.MultiIndex.from_frame(classified[["_file", "_sheet", "_row"]].astype(str))
    drop = pd.MultiIndex.from_frame(losers[["file", "sheet", "row"]].astype(str))
    return classified[~key.isin(drop)]


class _Progress:
    """One progress bar over the steps; also times each step."""

    def __init__(self, enabled: bool, lang: Lang, steps: int) -> None:
        self.bar = tqdm(
            total=steps, disable=True if not enabled else None, unit="step", leave=False
        )
        self.lang = lang
        self.seconds: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self.bar.set_description(msg(f"jobs_step_{name}", self.lang))
        start, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.seconds[name] = round(time.perf_counter() - start, 2)
            self.cpu[name] = round(time.process_time() - cpu, 2)
            self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def run_pipeline(
    inputs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    config: Config | None = None,
    lang: Lang = "zh",
    as_of: dt.date | None = None,
    email: EmailMode = "none",
    settings_workbook: str | Path | None = None,
    mark: bool = False,
    decisions: str | Path | None = None,
    progress: bool = False,
    registry: str | None = None,
) -> RunResult:
    """Run every step on the reps' files under ``inputs`` and write the outputs to ``out_dir``.

    Args:
        inputs: reps' files and/or folders (searched recursively).
        out_dir: where the outputs go (created if missing).
        config: settings (``[dedupe]``, ``[classify]``, ``[followups]``, ``[managers]``,
            ``[email]``); defaults apply without one.
        lang: language of sheets and messages.
        as_of: the day follow-ups are computed for (default: today).
        email: ``"none"``, ``"dry-run"`` (write .eml files to the outbox) or ``"send"``.
        settings_workbook: a template-shaped workbook whose 设置 sheet maps reps to managers
            and overrides rules.
        mark: also save copies of the reps' workbooks with bad cells marked (slower).
        progress: show a progress bar on stderr.
        decisions: an earlier Duplicates workbook with the manager's 处理 decisions.
        registry: the customer registry (``--registry``; else ``$INTAKE_REGISTRY`` or
            ``[registry] url``). When one is named, the records are registered in it (as
            ``intake registry import`` does), the decisions stored in it and its stored
            decisions applied; a registry that cannot be used is a note and exit code 2.

    Returns:
        A :class:`RunResult` (outputs, counts, timings, e-mail report).

    Raises:
        InputError: when no input file could be used at all.

    Example:
        >>> result = run_pipeline(["reps/"], "out", email="dry-run")  # doctest: +SKIP
        >>> print(result.render())  # doctest: +SKIP
    """
    config = config or Config()
    as_of = as_of or dt.date.today()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    # One run per output folder at a time: a second waits, then refuses (issue 11, item 7).
    lock = lock_out_dir(out, lang)
    result = RunResult(out)
    use_registry = registry_configured(config, registry)
    bar = _Progress(progress, lang, len(STEPS) - (email == "none") - (not use_registry))
    pool: Workers | None = None
    try:
        overrides = settings_overrides(settings_workbook)
        with bar.step("consolidate"):
            # The folders are searched once, here: load_customers gets the files found (and
            # passes files through as they are). Our own outputs are never read back as inputs
            # (out_dir may be inside the reps' folder).
            files = [p for p in find_inputs(inputs) if out.resolve() not in p.resolve().parents]
            # worker processes for the steps that share work out by file or by rep; started
            # when first used (addin.workers)
            pool = Workers(n) if (n := worker_count(workers_setting(config), files)) else None
            # each file's raw frame is let go once its rows are validated, unless marked
            loaded = load_customers(files or list(inputs), lang=lang, keep_frames=mark, pool=pool)
            result.outputs["validation"] = write_report(
                loaded.problems,
                out / "validation.xlsx",
                lang=lang,
                files=[(str(i.file), i.n_rows) for i in loaded.intakes],
            )
            if mark:  # from the intakes and problems just computed: nothing is read twice
                mark_copies(loaded.problems, loaded.intakes, out / "marked", lang=lang)
                result.outputs["marked"] = out / "marked"
        customers = loaded.customers
        # The raw frame of every rep's file was needed for the report and the marks only: let
        # it go before the later steps build theirs (issue 14 item 6; ~1 GB at 1M rows).
        loaded.intakes = []
        result.counts.update(
            files=len(loaded.files),
            unusable_files=len(loaded.skipped),
            records=len(customers),
            errors=int((loaded.problems["level"] == "error").sum()),
        )
        if customers.empty:
            raise no_records(inputs, lang)
        settled = read_decisions(decisions, lang) if decisions is not None else None
        if use_registry:
            with bar.step("registry"):
                step = registry_step(
                    customers,
                    config=config,
                    url=registry,
                    lang=lang,
                    decisions=settled,
                    sheets=sheet_stats(loaded, load_followup_settings(config).key_fields),
                )
            if step is not None:
                settled, result.registry_exit = step.decisions, step.exit_code
                result.notes += step.notes
                result.counts.update({f"registry_{k}": v for k, v in step.counts.items()})
                if not step.failed:  # the 业绩看板 of every rep, for the manager
                    weeks = run_kpi_weeks(config, registry)
                    kpi = run_registry_kpi(
                        out / "kpi.xlsx", config=config, url=registry, lang=lang, weeks=weeks
                    )
                    result.outputs["kpi"] = out / "kpi.xlsx"
                    result.notes.append(kpi.message)
        with bar.step("dedupe"):
            dsettings = load_dedupe_settings(config)
            # The follow-ups' first worker starts on the core matching leaves free (warm);
            # matching may use and stop the workers (the company names), then it starts again.
            if pool is not None:
                pool.warm(_FOLLOWUP_WORK)
            dupes = find_duplicates(customers, dsettings, lang=lang, decisions=settled, pool=pool)
            # With workers, the Duplicates workbook and CSV are written in one while this
            # process goes on to classify (issue 14); they are waited for after that step.
            duplicate_files = write_duplicate_files(
                dupes,
                out / "duplicates.xlsx",
                out / "duplicates.csv",
                customers,
                owner_rule=dsettings.owner_rule,
                lang=lang,
                pool=pool,
            )
            if pool is not None:
                pool.warm(_FOLLOWUP_WORK)
            result.notes += dupes.notes
            g = dupes.groups
            confirmed = g["tier"] == "duplicate"
            result.counts.update(
                duplicate_groups=int(g.loc[confirmed, "group_id"].nunique()),
                possible_groups=int(g.loc[g["tier"] == "possible", "group_id"].nunique()),
                # of the duplicate groups (the possible tier is counted on its own)
                cross_rep_groups=int(
                    g.loc[confirmed & g["cross_rep"].astype(bool), "group_id"].nunique()
                ),
            )
        with bar.step("classify"):
            if pool is not None:  # the workers' memory comes on top of this process's
                give_back_heap()
            classified = classify(
                customers, load_classify_settings(config, overrides), as_of=as_of, lang=lang
            )
            # only the columns the workbook shows are copied (not every field of 1M records)
            unique = deduplicated(classified[written_columns(classified)], g)
            # With workers, the follow-ups start now (issue 14): a thread hands their parts
            # to the workers while this one writes the classification workbook; one part at
            # a time meanwhile (this process and one worker on the 2 cores; a second worker's
            # memory would come on top of this write's), then as many as there are workers.
            written_here = threading.Event()
            followups = partial(
                write_followups_step, classified, out / "followups", config=config,
                overrides=overrides, settings_workbook=settings_workbook, duplicates=g,
                as_of=as_of, lang=lang, pool=pool,
                ahead=lambda: pool.size if pool and written_here.is_set() else 1,
            )  # fmt: skip
            started = Started(followups) if pool is not None else None
            try:
                result.outputs["classification"] = write_classification(
                    unique, out / "classification.xlsx", lang=lang, as_of=as_of
                )
            except Exception:
                written_here.set()
                if started is not None:  # the follow-ups go on to their end: nothing half done
                    started.finish()
                raise
            written_here.set()
            result.counts["classified"] = len(unique)
            del unique  # written; the follow-ups need every record (``classified``)
            try:  # the Duplicates files, written meanwhile: listed before this step's
                classification = result.outputs.pop("classification")
                result.outputs["duplicates"], result.outputs["duplicates_csv"] = duplicate_files()
                result.outputs["classification"] = classification
            except Exception:
                if started is not None:
                    started.finish()
                raise
        if pool is not None:  # what the workbook's write freed, before a second worker
            give_back_heap()
        with bar.step("followups"):  # with workers: what is left of them once classified
            items, written = started.result() if started is not None else followups()
            if started is not None:
                result.background["followups"] = round(started.seconds, 2)
            result.outputs["followups"] = written.out_dir
            result.counts.update(
                followups=items,
                rep_books=len(written.rep_files),
                manager_books=len(written.manager_files),
            )
            unassigned = written.manifest["unassigned_reps"]
            if unassigned:
                result.notes.append(unassigned_note(unassigned, lang))
        if email != "none":
            with bar.step("email"):
                result.mail = run_email(
                    written.out_dir, config=config, send=email == "send", lang=lang
                )
                result.counts.update(
                    emails_sent=result.mail.count("sent"),
                    emails_queued=result.mail.count("queued"),
                    emails_failed=result.mail.count("failed", "no_address"),
                )
    except IntakeError:
        result.seconds, result.cpu = bar.seconds, bar.cpu
        audit.record(
            "run",
            inputs=inputs,
            outputs=result.outputs.values(),
            counts=result.counts,
            status="failed",
            config=config,
        )
        raise
    finally:
        if pool is not None:
            pool.close()
        bar.close()
        lock.release()
    result.seconds, result.cpu = bar.seconds, bar.cpu
    audit.record(
        "run", inputs=inputs, outputs=result.outputs.values(), counts=result.counts, config=config
    )
    return result
