"""The scenarios of tests/scenarios cover the rulebook: every norm and every date change.

The issue asks the scenarios to cover « every derogation and duty in the data and both sides of
every date change ». A norm that no scenario ever applies (or sets aside by an exception) is a
rule nobody checked against the law; a date on which a norm enters into force with no scenario
the day before and none soon after is a change nobody checked from both sides. These tests fail
with the list of what is missing, so a new norm or version comes with its scenarios.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.load import KnowledgeBase
from graph.rulebook import Norm, rulebook_for
from graph.scenarios import Scenario, load_scenarios, run_scenario, scenario_paths

SCENARIO_DIR = Path(__file__).parent / "scenarios"

#: A norm counts as covered when a scenario's answer has a step with one of these statuses.
COVERED = frozenset({"applique", "neutralisee"})

#: Start dates before or on this day are the beginning of our sources (the code pénal of 1994).
SOURCES_BEGIN = dt.date(1994, 3, 1)

#: How long after a start date the « after » scenario may be dated.
AFTER_WINDOW = dt.timedelta(days=365)


def _scenarios() -> Iterator[Scenario]:
    for path in scenario_paths([SCENARIO_DIR]):
        yield from load_scenarios(path)


def _date(scenario: Scenario) -> dt.date:
    value = scenario.facts["date"]
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def norm_start(norm: Norm) -> dt.date | None:
    """The first day the norm can be active: the latest, over the articles it rests on, of the
    earliest dated grounding version (a norm is active when every article has one in force)."""
    firsts = []
    for grounding in norm.groundings:
        starts = [v.start for v in grounding.versions if v.start is not None]
        if starts:
            firsts.append(min(starts))
    return max(firsts) if firsts else None


@pytest.fixture(scope="module")
def scenario_dates() -> set[dt.date]:
    return {_date(s) for s in _scenarios()}


def test_every_norm_and_contested_point_is_covered_by_a_scenario(kb: KnowledgeBase) -> None:
    book = rulebook_for(kb)
    covered: set[str] = set()
    for scenario in _scenarios():
        answer = run_scenario(kb, scenario).answer
        assert answer is not None, scenario.name
        covered |= {step.norm for step in answer.steps if step.status in COVERED}
    missing = sorted(set(book.norms) - covered)
    lines = [f"  {nid.rsplit('/', 1)[-1]} — {book.norms[nid].label}" for nid in missing]
    assert not missing, (
        "Normes ou points discutés qu'aucun scénario n'applique ni n'écarte par une exception "
        "(ajoutez un scénario sous tests/scenarios/) :\n" + "\n".join(lines)
    )


def test_every_start_date_has_scenarios_on_both_sides(
    kb: KnowledgeBase, scenario_dates: set[dt.date]
) -> None:
    book = rulebook_for(kb)
    starts: dict[dt.date, list[str]] = {}
    for norm in book.norms.values():
        start = norm_start(norm)
        if start is not None and start > SOURCES_BEGIN:
            starts.setdefault(start, []).append(norm.id.rsplit("/", 1)[-1])
    starts = {start: sorted(norms) for start, norms in starts.items()}
    problems = []
    for start, norms in sorted(starts.items()):
        before = start - dt.timedelta(days=1)
        if before not in scenario_dates:
            problems.append(f"  aucun scénario daté du {before} (veille) : {', '.join(norms)}")
        if not any(start <= d <= start + AFTER_WINDOW for d in scenario_dates):
            problems.append(
                f"  aucun scénario daté du {start} ou dans l'année qui suit : {', '.join(norms)}"
            )
    assert not problems, "Changements de date sans scénario de part et d'autre :\n" + "\n".join(
        problems
    )
