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

#: Start dates exempted from the « day before » scenario, with the reason. Each is a date on which
#: our sources begin an article whose rule was already in force under an earlier text they do not
#: hold (a codification or a renumbering): the day before, the law gave the same answer through a
#: text the data does not have, so a scenario dated that day would test the gap in the sources, not
#: the change. Each still needs its « after » scenario.
DAY_BEFORE_EXEMPT: dict[dt.date, str] = {
    dt.date(1998, 6, 18): (
        "CP 226-14, CP 434-3 and CPP 40 start in our sources with their 1998 wording; the 1994 "
        "wordings (226-14 1° already covered sévices on a mineur de quinze ans) are not in "
        "sources/provisions.yaml"
    ),
    dt.date(2000, 6, 22): (
        "CSP L3113-1 codifies the reporting of notifiable diseases; before, the rule was in the "
        "former CSP (art. L. 11), not covered by the sources"
    ),
    dt.date(2000, 12, 23): (
        "the CASF legislative part (CASF L221-6, L226-4, L411-3) codifies the code de la famille "
        "et de l'aide sociale, not covered by the sources"
    ),
    dt.date(2004, 8, 8): (
        "CSP R4127-44 and R4312-7 codify art. 44 of décret 95-1000 and the nurses' rules of "
        "décret 93-221 (same duties), not transcribed in the sources"
    ),
    dt.date(2006, 7, 1): (
        "C. civ. 326 receives the accouchement sous le secret in 2006; before, the rule stood in "
        "another article of the Code civil that the sources do not hold (326 then dealt with "
        "paternity)"
    ),
    dt.date(2009, 2, 1): (
        "CMF L561-3 and L561-15 renumber the anti-money-laundering duties; before, former CMF "
        "L562-2 and L562-2-1, not transcribed in the sources"
    ),
    dt.date(2012, 5, 1): (
        "CSI L132-5 codifies CGCT L2211-5 (same rule), not covered by the sources"
    ),
}


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
        if before not in scenario_dates and start not in DAY_BEFORE_EXEMPT:
            problems.append(f"  aucun scénario daté du {before} (veille) : {', '.join(norms)}")
        if not any(start <= d <= start + AFTER_WINDOW for d in scenario_dates):
            problems.append(
                f"  aucun scénario daté du {start} ou dans l'année qui suit : {', '.join(norms)}"
            )
    assert not problems, "Changements de date sans scénario de part et d'autre :\n" + "\n".join(
        problems
    )
    stale = sorted(
        d
        for d in DAY_BEFORE_EXEMPT
        if d not in starts or d - dt.timedelta(days=1) in scenario_dates
    )
    assert not stale, f"Exemptions devenues inutiles (retirez-les de DAY_BEFORE_EXEMPT) : {stale}"
