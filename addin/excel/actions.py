"""What the buttons do on a :class:`Book`: 查重, 客户分类, 生成跟进表, 发送给经理, 一键处理.

They call the same stage functions and jobs as the CLI (:mod:`addin.jobs`); only reading the
open workbook and writing sheets into it is theirs. 校验 and 清除标记 are in :mod:`addin.intake.marks`.

They work on the intake sheet of the open workbook (a rep's file, or a manager's sheet with
everyone's rows) and, for the follow-ups and e-mail, on the folder the workbook is in:
outputs go to ``intake-output/`` beside it. Settings come from ``intake.toml`` beside the
workbook (or ``$INTAKE_CONFIG``), overridden by the workbook's own 设置 sheet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from ..book import Book, CellMark
from ..classify import classify, load_classify_settings
from ..classify.book import classification_columns, localized
from ..classify.texts import msg as classify_msg
from ..config import Config
from ..duplicates import duplicates_sheet, find_duplicates, load_dedupe_settings, mark_rows
from ..duplicates.texts import msg as duplicates_msg
from ..errors import InputError
from ..intake import find_inputs, validate_frame
from ..intake.marks import read_book_intake
from ..jobs import RunResult, followups_from_customers, run_email, run_pipeline
from ..managers import read_settings_sheet
from ..schema import Lang
from .beside import book_config
from .texts import msg

__all__ = [
    "DUPLICATE_COLOR",
    "OUTPUT_DIR",
    "book_config",
    "classify_book",
    "dedupe_book",
    "email_book",
    "followups_book",
    "run_book",
]

#: Folder beside the workbook where the buttons write their files.
OUTPUT_DIR = "intake-output"
#: Fill of a duplicate row's name cell (Excel's "neutral" yellow; errors are red).
DUPLICATE_COLOR = "FFEB9C"


def _on_disk(book: Book) -> Path | None:
    path = Path(book.name)
    return path if path.is_file() else None


def _overrides(book: Book) -> dict[str, dict[str, object]]:
    path = _on_disk(book)
    return (
        read_settings_sheet(path).overrides
        if path and path.suffix.lower() in (".xlsx", ".xlsm")
        else {}
    )


def _customers(book: Book, lang: Lang) -> tuple[pd.DataFrame, str, dict[str, int]]:
    intake = read_book_intake(book, lang=lang)
    result = validate_frame(intake.frame, lang=lang)
    return result.customers, intake.sheet, intake.columns


def _out_dir(book: Book) -> Path:
    return Path(book.name).parent / OUTPUT_DIR


def dedupe_book(book: Book, *, lang: Lang = "zh", config: Config | None = None) -> int:
    """查重: write the Duplicates sheet and mark every duplicate record's name cell (yellow + note).

    Returns the number of duplicate groups.
    """
    config = config or book_config(book)
    customers, sheet, columns = _customers(book, lang)
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


def classify_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> pd.DataFrame:
    """客户分类: write the Classification sheet (each class with the rule that placed it)."""
    config = config or book_config(book)
    customers, _, _ = _customers(book, lang)
    settings = load_classify_settings(config, _overrides(book))
    classified = classify(customers, settings, as_of=as_of or dt.date.today(), lang=lang)
    cols = [c for c in classification_columns(lang) if c.key in classified.columns]
    table = localized(classified, lang)[[c.key for c in cols]]
    table.columns = [c.header for c in cols]
    book.write_frame(classify_msg("classify_sheet_classification", lang), table)
    counts = classified["value_tier"].value_counts()
    tiers = " ".join(f"{t}={int(counts.get(t, 0))}" for t in "ABC")
    book.message(msg("xl_classified", lang, n=len(classified), tiers=tiers))
    return classified


def followups_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> Path:
    """生成跟进表: follow-up workbooks per rep and manager into ``intake-output/followups``."""
    config = config or book_config(book)
    as_of = as_of or dt.date.today()
    customers, _, _ = _customers(book, lang)
    items, written = followups_from_customers(
        customers,
        _out_dir(book) / "followups",
        config=config,
        overrides=_overrides(book),
        settings_workbook=_on_disk(book),
        as_of=as_of,
        lang=lang,
    )
    book.message(msg("xl_followups_written", lang, n=items, out=written.out_dir))
    return written.out_dir


def email_book(book: Book, *, lang: Lang = "zh", config: Config | None = None) -> int:
    """发送给经理: send the follow-up workbooks in ``intake-output/followups``; returns exit code."""
    config = config or book_config(book)
    report = run_email(_out_dir(book) / "followups", config=config, send=True, lang=lang)
    book.message(report.render(lang))
    return report.exit_code


def run_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> RunResult:
    """一键处理: the whole pipeline over the reps' files in the workbook's folder.

    The saved files are read (save the open workbook first). The workbook itself is included
    when it holds customer rows. With ``[email]`` settings, e-mails go to the outbox as a dry
    run (``[pipeline] email = "send"`` sends, ``"none"`` skips); without them, no e-mail.
    """
    config = config or book_config(book)
    folder = Path(book.name).parent
    me = _on_disk(book)
    inputs = find_inputs([folder])
    if me is not None and me in inputs:
        try:
            read_book_intake(book, lang=lang)
        except InputError:  # a template with no rows of its own is not an input
            inputs.remove(me)
    # Without e-mail settings the run still does everything else; with them, the default is a
    # dry run into the outbox, and 发送给经理 sends after the manager has looked.
    default = "dry-run" if config.section("email").get("sender") else "none"
    email = str(config.section("pipeline").get("email", default))
    result = run_pipeline(
        inputs,
        _out_dir(book),
        config=config,
        lang=lang,
        as_of=as_of,
        email="send" if email == "send" else "none" if email == "none" else "dry-run",
        settings_workbook=me
        if me is not None and me.suffix.lower() in (".xlsx", ".xlsm")
        else None,
    )
    book.message(result.render(lang))
    return result
