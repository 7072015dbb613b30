"""Validation: each broken fixture is caught, by the right rule, on the right node and file;
the tiny fixture and the real knowledge base are clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ShaclViolation, TurtleSyntaxError
from graph.validation import (
    CYCLE_RULE,
    GAP_RULE,
    OVERLAP_RULE,
    UNDATED_RULE,
    validate_files,
)

#: fixture file → (focus node, rule fragment, path, words of the message)
BROKEN = {
    "version_without_start.ttl": (
        "sgr:article/T_1/v/sans-date",
        "VersionKnownDateShape sh:or",
        None,
        "sans date de début",
    ),
    "derogation_nowhere.ttl": (
        "sgr:norm/T_1-orpheline",
        "NormShape sh:node",
        "sg:derogatesFrom",
        "Exception qui ne pointe vers rien",
    ),
    "overlap.ttl": (
        "sgr:article/T_3/v/2000-01-01",
        OVERLAP_RULE,
        "eli:date_no_longer_in_force",
        "se chevauchent",
    ),
    "gap.ttl": ("sgr:article/T_4/v/2000-01-01", GAP_RULE, "eli:date_no_longer_in_force", "lacune"),
    "decision_without_court.ttl": (
        "sgr:decision/sans-juridiction",
        "DecisionShape sh:minCount",
        "sg:court",
        "décision-juridiction",
    ),
}


def errors(problems: list) -> list:
    return [p for p in problems if p.severity == "error"]


def test_tiny_fixture_is_valid(fixtures_dir: Path) -> None:
    problems = validate_files([fixtures_dir / "kb" / "tiny.ttl"])
    assert errors(problems) == []
    # The undated version of T 2 is a warning, not an error.
    assert [(p.focus, p.rule) for p in problems] == [("sgr:article/T_2/v/undated-2", UNDATED_RULE)]


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_is_reported(fixtures_dir: Path, name: str) -> None:
    focus, rule, path, words = BROKEN[name]
    problems = errors(
        validate_files([fixtures_dir / "kb" / "tiny.ttl", fixtures_dir / "kb" / name])
    )
    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert isinstance(problem, ShaclViolation)
    assert problem.focus == focus
    assert problem.rule == rule
    assert problem.path == path
    assert words in problem.message
    assert problem.file is not None and problem.file.endswith(name)
    assert str(problem).startswith(f"{problem.file}: {focus}: {rule}")


def test_syntax_error_reported_with_file_and_line(fixtures_dir: Path) -> None:
    problems = validate_files(
        [fixtures_dir / "kb" / "tiny.ttl", fixtures_dir / "kb" / "bad_syntax.ttl"]
    )
    (problem,) = problems
    assert isinstance(problem, TurtleSyntaxError)
    assert str(problem).endswith(
        "bad_syntax.ttl:5: syntaxe Turtle invalide : expected '.' or '}' or ']' at end of statement"
    )


def test_derogation_cycle_is_an_error(fixtures_dir: Path) -> None:
    kb_dir = fixtures_dir / "kb"
    (problem,) = errors(validate_files([kb_dir / "tiny.ttl", kb_dir / "derogation_cycle.ttl"]))
    assert problem.rule == CYCLE_RULE
    assert "sgr:norm/T_1-faculte → sgr:norm/T_1-interdit → sgr:norm/T_1-faculte" in (
        problem.message
    )


def test_every_shape_message_is_french() -> None:
    """Every constraint a user can break carries its own French sh:message: each targeted
    shape's property shapes, and the targeted shape itself when it constrains the whole node."""
    from rdflib import Literal
    from rdflib.namespace import SH

    from graph.validation import shapes_graph

    shapes = shapes_graph()
    targets = (SH.targetClass, SH.targetSubjectsOf)
    targeted = {s for t in targets for s in shapes.subjects(t, None)}
    assert len(targeted) >= 10
    for shape in targeted:
        needing = list(shapes.objects(shape, SH.property))
        if (shape, SH["or"], None) in shapes:
            needing.append(shape)
        assert needing, shape
        for constraint in needing:
            messages = list(shapes.objects(constraint, SH.message))
            assert messages, f"a constraint of {shape} has no sh:message"
            assert all(isinstance(m, Literal) and m.language == "fr" for m in messages), shape


def test_real_knowledge_base_is_valid() -> None:
    problems = validate_files()
    assert [str(p) for p in errors(problems)] == []


PREFIXES = """@base <https://id.secret-graph.invalid/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix sg: <https://id.secret-graph.invalid/vocab#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

#: a small addition to the tiny knowledge base → (focus node, rule) of the one error expected
MORE_BROKEN = {
    "effect outside the verdict scheme": (
        """<norm/x> a sg:Norm ; skos:prefLabel "x"@fr ; skos:definition "x"@fr ;
             sg:effect <concept/actor/medecin> ; sg:groundedIn <article/T_1/v/2010-01-01> .""",
        "sgr:norm/x",
        "NormShape sh:node",
    ),
    "norm grounded in an article instead of a version": (
        """<norm/x> a sg:Norm ; skos:prefLabel "x"@fr ; skos:definition "x"@fr ;
             sg:effect <concept/verdict/faculte> ; sg:groundedIn <article/T_1> .""",
        "sgr:norm/x",
        "NormShape sh:or",
    ),
    "binding that names nobody": (
        """<binding/x> a sg:Binding ; sg:bindingMode <concept/binding-mode/profession> ;
             sg:groundedIn <article/T_1/v/2010-01-01> .""",
        "sgr:binding/x",
        "BindingWhoShape sh:or",
    ),
    "concept labelled in English only": (
        """<concept/actor/x> a skos:Concept ; skos:inScheme <scheme/actor> ;
             skos:notation "x" ; skos:prefLabel "doctor"@en .""",
        "sgr:concept/actor/x",
        "ConceptShape sh:languageIn",
    ),
    "decision with neither date nor date note": (
        """<decision/x> a sg:Decision ; sg:court "Cour" ; dcterms:abstract "r"@fr ;
             dcterms:source "s" .""",
        "sgr:decision/x",
        "DecisionDateShape sh:or",
    ),
    "complete text status without a text": (
        """<article/T_2/v/2003-01-01> a eli:LegalExpression ; eli:realizes <article/T_2> ;
             sg:rank 9 ; sg:dateStatus "unknown" ; dcterms:source "s" ;
             sg:textStatus <concept/text-status/complete> .""",
        "sgr:article/T_2/v/2003-01-01",
        "VersionTextShape sh:or",
    ),
    "article without the horizon of its sources": (
        """<article/T_9> a eli:LegalResourceSubdivision ; skos:notation "T 9" ;
             eli:is_part_of <code/T> ; dcterms:title "t"@fr .""",
        "sgr:article/T_9",
        "ArticleShape sh:minCount",
    ),
}


@pytest.mark.parametrize("case", sorted(MORE_BROKEN))
def test_shapes_catch(fixtures_dir: Path, tmp_path: Path, case: str) -> None:
    turtle, focus, rule = MORE_BROKEN[case]
    added = tmp_path / "added.ttl"
    added.write_text(PREFIXES + turtle, encoding="utf-8")
    problems = errors(validate_files([fixtures_dir / "kb" / "tiny.ttl", added]))
    assert [(p.focus, p.rule) for p in problems] == [(focus, rule)], [str(p) for p in problems]
    assert problems[0].file is not None and problems[0].file.endswith("added.ttl")
