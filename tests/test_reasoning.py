"""The engine on a tiny hand-made knowledge base (tests/fixtures/reasoning/mini.ttl).

The fixture is not the law: each norm exists to exercise one step of the contract (base rule,
undercut, exception to an exception, conflict, unknown consent, dates, hierarchy), so these tests
pin the reasoning down whatever the real data says.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from graph.answer import Answer
from graph.load import knowledge_base_from_graph, load_knowledge_base, parse_files
from graph.reasoning import ask
from graph.rulebook import DerogationCycleError, compile_rulebook, rulebook_for
from graph.situation import situation_from_mapping

FIXTURES = Path(__file__).parent / "fixtures" / "reasoning"
SGR = "https://id.secret-graph.invalid/"


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base([FIXTURES / "mini.ttl"], validate=False)


def answer(kb, **facts: Any) -> Answer:
    facts.setdefault("date", "2017-01-01")
    situation = situation_from_mapping(facts, rulebook_for(kb).vocabulary)
    return ask(kb, situation)


def status_of(result: Answer, norm: str) -> str:
    return next(step.status for step in result.steps if step.norm == SGR + norm)


def signal(kb, actor: str = "medecin", **facts: Any) -> Answer:
    return answer(kb, actor=actor, act="signaler", recipient="procureur", **facts)


def requisition(kb, actor: str, **facts: Any) -> Answer:
    """A flagrance requisition to hand over to an OPJ (dated 2015-06-01 unless said)."""
    facts.setdefault("date", "2015-06-01")
    return answer(
        kb, actor=actor, act="remettre", recipient="opj", framework="requisition-flagrance", **facts
    )


def test_bound_actor_with_no_exception_gets_the_base_rule(kb):
    result = signal(kb, circumstances=["sevices"], consent=False)
    assert result.verdict == "interdit"
    assert status_of(result, "norm/CP_226-13") == "applique"
    assert result.provisions[:2] == ("CSP L1110-4", "CP 226-13")
    assert "tenu au secret et aucune exception" in result.reason


def test_an_undercut_neutralises_the_base_rule_and_names_its_marker(kb):
    result = signal(kb, circumstances=["sevices", "victime-mineure"], consent=False)
    assert result.verdict == "faculte"
    base = next(s for s in result.steps if s.norm == SGR + "norm/CP_226-13")
    assert base.status == "neutralisee"
    assert base.defeated_by == (SGR + "norm/CP_226-14_1-2016",)
    assert "« n'est pas applicable »" in base.sentence
    assert "CP 226-14" in result.provisions


def test_exception_to_an_exception_recurses(kb):
    """CPP 60-1 neutralises 226-13; the doctor's consent rule neutralises 60-1 in turn."""
    result = requisition(kb, "medecin")
    assert result.verdict == "faculte"
    assert status_of(result, "norm/CPP_60-1") == "neutralisee"
    assert status_of(result, "norm/CPP_60-1_medecin") == "applique"


def test_obligation_carries_backing_and_path(kb):
    result = requisition(kb, "assistant-service-social", employer="public")
    assert result.verdict == "obligation"
    assert result.backing == "penale"
    assert result.provisions == ("CASF L221-6", "CP 226-13", "CPP 60-1")
    assert result.path == tuple(
        SGR + p
        for p in (
            "concept/actor/assistant-service-social",
            "binding/ass-public",
            "article/CASF_L221-6/v/2000-01-01",
            "norm/CP_226-13",
            "article/CP_226-13/v/1994-03-01",
            "norm/CPP_60-1",
            "article/CPP_60-1/v/2004-03-10",
        )
    )
    assert SGR + "contested/motif-legitime" in result.rejected
    assert all(node in kb.network for node in result.path + result.rejected)


def test_a_contested_point_reached_gives_appreciation_and_its_decisions(kb):
    result = requisition(
        kb, "assistant-service-social", employer="public", circumstances=["motif-legitime"]
    )
    assert result.verdict == "appreciation"
    assert result.open_points == (SGR + "contested/motif-legitime",)
    assert SGR + "decision/fixture-decision" in result.decisions


def test_two_unordered_rules_are_a_conflict_naming_both(kb):
    result = answer(kb, actor="medecin", act="informer", recipient="tiers")
    assert result.verdict == "conflit"
    (conflict,) = result.conflicts
    assert {conflict.first, conflict.second} == {
        SGR + "norm/CP_226-13",
        SGR + "norm/fixture-informer-tiers",
    }
    assert "Interdiction de révéler" in result.reason
    assert "Faculté d'informer un tiers" in result.reason


