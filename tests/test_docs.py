"""The README is part of the product: it must name what the code really offers.

Like datasette's documentation tests, these fail when a command, a module or a make target is
added without a word in the README, or when the README names one that no longer exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_cli_command_is_in_the_readme(command: str) -> None:
    assert f"`{command}`" in README, f"la commande `{command}` n'est pas décrite dans le README"


def test_the_readme_names_no_missing_command() -> None:
    named = set(re.findall(r"^secretgraph (\w+)", README, flags=re.MULTILINE))
    assert named <= set(main.commands), named - set(main.commands)


@pytest.mark.parametrize(
    "module", sorted(p.name for p in (ROOT / "graph").glob("*.py") if p.name != "__init__.py")
)
def test_every_module_has_a_line_in_the_readme(module: str) -> None:
    assert f"`graph/{module}`" in README, f"graph/{module} manque dans « Où est quoi »"


def test_the_readme_names_no_missing_module() -> None:
    for module in re.findall(r"`graph/(\w+\.py)`", README):
        assert (ROOT / "graph" / module).exists(), module


def test_the_two_commands_exist_and_ci_calls_the_test_one() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert f"make {target}" in README
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_usage_statistics_are_off() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(r"^gatherUsageStats\s*=\s*false", config, flags=re.MULTILINE)


def test_screenshot_in_the_readme_exists() -> None:
    for image in re.findall(r"\]\((docs/screenshots/[^)]+\.png)\)", README):
        assert (ROOT / image).exists(), image
