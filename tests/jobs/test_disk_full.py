"""Issue 11, item 15: a full disk mid-run is a clear message, exit 2, the previous outputs intact.

The disk is made "full" for real, in the operating system: the second run is a process whose
file-size limit (RLIMIT_FSIZE) is below the size of the classification workbook, so the
kernel refuses the write (EFBIG, the same path through our code as ENOSPC).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from addin.config import Config
from addin.jobs.run import run_pipeline
from addin.sample.generate import generate_reps, write_sample_files

resource = pytest.importorskip("resource")  # POSIX only

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 100_000  # bytes: validation.xlsx (~7 kB) fits, classification.xlsx (~150 kB) does not


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".intake-backup" not in p.parts
    }


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def test_full_disk_leaves_the_previous_run_intact(tmp_path: Path) -> None:
    data = generate_reps(n_reps=3, rows_per_rep=300, seed=2)
    reps = tmp_path / "reps"
    write_sample_files(reps, data, csv_files=0)
    names = sorted(set(data.rows["rep"]))
    config = tmp_path / "intake.toml"
    config.write_text(
        '[email]\nsender = "sales@example.com"\n[managers]\n'
        + "".join(f'"{r}" = {{ manager = "李经理", email = "li@example.com" }}\n' for r in names),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    managers = {r: {"manager": "李经理", "email": "li@example.com"} for r in names}
    cfg = Config(sections={"managers": managers, "email": {"sender": "sales@example.com"}})
    run_pipeline([reps], out, config=cfg, email="dry-run", lang="en")
    assert (out / "classification.xlsx").stat().st_size > LIMIT  # the test's premise
    before = snapshot(out)
    second = subprocess.run(
        [sys.executable, "-c", "from addin.cli import main; main()", "run", "--lang", "en",
         str(reps), "--out-dir", str(out), "--config", str(config), "--dry-run"],
        cwd=ROOT, env=dict(os.environ), preexec_fn=limited, capture_output=True, text=True,
    )  # fmt: skip
    assert second.returncode == 2, second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    assert "classification.xlsx" in second.stderr
    assert "disk is full (or a file size limit was reached)" in second.stderr
    after = snapshot(out)
    # Every file is the previous run's or a complete new one; the workbook that could not be
    # written, the follow-ups, their manifest and the outbox are exactly as before.
    assert set(after) == set(before)
    unchanged = {k for k in before if after[k] == before[k]}
    assert "classification.xlsx" in unchanged
    assert {k for k in before if k.startswith("followups/")} <= unchanged
    assert not [p for p in out.rglob(".*") if ".tmp." in p.name]  # no half-written temp
