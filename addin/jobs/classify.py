"""The classify job (``intake classify``): files in, the classification workbook out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..classify import classify, load_classify_settings, write_classification
from ..config import Config
from ..schema import Lang
from .common import JobOutcome, load_usable, problems_note, settings_overrides
from .texts import msg

__all__ = ["run_classify"]


def run_classify(
    inputs: Sequence[Path],
    out: Path,
    *,
    config: Config,
    lang: Lang,
    as_of: dt.date,
    settings_workbook: Path | None = None,
) -> JobOutcome:
    """Load, classify and write the classification workbook.

    Raises:
        InputError: when no input gave a usable customer record.
    """
    loaded = load_usable(inputs, lang, config)
    settings = load_classify_settings(config, settings_overrides(settings_workbook))
    classified = classify(loaded.customers, settings, as_of=as_of, lang=lang)
    path = write_classification(classified, out, lang=lang, as_of=as_of)
    counts = classified["value_tier"].value_counts()
    tiers = " ".join(f"{t}={int(counts.get(t, 0))}" for t in "ABC")
    head = msg("jobs_classified", lang, n=len(classified), tiers=tiers, path=path)
    return JobOutcome(head + problems_note(loaded, lang))
