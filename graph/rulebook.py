"""The norms of a knowledge base, compiled once into small frozen records the engine can match.

Reading the networkx projection for every question would be slow and would mix graph plumbing
with legal reasoning. The rulebook does the plumbing once per loaded knowledge base: scope sets
are expanded down the ``skos:broader`` hierarchy (so ``psychiatre`` matching a norm addressed to
``medecin`` is plain set membership), groundings are grouped by article (a norm is active when
every article it rests on has a grounding version in force), and norms are indexed by act so a
question looks at a handful of them. It also runs the load-time checks of the contract: a
derogation cycle is an error, and two norms that can apply together with opposite effects and
nothing to order them are reported as potential conflicts.
"""

from __future__ import annotations

import itertools
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.errors import SecretGraphError, ShaclViolation
from graph.situation import Vocabulary, vocabulary_from_network

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

#: Scope facets of a norm: (attribute of Norm, predicate, scheme, Situation attribute).
FACETS: tuple[tuple[str, str, str], ...] = (
    ("addressees", "sg:addressee", "actor"),
    ("employers", "sg:employer", "employer"),
    ("missions", "sg:mission", "mission"),
    ("acts", "sg:act", "act"),
    ("recipients", "sg:recipient", "recipient"),
    ("frameworks", "sg:framework", "framework"),
)
PERMISSIVE = frozenset({"faculte", "obligation"})


class DerogationCycleError(SecretGraphError):
    """Norms derogate from each other in a loop: the engine could not decide which wins."""

    def __init__(self, cycle: Iterable[str]) -> None:
        self.cycle = tuple(cycle)
        super().__init__(str(self))

    def __str__(self) -> str:
        chain = " → ".join((*self.cycle, self.cycle[0])) if self.cycle else "?"
        return f"Cycle de dérogations (chaque norme écarte la suivante) : {chain}"


@dataclass(frozen=True)
class GroundingVersion:
    """A version (or an item of a version) a norm rests on, with its dates."""

    node: str  # the grounding node: a version or an item
    version: str  # the version node (the item's version for an item)
    notation: str  # "CP 226-14" or "CP 226-14 1°"
    start: date | None
    end: date | None  # inclusive last day


@dataclass(frozen=True)
class Grounding:
    """Everything a norm rests on inside one article."""

    article: str
    notation: str  # the article's notation: what scenarios cite
    versions: tuple[GroundingVersion, ...]


@dataclass(frozen=True)
class Norm:
    """A compiled norm (or contested point, or binding): what it reaches and what it yields.

    A scope facet of ``None`` means "no restriction"; a set holds every id that matches,
    narrower concepts included.
    """

    id: str
    kind: str  # norm, contested, binding
    label: str
    definition: str
    effect: str | None
    groundings: tuple[Grounding, ...]
    addressees: frozenset[str] | None = None
    employers: frozenset[str] | None = None
    missions: frozenset[str] | None = None
    acts: frozenset[str] | None = None
    recipients: frozenset[str] | None = None
    frameworks: frozenset[str] | None = None
    addressee_bound: bool = False
    requires: frozenset[str] = frozenset()
    requires_one_of: tuple[frozenset[str], ...] = ()
    excludes: frozenset[str] = frozenset()
    requires_consent: bool = False
    derogates_from: frozenset[str] = frozenset()
    derogation_mode: str | None = None  # Undercut or Rebut
    marker: str | None = None
    prevails_over: frozenset[str] = frozenset()
    backing: str | None = None
    escape: str | None = None
    binding_mode: str | None = None
    description: str | None = None
    supported_by: tuple[str, ...] = ()
    opposed_by: tuple[str, ...] = ()

    @property
    def provisions(self) -> tuple[str, ...]:
        """Article notations the norm rests on, in grounding order."""
        return tuple(g.notation for g in self.groundings)


@dataclass(frozen=True)
class PotentialConflict:
    """Two norms that may apply together with opposite effects and nothing ordering them."""

    first: str
    second: str
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, eq=False)
class Rulebook:
    """The compiled norms, bindings and vocabulary of one knowledge base."""

    vocabulary: Vocabulary
    norms: Mapping[str, Norm]
    bindings: tuple[Norm, ...]
    by_act: Mapping[str, tuple[Norm, ...]]
    any_act: tuple[Norm, ...]
    derogators: Mapping[str, tuple[str, ...]]  # norm id → ids of norms derogating from it
    article_decisions: Mapping[str, tuple[str, ...]]
    article_notation: Mapping[str, str]
    labels: Mapping[str, str]  # node id → French label, for sentences
    conflicts: tuple[PotentialConflict, ...] = ()
    depth: Mapping[str, int] = field(default_factory=dict)  # derogation depth (0 = base)

    def candidates(self, act: str) -> tuple[Norm, ...]:
        """The norms a question about ``act`` may reach: those covering it, then the rest."""
        return self.by_act.get(act, ()) + self.any_act

    @property
    def warnings(self) -> tuple[str, ...]:
        """French messages for the CLI ``validate`` and the page."""
        return tuple(c.message for c in self.conflicts)


