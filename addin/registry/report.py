"""The check's report: one object per row (JSON) or an aligned table, without private data.

What a rep sees of a customer they do not own: its status, the owner's name, since when and
until when it is protected, and the *kind* of evidence. Never its mobile, e-mail, phone or
address, and not even the name it was registered under: the rep's own row is all that is shown.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any, cast

import pandas as pd

from ..schema import Lang
from .match import RowStatus, reason
from .texts import msg

__all__ = ["CHECK_KEYS", "check_records", "check_json", "check_table"]

#: The keys of each JSON object, in order.
CHECK_KEYS = (
    "file",
    "sheet",
    "row",
    "customer_name",
    "status",
    "owner",
    "since",
    "protected_until",
    "reason",
)

_STATUSES = ("new", "yours", "taken", "pool", "possible")


def _day(value: Any) -> str | None:
    return value.date().isoformat() if value is not None else None


def check_records(
    frame: pd.DataFrame, rows: Sequence[RowStatus], lang: Lang
) -> list[dict[str, Any]]:
    """One dict per record, keys :data:`CHECK_KEYS`."""
    out: list[dict[str, Any]] = []
    for r in rows:
        name = frame["customer_name"].iat[r.pos]
        out.append(
            {
                "file": str(frame["_file"].iat[r.pos]),
                "sheet": str(frame["_sheet"].iat[r.pos]),
                "row": int(cast(Any, frame["_row"].iat[r.pos])),
                "customer_name": None if pd.isna(cast(Any, name)) else str(name),
                "status": r.status,
                "owner": r.owner,
                "since": _day(r.since),
                "protected_until": _day(r.protected_until),
                "reason": reason(r, lang),
            }
        )
    return out


def check_json(records: Sequence[dict[str, Any]]) -> str:
    """The JSON list (UTF-8 text, Chinese kept readable)."""
    return json.dumps(list(records), ensure_ascii=False, indent=1)


def check_table(records: Sequence[dict[str, Any]], lang: Lang) -> str:
    """One line per row that needs attention (all but ``new``), then the counts."""
    lines = []
    for r in records:
        if r["status"] == "new":
            continue
        where = f"{r['file']} [{r['sheet']}] {msg('reg_row', lang, row=r['row'])}"
        lines.append(
            f"{where}  {r['customer_name'] or '-'}  {msg('reg_label_' + r['status'], lang)}  {r['reason']}"
        )
    counts = Counter(r["status"] for r in records)
    lines.append(
        msg("reg_check_summary", lang, n=len(records), **{s: counts.get(s, 0) for s in _STATUSES})
    )
    return "\n".join(lines)
