"""Atomic writes: the old file survives a failed write; replaced files are backed up and rotated."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from addin.files import BACKUP_DIR, atomic_write, remove_temps, sha256_file


def test_new_file_written_with_normal_permissions(tmp_path: Path) -> None:
    target = atomic_write(tmp_path / "sub" / "out.txt", lambda p: p.write_text("new"))
    assert target.read_text() == "new"
    assert (
        stat.S_IMODE(os.stat(target).st_mode) & 0o044
    )  # group/other can read, as with a plain open()
    assert not (tmp_path / "sub" / BACKUP_DIR).exists()


def test_failed_write_leaves_previous_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    target.write_text("old")

    def crash(p: Path) -> None:
        p.write_text("half")
        raise KeyboardInterrupt  # e.g. the user pressed Ctrl-C mid-write

    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, crash)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.xlsx"]


def test_replacing_keeps_rotated_backups(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    for i in range(8):
        atomic_write(target, lambda p, i=i: p.write_text(f"v{i}"), keep=3)  # type: ignore[misc]
    backups = sorted((tmp_path / BACKUP_DIR).iterdir())
    assert [b.read_text() for b in backups] == ["v4", "v5", "v6"]
    assert target.read_text() == "v7"


def test_sha256(tmp_path: Path) -> None:
    (tmp_path / "a").write_bytes(b"abc")
    assert sha256_file(tmp_path / "a").startswith("ba7816bf")


def test_killing_the_writer_mid_write_keeps_the_previous_output(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "followups.xlsx"
    target.write_bytes(b"previous complete output")
    started = tmp_path / "started"
    code = f"""
import time
from pathlib import Path
from addin.files import atomic_write

def slow(p):
    with open(p, "wb") as fh:
        fh.write(b"partial")
        fh.flush()
        Path({str(started)!r}).touch()
        time.sleep(60)

atomic_write(Path({str(target)!r}), slow)
"""
    proc = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 30
    while not started.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert started.exists()
    assert target.read_bytes() == b"previous complete output"
    leftovers = list(tmp_path.glob(".followups.*.tmp.xlsx"))
    assert len(leftovers) == 1  # the killed writer could not clean up ...
    old = time.time() - 2 * 3600
    os.utime(leftovers[0], (old, old))
    atomic_write(target, lambda p: p.write_bytes(b"next run"))
    assert target.read_bytes() == b"next run"
    assert not list(tmp_path.glob(".followups.*.tmp.xlsx"))  # ... the next write does


def test_remove_temps_takes_only_ours(tmp_path: Path) -> None:
    ours = [tmp_path / ".report.ab_c12x9.tmp.xlsx", tmp_path / "sub" / ".b.k2j4h6g8.tmp.xlsx.rows"]
    theirs = [
        tmp_path / ".notes.tmp",
        tmp_path / "report.xlsx",
        tmp_path / "outbox" / ".m.abcdefgh.tmp.eml",
    ]
    for p in ours + theirs:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x")
    assert sorted(remove_temps(tmp_path, skip=("outbox",))) == sorted(ours)
    assert all(p.exists() for p in theirs)
