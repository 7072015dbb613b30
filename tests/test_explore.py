"""Exploring the graph: search (``graph.search``), neighbourhoods and article pages
(``graph.neighbourhood``), bounded paths (``graph.paths``) and node panels and cards
(``graph.cards``) work on a tiny graph and on the real one."""

from __future__ import annotations

import time

import networkx as nx
import pytest

from graph.cards import node_panel
from graph.neighbourhood import article_links, article_view_nodes, neighbourhood
from graph.paths import paths_between
from graph.search import filter_nodes, normalise, of_kinds, search


@pytest.fixture
def tiny() -> nx.MultiDiGraph:
    """CP 226-13 and 226-14 in the Code pénal, one norm on each, a decision, a vocabulary hub."""
    g = nx.MultiDiGraph()
    g.add_node("cp", kind="code", label="Code pénal")
    for art in ("226-13", "226-14"):
        g.add_node(art, kind="article", label=f"CP {art}", **{"skos:notation": (f"CP {art}",)})
        g.add_node(f"{art}/v", kind="version", label=f"CP {art} (2020)")
        g.add_node(f"{art}/v/1", kind="item", label=f"CP {art} 1°")
        g.add_edge(art, "cp", key="eli:is_part_of")
        g.add_edge(f"{art}/v", art, key="eli:realizes")
        g.add_edge(f"{art}/v/1", f"{art}/v", key="eli:is_part_of")
        g.add_edge(f"{art}/v", "complete", key="sg:textStatus")
    g.add_node("complete", kind="concept", label="Texte complet")
    g.add_node("interdit", kind="norm", label="Interdiction de révéler")
    g.add_node(
        "signal",
        kind="norm",
        label="Signalement autorisé",
        **{"skos:definition": ("Le médecin peut signaler des sévices à un mineur.",)},
    )
    g.add_node("dec", kind="decision", label="Cass. crim. 1998")
    g.add_edge("interdit", "226-13/v", key="sg:groundedIn")
    g.add_edge("signal", "226-14/v/1", key="sg:groundedIn")
    g.add_edge("signal", "interdit", key="sg:derogatesFrom")
    g.add_edge("dec", "226-13", key="sg:interprets")
    return g


def test_normalise_ignores_case_accents_and_punctuation():
    assert normalise("Sévices, Art. 226-14") == normalise("sevices art 226 14")


def test_search_ranks_the_exact_notation_first(tiny):
    hits = search(tiny, "cp 226-14")
    assert hits[0].node == "226-14" and hits[0].score == 100
    assert search(tiny, "226-14")[0].node == "226-14"


def test_search_finds_words_in_definitions_with_a_snippet(tiny):
    (hit,) = search(tiny, "sevices mineur")
    assert hit.node == "signal" and "sévices" in hit.snippet


def test_search_filters_by_kind(tiny):
    assert {h.kind for h in search(tiny, "226", kinds=["version"])} == {"version"}
    assert search(tiny, "   ") == []


def test_neighbourhood_skips_noise_and_does_not_walk_through_hubs(tiny):
    near = neighbourhood(tiny, "226-13", depth=2)
    assert {"226-13/v", "interdit", "dec", "cp"} <= near
    assert "complete" not in near  # text status is noise
    assert "226-14" not in near  # reachable only through the Code pénal hub
    assert len(neighbourhood(tiny, "226-13", depth=2, max_nodes=3)) == 3
    assert neighbourhood(tiny, "unknown") == set()


def test_paths_are_directed_bounded_and_never_through_hubs(tiny):
    (path,) = paths_between(tiny, "signal", "226-13")
    assert path.nodes == ("signal", "interdit", "226-13/v", "226-13")
    assert path.relations == ("sg:derogatesFrom", "sg:groundedIn", "eli:realizes")
    # Reversed ends: found in the other direction.
    assert paths_between(tiny, "226-13", "signal")[0].nodes[0] == "signal"
    # 226-13 and 226-14 meet through the derogation, never through the Code pénal hub.
    assert all(
        "cp" not in p.nodes for p in paths_between(tiny, "226-13", "226-14", undirected=True)
    )
    assert paths_between(tiny, "signal", "226-13", cutoff=2) == []
    assert paths_between(tiny, "signal", "226-13", relations=["sg:derogatesFrom"]) == []
    assert paths_between(tiny, "signal", "nowhere") == []


