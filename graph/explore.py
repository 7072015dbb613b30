"""Exploring the knowledge graph: search, neighbourhoods, paths, and what a node panel shows.

This is navigation, not reasoning: nothing here says what the law allows. The page's explorer
mode calls these functions on the shared (frozen) ``KnowledgeBase.network`` and renders small
subgraphs of what they return.

Paths between two nodes ("Ce qui relie X à Y") are searched the cheap way (see STACK-NOTES
§3.4): on a view restricted to meaningful relations, directed first (X→Y, then Y→X), with a
small cutoff and a bounded generator (``itertools.islice``); undirected search only goes through
Yen's ``shortest_simple_paths`` on a simple graph that leaves out hubs (codes, vocabularies,
text statuses, sources), so a path never runs through « Code pénal » just because both ends
belong to it.

Examples:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="article", label="CP 226-14", **{"skos:notation": ("CP 226-14",)})
    >>> g.add_node("v", kind="version", label="CP 226-14 (version du 1er août 2020)")
    >>> g.add_node("n", kind="norm", label="Signalement des violences conjugales")
    >>> _ = g.add_edge("v", "a", key="eli:realizes"), g.add_edge("n", "v", key="sg:groundedIn")
    >>> [hit.node for hit in search(g, "226 14")]
    ['a', 'v']
    >>> [hit.node for hit in search(g, "violences conjugales")]
    ['n']
    >>> [p.nodes for p in paths_between(g, "n", "a")]
    [('n', 'v', 'a')]
    >>> sorted(neighbourhood(g, "a", depth=1))
    ['a', 'v']
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

#: Relations that say nothing a reader follows: drawn neither in neighbourhoods nor in paths.
NOISY_RELATIONS = frozenset(
    {"dcterms:source", "sg:textStatus", "skos:inScheme", "sg:legifranceUrl", "rdfs:seeAlso"}
)
#: Kinds that connect almost everything (a code holds all its articles): never walked through.
HUB_KINDS = frozenset({"code", "scheme", "other"})
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


@dataclass(frozen=True)
class Hit:
    """One search result: the node, how it reads, and why it matched (a snippet)."""

    node: str
    kind: str
    label: str
    snippet: str
    score: int


def _values(attrs: Mapping[str, Any], key: str) -> list[str]:
    value = attrs.get(key) or ()
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


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


def _index(network: nx.MultiDiGraph) -> list[_Entry]:
    """The search index of a network, built on first use (the network is frozen, shared)."""
    entries = _INDEXES.get(network)
    if entries is None:
        entries = []
        for node, attrs in network.nodes(data=True):
            label = str(attrs.get("label") or node)
            texts = tuple((t, normalise(t)) for key in _TEXT_KEYS for t in _values(attrs, key))
            notations = tuple(normalise(n) for n in _values(attrs, "skos:notation"))
            kind = str(attrs.get("kind", "other"))
            entries.append(_Entry(node, kind, label, notations, normalise(label), texts))
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


def _first_date(attrs: Mapping[str, Any], key: str) -> date | None:
    for value in attrs.get(key) or ():
        if isinstance(value, date):
            return value
    return None


def alive_on(kb: KnowledgeBase, node: str, on: date) -> bool:
    """Whether a node belongs to the law as it stood on ``on``, for the explorer's date filter.

    An article (or its versions and items) counts when a version is in force that day
    (``graph.versions`` decides); a decision when it was delivered by then; anything else always.
    """
    from graph.versions import version_in_force

    network = kb.network
    attrs = network.nodes[node]
    kind = attrs.get("kind")
    if kind == "article":
        return version_in_force(kb, node, on) is not None
    if kind == "version":
        found = version_in_force(kb, _article_of_version(network, node) or node, on)
        return found is not None and found.version == node
    if kind == "decision":
        delivered = _first_date(attrs, "dcterms:date")
        return delivered is None or delivered <= on
    return True


def _article_of_version(network: nx.MultiDiGraph, version: str) -> str | None:
    return next(
        (t for _, t, k in network.out_edges(version, keys=True) if k == "eli:realizes"), None
    )


def _readable(network: nx.MultiDiGraph, skip: frozenset[str]) -> nx.MultiDiGraph:
    """A view without noisy relations (sources, text statuses, vocabulary membership)."""

    def keep(u: str, v: str, key: str) -> bool:
        return key not in skip

    return nx.subgraph_view(network, filter_edge=keep)


def neighbourhood(
    network: nx.MultiDiGraph,
    node: str,
    *,
    depth: int = 1,
    max_nodes: int = 120,
    skip: frozenset[str] = NOISY_RELATIONS,
) -> set[str]:
    """The node and those within ``depth`` hops (either direction), capped at ``max_nodes``.

    Hubs (codes, vocabularies) are shown when adjacent but never walked through, so depth 2
    around an article does not pull in the whole code.
    """
    if node not in network:
        return set()
    view = _readable(network, skip)
    seen = {node}
    frontier = [node]
    for _ in range(max(1, min(depth, 3))):
        following = []
        for current in frontier:
            if current != node and network.nodes[current].get("kind") in HUB_KINDS:
                continue
            for other in itertools.chain(view.successors(current), view.predecessors(current)):
                if other not in seen:
                    if len(seen) >= max_nodes:
                        return seen
                    seen.add(other)
                    following.append(other)
        frontier = following
    return seen


@dataclass(frozen=True)
class Path:
    """A chain of nodes with the relation of each hop, read in the direction it was found."""

    nodes: tuple[str, ...]
    relations: tuple[str, ...]  # relations[i] links nodes[i] and nodes[i+1]
    directed: bool


def _relation(network: nx.MultiDiGraph, u: str, v: str, skip: frozenset[str]) -> str:
    """The name of one relation between u and v (either direction; ``←`` marks a reversed one)."""
    for key in network.get_edge_data(u, v, default={}):
        if key not in skip:
            return str(key)
    for key in network.get_edge_data(v, u, default={}):
        if key not in skip:
            return f"← {key}"
    return "?"


def _as_path(
    network: nx.MultiDiGraph, nodes: list[str], skip: frozenset[str], directed: bool
) -> Path:
    """A path of node ids with the relation read along each step (``←`` when reversed)."""
    relations = tuple(_relation(network, u, v, skip) for u, v in itertools.pairwise(nodes))
    return Path(tuple(nodes), relations, directed)


def paths_between(
    network: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    relations: Iterable[str] = (),
    cutoff: int = 5,
    limit: int = 5,
    undirected: bool = False,
) -> list[Path]:
    """Up to ``limit`` simple paths linking ``source`` and ``target``: exploration, not an answer.

    Directed (source→target, else target→source) on a view keeping only ``relations`` (all but
    the noisy ones when empty), with ``cutoff`` hops at most. With ``undirected``, the k shortest
    paths (Yen) on a simple undirected graph without hubs. Unknown nodes give no path.
    """
    if source not in network or target not in network or source == target:
        return []
    cutoff = max(1, min(cutoff, 8))
    keep = frozenset(relations)

    def allowed(u: str, v: str, key: str) -> bool:
        return key in keep if keep else key not in NOISY_RELATIONS

    skip = NOISY_RELATIONS if not keep else frozenset()
    ends = {source, target}

    def not_hub(n: str) -> bool:
        return n in ends or network.nodes[n].get("kind") not in HUB_KINDS

    view = nx.subgraph_view(network, filter_node=not_hub, filter_edge=allowed)
    if not undirected:
        for start, end in ((source, target), (target, source)):
            found = nx.all_simple_paths(view, start, end, cutoff=cutoff)
            paths = sorted(itertools.islice(found, 200), key=len)[:limit]
            if paths:
                return [_as_path(network, p, skip, True) for p in paths]
        return []
    simple = nx.Graph(view.to_undirected(as_view=True))
    try:
        found = nx.shortest_simple_paths(simple, source, target)
        paths = [p for p in itertools.islice(found, limit) if len(p) - 1 <= cutoff]
    except nx.NetworkXNoPath:
        return []
    return [_as_path(network, p, skip, False) for p in paths]


def relation_names(network: nx.MultiDiGraph) -> list[str]:
    """Every relation of the graph worth filtering paths on, sorted."""
    keys = {str(k) for _, _, k in network.edges(keys=True)}
    return sorted(keys - NOISY_RELATIONS)


@dataclass(frozen=True)
class Link:
    """A neighbour of a node through one relation, for the node panel."""

    relation: str
    node: str
    label: str
    kind: str
    outgoing: bool


@dataclass(frozen=True)
class NodePanel:
    """What the explorer shows about any node: its literals and its links."""

    node: str
    kind: str
    label: str
    literals: tuple[tuple[str, str], ...]
    links: tuple[Link, ...]


def node_panel(network: nx.MultiDiGraph, node: str, *, max_links: int = 60) -> NodePanel:
    """The literals (texts shown in full elsewhere are left out) and the links of a node."""
    attrs = network.nodes[node]
    literals = tuple(
        (key, "; ".join(_values(attrs, key)))
        for key in sorted(attrs)
        if ":" in key and key not in ("sg:text",)
    )
    links = []
    for _, other, key in network.out_edges(node, keys=True):
        links.append(_link(network, key, other, True))
    for other, _, key in network.in_edges(node, keys=True):
        links.append(_link(network, key, other, False))
    links.sort(key=lambda link: (link.relation in NOISY_RELATIONS, not link.outgoing, link.label))
    kind = str(attrs.get("kind", "other"))
    return NodePanel(
        node, kind, str(attrs.get("label") or node), literals, tuple(links[:max_links])
    )


def _link(network: nx.MultiDiGraph, key: str, other: str, outgoing: bool) -> Link:
    attrs = network.nodes[other]
    label = str(attrs.get("label") or other)
    return Link(str(key), other, label, str(attrs.get("kind", "other")), outgoing)


@dataclass(frozen=True)
class ArticleLinks:
    """The neighbours an article page lists: the norms read from it and the decisions on it."""

    norms: tuple[str, ...]
    decisions: tuple[str, ...]
    code: str | None


def article_links(network: nx.MultiDiGraph, article: str) -> ArticleLinks:
    """Norms grounded in any version (or item of a version) of ``article``; decisions that
    interpret it (``sg:interprets`` or ``eli:cited_by_case_law``); the code it belongs to."""
    versions = {u for u, _, k in network.in_edges(article, keys=True) if k == "eli:realizes"}
    parts = set(versions)
    for version in versions:
        parts |= {u for u, _, k in network.in_edges(version, keys=True) if k == "eli:is_part_of"}
    norms = {
        u
        for part in parts
        for u, _, k in network.in_edges(part, keys=True)
        if k == "sg:groundedIn" and network.nodes[u].get("kind") in ("norm", "contested")
    }
    decisions = {u for u, _, k in network.in_edges(article, keys=True) if k == "sg:interprets"}
    decisions |= {
        v for _, v, k in network.out_edges(article, keys=True) if k == "eli:cited_by_case_law"
    }
    code = next(
        (
            v
            for _, v, k in network.out_edges(article, keys=True)
            if k == "eli:is_part_of" and network.nodes[v].get("kind") == "code"
        ),
        None,
    )

    def by_label(ids: set[str]) -> tuple[str, ...]:
        return tuple(sorted(ids, key=lambda n: str(network.nodes[n].get("label") or n)))

    return ArticleLinks(by_label(norms), by_label(decisions), code)


def article_view_nodes(network: nx.MultiDiGraph, article: str, version: str | None) -> set[str]:
    """The nodes drawn on an article page: the article, its code, the version shown, the items
    of that version, the norms grounded in them, and the decisions on the article."""
    links = article_links(network, article)
    nodes = {article, *links.decisions}
    if links.code:
        nodes.add(links.code)
    if version and version in network:
        parts = {version}
        parts |= {u for u, _, k in network.in_edges(version, keys=True) if k == "eli:is_part_of"}
        nodes |= parts
        nodes |= {
            u
            for part in parts
            for u, _, k in network.in_edges(part, keys=True)
            if k == "sg:groundedIn" and u in links.norms
        }
    return nodes


def grounding_nodes(
    network: nx.MultiDiGraph, norm: str, cited: Iterable[tuple[str, str]]
) -> set[str]:
    """A norm and what it rests on: each cited (version, grounding node) pair and the article
    each version realizes. Ids unknown to the network are dropped."""
    nodes = {norm}
    for version, node in cited:
        nodes |= {version, node}
        article = _article_of_version(network, version) if version in network else None
        if article:
            nodes.add(article)
    return {n for n in nodes if n in network}


def answer_nodes(
    network: nx.MultiDiGraph,
    steps: Iterable[tuple[str, Iterable[tuple[str, str]]]],
    path: Iterable[str] = (),
    rejected: Iterable[str] = (),
    *,
    max_nodes: int = 150,
) -> set[str]:
    """The nodes drawn for an answer: its path, its rejected nodes, and for each step
    ``(norm id, [(version id, grounding node id), …])`` the norm with what grounds it."""
    nodes = {n for n in itertools.chain(path, rejected) if n in network}
    for norm, cited in steps:
        nodes |= grounding_nodes(network, norm, cited)
        if len(nodes) >= max_nodes:
            break
    return nodes


@dataclass(frozen=True)
class NodeCard:
    """What the panel of a clicked node shows, in reading order, as plain strings.

    ``facts`` are (French name, value) pairs; ``text`` is the text in force (a provision) or
    the definition or summary; ``url`` the provision's Légifrance page; ``status`` the node's
    status in the current trace (a key of ``graph.answer.STATUSES``), if it has one.
    """

    node: str
    kind: str
    label: str
    facts: tuple[tuple[str, str], ...]
    text: str
    url: str
    status: str | None


def _targets(network: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    found = [v for _, v, k in network.out_edges(node, keys=True) if k == relation]
    return sorted({str(network.nodes[v].get("label") or v) for v in found}, key=normalise)


def _provision_card(
    kb: KnowledgeBase, node: str, kind: str, on: date
) -> tuple[list[tuple[str, str]], str, str]:
    """Facts, text and Légifrance link of an article, version or item, read on ``on``."""
    from graph.versions import french_date, legifrance_url, version_in_force, versions_of

    network = kb.network
    version = node if kind == "version" else None
    if kind == "item":
        version = next(
            (v for _, v, k in network.out_edges(node, keys=True) if k == "eli:is_part_of"), None
        )
    article = node if kind == "article" else _article_of_version(network, version or node)
    facts: list[tuple[str, str]] = []
    text = ""
    found = version_in_force(kb, article, on) if article else None
    if kind == "article":
        title = _values(network.nodes[node], "dcterms:title")
        facts += [("Intitulé", title[0])] if title else []
        if found is None:
            facts.append((f"Le {french_date(on)}", "aucune version datée en vigueur"))
        else:
            text = found.text or ""
            facts.append(
                (f"En vigueur le {french_date(on)}", f"version du {french_date(found.start)}")
            )
    else:
        own = _values(network.nodes[node], "sg:text")
        text = own[0] if own else ""
        known = {v.id: v for v in versions_of(kb, article)} if article else {}
        shown = known.get(version or "")
        if shown is not None and shown.start is not None:
            end = f" au {french_date(shown.end)}" if shown.end else ""
            facts.append(("Version", f"du {french_date(shown.start)}{end}"))
        in_force = found is not None and found.version == version
        state = "en vigueur" if in_force else "pas en vigueur"
        if found is not None and not in_force:
            state += f" (celle du {french_date(found.start)} l'est)"
        facts.append((f"Le {french_date(on)}", state))
    return facts, text, legifrance_url(kb, article) if article else ""


def node_card(
    kb: KnowledgeBase, node: str, on: date, statuses: Mapping[str, str] | None = None
) -> NodeCard:
    """The panel of ``node`` on date ``on``: a provision's text in force and Légifrance link; a
    norm's definition, effect, groundings and status in the trace (``statuses``: norm → status);
    a decision's court, date and summary; otherwise the label and definition."""
    from graph.versions import french_date

    network = kb.network
    attrs = network.nodes[node]
    kind = str(attrs.get("kind", "other"))
    label = str(attrs.get("label") or node)
    facts: list[tuple[str, str]] = []
    text, url = "", ""
    if kind in ("article", "version", "item"):
        facts, text, url = _provision_card(kb, node, kind, on)
    elif kind == "decision":
        court = " ".join(_values(attrs, "sg:court") + _values(attrs, "sg:chamber"))
        delivered = _first_date(attrs, "dcterms:date")
        facts += [("Juridiction", court)] if court else []
        facts += [("Date", french_date(delivered))] if delivered else []
        text = " ".join(_values(attrs, "dcterms:abstract"))
    else:
        text = " ".join(_values(attrs, "skos:definition"))
        if kind in ("norm", "contested", "binding"):
            for name, relation in (("Effet", "sg:effect"), ("Fondée sur", "sg:groundedIn")):
                values = _targets(network, node, relation)
                facts += [(name, "; ".join(values))] if values else []
    return NodeCard(node, kind, label, tuple(facts), text, url, (statuses or {}).get(node))
