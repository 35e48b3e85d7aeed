"""The demo sits above every app, and its data stays data (see demo/__init__.py)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
APPS = ("accounts", "matching", "mentorship", "programmes")
LOADER = (
    "demo.load",
    "demo.lifecycle",
    "demo.quiet",
    "demo.synthetic",
    "demo.synthetic_people",
    "demo.management",
)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from demo import load` imports demo.load.
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def importers(folder: Path, packages: tuple[str, ...]) -> list[str]:
    """The files under `folder` that import any of `packages` or a module inside them."""
    return [
        str(path.relative_to(ROOT))
        for path in sorted(folder.rglob("*.py"))
        if any(
            name == package or name.startswith(f"{package}.")
            for name in imports_of(path)
            for package in packages
        )
    ]


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_demo(app):
    assert importers(ROOT / app, ("demo",)) == []


def test_the_demo_data_imports_nothing_of_the_loader():
    assert importers(ROOT / "demo" / "data", LOADER) == []


def test_the_check_sees_an_import_inside_a_function(tmp_path):
    (tmp_path / "late.py").write_text("def f():\n    from demo import load\n")
    (tmp_path / "plain.py").write_text("import demo.data.logins\n")

    assert imports_of(tmp_path / "late.py") >= {"demo", "demo.load"}
    assert imports_of(tmp_path / "plain.py") == {"demo.data.logins"}
