"""Shared, cached resources of the page: the knowledge base, its rulebook, presets, graph HTML.

``st.cache_resource`` holds the one knowledge base and rulebook of the process (read-only);
``st.cache_data`` only holds small derived strings (the graph HTML, keyed by what it shows).
"""

from __future__ import annotations

import streamlit as st

from graph import explore, render
from graph.load import KnowledgeBase, load_default
from graph.presets import Preset, load_presets
from graph.rulebook import Rulebook, rulebook_for


@st.cache_resource(show_spinner="Chargement de la base de connaissances…")
def knowledge_base() -> KnowledgeBase:
    """The default knowledge base, parsed once per server process."""
    return load_default()


@st.cache_resource
def rulebook() -> Rulebook:
    """The compiled norms of the knowledge base."""
    return rulebook_for(knowledge_base())


@st.cache_resource
def presets() -> tuple[Preset, ...]:
    """The notable cases of ``data/presets.yaml``."""
    return load_presets()


@st.cache_data(max_entries=64, show_spinner=False)
def graph_html(
    nodes: tuple[str, ...],
    path: tuple[str, ...] = (),
    rejected: tuple[str, ...] = (),
    focus: tuple[str, ...] = (),
    height: int = 520,
) -> str:
    """The offline HTML of the subgraph on ``nodes`` with its highlight (a few hundred nodes at
    most); the cached network itself never reaches pyvis."""
    network = knowledge_base().network
    sub = network.subgraph([n for n in nodes if n in network])
    highlight = render.Highlight.of(path, rejected, focus)
    return render.graph_html(sub, highlight, height=height)


def sorted_nodes(nodes: set[str] | list[str]) -> tuple[str, ...]:
    """A stable, hashable key for a node set (cache key and stable layout)."""
    return tuple(sorted(nodes))


__all__ = ["explore", "graph_html", "knowledge_base", "presets", "rulebook", "sorted_nodes"]
