from pathlib import Path

from addin.docs import fields_markdown, update_readme
from addin.schema import FIELDS

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_field_table_is_generated_from_the_schema() -> None:
    assert update_readme(README, check=True), "README is out of date: run python -m addin.docs"


def test_field_table_lists_every_field() -> None:
    table = fields_markdown()
    assert all(f"`{f.key}`" in table for f in FIELDS)


def test_readme_starts_with_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    block = text.split("```")[1].strip().splitlines()
    assert block == ["python3 tasks.py demo", "python3 tasks.py test"]
    ci = (README.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "tasks.py test" in ci
