"""Settings of an open workbook: ``intake.toml`` beside it, and the language it speaks."""

from __future__ import annotations

from pathlib import Path

from ..book import Book
from ..config import Config, load_config
from ..schema import Lang

__all__ = ["book_config", "book_lang"]


def book_config(book: Book) -> Config:
    """intake.toml beside the workbook, else ``$INTAKE_CONFIG``, else the defaults."""
    beside = Path(book.name).with_name("intake.toml")
    return load_config(beside if beside.exists() else None)


def book_lang(book: Book) -> Lang:
    """Language of a book: from intake.toml beside it, else from its sheet names."""
    cfg_file = Path(book.name).with_name("intake.toml")
    if cfg_file.exists():
        return load_config(cfg_file).lang
    return "en" if "Customers" in book.sheet_names() else "zh"
