"""Command line: ``intake COMMAND`` (also ``python -m addin``).

Each command parses its options, makes one call into :mod:`addin.jobs` and turns our errors
into a clean message and exit code: 0 done / all valid, 1 problems found in the data, 2
unusable input or configuration.

The jobs are imported inside each command, for start-up time: ``intake --help`` takes 0.14 s
instead of about 2.5 s with pandas, openpyxl and the stages imported up front (measured with
``python -X importtime -m addin --help`` and wall clock).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..schema import Lang
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
from .registry import check, registry

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="customer-intake-addin")
def main() -> None:
    """Customer intake: validate reps' workbooks, find duplicate customers (撞单), classify,
    write follow-up sheets and e-mail them to managers."""


# One command per job, each a thin wrapper over one call into addin.jobs.


@main.command()
@inputs_argument
@click.option(
    "--report",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report workbook here.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--sheet", default=None, help="Sheet to read (default: found by its headers).")
@click.option(
    "--marked-copy",
    type=click.Path(file_okay=False, path_type=Path),
    help="Save a copy of each workbook with bad cells marked into this folder.",
)
@click.option(
    "--in-place",
    is_flag=True,
    help="Mark bad cells in the input workbooks themselves (a backup is kept).",
)
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
    """Check intake files (or folders of them); every bad cell is listed at once.

    Exit code 0: all valid, 1: problems found, 2: a file could not be read.
    """
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_validate

    _, language = resolve(config_path, lang)
    outcome = run_validate(
        inputs,
        lang=language,
        sheet=sheet,
        report=report,
        marked_copy=marked_copy,
        in_place=in_place,
        progress=fmt == "table",
    )
    finish(outcome.render(fmt), outcome.exit_code)


@main.command()
@out_option(
    "Where to write the workbook (default: templates/customer_intake.xlsm, "
    "templates/customer_intake_en.xlsm for --lang en)."
)
@common_options
@handle_errors
def template(out: Path | None, config_path: Path | None, lang: str | None) -> None:
    """Generate the intake workbook (.xlsm: drop-downs, checks, help, ribbon) from the field list."""
    # imported here for start-up time (see the module docstring)
    from ..template.build import build_template

    _, language = resolve(config_path, lang)
    click.echo(build_template(out, lang=language))


@main.group(invoke_without_command=True)
@out_dir_option("Follow-up folder (with manifest.json) to e-mail.")
@click.option(
    "--send/--dry-run",
    default=False,
    show_default=True,
    help="Send now, or only write the messages to OUT_DIR/outbox (the default).",
)
@common_options
@click.pass_context
@handle_errors
def email(
    ctx: click.Context, out_dir: Path | None, send: bool, config_path: Path | None, lang: str | None
) -> None:
    """E-mail each manager their follow-up workbook (a dry run unless --send).

    Failed messages stay in OUT_DIR/outbox and are retried next time; nothing is sent twice.
    Exit code 0: all managers served, 1: some were not (listed), 2: unusable input or settings.
    """
    if ctx.invoked_subcommand:
        return
    if out_dir is None:
        raise click.UsageError("--out-dir is required")
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_email

    config, language = resolve(config_path, lang)
    report = run_email(out_dir, config=config, send=send, lang=language)
    finish(report.render(language), report.exit_code)


@email.command("setup")
@click.option("--username", default=None, help="Mailbox login (default: [email] username).")
@click.option("--check", is_flag=True, help="Then log in to the server to test the password.")
@common_options
@handle_errors
def email_setup(
    username: str | None, check: bool, config_path: Path | None, lang: str | None
) -> None:
    """Store the SMTP password in the system keyring (typed hidden, never written to a file)."""
    # imported here for start-up time (see the module docstring)
    from ..jobs import mail_username, run_email_setup

    config, language = resolve(config_path, lang)
    user = username or mail_username(config) or click.prompt("SMTP username")
    password = click.prompt(f"Password for {user}", hide_input=True, confirmation_prompt=True)
    click.echo(run_email_setup(config, user, password, check=check, lang=language))


@main.command()
@inputs_argument
@out_option("The Duplicates workbook to write.", Path("duplicates.xlsx"))
@click.option(
    "--clusters-csv",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write one CSV line per record in a group here.",
)
@common_options
@handle_errors
def dedupe(
    inputs: tuple[Path, ...],
    out: Path,
    clusters_csv: Path | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Find duplicate customers across reps (撞单) in intake files or folders.

    Exit code 0: done (duplicates or not), 2: no input could be used.
    """
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_dedupe

    config, language = resolve(config_path, lang)
    outcome = run_dedupe(inputs, out, clusters_csv=clusters_csv, config=config, lang=language)
    finish("\n".join(outcome.lines), outcome.exit_code)


