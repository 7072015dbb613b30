"""The graph panel: the cached offline HTML in ``st.iframe``, with a download of the same page."""

from __future__ import annotations

import streamlit as st

from views import resources

#: Room for the legend drawn above the canvas (two lines at projector width).
LEGEND_HEIGHT = 64


def show_graph(
    nodes: set[str],
    *,
    path: set[str] | tuple[str, ...] = (),
    rejected: set[str] | tuple[str, ...] = (),
    focus: set[str] | tuple[str, ...] = (),
    height: int = 520,
    caption: str = "",
) -> str:
    """Draw the subgraph on ``nodes`` and return its HTML (for the export button)."""
    if not nodes:
        st.info("Rien à dessiner pour l'instant.")
        return ""
    page = resources.graph_html(
        resources.sorted_nodes(nodes),
        resources.sorted_nodes(set(path)),
        resources.sorted_nodes(set(rejected) - set(path)),
        resources.sorted_nodes(set(focus)),
        height,
    )
    st.iframe(page, height=height + LEGEND_HEIGHT)
    if caption:
        st.caption(caption)
    return page
