"""The Excel front end: one function per ribbon button (the VBA calls ``addin.excel.<name>_button()``)."""

from .buttons import (
    XlwingsBook,
    book_lang,
    classify_button,
    clear_marks_button,
    dedupe_button,
    email_button,
    followups_button,
    register_button,
    run_button,
    validate_button,
)

__all__ = [
    "XlwingsBook",
    "book_lang",
    "classify_button",
    "clear_marks_button",
    "dedupe_button",
    "email_button",
    "followups_button",
    "register_button",
    "run_button",
    "validate_button",
]