def test_panels_list_literals_links_norms_and_decisions(tiny):
    panel = node_panel(tiny, "signal")
    assert dict(panel.literals)["skos:definition"].startswith("Le médecin")
    assert {(link.relation, link.outgoing) for link in panel.links} == {
        ("sg:groundedIn", True),
        ("sg:derogatesFrom", True),
    }
    links = article_links(tiny, "226-14")
    assert links.norms == ("signal",) and links.code == "cp" and links.decisions == ()
    assert article_links(tiny, "226-13").decisions == ("dec",)
    assert {"226-14/v/1", "signal"} <= article_view_nodes(tiny, "226-14", "226-14/v")
    assert "signal" not in article_view_nodes(tiny, "226-14", None)


def test_real_graph_is_explored_fast():
    from graph.load import load_default

    network = load_default().network
    search(network, "warm the index")
    start = time.perf_counter()
    hits = search(network, "226-14")
    article = hits[0].node
    near = neighbourhood(network, article, depth=2)
    other = search(network, "cp 226-13")[0].node
    paths = paths_between(network, article, other, undirected=True)
    elapsed = time.perf_counter() - start
    assert network.nodes[article]["label"] == "CP 226-14"
    assert 1 < len(near) <= 120
    assert paths and all(len(p.nodes) <= 6 for p in paths)
    assert elapsed < 1.0


def test_node_cards_read_each_kind_on_the_date():
    """A clicked node's panel: provisions as in force on the date with their Légifrance link,
    norms with effect, groundings and trace status, decisions with court and date."""
    from datetime import date

    from graph.cards import node_card
    from graph.load import load_default
    from graph.versions import legifrance_url, version_in_force

    kb = load_default()
    network = kb.network
    by_label = {str(a.get("label")): n for n, a in network.nodes(data=True)}
    article = by_label["CP 226-14"]
    for on in (date(2019, 6, 1), date(2021, 6, 1)):
        card = node_card(kb, article, on)
        found = version_in_force(kb, article, on)
        assert card.text == found.text and card.url == legifrance_url(kb, article)
    old = node_card(kb, found.version, date(2019, 6, 1))  # the 2021 version, read in 2019
    assert old.kind == "version" and ("Le 1er juin 2019", "pas en vigueur") not in old.facts
    assert any(v.startswith("pas en vigueur") for _, v in old.facts)
    norm = by_label["Interdiction de révéler une information secrète (CP 226-13)"]
    card = node_card(kb, norm, date(2021, 6, 1), {norm: "neutralisee"})
    facts = dict(card.facts)
    assert card.status == "neutralisee" and facts["Fondée sur"].startswith("CP 226-13")
    assert facts["Effet"] and card.text
    decision = next(n for n, a in network.nodes(data=True) if a.get("kind") == "decision")
    facts = dict(node_card(kb, decision, date(2021, 6, 1)).facts)
    assert facts["Juridiction"] and facts["Date"]
    concept = next(n for n, a in network.nodes(data=True) if a.get("kind") == "concept")
    card = node_card(kb, concept, date(2021, 6, 1))
    assert card.facts == () and card.status is None and card.url == ""


def test_the_type_filter_applies_to_a_drawing(tiny):
    drawn = neighbourhood(tiny, "226-14", depth=3)
    assert {"226-14/v", "226-14/v/1", "cp", "signal"} <= drawn
    # Items go with their version; the node shown always stays; no filter keeps everything.
    assert of_kinds(tiny, drawn, ["norm"], keep={"226-14"}) == {"226-14", "signal"}
    assert of_kinds(tiny, drawn, ["version"]) == {"226-14/v", "226-14/v/1"}
    assert of_kinds(tiny, drawn, []) == drawn


def test_the_date_filter_drops_versions_and_items_not_in_force():
    from datetime import date

    from graph.load import load_default
    from graph.versions import version_in_force

    kb = load_default()
    article = kb.article_by_notation("CP 226-14")
    drawn = neighbourhood(kb.network, article, depth=1)
    versions = {n for n in drawn if kb.network.nodes[n].get("kind") == "version"}
    assert len(versions) > 1
    on = date(2019, 6, 1)
    in_force = version_in_force(kb, article, on)
    assert in_force is not None
    kept = filter_nodes(kb, drawn, on=on, keep={article})
    assert {n for n in kept if n in versions} == {in_force.version}
    assert article in kept
    assert filter_nodes(kb, drawn, kinds=["article"], keep={article}) <= {
        n for n in drawn if kb.network.nodes[n].get("kind") not in ("version", "item", "code")
    }
