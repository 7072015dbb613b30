"""Finding a node by what it says: the explorer's search box and its date filter.

A reader types « 226-14 », « art. 226 14 » or « violences conjugales » and expects the article,
its versions and the norms read from it, best first, whatever the accents and punctuation. This
module normalises the query and the nodes' texts (notations, labels, titles, definitions,
summaries, article texts, read once per network and kept in a weak cache), scores each node and
returns ranked ``Hit``s with a snippet; ``alive_on`` drops what was not law on the chosen date.
It is navigation only: nothing here says what the law allows.

Examples:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="article", label="CP 226-14", **{"skos:notation": ("CP 226-14",)})
    >>> g.add_node("v", kind="version", label="CP 226-14 (version du 1er août 2020)")
    >>> g.add_node("n", kind="norm", label="Signalement des violences conjugales")
    >>> [hit.node for hit in search(g, "226 14")]
    ['a', 'v']
    >>> [hit.node for hit in search(g, "violences conjugales")]
    ['n']
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.neighbourhood import article_of_version
from graph.versions import version_in_force

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

#: Kinds a user can search for, with their French names (the order of the filter).
SEARCHABLE_KINDS: dict[str, str] = {
    "article": "Articles",
    "norm": "Normes",
    "contested": "Points discutés",
    "decision": "Décisions",
    "concept": "Notions",
    "binding": "Soumissions au secret",
    "version": "Versions",
    "code": "Codes et lois",
}
_TEXT_KEYS = (
    "skos:notation",
    "dcterms:title",
    "skos:prefLabel",
    "skos:altLabel",
    "skos:definition",
    "dcterms:abstract",
    "dcterms:description",
    "sg:caseNumber",
    "dcterms:identifier",
    "sg:text",
)


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation and spaces collapsed: « Art. 226-14 » ≈ « art 226 14 ».

    >>> normalise("  Médecin, CP 226-14 ")
    'medecin cp 226 14'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.split(r"[\W_]+", bare)).strip()


def literal_values(attrs: Mapping[str, Any], key: str) -> list[str]:
    """A literal attribute of a node as strings (the projection stores tuples; ``[]`` if absent).

    >>> literal_values({"sg:court": ("Cass. crim.",)}, "sg:court"), literal_values({}, "x")
    (['Cass. crim.'], [])
    """
    value = attrs.get(key) or ()
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def first_date(attrs: Mapping[str, Any], key: str) -> date | None:
    """The first date among a literal attribute's values, if any."""
    for value in attrs.get(key) or ():
        if isinstance(value, date):
            return value
    return None


@dataclass(frozen=True)
class Hit:
    """One search result: the node, how it reads, and why it matched (a snippet)."""

    node: str
    kind: str
    label: str
    snippet: str
    score: int


