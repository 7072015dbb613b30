"""The loader: per-file parsing with file and line in errors, the networkx projection, the
notation lookup, and the cache."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import networkx as nx
import pytest

from graph.errors import RefusedFileError, TurtleSyntaxError, UnknownNotation, ValidationError
from graph.load import (
    KnowledgeBase,
    default_data_paths,
    extend_knowledge_base,
    knowledge_base_from_turtle,
    load_default,
    load_knowledge_base,
)
from graph.network import curie
from graph.validation import CYCLE_RULE

FIVE_TRIPLES = """
<article/X_1> a eli:LegalResourceSubdivision ;
    skos:notation "X 1" ;
    eli:is_part_of <code/X> .
<article/X_1/v/2000-01-01> eli:realizes <article/X_1> ;
    eli:first_date_entry_in_force "2000-01-01"^^xsd:date .
"""
ARTICLE = "https://id.secret-graph.invalid/article/X_1"
VERSION = ARTICLE + "/v/2000-01-01"
CODE = "https://id.secret-graph.invalid/code/X"


def test_projection_of_five_triples() -> None:
    kb = knowledge_base_from_turtle(FIVE_TRIPLES)
    assert len(kb.rdf) == 5
    net = kb.network
    assert isinstance(net, nx.MultiDiGraph)
    assert sorted(net.nodes) == [ARTICLE, VERSION, CODE]
    # One edge per IRI-valued triple except rdf:type, keyed (and "rel") by the predicate CURIE.
    assert sorted(net.edges(keys=True)) == [
        (ARTICLE, CODE, "eli:is_part_of"),
        (VERSION, ARTICLE, "eli:realizes"),
    ]
    assert net.edges[VERSION, ARTICLE, "eli:realizes"]["rel"] == "eli:realizes"
    article = kb.node(ARTICLE)
    assert article["kind"] == "article"
    assert article["types"] == ("eli:LegalResourceSubdivision",)
    assert article["skos:notation"] == ("X 1",)
    assert article["label"] == "X 1"
    version = kb.node(VERSION)
    assert version["kind"] == "other"  # untyped here: kind comes from rdf:type only
    assert version["eli:first_date_entry_in_force"] == (date(2000, 1, 1),)
    assert kb.node(CODE)["kind"] == "other"
    assert kb.node(CODE)["label"] == "sgr:code/X"


def test_kinds_and_labels_of_the_tiny_knowledge_base(tiny_kb: KnowledgeBase) -> None:
    kinds = {
        "article/T_1": "article",
        "article/T_1/v/2000-01-01": "version",
        "article/T_1/v/2010-01-01/1": "item",
        "code/T": "code",
        "decision/test-2012": "decision",
        "concept/actor/medecin": "concept",
        "scheme/actor": "scheme",
        "norm/T_1-faculte": "norm",
        "binding/T_1-medecin": "binding",
    }
    base = "https://id.secret-graph.invalid/"
    for suffix, kind in kinds.items():
        assert tiny_kb.node(base + suffix)["kind"] == kind, suffix
    assert tiny_kb.node(base + "concept/actor/medecin")["label"] == "médecin"  # prefLabel@fr
    assert tiny_kb.node(base + "decision/test-2012")["label"] == "Décision de test"  # title
    assert tiny_kb.node(base + "article/T_1/v/2000-01-01")["label"] == (
        "T 1 (version du 1er janvier 2000)"
    )
    assert tiny_kb.node(base + "article/T_2/v/undated-2")["label"] == (
        "T 2 (version non datée n° 2)"
    )
    assert tiny_kb.nodes_of_kind("article") == [base + "article/T_1", base + "article/T_2"]


def test_blank_nodes_and_contested_points() -> None:
    kb = knowledge_base_from_turtle(
        """<contested/c> a sg:ContestedPoint , sg:Norm ;
               sg:requiresOneOf [ a sg:Alternative ; sg:option <concept/circumstance/a> ] ."""
    )
    contested = kb.node("https://id.secret-graph.invalid/contested/c")
    assert contested["kind"] == "contested"  # a contested point is also a norm: contested wins
    ((_, alternative, key),) = kb.network.out_edges(
        "https://id.secret-graph.invalid/contested/c", keys=True
    )
    assert key == "sg:requiresOneOf"
    assert alternative.startswith("_:")
    assert kb.node(alternative)["kind"] == "alternative"


def test_syntax_error_names_file_and_line(fixtures_dir: Path) -> None:
    bad = fixtures_dir / "kb" / "bad_syntax.ttl"
    with pytest.raises(TurtleSyntaxError) as caught:
        load_knowledge_base([bad])
    assert caught.value.line == 5  # the statement of line 4 lacks its final dot
    assert caught.value.file.endswith("bad_syntax.ttl")
    assert "bad_syntax.ttl:5: syntaxe Turtle invalide" in str(caught.value)


def test_syntax_error_in_inline_turtle_counts_lines_from_the_text() -> None:
    with pytest.raises(TurtleSyntaxError) as caught:
        knowledge_base_from_turtle('<a> <b> <c> .\n<d> <e> "non fermé .\n')
    assert caught.value.line == 2


def test_validation_error_lists_violations(fixtures_dir: Path) -> None:
    kb_dir = fixtures_dir / "kb"
    with pytest.raises(ValidationError) as caught:
        load_knowledge_base([kb_dir / "tiny.ttl", kb_dir / "decision_without_court.ttl"])
    (violation,) = caught.value.violations
    assert violation.focus == "sgr:decision/sans-juridiction"
    assert violation.path == "sg:court"
    assert violation.file is not None and violation.file.endswith("decision_without_court.ttl")


def test_without_validation_timeline_errors_become_warnings(fixtures_dir: Path) -> None:
    kb_dir = fixtures_dir / "kb"
    kb = load_knowledge_base([kb_dir / "tiny.ttl", kb_dir / "overlap.ttl"], validate=False)
    assert any("chevauchent" in w for w in kb.warnings)


def test_derogation_cycles_are_refused_even_without_validation(fixtures_dir: Path) -> None:
    kb_dir = fixtures_dir / "kb"
    with pytest.raises(ValidationError, match="cycle de dérogations"):
        load_knowledge_base([kb_dir / "tiny.ttl", kb_dir / "derogation_cycle.ttl"], validate=False)


def test_node_files_name_the_file_that_types_each_node(fixtures_dir: Path) -> None:
    kb_dir = fixtures_dir / "kb"
    kb = load_knowledge_base([kb_dir / "tiny.ttl", kb_dir / "gap.ttl"], validate=False)
    assert kb.node_files["https://id.secret-graph.invalid/article/T_4"].endswith("gap.ttl")
    assert kb.node_files["https://id.secret-graph.invalid/article/T_1"].endswith("tiny.ttl")


def test_article_by_notation_ignores_case_dots_and_spaces(tiny_kb: KnowledgeBase) -> None:
    expected = "https://id.secret-graph.invalid/article/T_1"
    for written in ("T 1", "t 1", "  T   1 ", "T. 1", expected):
        assert tiny_kb.article_by_notation(written) == expected


def test_unknown_notation_suggests_close_matches(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownNotation) as caught:
        kb.article_by_notation("CP 226-15")
    assert {"CP 226-13", "CP 226-14"} <= set(caught.value.close_matches)
    assert str(caught.value).startswith("CP 226-15 : article inconnu. Vouliez-vous dire : ")


def test_unknown_node_says_so(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(KeyError, match="nœud inconnu"):
        tiny_kb.node("https://id.secret-graph.invalid/article/rien")


def test_network_is_read_only(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(nx.NetworkXError):
        tiny_kb.network.add_node("x")


def test_default_knowledge_base_is_cached() -> None:
    assert load_default() is load_default()


def test_schema_files_are_not_data() -> None:
    names = {p.name for p in default_data_paths()}
    assert "shapes.ttl" not in names and "vocab.ttl" not in names
    assert "articles.ttl" in names


def test_curie_prefers_the_longest_namespace() -> None:
    assert curie("https://id.secret-graph.invalid/vocab#derogatesFrom") == "sg:derogatesFrom"
    assert curie("https://id.secret-graph.invalid/norm/x") == "sgr:norm/x"
    assert curie("https://example.org/x") == "https://example.org/x"


def test_whole_knowledge_base_loads_quickly() -> None:
    """Target < 2 s on the 2-core box, SHACL included; the bound leaves room for a busy CI."""
    start = time.perf_counter()
    load_knowledge_base(validate=True)
    assert time.perf_counter() - start < 6


# --- a trainer's extra file ------------------------------------------------------------------
EXTRA_ACTOR = """
<scheme/actor> a skos:ConceptScheme ; skos:prefLabel "Acteurs"@fr .
<concept/actor/mediateur> a skos:Concept ; skos:inScheme <scheme/actor> ;
    skos:notation "mediateur" ; skos:prefLabel "médiateur"@fr .
