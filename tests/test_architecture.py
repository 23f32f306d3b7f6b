"""The layout holds: stages as layers, no import circles, short modules, one message catalogue.

These tests make the structure a newcomer relies on impossible to erode by accident. The layer
order itself is declared once, in ``[tool.importlinter]`` of pyproject.toml.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from itertools import pairwise
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

import addin
from addin.messages import catalogues

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "addin"
MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 400
LONG_ALLOWED = {"schema.py"}  # the field table is data


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_import_contracts_are_kept() -> None:
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def test_no_import_circles_between_modules() -> None:
    graph = grimp.build_graph("addin", exclude_type_checking_imports=True)
    cycles: list[tuple[str, ...]] = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            # A package's __init__ re-exporting its parts is not a circle of the parts.
            if module.startswith(imported + "."):
                continue
            chain = graph.find_shortest_chain(importer=imported, imported=module)
            if chain and not any(a.startswith(b + ".") for a, b in pairwise(chain)):
                cycles.append((module, *chain))
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_module_is_short(path: Path) -> None:
    if path.name in LONG_ALLOWED and path.parent == PACKAGE:
        return
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{_rel(path)} has {lines} lines; split it by idea"


# What a comment beside a deferred import must name: a measured start-up cost.
WHY_LAZY = ("start-up", "importtime")


def _function_imports(tree: ast.Module) -> list[ast.stmt]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found += [n for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)]
    return found


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_imports_inside_functions_say_why(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    for node in _function_imports(ast.parse(source)):
        nearby = " ".join(lines[max(0, node.lineno - 3) : node.end_lineno])
        assert any(word in nearby for word in WHY_LAZY), (
            f"{_rel(path)}:{node.lineno}: an import inside a function needs a measured "
            "start-up reason in a comment (otherwise import at the top)"
        )


def _is_lang_test(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Name | ast.Attribute)
        and any(isinstance(c, ast.Constant) and c.value in ("zh", "en") for c in node.comparators)
    )


def _is_text(node: ast.expr) -> bool:
    return (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(
        node, ast.JoinedStr
    )


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_user_text_lives_in_catalogues(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inline = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.IfExp)
        and _is_lang_test(node.test)
        and _is_text(node.body)
        and _is_text(node.orelse)
    ]
    assert not inline, f"{_rel(path)}: zh/en text chosen inline on lines {inline}; use a Catalogue"


def _all_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(addin.__path__, "addin.")]


def test_every_catalogue_is_complete() -> None:
    for name in _all_modules():
        if name.startswith("addin.excel.buttons"):
            continue  # imports xlwings lazily; its texts are in addin.excel.texts
        importlib.import_module(name)
    found = catalogues()
    assert "common" in found
    for catalogue in found.values():
        assert len(catalogue), catalogue.name
        for code, (zh, en) in catalogue.items():
            assert zh.strip() and en.strip(), f"{catalogue.name}.{code}"


def test_no_registration_by_side_effect() -> None:
    offenders = [
        _rel(path)
        for path in MODULES
        if "register(" in (text := path.read_text(encoding="utf-8")) or "noqa: F401" in text
    ]
    assert not offenders


SUBPACKAGES = sorted(p.parent for p in PACKAGE.glob("*/__init__.py"))


@pytest.mark.parametrize("folder", SUBPACKAGES, ids=lambda p: p.name)
def test_package_face_only_hands_names_on(folder: Path) -> None:
    tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{folder.name}/__init__.py needs a one-line docstring"
    for node in tree.body[1:]:
        if isinstance(node, ast.ImportFrom):
            assert node.level == 1, f"{folder.name}: re-export from its own modules only"
            continue
        assert isinstance(node, ast.Assign), f"{folder.name}/__init__.py line {node.lineno}"
        assert [t.id for t in node.targets if isinstance(t, ast.Name)] == ["__all__"]


@pytest.mark.parametrize("folder", SUBPACKAGES, ids=lambda p: p.name)
def test_exported_members(folder: Path) -> None:
    """As in httpx's tests/test_exported_members.py: __all__ is exactly what the face hands on."""
    package = importlib.import_module(f"addin.{folder.name}")
    exported = list(package.__all__)
    assert exported == sorted(exported), f"addin.{folder.name}.__all__ is not sorted"
    assert len(set(exported)) == len(exported)
    tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
    imported = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert imported == set(exported)
    for name in exported:
        assert hasattr(package, name), f"addin.{folder.name}.{name}"


@pytest.mark.parametrize("folder", SUBPACKAGES, ids=lambda p: p.name)
def test_tests_follow_the_folders(folder: Path) -> None:
    tests = ROOT / "tests" / folder.name
    assert tests.is_dir() and any(tests.glob("test_*.py")), f"no tests/{folder.name}/"
