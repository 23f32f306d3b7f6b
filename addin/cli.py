"""Command line: ``intake COMMAND`` (also ``python -m addin``).

Each command parses its options, makes one library call and turns our errors into a clean
message and exit code: 0 done / all valid, 1 problems found in the data, 2 unusable input
or configuration.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .config import Config, load_config
from .errors import ConfigError, InputError, IntakeError
from .schema import Lang

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_INVALID, EXIT_UNUSABLE = 0, 1, 2


def common_options(fn: F) -> F:
    """--lang and --config, shared by every command."""
    fn = click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
        help="Language of sheets and messages (default: from config, else zh).",
    )(fn)
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Configuration file (default: $INTAKE_CONFIG or ./intake.toml).",
    )(fn)
    return fn


def handle_errors(fn: F) -> F:
    """Turn our exceptions into a one-line message on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (InputError, ConfigError, IntakeError) as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_UNUSABLE)

    return wrapper  # type: ignore[return-value]


def resolve(config_path: Path | None, lang: str | None) -> tuple[Config, Lang]:
    """The configuration and the effective language."""
    config = load_config(config_path)
    return config, "en" if (lang or config.lang) == "en" else "zh"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="customer-intake-addin")
def main() -> None:
    """Customer intake: validate reps' workbooks, find duplicate customers (撞单), classify,
    write follow-up sheets and e-mail them to managers."""


# Commands are defined below, one per job. Keep each a thin wrapper over one library call.


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write the report workbook here.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--sheet", default=None, help="Sheet to read (default: found by its headers).")
@click.option("--marked-copy", type=click.Path(file_okay=False, path_type=Path),
              help="Save a copy of each workbook with bad cells marked into this folder.")
@click.option("--in-place", is_flag=True, help="Mark bad cells in the input workbooks themselves (a backup is kept).")
@common_options
@handle_errors
def validate(
    inputs: tuple[Path, ...], report: Path | None, fmt: str, sheet: str | None,
    marked_copy: Path | None, in_place: bool, config_path: Path | None, lang: str | None,
) -> None:
    """Check intake files (or folders of them); every bad cell is listed at once.

    Exit code 0: all valid, 1: problems found, 2: a file could not be read.
    """
    from .jobs import run_validate

    _, language = resolve(config_path, lang)
    outcome = run_validate(inputs, lang=language, sheet=sheet, report=report, marked_copy=marked_copy,
                           in_place=in_place, progress=fmt == "table")
    click.echo(outcome.render(fmt))
    sys.exit(outcome.exit_code)


@main.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the workbook (default: templates/customer_intake.xlsm, "
                   "templates/customer_intake_en.xlsm for --lang en).")
@common_options
@handle_errors
def template(out: Path | None, config_path: Path | None, lang: str | None) -> None:
    """Generate the intake workbook (.xlsm: drop-downs, checks, help, ribbon) from the field list."""
    from .template import build_template

    _, language = resolve(config_path, lang)
    click.echo(build_template(out, lang=language))
