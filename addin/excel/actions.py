"""What the buttons over the jobs do on a :class:`Book`: 生成跟进表, 发送给经理, 一键处理.

They call the same jobs as the CLI (:mod:`addin.jobs`); only reading the open workbook and
writing into it is theirs. 校验 and 清除标记 are in :mod:`addin.intake.marks`, 查重 in
:mod:`addin.excel.dedupe` and 客户分类 in :mod:`addin.excel.classify`: those two do not load
the jobs (SQLAlchemy, the mail, the follow-ups; ``benchmarks/startup_bench.py``).

They work on the intake sheet of the open workbook (a rep's file, or a manager's sheet with
everyone's rows) and, for the follow-ups and e-mail, on the folder the workbook is in:
outputs go to ``intake-output/`` beside it. Settings come from ``intake.toml`` beside the
workbook (or ``$INTAKE_CONFIG``), overridden by the workbook's own 设置 sheet.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..book import Book
from ..config import Config
from ..errors import InputError
from ..intake import find_inputs
from ..intake.marks import read_book_intake
from ..jobs import RunResult, followups_from_customers, run_email, run_pipeline
from ..schema import Lang
from .beside import book_config
from .sheet import book_customers, book_file, out_dir, settings_overrides
from .texts import msg

__all__ = ["email_book", "followups_book", "run_book"]


def followups_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> Path:
    """生成跟进表: follow-up workbooks per rep and manager into ``intake-output/followups``."""
    config = config or book_config(book)
    as_of = as_of or dt.date.today()
    customers, _, _ = book_customers(book, lang)
    rows, written = followups_from_customers(
        customers,
        out_dir(book) / "followups",
        config=config,
        overrides=settings_overrides(book),
        settings_workbook=book_file(book),
        as_of=as_of,
        lang=lang,
    )
    book.message(msg("xl_followups_written", lang, n=len(rows), out=written.out_dir))
    return written.out_dir


def email_book(book: Book, *, lang: Lang = "zh", config: Config | None = None) -> int:
    """发送给经理: send the follow-up workbooks in ``intake-output/followups``; returns exit code."""
    config = config or book_config(book)
    report = run_email(out_dir(book) / "followups", config=config, send=True, lang=lang)
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
    me = book_file(book)
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
        out_dir(book),
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
