"""Command line: ``intake COMMAND`` (also ``python -m addin``).

Each command parses its options, makes one call into :mod:`addin.jobs` and turns our errors
into a clean message and exit code: 0 done / all valid, 1 problems found in the data, 2
unusable input or configuration. Help texts come from the catalogue (:mod:`addin.cli.texts`),
in the invocation's language (:mod:`addin.cli.localize`); docstrings here are for developers.

The jobs are imported inside each command, for start-up time: ``intake --help`` takes 0.14 s
instead of about 2.5 s with pandas, openpyxl and the stages imported up front (measured with
``python -X importtime -m addin --help`` and wall clock).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from .install import addin, audit_cmd, demo, excel, template
from .localize import LocalizedGroup, current_lang
from .options import (
    as_of_option,
    common_options,
    finish,
    handle_errors,
    inputs_argument,
    out_dir_option,
    out_option,
    resolve,
    settings_option,
)
from .registry import check, registry, registry_option
from .texts import msg

__all__ = ["main"]


@click.group(cls=LocalizedGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="customer-intake-addin")
def main() -> None:
    """The ``intake`` group."""


for _command in (template, demo, audit_cmd, addin, excel, check, registry):
    main.add_command(_command)


@main.command()
@inputs_argument
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--sheet", default=None)
@click.option("--marked-copy", type=click.Path(file_okay=False, path_type=Path))
@click.option("--in-place", is_flag=True)
@common_options
@handle_errors
def validate(
    inputs: tuple[Path, ...],
    report: Path | None,
    fmt: str,
    sheet: str | None,
    marked_copy: Path | None,
    in_place: bool,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Check intake files; every bad cell is listed at once."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.validate import run_validate

    config, language = resolve(config_path, lang)
    outcome = run_validate(
        inputs,
        config=config,
        lang=language,
        sheet=sheet,
        report=report,
        marked_copy=marked_copy,
        in_place=in_place,
        progress=fmt == "table",
    )
    finish(outcome.render(fmt), outcome.exit_code)


@main.group(invoke_without_command=True)
@out_dir_option()
@click.option("--send/--dry-run", default=False, show_default=True)
@click.option("--retry-held", is_flag=True)
@common_options
@click.pass_context
@handle_errors
def email(
    ctx: click.Context,
    out_dir: Path | None,
    send: bool,
    retry_held: bool,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """E-mail each manager their follow-up workbook (a dry run unless --send)."""
    if ctx.invoked_subcommand:
        return
    if out_dir is None:
        raise click.UsageError(msg("cli_out_dir_required", current_lang()))
    # imported here for start-up time (see the module docstring)
    from ..jobs.email import run_email

    config, language = resolve(config_path, lang)
    report = run_email(out_dir, config=config, send=send, lang=language, retry_held=retry_held)
    finish(report.render(language), report.exit_code)


@email.command("setup")
@click.option("--username", default=None)
@click.option("--check", is_flag=True)
@common_options
@handle_errors
def email_setup(
    username: str | None, check: bool, config_path: Path | None, lang: str | None
) -> None:
    """Store the SMTP password in the system keyring."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.email import mail_username, run_email_setup

    config, language = resolve(config_path, lang)
    user = username or mail_username(config) or click.prompt(msg("cli_smtp_username", language))
    password = click.prompt(
        msg("cli_password_for", language, user=user), hide_input=True, confirmation_prompt=True
    )
    click.echo(run_email_setup(config, user, password, check=check, lang=language))


@main.command()
@inputs_argument
@out_option(Path("duplicates.xlsx"))
@click.option("--clusters-csv", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option(
    "--decisions", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None
)
@registry_option
@common_options
@handle_errors
def dedupe(
    inputs: tuple[Path, ...],
    out: Path,
    clusters_csv: Path | None,
    decisions: Path | None,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Find duplicate customers across reps (撞单)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.dedupe import run_dedupe

    config, language = resolve(config_path, lang)
    outcome = run_dedupe(
        inputs,
        out,
        clusters_csv=clusters_csv,
        config=config,
        lang=language,
        decisions=decisions,
        registry=url,
    )
    finish("\n".join(outcome.lines), outcome.exit_code)


@main.command()
@inputs_argument
@out_option(Path("classification.xlsx"))
@as_of_option
@settings_option()
@common_options
@handle_errors
def classify(
    inputs: tuple[Path, ...],
    out: Path,
    as_of: dt.date | None,
    settings_workbook: Path | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Classify customers, with the rule for each."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.classify import run_classify

    config, language = resolve(config_path, lang)
    outcome = run_classify(
        inputs,
        out,
        config=config,
        lang=language,
        settings_workbook=settings_workbook,
        as_of=as_of or dt.date.today(),
    )
    finish(outcome.message, outcome.exit_code)


@main.command()
@inputs_argument
@out_dir_option(Path("followups"))
@click.option("--no-duplicates", is_flag=True)
@as_of_option
@settings_option()
@common_options
@handle_errors
def followups(
    inputs: tuple[Path, ...],
    out_dir: Path,
    no_duplicates: bool,
    as_of: dt.date | None,
    settings_workbook: Path | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Write follow-up workbooks per rep and per manager."""
    # imported here for start-up time (see the module docstring)
    from ..jobs.followups import run_followups

    config, language = resolve(config_path, lang)
    outcome = run_followups(
        inputs,
        out_dir,
        config=config,
        lang=language,
        settings_workbook=settings_workbook,
        as_of=as_of or dt.date.today(),
        duplicates=not no_duplicates,
    )
    finish(outcome.message, outcome.exit_code)


@main.command()
@inputs_argument
@out_dir_option(required=True)
@click.option("--send", is_flag=True)
@click.option("--dry-run", is_flag=True)
@settings_option(exists=False)
@click.option("--mark", is_flag=True)
@as_of_option
@click.option(
    "--decisions", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None
)
@registry_option
@common_options
@handle_errors
def run(
    inputs: tuple[Path, ...],
    out_dir: Path,
    send: bool,
    dry_run: bool,
    settings_workbook: Path | None,
    mark: bool,
    as_of: dt.date | None,
    decisions: Path | None,
    url: str | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Everything in one go: consolidate, validate, dedupe, classify, follow-ups, e-mail."""
    if send and dry_run:
        raise click.UsageError(msg("cli_send_and_dry_run", current_lang()))
    # imported here for start-up time (see the module docstring)
    from ..jobs.run import run_pipeline

    config, language = resolve(config_path, lang)
    result = run_pipeline(
        inputs,
        out_dir,
        config=config,
        lang=language,
        email="send" if send else "dry-run" if dry_run else "none",
        as_of=as_of,
        settings_workbook=settings_workbook,
        mark=mark,
        progress=True,
        decisions=decisions,
        registry=url,
    )
    finish(result.render(language), result.exit_code)
