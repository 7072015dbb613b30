"""The answer to a situation: a verdict that carries its own justification.

The page, the CLI and the memo all render the same object, so it holds everything a reader
needs to check the verdict: each norm tried and why it held or not (a French sentence per
step), the provisions and dated versions cited, the facts the engine had to assume, the open
points and conflicts met, and the node ids of the decisive path for the graph to highlight.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

VERDICTS = ("interdit", "faculte", "obligation", "appreciation", "indetermine", "conflit")
STATUSES = ("applique", "ecartee", "inconnue", "neutralisee", "inactive")

VERDICT_LABELS = {
    "interdit": "Révéler est interdit",
    "faculte": "Révéler est permis, non imposé",
    "obligation": "Révéler (ou agir) est obligatoire",
    "appreciation": "La réponse dépend d'une appréciation",
    "indetermine": "Indéterminé : un fait manque",
    "conflit": "Conflit entre deux règles",
}

#: The facts a situation may leave unknown, as an answer names them (``missing_facts``)...
FACT_CONSENT = "l'accord de la personne concernée"
FACT_EMPLOYER = "l'employeur de l'acteur (public, privé, libéral, bénévole)"
FACT_BOUND = "si l'acteur est tenu au secret (voir les autres faits manquants)"
#: ...and what the verdict assumed of each when both readings agree (``facts_assumed``).
ASSUMED = {
    FACT_CONSENT: "accord de la personne inconnu : traité comme absent",
    FACT_EMPLOYER: "employeur inconnu : les règles propres à un employeur sont tenues pour "
    "non remplies",
    FACT_BOUND: "on ne sait pas si l'acteur est tenu au secret : traité comme non tenu",
}


def provisions_not_in(label: str, provisions: Iterable[str]) -> list[str]:
    """The provisions a label does not already cite (« … (CPP 60-1, depuis 2014) » cites one).

    >>> provisions_not_in("Réquisition (CPP 60-1)", ["CPP 60-1", "CPP 56-3"])
    ['CPP 56-3']
    """
    return [p for p in provisions if p not in label]


@dataclass(frozen=True)
class VersionCited:
    """One dated version (or item) that grounds a step."""

    id: str  # the version node id
    node: str  # the grounding node (the version, or the item of the version)
    notation: str  # "CP 226-14" or "CP 226-14 1°"
    article: str  # "CP 226-14"
    start: date | None
    end: date | None  # inclusive last day

    @property
    def label(self) -> str:
        """``CP 226-14 1° (version du 2016-03-16)``: how a step cites it."""
        when = f"version du {self.start.isoformat()}" if self.start else "version non datée"
        return f"{self.notation} ({when})"


@dataclass(frozen=True)
class Step:
    """One norm (or binding) the engine tried, and what came of it."""

    norm: str  # node id
    label: str
    kind: str  # binding, norm, contested
    role: str  # binding, base, exception, exception-to-exception, duty, other
    status: str  # one of STATUSES
    effect: str | None
    provisions: tuple[str, ...]  # article notations
    versions: tuple[VersionCited, ...]
    condition: str | None  # failed condition, missing fact or the date problem, in French
    defeated_by: tuple[str, ...]  # node ids of the norms that neutralise this one
    sentence: str


@dataclass(frozen=True)
class Conflict:
    """Two applying norms with opposite effects and nothing in the data to order them."""

    first: str
    second: str
    first_label: str
    second_label: str
    sentence: str


@dataclass(frozen=True)
class Answer:
    """The verdict for one situation, with its trace and everything it cites."""

    verdict: str
    reason: str
    steps: tuple[Step, ...]
    provisions: tuple[str, ...]
    versions: tuple[VersionCited, ...]
    facts_assumed: tuple[str, ...] = ()
    missing_facts: tuple[str, ...] = ()
    open_points: tuple[str, ...] = ()  # node ids of contested points reached
    conflicts: tuple[Conflict, ...] = ()
    backing: str | None = None  # penale, disciplinaire, aucune (an obligation only)
    escape: str | None = None
    freshness: tuple[str, ...] = ()
    freshness_about: tuple[str, ...] = ()  # the article each freshness warning is about
    decisions: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()
    bound: bool | None = None
    backing_label: str | None = None
    links: tuple[tuple[str, str], ...] = ()  # (article notation, Légifrance URL)
    titles: tuple[tuple[str, str], ...] = ()  # (node id, French label): decisions, open points

    @property
    def verdict_label(self) -> str:
        """A short French heading for the verdict."""
        return VERDICT_LABELS.get(self.verdict, self.verdict)

    def link(self, notation: str) -> str | None:
        """The Légifrance URL of a cited article, when the answer knows it."""
        return dict(self.links).get(notation)

    def title(self, node: str) -> str:
        """The French label of a decision or open point the answer names."""
        return dict(self.titles).get(node, node)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: tuples become lists, dates ISO strings; the verdict's French
        heading is added as ``verdict_label``."""
        return {**_jsonable(asdict(self)), "verdict_label": self.verdict_label}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return value
