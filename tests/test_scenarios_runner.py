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
    load_items,
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
        ("malformed_bad_verdict.yaml", 9, "verdict attendu invalide ('permis')"),
        ("malformed_not_a_list.yaml", 1, "le fichier doit être une liste de scénarios"),
        ("malformed_unknown_field.yaml", 8, "(champ-francais) : champ inconnu « circonstances »"),
        (
            "malformed_impossible_date.yaml",
            4,
            "(trente-fevrier) : champ « date » : « 2031-02-30 » n'existe pas",
        ),
        (
            "malformed_date_before_1994.yaml",
            4,
            "(avant-code-penal) : champ « date » : Date impossible (1993-12-31)",
        ),
        (
            "malformed_list_item.yaml",
            2,
            "scénario n° 1 : un scénario est un dictionnaire de champs, pas une liste",
        ),
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


def test_a_date_error_gives_a_valid_example():
    with pytest.raises(ScenarioFileError) as caught:
        load_scenarios(SCENARIOS / "malformed_impossible_date.yaml")
    assert "date: 2019-11-15" in caught.value.fix


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("malformed_not_utf8.yaml", "le fichier n'est pas en UTF-8 (octet invalide"),
        ("malformed_empty.yaml", "le fichier ne contient aucun scénario"),
    ],
)
def test_files_that_are_not_scenarios_say_so_without_a_line(name, expected):
    with pytest.raises(ScenarioFileError) as caught:
        load_scenarios(SCENARIOS / name, shown=name)
    assert str(caught.value).startswith(f"{name}: {expected}")
    assert "Pour corriger :" in str(caught.value)


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.name)
def test_every_malformed_fixture_gives_a_problem_and_no_traceback(mini, path):
    results, problems = run_files(mini, [path])
    assert problems
    assert all(isinstance(p, ScenarioFileError) for p in problems)
    assert all(r.passed for r in results)  # only their well-formed items run, and pass


@pytest.mark.parametrize(
    "text",
    [
        "- id: x\n  date: !!int abc\n",
        "- id: x\n  date: !!timestamp 2031-02-30\n",
        "- id: x\n  ? [a, b]\n  : c\n",
        "- {1: a, null: b, id: x}\n",
        "[" * 5000,
        "- id: x\n  date: 2015-06-01 10:00:00\n  title: t\n  expect: {verdict: interdit}\n",
        "- id: x\n  title: t\n  date: [2015]\n  expect: {verdict: interdit}\n",
        "--- []\n--- []\n",
        "\t- id: x\n",
    ],
)
def test_no_input_gives_a_traceback(tmp_path, text):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    scenarios, problems = load_items(path)
    assert problems or scenarios == []
    for problem in problems:
        assert "Pour corriger :" in str(problem)


def test_one_malformed_item_does_not_stop_the_others(mini):
    results, problems = run_files(mini, [SCENARIOS / "mixed_items.yaml"])
    assert [r.scenario.id for r in results] == ["bon-premier", "bon-second"]
    assert all(r.passed for r in results), [format_failure(r) for r in results]
    assert [(p.line, p.item) for p in problems] == [
        (14, "scénario n° 2 (date-impossible)"),
        (20, "scénario n° 3"),
        (22, "scénario n° 4 (bon-premier)"),
    ]
    assert "id en double « bon-premier » (déjà utilisé par le scénario n° 1, ligne 3)" in str(
        problems[2]
    )


def test_the_conflit_path_runs_through_a_scenario_file(mini):
    """No reachable unordered collision exists in data/ (CP 226-13 vs CPP 40 al. 2 is made an
    appréciation by a contested point), so ``conflit`` is checked on the fixture base."""
    results, problems = run_files(mini, [SCENARIOS / "conflit_fixture.yaml"])
    assert not problems
    (result,) = results
    assert result.passed, format_failure(result)
    assert result.answer is not None and result.answer.verdict == "conflit"


def test_a_directory_is_searched_recursively(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text(PASSING, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("-", encoding="utf-8")
    assert scenario_paths([tmp_path]) == [tmp_path / "a" / "x.yaml"]


def test_a_file_with_only_comments_is_refused_not_silently_passed(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    scenarios, (problem,) = load_items(path)
    assert scenarios == []
    assert "ne contient aucun scénario" in str(problem)


def test_citations_compare_without_case_or_repeated_spaces():
    assert normalise_citation(" c. civ.   375 ") == normalise_citation("C. civ. 375")
