"""Situations are checked against the knowledge base's vocabulary before any reasoning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import ImpossibleDate, UnknownTerm
from graph.load import load_knowledge_base
from graph.rulebook import rulebook_for
from graph.situation import (
    ContradictoryFactsError,
    InvalidSituationError,
    Situation,
    situation_from_mapping,
)

FIXTURES = Path(__file__).parent / "fixtures" / "reasoning"
BASE = {"actor": "medecin", "act": "signaler", "recipient": "procureur", "date": "2017-01-01"}


@pytest.fixture(scope="module")
def vocabulary():
    kb = load_knowledge_base([FIXTURES / "mini.ttl"], validate=False)
    return rulebook_for(kb).vocabulary


def test_a_complete_mapping_becomes_a_frozen_situation(vocabulary):
    situation = situation_from_mapping(
        {
            **BASE,
            "employer": "public",
            "missions": ["soins"],
            "consent": True,
            "framework": "aucun",
            "circumstances": ["sevices"],
        },
        vocabulary,
    )
    assert situation == Situation(
        actor="medecin",
        employer="public",
        missions=frozenset({"soins"}),
        act="signaler",
        recipient="procureur",
        framework="aucun",
        circumstances=frozenset({"sevices"}),
        consent=True,
        date=date(2017, 1, 1),
    )
    with pytest.raises(AttributeError):
        situation.actor = "psychiatre"  # type: ignore[misc]


def test_defaults_framework_aucun_and_unknown_consent(vocabulary):
    situation = situation_from_mapping(BASE, vocabulary)
    assert situation.framework == "aucun"
    assert situation.consent is None
    assert situation.employer is None


def test_a_yaml_date_is_accepted_as_is(vocabulary):
    assert situation_from_mapping({**BASE, "date": date(2010, 5, 3)}, vocabulary).date == date(
        2010, 5, 3
    )


def test_a_narrower_circumstance_brings_the_broader_one(vocabulary):
    situation = situation_from_mapping(
        {**BASE, "circumstances": ["victime-moins-quinze-ans"]}, vocabulary
    )
    assert situation.circumstances == {"victime-moins-quinze-ans", "victime-mineure"}


def test_an_unknown_term_names_field_value_close_matches_and_valid_ids(vocabulary):
    with pytest.raises(UnknownTerm) as caught:
        situation_from_mapping({**BASE, "actor": "medecn"}, vocabulary)
    error = caught.value
    assert error.field == "actor"
    assert error.value == "medecn"
    assert error.close_matches[0] == "medecin"
    assert "psychiatre" in error.valid
    assert "Vouliez-vous dire : medecin" in str(error)


def test_an_unknown_circumstance_in_a_list_is_caught(vocabulary):
    with pytest.raises(UnknownTerm, match="circumstances : « sevice » est inconnu"):
        situation_from_mapping({**BASE, "circumstances": ["sevice"]}, vocabulary)


@pytest.mark.parametrize("missing", ["actor", "act", "recipient", "date"])
def test_a_missing_required_field_is_named(vocabulary, missing):
    data = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(InvalidSituationError, match=f"« {missing} » : champ obligatoire"):
        situation_from_mapping(data, vocabulary)


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("missions", "soins", "liste"),
        ("consent", "oui", "true, false ou null"),
        ("actor", 3, "identifiant"),
        ("date", "01/02/2017", "AAAA-MM-JJ"),
        ("date", 2017, "AAAA-MM-JJ"),
        ("circumstances", [1], "identifiants"),
    ],
)
def test_a_field_of_the_wrong_type_says_what_is_expected(vocabulary, field, value, expected):
    with pytest.raises(InvalidSituationError, match=expected) as caught:
        situation_from_mapping({**BASE, field: value}, vocabulary)
    assert caught.value.field == field


def test_an_unexpected_field_is_refused(vocabulary):
    with pytest.raises(InvalidSituationError, match="champ inconnu"):
        situation_from_mapping({**BASE, "actors": "medecin"}, vocabulary)


@pytest.mark.parametrize("day", ["1994-02-28", "2999-01-01"])
def test_an_impossible_date_is_refused(vocabulary, day):
    with pytest.raises(ImpossibleDate):
        situation_from_mapping({**BASE, "date": day}, vocabulary)


def test_to_dict_is_the_scenario_shape(vocabulary):
    situation = situation_from_mapping({**BASE, "missions": ["soins"]}, vocabulary)
    assert situation.to_dict()["missions"] == ["soins"]
    assert situation.to_dict()["date"] == "2017-01-01"


# --- contradictory facts (sg:incompatibleWith, declared in the data) ---------------------------


@pytest.fixture(scope="module")
def declared():
    kb = load_knowledge_base([FIXTURES / "mini.ttl", FIXTURES / "incompatible.ttl"], validate=False)
    return rulebook_for(kb).vocabulary


def test_incompatibilities_are_read_both_ways(declared):
    assert ("circumstance", "opposition") in declared.incompatible[("consent", "oui")]
    assert ("consent", "oui") in declared.incompatible[("circumstance", "opposition")]


def test_opposition_and_consent_yes_are_refused_naming_both(declared):
    facts = {**BASE, "circumstances": ["opposition"], "consent": True}
    with pytest.raises(ContradictoryFactsError) as caught:
        situation_from_mapping(facts, declared)
    message = str(caught.value)
    assert "« opposition de la personne » (circumstances : opposition)" in message
    assert "« accord donné » (consent : true)" in message
    assert isinstance(caught.value, InvalidSituationError)


@pytest.mark.parametrize("consent", [False, None])
def test_opposition_with_consent_no_or_unknown_is_fine(declared, consent):
    facts = {**BASE, "circumstances": ["opposition"], "consent": consent}
    assert situation_from_mapping(facts, declared).consent is consent


def test_a_narrower_concept_inherits_the_incompatibilities_of_its_broader_one(declared):
    facts = {**BASE, "circumstances": ["sevices", "victime-moins-quinze-ans"]}
    with pytest.raises(ContradictoryFactsError) as caught:
        situation_from_mapping(facts, declared)
    assert "victime-moins-quinze-ans" in str(caught.value)  # what was written, not implied


def test_without_declarations_nothing_is_refused(vocabulary):
    facts = {**BASE, "circumstances": ["opposition", "sevices", "victime-mineure"], "consent": True}
    assert situation_from_mapping(facts, vocabulary).consent is True


# On the shipped data (data/concepts.ttl): each declared pair is refused, compatible ones pass.


@pytest.fixture(scope="module")
def real():
    from graph.load import load_default

    return rulebook_for(load_default()).vocabulary


REAL = {"date": "2017-01-01"}


@pytest.mark.parametrize(
    ("facts", "names"),
    [
        (
            {
                "actor": "medecin",
                "act": "partager",
                "recipient": "equipe-soins",
                "circumstances": ["opposition"],
                "consent": True,
            },
            ("circumstances : opposition", "consent : true"),
        ),
        (
            {
                "actor": "assistant-service-social",
                "act": "partager",
                "recipient": "professionnel-action-sociale",
                "circumstances": ["intervenant-seul"],
            },
            ("recipient : professionnel-action-sociale", "circumstances : intervenant-seul"),
        ),
        (
            {"actor": "benevole", "employer": "prive", "act": "informer", "recipient": "tiers"},
            ("actor : benevole", "employer : prive"),
        ),
    ],
)
def test_the_data_declares_the_real_contradictions(real, facts, names):
    with pytest.raises(ContradictoryFactsError) as caught:
        situation_from_mapping({**REAL, **facts}, real)
    for name in names:
        assert name in str(caught.value)


@pytest.mark.parametrize(
    "facts",
    [
        {
            "actor": "medecin",
            "act": "signaler",
            "recipient": "procureur",
            "circumstances": ["victime-moins-quinze-ans", "victime-mineure", "sevices"],
        },
        {
            "actor": "medecin",
            "act": "informer",
            "recipient": "ayants-droit",
            "circumstances": ["deces", "opposition"],
        },
        {
            "actor": "medecin",
            "act": "informer",
            "recipient": "ayants-droit",
            "circumstances": ["deces"],
            "consent": True,
        },
        {"actor": "benevole", "employer": "benevole", "act": "informer", "recipient": "tiers"},
        {
            "actor": "assistant-service-social",
            "act": "remettre",
            "recipient": "opj",
            "framework": "requisition-flagrance",
            "circumstances": ["connaissance-personnelle"],
        },
    ],
)
def test_compatible_facts_of_the_real_data_are_accepted(real, facts):
    situation_from_mapping({**REAL, **facts}, real)
