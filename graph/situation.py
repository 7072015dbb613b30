"""A dated situation, checked against the knowledge base's vocabulary before any reasoning.

Every term of a situation (actor, act, recipient…) is a SKOS concept identified by its
``skos:notation`` inside one scheme. Checking them here, once, means the engine never meets a
typo: an unknown id raises :class:`~graph.errors.UnknownTerm` naming the field, the bad value and
the valid ids. Circumstances implied by a narrower one are added (``victime-moins-quinze-ans``
brings ``victime-mineure``), because the data says so with ``skos:broader``. Facts that cannot
hold together (``opposition`` and consent ``oui``) are refused with
:class:`ContradictoryFactsError`, because the data declares them ``sg:incompatibleWith``: the
contradictions are data, read here, not ``if``s in the code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import networkx as nx

from graph import errors

SKOS_NOTATION = "skos:notation"

#: Fields of a situation mapped to the concept scheme their ids belong to.
FIELD_SCHEMES: dict[str, str] = {
    "actor": "actor",
    "employer": "employer",
    "missions": "mission",
    "act": "act",
    "recipient": "recipient",
    "framework": "framework",
    "circumstances": "circumstance",
}
#: The consent field's values as concepts of the ``consent`` scheme (null is no concept: unknown).
CONSENT_NOTATIONS = {True: "oui", False: "non"}
REQUIRED_FIELDS = ("actor", "act", "recipient", "date")
KNOWN_FIELDS = frozenset({*FIELD_SCHEMES, "date", "consent"})


class InvalidSituationError(errors.SecretGraphError, ValueError):
    """A situation field is missing or of the wrong type; says which and what is expected."""

    def __init__(self, field_name: str, problem: str) -> None:
        self.field = field_name
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"Situation : champ « {self.field} » : {self.problem}"


class ContradictoryFactsError(InvalidSituationError):
    """Two facts of the situation are declared incompatible in the data; names both."""

    def __init__(self, first: tuple[str, str, str], second: tuple[str, str, str]) -> None:
        self.first = first  # (field, id as written, French label)
        self.second = second
        super().__init__(first[0], f"contredit le champ « {second[0]} »")

    def __str__(self) -> str:
        def shown(fact: tuple[str, str, str]) -> str:
            name, value, label = fact
            return f"« {label} » ({name} : {value})"

        return (
            f"Situation contradictoire : {shown(self.first)} et {shown(self.second)} ne peuvent "
            "pas être vrais ensemble (incompatibilité déclarée dans data/concepts.ttl) ; "
            "retirez ou corrigez l'un des deux faits."
        )


@dataclass(frozen=True, kw_only=True)
class Situation:
    """The facts of one question: who reveals what to whom, in which frame, on which date."""

    actor: str
    employer: str | None = None
    missions: frozenset[str] = frozenset()
    act: str
    recipient: str
    framework: str = "aucun"
    circumstances: frozenset[str] = frozenset()
    consent: bool | None = None
    date: date

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly mapping in the scenario format (sorted lists, ISO date)."""
        return {
            "actor": self.actor,
            "employer": self.employer,
            "missions": sorted(self.missions),
            "act": self.act,
            "recipient": self.recipient,
            "framework": self.framework,
            "circumstances": sorted(self.circumstances),
            "consent": self.consent,
            "date": self.date.isoformat(),
        }


@dataclass(frozen=True)
class Term:
    """One concept of a scheme: its node id, French label and all its broader concepts."""

    notation: str
    iri: str
    label: str
    definition: str = ""
    ancestors: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Vocabulary:
    """The concept schemes of a knowledge base, by scheme name then notation."""

    schemes: Mapping[str, Mapping[str, Term]] = field(default_factory=dict)
    #: (scheme, notation) → the (scheme, notation) pairs declared ``sg:incompatibleWith`` it,
    #: both ways (the relation is symmetric).
    incompatible: Mapping[tuple[str, str], frozenset[tuple[str, str]]] = field(default_factory=dict)

    def term(self, scheme: str, notation: str) -> Term | None:
        """The term ``notation`` of ``scheme``, or None when the scheme does not hold it."""
        return self.schemes.get(scheme, {}).get(notation)

    def label(self, scheme: str, notation: str) -> str:
        """French label of a term, falling back to its id so a sentence never breaks."""
        term = self.term(scheme, notation)
        return term.label if term else notation

    def ids(self, scheme: str) -> list[str]:
        """Sorted valid ids of a scheme (for error messages and CLI help)."""
        return sorted(self.schemes.get(scheme, {}))

    def descendants(self, scheme: str, notation: str) -> frozenset[str]:
        """``notation`` and every narrower term: what a norm addressing it also reaches."""
        terms = self.schemes.get(scheme, {})
        return frozenset({notation} | {n for n, t in terms.items() if notation in t.ancestors})


