"""Each button imports only what it uses (issue #14 item 5): checked by what a fresh process loads.

No timing here (that is ``benchmarks/startup_bench.py``): the packages a button's module must
not pull in, because it does not use them. A package ``__init__`` that re-exports a heavy
sibling, or a module-level import of a package used in one rare branch, fails these.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

ROOT_PACKAGES = ("openpyxl", "sqlalchemy", "xlwings", "xlsxwriter", "rapidfuzz", "keyring")

#: module imported -> what it must not load (top-level packages, or our stages)
MUST_NOT_LOAD = {
    # 校验 and 清除标记, and what RunPython imports for every button
    "addin.excel.buttons": (*ROOT_PACKAGES, "addin.jobs", "addin.duplicates", "addin.registry"),
    "addin.excel.dedupe": ("openpyxl", "sqlalchemy", "keyring", "addin.jobs", "addin.mail"),
    "addin.excel.classify": ("openpyxl", "sqlalchemy", "addin.jobs", "addin.duplicates"),
    "addin.excel.followups": ("sqlalchemy", "keyring", "addin.mail", "addin.registry"),
    "addin.excel.send": ("sqlalchemy", "addin.duplicates", "addin.followups", "addin.registry"),
    # `intake validate`
    "addin.jobs.validate": (*ROOT_PACKAGES, "addin.duplicates", "addin.mail", "addin.registry"),
}


def _loaded(module: str) -> set[str]:
    code = (
        f"import sys, {module}\n"
        "names = set()\n"
        "for m in sys.modules:\n"
        "    parts = m.split('.')\n"
        "    names.add(parts[0])\n"
        "    names.add('.'.join(parts[:2]))\n"
        "print('\\n'.join(sorted(names)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(done.stdout.split())


@pytest.mark.parametrize("module", sorted(MUST_NOT_LOAD))
def test_a_button_loads_only_what_it_uses(module: str) -> None:
    loaded = _loaded(module)
    assert module in loaded or module.rsplit(".", 1)[0] in loaded
    unwanted = sorted(set(MUST_NOT_LOAD[module]) & loaded)
    assert not unwanted, f"{module} loads {unwanted}, which it does not use"


def test_the_validate_button_loads_its_validator() -> None:
    """The check above is not vacuous: 校验's module does load pandas and pandera."""
    loaded = _loaded("addin.excel.buttons")
    assert {"pandas", "pandera", "addin.intake"} <= loaded
