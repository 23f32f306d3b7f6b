"""The command line's language: help texts from the catalogue, click's own words translated.

The language is chosen once per invocation, before click parses anything (so that ``--help``
and click's usage errors are already in it): ``--lang`` on the command line, else ``lang`` in
the configuration file (``--config``, ``$INTAKE_CONFIG``, ``./intake.toml``), else Chinese.
"""

from __future__ import annotations

import gettext
import sys
from collections.abc import Sequence
from typing import Any

import click

from ..config import load_config
from ..errors import ConfigError
from ..schema import Lang
from .click_texts import CLICK_ZH
from .texts import TEXTS, msg

__all__ = [
    "LocalizedGroup",
    "current_lang",
    "lang_from_args",
    "localize",
    "option_code",
    "short_help",
]

_state: dict[str, Lang] = {"lang": "zh"}
_patched: set[str] = set()


def current_lang() -> Lang:
    """The language the current invocation chose (see the module doc)."""
    return _state["lang"]


def _option_value(args: Sequence[str], name: str) -> str | None:
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def lang_from_args(args: Sequence[str]) -> Lang:
    """``--lang`` in ``args``, else the configuration's ``lang``, else ``"zh"``."""
    given = _option_value(args, "--lang")
    if given in ("zh", "en"):
        return given  # type: ignore[return-value]
    try:
        return load_config(_option_value(args, "--config")).lang
    except ConfigError:  # the command itself reports a broken file, in the default language
        return "zh"


def _gettext(message: str) -> str:
    return CLICK_ZH.get(message, message) if current_lang() == "zh" else message


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def _translate_click() -> None:
    """Route click's gettext calls through :data:`CLICK_ZH` (click ships no translations)."""
    for name, module in list(sys.modules.items()):
        if name in _patched or not (name == "click" or name.startswith("click.")):
            continue
        names = vars(module)
        if names.get("_") is gettext.gettext:
            module._ = _gettext  # type: ignore[attr-defined]
        if names.get("ngettext") is gettext.ngettext:
            module.ngettext = _ngettext  # type: ignore[attr-defined]
        _patched.add(name)


def short_help(text: str) -> str:
    """The first sentence of a help text, for the list of commands."""
    first = text.split("\n\n", 1)[0]
    for stop in ("。", ". "):
        if stop in first:
            return first.split(stop, 1)[0] + ("。" if stop == "。" else ".")
    return first


def _code(path: str) -> str:
    return path.replace(" ", "_").replace("-", "_") or "main"


def option_code(path: str, param: click.Option) -> str:
    """The catalogue code of an option's help: ``cli_opt_<command>_<option>`` if the command
    has its own text, else the shared ``cli_opt_<option>`` (``--lang``, ``--config``, ...)."""
    name = max(param.opts, key=len).lstrip("-").replace("-", "_")
    specific = f"cli_opt_{_code(path)}_{name}"
    return specific if specific in TEXTS else f"cli_opt_{name}"


def _localize_command(cmd: click.Command, path: str, lang: Lang) -> None:
    key = _code(path)
    cmd.help = msg(f"cli_help_{key}", lang)
    cmd.short_help = short_help(cmd.help)
    for param in cmd.params:
        if isinstance(param, click.Option) and param.name != "help":  # click translates --help
            param.help = msg(option_code(path, param), lang)
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            _localize_command(sub, f"{path} {name}".strip(), lang)


def localize(group: click.Group, lang: Lang) -> None:
    """Put every help text of ``group`` (and below) and click's own words in ``lang``."""
    _state["lang"] = lang
    _translate_click()
    _localize_command(group, "", lang)


class LocalizedGroup(click.Group):
    """The ``intake`` group: picks the language from the arguments before click parses them."""

    def main(self, args: Sequence[str] | None = None, **kwargs: Any) -> Any:  # type: ignore[override]
        argv = list(sys.argv[1:] if args is None else args)
        localize(self, lang_from_args(argv))
        return super().main(argv, **kwargs)
