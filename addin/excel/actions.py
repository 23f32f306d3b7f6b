"""一键处理 on a :class:`Book`: the whole pipeline (:mod:`addin.jobs.run`) over its folder.

It calls the same job as ``intake run``; only reading the open workbook is its own. Each other
button has its own module, so that it imports only what it uses (``python -X importtime``;
``benchmarks/startup_bench.py``): 校验 and 清除标记 :mod:`addin.intake.marks`, 查重
:mod:`addin.excel.dedupe`, 客户分类 :mod:`addin.excel.classify`, 生成跟进表
:mod:`addin.excel.followups`, 发送给经理 :mod:`addin.excel.send`, 登记客户
:mod:`addin.excel.registry`.

Outputs go to ``intake-output/`` beside the workbook. Settings come from ``intake.toml`` beside the
workbook (or ``$INTAKE_CONFIG``), overridden by the workbook's own 设置 sheet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from ..book import Book
from ..config import Config
from ..errors import InputError
from ..intake import find_inputs
from ..intake.marks import read_book_intake
from ..jobs.run import RunResult, run_pipeline
from ..schema import Lang
from .beside import book_config
from .sheet import book_file, out_dir

__all__ = ["run_book"]


def run_book(
    book: Book, *, lang: Lang = "zh", config: Config | None = None, as_of: dt.date | None = None
) -> RunResult:
    """一键处理: the whole pipeline over the reps' files in the workbook's folder.

    The saved files are read (save the open workbook first). The workbook itself is included
    when it holds customer rows. With ``[email]`` settings, e-mails go to the outbox as a dry
    run (``[pipeline] email = "send"`` sends, ``"none"`` skips); without them, no e-mail.
    """
    config = config or book_config(book)
    # the buttons keep to the Python process Excel started: no worker processes (addin.workers)
    pipeline = {**config.section("pipeline"), "workers": 1}
    config = dataclasses.replace(config, sections={**config.sections, "pipeline": pipeline})
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
