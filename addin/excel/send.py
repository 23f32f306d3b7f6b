"""发送给经理 on a :class:`~addin.book.Book`: e-mail the follow-up workbooks written beside it.

It imports the e-mail job only (:mod:`addin.jobs.email`): no intake, duplicates or registry
(``python -X importtime``, see ``benchmarks/startup_bench.py``).
"""

from __future__ import annotations

from ..book import Book
from ..config import Config
from ..jobs.email import run_email
from ..schema import Lang
from .beside import book_config
from .sheet import out_dir

__all__ = ["email_book"]


def email_book(book: Book, *, lang: Lang = "zh", config: Config | None = None) -> int:
    """发送给经理: send the follow-up workbooks in ``intake-output/followups``; returns exit code."""
    config = config or book_config(book)
    report = run_email(out_dir(book) / "followups", config=config, send=True, lang=lang)
    book.message(report.render(lang))
    return report.exit_code