def vocabulary_from_network(network: nx.MultiDiGraph) -> Vocabulary:
    """Read every concept scheme of the projected graph (notation within ``skos:inScheme``)."""
    schemes: dict[str, dict[str, Term]] = {}
    by_iri: dict[str, tuple[str, str]] = {}
    for node, attrs in network.nodes(data=True):
        if attrs.get("kind") != "concept":
            continue
        notation = _first(attrs.get(SKOS_NOTATION))
        for _, scheme_iri, rel in network.out_edges(node, keys=True):
            if rel == "skos:inScheme" and notation:
                scheme = str(scheme_iri).rstrip("/").rsplit("/", 1)[-1]
                by_iri[node] = (scheme, str(notation))
    for node, (scheme, notation) in by_iri.items():
        attrs = network.nodes[node]
        schemes.setdefault(scheme, {})[notation] = Term(
            notation=notation,
            iri=node,
            label=str(_first(attrs.get("skos:prefLabel")) or attrs.get("label") or notation),
            definition=str(_first(attrs.get("skos:definition")) or ""),
            ancestors=_ancestors(network, node, by_iri),
        )
    return Vocabulary(schemes=schemes, incompatible=_incompatibilities(network, by_iri))


def _incompatibilities(
    network: nx.MultiDiGraph, by_iri: Mapping[str, tuple[str, str]]
) -> dict[tuple[str, str], frozenset[tuple[str, str]]]:
    """Every ``sg:incompatibleWith`` pair between concepts, in both directions."""
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for source, target, rel in network.edges(keys=True):
        if rel == "sg:incompatibleWith" and source in by_iri and target in by_iri:
            found.setdefault(by_iri[source], set()).add(by_iri[target])
            found.setdefault(by_iri[target], set()).add(by_iri[source])
    return {k: frozenset(v) for k, v in found.items()}


def _ancestors(
    network: nx.MultiDiGraph, node: str, by_iri: Mapping[str, tuple[str, str]]
) -> frozenset[str]:
    """Notations of every concept reachable by ``skos:broader`` (transitively)."""
    seen: set[str] = set()
    todo = [node]
    while todo:
        current = todo.pop()
        for _, parent, rel in network.out_edges(current, keys=True):
            if rel == "skos:broader" and parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return frozenset(by_iri[p][1] for p in seen if p in by_iri)


def _first(values: Any) -> Any:
    """First value of a literal attribute (the projection stores tuples)."""
    if isinstance(values, tuple | list):
        return values[0] if values else None
    return values


def situation_from_mapping(data: Mapping[str, Any], vocabulary: Vocabulary) -> Situation:
    """Build a :class:`Situation` from a scenario item or CLI options, checking every term.

    Raises ``InvalidSituationError`` (missing field, wrong type, unexpected field),
    ``errors.UnknownTerm`` (an id outside its scheme) or ``errors.ImpossibleDate``.
    """
    if not isinstance(data, Mapping):
        raise InvalidSituationError("situation", "attendu un dictionnaire de champs")
    extra = sorted(set(data) - KNOWN_FIELDS)
    if extra:
        raise InvalidSituationError(extra[0], f"champ inconnu ; possibles : {_known_fields()}")
    for name in REQUIRED_FIELDS:
        if data.get(name) in (None, ""):
            raise InvalidSituationError(name, "champ obligatoire manquant")
    circumstances = _term_set(data, "circumstances", vocabulary)
    situation = Situation(
        actor=_term(data, "actor", vocabulary),
        employer=_optional_term(data, "employer", vocabulary),
        missions=_term_set(data, "missions", vocabulary),
        act=_term(data, "act", vocabulary),
        recipient=_term(data, "recipient", vocabulary),
        framework=_optional_term(data, "framework", vocabulary) or "aucun",
        circumstances=implied_circumstances(circumstances, vocabulary),
        consent=_consent(data.get("consent")),
        date=_date(data["date"]),
    )
    check_consistent(situation, vocabulary, given=circumstances)
    return situation


