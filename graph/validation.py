"""Checks of the knowledge base: SHACL shapes, version timelines, derogation cycles.

``data/shapes.ttl`` says what a well-formed node of each kind carries; the timeline checks say
what SHACL cannot say simply: the dated versions of one article, sorted by start, follow each
other without overlap or gap (each version's inclusive end + 1 day = the next start), and their
ranks agree with their dates. Versions without a start date are warnings: the tool never
answers with them, it only names them as candidates. A cycle of ``sg:derogatesFrom`` (an
exception to itself, directly or not) is an error the reasoning could not survive.

Every problem is a ``ShaclViolation`` (``FILE: NODE: RULE: message`` once printed) or, for a
file that does not parse, a ``TurtleSyntaxError`` (``FILE:LINE: message``).
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

import networkx as nx
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS
from rdflib.term import Node

from graph.errors import ShaclViolation, TurtleSyntaxError
from graph.load import SHAPES_FILE, default_data_paths, parse_files, parse_turtle
from graph.network import curie, node_id
from graph.versions import day_after, french_date
from graph.vocab import ELI, SG

#: What ``validate_files`` returns: graph problems and syntax errors, each printable on a line.
Problem = ShaclViolation | TurtleSyntaxError

OVERLAP_RULE = "chronologie-chevauchement"
GAP_RULE = "chronologie-lacune"
ORDER_RULE = "chronologie-rang"
UNDATED_RULE = "chronologie-version-non-datee"
CYCLE_RULE = "derogation-cycle"


@functools.lru_cache(maxsize=4)
def _shapes(path: Path, mtime: float) -> Graph:
    return parse_turtle(path)


def shapes_graph(path: Path = SHAPES_FILE) -> Graph:
    """The SHACL shapes, parsed once per file version."""
    return _shapes(path, path.stat().st_mtime)


def _local_name(term: Node | None) -> str:
    text = str(term)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _component(term: Node | None) -> str:
    """``sh:MinCountConstraintComponent`` → ``sh:minCount`` (the constraint as written)."""
    name = _local_name(term).removesuffix("ConstraintComponent")
    return f"sh:{name[:1].lower()}{name[1:]}"


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The name of a shape; a blank property shape is named after the node shape holding it."""
    if shape is None:  # pySHACL always names the shape; a hand-made report might not
        return "forme anonyme"
    if isinstance(shape, URIRef):
        return _local_name(shape)
    parent = next(shapes.subjects(SH.property, shape), None)
    if parent is not None and parent != shape:
        return _shape_name(shapes, parent)
    return "forme anonyme"


def shacl_violations(
    data: Graph, node_files: Mapping[str, str], shapes: Graph | None = None
) -> list[ShaclViolation]:
    """Validate ``data`` against the shapes; one record per SHACL result."""
    import pyshacl  # a quarter of a second to import: only when validating

    shapes = shapes if shapes is not None else shapes_graph()
    _, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        allow_warnings=True,
        abort_on_first=False,
        meta_shacl=False,
    )
    results = [
        result
        for top in report.subjects(RDF.type, SH.ValidationReport)
        for result in report.objects(top, SH.result)  # not the nested sh:detail results
    ]
    violations = [_violation(report, result, shapes, node_files) for result in results]
    return sorted(violations, key=lambda v: (v.file or "", v.focus, v.rule, v.message))


def _violation(
    report: Graph, result: Node, shapes: Graph, node_files: Mapping[str, str]
) -> ShaclViolation:
    """One SHACL result as the CLI prints it: node, shape and constraint, message, value."""
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    component = report.value(result, SH.sourceConstraintComponent)
    message = report.value(result, SH.resultMessage)
    severity = report.value(result, SH.resultSeverity)
    value = report.value(result, SH.value)
    text = str(message) if message is not None else f"contrainte {_component(component)}"
    if value is not None and path is not None and not isinstance(value, BNode):
        text += f" (valeur : {curie(value) if isinstance(value, URIRef) else str(value)})"
    return ShaclViolation(
        focus=curie(focus) if focus is not None else "?",
        path=curie(path) if isinstance(path, URIRef) else None,
        rule=f"{_shape_name(shapes, report.value(result, SH.sourceShape))} {_component(component)}",
        message=text,
        file=node_files.get(node_id(focus)) if focus is not None else None,
        severity="error" if severity in (None, SH.Violation) else "warning",
    )


