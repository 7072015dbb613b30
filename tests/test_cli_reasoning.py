"""``secretgraph ask`` and ``secretgraph check``, run in-process with click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph import cli
from graph.load import load_knowledge_base

FIXTURES = Path(__file__).parent / "fixtures"
SCENARIOS = FIXTURES / "scenarios"
ANAS = [
    "ask",
    "--actor",
    "assistant-service-social",
    "--employer",
    "public",
    "--mission",
    "action-sociale",
    "--act",
    "remettre",
    "--recipient",
    "opj",
    "--framework",
    "requisition-flagrance",
    "--date",
    "2015-06-01",
]
DOCTOR = [
    "ask",
    "--actor",
    "medecin",
    "--act",
    "signaler",
    "--recipient",
    "procureur",
    "--circumstance",
    "sevices",
    "--circumstance",
    "victime-mineure",
    "--consent",
    "no",
    "--date",
    "2017-01-01",
]


@pytest.fixture()
def on_fixture(monkeypatch):
    """Make ask and check reason on the hand-made fixture knowledge base."""
    mini = load_knowledge_base([FIXTURES / "reasoning" / "mini.ttl"], validate=False)
    monkeypatch.setattr(cli, "_reasoning_kb", lambda: mini)
    return mini


def run(*args: str):
    return CliRunner().invoke(cli.main, list(args))


def test_ask_prints_the_verdict_and_the_trace(on_fixture):
    result = run(*DOCTOR)
    assert result.exit_code == 0, result.output
    assert "Verdict : FACULTE" in result.output
    assert "[neutralisée] CP 226-13 (version du 1994-03-01)" in result.output
    assert "Textes cités\n  - CSP L1110-4, CP 226-13, CP 226-14" in result.output


def test_ask_json_holds_the_situation_and_the_answer(on_fixture):
    result = run(*DOCTOR, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["situation"]["circumstances"] == ["sevices", "victime-mineure"]
    assert data["answer"]["verdict"] == "faculte"
    assert data["answer"]["steps"][1]["status"] == "neutralisee"


def test_ask_markdown_is_a_memo(on_fixture):
    result = run(*DOCTOR, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Secret professionnel")
    assert "## Raisonnement" in result.output
    assert "[CP 226-14](https://" in result.output


def test_ask_unknown_term_lists_the_valid_ids(on_fixture):
    result = run(
        "ask",
        "--actor",
        "medecn",
        "--act",
        "signaler",
        "--recipient",
        "procureur",
        "--date",
        "2017-01-01",
    )
    assert result.exit_code == 1
    assert "--actor : actor : « medecn » est inconnu. Vouliez-vous dire : medecin ?" in (
        result.output
    )
    assert "psychiatre" in result.output
    assert "Traceback" not in result.output


def test_ask_unknown_circumstance_names_the_option(on_fixture):
    result = run(*DOCTOR, "--circumstance", "sevice")
    assert result.exit_code == 1
    assert "--circumstance : circumstances : « sevice » est inconnu" in result.output


def test_ask_refuses_an_impossible_date(on_fixture):
    result = run(*DOCTOR[:-2], "--date", "1990-01-01")
    assert result.exit_code == 2
    assert "1994" in result.output


def test_check_counts_and_exits_1_on_failures(on_fixture):
    result = run("check", str(SCENARIOS))
    assert result.exit_code == 1
    lines = result.output.rstrip().splitlines()
    assert lines[-1] == "5 passed, 17 failed"  # items, not files: mixed_items.yaml runs 2 of 5
    assert "MAL FORMÉ" in result.output
    assert "verdict obtenu  : faculte   ← diffère" in result.output


def test_check_reports_an_impossible_unquoted_date_without_a_traceback(on_fixture):
    result = run("check", str(SCENARIOS / "malformed_impossible_date.yaml"))
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "malformed_impossible_date.yaml:4: scénario n° 1 (trente-fevrier)" in result.output
    assert "« 2031-02-30 » n'existe pas" in result.output
    assert "Traceback" not in result.output
    assert result.output.rstrip().splitlines()[-1] == "0 passed, 1 failed"


def test_check_runs_the_good_items_of_a_file_with_bad_ones(on_fixture):
    result = run("check", str(SCENARIOS / "mixed_items.yaml"))
    assert result.exit_code == 1
    assert result.output.rstrip().splitlines()[-1] == "2 passed, 3 failed"


def test_check_passes_a_good_file(on_fixture, tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(
        "- id: ok\n  title: Un médecin signale des sévices sur un mineur\n  date: 2017-01-01\n"
        "  actor: medecin\n  act: signaler\n  recipient: procureur\n"
        "  circumstances: [sevices, victime-mineure]\n  consent: false\n"
        "  expect: {verdict: faculte, provisions: [CP 226-14]}\n",
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert result.exit_code == 0, result.output
    assert result.output == "1 passed, 0 failed\n"


def test_check_needs_a_path():
    assert run("check").exit_code == 2


@pytest.fixture()
def real_kb(kb):
    """The shipped knowledge base (norms included: an empty rulebook is a failure, not a skip)."""
    assert kb.nodes_of_kind("norm"), "data/norms.ttl holds no norm"
    return kb


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_anas_case_on_the_real_data_is_an_obligation(real_kb, output):
    result = run(*ANAS, "--format", output)
    assert result.exit_code == 0, result.output
    if output == "json":
        answer = json.loads(result.output)["answer"]
        assert answer["verdict"] == "obligation"
        assert {"CP 226-13", "CASF L411-3", "CPP 60-1"} <= set(answer["provisions"])
        assert any(step["status"] == "ecartee" for step in answer["steps"])
        return
    text = result.output
    assert ("OBLIGATION" in text) if output == "text" else ("**obligation**" in text)
    for provision in ("CP 226-13", "CASF L411-3", "CPP 60-1"):
        assert provision in text
    assert ("[écartée]" in text) if output == "text" else ("*écartée*" in text)


def test_anas_trace_says_why_a_doctor_could_refuse_and_she_cannot(real_kb):
    """The consent exceptions of CPP 56-1 to 56-3 are shown rejected, naming the actor."""
    answer = json.loads(run(*ANAS, "--format", "json").output)["answer"]
    rejected = [s for s in answer["steps"] if s["status"] == "ecartee"]
    doctor = next(s for s in rejected if "CPP 56-3" in s["provisions"])
    assert "Assistant(e) de service social" in doctor["condition"]
    assert "motif légitime" in " ".join(s["label"] for s in rejected).lower()


def test_ask_today_warns_when_past_the_sources_horizon(real_kb):
    result = run(*[a for a in ANAS if a not in ("--date", "2015-06-01")])
    assert result.exit_code == 0, result.output
    assert "Avertissements" in result.output
    assert "Attention : les sources consultées pour" in result.output


def test_ask_refuses_contradictory_facts_naming_both(real_kb):
    result = run(
        "ask", "--actor", "medecin", "--act", "partager", "--recipient", "equipe-soins",
        "--circumstance", "opposition", "--consent", "yes", "--date", "2017-01-01",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "Situation contradictoire" in result.output
    assert "(circumstances : opposition)" in result.output
    assert "(consent : true)" in result.output
    assert "Traceback" not in result.output


def test_check_reports_a_contradictory_scenario_and_runs_the_next(real_kb, tmp_path):
    path = tmp_path / "contradiction.yaml"
    path.write_text(
        "- id: contradiction\n  title: Opposition et accord\n  date: 2017-01-01\n"
        "  actor: medecin\n  act: partager\n  recipient: equipe-soins\n"
        "  circumstances: [opposition]\n  consent: true\n  expect: {verdict: interdit}\n"
        "- id: accord\n  title: Accord seul\n  date: 2017-01-01\n"
        "  actor: medecin\n  act: partager\n  recipient: equipe-soins\n"
        "  consent: true\n  expect: {verdict: faculte}\n",
        encoding="utf-8",
    )
    result = run("check", str(path))
    assert "situation invalide : Situation contradictoire" in result.output
    assert result.output.rstrip().splitlines()[-1].endswith("1 failed")


def test_a_rebutting_exception_is_said_to_conclude_the_opposite(real_kb):
    """C. civ. 326 (sg:Rebut) does not merely set C. civ. 56 aside: it forbids what 56 imposes."""
    result = run(
        "ask", "--actor", "sage-femme", "--employer", "public", "--mission", "soins",
        "--act", "declarer", "--recipient", "officier-etat-civil",
        "--circumstance", "naissance", "--circumstance", "accouchement-secret",
        "--date", "2015-06-01", "--format", "json",
    )  # fmt: skip
    steps = json.loads(result.output)["answer"]["steps"]
    birth = next(s for s in steps if "C. civ. 56" in s["provisions"])
    assert birth["status"] == "neutralisee"
    assert "conclut en sens contraire" in birth["sentence"]
