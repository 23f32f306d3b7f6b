"""Where the ``[registry]`` settings point, whatever folder a job starts in."""

from __future__ import annotations

from pathlib import Path

import pytest

from addin.config import load_config
from addin.registry import load_registry_settings
from addin.registry.connect import registry_url as registry_url_of


def test_a_relative_registry_in_the_config_lies_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`[registry] url = "team.sqlite"` is the file beside intake.toml, from whatever folder."""
    folder = tmp_path / "sales"
    folder.mkdir()
    (folder / "intake.toml").write_text('[registry]\nurl = "data/team.sqlite"\n', "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("INTAKE_REGISTRY", raising=False)
    config = load_config(folder / "intake.toml")
    _url, path = registry_url_of(load_registry_settings(config))
    assert path == (folder / "data" / "team.sqlite").resolve()
    (folder / "intake.toml").write_text(
        '[registry]\nurl = "sqlite:///team.sqlite?timeout=5"\n', "utf-8"
    )
    settings = load_registry_settings(load_config(folder / "intake.toml"))
    assert settings.url == f"sqlite:///{(folder / 'team.sqlite').resolve().as_posix()}?timeout=5"
    # typed on the command line (or in the environment): relative to the current folder
    assert load_registry_settings(config, url="mine.sqlite").url == "mine.sqlite"
    monkeypatch.setenv("INTAKE_REGISTRY", "env.sqlite")
    assert load_registry_settings(config).url == "env.sqlite"
