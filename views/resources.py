"""Shared resources of the page: the knowledge base, its rulebook, presets, graph HTML.

``st.cache_resource`` holds the one default knowledge base of the process (read-only);
``st.cache_data`` only holds small derived strings (the graph HTML, keyed by what it shows and
by which knowledge base it was drawn from). A trainer's uploaded Turtle file extends the
knowledge base for their session only (``st.session_state``), never for other users.
"""

from __future__ import annotations

import streamlit as st

from graph import render
from graph.load import KnowledgeBase, load_default
from graph.presets import Preset, load_presets
from graph.rulebook import Rulebook, rulebook_for

DEFAULT_KB = "default"


@st.cache_resource(show_spinner="Chargement de la base de connaissances…")
def default_knowledge_base() -> KnowledgeBase:
    """The default knowledge base, parsed once per server process."""
    return load_default()


def knowledge_base() -> KnowledgeBase:
    """The knowledge base of this session: the default one, or it extended by an upload."""
    return st.session_state.get("kb_extra") or default_knowledge_base()


def knowledge_base_key() -> str:
    """Which knowledge base this session uses (part of every cache key drawn from it)."""
    return st.session_state.get("kb_extra_key") or DEFAULT_KB


def rulebook() -> Rulebook:
    """The compiled norms of this session's knowledge base (compiled once per base)."""
    return rulebook_for(knowledge_base())


@st.cache_resource
def presets() -> tuple[Preset, ...]:
    """The notable cases of ``data/presets.yaml``."""
    return load_presets()


@st.cache_data(max_entries=64, show_spinner=False)
def _graph_html(
    kb_key: str,
    nodes: tuple[str, ...],
    path: tuple[str, ...],
    rejected: tuple[str, ...],
    focus: tuple[str, ...],
    height: int,
) -> str:
    network = knowledge_base().network
    sub = network.subgraph([n for n in nodes if n in network])
    highlight = render.Highlight.of(path, rejected, focus)
    return render.graph_html(sub, highlight, height=height)


def graph_html(
    nodes: tuple[str, ...],
    path: tuple[str, ...] = (),
    rejected: tuple[str, ...] = (),
    focus: tuple[str, ...] = (),
    height: int = 520,
) -> str:
    """The offline HTML of the subgraph on ``nodes`` with its highlight (a few hundred nodes at
    most); the cached network itself never reaches pyvis."""
    return _graph_html(knowledge_base_key(), nodes, path, rejected, focus, height)


def sorted_nodes(nodes: set[str] | list[str]) -> tuple[str, ...]:
    """A stable, hashable key for a node set (cache key and stable layout)."""
    return tuple(sorted(nodes))
