"""Who may read what on a team PostgreSQL (row-level security), against a real server.

Two reps and two managers connect with their own logins (SCRAM passwords from the keyring):
a rep reads only their own customers' rows and learns of the others' only through the check
function (status, owner, dates); a manager reads their reps' rows and every such read is an
event; a manager of another team sees nothing. The administrator (the owner) sees everything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from addin.cli import main
from addin.config import Config
from addin.jobs.registry import open_configured, run_check, run_registry_import, run_registry_init
from addin.jobs.registry_access import (
    run_registry_grant,
    run_registry_logins,
    run_registry_managers,
    run_registry_revoke,
)
from addin.jobs.registry_admin import run_registry_claim, run_registry_transfer
from addin.registry import FixedClock, RegistryError, set_registry_password
from addin.registry.access import restricted
from addin.registry.rekey import add_owner_keys
from tests.registry.conftest import PostgresServer, row, write_sheet

TABLES = ("customers", "source_records", "match_keys", "events", "decisions")
# 李四's customers, with the details 张三 and another team's manager must never see.
LI = [
    row("李四", "王伟", company="北京华信科技有限公司", credit_code="91350100M000100Y43",
        mobile="138 1234 5678", email="wang.wei@huaxin.example", address="北京市海淀区中关村大街1号"),
    row("李四", "刘洋", mobile="139 1111 2222", email="liu.yang@example.com"),
]  # fmt: skip
PRIVATE = ["13812345678", "wang.wei", "中关村", "王伟", "华信", "13911112222", "liu.yang", "刘洋"]
ZHANG = [row("张三", "陈静", mobile="137 3333 4444"), row("张三", "周敏", mobile="137 5555 6666")]
CONFIG = Config(sections={"managers": {"张三": "王经理", "李四": "王经理", "王五": "赵经理"}})
LOGINS = {"zhang": "张三", "li": "李四", "wang": "王经理", "zhao": "赵经理"}


@pytest.fixture
def team(
    postgres_server: PostgresServer, pg_database: str, tmp_path: Path, clock: FixedClock
) -> dict[str, str]:
    """A team registry: the owner's URL under "admin", each login's URL under its name."""
    admin = postgres_server.url(pg_database)
    run_registry_init(url=admin, lang="en")
    for login, person in LOGINS.items():
        set_registry_password(login, f"pw-{login}-7", lang="en")
        assert person in run_registry_grant(login, person, url=admin, lang="en").message
    assert "3 reps" in run_registry_managers(CONFIG, admin, "en").message
    urls = {n: postgres_server.url(pg_database, user=n, tcp=True) for n in LOGINS}
    li = run_registry_import([write_sheet(tmp_path / "li.xlsx", LI)], url=urls["li"], lang="en",
                             clock=clock)  # fmt: skip
    assert li.counts["registered"] == 2
    zhang = run_registry_import([write_sheet(tmp_path / "zhang.xlsx", ZHANG)], url=urls["zhang"],
                                lang="en", clock=clock)  # fmt: skip
    assert zhang.counts["registered"] == 2
    return {"admin": admin, **urls}


def _rows(url: str, sql: str, **params: Any) -> list[Any]:
    registry = open_configured(None, url, "en")
    try:
        with registry.write() as conn:  # committed: the events a read leaves are kept
            return [tuple(r) for r in conn.execute(sa.text(sql), params)]
    finally:
        registry.close()


def _owners(url: str) -> dict[str, set[str]]:
    """Per table, whose customers' rows the login can read."""
    return {
        t: {
            str(o)
            for (o,) in _rows(
                url,
                f"SELECT c.owner FROM {t} x JOIN customers c ON c.id = x.customer_id"
                if t != "customers"
                else "SELECT owner FROM customers",
            )
        }
        for t in TABLES
    }


def _manager_reads(admin: str) -> list[tuple[Any, ...]]:
    return _rows(admin, "SELECT actor, rep, detail FROM events WHERE kind = 'manager_read'")


def test_a_rep_reads_only_their_own_rows(team: dict[str, str]) -> None:
    seen = _owners(team["zhang"])
    assert seen["customers"] == seen["source_records"] == seen["match_keys"] == {"张三"}
    assert seen["events"] == {"张三"} and seen["decisions"] == set()
    assert _owners(team["li"])["customers"] == {"李四"}
    counts = _rows(team["zhang"], "SELECT (SELECT count(*) FROM customers), "
                                  "(SELECT count(*) FROM source_records), (SELECT count(*) FROM events)")  # fmt: skip
    assert counts == [(2, 2, 3)]  # 2 registered + the 业绩看板 figures of 张三's own sheet
    text = json.dumps(_rows(team["zhang"], "SELECT * FROM source_records"), default=str)
    assert not [p for p in PRIVATE if p in text]
    for table in ("registry_logins", "registry_managers"):
        with pytest.raises(RegistryError, match="may not"):
            _rows(team["zhang"], f"SELECT * FROM {table}")
    assert _manager_reads(team["admin"]) == []  # a rep reading their own rows is no event
    # nor can a rep write into another rep's customer or its history
    li_id = _rows(team["admin"], "SELECT min(id) FROM customers WHERE owner = '李四'")[0][0]
    forged = (
        "INSERT INTO events (at, customer_id, kind, rep, actor, reason, detail) "
        "VALUES (now(), :id, 'follow_up', '张三', '张三', '', '{}')"
    )
    with pytest.raises(RegistryError, match="only register its own"):
        _rows(team["zhang"], forged, id=li_id)
    taking = "UPDATE customers SET owner = '张三' WHERE id = :id RETURNING id"
    assert _rows(team["zhang"], taking, id=li_id) == []  # not a row it can see
    assert _rows(team["admin"], "SELECT owner FROM customers WHERE id = :id", id=li_id) == [
        ("李四",)
    ]


