"""The workbook's shared-string table, added to by :mod:`addin.xlsx.fastrows` as it renders rows."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO

import pandas as pd

from ..cellsafe import EXCEL_CELL_MAX, fit_cell

__all__ = ["SST_PART", "SharedStrings", "escaped_between", "shared_strings"]

#: Control characters no XML 1.0 text may hold (and the two non-characters): removed.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _escape(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _CONTROL.sub("", text)


#: Between two texts escaped together: removed from any text by _escape, so never inside one.
_SEP = "\x01"
#: The control characters of _CONTROL but the separator.
_CONTROL_BUT_SEP = re.compile(r"[\x00\x02-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def escaped_between(texts: list[object], head: str, end: str) -> list[str]:
    """``head + _escape(fit_cell(str(t))) + end`` of each text.

    Escaped as one string joined by :data:`_SEP` (a few ``str.replace`` over all the texts
    instead of several calls per text); texts that hold the separator, are no ``str`` or may be
    over Excel's limit take the one-by-one way.
    """
    if not texts:
        return []
    if pd.api.types.infer_dtype(texts, skipna=False) != "string":
        return [head + _escape(fit_cell(str(t))) + end for t in texts]
    joined = _SEP.join(texts)  # type: ignore[arg-type]
    if joined.count(_SEP) != len(texts) - 1 or max(map(len, texts)) > EXCEL_CELL_MAX // 2:  # type: ignore[arg-type]
        return [head + _escape(fit_cell(str(t))) + end for t in texts]
    joined = joined.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    joined = _CONTROL_BUT_SEP.sub("", joined)
    whole = head + (end + _SEP + head).join(joined.split(_SEP)) + end
    return whole.split(_SEP)


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
        #: each text added here and its number in the table
        self._index: dict[str, int] = {}
        #: the ``<si>`` entries added, UTF-8, one piece per call of :meth:`tails`
        self._entries: list[bytes] = []

    def tails(self, texts: list[str]) -> list[str]:
        """The cell tail (``'" t="s"><v>N</v></c>'``) of each text, each added once (the empty
        text, a blank cell, is not added: its tail is empty)."""
        fresh = [t for t in dict.fromkeys(texts) if t and t not in self._index]
        entries = escaped_between(fresh, _SI, _SI_END)  # type: ignore[arg-type]
        for k, entry in enumerate(entries):  # xml:space only where the text's edges need it
            if len(entry) > _SI_LEN and (
                entry[len(_SI)].isspace() or entry[-len(_SI_END) - 1].isspace()
            ):
                entries[k] = _SI_KEPT + entry[len(_SI) :]
        first = self.base + len(self._index)
        self._index.update(zip(fresh, range(first, first + len(fresh)), strict=True))
        self._entries.append("".join(entries).encode("utf-8"))
        return ['" t="s"><v>' + str(self._index[t]) + "</v></c>" if t else "" for t in texts]

    def write(self, xml: str, out: IO[bytes]) -> None:
        """``xl/sharedStrings.xml`` anew: xlsxwriter's entries, then the ones added here."""
        unique = self.base + len(self._index)
        head, tail = xml.rsplit("</sst>", 1)
        # the <sst> element's counts, found there by shared_strings() before any row was made
        head = _COUNTS.sub(f'count="{self.count}" uniqueCount="{unique}"', head, count=1)
        out.write(head.encode("utf-8"))
        for piece in self._entries:
            out.write(piece)
        out.write(("</sst>" + tail).encode("utf-8"))


_SI, _SI_END, _SI_KEPT = "<si><t>", "</t></si>", '<si><t xml:space="preserve">'
_SI_LEN = len(_SI) + len(_SI_END)

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