_CACHE: weakref.WeakKeyDictionary[Any, Rulebook] = weakref.WeakKeyDictionary()


def rulebook_for(kb: KnowledgeBase) -> Rulebook:
    """The rulebook of ``kb``, compiled on first use and kept while ``kb`` lives."""
    book = _CACHE.get(kb)
    if book is None:
        book = _CACHE[kb] = compile_rulebook(kb.network)
    return book


def compile_rulebook(network: nx.MultiDiGraph) -> Rulebook:
    """Compile every norm, contested point and binding of the projected graph."""
    vocabulary = vocabulary_from_network(network)
    reader = _Reader(network, vocabulary)
    norms: dict[str, Norm] = {}
    bindings: list[Norm] = []
    for node, kind in sorted(network.nodes(data="kind")):
        if kind in ("norm", "contested"):
            norms[node] = reader.norm(node, kind)
        elif kind == "binding":
            bindings.append(reader.norm(node, kind))
    check_derogation_cycles(norms.values())
    by_act, any_act = _index_by_act(norms.values())
    return Rulebook(
        vocabulary=vocabulary,
        norms=norms,
        bindings=tuple(bindings),
        by_act=by_act,
        any_act=any_act,
        derogators=_derogators(norms.values()),
        article_decisions=_article_decisions(network),
        article_notation=reader.article_notation,
        labels={n: str(a.get("label", n)) for n, a in network.nodes(data=True)},
        conflicts=tuple(potential_conflicts(norms)),
        depth=_depths(norms),
    )


def check_derogation_cycles(norms: Iterable[Norm]) -> None:
    """Raise ``DerogationCycleError`` naming the loop when norms derogate in a circle."""
    graph = nx.DiGraph()
    for norm in norms:
        for target in norm.derogates_from:
            graph.add_edge(norm.id, target)
    try:
        cycle = nx.find_cycle(graph)
    except nx.NetworkXNoCycle:
        return
    raise DerogationCycleError(edge[0] for edge in cycle)


def potential_conflicts(norms: Mapping[str, Norm]) -> list[PotentialConflict]:
    """Pairs of norms with overlapping scope, opposite effects and nothing ordering them."""
    forbidding = [n for n in norms.values() if n.effect == "interdit"]
    permitting = [n for n in norms.values() if n.effect in PERMISSIVE]
    found = []
    for ban, allow in itertools.product(forbidding, permitting):
        if _ordered(ban, allow) or not _may_overlap(ban, allow):
            continue
        message = (
            f"Conflit possible : « {ban.label} » ({', '.join(ban.provisions)}) interdit et "
            f"« {allow.label} » ({', '.join(allow.provisions)}) permet ou impose le même acte, "
            "sans dérogation ni priorité entre elles (sg:derogatesFrom / sg:prevailsOver)."
        )
        found.append(PotentialConflict(ban.id, allow.id, message))
    return found


CONFLICT_RULE = "conflit-possible"


def conflict_warnings(kb: KnowledgeBase) -> list[ShaclViolation]:
    """The potential conflicts of ``kb`` as ``validate`` warnings, one line per pair of norms.

    They are warnings, not errors: a pair may be left unordered on purpose (a contested point,
    not an order, settles CP 226-13 against CPP 40 al. 2), but whoever edits the data must see it.
    """
    from graph.network import curie

    return [
        ShaclViolation(
            focus=curie(conflict.first),
            path=None,
            rule=CONFLICT_RULE,
            message=conflict.message,
            file=kb.node_files.get(conflict.first),
            severity="warning",
        )
        for conflict in rulebook_for(kb).conflicts
    ]


def _ordered(a: Norm, b: Norm) -> bool:
    return (
        b.id in a.derogates_from
        or a.id in b.derogates_from
        or b.id in a.prevails_over
        or a.id in b.prevails_over
    )


def _may_overlap(a: Norm, b: Norm) -> bool:
    """True when some situation could fall under both norms (scopes and circumstances)."""
    for attr, _, _ in FACETS:
        left, right = getattr(a, attr), getattr(b, attr)
        if left is not None and right is not None and not left & right:
            return False
    return not (a.requires & b.excludes or b.requires & a.excludes)


def _depths(norms: Mapping[str, Norm]) -> dict[str, int]:
    """Derogation depth: 0 for a norm derogating from nothing, 1 + its target's depth else."""
    depths: dict[str, int] = {}

    def depth(norm_id: str) -> int:
        if norm_id not in depths:
            targets = [t for t in norms[norm_id].derogates_from if t in norms]
            depths[norm_id] = 1 + max(map(depth, targets)) if targets else 0
        return depths[norm_id]

    for norm_id in norms:
        depth(norm_id)
    return depths


def _derogators(norms: Iterable[Norm]) -> dict[str, tuple[str, ...]]:
    """Norm id → the ids of the norms derogating from it: where step 4 looks for defeaters."""
    found: dict[str, list[str]] = defaultdict(list)
    for norm in norms:
        for target in norm.derogates_from:
            found[target].append(norm.id)
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _index_by_act(norms: Iterable[Norm]) -> tuple[dict[str, tuple[Norm, ...]], tuple[Norm, ...]]:
    """Norms by the acts they cover, and those covering any act: a question reads a handful."""
    by_act: dict[str, list[Norm]] = defaultdict(list)
    any_act: list[Norm] = []
    for norm in norms:
        if norm.acts is None:
            any_act.append(norm)
        for act in norm.acts or ():
            by_act[act].append(norm)
    return {k: tuple(v) for k, v in by_act.items()}, tuple(any_act)


