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
    from .jobs.validate import run_validate

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
    click.echo(outcome.render(fmt))
    sys.exit(outcome.exit_code)


@main.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the workbook (default: templates/customer_intake.xlsm, "
    "templates/customer_intake_en.xlsm for --lang en).",
)
@common_options
@handle_errors
def template(out: Path | None, config_path: Path | None, lang: str | None) -> None:
    """Generate the intake workbook (.xlsm: drop-downs, checks, help, ribbon) from the field list."""
    from .template.build import build_template

    _, language = resolve(config_path, lang)
    click.echo(build_template(out, lang=language))


@main.group(invoke_without_command=True)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Follow-up folder (with manifest.json) to e-mail.",
)
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
    from .mail.send import MailSettings, send_followups

    config, language = resolve(config_path, lang)
    report = send_followups(out_dir, MailSettings.from_config(config), send=send, lang=language)
    click.echo(report.render(language))
    sys.exit(report.exit_code)


@email.command("setup")
@click.option("--username", default=None, help="Mailbox login (default: [email] username).")
@click.option("--check", is_flag=True, help="Then log in to the server to test the password.")
@common_options
@handle_errors
def email_setup(
    username: str | None, check: bool, config_path: Path | None, lang: str | None
) -> None:
    """Store the SMTP password in the system keyring (typed hidden, never written to a file)."""
    import dataclasses

    from .mail.secrets import set_password
    from .mail.send import MailSettings, check_login

    config, language = resolve(config_path, lang)
    settings = MailSettings.from_config(config)
    user = username or settings.username or click.prompt("SMTP username")
    password = click.prompt(f"Password for {user}", hide_input=True, confirmation_prompt=True)
    click.echo(set_password(user, password, lang=language))
    if check:
        click.echo(check_login(dataclasses.replace(settings, username=user), lang=language))


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("duplicates.xlsx"),
    show_default=True,
    help="The Duplicates workbook to write.",
)
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
    from .duplicates import load_dedupe_settings, run_dedupe

    config, language = resolve(config_path, lang)
    settings = load_dedupe_settings(config)
    outcome = run_dedupe(inputs, out, clusters_csv=clusters_csv, settings=settings, lang=language)
    click.echo("\n".join(outcome.lines))
    sys.exit(outcome.exit_code)


def _as_of_option(fn: F) -> F:
    return click.option(
        "--as-of",
        type=click.DateTime(["%Y-%m-%d"]),
        default=None,
        help="Date the lists are for, YYYY-MM-DD (default: today).",
    )(fn)


def _settings_option(fn: F) -> F:
    return click.option(
        "--settings",
        "settings_workbook",
        default=None,
        type=click.Path(dir_okay=False, exists=True, path_type=Path),
        help="Workbook with a 设置/Settings sheet (managers, rule overrides).",
    )(fn)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("classification.xlsx"),
    show_default=True,
    help="The classification workbook to write.",
)
@_as_of_option
@_settings_option
@common_options
@handle_errors
def classify(
    inputs: tuple[Path, ...],
    out: Path,
    as_of: Any,
    settings_workbook: Path | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Classify customers (type, ABC tier, RFM segment, lifecycle, ...) with the rule for each.

    Exit code 0: written, 2: no input could be used or the settings are invalid.
    """
    import datetime as dt

    from .jobs.steps import run_classify

    config, language = resolve(config_path, lang)
    outcome = run_classify(
        inputs,
        out,
        config=config,
        lang=language,
        settings_workbook=settings_workbook,
        as_of=as_of.date() if as_of else dt.date.today(),
    )
    click.echo(outcome.message)
    sys.exit(outcome.exit_code)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("followups"),
    show_default=True,
    help="Folder for reps/, managers/ and manifest.json.",
)
@click.option("--no-duplicates", is_flag=True, help="Skip the duplicate check (撞单) reason.")
@_as_of_option
@_settings_option
@common_options
@handle_errors
def followups(
    inputs: tuple[Path, ...],
    out_dir: Path,
    no_duplicates: bool,
    as_of: Any,
    settings_workbook: Path | None,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Write follow-up workbooks per rep and per manager: who to contact, why and by when.

    Exit code 0: written, 2: no input could be used or the settings are invalid.
    """
    import datetime as dt

    from .jobs.steps import run_followups

    config, language = resolve(config_path, lang)
    outcome = run_followups(
        inputs,
        out_dir,
        config=config,
        lang=language,
        settings_workbook=settings_workbook,
        as_of=as_of.date() if as_of else dt.date.today(),
        duplicates=not no_duplicates,
    )
    click.echo(outcome.message)
    sys.exit(outcome.exit_code)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for all outputs.",
)
@click.option("--send", "email", flag_value="send", help="E-mail each manager their follow-ups.")
@click.option(
    "--dry-run",
    "email",
    flag_value="dry-run",
    help="Write the e-mails to the outbox as .eml files, send nothing.",
)
@click.option(
    "--settings",
    "settings_workbook",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Template-shaped workbook whose 设置 sheet maps reps to managers.",
)
@click.option(
    "--mark", is_flag=True, help="Also save copies of the reps' files with bad cells marked."
)
@_as_of_option
@common_options
@handle_errors
def run(
    inputs: tuple[Path, ...],
    out_dir: Path,
    email: str | None,
    settings_workbook: Path | None,
    mark: bool,
    as_of: Any,
    config_path: Path | None,
    lang: str | None,
) -> None:
    """Everything in one go: consolidate, validate, dedupe, classify, follow-ups, e-mail.

    INPUTS are reps' files or folders. Exit code 0: all good, 1: problems in the data or
    e-mails not delivered, 2: no usable input.
    """
    from .jobs.run import run_pipeline

    config, language = resolve(config_path, lang)
    result = run_pipeline(
        inputs,
        out_dir,
        config=config,
        lang=language,
        email=email or "none",  # type: ignore[arg-type]
        as_of=as_of.date() if as_of else None,
        settings_workbook=settings_workbook,
        mark=mark,
        progress=True,
    )
    click.echo(result.render(language))
    sys.exit(result.exit_code)


@main.command()
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("demo-output"),
    show_default=True,
    help="Folder for the sample files and all outputs.",
)
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
@_as_of_option
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the sample files, sheets and messages.",
)
@handle_errors
def demo(out_dir: Path, n_reps: int, rows: int, as_of: Any, lang: str) -> None:
    """Generate sample reps' files and run the whole pipeline on them (e-mail as a dry run)."""
    from .sample.demo import run_demo

    click.echo(
        run_demo(
            out_dir,
            n_reps=n_reps,
            rows=rows,
            lang="en" if lang == "en" else "zh",
            as_of=as_of.date() if as_of else None,
        )
    )


@main.command("audit")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the log as a workbook (newest first) instead of printing it.",
)
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
    from .audit import audit_path, read_audit, write_audit_sheet

    config, language = resolve(config_path, lang)
    path = log or audit_path(config)
    if out is not None:
        click.echo(write_audit_sheet(out, log=path, lang=language))
        return
    table = read_audit(path).tail(last)
    click.echo(
        table[["time", "user", "action", "status", "counts"]].to_string(index=False)
        if len(table)
        else path
    )