def test_unknown_consent_that_changes_the_verdict_is_indetermine(kb):
    result = signal(kb, circumstances=["sevices"], consent=None)
    assert result.verdict == "indetermine"
    assert result.missing_facts == ("l'accord de la personne concernée",)
    assert status_of(result, "norm/CP_226-14_2") == "inconnue"


def test_unknown_consent_that_does_not_matter_is_an_assumed_fact(kb):
    result = signal(kb, circumstances=["sevices", "victime-mineure"], consent=None)
    assert result.verdict == "faculte"
    assert result.facts_assumed == ("accord de la personne inconnu : traité comme absent",)


def test_consent_given_lets_the_adult_victim_rule_apply(kb):
    result = signal(kb, circumstances=["sevices"], consent=True)
    assert result.verdict == "faculte"
    assert status_of(result, "norm/CP_226-14_2") == "applique"


@pytest.mark.parametrize(
    ("day", "verdict", "status"),
    [("2016-03-15", "interdit", "inactive"), ("2016-03-16", "faculte", "applique")],
)
def test_a_norm_is_inactive_until_the_first_day_of_its_version(kb, day, verdict, status):
    result = signal(kb, circumstances=["sevices", "victime-mineure"], consent=False, date=day)
    assert result.verdict == verdict
    assert status_of(result, "norm/CP_226-14_1-2016") == status
    if status == "inactive":
        step = next(s for s in result.steps if s.status == "inactive")
        assert "pas encore en vigueur le 2016-03-15" in step.sentence
        assert "2016-03-16" in step.sentence
        assert "CP 226-14" in result.provisions  # the 2° (rejected on consent) is still cited


def test_a_narrower_actor_matches_a_norm_for_the_broader_one(kb):
    result = signal(kb, actor="psychiatre", circumstances=["sevices"], consent=True)
    assert result.bound is True
    assert status_of(result, "norm/CP_226-14_2") == "applique"


def test_a_narrower_circumstance_satisfies_the_broader_one(kb):
    result = signal(kb, circumstances=["sevices", "victime-moins-quinze-ans"], consent=False)
    assert result.verdict == "faculte"


def test_an_actor_bound_by_nothing_with_no_duty_may_reveal(kb):
    result = answer(kb, actor="particulier", act="informer", recipient="tiers")
    assert result.verdict == "faculte"
    assert result.bound is False
    assert "Non tenu au secret et aucune obligation" in result.reason
    (base,) = [s for s in result.steps if s.norm == SGR + "norm/CP_226-13"]
    assert base.status == "ecartee"
    assert "ne vise que les personnes tenues au secret" in base.sentence


def test_a_bound_actor_told_the_base_rule_does_not_reach_the_act(kb):
    result = answer(kb, actor="medecin", act="remettre", recipient="personne-concernee")
    assert result.verdict == "faculte"
    assert "le destinataire « personne concernée » n'est pas visé" in result.steps[1].sentence
    assert result.provisions == ("CSP L1110-4", "CP 226-13")
    assert "Aucun texte n'interdit ni n'impose" in result.reason


def test_an_unbound_person_meets_a_duty_and_no_stray_exception(kb):
    result = signal(kb, actor="particulier", circumstances=["sevices", "victime-mineure"])
    assert result.verdict == "obligation"
    assert result.escape == "sauf si la loi en dispose autrement"
    assert [(s.norm, s.status) for s in result.steps if s.kind != "binding"] == [
        (SGR + "norm/CP_434-3", "applique"),
        (SGR + "norm/CP_226-13", "ecartee"),
    ]


def test_an_excluded_circumstance_rejects_the_norm_and_names_it(kb):
    result = signal(
        kb, actor="particulier", circumstances=["sevices", "victime-mineure", "opposition"]
    )
    assert result.verdict == "faculte"
    step = next(s for s in result.steps if s.norm == SGR + "norm/CP_434-3")
    assert step.status == "ecartee"
    assert "« opposition de la personne » l'exclut" in step.sentence


def test_a_mission_binds_whoever_exercises_it(kb):
    result = signal(
        kb,
        actor="travailleur-social",
        missions=["aide-sociale-enfance"],
        circumstances=["sevices"],
        consent=False,
    )
    assert result.verdict == "interdit"
    assert result.provisions[0] == "CASF L221-6"


