"""Which nodes to draw around something: a node, an article page, an answer.

The page never draws the whole graph (1 500 nodes): it draws a small subgraph chosen here. Around
a node, its neighbours within a few hops, leaving out relations nobody follows (sources, text
statuses, vocabulary membership) and never walking through hubs (a code holds all its articles,
so depth 2 around an article would otherwise pull in the whole Code pénal). Around an article,
the version shown, its items, the norms grounded in them and the decisions on it. Around an
answer, its path and each norm with what grounds it. Navigation only: nothing here says what the
law allows.

Examples:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="article", label="CP 226-14")
    >>> g.add_node("v", kind="version", label="CP 226-14 (version du 1er août 2020)")
    >>> g.add_node("n", kind="norm", label="Signalement des violences conjugales")
    >>> _ = g.add_edge("v", "a", key="eli:realizes"), g.add_edge("n", "v", key="sg:groundedIn")
    >>> sorted(neighbourhood(g, "a", depth=1))
    ['a', 'v']
    >>> article_links(g, "a").norms
    ('n',)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

#: Relations that say nothing a reader follows: drawn neither in neighbourhoods nor in paths.
NOISY_RELATIONS = frozenset(
    {"dcterms:source", "sg:textStatus", "skos:inScheme", "sg:legifranceUrl", "rdfs:seeAlso"}
)
#: Kinds that connect almost everything (a code holds all its articles): never walked through.
HUB_KINDS = frozenset({"code", "scheme", "other"})


def article_of_version(network: nx.MultiDiGraph, version: str) -> str | None:
    """The article a version realizes (``eli:realizes``), if the graph says."""
    return next(
        (t for _, t, k in network.out_edges(version, keys=True) if k == "eli:realizes"), None
    )


def _incoming(network: nx.MultiDiGraph, node: str, relation: str) -> set[str]:
    """The nodes linked to ``node`` by ``relation``."""
    return {u for u, _, k in network.in_edges(node, keys=True) if k == relation}


def _readable(network: nx.MultiDiGraph, skip: frozenset[str]) -> nx.MultiDiGraph:
    """A view without noisy relations (sources, text statuses, vocabulary membership)."""

    def keep(u: str, v: str, key: str) -> bool:
        return key not in skip

    return nx.subgraph_view(network, filter_edge=keep)


def _next_ring(
    network: nx.MultiDiGraph,
    view: nx.MultiDiGraph,
    centre: str,
    frontier: list[str],
    seen: set[str],
    max_nodes: int,
) -> list[str]:
    """The unseen neighbours of ``frontier`` (added to ``seen`` until it holds ``max_nodes``);
    hubs other than the centre are not expanded."""
    following: list[str] = []
    for current in frontier:
        if current != centre and network.nodes[current].get("kind") in HUB_KINDS:
            continue
        for other in itertools.chain(view.successors(current), view.predecessors(current)):
            if other not in seen:
                if len(seen) >= max_nodes:
                    return following
                seen.add(other)
                following.append(other)
    return following


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
        frontier = _next_ring(network, view, node, frontier, seen, max_nodes)
        if len(seen) >= max_nodes:
            break
    return seen


@dataclass(frozen=True)
class ArticleLinks:
    """The neighbours an article page lists: the norms read from it and the decisions on it."""

    norms: tuple[str, ...]
    decisions: tuple[str, ...]
    code: str | None


def _code_of(network: nx.MultiDiGraph, article: str) -> str | None:
    """The code (or law) an article is part of."""
    return next(
        (
            v
            for _, v, k in network.out_edges(article, keys=True)
            if k == "eli:is_part_of" and network.nodes[v].get("kind") == "code"
        ),
        None,
    )


def _by_label(network: nx.MultiDiGraph, ids: set[str]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=lambda n: str(network.nodes[n].get("label") or n)))


def article_links(network: nx.MultiDiGraph, article: str) -> ArticleLinks:
    """Norms grounded in any version (or item of a version) of ``article``; decisions that
    interpret it (``sg:interprets`` or ``eli:cited_by_case_law``); the code it belongs to."""
    versions = _incoming(network, article, "eli:realizes")
    parts = set(versions)
    for version in versions:
        parts |= _incoming(network, version, "eli:is_part_of")
    norms = {
        u
        for part in parts
        for u in _incoming(network, part, "sg:groundedIn")
        if network.nodes[u].get("kind") in ("norm", "contested")
    }
    decisions = _incoming(network, article, "sg:interprets")
    decisions |= {
        v for _, v, k in network.out_edges(article, keys=True) if k == "eli:cited_by_case_law"
    }
    code = _code_of(network, article)
    return ArticleLinks(_by_label(network, norms), _by_label(network, decisions), code)


def article_view_nodes(network: nx.MultiDiGraph, article: str, version: str | None) -> set[str]:
    """The nodes drawn on an article page: the article, its code, the version shown, the items
    of that version, the norms grounded in them, and the decisions on the article."""
    links = article_links(network, article)
    nodes = {article, *links.decisions}
    if links.code:
        nodes.add(links.code)
    if version and version in network:
        parts = {version} | _incoming(network, version, "eli:is_part_of")
        nodes |= parts
        nodes |= {
            u
            for part in parts
            for u in _incoming(network, part, "sg:groundedIn")
            if u in links.norms
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
        article = article_of_version(network, version) if version in network else None
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
