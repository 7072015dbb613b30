"""Every scenario of tests/scenarios/**/*.yaml, answered by the real knowledge base.

One pytest item per scenario (id ``file::id``); a malformed file is one failing item that says
what is wrong. The runner is the one ``secretgraph check`` uses, so a failure reads the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.scenarios import ScenarioFileError, format_failure, load_scenarios, run_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIO_DIR = Path(__file__).parent / "scenarios"


def _params() -> list:
    params = []
    for path in sorted(SCENARIO_DIR.rglob("*.yaml")):
        shown = str(path.relative_to(ROOT))
        try:
            scenarios = load_scenarios(path, shown=shown)
        except ScenarioFileError as error:
            params.append(pytest.param(error, id=f"{shown}::FICHIER-MAL-FORME"))
            continue
        params += [pytest.param(s, id=s.name) for s in scenarios]
    return params


@pytest.mark.parametrize("scenario", _params())
def test_scenario(kb, scenario):
    if isinstance(scenario, ScenarioFileError):
        pytest.fail(str(scenario), pytrace=False)
    result = run_scenario(kb, scenario)
    if not result.passed:
        pytest.fail(format_failure(result), pytrace=False)
