"""What the page shows about one node: the explorer's node panel and a clicked node's card.

A node of the graph is an IRI with literals and edges; a reader wants French facts. The panel
(``node_panel``) lists any node's literals and links, for the explorer. The card (``node_card``)
reads a node on a date, in reading order, as plain strings: for an article, version or item the
text in force and its Légifrance page (``graph.versions`` decides what is in force); for a norm
its definition, effect, groundings and status in the current trace; for a decision its court,
date and summary. The page only lays these strings out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.neighbourhood import NOISY_RELATIONS, article_of_version
from graph.search import first_date, literal_values, normalise
from graph.versions import (
    VersionInForce,
    french_date,
    legifrance_url,
    version_in_force,
    versions_of,
)

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

Facts = list[tuple[str, str]]


@dataclass(frozen=True)
class Link:
    """A neighbour of a node through one relation, for the node panel."""

    relation: str
    node: str
    label: str
    kind: str
    outgoing: bool


@dataclass(frozen=True)
class NodePanel:
    """What the explorer shows about any node: its literals and its links."""

    node: str
    kind: str
    label: str
    literals: tuple[tuple[str, str], ...]
    links: tuple[Link, ...]


def _link(network: nx.MultiDiGraph, key: str, other: str, outgoing: bool) -> Link:
    attrs = network.nodes[other]
    label = str(attrs.get("label") or other)
    return Link(str(key), other, label, str(attrs.get("kind", "other")), outgoing)


def _links(network: nx.MultiDiGraph, node: str) -> list[Link]:
    """Every link of a node, readable relations first, outgoing before incoming, by label."""
    links = [
        _link(network, key, other, True) for _, other, key in network.out_edges(node, keys=True)
    ]
    links += [
        _link(network, key, other, False) for other, _, key in network.in_edges(node, keys=True)
    ]
    links.sort(key=lambda link: (link.relation in NOISY_RELATIONS, not link.outgoing, link.label))
    return links


def node_panel(network: nx.MultiDiGraph, node: str, *, max_links: int = 60) -> NodePanel:
    """The literals (texts shown in full elsewhere are left out) and the links of a node."""
    attrs = network.nodes[node]
    literals = tuple(
        (key, "; ".join(literal_values(attrs, key)))
        for key in sorted(attrs)
        if ":" in key and key not in ("sg:text",)
    )
    links = _links(network, node)
    kind = str(attrs.get("kind", "other"))
    return NodePanel(
        node, kind, str(attrs.get("label") or node), literals, tuple(links[:max_links])
    )


@dataclass(frozen=True)
class NodeCard:
    """What the panel of a clicked node shows, in reading order, as plain strings.

    ``facts`` are (French name, value) pairs; ``text`` is the text in force (a provision) or
    the definition or summary; ``url`` the provision's Légifrance page; ``status`` the node's
    status in the current trace (a key of ``graph.answer.STATUSES``), if it has one.
    """

    node: str
    kind: str
    label: str
    facts: tuple[tuple[str, str], ...]
    text: str
    url: str
    status: str | None


def _targets(network: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    found = [v for _, v, k in network.out_edges(node, keys=True) if k == relation]
    return sorted({str(network.nodes[v].get("label") or v) for v in found}, key=normalise)


def _provision_ids(network: nx.MultiDiGraph, node: str, kind: str) -> tuple[str | None, str | None]:
    """The version and the article an article, version or item belongs to."""
    version = node if kind == "version" else None
    if kind == "item":
        version = next(
            (v for _, v, k in network.out_edges(node, keys=True) if k == "eli:is_part_of"), None
        )
    article = node if kind == "article" else article_of_version(network, version or node)
    return version, article


def _article_facts(
    network: nx.MultiDiGraph, article: str, on: date, found: VersionInForce | None
) -> tuple[Facts, str]:
    """An article's title and which version is in force on ``on``, with its text."""
    title = literal_values(network.nodes[article], "dcterms:title")
    facts: Facts = [("Intitulé", title[0])] if title else []
    if found is None:
        facts.append((f"Le {french_date(on)}", "aucune version datée en vigueur"))
        return facts, ""
    facts.append((f"En vigueur le {french_date(on)}", f"version du {french_date(found.start)}"))
    return facts, found.text or ""


def _version_facts(
    kb: KnowledgeBase,
    node: str,
    ids: tuple[str | None, str | None],
    on: date,
    found: VersionInForce | None,
) -> tuple[Facts, str]:
    """A version's (or item's) own text, its dates, and whether it is the one in force on ``on``."""
    version, article = ids
    own = literal_values(kb.network.nodes[node], "sg:text")
    known = {v.id: v for v in versions_of(kb, article)} if article else {}
    shown = known.get(version or "")
    facts: Facts = []
    if shown is not None and shown.start is not None:
        end = f" au {french_date(shown.end)}" if shown.end else ""
        facts.append(("Version", f"du {french_date(shown.start)}{end}"))
    in_force = found is not None and found.version == version
    state = "en vigueur" if in_force else "pas en vigueur"
    if found is not None and not in_force:
        state += f" (celle du {french_date(found.start)} l'est)"
    facts.append((f"Le {french_date(on)}", state))
    return facts, own[0] if own else ""


def _provision_card(kb: KnowledgeBase, node: str, kind: str, on: date) -> tuple[Facts, str, str]:
    """Facts, text and Légifrance link of an article, version or item, read on ``on``."""
    version, article = _provision_ids(kb.network, node, kind)
    found = version_in_force(kb, article, on) if article else None
    if kind == "article":
        facts, text = _article_facts(kb.network, node, on, found)
    else:
        facts, text = _version_facts(kb, node, (version, article), on, found)
    return facts, text, legifrance_url(kb, article) if article else ""


def _decision_card(attrs: Mapping[str, Any]) -> tuple[Facts, str]:
    """A decision's court and chamber, its date, and its summary."""
    court = " ".join(literal_values(attrs, "sg:court") + literal_values(attrs, "sg:chamber"))
    delivered = first_date(attrs, "dcterms:date")
    facts: Facts = [("Juridiction", court)] if court else []
    facts += [("Date", french_date(delivered))] if delivered else []
    return facts, " ".join(literal_values(attrs, "dcterms:abstract"))


def _concept_card(network: nx.MultiDiGraph, node: str, kind: str) -> tuple[Facts, str]:
    """A definition; for a norm, a contested point or a binding, its effect and groundings."""
    facts: Facts = []
    if kind in ("norm", "contested", "binding"):
        for name, relation in (("Effet", "sg:effect"), ("Fondée sur", "sg:groundedIn")):
            values = _targets(network, node, relation)
            facts += [(name, "; ".join(values))] if values else []
    return facts, " ".join(literal_values(network.nodes[node], "skos:definition"))


def node_card(
    kb: KnowledgeBase, node: str, on: date, statuses: Mapping[str, str] | None = None
) -> NodeCard:
    """The panel of ``node`` on date ``on``: a provision's text in force and Légifrance link; a
    norm's definition, effect, groundings and status in the trace (``statuses``: norm → status);
    a decision's court, date and summary; otherwise the label and definition."""
    attrs = kb.network.nodes[node]
    kind = str(attrs.get("kind", "other"))
    label = str(attrs.get("label") or node)
    url = ""
    if kind in ("article", "version", "item"):
        facts, text, url = _provision_card(kb, node, kind, on)
    elif kind == "decision":
        facts, text = _decision_card(attrs)
    else:
        facts, text = _concept_card(kb.network, node, kind)
    return NodeCard(node, kind, label, tuple(facts), text, url, (statuses or {}).get(node))
