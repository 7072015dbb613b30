"""Every term the data uses is declared, and data/vocab.ttl says what graph/vocab.py says.

A typo in a predicate or a class (``sg:derogateFrom``, ``eli:realises``) must fail here rather
than silently add a triple nobody reads.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SH, SKOS

from graph.load import DATA_DIR, default_data_paths
from graph.vocab import ELI, ELI_TERMS, SG

SG_NS = str(SG._NS)
VOCAB_TTL = DATA_DIR / "vocab.ttl"
SHAPES_TTL = DATA_DIR / "shapes.ttl"


def sg_terms_in_vocab_py() -> dict[str, tuple[str, str]]:
    """term → (section, comment), read from the class body of ``graph.vocab.SG``."""
    terms, section = {}, ""
    for line in inspect.getsource(SG).splitlines():
        if header := re.match(r"^\s+# (\w.*)$", line):
            section = header.group(1)
        elif term := re.match(r"^\s+(\w+): URIRef\s+# (.*)$", line):
            terms[term.group(1)] = (section, term.group(2))
    return terms


def declared(term: URIRef, *, shapes: bool) -> bool:
    text = str(term)
    if text.startswith(SG_NS):
        return text[len(SG_NS) :] in SG.__annotations__
    if text.startswith(str(ELI)):
        return text[len(str(ELI)) :] in ELI_TERMS
    namespaces = [SKOS, DCTERMS, PROV, RDF, RDFS] + ([SH] if shapes else [])
    return any(term in namespace for namespace in namespaces)


def used_terms(graph: Graph, *, shapes: bool) -> set[URIRef]:
    """Predicates and classes a file uses (in the shapes, also the terms they constrain)."""
    terms = set(graph.predicates()) | set(graph.objects(None, RDF.type))
    if shapes:
        for predicate in (SH.path, SH.targetClass, SH["class"], SH.targetSubjectsOf):
            terms |= {o for o in graph.objects(None, predicate) if isinstance(o, URIRef)}
    return terms


def undeclared_terms(path: Path) -> set[str]:
    shapes = path.name == "shapes.ttl"
    graph = Graph().parse(path, format="turtle")
    return {str(t) for t in used_terms(graph, shapes=shapes) if not declared(t, shapes=shapes)}


@pytest.mark.parametrize(
    "path", [*default_data_paths(), SHAPES_TTL, VOCAB_TTL], ids=lambda p: p.name
)
def test_every_term_used_in_the_data_is_declared(path: Path) -> None:
    assert undeclared_terms(path) == set()


def test_a_typo_is_caught(tmp_path: Path) -> None:
    data = tmp_path / "typo.ttl"
    data.write_text(
        "@prefix sg: <https://id.secret-graph.invalid/vocab#> .\n"
        "@prefix eli: <http://data.europa.eu/eli/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://x.invalid/a> a sg:Norme ; sg:derogateFrom <https://x.invalid/b> ;\n"
        "    eli:realises <https://x.invalid/c> ; skos:prefLabl 'x' ; sg:text 'ok' .\n",
        encoding="utf-8",
    )
    assert undeclared_terms(data) == {
        SG_NS + "Norme",
        SG_NS + "derogateFrom",
        str(ELI) + "realises",
        str(SKOS) + "prefLabl",
    }


def test_vocab_ttl_agrees_with_vocab_py() -> None:
    graph = Graph().parse(VOCAB_TTL, format="turtle")
    expected = sg_terms_in_vocab_py()
    assert set(expected) == set(SG.__annotations__)  # every annotated term has its comment
    in_ttl = {
        str(s)[len(SG_NS) :]
        for s in graph.subjects(RDF.type, None)
        if str(s).startswith(SG_NS) and str(s) != SG_NS
    }
    assert in_ttl == set(expected)
    for name, (section, comment) in expected.items():
        term = SG[name]
        kind = RDFS.Class if section == "Classes" else RDF.Property
        assert (term, RDF.type, kind) in graph, name
        for predicate in (RDFS.label, RDFS.comment):
            languages = {o.language for o in graph.objects(term, predicate)}
            assert languages == {"fr", "en"}, (name, predicate)
        assert Literal(comment, lang="en") in set(graph.objects(term, RDFS.comment)), name
    assert (SG.ContestedPoint, RDFS.subClassOf, SG.Norm) in graph
