"""Bulk loading: column-wise inserts bind as SQLAlchemy does; a big SQLite load rebuilds its
indexes and leaves exactly what the row-by-row path leaves; a failed rebuild rolls back."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa
import sqlalchemy.exc

from addin.intake.normalize import normalize_frame
from addin.jobs.registry import open_configured, run_registry_init
from addin.records import to_customer_frame
from addin.registry import FixedClock, bulk, prepare, register_frame
from addin.registry.bulk import big_load, insert_columns
from addin.registry.tables import customers, events, match_keys
from addin.sample.generate import generate_reps
from tests.registry.conftest import NOW


def _frame(seed: int, n: int) -> pd.DataFrame:
    raw = generate_reps(6, n // 6, seed=seed, dup_rate=0.2).rows.drop(columns=["_entity"])
    frame = to_customer_frame(normalize_frame(raw))
    for col in ("mobile", "phone"):
        frame[col] = frame[col].where(frame[col].astype(str).str.startswith("+"), None)
    frame["_file"], frame["_sheet"] = "bulk.xlsx", "客户信息"
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def _import_all(url: str, frames: list[pd.DataFrame]) -> list[object]:
    run_registry_init(url=url)
    registry = open_configured(None, url, "en", clock=FixedClock(NOW))
    out: list[object] = []
    for frame in frames:
        with registry.write() as conn:
            result = register_frame(
                conn, prepare(frame), registry.clock.now(conn), registry.settings, "en", actor="t"
            )
        out.append((result.counts, result.actions, [dataclasses.asdict(r) for r in result.rows]))
    registry.close()
    return out


def _dump(url: str) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(url)
    try:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        out = {t: db.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
        out["schema"] = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
        out["check"] = db.execute("PRAGMA integrity_check").fetchall()
        return out
    finally:
        db.close()


def test_a_big_load_leaves_what_the_plain_path_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a first import into an empty registry, then two into the filled one (collisions,
    # follow-ups, records of the same batch): once with the indexes rebuilt, once without
    frames = [_frame(3, 1200), _frame(4, 600), _frame(3, 900)]
    plain = _import_all(str(tmp_path / "plain.sqlite"), frames)
    monkeypatch.setattr(bulk, "BIG_LOAD_ROWS", 1)
    rebuilt = _import_all(str(tmp_path / "rebuilt.sqlite"), frames)
    assert rebuilt == plain
    a, b = _dump(str(tmp_path / "plain.sqlite")), _dump(str(tmp_path / "rebuilt.sqlite"))
    assert a == b
    assert a["check"] == [("ok",)]
    assert len(a["customers"]) > 500 and any(r[3] == "collision" for r in a["events"])
    assert any(name == "uq_match_identity" for _t, name, _tb, _s in a["schema"])


def test_a_rebuilt_unique_index_that_fails_rolls_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = str(tmp_path / "r.sqlite")
    run_registry_init(url=url)
    registry = open_configured(None, url, "en")
    monkeypatch.setattr(bulk, "BIG_LOAD_ROWS", 1)
    with pytest.raises(sa.exc.IntegrityError), registry.write() as conn:
        with big_load(conn, match_keys, 2, customers) as rebuilt:
            assert rebuilt
            insert_columns(conn, customers, _customer_rows([1, 2]))
            insert_columns(
                conn,
                match_keys,
                {
                    "customer_id": [1, 2],
                    "kind": ["credit_code"] * 2,
                    "value": ["91320000MA1XXXXX0A"] * 2,  # one identity key, two customers
                    "is_identity": [True, True],
                },
            )
    registry.close()
    after = _dump(url)
    assert after["customers"] == [] and after["match_keys"] == []
    assert any(name == "uq_match_identity" for _t, name, _tb, _s in after["schema"])


def _customer_rows(ids: list[int]) -> dict[str, list[object]]:
    n = len(ids)
    return {
        "id": ids,
        "kind": ["account"] * n,
        "display_name": [f"公司{i}" for i in ids],
        "owner": ["张三"] * n,
        "status": ["owned"] * n,
        "registered_at": [NOW] * n,
        "registered_by": ["张三"] * n,
        "owned_since": [NOW] * n,
        "protected_until": [NOW] * n,
        "last_follow_up_at": [None] * n,
        "last_contact": ["2026-11-01", None][:n],
        "has_deal": [True, False][:n],
        "version": [1] * n,
    }


def test_columns_bind_as_sqlalchemy_binds(tmp_path: Path) -> None:
    url = str(tmp_path / "r.sqlite")
    run_registry_init(url=url)
    registry = open_configured(None, url, "en")
    rows = _customer_rows([1, 2])
    with registry.write() as conn:
        insert_columns(conn, customers, rows)
        as_dicts = [
            dict(zip(rows, values, strict=True)) for values in zip(*rows.values(), strict=True)
        ]
        conn.execute(customers.insert(), [{**r, "id": r["id"] + 10} for r in as_dicts])
        insert_columns(
            conn,
            events,
            {
                "at": [NOW, NOW],
                "customer_id": [1, None],
                "kind": ["registered", "note"],
                "rep": ["张三", None],
                "actor": ["t", "t"],
                "reason": ["", "x"],
                "detail": ["{}", "{}"],
            },
        )
    registry.close()
    got = _dump(url)["customers"]
    assert [r[1:] for r in got[:2]] == [r[1:] for r in got[2:]]
    assert len(_dump(url)["events"]) == 2
