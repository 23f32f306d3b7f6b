"""Settings of an open workbook: ``intake.toml`` beside it, and the language it speaks."""

from __future__ import annotations

import os
from pathlib import Path

from ..book import Book
from ..config import Config, load_config
from ..errors import IntakeError
from ..schema import Lang

__all__ = ["book_config", "book_lang", "registry_named"]

#: The registry's environment variable (``addin.registry.settings.ENV_URL``; not imported
#: from there, which would load SQLAlchemy for every 校验).
_ENV_URL = "INTAKE_REGISTRY"


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


def registry_named(book: Book) -> bool:
    """True when a registry is named for this workbook: ``$INTAKE_REGISTRY`` or ``[registry]
    url`` in the intake.toml beside it (a settings file that cannot be read counts: the
    registry step then says what is wrong with it)."""
    if os.environ.get(_ENV_URL):
        return True
    try:
        return bool(book_config(book).section("registry").get("url"))
    except IntakeError:
        return True
