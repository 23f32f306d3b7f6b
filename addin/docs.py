"""Generated documentation: the field table in README.md comes from :data:`addin.schema.FIELDS`.

python -m addin.docs           # rewrite the generated parts of README.md
python -m addin.docs --check   # exit 1 if README.md is out of date (the tests do this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .schema import FIELDS, GROUPS

__all__ = ["fields_markdown", "update_readme"]

_TYPES = {
    "text": "text",
    "date": "date",
    "int": "whole number ≥ 0",
    "amount": "amount ≥ 0",
    "picklist": "drop-down",
    "mobile": "mobile phone",
    "phone": "phone",
    "email": "e-mail",
    "credit_code": "credit code (checksum)",
    "id_number": "resident ID (checksum)",
}
START, END = "<!-- fields:start -->", "<!-- fields:end -->"


def fields_markdown() -> str:
    """The field table as Markdown: key, labels, group, type, required, choices."""
    lines = [
        "| key | 中文 | English | group | type | required | choices (中文) |",
        "|---|---|---|---|---|---|---|",
    ]
    for f in FIELDS:
        choices = " / ".join(c.zh for c in f.choices)
        lines.append(
            f"| `{f.key}` | {f.zh} | {f.en} | {GROUPS[f.group][1]} | {_TYPES[f.type]} | "
            f"{'yes' if f.required else ''} | {choices} |"
        )
    return "\n".join(lines)


def update_readme(path: Path, *, check: bool = False) -> bool:
    """Rewrite the generated block of ``path``; with ``check`` only report whether it is current."""
    text = path.read_text(encoding="utf-8")
    block = f"{START}\n{fields_markdown()}\n{END}"
    new = re.sub(re.escape(START) + r".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    if new == text:
        return True
    if not check:
        path.write_text(new, encoding="utf-8")
    return False


if __name__ == "__main__":
    readme = Path(__file__).resolve().parent.parent / "README.md"
    ok = update_readme(readme, check="--check" in sys.argv)
    sys.exit(0 if ok or "--check" not in sys.argv else 1)
