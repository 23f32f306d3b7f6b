"""Check that two output folders hold the same workbooks: every part of every .xlsx equal.

    python benchmarks/same_outputs.py OLD_DIR NEW_DIR

For a speed change that must not change results: run the old code (a worktree of main) and the
new one on the same data into two folders, then compare. Each workbook's parts (sheets, styles,
tables, charts...) are compared as decompressed XML, byte for byte (but the time stamps of
docProps/core.xml), so equal means the same cells, types and styles; ``.json`` files are compared as data, other files byte for byte.
Exit code 0 when all are equal, 1 otherwise (the differing files are listed).
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

#: When the workbook was written (docProps/core.xml): differs from run to run.
_WHEN = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    if "docProps/core.xml" in parts:
        parts["docProps/core.xml"] = _WHEN.sub(b"", parts["docProps/core.xml"])
    return parts


def same(old: Path, new: Path) -> list[str]:
    """The relative paths that differ (or are in one folder only)."""
    files_old = {p.relative_to(old) for p in old.rglob("*") if p.is_file()}
    files_new = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    bad = [f"only in one: {p}" for p in sorted(files_old ^ files_new)]
    for rel in sorted(files_old & files_new):
        a, b = old / rel, new / rel
        if rel.suffix == ".xlsx":
            pa, pb = _parts(a), _parts(b)
            diff = sorted(k for k in pa.keys() | pb.keys() if pa.get(k) != pb.get(k))
            if diff:
                bad.append(f"{rel}: {', '.join(diff)}")
        elif rel.suffix == ".json":
            if json.loads(a.read_text("utf-8")) != json.loads(b.read_text("utf-8")):
                bad.append(str(rel))
        elif a.read_bytes() != b.read_bytes():
            bad.append(str(rel))
    return bad


def main() -> int:
    old, new = Path(sys.argv[1]), Path(sys.argv[2])
    bad = same(old, new)
    n = sum(1 for p in old.rglob("*") if p.is_file())
    for line in bad:
        print(line)
    print(f"{n} files in {old}: {'all equal' if not bad else f'{len(bad)} differ'}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
