"""Packaging hook: the checkout keeps ``templates/`` and ``macros/`` at its top; a wheel carries
them as package data beside :mod:`addin.template` (``addin/template/templates``, ``.../macros``),
where :func:`addin.template.build._shipped` finds them. Everything else is in pyproject.toml."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {"templates": ("*.xlsm", "*.xlam"), "macros": ("*.bas",)}


class BuildPy(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's own folders
        for folder, patterns in SHIPPED.items():
            target = Path(self.build_lib, "addin", "template", folder)
            target.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for path in sorted((ROOT / folder).glob(pattern)):
                    shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildPy})
