"""The commands that set things up rather than process data: template, add-in, Excel, demo, audit.

Thin wrappers like :mod:`addin.cli.commands`; the group ``intake`` adds them. Help texts come
from the catalogue (:mod:`addin.cli.texts`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path

import click

from ..files import atomic_write
from ..office import install_addin, runpython_install, set_interpreter
from ..schema import Lang
from .options import (
    as_of_option,
    common_options,
    handle_errors,
    out_dir_option,
    out_option,
    resolve,
)
from .texts import msg

__all__ = ["addin", "audit_cmd", "demo", "excel", "template"]


@click.command()
@out_option()
@click.option("--build", is_flag=True)
@common_options
@handle_errors
def template(out: Path | None, build: bool, config_path: Path | None, lang: str | None) -> None:
    """Write the intake workbook: the shipped one, or built anew with --build."""
    # imported here for start-up time (see addin.cli.commands)
    from ..template.build import build_template, shipped_template_path

    _, language = resolve(config_path, lang)
    if build:
        click.echo(build_template(out, lang=language))
        return
    shipped = shipped_template_path(language)
    target = out or Path.cwd() / shipped.name
    atomic_write(target, lambda p: shutil.copyfile(shipped, p), lang=language)
    click.echo(msg("cli_template_copied", language, path=target))


@click.group()
def addin() -> None:
    """``intake addin build|install``."""


@addin.command("build")
@out_option()
@common_options
@handle_errors
def addin_build(out: Path | None, config_path: Path | None, lang: str | None) -> None:
    """Build customer_intake.xlam."""
    # imported here for start-up time (see addin.cli.commands)
    from ..template.addin import build_addin

    _, language = resolve(config_path, lang)
    click.echo(build_addin(out, lang=language))


@addin.command("install")
@click.option("--file", "source", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None)
@common_options
@handle_errors
def addin_install(
    source: Path | None, folder: Path | None, config_path: Path | None, lang: str | None
) -> None:
    """Copy the add-in into XLSTART."""
    # imported here for start-up time (see addin.cli.commands)
    from ..template.addin import shipped_addin_path
    from ..template.texts import msg as tpl_msg

    _, language = resolve(config_path, lang)
    addin_file = source or shipped_addin_path(language)
    tab = tpl_msg("tpl_tab", language)
    click.echo(install_addin(addin_file, folder, tab=tab, lang=language))


@click.group()
def excel() -> None:
    """``intake excel setup``."""


@excel.command("setup")
@click.option("--python", "python", default=None)
@common_options
@handle_errors
def excel_setup(python: str | None, config_path: Path | None, lang: str | None) -> None:
    """Write the user's xlwings.conf interpreter for this Python (and RunPython on a Mac)."""
    _, language = resolve(config_path, lang)
    click.echo(set_interpreter(python, lang=language))
    if sys.platform.startswith("darwin"):
        click.echo(runpython_install(lang=language))


@click.command()
@out_dir_option(Path("demo-output"))
@click.option("--reps", "n_reps", type=click.IntRange(1, 200), default=8, show_default=True)
@click.option("--rows", type=click.IntRange(1, 100_000), default=60, show_default=True)
@as_of_option
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@handle_errors
def demo(out_dir: Path, n_reps: int, rows: int, as_of: dt.date | None, lang: Lang) -> None:
    """Generate sample reps' files and run the whole pipeline on them."""
    # imported here for start-up time (see addin.cli.commands)
    from ..sample.demo import run_demo

    click.echo(run_demo(out_dir, n_reps=n_reps, rows=rows, lang=lang, as_of=as_of))


@click.command("audit")
@out_option()
@click.option("--log", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--last", type=click.IntRange(1), default=20, show_default=True)
@common_options
@handle_errors
def audit_cmd(
    out: Path | None, log: Path | None, last: int, config_path: Path | None, lang: str | None
) -> None:
    """Show the audit log."""
    # imported here for start-up time (see addin.cli.commands)
    from ..jobs.audit_log import run_audit

    config, language = resolve(config_path, lang)
    click.echo(run_audit(config, log=log, out=out, last=last, lang=language))
