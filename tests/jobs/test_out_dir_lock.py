"""Issue 11, items 7 and 14: one run per output folder (two real processes); temp files of a
killed run are private (0600) and removed by the next run."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from addin.jobs.lock import LOCK_FILE, lock_out_dir
from addin.jobs.run import run_pipeline
from addin.sample.generate import generate_reps, write_sample_files

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and modes")

_HOLDER = """
import sys
from pathlib import Path
from addin.jobs.lock import lock_out_dir
lock = lock_out_dir(Path(sys.argv[1]), "en", wait=0)
print("locked", flush=True)
sys.stdin.read()  # hold the folder until the test closes our stdin
"""


@pytest.fixture
def reps(tmp_path: Path) -> Path:
    folder = tmp_path / "reps"
    write_sample_files(folder, generate_reps(n_reps=2, rows_per_rep=15, seed=5), csv_files=0)
    return folder


def start_holder(out: Path) -> subprocess.Popen[str]:
    out.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
    return holder


def intake_run(reps: Path, out: Path, wait: str) -> subprocess.Popen[str]:
    env = {**os.environ, "INTAKE_LOCK_WAIT": wait}
    return subprocess.Popen(
        [sys.executable, "-c", "from addin.cli import main; main()", "run", "--lang", "en",
         str(reps), "--out-dir", str(out)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_second_run_on_a_busy_folder_refuses_with_exit_2(reps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = start_holder(out)
    try:
        second = intake_run(reps, out, wait="0")
        stdout, stderr = second.communicate(timeout=120)
    finally:
        holder.communicate("")
    assert second.returncode == 2, stdout + stderr
    assert "another run is writing to this output folder" in stderr
    assert "Traceback" not in stderr
    assert sorted(p.name for p in out.iterdir()) == [LOCK_FILE]  # the second wrote nothing


def test_second_run_waits_for_the_first_then_runs(reps: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = start_holder(out)
    second = intake_run(reps, out, wait="300")
    assert second.stderr is not None
    try:
        line = second.stderr.readline()  # it says it waits, and does
        assert "waiting for it to finish" in line
        assert not (out / "validation.xlsx").exists()
    finally:
        holder.communicate("")  # the first run ends: the lock is free
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode in (0, 1), stdout + stderr
    assert (out / "validation.xlsx").is_file() and (out / "followups" / "manifest.json").is_file()


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    out = tmp_path / "out"
    holder = start_holder(out)
    holder.kill()
    holder.communicate()
    with lock_out_dir(out, "en", wait=0):  # the OS released it with the process
        pass


_KILLED_WRITER = """
import os, signal, sys
from pathlib import Path
import xlsxwriter
from addin.files import atomic_write
from addin.xlsx.fastrows import PlainRows, append_rows
import pandas as pd

class Killed(PlainRows):
    def columns(self):  # runs once the .rows file is open: the process dies there
        os.kill(os.getpid(), signal.SIGKILL)

def write(tmp):
    wb = xlsxwriter.Workbook(str(tmp))
    wb.add_worksheet("s").write_row(0, 0, ["客户"])
    wb.close()
    append_rows(tmp, [Killed(0, pd.DataFrame({"客户": ["王伟"] * 1000}), 1)])

atomic_write(Path(sys.argv[1]) / "classification.xlsx", write)
"""


def test_temp_files_of_a_killed_run_are_private_and_removed_by_the_next_run(
    reps: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    killed = subprocess.run(
        [sys.executable, "-c", _KILLED_WRITER, str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    left = sorted(p.name for p in out.iterdir())
    assert any(n.endswith(".tmp.xlsx") for n in left), left
    assert any(n.endswith(".tmp.xlsx.rows") for n in left), left
    for name in left:
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name
    run_pipeline([reps], out, lang="en")  # minutes later, not an hour: the lock makes it safe
    assert not [p for p in out.rglob(".*") if ".tmp." in p.name]
