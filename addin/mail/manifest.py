"""Reading the follow-up step's ``manifest.json``: the contract between follow-ups and e-mail.

Only what the e-mail needs is read; unknown keys are ignored so the follow-up step can add
more. Paths in the manifest are relative to its folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..schema import Lang
from .texts import msg

__all__ = ["MANIFEST", "Manifest", "ManagerEntry", "Overdue", "read_manifest"]

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Overdue:
    """One of a manager's most overdue follow-ups."""

    rep: str
    customer: str
    company: str
    reason: str
    due: str
    days_overdue: int


@dataclass(frozen=True)
class ManagerEntry:
    """What one manager receives: their workbook and the figures for the summary."""

    manager: str
    email: str
    file: Path
    reps: tuple[str, ...] = ()
    total: int = 0
    customers: int = 0  # 0: a manifest written before it was counted
    counts: Mapping[str, int] = field(default_factory=dict)
    reason_labels: Mapping[str, str] = field(default_factory=dict)
    top_overdue: tuple[Overdue, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """The follow-up folder's manifest."""

    folder: Path
    as_of: str
    lang: Lang
    managers: tuple[ManagerEntry, ...]
    unassigned_reps: tuple[str, ...] = ()


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _manager(folder: Path, raw: Mapping[str, Any]) -> ManagerEntry:
    overdue = tuple(
        Overdue(
            rep=_text(o.get("rep")),
            customer=_text(o.get("customer")),
            company=_text(o.get("company")),
            reason=_text(o.get("reason")),
            due=_text(o.get("due")),
            days_overdue=_int(o.get("days_overdue")),
        )
        for o in raw.get("top_overdue") or ()
        if isinstance(o, Mapping)
    )
    return ManagerEntry(
        manager=_text(raw["manager"]),
        email=_text(raw.get("email")),
        file=folder / _text(raw.get("file")),
        reps=tuple(_text(r) for r in raw.get("reps") or ()),
        total=_int(raw.get("total")),
        customers=_int(raw.get("customers")),
        counts={str(k): _int(v) for k, v in (raw.get("counts") or {}).items()},
        reason_labels={str(k): _text(v) for k, v in (raw.get("reason_labels") or {}).items()},
        top_overdue=overdue,
    )


def read_manifest(folder: str | Path, *, lang: Lang = "zh") -> Manifest:
    """Read ``folder/manifest.json``.

    Args:
        folder: the follow-up output folder.
        lang: language of error messages.

    Raises:
        InputError: no manifest, or one that is not the expected JSON.

    Example:
        >>> read_manifest("out/2026-11-23").managers[0].email  # doctest: +SKIP
        'li@example.com'
    """
    base = Path(folder)
    path = base / MANIFEST
    if not path.is_file():
        raise InputError(msg("mail_no_manifest", lang), file=base)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, Mapping):
            raise TypeError("not a JSON object")
        as_of = _text(data["as_of"])
        managers = tuple(_manager(base, m) for m in data.get("managers") or ())
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InputError(msg("mail_bad_manifest", lang, detail=detail), file=path) from None
    if not as_of:
        raise InputError(msg("mail_bad_manifest", lang, detail="missing as_of"), file=path)
    return Manifest(
        folder=base,
        as_of=as_of,
        lang="en" if data.get("lang") == "en" else "zh",
        managers=managers,
        unassigned_reps=tuple(_text(r) for r in data.get("unassigned_reps") or ()),
    )
