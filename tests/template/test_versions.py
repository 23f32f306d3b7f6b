"""The xlwings pin, the installed xlwings and the VBA the committed files carry agree."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pyopenvba
import pytest

from addin.template.addin import shipped_addin_path
from addin.template.build import shipped_template_path

ROOT = Path(__file__).resolve().parents[2]
VBA_VERSION = re.compile(r'XLWINGS_VERSION As String = "([^"]+)"')


def _pinned() -> str:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = [d for d in deps["dependencies"] if re.match(r"xlwings\b", d)]
    assert len(pins) == 1 and "==" in pins[0], f"xlwings must be pinned exactly: {pins}"
    return pins[0].split("==", 1)[1].strip()


@pytest.mark.parametrize(
    "path",
    [
        shipped_template_path("zh"),
        shipped_template_path("en"),
        shipped_addin_path("zh"),
        shipped_addin_path("en"),
    ],  # fmt: skip
    ids=lambda p: p.name,
)
def test_committed_vba_pin_and_installed_xlwings_agree(path: Path) -> None:
    with pyopenvba.ExcelFile(path) as book:
        found = VBA_VERSION.findall(book.get_module("xlwings"))
    assert found == [_pinned()] == [version("xlwings")], (
        "the template's VBA, the pin in pyproject.toml and the installed xlwings differ: "
        "pin the version, reinstall, `intake template --build` and `intake addin build`"
    )
