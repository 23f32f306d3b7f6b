"""The follow-up step builds and writes a few reps at a time: the same files as the whole list."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from addin.classify import classify
from addin.duplicates import find_duplicates, load_dedupe_settings
from addin.followups import FollowupSettings, build_followups, write_followups
from addin.followups.build import _readable_phones
from addin.followups.step import followup_parts
from addin.followups.writer import FollowupWriter
from addin.intake import format_phone
from addin.managers import Manager, ManagerMap
from addin.records import make_customers
from addin.sample.generate import generate_reps

AS_OF = dt.date(2026, 11, 23)
_WHEN = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _customers() -> pd.DataFrame:
    """Six reps' generated rows, plus reps whose names only a normalisation tells apart."""
    rows = generate_reps(n_reps=6, rows_per_rep=80, seed=3).rows
    rows = rows.assign(rep=rows["rep"].astype(object))
    odd = ["Zhang", "zhang", None, unicodedata.normalize("NFD", "José"), "José ", "a/b"]
    for k, rep in enumerate(odd):  # ten customers each, taken from the generated ones
        rows.loc[rows.index[k * 10 : k * 10 + 10], "rep"] = rep
    return make_customers(rows.to_dict("records"))


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["docProps/core.xml"] = _WHEN.sub(b"", parts["docProps/core.xml"])
    return parts


def _same_folders(a: Path, b: Path) -> None:
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        if rel.suffix == ".xlsx":
            assert _parts(a / rel) == _parts(b / rel), rel
        else:
            assert json.loads((a / rel).read_text("utf-8")) == json.loads(
                (b / rel).read_text("utf-8")
            )


def test_rep_by_rep_the_workbooks_are_those_of_the_whole_list(tmp_path: Path) -> None:
    customers = _customers()
    classified = classify(customers, as_of=AS_OF)
    groups = find_duplicates(customers, load_dedupe_settings(None)).groups
    assert len(groups)  # the duplicate reasons are part of the comparison
    reps = sorted({str(r) for r in customers["rep"].dropna()})
    managers = ManagerMap({r: Manager(f"经理{i % 3}", f"m{i % 3}@example.com")
                           for i, r in enumerate(reps) if i % 4})  # fmt: skip
    settings = FollowupSettings()
    whole = build_followups(classified, settings, as_of=AS_OF, duplicates=groups)
    kw = {"lang": "zh", "as_of": AS_OF, "top_overdue": 3, "manager_top_per_rep": 7}
    write_followups(whole, tmp_path / "whole", managers, **kw)  # type: ignore[arg-type]
    writer = FollowupWriter(tmp_path / "parts", managers, **kw)  # type: ignore[arg-type]
    parts = list(
        followup_parts(
            classified, settings, as_of=AS_OF, duplicates=groups, lang="zh", customers=60
        )
    )
    assert len(parts) > 4
    for rows in parts:
        writer.add(rows)
    writer.finish()
    assert writer.items == len(whole)
    _same_folders(tmp_path / "whole", tmp_path / "parts")
    manifest = json.loads((tmp_path / "parts" / "manifest.json").read_text("utf-8"))
    names = {r["rep"]: r["file"] for r in manifest["reps"]}
    assert [r for r in names if unicodedata.normalize("NFC", r).strip() == "José"] == ["José"]
    # names equal but for case: decided together although built in parts
    assert names["zhang"] == "reps/zhang.xlsx" and names["Zhang"].startswith("reps/Zhang-")
    assert "（未填业务员）" in names


def test_readable_phones_as_format_phone_gives_them() -> None:
    phones = pd.Series(
        ["+8613812345678", None, "+8613812345678", "+861381234567x", "+861012345678",
         "+8602161234567", "+12025550123", "+8613812345678;ext=12", "abc", float("nan")],
        dtype=object,
    )  # fmt: skip
    expected = [None if p is None or p != p else format_phone(p) for p in phones]
    got = [None if v != v else v for v in _readable_phones(phones)]
    assert got == expected
    assert got[0] == "138 1234 5678" and got[3] == "138 1234 567x"  # not a mobile: one by one
