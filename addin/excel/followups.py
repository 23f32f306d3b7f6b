"""生成跟进表 on a :class:`~addin.book.Book`: follow-up workbooks per rep and manager beside it.

It imports the follow-ups job only (:mod:`addin.jobs.followups`), not the whole pipeline
(SQLAlchemy, the mail: ``python -X importtime``, see ``benchmarks/startup_bench.py``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..book import Book
from ..config import Config
from ..jobs.followups import followups_from_customers
from ..schema import Lang
from .beside import book_config
from .sheet import book_customers, book_file, out_dir, settings_overrides
from .texts import msg

__all__ = ["followups_book"]


def followups_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> Path:
    """生成跟进表: follow-up workbooks per rep and manager into ``intake-output/followups``."""
    config = config or book_config(book)
    as_of = as_of or dt.date.today()
    customers, _, _ = book_customers(book, lang)
    items, written = followups_from_customers(
        customers,
        out_dir(book) / "followups",
        config=config,
        overrides=settings_overrides(book),
        settings_workbook=book_file(book),
        as_of=as_of,
        lang=lang,
    )
    book.message(msg("xl_followups_written", lang, n=items, out=written.out_dir))
    return written.out_dir
