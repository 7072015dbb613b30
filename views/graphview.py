"""The graph panel: vis-network in the page (``views.components.network``), whose clicks come
back here as nodes of the knowledge graph; the standalone pyvis page is built for the export only.

The iframe is gone rather than kept as a fallback: the component fails to load only if
Streamlit lacks components v2 (``streamlit>=1.56`` rules that out) or if pyvis no longer ships
``vis-network.min.js`` — and then pyvis's own offline page, the iframe's content, breaks too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from graph import render
from views import resources
from views.components.network import network_graph


@dataclass(frozen=True)
class Shown:
    """What ``show_graph`` drew: the node the reader clicked last (None if none, or if it is not
    in this drawing) and the standalone HTML page, built only when asked (export)."""

    selected: str | None
    page: Callable[[], str] | None


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


@st.cache_data(max_entries=64, show_spinner=False)
def _drawing(
    kb_key: str,
    nodes: tuple[str, ...],
    path: tuple[str, ...],
    rejected: tuple[str, ...],
    focus: tuple[str, ...],
    height: int,
    edge_labels: bool = True,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The component's data for a subgraph (``render`` computes it) and its id → node map."""
    network = resources.knowledge_base().network
    sub = network.subgraph([n for n in nodes if n in network])
    highlight = render.Highlight.of(path, rejected, focus)
    vis_nodes, vis_edges = render.vis_data(sub, highlight, edge_labels=edge_labels)
    data = {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": render.vis_options(physics=bool(vis_nodes)),
        "legend": render.legend_items(vis_nodes, highlight),
        "height": height,
        # Same nodes and edges → recoloured in place; anything else → laid out again.
        "layout": _digest(
            [[n["id"], n["label"]] for n in vis_nodes]
            + [[e["from"], e["to"]] for e in vis_edges]
            + [kb_key]
        ),
    }
    data["token"] = _digest(data)
    return data, render.vis_ids(sub)


def _clicked(key: str, data: dict[str, Any], ids: dict[str, str]) -> str | None:
    """The node of a click on this drawing, remembered under ``{key}_node`` until another click;
    a click on a previous drawing (its token differs) is ignored."""
    click = network_graph(data, key=key)
    if (
        click
        and click.get("graph") == data["token"]
        and click.get("at") != st.session_state.get(f"{key}_at")
        and click.get("id") in ids
    ):
        st.session_state[f"{key}_at"] = click.get("at")
        st.session_state[f"{key}_node"] = ids[click["id"]]
    selected = st.session_state.get(f"{key}_node")
    return selected if selected in ids.values() else None


def show_graph(
    nodes: set[str],
    *,
    path: set[str] | tuple[str, ...] = (),
    rejected: set[str] | tuple[str, ...] = (),
    focus: set[str] | tuple[str, ...] = (),
    height: int = 520,
    caption: str = "",
    key: str = "sg_graph",
    edge_labels: bool = True,
) -> Shown:
    """Draw the subgraph on ``nodes``; return the clicked node and the export's page builder."""
    if not nodes:
        st.info("Rien à dessiner pour l'instant.")
        return Shown(None, None)
    args = (
        resources.sorted_nodes(nodes),
        resources.sorted_nodes(set(path)),
        resources.sorted_nodes(set(rejected) - set(path)),
        resources.sorted_nodes(set(focus)),
        height,
    )
    data, ids = _drawing(resources.knowledge_base_key(), *args, edge_labels)
    selected = _clicked(key, data, ids)
    if caption:
        st.caption(caption)
    return Shown(selected, _page_builder(resources.knowledge_base().network, *args))


def _page_builder(
    network: Any,
    nodes: tuple[str, ...],
    path: tuple[str, ...],
    rejected: tuple[str, ...],
    focus: tuple[str, ...],
    height: int,
) -> Callable[[], str]:
    """The standalone page, built when the export is downloaded (outside any script run: the
    knowledge base is captured now, not looked up in the session then)."""

    def build() -> str:
        sub = network.subgraph([n for n in nodes if n in network])
        return render.graph_html(sub, render.Highlight.of(path, rejected, focus), height=height)

    return build


def forget_selection(key: str) -> None:
    """Close the panel of the node clicked on the graph ``key``."""
    st.session_state.pop(f"{key}_node", None)
