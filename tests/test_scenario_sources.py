"""Every scenario states where its expected answer comes from.

Expected answers come from the law and its sources, never from what the engine prints: the
comment block above each item must hold at least one ``# source:`` line (FORMAT.md, STYLE 6).
"""

from __future__ import annotations

from pathlib import Path

import pytest

SCENARIOS = Path(__file__).resolve().parent / "scenarios"


def _unsourced(path: Path) -> list[str]:
    """Ids of the items whose comment block (back to the previous item) cites no source."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing, block = [], []
    for line in lines:
        if line.startswith("- id:"):
            if not any(b.lstrip("# ").lower().startswith("source") for b in block):
                missing.append(line.removeprefix("- id:").strip())
            block = []
        elif line.startswith("#"):
            block.append(line)
    return missing


@pytest.mark.parametrize(
    "path", sorted(SCENARIOS.rglob("*.yaml")), ids=lambda p: str(p.relative_to(SCENARIOS))
)
def test_every_scenario_cites_a_source(path: Path) -> None:
    assert _unsourced(path) == [], f"{path.name} : scénarios sans ligne « # source: »"