"""
MEDIATEUR = "https://id.secret-graph.invalid/concept/actor/mediateur"


def test_an_extra_file_extends_a_copy_of_the_knowledge_base(
    tiny_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = tiny_kb.network.number_of_nodes()
    kb = extend_knowledge_base(tiny_kb, "../../cours/extra.ttl", EXTRA_ACTOR, max_bytes=10_000)
    assert kb.network.number_of_nodes() == before + 1
    assert kb.node(MEDIATEUR)["label"] == "médiateur"
    assert MEDIATEUR not in tiny_kb.network  # the shared base is untouched
    assert tiny_kb.network.number_of_nodes() == before
    assert kb.files == (*tiny_kb.files, "extra.ttl")  # the base name only, never the path
    assert kb.node_files[MEDIATEUR] == "extra.ttl"
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_an_extra_file_may_be_given_as_utf8_bytes(tiny_kb: KnowledgeBase) -> None:
    kb = extend_knowledge_base(tiny_kb, "extra.ttl", EXTRA_ACTOR.encode(), max_bytes=10_000)
    assert MEDIATEUR in kb.network


def test_an_extra_file_too_large_or_not_utf8_is_refused(tiny_kb: KnowledgeBase) -> None:
    # 9 characters but 15 bytes of UTF-8: the cap counts bytes
    with pytest.raises(RefusedFileError, match=r"^big\.ttl : fichier trop gros \(15 octets"):
        extend_knowledge_base(tiny_kb, "big.ttl", "# éééééé.", max_bytes=14)
    with pytest.raises(RefusedFileError, match="UTF-8"):
        extend_knowledge_base(tiny_kb, "latin1.ttl", "# é".encode("latin-1"), max_bytes=100)


def test_an_extra_file_with_bad_syntax_names_its_own_line(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(TurtleSyntaxError) as caught:
        extend_knowledge_base(tiny_kb, "dir/x.ttl", "# ok\n\nsgr:x a ;;; .", max_bytes=100)
    assert (caught.value.file, caught.value.line) == ("x.ttl", 3)


def test_an_extra_file_is_held_to_the_shapes(tiny_kb: KnowledgeBase) -> None:
    bare = "<article/X_1> a eli:LegalResourceSubdivision ."
    with pytest.raises(ValidationError) as caught:
        extend_knowledge_base(tiny_kb, "shape.ttl", bare, max_bytes=1000)
    violations = caught.value.violations
    assert violations and all(v.file == "shape.ttl" for v in violations)
    assert any(v.rule.startswith("ArticleShape") for v in violations)


def test_an_extra_file_is_held_to_the_timelines_and_cycles(
    tiny_kb: KnowledgeBase, fixtures_dir: Path
) -> None:
    overlap = (fixtures_dir / "kb" / "overlap.ttl").read_text(encoding="utf-8")
    with pytest.raises(ValidationError, match="se chevauchent"):
        extend_knowledge_base(tiny_kb, "overlap.ttl", overlap, max_bytes=10_000)
    cycle = (fixtures_dir / "kb" / "derogation_cycle.ttl").read_text(encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        extend_knowledge_base(tiny_kb, "cycle.ttl", cycle, max_bytes=10_000)
    assert [v.rule for v in caught.value.violations] == [CYCLE_RULE]
