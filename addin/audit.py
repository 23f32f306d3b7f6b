"""Append-only audit log: one JSON line per run and per button click.

Each line records who (OS user), when, which action, the input files with their SHA-256,
counts, and the output files. It never holds customer data: no names, phones or e-mails, only
file paths, hashes and numbers. The log is appended with a single ``O_APPEND`` write per entry
and fsync'd, so concurrent runs never interleave lines and a crash loses at most the line
being written.

Location: ``$INTAKE_AUDIT_LOG`` if set, else ``[audit] path`` in intake.toml, else
``~/.customer-intake/audit.jsonl``. ``intake audit --out audit.xlsx`` turns it into a sheet.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import os
import socket
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .config import Config
from .errors import OutputError
from .files import atomic_write, sha256_file
from .messages import Catalogue
from .schema import Lang

__all__ = ["TEXTS", "AuditEntry", "audit_path", "read_audit", "record", "write_audit_sheet"]


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log."""

    time: str
    user: str
    host: str
    action: str
    status: str
    inputs: list[dict[str, str]] = field(default_factory=list)
    outputs: list[dict[str, str]] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    message: str = ""


def audit_path(config: Config | None = None) -> Path:
    """Where the audit log lives (see module doc)."""
    env = os.environ.get("INTAKE_AUDIT_LOG")
    if env:
        return Path(env)
    if config is not None:
        configured = config.section("audit").get("path")
        if configured:
            return Path(str(configured)).expanduser()
    return Path.home() / ".customer-intake" / "audit.jsonl"


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (e.g. some containers)
        return "unknown"


def _files(paths: Iterable[str | Path]) -> list[dict[str, str]]:
    out = []
    for p in paths:
        path = Path(p)
        if path.is_file():
            out.append({"path": str(path), "sha256": sha256_file(path)})
        elif path.is_dir():
            for f in sorted(
                x for x in path.rglob("*") if x.is_file() and not x.name.startswith((".", "~$"))
            ):
                out.append({"path": str(f), "sha256": sha256_file(f)})
        else:
            out.append({"path": str(path), "sha256": ""})
    return out


def record(
    action: str,
    *,
    inputs: Iterable[str | Path] = (),
    outputs: Iterable[str | Path] = (),
    counts: Mapping[str, int] | None = None,
    status: str = "ok",
    message: str = "",
    log: Path | None = None,
    config: Config | None = None,
    now: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry to the audit log and return it.

    Args:
        action: what ran, e.g. ``"validate"``, ``"run"``, ``"button:dedupe"``.
        inputs: files or folders read (folders are listed file by file).
        outputs: files or folders written.
        counts: numbers worth keeping (rows, errors, duplicates, e-mails sent).
        status: ``"ok"`` or ``"failed"``.
        message: a short note (never customer data).
        log: the log file (default: :func:`audit_path` of ``config``).
        config: the configuration whose ``[audit] path`` applies; every writer passes
            the one it runs with, so that the log written is the one ``intake audit`` reads.
        now: the time to record (default: now, local time with offset).

    Example:
        >>> record("validate", inputs=["reps/"], counts={"rows": 120, "errors": 3})  # doctest: +SKIP
    """
    entry = AuditEntry(
        time=(now or dt.datetime.now().astimezone()).isoformat(timespec="seconds"),
        user=_user(),
        host=socket.gethostname(),
        action=action,
        status=status,
        inputs=_files(inputs),
        outputs=_files(outputs),
        counts={k: int(v) for k, v in (counts or {}).items()},
        message=message,
    )
    path = log or audit_path(config)
    line = (json.dumps(asdict(entry), ensure_ascii=False) + "\n").encode("utf-8")
    try:
        _append(path, line)
    except OSError as exc:  # disk full, no permission: a message, not a traceback
        text = f"the audit log cannot be written: {exc.strerror or exc}"
        raise OutputError(text, file=path) from None
    return entry


def _append(path: Path, line: bytes) -> None:
    """Append one line with a single O_APPEND write, fsync'd."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.stat().st_size:
        with open(path, "rb") as fh:  # a line torn by a crash must not swallow this one
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                line = b"\n" + line
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        written = os.write(fd, line)
        if written != len(line):  # a short write: the file size limit or the disk's end
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_audit(log: Path | None = None) -> pd.DataFrame:
    """The audit log as a table, one row per entry (a damaged last line is skipped)."""
    path = log or audit_path()
    rows: list[dict[str, Any]] = []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                e = json.loads(line)
            except json.JSONDecodeError:
                continue
            rows.append(
                {
                    "time": e.get("time"),
                    "user": e.get("user"),
                    "host": e.get("host"),
                    "action": e.get("action"),
                    "status": e.get("status"),
                    "inputs": "\n".join(
                        f"{i['path']}  {i['sha256'][:12]}" for i in e.get("inputs", [])
                    ),
                    "outputs": "\n".join(o["path"] for o in e.get("outputs", [])),
                    "counts": ", ".join(f"{k}={v}" for k, v in e.get("counts", {}).items()),
                    "message": e.get("message", ""),
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "time",
            "user",
            "host",
            "action",
            "status",
            "inputs",
            "outputs",
            "counts",
            "message",
        ],
    )


#: The audit sheet's texts (the catalogue ``audit``); its English headers are the log's keys.
TEXTS = Catalogue(
    "audit",
    {
        "audit_sheet": ("审计日志", "Audit log"),
        "audit_col_time": ("时间", "time"),
        "audit_col_user": ("用户", "user"),
        "audit_col_host": ("计算机", "host"),
        "audit_col_action": ("操作", "action"),
        "audit_col_status": ("状态", "status"),
        "audit_col_inputs": ("输入文件 (SHA-256)", "inputs"),
        "audit_col_outputs": ("输出文件", "outputs"),
        "audit_col_counts": ("数量", "counts"),
        "audit_col_message": ("说明", "message"),
    },
)


def write_audit_sheet(out: Path, *, log: Path | None = None, lang: Lang = "zh") -> Path:
    """Write the audit log as a workbook (one sheet, newest first)."""
    table = read_audit(log).iloc[::-1]
    table = table.rename(columns={c: TEXTS.msg(f"audit_col_{c}", lang) for c in table.columns})
    sheet = TEXTS.msg("audit_sheet", lang)

    def write(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="xlsxwriter") as xw:
            table.to_excel(xw, sheet_name=sheet, index=False)
            ws = xw.sheets[sheet]
            ws.set_column(0, 4, 18)
            ws.set_column(5, 6, 60)
            ws.set_column(7, 8, 30)
            ws.freeze_panes(1, 0)

    return atomic_write(out, write)
