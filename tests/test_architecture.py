"""The layers hold: ``lint-imports`` passes on the tree, and fails as soon as a cycle appears."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return config["tool"]["importlinter"]["root_packages"]


def _lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    """The project's packages and pyproject, copied where a test may break them."""
    for package in _packages():
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_tree_keeps_every_contract(tree_copy: Path) -> None:
    result = _lint(tree_copy)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_import_from_a_lower_layer_to_a_higher_one_breaks_the_layers(tree_copy: Path) -> None:
    # outbox sits below lifecycle: importing it back closes a cycle (lifecycle -> outbox -> …).
    (tree_copy / "outbox" / "cycle.py").write_text("from lifecycle.models import Request\n")

    result = _lint(tree_copy)

    assert result.returncode != 0
    assert "outbox is not allowed to import lifecycle" in result.stdout


def test_importing_httpx_outside_the_bridge_is_refused(tree_copy: Path) -> None:
    (tree_copy / "lifecycle" / "shortcut.py").write_text("import httpx\n")

    result = _lint(tree_copy)

    assert result.returncode != 0
    assert "lifecycle is not allowed to import httpx" in result.stdout


def test_reaching_into_the_sandbox_core_from_the_desk_is_refused(tree_copy: Path) -> None:
    (tree_copy / "helpdesk" / "shortcut.py").write_text("from sandbox_core import models\n")

    result = _lint(tree_copy)

    assert result.returncode != 0
    assert "helpdesk is not allowed to import sandbox_core" in result.stdout
