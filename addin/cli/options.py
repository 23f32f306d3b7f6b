"""The options and plumbing the ``intake`` commands share, as decorators (sqlite-utils style).

Help texts are not written here: :mod:`addin.cli.localize` fills them in from the catalogue
(:mod:`addin.cli.texts`) in the invocation's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from ..config import Config, load_config
from ..errors import ConfigError, InputError, IntakeError
from ..schema import Lang
from .localize import current_lang
from .texts import msg

__all__ = [
    "EXIT_UNUSABLE",
    "as_of_option",
    "common_options",
    "finish",
    "handle_errors",
    "inputs_argument",
    "out_dir_option",
    "out_option",
    "resolve",
    "settings_option",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Exit code for unusable input or configuration (0 done / all valid, 1 problems in the data).
EXIT_UNUSABLE = 2


def common_options(fn: F) -> F:
    """--lang and --config, shared by every command."""
    fn = click.option(
        "--lang",
        type=click.Choice(["zh", "en"]),
        default=None,
    )(fn)
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
    )(fn)
    return fn


def handle_errors(fn: F) -> F:
    """Turn our exceptions into a one-line message on stderr and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (InputError, ConfigError, IntakeError) as exc:
            click.echo(msg("cli_error", current_lang(), message=exc), err=True)
            sys.exit(EXIT_UNUSABLE)

    return wrapper  # type: ignore[return-value]


def resolve(config_path: Path | None, lang: str | None) -> tuple[Config, Lang]:
    """The configuration and the effective language."""
    config = load_config(config_path)
    return config, "en" if (lang or config.lang) == "en" else "zh"


def finish(text: object, exit_code: int = 0) -> NoReturn:
    """Print a job's text and leave with its exit code."""
    click.echo(text)
    sys.exit(exit_code)


def inputs_argument(fn: F) -> F:
    """INPUTS: reps' files and/or folders (searched recursively)."""
    return click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))(fn)


def _to_date(_ctx: click.Context, _param: click.Parameter, value: dt.datetime | None) -> Any:
    return value.date() if value else None


def as_of_option(fn: F) -> F:
    """--as-of YYYY-MM-DD, given to the command as a ``datetime.date`` (None: today)."""
    return click.option(
        "--as-of",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        callback=_to_date,
    )(fn)


def settings_option(*, exists: bool = True) -> Callable[[F], F]:
    """--settings WORKBOOK, given to the command as ``settings_workbook``."""
    return click.option(
        "--settings",
        "settings_workbook",
        default=None,
        type=click.Path(dir_okay=False, exists=exists, path_type=Path),
    )


def out_option(default: Path | None = None) -> Callable[[F], F]:
    """--out FILE (a workbook to write)."""
    return click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        default=default,
        show_default=default is not None,
    )


def out_dir_option(default: Path | None = None, *, required: bool = False) -> Callable[[F], F]:
    """--out-dir FOLDER (where the outputs go)."""
    return click.option(
        "--out-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        required=required,
        show_default=default is not None,
    )