def test_the_check_function_answers_status_owner_and_dates_only(team: dict[str, str]) -> None:
    registry = open_configured(None, team["zhang"], "en")
    try:
        with registry.read() as conn:
            assert restricted(conn)
            result = conn.execute(
                sa.text("SELECT * FROM registry_check(:k, :v)"),
                {"k": ["credit_code", "mobile"], "v": ["91350100M000100Y43", "+8613911112222"]},
            )
            columns, got = list(result.keys()), [r._asdict() for r in result]
            identity = conn.execute(
                sa.text("SELECT * FROM registry_check_identity(:k, :v, :c, :p)"),
                {"k": ["mobile"], "v": ["+8613812345678"], "c": ["91350100M000100Y99"], "p": []},
            ).all()
            # only about customers the same keys find: no listing everyone's city
            nothing = conn.execute(
                sa.text("SELECT * FROM registry_check_identity(:k, :v, :c, :p)"),
                {"k": ["mobile"], "v": ["+8600000000000"], "c": [], "p": ["北京"]},
            ).all()
    finally:
        registry.close()
    assert columns == ["key_no", "customer_id", "status", "owner", "owned_since",
                       "protected_until", "registered_at"]  # fmt: skip
    assert sorted((g["key_no"], g["status"], g["owner"]) for g in got) == [
        (1, "owned", "李四"),  # the credit code asked first
        (2, "owned", "李四"),
    ]
    assert all(g["protected_until"] > g["owned_since"] for g in got)
    # the other customer's identity keys only as "another value" (never the value itself)
    assert {(k, v) for _c, k, v in identity} == {("credit_code", "*"), ("account", "|*")}
    assert nothing == []
    assert not [p for p in PRIVATE if p in json.dumps(got, default=str)]


def test_a_reps_check_names_the_owner_and_shows_nothing_private(
    team: dict[str, str], tmp_path: Path, clock: FixedClock
) -> None:
    sheet = write_sheet(
        tmp_path / "zhang2.xlsx",
        [
            row("张三", "王经理", company="华信科技(北京)有限责任公司", credit_code="91350100M000100Y43"),
            row("张三", "Liu Yang", mobile="139 1111 2222"),
            row("张三", "王总", company="华信科技(上海)有限公司"),  # another city: possible
            row("张三", "陈静", mobile="137 3333 4444"),
        ],
    )  # fmt: skip
    outcome = run_check([sheet], url=team["zhang"], lang="en", clock=clock)
    got = [(r["status"], r["owner"]) for r in outcome.records]
    # the same answer, reasons and all, as the owner's unrestricted check
    admin = run_check([sheet], url=team["admin"], rep="张三", lang="en", clock=clock)
    assert outcome.records == admin.records
    assert got == [("taken", "李四"), ("taken", "李四"), ("possible", "李四"), ("yours", "张三")]
    assert outcome.exit_code == 1
    for text in (outcome.render("json"), outcome.render("table")):
        assert not [p for p in PRIVATE if p in text]
    # registering it detects the taken customers it cannot read: 撞单, never a second owner
    result = run_registry_import([sheet], url=team["zhang"], lang="en", clock=clock)
    assert result.counts["registered"] == 0 and result.counts["collisions"] == 2
    assert [r["status"] for r in result.records] == ["taken", "taken", "possible", "yours"]
    owners = _rows(team["admin"], "SELECT owner, count(*) FROM customers GROUP BY owner ORDER BY 1")
    assert owners == [("张三", 2), ("李四", 2)]
    kinds = _rows(team["admin"], "SELECT kind, rep FROM events WHERE kind = 'collision'")
    assert kinds == [("collision", "张三")] * 2


def test_a_manager_reads_their_reps_rows_and_each_read_is_an_event(team: dict[str, str]) -> None:
    seen = _owners(team["wang"])
    assert seen["customers"] == seen["source_records"] == seen["match_keys"] == {"张三", "李四"}
    reads = _manager_reads(team["admin"])
    assert reads and {(a, r) for a, r, _d in reads} == {("王经理", "张三"), ("王经理", "李四")}
    tables = {json.loads(d)["table"] for _a, _r, d in reads}
    assert tables == {"customers", "source_records", "match_keys", "events"}
    # each row read is one event: 4 customers read once more, 4 more events
    before = len(reads)
    assert len(_rows(team["wang"], "SELECT id FROM customers")) == 4
    assert len(_manager_reads(team["admin"])) == before + 4
    # the reps see that their manager read their customers
    assert any(k == "manager_read" for (k,) in _rows(team["li"], "SELECT kind FROM events"))