def test_unknown_employer_makes_the_binding_unknown_and_is_said(kb):
    result = answer(kb, actor="assistant-service-social", act="informer", recipient="tiers")
    assert result.bound is None
    assert result.verdict == "indetermine"
    assert any("employeur" in fact for fact in result.missing_facts)


def test_trace_order_binding_base_exceptions_then_rejected(kb):
    result = signal(kb, circumstances=["sevices", "victime-mineure"], consent=False)
    assert [(s.role, s.status) for s in result.steps] == [
        ("binding", "applique"),
        ("base", "neutralisee"),
        ("exception", "applique"),
        ("exception", "ecartee"),
    ]


def test_answer_to_dict_is_json_with_iso_dates(kb):
    result = signal(kb, circumstances=["sevices", "victime-mineure"], consent=False)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["verdict"] == "faculte"
    assert data["versions"][0]["start"] == "2002-03-05"


def test_derogation_cycle_is_refused_naming_the_norms():
    parsed = parse_files([FIXTURES / "mini.ttl", FIXTURES / "cycle.ttl"])
    network = knowledge_base_from_graph(parsed.graph).network
    with pytest.raises(DerogationCycleError, match=r"fixture-cycle-a.*fixture-cycle-b"):
        compile_rulebook(network)


def test_potential_conflicts_are_warnings_naming_both_norms(kb):
    warnings = rulebook_for(kb).warnings
    assert any(
        "Faculté d'informer un tiers" in w and "Interdiction de révéler" in w for w in warnings
    )
    assert not any("Réponse à une réquisition" in w for w in warnings)  # it derogates


def test_rulebook_is_compiled_once_per_knowledge_base(kb):
    assert rulebook_for(kb) is rulebook_for(kb)


def test_ask_is_fast_on_the_fixture(kb):
    situation = situation_from_mapping(
        {
            "actor": "medecin",
            "act": "signaler",
            "recipient": "procureur",
            "circumstances": ["sevices"],
            "date": "2017-01-01",
        },
        rulebook_for(kb).vocabulary,
    )
    start = time.perf_counter()
    for _ in range(50):
        ask(kb, situation)
    assert (time.perf_counter() - start) / 50 < 0.05


def test_text_memo_numbers_the_trace_and_lists_citations(kb):
    from graph.memo import render_text

    facts = {
        "actor": "medecin",
        "act": "signaler",
        "recipient": "procureur",
        "circumstances": ["sevices", "victime-mineure"],
        "consent": False,
        "date": "2017-01-01",
    }
    situation = situation_from_mapping(facts, rulebook_for(kb).vocabulary)
    text = render_text(ask(kb, situation), situation)
    assert "Verdict : FACULTE — Révéler est permis, non imposé" in text
    assert "  2. [neutralisée] CP 226-13 (version du 1994-03-01)" in text
    assert "Textes cités\n  - CSP L1110-4, CP 226-13, CP 226-14" in text


def test_markdown_memo_escapes_markup_and_links_articles(kb):
    from dataclasses import replace

    from graph.memo import render_markdown

    situation = situation_from_mapping(
        {"actor": "medecin", "act": "informer", "recipient": "tiers", "date": "2017-01-01"},
        rulebook_for(kb).vocabulary,
    )
    result = ask(kb, situation)
    hostile = replace(result.steps[0], sentence="*gras* [lien](http://x) <script>")
    text = render_markdown(replace(result, steps=(hostile,)), situation)
    assert r"\*gras\* \[lien\](http://x) \<script\>" in text
    assert "- [CP 226-13](https://www.legifrance.gouv.fr)" in text


def test_an_exception_missing_only_the_recipient_is_said_not_to_reach_it(kb):
    result = answer(
        kb,
        actor="medecin",
        act="signaler",
        recipient="tiers",
        circumstances=["sevices", "victime-mineure"],
        consent=False,
    )
    assert result.verdict == "interdit"
    step = next(s for s in result.steps if s.norm == SGR + "norm/CP_226-14_1-2016")
    assert step.status == "ecartee"
    assert step.condition == "le destinataire « tiers » n'est pas visé"
    assert "CP 226-14" in result.provisions
    # its own conditions failing, the adult-victim rule is not a near miss: it stays out
    assert SGR + "norm/CP_226-14_2" not in {s.norm for s in result.steps}


# --- Dates before an article's known history (sg:historyKnownFrom) ----------------------------


@pytest.fixture(scope="module")
def kb_history():
    return load_knowledge_base([FIXTURES / "mini.ttl", FIXTURES / "history.ttl"], validate=False)