@main.command()
@inputs_argument
@out_option("The classification workbook to write.", Path("classification.xlsx"))
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
    """Classify customers (type, ABC tier, RFM segment, lifecycle, ...) with the rule for each.

    Exit code 0: written, 2: no input could be used or the settings are invalid.
    """
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_classify

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
@out_dir_option("Folder for reps/, managers/ and manifest.json.", Path("followups"))
@click.option("--no-duplicates", is_flag=True, help="Skip the duplicate check (撞单) reason.")
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
    """Write follow-up workbooks per rep and per manager: who to contact, why and by when.

    Exit code 0: written, 2: no input could be used or the settings are invalid.
    """
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_followups

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
@out_dir_option("Folder for all outputs.", required=True)
@click.option("--send", "email", flag_value="send", help="E-mail each manager their follow-ups.")
@click.option(
    "--dry-run",
    "email",
    flag_value="dry-run",
    help="Write the e-mails to the outbox as .eml files, send nothing.",
)
@settings_option("Template-shaped workbook whose 设置 sheet maps reps to managers.", exists=False)
@click.option(
    "--mark", is_flag=True, help="Also save copies of the reps' files with bad cells marked."
)
@as_of_option
@common_options
@handle_errors
def run(
    inputs: tuple[Path, ...],
    out_dir: Path,
    email: str | None,
    settings_workbook: Path | None,
    mark: bool,
    as_of: dt.date | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Everything in one go: consolidate, validate, dedupe, classify, follow-ups, e-mail.

    INPUTS are reps' files or folders. Exit code 0: all good, 1: problems in the data or
    e-mails not delivered, 2: no usable input.
    """
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_pipeline

    config, language = resolve(config_path, lang)
    result = run_pipeline(
        inputs,
        out_dir,
        config=config,
        lang=language,
        email=email or "none",  # type: ignore[arg-type]
        as_of=as_of,
        settings_workbook=settings_workbook,
        mark=mark,
        progress=True,
    )
    finish(result.render(language), result.exit_code)


@main.command()
@out_dir_option("Folder for the sample files and all outputs.", Path("demo-output"))
@click.option(
    "--reps",
    "n_reps",
    type=click.IntRange(1, 200),
    default=8,
    show_default=True,
    help="How many reps' sample files to generate.",
)
@click.option(
    "--rows",
    type=click.IntRange(1, 100_000),
    default=60,
    show_default=True,
    help="Customer rows per rep.",
)
@as_of_option
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the sample files, sheets and messages.",
)
@handle_errors
def demo(out_dir: Path, n_reps: int, rows: int, as_of: dt.date | None, lang: Lang) -> None:
    """Generate sample reps' files and run the whole pipeline on them (e-mail as a dry run)."""
    # imported here for start-up time (see the module docstring)
    from ..sample.demo import run_demo

    click.echo(run_demo(out_dir, n_reps=n_reps, rows=rows, lang=lang, as_of=as_of))


@main.command("audit")
@out_option("Write the log as a workbook (newest first) instead of printing it.")
@click.option(
    "--log",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The log file (default: $INTAKE_AUDIT_LOG, [audit] path, ~/.customer-intake/audit.jsonl).",
)
@click.option(
    "--last", type=click.IntRange(1), default=20, show_default=True, help="Entries to print."
)
@common_options
@handle_errors
def audit_cmd(
    out: Path | None, log: Path | None, last: int, config_path: Path | None, lang: str | None
) -> None:
    """Show the audit log: who ran what, when, on which files (SHA-256), with what counts."""
    # imported here for start-up time (see the module docstring)
    from ..jobs import run_audit

    config, language = resolve(config_path, lang)
    click.echo(run_audit(config, log=log, out=out, last=last, lang=language))


# The registry's commands live in their own module (addin/cli/registry.py).
main.add_command(check)
main.add_command(registry)
