"""Shared resources of the page: the knowledge base, its rulebook, presets, graph HTML.

``st.cache_resource`` holds the one default knowledge base of the process (read-only);
``st.cache_data`` only holds small derived strings (the graph HTML, keyed by what it shows and
by which knowledge base it was drawn from). A trainer's uploaded Turtle file extends the
knowledge base for their session only (``st.session_state``), never for other users.
"""

from __future__ import annotations

import streamlit as st

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


def sorted_nodes(nodes: set[str] | list[str]) -> tuple[str, ...]:
    """A stable, hashable key for a node set (cache key and stable layout)."""
    return tuple(sorted(nodes))