def _snippet(text: str, words: list[str], width: int = 90) -> str:
    """A few words of ``text`` around the first query word found in it."""
    flat = " ".join(text.split())
    bare = normalise(flat)
    position = min((bare.find(w) for w in words if bare.find(w) >= 0), default=0)
    # normalise() keeps one character per letter for French text, so positions line up closely.
    start = max(position - width // 3, 0)
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


@dataclass(frozen=True)
class _Entry:
    """A node's searchable texts, normalised once per network."""

    node: str
    kind: str
    label: str
    notations: tuple[str, ...]
    bare_label: str
    texts: tuple[tuple[str, str], ...]  # (original, normalised), in _TEXT_KEYS order


_INDEXES: weakref.WeakKeyDictionary[nx.MultiDiGraph, list[_Entry]] = weakref.WeakKeyDictionary()


def _entry(node: str, attrs: Mapping[str, Any]) -> _Entry:
    """One node's index entry."""
    label = str(attrs.get("label") or node)
    texts = tuple((t, normalise(t)) for key in _TEXT_KEYS for t in literal_values(attrs, key))
    notations = tuple(normalise(n) for n in literal_values(attrs, "skos:notation"))
    kind = str(attrs.get("kind", "other"))
    return _Entry(node, kind, label, notations, normalise(label), texts)


def _index(network: nx.MultiDiGraph) -> list[_Entry]:
    """The search index of a network, built on first use (the network is frozen, shared)."""
    entries = _INDEXES.get(network)
    if entries is None:
        entries = [_entry(node, attrs) for node, attrs in network.nodes(data=True)]
        _INDEXES[network] = entries
    return entries


def _score(entry: _Entry, query: str, words: list[str]) -> tuple[int, str]:
    """How well a node matches: exact notation > notation ending or starting with the query >
    label > other texts (titles, definitions, summaries, article texts)."""
    if query in entry.notations:
        return 100, ""
    if any(n.endswith(" " + query) for n in entry.notations):
        return 90, ""
    if any(n.startswith(query) for n in entry.notations):
        return 80, ""
    if all(w in entry.bare_label for w in words):
        return 60, ""
    for rank, (text, bare) in enumerate(entry.texts):
        if all(w in bare for w in words):
            return max(40 - rank, 1), _snippet(text, words)
    return 0, ""


def search(
    network: nx.MultiDiGraph, query: str, *, kinds: Iterable[str] = (), limit: int = 40
) -> list[Hit]:
    """Nodes whose notation, label or texts contain every word of ``query`` (accents ignored).

    Best matches first: an exact notation (« cp 226-14 »), then notations ending or starting
    with the query (« 226-14 »), then labels, then titles, definitions, summaries and texts.
    """
    wanted = normalise(query)
    if not wanted:
        return []
    words = wanted.split()
    allowed = frozenset(kinds)
    hits = []
    for entry in _index(network):
        if allowed and entry.kind not in allowed:
            continue
        score, snippet = _score(entry, wanted, words)
        if score:
            hits.append(Hit(entry.node, entry.kind, entry.label, snippet, score))
    hits.sort(key=lambda h: (-h.score, h.kind != "article", h.label))
    return hits[:limit]


def alive_on(kb: KnowledgeBase, node: str, on: date) -> bool:
    """Whether a node belongs to the law as it stood on ``on``, for the explorer's date filter.

    An article (or its versions and items) counts when a version is in force that day
    (``graph.versions`` decides); a decision when it was delivered by then; anything else always.
    An item counts when the version it is part of does.
    """
    network = kb.network
    attrs = network.nodes[node]
    kind = attrs.get("kind")
    if kind == "article":
        return version_in_force(kb, node, on) is not None
    if kind == "version":
        found = version_in_force(kb, article_of_version(network, node) or node, on)
        return found is not None and found.version == node
    if kind == "item":
        versions = [v for _, v, k in network.out_edges(node, keys=True) if k == "eli:is_part_of"]
        return all(
            alive_on(kb, v, on) for v in versions if network.nodes[v].get("kind") == "version"
        )
    if kind == "decision":
        delivered = first_date(attrs, "dcterms:date")
        return delivered is None or delivered <= on
    return True


#: Kinds the filter does not list, filtered as the kind they belong to (an item of a version).
FILTERED_AS = {"item": "version"}


def of_kinds(
    network: nx.MultiDiGraph, nodes: Iterable[str], kinds: Iterable[str], keep: Iterable[str] = ()
) -> set[str]:
    """The nodes whose kind is among ``kinds`` (all if empty): the explorer's type filter on a
    drawing. Items go with versions; kinds the filter does not list (vocabularies, condition
    groups) stay; ``keep`` (the node shown) always stays."""
    allowed = frozenset(kinds)
    kept = set(keep)

    def wanted(node: str) -> bool:
        kind = str(network.nodes[node].get("kind", "other"))
        kind = FILTERED_AS.get(kind, kind)
        return not allowed or kind not in SEARCHABLE_KINDS or kind in allowed

    return {n for n in nodes if n in network and (n in kept or wanted(n))}


def filter_nodes(
    kb: KnowledgeBase,
    nodes: Iterable[str],
    *,
    kinds: Iterable[str] = (),
    on: date | None = None,
    keep: Iterable[str] = (),
) -> set[str]:
    """The explorer's filters applied to a drawing: the type filter (``of_kinds``) and, when
    ``on`` is given, only what belonged to the law on that day (``alive_on``); ``keep`` stays."""
    kept = set(keep)
    shown = of_kinds(kb.network, nodes, kinds, kept)
    if on is None:
        return shown
    return {n for n in shown if n in kept or alive_on(kb, n, on)}
