"""`pip install .` gives a working add-in: the template, add-in and macros are in the wheel, and
`intake template` / `intake demo` work from an installed copy, outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import openpyxl
import pytest

from addin.template.addin import shipped_addin_path
from addin.template.build import shipped_template_path

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = {
    "addin/template/templates/customer_intake.xlsm",
    "addin/template/templates/customer_intake_en.xlsm",
    "addin/template/templates/customer_intake.xlam",
    "addin/template/templates/customer_intake_en.xlam",
    "addin/template/macros/IntakeRibbon.bas",
}


def _run(*cmd: str | Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(c) for c in cmd], cwd=cwd, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run(*pip, "wheel", "--no-deps", "-q", "-w", out, ROOT, cwd=out)
    (found,) = out.glob("customer_intake_addin-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel; the dependencies come from this environment's site-packages
    (a path line, not its .pth files: the checkout's editable install stays out)."""
    env = tmp_path_factory.mktemp("venv")
    venv.create(env, with_pip=False)
    python = env / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    purelib = _run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=env)
    Path(purelib.strip(), "deps.pth").write_text(sysconfig.get_path("purelib") + "\n", "utf-8")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--python", python]
    _run(*pip, "install", "--no-deps", "-q", wheel, cwd=env)
    return python


@pytest.mark.slow
def test_wheel_ships_the_template_addin_and_macros(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        assert SHIPPED <= names
        assert z.read("addin/template/templates/customer_intake.xlsm") == (
            shipped_template_path("zh").read_bytes()
        )
        assert z.read("addin/template/templates/customer_intake.xlam") == (
            shipped_addin_path("zh").read_bytes()
        )
    assert not any(n.startswith(("tests/", "benchmarks/")) or "intake-backup" in n for n in names)


@pytest.mark.slow
def test_template_and_demo_work_from_the_installed_copy(installed: Path, tmp_path: Path) -> None:
    where = _run(installed, "-c", "import addin; print(addin.__file__)", cwd=tmp_path)
    assert not where.startswith(str(ROOT)), where  # the installed copy, not the checkout
    intake = installed.parent / ("intake.exe" if sys.platform == "win32" else "intake")
    _run(intake, "template", cwd=tmp_path)
    assert openpyxl.load_workbook(tmp_path / "customer_intake.xlsm").sheetnames[0] == "客户信息"
    text = _run(intake, "demo", "--out-dir", "my-demo", "--reps", "2", "--rows", "10", cwd=tmp_path)
    assert (tmp_path / "my-demo" / "customer_intake.xlsm").exists()
    assert "my-demo" in text and "demo-output" not in text  # the hint names the real folder
    assert (tmp_path / "my-demo" / "validation.xlsx").exists()
