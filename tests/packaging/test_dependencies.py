"""Every third-party package the shipped code imports is declared in pyproject.toml (core or the
extra that guards it), so a `pip install` never meets a missing import (issue #14: `httpx2` was
imported but not declared); and the CLI's boolean options read as flags."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

from assistant.extras import EXTRAS
from assistant.settings import PROJECT_ROOT

SHIPPED = ("assistant", "index", "ingest", "nlp", "eval")
OWN = {*SHIPPED, "prompts", "web"}


def _normalise(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def _requirement_name(spec: str) -> str:
    for stop in "<>=!~[; ":
        spec = spec.split(stop, 1)[0]
    return _normalise(spec)


def _imported_top_levels() -> dict[str, str]:
    """Top-level module name -> one file importing it, over the shipped packages."""
    found: dict[str, str] = {}
    for package in SHIPPED:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], str(path.relative_to(PROJECT_ROOT)))
    return found


def test_every_imported_package_is_declared() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    declared = {_requirement_name(s) for s in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        declared |= {_requirement_name(s) for s in extra}
    distributions = packages_distributions()
    missing = []
    for module, where in sorted(_imported_top_levels().items()):
        if module in OWN or module in sys.stdlib_module_names or module == "__future__":
            continue
        owners = {_normalise(d) for d in distributions.get(module, [])}
        if not owners & declared:
            missing.append(f"{module} ({where}; from {sorted(owners) or 'no installed package'})")
    assert missing == []


def test_extras_name_declared_extras() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert set(EXTRAS) <= set(project["optional-dependencies"])


# Every command with a boolean option, sub-apps included (they format their own help).
FLAG_COMMANDS = (
    (("ask",), "--json / --no-json"),
    (("ingest",), "--rebuild / --no-rebuild"),
    (("eval", "run"), "--gate / --no-gate"),
    (("eval", "rescore"), "--judge / --no-judge"),
    (("slack", "manifest"), "--socket-mode / --no-socket-mode"),
)


@pytest.mark.parametrize(("command", "flag"), FLAG_COMMANDS)
def test_boolean_options_read_as_flags(command: tuple[str, ...], flag: str) -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "assistant", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(PROJECT_ROOT),
    ).stdout
    assert flag in shown
    assert "<bool>" not in shown and "BOOLEAN" not in shown
