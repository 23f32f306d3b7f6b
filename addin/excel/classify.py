"""客户分类 on a :class:`~addin.book.Book`: the Classification sheet, each class with its rule.

It uses the intake and classification stages only, not :mod:`addin.jobs` (measured with
``python -X importtime``, see ``benchmarks/startup_bench.py``).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..book import Book
from ..classify import classify, load_classify_settings
from ..classify.book import classification_columns, localized
from ..classify.texts import msg as classify_msg
from ..config import Config
from ..schema import Lang
from .beside import book_config
from .sheet import book_customers, settings_overrides
from .texts import msg

__all__ = ["classify_book"]


def classify_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> pd.DataFrame:
    """客户分类: write the Classification sheet (each class with the rule that placed it)."""
    config = config or book_config(book)
    customers, _, _ = book_customers(book, lang)
    settings = load_classify_settings(config, settings_overrides(book))
    classified = classify(customers, settings, as_of=as_of or dt.date.today(), lang=lang)
    cols = [c for c in classification_columns(lang) if c.key in classified.columns]
    table = localized(classified, lang)[[c.key for c in cols]]
    table.columns = [c.header for c in cols]
    book.write_frame(classify_msg("classify_sheet_classification", lang), table)
    counts = classified["value_tier"].value_counts()
    tiers = " ".join(f"{t}={int(counts.get(t, 0))}" for t in "ABC")
    book.message(msg("xl_classified", lang, n=len(classified), tiers=tiers))
    return classified