@dataclass(frozen=True)
class _Version:
    id: Node
    start: date | None
    end: date | None
    rank: int | None


def _start(version: _Version) -> date:
    """Sort key of a dated version (``date.min`` is never used: undated ones are left out)."""
    return version.start or date.min


def _date(value: object) -> date | None:
    if isinstance(value, Literal):
        value = value.toPython()
    return value if isinstance(value, date) else None


class _Finding(NamedTuple):
    """One timeline problem, before it is attributed to a file."""

    version: Node
    path: URIRef
    rule: str
    message: str
    severity: str = "error"


def timeline_problems(graph: Graph, node_files: Mapping[str, str]) -> list[ShaclViolation]:
    """Overlaps, gaps, rank disorder and undated versions among the versions of each article.

    The contract's windows are inclusive at both ends, so a version must end the day before the
    next one starts: one day later is an overlap, one day earlier a gap where no text applies.
    """
    problems = []
    for article, versions in _versions_by_article(graph).items():
        notation = str(graph.value(article, SKOS.notation) or curie(article))
        dated = sorted((v for v in versions if v.start is not None), key=_start)
        findings = [
            *_undated(notation, versions),
            *(f for pair in itertools.pairwise(dated) for f in _succession(notation, *pair)),
            *_ends_before_start(notation, dated),
        ]
        problems += [
            ShaclViolation(
                curie(f.version),
                curie(f.path),
                f.rule,
                f.message,
                node_files.get(node_id(f.version)),
                f.severity,
            )
            for f in findings
        ]
    return problems


def _versions_by_article(graph: Graph) -> dict[Node, list[_Version]]:
    by_article: dict[Node, list[_Version]] = defaultdict(list)
    for version, article in graph.subject_objects(ELI.realizes):
        rank = graph.value(version, SG.rank)
        by_article[article].append(
            _Version(
                version,
                _date(graph.value(version, ELI.first_date_entry_in_force)),
                _date(graph.value(version, ELI.date_no_longer_in_force)),
                int(rank.toPython()) if isinstance(rank, Literal) else None,
            )
        )
    return by_article


def _undated(notation: str, versions: Iterable[_Version]) -> list[_Finding]:
    """A warning per undated version: it can only ever be reported as a candidate."""
    return [
        _Finding(
            v.id,
            ELI.first_date_entry_in_force,
            UNDATED_RULE,
            f"version de {notation} sans date de début : elle n'est jamais donnée "
            "comme version en vigueur, seulement signalée comme candidate.",
            "warning",
        )
        for v in versions
        if v.start is None
    ]


def _succession(notation: str, before: _Version, after: _Version) -> list[_Finding]:
    """Two consecutive dated versions: overlap or gap between them, and their ranks' order."""
    assert before.start is not None and after.start is not None  # dated versions only
    found = []
    window = _window_problem(notation, before, after.start)
    if window is not None:
        found.append(window)
    if before.rank is not None and after.rank is not None and before.rank >= after.rank:
        found.append(
            _Finding(
                after.id,
                SG.rank,
                ORDER_RULE,
                f"rang incohérent pour {notation} : la version du "
                f"{french_date(after.start)} (rang {after.rank}) suit celle du "
                f"{french_date(before.start)} (rang {before.rank}).",
            )
        )
    return found


