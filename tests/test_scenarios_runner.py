"""The scenario runner detects failures and refuses malformed files with useful messages.

Runs against the fixture knowledge base (tests/fixtures/reasoning/mini.ttl): the files of
tests/fixtures/scenarios/failing_*.yaml MUST fail, malformed_*.yaml MUST be refused.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.load import load_knowledge_base
from graph.scenarios import (
    ScenarioFileError,
    format_failure,
    load_scenarios,
    normalise_citation,
    run_files,
    run_scenario,
    scenario_paths,
)

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIOS = FIXTURES / "scenarios"
FAILING = sorted(SCENARIOS.glob("failing_*.yaml"))
MALFORMED = sorted(SCENARIOS.glob("malformed_*.yaml"))

PASSING = """
- id: medecin-sevices-mineur
  title: Un médecin signale au procureur des sévices sur un mineur
  date: 2017-01-01
  actor: medecin
  act: signaler
  recipient: procureur
  circumstances: [sevices, victime-mineure]
  consent: false
  expect:
    verdict: faculte
    provisions: [cp 226-13,  CP   226-14, CSP L1110-4, CP 226-14 1°]
"""


@pytest.fixture(scope="module")
def mini():
    return load_knowledge_base([FIXTURES / "reasoning" / "mini.ttl"], validate=False)


def test_a_right_scenario_passes_ignoring_case_and_spaces(mini, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(PASSING, encoding="utf-8")
    (scenario,) = load_scenarios(path)
    assert scenario.name == f"{path}::medecin-sevices-mineur"
    assert scenario.line == 2
    result = run_scenario(mini, scenario)
    assert result.passed, format_failure(result)


@pytest.mark.parametrize("path", FAILING, ids=lambda p: p.name)
def test_every_failing_fixture_fails(mini, path):
    results, problems = run_files(mini, [path])
    assert not problems
    assert results
    assert not any(r.passed for r in results)


def test_a_wrong_verdict_prints_expected_actual_and_the_trace(mini):
    (result,) = run_files(mini, [SCENARIOS / "failing_verdict.yaml"])[0]
    message = format_failure(result)
    first = message.splitlines()[0]
    assert first.startswith("ÉCHEC ")
    assert first.endswith("failing_verdict.yaml::medecin-sevices-mineur-attendu-interdit (ligne 3)")
    assert "Un médecin signale au procureur des sévices sur un mineur" in message
    assert "verdict attendu : interdit" in message
    assert "verdict obtenu  : faculte   ← diffère" in message
    assert "raisonnement :" in message
    assert "    1. [s'applique] Tenu au secret" in message


def test_a_missing_provision_is_named_and_the_others_are_found(mini):
    (result,) = run_files(mini, [SCENARIOS / "failing_provision.yaml"])[0]
    assert result.answer is not None and result.answer.verdict == "faculte"
    assert result.missing == ("CPP 40",)  # « cp  226-14 » is found despite case and spaces
    assert "textes attendus non cités : CPP 40" in format_failure(result)


def test_an_unknown_term_fails_with_the_valid_ids(mini):
    (result,) = run_files(mini, [SCENARIOS / "failing_unknown_term.yaml"])[0]
    message = format_failure(result)
    assert "actor : « medecn » est inconnu" in message
    assert "Vouliez-vous dire : medecin" in message


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("malformed_syntax.yaml", 9, "YAML invalide : expected ',' or ']'"),
        (
            "malformed_duplicate_id.yaml",
            10,
            "id en double « meme-id » (déjà utilisé par le scénario n° 1, ligne 2)",
        ),
        ("malformed_missing_expect.yaml", 10, "scénario n° 2 (sans-attendu) : « expect » manquant"),
        ("malformed_bad_verdict.yaml", 2, "verdict attendu invalide ('permis')"),
        ("malformed_not_a_list.yaml", 1, "le fichier doit être une liste de scénarios"),
        ("malformed_unknown_field.yaml", 2, "champ inconnu « circonstances »"),
    ],
)
def test_malformed_files_say_where_what_and_how_to_fix(name, line, expected):
    with pytest.raises(ScenarioFileError) as caught:
        load_scenarios(SCENARIOS / name, shown=name)
    error = caught.value
    assert error.line == line
    assert expected in str(error)
    assert str(error).startswith(f"{name}:{line}:")
    assert "Pour corriger :" in str(error)


def test_every_malformed_fixture_is_refused(mini):
    results, problems = run_files(mini, MALFORMED)
    assert len(problems) == len(MALFORMED)
    assert not results


def test_a_directory_is_searched_recursively(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text(PASSING, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("-", encoding="utf-8")
    assert scenario_paths([tmp_path]) == [tmp_path / "a" / "x.yaml"]


def test_an_empty_file_has_no_scenario(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    assert load_scenarios(path) == []


def test_citations_compare_without_case_or_repeated_spaces():
    assert normalise_citation(" c. civ.   375 ") == normalise_citation("C. civ. 375")
