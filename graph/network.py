"""The networkx projection of the RDF graph: one place where RDF becomes nodes and edges.

The contract (``CONTRIBUTING.md``): a ``MultiDiGraph`` whose node id is the IRI string
(blank nodes ``_:<id>``), with attributes ``kind`` (article, version, norm…), ``label`` (French,
human), ``types`` (CURIEs) and one tuple of Python values per literal predicate, keyed by CURIE;
one edge per IRI- or blank-node-valued triple except ``rdf:type``, keyed by the predicate's CURIE.
Everything downstream (the rulebook, the explorer, the drawing) reads this projection, never
rdflib, so RDF plumbing stays here.

Example, on one triple:

    >>> from rdflib import Graph, URIRef
    >>> from graph.vocab import ELI
    >>> g = Graph()
    >>> v, a = (URIRef(f"https://id.secret-graph.invalid/article/X_1{s}") for s in ("/v/1", ""))
    >>> _ = g.add((v, ELI.realizes, a))
    >>> network = project(g)
    >>> list(network.edges(keys=True)) == [(str(v), str(a), "eli:realizes")]
    True
    >>> network.nodes[str(a)]["label"]
    'sgr:article/X_1'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx
from rdflib import BNode, Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from graph.versions import french_date
from graph.vocab import PREFIXES

#: rdf:type (as a CURIE) → node kind; the first match wins (a contested point is also a norm).
KINDS: tuple[tuple[str, str], ...] = (
    ("eli:LegalResourceSubdivision", "article"),
    ("eli:LegalExpression", "version"),
    ("eli:LegalResource", "code"),
    ("sg:Item", "item"),
    ("sg:Decision", "decision"),
    ("sg:ContestedPoint", "contested"),
    ("sg:Norm", "norm"),
    ("sg:Binding", "binding"),
    ("sg:Alternative", "alternative"),
    ("skos:ConceptScheme", "scheme"),
    ("skos:Concept", "concept"),
)

# Longest namespace first, so ``sg:`` (…/vocab#) wins over ``sgr:`` (…/).
_NAMESPACES = sorted(((ns, prefix) for prefix, ns in PREFIXES.items()), key=lambda p: -len(p[0]))


def curie(term: Node | str) -> str:
    """The short name of a term: ``sg:text``, ``sgr:article/CP_226-14``, ``_:b0`` for a blank
    node, the full IRI when no project prefix applies.

    >>> from rdflib import URIRef
    >>> curie(URIRef("https://id.secret-graph.invalid/vocab#text"))
    'sg:text'
    >>> curie("https://id.secret-graph.invalid/article/CP_226-14")
    'sgr:article/CP_226-14'
    """
    if isinstance(term, BNode):
        return f"_:{term}"
    text = str(term)
    for namespace, prefix in _NAMESPACES:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def node_id(term: Node) -> str:
    """The networkx node id of an RDF term: the IRI string, or ``_:<id>`` for a blank node."""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _kind(types: Sequence[str]) -> str:
    return next((kind for type_, kind in KINDS if type_ in types), "other")


def _pick_label(literals: Sequence[Literal]) -> str | None:
    """The French literal if there is one, else an untagged one, else any."""
    for wanted in ("fr", None):
        for literal in literals:
            if literal.language == wanted:
                return str(literal)
    return str(literals[0]) if literals else None


def project(graph: Graph) -> nx.MultiDiGraph:
    """The networkx projection of an RDF graph (the contract of ``CONTRIBUTING.md``)."""
    types: dict[str, list[str]] = defaultdict(list)
    literals: dict[str, dict[str, list[Literal]]] = defaultdict(lambda: defaultdict(list))
    edges: list[tuple[str, str, str]] = []
    for subject, predicate, obj in graph:
        sid = node_id(subject)
        if predicate == RDF.type:
            types[sid].append(curie(obj))
        elif isinstance(obj, Literal):
            literals[sid][curie(predicate)].append(obj)
        else:
            edges.append((sid, node_id(obj), curie(predicate)))

    network = nx.MultiDiGraph()
    ids = set(types) | set(literals) | {e[0] for e in edges} | {e[1] for e in edges}
    for nid in sorted(ids):
        node_types = tuple(sorted(types.get(nid, ())))
        attrs: dict[str, Any] = {"kind": _kind(node_types), "types": node_types}
        for key, values in literals.get(nid, {}).items():
            values.sort(key=lambda lit: (str(lit), lit.language or "", str(lit.datatype or "")))
            attrs[key] = tuple(lit.toPython() for lit in values)
        network.add_node(nid, **attrs)
    for source, target, key in sorted(edges):
        network.add_edge(source, target, key=key, rel=key)

    for nid, attrs in network.nodes(data=True):
        attrs["label"] = _label(network, nid, literals.get(nid, {}))
    return network


def _label(network: nx.MultiDiGraph, nid: str, literals: Mapping[str, list[Literal]]) -> str:
    """skos:prefLabel@fr, else skos:notation, else dcterms:title, else a made-up French name."""
    for predicate in (SKOS.prefLabel, SKOS.notation, DCTERMS.title):
        label = _pick_label(literals.get(curie(predicate), ()))
        if label:
            return label
    attrs = network.nodes[nid]
    if attrs["kind"] == "version":
        article = next(
            (t for _, t, k in network.out_edges(nid, keys=True) if k == "eli:realizes"), None
        )
        notation = (
            (network.nodes[article].get("skos:notation") or (curie(article),))[0]
            if (article)
            else "?"
        )
        start = attrs.get("eli:first_date_entry_in_force")
        if start:
            return f"{notation} (version du {french_date(start[0])})"
        rank = attrs.get("sg:rank")
        return f"{notation} (version non datée{f' n° {rank[0]}' if rank else ''})"
    if attrs["kind"] == "alternative":
        return "l'une des circonstances prévues"
    return curie(nid) if not nid.startswith("_:") else nid