def test_a_manager_of_another_team_sees_nothing(team: dict[str, str]) -> None:
    assert _owners(team["zhao"]) == {t: set() for t in TABLES}
    assert _manager_reads(team["admin"]) == []


def test_the_owner_sees_everything_and_manages_logins(team: dict[str, str]) -> None:
    assert _owners(team["admin"])["customers"] == {"张三", "李四"}
    assert _manager_reads(team["admin"]) == []
    listing = run_registry_logins(None, team["admin"], "en").message
    assert "zhang  张三  manager: 王经理" in listing and "zhao  赵经理  manager: -" in listing
    with pytest.raises(RegistryError, match="administrator"):
        run_registry_grant("zhao", "张三", url=team["zhang"], lang="en")
    # the server got a SCRAM verifier, never the password itself
    (verifier,) = _rows(team["admin"], "SELECT rolpassword FROM pg_authid WHERE rolname = 'li'")[0]
    assert verifier.startswith("SCRAM-SHA-256$") and "pw-li-7" not in verifier
    # the same through the command line: a new login (no password stored: said so)
    out = CliRunner().invoke(
        main,
        ["registry", "grant", "sun", "--rep", "孙丽", "--registry", team["admin"], "--lang", "en"],
    )
    assert out.exit_code == 0 and "no password" in out.output and "孙丽" in out.output
    assert "sun  孙丽  manager: -" in run_registry_logins(None, team["admin"], "en").message
    run_registry_revoke("zhang", url=team["admin"], lang="en")
    with pytest.raises(RegistryError):
        _rows(team["zhang"], "SELECT count(*) FROM customers")


def test_a_rep_may_register_only_their_own_rows(
    team: dict[str, str], tmp_path: Path, clock: FixedClock
) -> None:
    sheet = write_sheet(tmp_path / "mixed.xlsx", [row("王五", "孙丽", mobile="135 1234 0000")])
    with pytest.raises(RegistryError, match="only register its own"):
        run_registry_import([sheet], url=team["zhang"], lang="en", clock=clock)
    assert _rows(team["admin"], "SELECT count(*) FROM customers") == [(4,)]


def test_claims_and_transfers_are_the_administrators(team: dict[str, str]) -> None:
    for login in ("zhang", "wang"):
        with pytest.raises(RegistryError, match="administrator's login"):
            run_registry_claim("1", LOGINS[login], url=team[login], lang="en")
    assert run_registry_transfer("陈静", "李四", "王经理", url=team["admin"], lang="en",
                                 config=CONFIG).exit_code == 0  # fmt: skip
    assert (
        _owners(team["li"])["customers"] == {"李四"}
        and len(_rows(team["li"], "SELECT id FROM customers")) == 3
    )


def test_a_sqlite_registry_has_no_logins(tmp_path: Path) -> None:
    url = str(tmp_path / "registry.sqlite")
    run_registry_init(url=url, lang="en")
    with pytest.raises(RegistryError, match="one person's file"):
        run_registry_grant("zhang", "张三", url=url, lang="en")


def test_a_key_of_a_customer_the_rep_cannot_see_is_skipped(
    team: dict[str, str], clock: FixedClock
) -> None:
    """An identity key held by 李四's customer, invisible to 张三's login, is refused by the
    unique index inside a savepoint: the rest of 张三's batch is written all the same."""
    (held,) = _rows(
        team["admin"],
        "SELECT k.kind, k.value FROM match_keys k JOIN customers c ON c.id = k.customer_id"
        " WHERE c.owner = '李四' AND k.is_identity AND k.kind = 'person_mobile' LIMIT 1",
    )
    ((chen,),) = _rows(team["admin"], "SELECT id FROM customers WHERE display_name = '陈静'")
    keys = pd.DataFrame(
        {"pos": [0, 0], "kind": [held[0], "wechat"], "value": [held[1], "chenjing_wx"],
         "is_identity": [True, False]}
    )  # fmt: skip
    registry = open_configured(None, team["zhang"], "en", clock=clock)
    try:
        with registry.write() as conn:
            assert restricted(conn)
            assert add_owner_keys(conn, keys, {0: chen}) == 1  # the WeChat key only
    finally:
        registry.close()
    got = _rows(team["admin"], "SELECT customer_id, kind FROM match_keys WHERE value IN (:a, :b)",
                a=held[1], b="chenjing_wx")  # fmt: skip
    assert sorted(got) == sorted([(_owner_id(team, "李四", held), held[0]), (chen, "wechat")])


def _owner_id(team: dict[str, str], owner: str, key: tuple[str, str]) -> int:
    ((cid,),) = _rows(
        team["admin"],
        "SELECT k.customer_id FROM match_keys k JOIN customers c ON c.id = k.customer_id"
        " WHERE c.owner = :o AND k.kind = :k AND k.value = :v",
        o=owner, k=key[0], v=key[1],
    )  # fmt: skip
    return int(cid)
