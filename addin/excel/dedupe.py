"""查重 on a :class:`~addin.book.Book`: the Duplicates sheet and a mark on each duplicate's name.

It uses the intake and duplicates stages only, not :mod:`addin.jobs` (SQLAlchemy, the mail,
the follow-ups: measured with ``python -X importtime``, see ``benchmarks/startup_bench.py``).
"""

from __future__ import annotations

from ..book import Book, CellMark
from ..config import Config
from ..duplicates import duplicates_sheet, find_duplicates, load_dedupe_settings, mark_rows
from ..duplicates.texts import msg as duplicates_msg
from ..schema import Lang
from .beside import book_config
from .sheet import book_customers
from .texts import msg

__all__ = ["DUPLICATE_COLOR", "dedupe_book"]

#: Fill of a duplicate row's name cell (Excel's "neutral" yellow; errors are red).
DUPLICATE_COLOR = "FFEB9C"


def dedupe_book(book: Book, *, lang: Lang = "zh", config: Config | None = None) -> int:
    """查重: write the Duplicates sheet and mark every duplicate record's name cell (yellow + note).

    Returns the number of duplicate groups.
    """
    config = config or book_config(book)
    customers, sheet, columns = book_customers(book, lang)
    result = find_duplicates(customers, load_dedupe_settings(config), lang=lang)
    sheet_name = duplicates_msg("dd_sheet_groups", lang)
    book.write_frame(sheet_name, duplicates_sheet(result, customers, lang))
    column = columns.get("customer_name", 1)
    book.mark(
        [CellMark(sheet, m.row, column, m.note, DUPLICATE_COLOR) for m in mark_rows(result, lang)]
    )
    groups = int(result.groups["group_id"].nunique()) if len(result.groups) else 0
    book.message(msg("xl_duplicates_found", lang, groups=groups, sheet=sheet_name))
    return groups
