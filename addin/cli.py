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


def resolve(config_path: Path | None, lang: str | None) -> tuple[Config, str]:
    """The configuration and the effective language."""
    config = load_config(config_path)
    return config, (lang or config.lang)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="customer-intake-addin")
def main() -> None:
    """Customer intake: validate reps' workbooks, find duplicate customers (撞单), classify,
    write follow-up sheets and e-mail them to managers."""


# Commands are defined below, one per job. Keep each a thin wrapper over one library call.
