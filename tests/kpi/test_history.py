"""The follow-up and ownership rules of the 业绩看板 on hand-made event frames."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from addin.kpi.history import History, follow_up_counts, owned_changes
from addin.kpi.weekly import weekly_kpis

MON = dt.datetime(2026, 11, 2, 9, 0)  # 2026-W45


def _events(*rows: tuple[int, int, str, str | None, str]) -> pd.DataFrame:
    """(day after MON, customer, kind, rep, actor) -> the frame load_history gives."""
    frame = pd.DataFrame(
        [(i, MON + dt.timedelta(days=d), c, k, r, a) for i, (d, c, k, r, a) in enumerate(rows, 1)],
        columns=["id", "at", "customer_id", "kind", "rep", "actor"],
    )
    frame["at"] = pd.to_datetime(frame["at"])
    return frame


def _weeks(counts: pd.Series) -> dict[tuple[str, str], int]:
    return {(r, w.date().isoformat()): int(n) for (r, w), n in counts.items()}


@pytest.mark.parametrize(
    ("rows", "now_day", "on_time", "overdue"),
    [
        # followed up in time: on time in the week it was recorded; the next due is in the future
        ([(0, 1, "registered", "张三", "z"), (20, 1, "follow_up", "张三", "z")], 40, {("张三", "2026-11-16"): 1}, {}),
        # late: overdue once, in the week it fell due (11-02 + 30 = 12-02, W49); the late
        # follow-up (12-09) starts the next due, not yet passed
        ([(0, 1, "registered", "张三", "z"), (37, 1, "follow_up", "张三", "z")], 40, {}, {("张三", "2026-11-30"): 1}),
        # never followed up, still owned: overdue once its due has passed, nothing before
        ([(0, 1, "registered", "张三", "z")], 29, {}, {}),
        ([(0, 1, "registered", "张三", "z")], 31, {}, {("张三", "2026-11-30"): 1}),
        # transferred before the due: the old owner's due is dropped, the new owner's starts
        ([(0, 1, "registered", "张三", "z"), (10, 1, "transferred", "李四", "经理")], 45, {}, {("李四", "2026-12-07"): 1}),
        # released by the rep before the due: dropped
        ([(0, 1, "registered", "张三", "z"), (10, 1, "released", "张三", "张三")], 60, {}, {}),
        # a deal counts as a follow-up
        ([(0, 1, "registered", "张三", "z"), (5, 1, "deal", "张三", "z")], 20, {("张三", "2026-11-02"): 1}, {}),
        # protection ran out (the registry released it) with a follow-up owed: overdue
        ([(0, 1, "registered", "张三", "z"), (20, 1, "released", "张三", "registry")], 60, {}, {("张三", "2026-11-16"): 1}),
    ],
)  # fmt: skip
def test_follow_up_rules(
    rows: list[tuple[int, int, str, str, str]],
    now_day: int,
    on_time: dict[tuple[str, str], int],
    overdue: dict[tuple[str, str], int],
) -> None:
    now = MON + dt.timedelta(days=now_day)
    got_on_time, got_overdue = follow_up_counts(_events(*rows), now, 30)
    assert (_weeks(got_on_time), _weeks(got_overdue)) == (on_time, overdue)


def test_owned_follows_registrations_claims_releases_transfers() -> None:
    ev = _events(
        (0, 1, "registered", "张三", "z"),
        (0, 2, "registered", "张三", "z"),
        (1, 3, "collision", "李四", "李四"),  # changes no owner
        (7, 1, "released", "张三", "registry"),
        (8, 1, "claimed", "李四", "李四"),
        (15, 2, "transferred", "李四", "经理"),
    )
    assert _weeks(owned_changes(ev)) == {
        ("张三", "2026-11-02"): 2,
        ("张三", "2026-11-09"): -1,
        ("李四", "2026-11-09"): 1,
        ("张三", "2026-11-16"): -1,
        ("李四", "2026-11-16"): 1,
    }
    imports = pd.DataFrame(columns=["id", "at", "rep", "file", "rows", "complete", "errors"])
    imports["at"] = pd.to_datetime(imports["at"])
    kpis = weekly_kpis(History(ev, imports, ["王五"]), MON + dt.timedelta(days=16))
    owned = {(r, w): n for r, w, n in kpis[["rep", "week", "owned"]].itertuples(index=False)}
    assert owned == {
        ("张三", "2026-W45"): 2, ("张三", "2026-W46"): 1, ("张三", "2026-W47"): 0,
        ("李四", "2026-W45"): 0, ("李四", "2026-W46"): 1, ("李四", "2026-W47"): 2,
        ("王五", "2026-W45"): 0, ("王五", "2026-W46"): 0, ("王五", "2026-W47"): 0,
    }  # fmt: skip
    assert kpis["collisions"].sum() == 1 and kpis["rows"].sum() == 0
    assert kpis["complete"].isna().all() and kpis["errors_per_100"].isna().all()
