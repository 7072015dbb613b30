"""What links two nodes: the explorer's « Ce qui relie X à Y », bounded and cheap.

Simple paths explode combinatorially on a 1 500-node graph, and a path through « Code pénal »
says nothing but that both ends belong to it. So paths are searched the cheap way (see
STACK-NOTES §3.4): on a view restricted to meaningful relations, directed first (X→Y, then Y→X),
with a small cutoff and a bounded generator (``itertools.islice``); undirected search only goes
through Yen's ``shortest_simple_paths`` on a simple graph that leaves out hubs (codes,
vocabularies, text statuses, sources). Each hop carries the name of its relation. This is
exploration, never an answer: the reasoning lives in ``graph.reasoning``.

Examples:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="article", label="CP 226-14")
    >>> g.add_node("v", kind="version", label="CP 226-14 (version du 1er août 2020)")
    >>> g.add_node("n", kind="norm", label="Signalement des violences conjugales")
    >>> _ = g.add_edge("v", "a", key="eli:realizes"), g.add_edge("n", "v", key="sg:groundedIn")
    >>> [p.nodes for p in paths_between(g, "n", "a")]
    [('n', 'v', 'a')]
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.neighbourhood import HUB_KINDS, NOISY_RELATIONS


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


def _walkable(network: nx.MultiDiGraph, ends: set[str], keep: frozenset[str]) -> nx.MultiDiGraph:
    """A view with only the ``keep`` relations (all but the noisy ones when empty) and no hub
    other than the two ends."""

    def allowed(u: str, v: str, key: str) -> bool:
        return key in keep if keep else key not in NOISY_RELATIONS

    def not_hub(n: str) -> bool:
        return n in ends or network.nodes[n].get("kind") not in HUB_KINDS

    return nx.subgraph_view(network, filter_node=not_hub, filter_edge=allowed)


def _directed_paths(
    view: nx.MultiDiGraph, source: str, target: str, cutoff: int, limit: int
) -> list[list[str]]:
    """The shortest of the first 200 simple paths source→target, else target→source."""
    for start, end in ((source, target), (target, source)):
        found = nx.all_simple_paths(view, start, end, cutoff=cutoff)
        paths = sorted(itertools.islice(found, 200), key=len)[:limit]
        if paths:
            return paths
    return []


def _undirected_paths(
    view: nx.MultiDiGraph, source: str, target: str, cutoff: int, limit: int
) -> list[list[str]]:
    """The ``limit`` shortest simple paths (Yen) ignoring direction, those within ``cutoff``."""
    simple = nx.Graph(view.to_undirected(as_view=True))
    try:
        found = nx.shortest_simple_paths(simple, source, target)
        return [p for p in itertools.islice(found, limit) if len(p) - 1 <= cutoff]
    except nx.NetworkXNoPath:
        return []


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
    skip = NOISY_RELATIONS if not keep else frozenset()
    view = _walkable(network, {source, target}, keep)
    search = _undirected_paths if undirected else _directed_paths
    found = search(view, source, target, cutoff, limit)
    return [_as_path(network, p, skip, not undirected) for p in found]


def relation_names(network: nx.MultiDiGraph) -> list[str]:
    """Every relation of the graph worth filtering paths on, sorted."""
    keys = {str(k) for _, _, k in network.edges(keys=True)}
    return sorted(keys - NOISY_RELATIONS)
