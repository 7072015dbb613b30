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
