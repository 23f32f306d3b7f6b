"""Benchmark: a rep's entry-time check on a team PostgreSQL, through row-level security.

    python benchmarks/registry_rls_bench.py [--rows 100000] [--reps 50] [--check-rows 200]

Starts a throwaway PostgreSQL cluster (Debian's binaries, as ``postgres`` when root), imports
``--rows`` generated records with the owner's login, grants a rep's login, then times the same
check of a ``--check-rows`` sheet (half registered customers, half new) side by side: with the
owner's login (direct look-ups) and with the rep's (the ``SECURITY DEFINER`` check functions),
alternating, best of 5 each. Prints the ratio and peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import keyring
import pandas as pd
from keyring.backend import KeyringBackend

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from addin.intake.normalize import normalize_frame  # noqa: E402
from addin.jobs.registry import open_configured, run_registry_init  # noqa: E402
from addin.jobs.registry_access import run_registry_grant  # noqa: E402
from addin.records import to_customer_frame  # noqa: E402
from addin.registry import check_frame, prepare, register_frame  # noqa: E402
from addin.sample.generate import generate_reps  # noqa: E402


class _Memory(KeyringBackend):  # type: ignore[misc]
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def _as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _start(base: Path) -> tuple[Path, int]:
    found = shutil.which("initdb") or str(
        sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))[-1]
    )
    bindir = Path(found).resolve().parent
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    base.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(base / "data"), "-U", "postgres",
                                 "-E", "UTF8", "--locale=C", "--auth-local=trust",
                                 "--auth-host=scram-sha-256"]), check=True, capture_output=True)  # fmt: skip
    opts = f"-k {base} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(base / "data"), "-o", opts,
                                 "-l", str(base / "log"), "-w", "start"]), check=True, capture_output=True)  # fmt: skip
    return bindir, port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--check-rows", type=int, default=200)
    args = parser.parse_args()
    keyring.set_keyring(_Memory())
    keyring.set_password("customer-intake-registry", "bench_rep", "bench-rep-password-7")

    data = generate_reps(args.reps, args.rows // args.reps, seed=7, dup_rate=0.15)
    raw = data.rows.drop(columns=["_entity"])
    customers = to_customer_frame(normalize_frame(raw))
    for col in ("mobile", "phone"):
        customers[col] = customers[col].where(customers[col].astype(str).str.startswith("+"), None)
    customers["_file"], customers["_sheet"] = "bench.xlsx", "客户信息"
    customers["_row"] = range(2, len(customers) + 2)
    rep = str(customers["rep"].iloc[0])

    base = Path(tempfile.mkdtemp(prefix="intake-rls-bench-"))
    bindir, port = _start(base)
    try:
        subprocess.run(_as_postgres([str(bindir / "createdb"), "-h", str(base), "-p", str(port),
                                     "-U", "postgres", "bench"]), check=True)  # fmt: skip
        admin = f"postgresql+psycopg://postgres@/bench?host={base}&port={port}"
        repurl = f"postgresql+psycopg://bench_rep@127.0.0.1:{port}/bench"
        run_registry_init(url=admin, lang="en")
        registry = open_configured(None, admin, "en")
        t = time.perf_counter()
        with registry.write() as conn:
            result = register_frame(conn, prepare(customers), registry.clock.now(conn),
                                    registry.settings, "en", actor="bench")  # fmt: skip
        registry.close()
        print(f"import {len(customers):,} records as the owner: {time.perf_counter() - t:.1f} s "
              f"-> {result.counts.get('registered', 0):,} customers")  # fmt: skip
        run_registry_grant("bench_rep", rep, url=admin, lang="en")

        fresh = generate_reps(1, args.check_rows, seed=99, dup_rate=0.0).rows.drop(
            columns=["_entity"]
        )
        half = args.check_rows // 2
        sheet = to_customer_frame(normalize_frame(
            pd.concat([raw.sample(half, random_state=1), fresh.head(args.check_rows - half)])
        ))  # fmt: skip
        for col in ("mobile", "phone"):
            sheet[col] = sheet[col].where(sheet[col].astype(str).str.startswith("+"), None)
        sheet = sheet.reset_index(drop=True)
        times: dict[str, list[float]] = {"owner": [], "rep": []}
        answers: dict[str, list[tuple[str, str | None]]] = {}
        regs = {
            "owner": open_configured(None, admin, "en"),
            "rep": open_configured(None, repurl, "en"),
        }
        for _ in range(6):
            for who, reg in regs.items():
                t = time.perf_counter()
                with reg.read() as conn:
                    rows = check_frame(conn, sheet, reg.clock.now(conn), rep=rep)
                times[who].append(time.perf_counter() - t)
                answers[who] = [(r.status, r.owner) for r in rows]
        for reg in regs.values():
            reg.close()
        owner, rep_t = min(times["owner"][1:]), min(times["rep"][1:])
        print(f"check {len(sheet)} rows against {result.counts.get('registered', 0):,} customers "
              f"(best of 5): owner {owner * 1000:.0f} ms, rep through RLS {rep_t * 1000:.0f} ms, "
              f"ratio rep/owner {rep_t / owner:.2f}; same answers: {answers['owner'] == answers['rep']}")  # fmt: skip
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(base / "data"), "-m", "immediate",
                                     "stop"]), check=False, capture_output=True)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