def check_consistent(
    situation: Situation, vocabulary: Vocabulary, *, given: Iterable[str] | None = None
) -> None:
    """Raise ``ContradictoryFactsError`` when two facts are declared incompatible in the data.

    A concept is incompatible with what its broader concepts are incompatible with (a
    ``psychiatre`` is a ``medecin``). ``given`` are the circumstances as written, so the message
    names what the user wrote rather than an implied broader circumstance.
    """
    if not vocabulary.incompatible:
        return
    facts = _facts(situation, given)
    for i, (name, scheme, notation) in enumerate(facts):
        reached = _with_ancestors(vocabulary, scheme, notation)
        banned = set().union(*(vocabulary.incompatible.get(key, frozenset()) for key in reached))
        for other_name, other_scheme, other in facts[i + 1 :]:
            if banned & _with_ancestors(vocabulary, other_scheme, other):
                raise ContradictoryFactsError(
                    _shown(vocabulary, name, scheme, notation),
                    _shown(vocabulary, other_name, other_scheme, other),
                )


def _facts(situation: Situation, given: Iterable[str] | None) -> list[tuple[str, str, str]]:
    """(field, scheme, id) of every concept the situation states, in the format's order."""
    facts = [("actor", "actor", situation.actor)]
    if situation.employer:
        facts.append(("employer", "employer", situation.employer))
    facts += [("missions", "mission", m) for m in sorted(situation.missions)]
    facts += [("act", "act", situation.act), ("recipient", "recipient", situation.recipient)]
    facts.append(("framework", "framework", situation.framework))
    circumstances = situation.circumstances if given is None else frozenset(given)
    facts += [("circumstances", "circumstance", c) for c in sorted(circumstances)]
    if situation.consent is not None:
        facts.append(("consent", "consent", CONSENT_NOTATIONS[situation.consent]))
    return facts


def _with_ancestors(vocabulary: Vocabulary, scheme: str, notation: str) -> set[tuple[str, str]]:
    term = vocabulary.term(scheme, notation)
    ancestors = term.ancestors if term else frozenset()
    return {(scheme, notation)} | {(scheme, a) for a in ancestors}


def _shown(vocabulary: Vocabulary, name: str, scheme: str, notation: str) -> tuple[str, str, str]:
    """(field, value as the user wrote it, French label) for the error message."""
    if name == "consent":
        return name, "true" if notation == "oui" else "false", vocabulary.label(scheme, notation)
    return name, notation, vocabulary.label(scheme, notation)


def implied_circumstances(given: Iterable[str], vocabulary: Vocabulary) -> frozenset[str]:
    """Add the broader circumstances each given one implies (``skos:broader``, transitively)."""
    result = set(given)
    for notation in given:
        term = vocabulary.term("circumstance", notation)
        if term:
            result |= term.ancestors
    return frozenset(result)


def _known_fields() -> str:
    return ", ".join(sorted(KNOWN_FIELDS))


def _term(data: Mapping[str, Any], name: str, vocabulary: Vocabulary) -> str:
    value = data[name]
    if not isinstance(value, str):
        raise InvalidSituationError(name, f"attendu un identifiant (texte), reçu {value!r}")
    return _checked(name, value, vocabulary)


def _optional_term(data: Mapping[str, Any], name: str, vocabulary: Vocabulary) -> str | None:
    if data.get(name) in (None, ""):
        return None
    return _term(data, name, vocabulary)


def _term_set(data: Mapping[str, Any], name: str, vocabulary: Vocabulary) -> frozenset[str]:
    values = data.get(name)
    if values is None:
        return frozenset()
    if isinstance(values, str) or not isinstance(values, list | tuple | set | frozenset):
        raise InvalidSituationError(name, f"attendu une liste d'identifiants, reçu {values!r}")
    for value in values:
        if not isinstance(value, str):
            raise InvalidSituationError(name, f"attendu des identifiants (texte), reçu {value!r}")
    return frozenset(_checked(name, value, vocabulary) for value in values)


def _checked(name: str, value: str, vocabulary: Vocabulary) -> str:
    """``value`` if it is an id of the field's scheme, else ``UnknownTerm`` with suggestions."""
    scheme = FIELD_SCHEMES[name]
    if vocabulary.term(scheme, value):
        return value
    valid = vocabulary.ids(scheme)
    close = difflib.get_close_matches(value, valid, n=3, cutoff=0.6)
    raise errors.UnknownTerm(name, value, valid, close)


def _consent(value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InvalidSituationError("consent", f"attendu true, false ou null, reçu {value!r}")


def _date(value: Any) -> date:
    """A ``date`` from YAML (already a date) or text (ISO), checked by the versions module."""
    from graph.versions import check_date

    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise InvalidSituationError("date", f"attendu AAAA-MM-JJ, reçu {value!r}") from None
    if not isinstance(value, date):
        raise InvalidSituationError("date", f"attendu une date AAAA-MM-JJ, reçu {value!r}")
    check_date(value)
    return value
