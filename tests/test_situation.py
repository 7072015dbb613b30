"""Situations are checked against the knowledge base's vocabulary before any reasoning."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import ImpossibleDate, UnknownTerm
from graph.load import load_knowledge_base
from graph.rulebook import rulebook_for
from graph.situation import InvalidSituationError, Situation, situation_from_mapping

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
