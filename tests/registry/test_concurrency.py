"""Twenty processes registering or claiming one customer at the same moment: exactly one owner.

No lock file: SQLite serialises writers (BEGIN IMMEDIATE), PostgreSQL lets them race and the
unique index on identity keys (registering) or the conditional UPDATE (claiming) lets exactly
one win; the others retry, see the winner and are told it is taken.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import sqlalchemy as sa

from addin.jobs.registry import (
    open_configured,
    run_registry_import,
    run_registry_init,
)
from addin.jobs.registry_admin import (
    run_registry_release,
)
from addin.registry.tables import customers, events
from tests.registry.conftest import row, write_sheet

ROOT = Path(__file__).resolve().parents[2]
N = 20

WORKER = """
import json, sys, time
from pathlib import Path
from addin.config import load_config
from addin.jobs.registry import run_registry_import
from addin.jobs.registry_admin import run_registry_claim
config = load_config()
go, action, url, arg, rep = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
(go.parent / f"ready-{rep}").touch()
while not go.exists():
    time.sleep(0.002)
if action == "import":
    out = run_registry_import([arg], url=url, lang="en", config=config)
    print(json.dumps({"status": out.records[0]["status"], "owner": out.records[0]["owner"]}))
else:
    out = run_registry_claim(arg, rep, url=url, lang="en", config=config)
    print(json.dumps({"code": out.exit_code, "message": out.message}))
"""


def _race(tmp_path: Path, action: str, url: str, args: list[str]) -> list[dict[str, object]]:
    go = tmp_path / "go"
    config = tmp_path / "intake.toml"  # 20 writers on 2 cores: let the last one wait its turn
    config.write_text("[registry]\nlock_timeout_s = 120\n", encoding="utf-8")
    env = {**os.environ, "INTAKE_CONFIG": str(config)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(go), action, url, arg, f"rep{i:02d}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )  # fmt: skip
        for i, arg in enumerate(args)
    ]
    deadline = time.monotonic() + 240
    while len(list(tmp_path.glob("ready-*"))) < len(procs) and time.monotonic() < deadline:
        time.sleep(0.05)  # every process has imported its modules and waits at the line
    go.touch()
    results = []
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def _table(url: str) -> tuple[list[tuple[object, ...]], list[str]]:
    registry = open_configured(None, url, "en")
    with registry.read() as conn:
        owners = [
            tuple(r)
            for r in conn.execute(sa.select(customers.c.id, customers.c.owner, customers.c.status))
        ]
        kinds = list(conn.execute(sa.select(events.c.kind).order_by(events.c.id)).scalars())
    registry.close()
    return owners, kinds


def test_twenty_reps_register_one_customer(registry_url: str, tmp_path: Path) -> None:
    run_registry_init(url=registry_url)
    sheets = [
        str(write_sheet(tmp_path / f"rep{i:02d}.xlsx", [row(f"rep{i:02d}", "王经理", company="北京华信科技有限公司",
                                                           credit_code="91350100M000100Y43", mobile=f"136 0000 {i:04d}")]))
        for i in range(N)
    ]  # fmt: skip
    results = _race(tmp_path, "import", registry_url, sheets)
    owners, kinds = _table(registry_url)
    assert len(owners) == 1
    (_id, owner, status) = owners[0]
    assert status == "owned"
    assert sorted(r["status"] for r in results) == ["taken"] * (N - 1) + ["yours"]
    assert {r["owner"] for r in results} == {owner}
    assert kinds.count("registered") == 1 and kinds.count("collision") == N - 1, (results, kinds)


def test_twenty_reps_claim_one_pool_customer(registry_url: str, tmp_path: Path) -> None:
    run_registry_init(url=registry_url)
    run_registry_import(
        [write_sheet(tmp_path / "a.xlsx", [row("张三", "刘洋", mobile="139 1111 2222")])],
        url=registry_url,
    )
    run_registry_release("1", "张三", url=registry_url)
    results = _race(tmp_path, "claim", registry_url, ["1"] * N)
    winners = [r for r in results if r["code"] == 0]
    assert len(winners) == 1
    owners, kinds = _table(registry_url)
    assert owners[0][2] == "owned" and f"belongs to {owners[0][1]}" in str(winners[0]["message"])
    assert kinds.count("claimed") == 1
