"""A small Streamlit component around the vis-network that pyvis bundles, so that a click on a
node reaches Python.

Why it exists: pyvis writes a page for an iframe, and nothing clicked in that iframe comes back
to the script (STACK-NOTES §1.4, §1.6); the reader could not open a node's panel from the graph.
This component (components v2: no iframe, bidirectional) draws the nodes and edges that
``graph.render.vis_data`` computes, with ``graph.render.vis_options``, freezes physics once
stabilised, and reports the clicked node's id. When only the data changes, the drawing already in
the page receives it (a recolouring keeps the layout), instead of a whole page reloading.

Offline and inert by construction: vis-network is read from the installed pyvis package and
inlined (no CDN, no request); data travels as JSON; labels are drawn with ``fillText``, tooltips
are plain strings (``innerText``), the legend is built with ``textContent`` (see ``network.js``).
The standalone HTML export stays pyvis's page (``graph.render.graph_html``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pyvis
import streamlit as st

HERE = Path(__file__).resolve().parent
#: Where pyvis 0.3.2 keeps vis-network 9.1.2 (the version its HTML export inlines too).
VIS_DIR = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
NAME = "secret_graph.network"
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.M)
_TOOLTIP_CSS = re.compile(r"div\.vis-tooltip\{[^}]*\}")


def component_js() -> str:
    """vis-network (defines ``globalThis.vis``) followed by our module with its default export."""
    vis = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", vis) + "\n" + (HERE / "network.js").read_text(encoding="utf-8")


def component_css() -> str:
    """Only vis-network's tooltip rule (its 220 KB stylesheet is mostly for buttons we hide)."""
    vis = (VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    return "\n".join(_TOOLTIP_CSS.findall(vis)) + "\n" + (HERE / "network.css").read_text("utf-8")


@functools.cache
def _mount():
    # Registered once per process; Streamlit registers it again on each new runtime (AppTest).
    return st.components.v2.component(NAME, js=component_js(), css=component_css())


def network_graph(data: dict[str, Any], *, key: str) -> dict[str, Any] | None:
    """Draw ``data`` (``nodes``, ``edges``, ``options``, ``legend``, ``height``, and the tokens
    ``token`` — what is drawn — and ``layout`` — which nodes and edges) and return the last
    click: ``{"id": vis id, "graph": token of the drawing clicked, "at": ms}``, or None."""
    result = _mount()(data=data, key=key, on_selected_change=lambda: None)
    selected = result.get("selected")
    return selected if isinstance(selected, dict) else None