GAP_226_14 = (
    "le texte en vigueur avant le 2000-01-01 (CP 226-14), que nos sources ne transcrivent pas"
)


def test_before_an_articles_known_history_its_norm_is_unknown_not_inactive(kb_history):
    result = signal(
        kb_history, circumstances=["sevices", "victime-mineure"], consent=False, date="1999-12-31"
    )
    assert result.bound is True
    assert result.verdict == "indetermine"
    assert status_of(result, "norm/CP_226-14_1-2016") == "inconnue"
    assert result.missing_facts == (GAP_226_14,)
    assert "pas encore en vigueur" not in " ".join(s.sentence for s in result.steps)
    assert any(w.startswith("Antérieur aux sources") and "CP 226-14" in w for w in result.freshness)


def test_from_an_articles_known_history_the_dates_decide_again(kb_history):
    result = signal(
        kb_history, circumstances=["sevices", "victime-mineure"], consent=False, date="2000-01-01"
    )
    assert result.verdict == "interdit"
    assert status_of(result, "norm/CP_226-14_1-2016") == "inactive"
    assert not any(w.startswith("Antérieur aux sources") for w in result.freshness)


def test_a_gap_that_cannot_change_the_verdict_is_an_assumed_fact(kb_history):
    # The 226-14 exception only lifts CP 226-13, which does not bind a private person: whatever
    # the earlier text of 226-14 said, the answer stands.
    result = signal(
        kb_history,
        actor="particulier",
        circumstances=["sevices", "victime-mineure"],
        date="1999-12-31",
    )
    assert result.verdict == "obligation"
    assert all("CP 226-14" not in fact for fact in result.missing_facts)


def test_a_binding_text_older_than_our_sources_makes_the_binding_unknown(kb_history):
    before = answer(
        kb_history, actor="sage-femme", act="informer", recipient="tiers", date="2004-08-07"
    )
    assert before.bound is None
    assert before.verdict == "indetermine"
    assert before.missing_facts[0] == (
        "le texte en vigueur avant le 2004-08-08 (CSP R4127-300), "
        "que nos sources ne transcrivent pas"
    )
    binding = next(s for s in before.steps if s.norm == SGR + "binding/sage-femme")
    assert binding.status == "inconnue"
    assert "on ne sait pas s'il lie l'acteur" in binding.sentence
    after = answer(
        kb_history, actor="sage-femme", act="informer", recipient="tiers", date="2004-08-08"
    )
    assert (after.bound, after.verdict) == (True, "interdit")


def test_a_rule_created_by_its_first_version_is_still_not_yet_in_force_before_it(kb_history):
    # CPP 60-1 has no sg:historyKnownFrom: its first version created the rule.
    result = requisition(kb_history, "particulier", date="2003-01-01")
    step = next(s for s in result.steps if s.norm == SGR + "norm/CPP_60-1")
    assert step.status == "inactive"
    assert "pas encore en vigueur le 2003-01-01" in step.sentence
    assert result.verdict == "faculte"


# --- The same on the real data (the reviewer's B1 and B2) -------------------------------------


@pytest.fixture(scope="module")
def real():
    from graph.load import load_default

    return load_default()


def test_real_doctor_in_1997_is_not_told_interdit_before_226_14s_sources(real):
    # CP 226-14 exists since 1994-03-01; our sources start with its 1998-06-18 wording.
    result = answer(
        real,
        actor="medecin",
        act="signaler",
        recipient="procureur",
        circumstances=["victime-moins-quinze-ans", "sevices"],
        date="1997-01-01",
    )
    assert result.verdict == "indetermine"
    assert (
        "le texte en vigueur avant le 1998-06-18 (CP 226-14), que nos sources ne transcrivent pas"
        in result.missing_facts
    )
    assert any(w.startswith("Antérieur aux sources") and "CP 226-14" in w for w in result.freshness)
    assert "pas encore en vigueur" not in " ".join(
        s.sentence for s in result.steps if "CP 226-14" in s.provisions
    )


def test_real_nurse_in_1999_is_not_told_unbound_before_the_2004_codification(real):
    # Nurses were bound before 2004 by décret n° 93-221, which our sources do not transcribe.
    result = answer(real, actor="infirmier", act="informer", recipient="tiers", date="1999-01-01")
    assert result.verdict == "indetermine"
    assert result.bound is None
    assert (
        "le texte en vigueur avant le 2004-08-08 (CSP R4312-4), que nos sources ne transcrivent pas"
        in result.missing_facts
    )
    assert "Non tenu au secret" not in result.reason
