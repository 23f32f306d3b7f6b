"""Atomic writes: the old file survives a failed write; replaced files are backed up and rotated."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from addin._files import BACKUP_DIR, atomic_write, sha256_file


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
