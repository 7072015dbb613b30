"""The graph as a standalone HTML page (pyvis / vis-network), escaped and offline.

The page embeds this HTML in an iframe whose sandbox is, in effect, no sandbox (scripts plus
same origin), so the HTML is built defensively:

- labels and tooltips stay plain text: the canvas draws them with ``fillText``, tooltips use
  ``innerText`` and never contain ``href`` (pyvis would then switch to an ``innerHTML`` popup),
  the data is embedded with ``tojson`` (``<`` written ``\\u003c``), node ids are opaque
  (``n0``, ``n1``…), and neither ``select_menu`` nor ``heading`` is used;
- vis-network is inlined (``cdn_resources="in_line"``) and the bootstrap tags pyvis hard-codes
  are removed, so the page asks nothing of any other machine (``external_urls`` checks it);
- the caller passes a small subgraph: nodes and edges are filled in directly (``from_nx`` mutates
  its input and is quadratic), physics stabilises in a few iterations and is then switched off.

Kinds are told apart by shape and colour (``KIND_STYLES``, also drawn as a legend); the decisive
path is red and thick (``PATH_COLOUR``), rejected nodes grey (``REJECTED_COLOUR``).

Examples:
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="article", label="CP 226-13")
    >>> g.add_node("b", kind="norm", label="<b>Interdiction</b>")
    >>> g.add_edge("b", "a", key="sg:groundedIn")
    'sg:groundedIn'
    >>> nodes, edges = vis_data(g, Highlight(path=frozenset({"a", "b"})))
    >>> nodes[1]["label"], nodes[1]["color"]["background"] == PATH_COLOUR
    ('<b>Interdiction</b>', True)
    >>> "<b>Interdiction" in graph_html(g)  # embedded as \\u003cb\\u003e…, inert
    False
    >>> external_urls(graph_html(g))
    []
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

PATH_COLOUR = "#d62728"
PATH_BORDER = "#7a1010"
REJECTED_COLOUR = "#d0d0d0"
REJECTED_FONT = "#9a9a9a"
EDGE_COLOUR = "#9aa5b1"
MAX_NODES = 400
TITLE_CHARS = 420
LABEL_CHARS = 60
#: Node label size in graph units (vis scales it with the zoom that fits the drawing).
NODE_FONT = 24
#: Shapes that draw their label inside (the font must contrast with the fill).
LABEL_INSIDE = frozenset({"box", "ellipse", "database"})


@dataclass(frozen=True)
class KindStyle:
    """How one kind of node looks: vis-network shape, fill colour, French name for the legend."""

    shape: str
    colour: str
    name: str
    size: int = 16
    font_colour: str = "#1b1b1b"


#: One style per node kind of the networkx projection (see ``graph.load``).
KIND_STYLES: dict[str, KindStyle] = {
    "article": KindStyle("box", "#1f5fa8", "Article", font_colour="#ffffff"),
    "version": KindStyle("ellipse", "#b9d3ee", "Version datée"),
    "item": KindStyle("dot", "#d6e6f5", "Alinéa / item", size=9),
    "code": KindStyle("database", "#17a2b8", "Code ou loi", size=20),
    "norm": KindStyle("diamond", "#2e9e44", "Norme (règle lue dans un texte)", size=18),
    "contested": KindStyle("triangle", "#f08c00", "Point discuté", size=18),
    "binding": KindStyle("hexagon", "#8e5cc4", "Soumission au secret", size=18),
    "decision": KindStyle("star", "#8c564b", "Décision de justice", size=18),
    "concept": KindStyle("dot", "#e377c2", "Notion (acteur, acte…)", size=11),
    "scheme": KindStyle("dot", "#f4b6d9", "Vocabulaire", size=9),
    "alternative": KindStyle("square", "#bcbd22", "Alternative de conditions", size=9),
    "other": KindStyle("dot", "#8a8a8a", "Autre", size=9),
}

#: Readable French names of the relations drawn on edges (others show their CURIE).
RELATION_NAMES: dict[str, str] = {
    "eli:realizes": "version de",
    "eli:is_part_of": "fait partie de",
    "eli:cited_by_case_law": "cité par",
    "sg:groundedIn": "fondée sur",
    "sg:derogatesFrom": "déroge à",
    "sg:prevailsOver": "prime sur",
    "sg:interprets": "interprète",
    "sg:addressee": "destinataire",
    "sg:effect": "effet",
    "sg:act": "acte",
    "sg:recipient": "à qui",
    "sg:framework": "cadre",
    "sg:requires": "exige",
    "sg:requiresOneOf": "exige l'un de",
    "sg:option": "option",
    "sg:excludes": "exclut",
    "sg:mission": "mission",
    "sg:employer": "employeur",
    "sg:supportedBy": "soutenu par",
    "sg:opposedBy": "contredit par",
    "sg:bindingMode": "mode",
    "skos:broader": "plus large",
    "skos:inScheme": "dans",
}

#: Literal attributes whose first value makes a good tooltip text, in order of preference.
_SHORT_TEXT_KEYS = ("skos:definition", "dcterms:abstract", "sg:text", "dcterms:description")


@dataclass(frozen=True)
class Highlight:
    """What to emphasise: the decisive path (red, thick) and rejected nodes (grey)."""

    path: frozenset[str] = field(default_factory=frozenset)
    rejected: frozenset[str] = field(default_factory=frozenset)
    focus: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def of(
        cls, path: Iterable[str] = (), rejected: Iterable[str] = (), focus: Iterable[str] = ()
    ) -> Highlight:
        """Build a highlight from any iterables of node ids (an answer's ``path``, ``rejected``)."""
        on_path = frozenset(path)
        return cls(on_path, frozenset(rejected) - on_path, frozenset(focus))


def canvas_text(text: str) -> str:
    """A label as drawn on the canvas: the very characters it holds.

    vis-network draws labels with ``fillText`` (``font.multi`` is off), which never interprets
    markup, and pyvis embeds the data with Jinja's ``tojson``, which writes ``<``, ``>``, ``&``
    and ``'`` as ``\\u003c``… so nothing in a label can close the ``<script>`` it sits in.
    Escaping it once more would only show ``&lt;`` to the reader. ``render_is_inert`` checks both
    fences on every page built.

    >>> canvas_text("<img src=x onerror=alert(1)>")
    '<img src=x onerror=alert(1)>'
    """
    return text


def tooltip_text(text: str) -> str:
    """A tooltip as plain text, with the word ``href`` broken.

    vis-network 9 sets string tooltips with ``innerText``; pyvis's template, though, turns a
    title holding ``href`` into an ``innerHTML`` popup, so that word is split by a zero-width
    space and the tooltip stays text.

    >>> tooltip_text('<a href="x">')
    '<a h\u200bref="x">'
    """
    return re.sub("href", "h\u200bref", text, flags=re.IGNORECASE)


def _shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so tooltips stay a few lines long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def short_text(attrs: Mapping[str, Any]) -> str:
    """The first literal a reader would want on hover: definition, abstract, text, description."""
    for key in _SHORT_TEXT_KEYS:
        values = attrs.get(key) or ()
        if isinstance(values, str):
            values = (values,)
        for value in values:
            if str(value).strip():
                return _shorten(str(value), TITLE_CHARS)
    return ""


def canvas_label(attrs: Mapping[str, Any], kind: str, label: str) -> str:
    """The label drawn on the canvas: a dated version as its notation and start year (« CP
    226-13 · 2002 »), an item as its notation, anything else its label cut to ``LABEL_CHARS``.
    The tooltip keeps the full label; short labels stay readable on a projector.

    >>> from datetime import date
    >>> canvas_label({"eli:first_date_entry_in_force": (date(2002, 1, 1),)}, "version",
    ...              "CP 226-13 (version du 1er janvier 2002)")
    'CP 226-13 · 2002'
    """
    if kind == "version" and " (version" in label:
        starts = [d for d in attrs.get("eli:first_date_entry_in_force") or () if d]
        notation = label.split(" (version", 1)[0]
        return f"{notation} · {starts[0].year}" if starts else notation
    if kind == "item":
        notations = attrs.get("skos:notation") or ()
        if notations:
            return str(notations[0])
    return _shorten(label, LABEL_CHARS)


def _kind(attrs: Mapping[str, Any]) -> str:
    kind = str(attrs.get("kind", "other"))
    return kind if kind in KIND_STYLES else "other"


def _node_style(kind: str, role: str) -> dict[str, Any]:
    """vis-network colour, size and font of a node given its kind and its role in the answer."""
    style = KIND_STYLES[kind]
    if role == "path":
        colour = {"background": PATH_COLOUR, "border": PATH_BORDER}
        inside = style.shape in LABEL_INSIDE
        font = {"color": "#ffffff" if inside else "#7a1010", "size": NODE_FONT + 3}
        return {"color": colour, "borderWidth": 3, "size": style.size + 6, "font": font}
    if role == "rejected":
        colour = {"background": REJECTED_COLOUR, "border": "#b0b0b0"}
        return {
            "color": colour,
            "borderWidth": 1,
            "size": style.size,
            "font": {"color": REJECTED_FONT},
        }
    colour = {"background": style.colour, "border": "#4a4a4a"}
    width = 3 if role == "focus" else 1
    return {
        "color": colour,
        "borderWidth": width,
        "size": style.size,
        "font": {"color": style.font_colour},
    }


def _role(node: str, highlight: Highlight) -> str:
    if node in highlight.path:
        return "path"
    if node in highlight.rejected:
        return "rejected"
    if node in highlight.focus:
        return "focus"
    return "normal"


def _title(attrs: Mapping[str, Any], kind: str, label: str) -> str:
    lines = [label, KIND_STYLES[kind].name]
    text = short_text(attrs)
    if text:
        lines.append(text)
    return tooltip_text("\n".join(lines))


def vis_data(
    graph: nx.MultiDiGraph, highlight: Highlight | None = None, *, edge_labels: bool = True
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis-network nodes and edges of ``graph``: opaque ids, escaped texts, styles by role.
    Without ``edge_labels`` the relations' names are in the edges' tooltips only (a projected
    answer stays legible).

    Each node also carries ``kind`` and ``role`` (``path``, ``rejected``, ``focus``, ``normal``)
    so that tests, and anyone reading the standalone HTML, can find the highlighted path.
    """
    highlight = highlight or Highlight()
    if graph.number_of_nodes() > MAX_NODES:
        raise ValueError(
            f"{graph.number_of_nodes()} nœuds : montrer un sous-graphe (≤ {MAX_NODES})"
        )
    ids = {node: opaque for opaque, node in vis_ids(graph).items()}
    nodes = []
    for node in ids:
        attrs = graph.nodes[node]
        kind = _kind(attrs)
        label = str(attrs.get("label") or node)
        role = _role(node, highlight)
        shown = canvas_text(canvas_label(attrs, kind, label))
        entry = {"id": ids[node], "label": shown, "title": _title(attrs, kind, label)}
        entry.update(shape=KIND_STYLES[kind].shape, kind=kind, role=role)
        entry.update(_node_style(kind, role))
        nodes.append(entry)
    edges = []
    for source, target, key in sorted(graph.edges(keys=True), key=lambda e: tuple(map(str, e))):
        rel = str(key)
        on_path = source in highlight.path and target in highlight.path
        greyed = source in highlight.rejected or target in highlight.rejected
        colour = PATH_COLOUR if on_path else REJECTED_COLOUR if greyed else EDGE_COLOUR
        name = RELATION_NAMES.get(rel, rel)
        edge: dict[str, Any] = {"from": ids[source], "to": ids[target], "title": tooltip_text(name)}
        edge.update(
            color={"color": colour},
            width=4 if on_path else 1,
            arrows="to",
            role="path" if on_path else "other",
        )
        if edge_labels and (on_path or graph.number_of_edges() <= 40):
            edge["label"] = canvas_text(name)
        edges.append(edge)
    return nodes, edges


def vis_options(physics: bool = True) -> dict[str, Any]:
    """vis-network options: quick stabilisation, plain-text labels, hover tooltips."""
    return {
        "nodes": {
            "font": {"size": NODE_FONT, "face": "sans-serif"},
            "widthConstraint": {"maximum": 230},
        },
        "edges": {
            "smooth": False,
            "font": {"size": 12, "color": "#555555", "strokeWidth": 3},
            "arrows": {"to": {"scaleFactor": 0.6}},
        },
        # forceAtlas2 keeps small graphs compact and readable (barnesHut flung disconnected
        # nodes away, so the fitted scale fell to ~0.3 on the Ille-et-Vilaine answer).
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -110,
                "centralGravity": 0.015,
                "springLength": 110,
                "avoidOverlap": 0.8,
            },
            "stabilization": {
                "enabled": True,
                "iterations": 100,
                "updateInterval": 50,
                "fit": True,
            },
        },
        # A fixed seed: the same nodes get the same layout, so step mode only recolours them.
        "layout": {"randomSeed": 7, "improvedLayout": True},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": True,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


_BOOTSTRAP_LINK = re.compile(r"<link[^>]*bootstrap[^>]*/>\s*", re.S)
_BOOTSTRAP_SCRIPT = re.compile(r"<script[^>]*bootstrap[^>]*>\s*</script>\s*", re.S)
_OLD_COMMENT = re.compile(r"<!--\s*<link[^>]*node_modules.*?-->\s*", re.S)
_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>\s*")
_GLOBALS = "<script>var highlightActive = false; var filterActive = false;</script>"
_NEW_NETWORK = "network = new vis.Network(container, data, options);"
# Once stabilised, physics is switched off so the drawing stays still on a projector.
# When the frame changes size (the trainer folds the sidebar away), the drawing is fitted again.
_FREEZE = (
    _NEW_NETWORK
    + "\n function sgFit() { network.fit({animation: false});"
    + " network.moveTo({scale: Math.min(network.getScale() * 0.92, 1.1), animation: false}); }"
    + '\n network.once("stabilizationIterationsDone", function () {'
    + " network.setOptions({physics: false}); sgFit(); window.graphReady = true;"
    + " var sgTimer = null; window.addEventListener('resize', function () {"
    + " clearTimeout(sgTimer); sgTimer = setTimeout(sgFit, 150); }); });"
)


def external_urls(page: str) -> list[str]:
    """Every ``src``/``href`` attribute of ``page`` that points off this machine.

    The inlined vis-network code holds URLs in comments, hence attributes, not substrings.

    >>> external_urls('<script src="https://cdn.example/x.js"></script><a href="#a">')
    ['https://cdn.example/x.js']
    """
    found = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", page, flags=re.I)
    return [url for url in found if re.match(r"(?:https?:)?//", url, flags=re.I)]


def _legend_html(kinds: Iterable[str], highlight: Highlight) -> str:
    """A small fixed legend drawn inside the page, built from escaped constants only."""
    rows = []
    for kind in kinds:
        style = KIND_STYLES[kind]
        rows.append(
            f'<span class="sg-key"><i style="background:{style.colour}"></i>'
            f"{html.escape(style.name)}</span>"
        )
    if highlight.path:
        rows.append(
            f'<span class="sg-key"><i style="background:{PATH_COLOUR}"></i>Chemin décisif</span>'
        )
    if highlight.rejected:
        rows.append(
            f'<span class="sg-key"><i style="background:{REJECTED_COLOUR}"></i>Écarté</span>'
        )
    css = (
        "<style>body{margin:0;font-family:sans-serif}"
        "#mynetwork{border:none!important}"
        "#sg-legend{font-size:13px;line-height:1.5;padding:2px 6px 4px 6px}"
        ".sg-key{display:inline-block;margin-right:10px;white-space:nowrap}"
        ".sg-key i{display:inline-block;width:11px;height:11px;border-radius:2px;"
        "margin-right:4px;vertical-align:-1px;border:1px solid #555}</style>"
    )
    return css + '<div id="sg-legend" aria-label="Légende">' + "".join(rows) + "</div>"


def offline_html(page: str, legend: str = "") -> str:
    """Post-process pyvis output: drop the CDN bootstrap tags, declare pyvis's forgotten globals,
    freeze physics after stabilisation, add the legend. Raises if anything still points off-machine.
    """
    page = _BOOTSTRAP_LINK.sub("", page)
    page = _BOOTSTRAP_SCRIPT.sub("", page)
    page = _OLD_COMMENT.sub("", page)
    page = _HEADING.sub("", page)
    page = page.replace("<head>", "<head>" + _GLOBALS, 1)
    page = page.replace(_NEW_NETWORK, _FREEZE, 1)
    page = page.replace("<body>", "<body>" + legend, 1)
    leaks = external_urls(page)
    if leaks:
        raise RuntimeError(f"HTML du graphe non autonome : {leaks}")
    return page


def html_from_vis(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    *,
    height: int = 560,
    legend_kinds: Iterable[str] = (),
    highlight: Highlight | None = None,
) -> str:
    """Render vis-network data with pyvis's template, offline. pyvis is imported only here."""
    from pyvis.network import Network

    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line")
    net.nodes = nodes
    net.edges = edges
    net.node_ids = [node["id"] for node in nodes]
    net.node_map = {node["id"]: node for node in nodes}
    net.options = vis_options(physics=bool(nodes))
    # pyvis inserts options with |safe: a JSON dump of constants, checked to hold no tag.
    assert "<" not in json.dumps(net.options)
    if any("href" in str(node.get("title", "")) for node in nodes):
        raise ValueError("un titre contient « href » : pyvis passerait en innerHTML")
    page = net.generate_html()
    return offline_html(page, _legend_html(legend_kinds, highlight or Highlight()))


def graph_html(
    graph: nx.MultiDiGraph, highlight: Highlight | None = None, *, height: int = 560
) -> str:
    """The standalone, offline HTML of a small graph with its highlighted path and legend."""
    highlight = highlight or Highlight()
    nodes, edges = vis_data(graph, highlight)
    kinds = [kind for kind in KIND_STYLES if any(node["kind"] == kind for node in nodes)]
    return html_from_vis(nodes, edges, height=height, legend_kinds=kinds, highlight=highlight)


def vis_ids(graph: nx.MultiDiGraph) -> dict[str, str]:
    """The opaque vis-network id of each node of ``graph`` → the node itself: the numbering of
    ``vis_data``, so a click on ``n3`` in the page can be read back as a node of the graph.
    Nodes are numbered in sorted order: the same subgraph gets the same numbers, hence the same
    layout (vis-network seeds it by position in the data), whatever order a set gave them in.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["https://x/a", "https://x/b"])
    >>> vis_ids(g)
    {'n0': 'https://x/a', 'n1': 'https://x/b'}
    """
    return {f"n{index}": node for index, node in enumerate(sorted(graph.nodes, key=str))}


def legend_items(nodes: Iterable[Mapping[str, Any]], highlight: Highlight) -> list[dict[str, str]]:
    """The legend of drawn vis nodes as data (French name, colour): the kinds present, then the
    decisive path and the rejected nodes when highlighted. The page's component draws it with
    ``textContent``; the standalone page has its own HTML legend (``_legend_html``)."""
    present = {node.get("kind") for node in nodes}
    items = [
        {"name": style.name, "colour": style.colour}
        for kind, style in KIND_STYLES.items()
        if kind in present
    ]
    if highlight.path:
        items.append({"name": "Chemin décisif", "colour": PATH_COLOUR})
    if highlight.rejected:
        items.append({"name": "Écarté", "colour": REJECTED_COLOUR})
    return items
