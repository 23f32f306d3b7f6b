"""``intake check`` and ``intake registry ...``: thin wrappers over :mod:`addin.jobs.registry`.

The jobs are imported inside each command, for start-up time (the same measurement as in
:mod:`addin.cli.commands`: SQLAlchemy, pandas and the stages cost about 2.5 s of start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .options import (
    common_options,
    finish,
    handle_errors,
    inputs_argument,
    out_option,
    resolve,
)

__all__ = ["check", "registry"]

F = TypeVar("F", bound=Callable[..., Any])


def registry_option(fn: F) -> F:
    """--registry URL (a SQLite path or postgresql+psycopg://user@host/db)."""
    return click.option(
        "--registry",
        "url",
        default=None,
        metavar="URL",
        help="Registry: a SQLite file or postgresql+psycopg://user@host/db "
        "(default: $INTAKE_REGISTRY, [registry] url, a file in your data folder).",
    )(fn)


def _rep_option(required: bool, help: str) -> Callable[[F], F]:
    return click.option("--rep", required=required, default=None, help=help)


@click.command()
@inputs_argument
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@_rep_option(False, "Check as this rep (default: each row's 业务员).")
@registry_option
@common_options
@handle_errors
def check(
    inputs: tuple[Path, ...],
    fmt: str,
    rep: str | None,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Check reps' sheets against the customer registry: new / yours / taken / pool / possible.

    Shows the owner of a taken customer, never its contact details. Exit code 0: nothing
    taken, 1: some rows are other reps' protected customers, 2: unusable input or registry.
    """
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry import run_check

    config, language = resolve(config_path, lang)
    outcome = run_check(inputs, config=config, url=url, rep=rep, lang=language)
    finish(outcome.render(fmt), outcome.exit_code)


@click.group()
def registry() -> None:
    """The customer registry (登记与公海): who owns which customer, since when, until when."""


@registry.command()
@registry_option
@common_options
@handle_errors
def init(url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Create the registry, or upgrade an older one to this version's schema."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry import run_registry_init

    config, language = resolve(config_path, lang)
    outcome = run_registry_init(config, url, language)
    finish(outcome.message, outcome.exit_code)


@registry.command("import")
@inputs_argument
@_rep_option(False, "Register for this rep (default: each row's 业务员).")
@registry_option
@common_options
@handle_errors
def import_cmd(
    inputs: tuple[Path, ...],
    rep: str | None,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Register the customers of reps' files (new ones for their rep; follow-ups; 撞单)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry import run_registry_import

    config, language = resolve(config_path, lang)
    outcome = run_registry_import(inputs, config=config, url=url, rep=rep, lang=language)
    finish(outcome.render("table"), outcome.exit_code)


@registry.command()
@registry_option
@common_options
@handle_errors
def status(url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Customers owned and in the pool, per rep."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_status

    config, language = resolve(config_path, lang)
    outcome = run_registry_status(config, url, language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@out_option(Path("业绩看板.xlsx"))
@click.option("--weeks", type=click.IntRange(min=1), default=None, help="Only the last N weeks.")
@_rep_option(False, "Only this rep (default: every rep).")
@registry_option
@common_options
@handle_errors
def kpi(
    out: Path,
    weeks: int | None,
    rep: str | None,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """The 业绩看板: per rep and week, owned, registered, follow-ups, sheet quality, 撞单."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_kpi import run_registry_kpi

    config, language = resolve(config_path, lang)
    outcome = run_registry_kpi(out, config=config, url=url, weeks=weeks, rep=rep, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("customer")
@registry_option
@common_options
@handle_errors
def history(customer: str, url: str | None, config_path: Path | None, lang: str | None) -> None:
    """A customer's history (number or name): registered, claimed, released, transferred, ..."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_history

    config, language = resolve(config_path, lang)
    outcome = run_registry_history(customer, config=config, url=url, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("customer")
@_rep_option(True, "The rep who claims it.")
@registry_option
@common_options
@handle_errors
def claim(
    customer: str, rep: str, url: str | None, config_path: Path | None, lang: str | None
) -> None:
    """Claim a customer from the public pool (公海); the first claim wins. Exit 1 when refused."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_claim

    config, language = resolve(config_path, lang)
    outcome = run_registry_claim(customer, rep, config=config, url=url, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("customer")
@_rep_option(True, "The rep who owns it.")
@click.option("--reason", default="", help="Why (kept in the history).")
@registry_option
@common_options
@handle_errors
def release(
    customer: str,
    rep: str,
    reason: str,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Give a customer back to the public pool (公海)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_release

    config, language = resolve(config_path, lang)
    outcome = run_registry_release(
        customer, rep, reason=reason, config=config, url=url, lang=language
    )
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("customer")
@click.option("--to", "to", required=True, help="The rep who gets it.")
@click.option("--by", "by", required=True, help="The manager transferring it (see [managers]).")
@click.option("--reason", default="", help="Why (kept in the history).")
@registry_option
@common_options
@handle_errors
def transfer(
    customer: str,
    to: str,
    by: str,
    reason: str,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """A manager gives a customer to another rep."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_transfer

    config, language = resolve(config_path, lang)
    outcome = run_registry_transfer(
        customer, to, by, reason=reason, config=config, url=url, lang=language
    )
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@registry_option
@common_options
@handle_errors
def backup(folder: Path, url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Write a dated backup into FOLDER (the newest keep_backups = 8 are kept)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_backup

    config, language = resolve(config_path, lang)
    outcome = run_registry_backup(folder, config=config, url=url, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@registry_option
@common_options
@handle_errors
def restore(file: Path, url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Restore a backup into a new, empty registry (never over existing customers)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_admin import run_registry_restore

    config, language = resolve(config_path, lang)
    outcome = run_registry_restore(file, config=config, url=url, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.option("--username", required=True, help="The PostgreSQL user name (as in the URL).")
@common_options
@handle_errors
def setup(username: str, config_path: Path | None, lang: str | None) -> None:
    """Store a team registry's PostgreSQL password in the system keyring."""
    # imported here for start-up time (see the module docstring)
    from ..registry import set_registry_password

    _, language = resolve(config_path, lang)
    password = click.prompt(f"Password for {username}", hide_input=True, confirmation_prompt=True)
    click.echo(set_registry_password(username, password, lang=language))


@registry.command()
@click.argument("login")
@click.option("--rep", "person", required=True, help="The rep (or manager) this login is.")
@registry_option
@common_options
@handle_errors
def grant(
    login: str, person: str, url: str | None, config_path: Path | None, lang: str | None
) -> None:
    """Team PostgreSQL: let LOGIN read and register as a rep (its password from the keyring)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_access import run_registry_grant

    config, language = resolve(config_path, lang)
    outcome = run_registry_grant(login, person, config=config, url=url, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@click.argument("login")
@registry_option
@common_options
@handle_errors
def revoke(login: str, url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Team PostgreSQL: LOGIN may no longer use the registry."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_access import run_registry_revoke

    config, language = resolve(config_path, lang)
    outcome = run_registry_revoke(login, config=config, url=url, lang=language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@registry_option
@common_options
@handle_errors
def managers(url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Team PostgreSQL: copy [managers] (rep -> manager) into the registry, replacing it."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_access import run_registry_managers

    config, language = resolve(config_path, lang)
    outcome = run_registry_managers(config, url, language)
    finish(outcome.message, outcome.exit_code)


@registry.command()
@registry_option
@common_options
@handle_errors
def logins(url: str | None, config_path: Path | None, lang: str | None) -> None:
    """Team PostgreSQL: every login, its rep and the rep's manager."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.registry_access import run_registry_logins

    config, language = resolve(config_path, lang)
    outcome = run_registry_logins(config, url, language)
    finish(outcome.message, outcome.exit_code)