def _window_problem(notation: str, before: _Version, next_start: date) -> _Finding | None:
    """An overlap (no end, or an end on or after the next start) or a gap, else None."""
    assert before.start is not None
    start, end = french_date(before.start), french_date(next_start)
    if before.end is None:
        return _Finding(
            before.id,
            ELI.date_no_longer_in_force,
            OVERLAP_RULE,
            f"la version de {notation} du {start} n'a pas de fin alors qu'une version commence "
            f"le {end} : elles se chevauchent. Donnez-lui pour fin "
            "(eli:date_no_longer_in_force) la veille de ce début.",
        )
    if before.end >= next_start:
        return _Finding(
            before.id,
            ELI.date_no_longer_in_force,
            OVERLAP_RULE,
            f"les versions de {notation} du {start} et du {end} se chevauchent : la première "
            f"court jusqu'au {french_date(before.end)} inclus. Sa fin doit être la veille du "
            "début suivant.",
        )
    if day_after(before.end) < next_start:
        return _Finding(
            before.id,
            ELI.date_no_longer_in_force,
            GAP_RULE,
            f"lacune entre les versions de {notation} : celle du {start} finit le "
            f"{french_date(before.end)}, la suivante ne commence que le {end}. Aucun texte "
            "n'est en vigueur entre les deux : corrigez l'une des dates.",
        )
    return None


def _ends_before_start(notation: str, dated: Iterable[_Version]) -> list[_Finding]:
    return [
        _Finding(
            v.id,
            ELI.date_no_longer_in_force,
            OVERLAP_RULE,
            f"la version de {notation} du {french_date(v.start)} finit avant de "
            f"commencer ({french_date(v.end)}).",
        )
        for v in dated
        if v.end is not None and v.start is not None and v.end < v.start
    ]


def derogation_cycles(graph: Graph, node_files: Mapping[str, str]) -> list[ShaclViolation]:
    """Cycles of ``sg:derogatesFrom`` (a norm defeating itself, directly or through others)."""
    network = nx.DiGraph()
    network.add_edges_from(graph.subject_objects(SG.derogatesFrom))
    problems = []
    for found in nx.simple_cycles(network):
        start = found.index(min(found, key=str))
        cycle = found[start:] + found[:start]  # start at the smallest id: a stable message
        names = " → ".join(curie(n) for n in [*cycle, cycle[0]])
        first = cycle[0]
        problems.append(
            ShaclViolation(
                curie(first),
                curie(SG.derogatesFrom),
                CYCLE_RULE,
                f"cycle de dérogations ({names}) : une exception ne peut pas, même "
                "indirectement, déroger à elle-même.",
                node_files.get(node_id(first)),
            )
        )
    return problems


def graph_checks(graph: Graph, node_files: Mapping[str, str]) -> list[ShaclViolation]:
    """The checks that cost nothing: timelines and derogation cycles (run on every load)."""
    problems = timeline_problems(graph, node_files) + derogation_cycles(graph, node_files)
    return sorted(problems, key=lambda p: (p.severity != "error", p.file or "", p.focus, p.rule))


def check_graph(
    graph: Graph, node_files: Mapping[str, str], shapes: Graph | None = None
) -> list[ShaclViolation]:
    """Every check: SHACL shapes, then timelines and derogation cycles."""
    problems = shacl_violations(graph, node_files, shapes) + graph_checks(graph, node_files)
    return sorted(problems, key=lambda p: (p.severity != "error", p.file or "", p.focus, p.rule))


def validate_files(
    paths: Sequence[Path] | None = None, *, shapes: Path = SHAPES_FILE
) -> list[Problem]:
    """Validate the data files (default: the knowledge base); one problem per line to print.

    Files that do not parse are reported (file and line) and the graph checks are skipped:
    the missing triples would only add false alarms.
    """
    parsed = parse_files(default_data_paths() if paths is None else paths)
    if parsed.syntax_errors:
        return list(parsed.syntax_errors)
    return list(check_graph(parsed.graph, parsed.node_files, shapes_graph(shapes)))
