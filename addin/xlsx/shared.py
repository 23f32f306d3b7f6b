"""The workbook's shared-string table, added to by :mod:`addin.xlsx.fastrows` as it renders rows."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from xlsxwriter.utility import _preserve_whitespace

from ..cellsafe import fit_cell

__all__ = ["SST_PART", "SharedStrings", "shared_strings"]

#: Control characters no XML 1.0 text may hold (and the two non-characters): removed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub("", text)


class SharedStrings:
    """Texts added to the workbook's shared-string table (``xl/sharedStrings.xml``) as the rows
    are rendered: a column that repeats its texts (reasons, tiers, reps) writes each cell as
    ``<v>index</v>`` instead of the whole text inline, which halves the classification sheets'
    XML (issue 14: less to join and to compress, a smaller file, what Excel itself writes).

    ``base`` is how many entries xlsxwriter's table already holds (the headers): new texts are
    numbered after them, a text added twice (two columns, two sheets) once.
    """

    def __init__(self, base: int, count: int) -> None:
        self.base = base
        #: cells that refer to the table: xlsxwriter's, then ours
        self.count = count
        self._index: dict[str, int] = {}
        self._entries: list[bytes] = []

    def tails(self, texts: list[str]) -> list[str]:
        """The cell tail (``'" t="s"><v>N</v></c>'``) of each text, each added once (the empty
        text, a blank cell, is not added: its tail is empty)."""
        fresh = [t for t in dict.fromkeys(texts) if t and t not in self._index]
        escaped = [_escape(fit_cell(t)) for t in fresh]
        for text, body in zip(fresh, escaped, strict=True):
            self._index[text] = self.base + len(self._entries)
            space = ' xml:space="preserve"' if _preserve_whitespace(body) else ""
            self._entries.append(f"<si><t{space}>{body}</t></si>".encode())
        return ['" t="s"><v>' + str(self._index[t]) + "</v></c>" if t else "" for t in texts]

    def write(self, xml: str, out: IO[bytes]) -> None:
        """``xl/sharedStrings.xml`` anew: xlsxwriter's entries, then the ones added here."""
        unique = self.base + len(self._entries)
        head, tail = xml.rsplit("</sst>", 1)
        head = re.sub(
            r'<sst ([^>]*?)count="\d+" uniqueCount="\d+"',
            f'<sst \\1count="{self.count}" uniqueCount="{unique}"',
            head,
            count=1,
        )
        out.write(head.encode("utf-8"))
        for k in range(0, len(self._entries), 10_000):
            out.write(b"".join(self._entries[k : k + 10_000]))
        out.write(("</sst>" + tail).encode("utf-8"))


SST_PART = "xl/sharedStrings.xml"
_COUNTS = re.compile(r'count="(\d+)" uniqueCount="(\d+)"')


def shared_strings(path: Path, sheets: Sequence[int]) -> SharedStrings | None:
    """The table the rows of ``sheets`` (0-based) can add to: only when the package has one and
    it comes after every sheet to fill (it is rewritten once those are rendered); else None
    (the texts are written inline, as before)."""
    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist()]
        if SST_PART not in names:
            return None
        after = names.index(SST_PART)
        if any(names.index(f"xl/worksheets/sheet{i + 1}.xml") > after for i in sheets):
            return None
        xml = z.read(SST_PART)
    found = _COUNTS.search(xml[:4096].decode("utf-8", "replace"))
    if found is None or b"</sst>" not in xml[-64:]:  # none to count from, or no end tag
        return None
    return SharedStrings(int(found.group(2)), int(found.group(1)))
