"""The graph HTML is offline, escaped, and shows the decisive path and the rejected nodes."""

from __future__ import annotations

import copy
import json
import re

import networkx as nx
import pytest

from graph.render import (
    KIND_STYLES,
    MAX_NODES,
    PATH_COLOUR,
    REJECTED_COLOUR,
    Highlight,
    external_urls,
    graph_html,
    vis_data,
    vis_ids,
)

HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def small() -> nx.MultiDiGraph:
    """A norm grounded in a version of CP 226-13, an exception, and a hostile node."""
    g = nx.MultiDiGraph()
    g.add_node("art", kind="article", label="CP 226-13", **{"skos:note": ("note",)})
    g.add_node("ver", kind="version", label="CP 226-13 (2002)", **{"sg:text": ("La révélation…",)})
    g.add_node(
        "norm", kind="norm", label="Interdiction", **{"skos:definition": ("Il est interdit",)}
    )
    g.add_node("exc", kind="norm", label="Exception 226-14")
    g.add_node("evil", kind="concept", label=HOSTILE, **{"skos:definition": ('<a href="x">y</a>',)})
    g.add_edge("ver", "art", key="eli:realizes")
    g.add_edge("norm", "ver", key="sg:groundedIn")
    g.add_edge("exc", "norm", key="sg:derogatesFrom")
    g.add_edge("norm", "evil", key="sg:addressee")
    return g


def _vis_arrays(page: str) -> tuple[list[dict], list[dict]]:
    """The nodes and edges pyvis wrote into the page (its ``tojson`` output)."""
    nodes = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    edges = re.search(r"edges = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert nodes and edges
    return json.loads(nodes.group(1)), json.loads(edges.group(1))


def test_page_points_nowhere_off_machine(small):
    page = graph_html(small)
    assert external_urls(page) == []
    tags = re.findall(r"<(?:script|link)\b[^>]*>", page, flags=re.I)
    assert all(not re.search(r"(?:src|href)\s*=", tag, flags=re.I) for tag in tags), tags
    assert "bootstrap" not in page
    assert "vis.Network" in page  # vis-network itself is inlined


def test_external_urls_catches_every_form():
    page = "<script src='//cdn.x/a.js'></script><link href=https://f.example/c.css><img src=a.png>"
    assert external_urls(page) == ["//cdn.x/a.js", "https://f.example/c.css"]


def test_hostile_label_is_inert_everywhere(small):
    page = graph_html(small)
    assert HOSTILE not in page
    nodes, _ = _vis_arrays(page)
    evil = next(node for node in nodes if node["kind"] == "concept")
    assert evil["label"] == HOSTILE  # shown as the characters it holds…
    assert HOSTILE in evil["title"]  # …in the tooltip too (innerText)
    assert "href" not in evil["title"]  # pyvis would switch to its innerHTML popup


def test_no_data_in_ids_menus_or_heading(small):
    page = graph_html(small)
    nodes, _ = _vis_arrays(page)
    assert [node["id"] for node in nodes] == [f"n{i}" for i in range(5)]
    assert "<select" not in page
    assert "<h1>" not in page
    assert "var highlightActive = false" in page  # pyvis bug #257


def test_path_is_red_and_thick_and_rejected_grey(small):
    highlight = Highlight.of(path=["art", "ver", "norm"], rejected=["exc", "norm"])
    nodes, edges = vis_data(small, highlight)
    role = {node["label"]: node["role"] for node in nodes}
    assert role["CP 226-13"] == role["Interdiction"] == "path"
    assert role["Exception 226-14"] == "rejected"  # a path node is never greyed
    for node in nodes:
        expected = {"path": PATH_COLOUR, "rejected": REJECTED_COLOUR}.get(node["role"])
        if expected:
            assert node["color"]["background"] == expected
    thick = [(e["from"], e["to"]) for e in edges if e["width"] == 4]
    assert len(thick) == 2
    assert all(e["color"]["color"] == PATH_COLOUR for e in edges if e["width"] == 4)


def test_kinds_have_their_own_shape_and_legend(small):
    nodes, _ = vis_data(small)
    shapes = {node["kind"]: node["shape"] for node in nodes}
    assert shapes == {k: KIND_STYLES[k].shape for k in ("article", "version", "norm", "concept")}
    page = graph_html(small, Highlight.of(path=["art"]))
    assert "Chemin décisif" in page and KIND_STYLES["article"].name in page


def test_physics_is_switched_off_once_stabilised(small):
    page = graph_html(small)
    assert "stabilizationIterationsDone" in page and "physics: false" in page
    options = json.loads(re.search(r"var options = (\{.*?\});\n", page, re.S).group(1))
    assert options["physics"]["stabilization"]["iterations"] <= 200


def test_input_graph_is_not_mutated(small):
    before = copy.deepcopy(dict(small.nodes(data=True)))
    graph_html(small, Highlight.of(path=["art"]))
    assert dict(small.nodes(data=True)) == before


def test_refuses_a_whole_corpus():
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(MAX_NODES + 1), kind="item", label="x")
    with pytest.raises(ValueError, match="sous-graphe"):
        vis_data(g)


def test_empty_graph_still_renders():
    assert external_urls(graph_html(nx.MultiDiGraph())) == []


def test_component_ids_and_legend_follow_vis_data(small):
    from graph.render import legend_items, vis_ids

    nodes, _ = vis_data(small)
    ids = vis_ids(small)
    assert [node["id"] for node in nodes] == list(ids)
    assert [small.nodes[ids[node["id"]]]["label"] for node in nodes] == [
        node["label"] for node in nodes
    ]
    items = legend_items(nodes, Highlight.of(path=["art"], rejected=["exc"]))
    names = [item["name"] for item in items]
    assert names[-2:] == ["Chemin décisif", "Écarté"] and KIND_STYLES["norm"].name in names


def test_component_inlines_pyvis_vis_network_and_never_writes_html():
    """The page's component (``views/components/network``): vis-network read from pyvis, no
    URL to fetch, and data only ever reaches the DOM as text."""
    from views.components.network import HERE, component_css, component_js

    js = component_js()
    assert js.startswith("/**\n * vis-network") and "@version 9.1.2" in js[:400]
    assert "sourceMappingURL" not in js and "export default function" in js
    own = (HERE / "network.js").read_text(encoding="utf-8")
    assert not re.search(r"\.(?:innerHTML|outerHTML|insertAdjacentHTML)\b|\beval\(", own)
    assert "createTextNode" in own  # the legend's names
    css = component_css()
    assert "div.vis-tooltip{" in css and "url(" not in css and "@import" not in css


def test_numbering_ignores_insertion_order():
    """Same subgraph, nodes added in another order: same ids, same data, so the same layout."""
    forward, backward = nx.MultiDiGraph(), nx.MultiDiGraph()
    names = ["https://x/c", "https://x/a", "https://x/b"]
    for graph, order in ((forward, names), (backward, names[::-1])):
        for name in order:
            graph.add_node(name, kind="article", label=name[-1])
        graph.add_edge("https://x/a", "https://x/b", key="sg:groundedIn")
        graph.add_edge("https://x/c", "https://x/a", key="sg:groundedIn")
    assert vis_ids(forward) == vis_ids(backward)
    assert vis_data(forward) == vis_data(backward)
