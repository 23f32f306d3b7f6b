"""The audit job (``intake audit``): show the log, or write it as a workbook."""

from __future__ import annotations

from pathlib import Path

from ..audit import audit_path, read_audit, write_audit_sheet
from ..config import Config
from ..schema import Lang

__all__ = ["run_audit"]


def run_audit(
    config: Config, *, log: Path | None = None, out: Path | None = None, last: int = 20, lang: Lang
) -> str:
    """The last ``last`` entries as a table (or the log's path when it is empty); with ``out``,
    the whole log written as a workbook there (its path is returned)."""
    path = log or audit_path(config)
    if out is not None:
        return str(write_audit_sheet(out, log=path, lang=lang))
    table = read_audit(path).tail(last)
    if not len(table):
        return str(path)
    return table[["time", "user", "action", "status", "counts"]].to_string(index=False)