def _article_decisions(network: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """Decisions linked to each article, by ``sg:interprets`` or ``eli:cited_by_case_law``."""
    found: dict[str, set[str]] = defaultdict(set)
    for source, target, rel in network.edges(keys=True):
        if rel == "sg:interprets":
            found[target].add(source)
        elif rel == "eli:cited_by_case_law":
            found[source].add(target)
    return {k: tuple(sorted(v)) for k, v in found.items()}


class _Reader:
    """Reads one norm's properties off the projected graph."""

    def __init__(self, network: nx.MultiDiGraph, vocabulary: Vocabulary) -> None:
        self.network = network
        self.vocabulary = vocabulary
        self.notation_of = {
            term.iri: (scheme, term.notation)
            for scheme, terms in vocabulary.schemes.items()
            for term in terms.values()
        }
        self.article_notation: dict[str, str] = {}

    def targets(self, node: str, rel: str) -> list[str]:
        return sorted(t for _, t, k in self.network.out_edges(node, keys=True) if k == rel)

    def literal(self, node: str, key: str) -> Any:
        values = self.network.nodes[node].get(key) or ()
        return values[0] if values else None

    def notations(self, node: str, rel: str) -> list[str]:
        return [self.notation_of[t][1] for t in self.targets(node, rel) if t in self.notation_of]

    def scope(self, node: str, rel: str, scheme: str) -> frozenset[str] | None:
        """Ids a facet matches, narrower ones included; None when the norm does not restrict."""
        ids = self.notations(node, rel)
        if not self.targets(node, rel):
            return None
        return frozenset().union(*(self.vocabulary.descendants(scheme, i) for i in ids))

    def norm(self, node: str, kind: str) -> Norm:
        facets = {attr: self.scope(node, rel, scheme) for attr, rel, scheme in FACETS}
        effect = self.notations(node, "sg:effect")
        mode = self.targets(node, "sg:derogationMode")
        return Norm(
            id=node,
            kind=kind,
            label=str(self.network.nodes[node].get("label", node)),
            definition=str(self.literal(node, "skos:definition") or ""),
            effect=effect[0] if effect else ("appreciation" if kind == "contested" else None),
            groundings=self.groundings(node),
            addressee_bound=bool(self.literal(node, "sg:addresseeBound")),
            requires=frozenset(self.notations(node, "sg:requires")),
            requires_one_of=tuple(
                frozenset(self.notations(alt, "sg:option"))
                for alt in self.targets(node, "sg:requiresOneOf")
            ),
            excludes=frozenset(self.notations(node, "sg:excludes")),
            requires_consent=bool(self.literal(node, "sg:requiresConsent")),
            derogates_from=frozenset(self.targets(node, "sg:derogatesFrom")),
            derogation_mode=mode[0].rsplit("#", 1)[-1] if mode else None,
            marker=self.literal(node, "sg:marker"),
            prevails_over=frozenset(self.targets(node, "sg:prevailsOver")),
            backing=next(iter(self.notations(node, "sg:backing")), None),
            escape=self.literal(node, "sg:escape"),
            binding_mode=next(iter(self.notations(node, "sg:bindingMode")), None),
            description=self.literal(node, "dcterms:description"),
            supported_by=tuple(self.targets(node, "sg:supportedBy")),
            opposed_by=tuple(self.targets(node, "sg:opposedBy")),
            **facets,
        )

    def groundings(self, node: str) -> tuple[Grounding, ...]:
        """The norm's grounding versions and items, grouped by article (first-seen order)."""
        by_article: dict[str, list[GroundingVersion]] = {}
        for target in self.targets(node, "sg:groundedIn"):
            grounded = self.grounding_version(target)
            if grounded is not None:
                by_article.setdefault(grounded[0], []).append(grounded[1])
        return tuple(
            Grounding(article, self.article_notation[article], tuple(versions))
            for article, versions in by_article.items()
        )

    def grounding_version(self, target: str) -> tuple[str, GroundingVersion] | None:
        kind = self.network.nodes[target].get("kind")
        version = target
        if kind == "item":
            parents = self.targets(target, "eli:is_part_of")
            if not parents:
                return None
            version = parents[0]
        articles = self.targets(version, "eli:realizes")
        if not articles:
            return None
        article = articles[0]
        notation = str(self.literal(article, "skos:notation") or article)
        self.article_notation[article] = notation
        shown = notation
        if kind == "item":
            shown = str(self.literal(target, "skos:notation") or notation)
        return article, GroundingVersion(
            node=target,
            version=version,
            notation=shown,
            start=self.literal(version, "eli:first_date_entry_in_force"),
            end=self.literal(version, "eli:date_no_longer_in_force"),
        )
