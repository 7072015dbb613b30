"""Parse, check and load the knowledge base: Turtle files → rdflib graph → ``KnowledgeBase``.

The data lives in ``data/*.ttl`` (next to the package; the repository is installed editable).
``data/shapes.ttl`` (SHACL shapes) and ``data/vocab.ttl`` (the declared vocabulary) describe the
data and are not part of it. Loading:

1. parses each file on its own, so a syntax error names its file and line, and every node can be
   traced back to the file that describes it;
2. optionally validates the merged graph against the shapes and the timeline checks
   (``graph.validation``): versions of one article neither overlap nor leave a gap;
3. projects the graph to a ``networkx.MultiDiGraph`` (``graph.network``, the contract of
   ``CONTRIBUTING.md``) and freezes it.

SHACL validation costs more than everything else together, so ``load_default()`` (the cached
path the page and the CLI use) loads *without* it; ``secretgraph validate``, ``make test`` and
the tests validate. Derogation cycles are refused on every load: the reasoning would loop.
The returned ``KnowledgeBase`` is shared: treat it as read-only (its network is frozen).
A trainer's extra file joins a copy of it with ``extend_knowledge_base``, fully validated.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.plugins.parsers.notation3 import BadSyntax

from graph.errors import RefusedFileError, TurtleSyntaxError, UnknownNotation, ValidationError
from graph.network import node_id, project
from graph.vocab import BASE, PREFIXES, bind_prefixes

#: The data folder of the repository (``graph/`` and ``data/`` are siblings).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHAPES_FILE = DATA_DIR / "shapes.ttl"
#: Files of ``data/`` that describe the data rather than hold it.
SCHEMA_FILES = frozenset({"shapes.ttl", "vocab.ttl"})


def normalise_notation(notation: str) -> str:
    """The lookup key of a citation: case, dots and spaces do not matter.

    >>> normalise_notation("  c. civ.  375 ") == normalise_notation("C civ 375")
    True
    """
    return re.sub(r"[\s.]+", "", notation).casefold()


@dataclass(frozen=True, eq=False)
class KnowledgeBase:
    """The loaded knowledge base: the RDF graph, its networkx projection and load warnings.

    Shared between callers (``load_default`` caches it): read-only by convention for ``rdf``,
    enforced for ``network`` (frozen).
    """

    rdf: Graph
    network: nx.MultiDiGraph
    warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = ()
    node_files: Mapping[str, str] = field(default_factory=dict, repr=False)
    _articles: dict[str, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        for nid, attrs in self.network.nodes(data=True):
            if attrs.get("kind") == "article":
                for notation in attrs.get("skos:notation", ()):
                    self._articles[normalise_notation(str(notation))] = nid

    def article_by_notation(self, notation: str) -> str:
        """The node id of the article cited as ``notation`` (« CP 226-14 », « c. civ. 375 »).

        Also accepts an article's node id. Raises ``UnknownNotation`` with the closest
        notations when no article matches.
        """
        if self.network.nodes.get(notation, {}).get("kind") == "article":
            return notation
        key = normalise_notation(notation)
        if key in self._articles:
            return self._articles[key]
        close = difflib.get_close_matches(key, list(self._articles), n=3, cutoff=0.6)
        shown = [self.network.nodes[self._articles[k]]["label"] for k in close]
        raise UnknownNotation(notation.strip(), shown)

    def node(self, id: str) -> dict[str, Any]:
        """The attributes of a node (kind, label, types, literal values by CURIE)."""
        try:
            attrs: dict[str, Any] = self.network.nodes[id]
        except KeyError:
            raise KeyError(f"{id} : nœud inconnu de la base de connaissances") from None
        return attrs

    def nodes_of_kind(self, kind: str) -> list[str]:
        """Ids of every node of one kind (``article``, ``norm``...), sorted for stable output."""
        return sorted(n for n, k in self.network.nodes(data="kind") if k == kind)


@dataclass(frozen=True)
class ParsedFiles:
    """Turtle files parsed one by one, then merged; syntax errors are collected, not raised."""

    graph: Graph
    node_files: Mapping[str, str]  # node id → the file that types it (else first describing it)
    files: tuple[str, ...]
    syntax_errors: tuple[TurtleSyntaxError, ...]


def display_path(path: Path) -> str:
    """A path as the user should read it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def default_data_paths(data_dir: Path = DATA_DIR) -> tuple[Path, ...]:
    """The data files of the knowledge base: ``data/*.ttl`` minus shapes and vocabulary."""
    return tuple(sorted(p for p in data_dir.glob("*.ttl") if p.name not in SCHEMA_FILES))


def parse_turtle(path: Path, *, text: str | None = None, line_offset: int = 0) -> Graph:
    """Parse one Turtle file (or ``text`` attributed to it); raise ``TurtleSyntaxError``
    naming the file and the 1-based line rdflib stopped at."""
    graph = Graph()
    try:
        if text is None:
            graph.parse(path, format="turtle")
        else:
            graph.parse(data=text, format="turtle")
    except BadSyntax as error:
        line = error.lines + 1 - line_offset  # rdflib counts lines from 0
        raise TurtleSyntaxError(display_path(path), line, str(error._why)) from None
    except (OSError, ValueError) as error:  # unreadable file, bad escape, bad IRI...
        raise TurtleSyntaxError(display_path(path), None, str(error)) from None
    return graph


def parse_files(paths: Iterable[Path]) -> ParsedFiles:
    """Parse every file, merge the graphs and note which file describes which node."""
    merged = bind_prefixes(Graph())
    typed: dict[str, str] = {}
    described: dict[str, str] = {}
    errors: list[TurtleSyntaxError] = []
    files = []
    for path in paths:
        shown = display_path(path)
        files.append(shown)
        try:
            graph = parse_turtle(path)
        except TurtleSyntaxError as error:
            errors.append(error)
            continue
        for subject in graph.subjects(RDF.type, unique=True):
            typed.setdefault(node_id(subject), shown)
        for subject in graph.subjects(unique=True):
            described.setdefault(node_id(subject), shown)
        merged += graph
    return ParsedFiles(merged, {**described, **typed}, tuple(files), tuple(errors))


def knowledge_base_from_graph(
    graph: Graph,
    *,
    warnings: Sequence[str] = (),
    files: Sequence[str] = (),
    node_files: Mapping[str, str] | None = None,
) -> KnowledgeBase:
    """Wrap an already-checked RDF graph: project it and freeze the projection."""
    network = nx.freeze(project(graph))
    return KnowledgeBase(
        bind_prefixes(graph), network, tuple(warnings), tuple(files), dict(node_files or {})
    )


TURTLE_PREFIXES = f"@base <{BASE}> .\n" + "".join(
    f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()
)


def knowledge_base_from_turtle(text: str, *, validate: bool = False) -> KnowledgeBase:
    """A knowledge base from a Turtle string (doctests, small fixtures); the project's
    prefixes (eli, skos, dcterms, prov, rdf, rdfs, xsd, sg, sgr) are declared for you, and the
    base is the project's, so ``<article/X_1>`` names ``sgr:article/X_1`` (rdflib refuses an
    unescaped ``/`` in a prefixed name: write ``sgr:article\\/X_1`` or the relative IRI)."""
    source = Path("<turtle>")
    graph = parse_turtle(
        source, text=TURTLE_PREFIXES + text, line_offset=TURTLE_PREFIXES.count("\n")
    )
    return _checked(graph, validate=validate, files=(), node_files={})


def _checked(
    graph: Graph, *, validate: bool, files: Sequence[str], node_files: Mapping[str, str]
) -> KnowledgeBase:
    """Run the checks on a merged graph, refuse its errors, keep the rest as warnings.

    Without ``validate`` only derogation cycles are fatal: the engine could not answer.
    """
    from graph import validation  # validation parses files with this module: import late

    problems = (
        validation.check_graph(graph, node_files)
        if validate
        else validation.graph_checks(graph, node_files)
    )
    errors = [p for p in problems if p.severity == "error"]
    fatal = errors if validate else [p for p in errors if p.rule == validation.CYCLE_RULE]
    if fatal:
        raise ValidationError(fatal)
    warnings = [str(p) for p in problems if p not in fatal]
    return knowledge_base_from_graph(graph, warnings=warnings, files=files, node_files=node_files)


def load_knowledge_base(
    paths: Sequence[Path] | None = None, *, validate: bool = True
) -> KnowledgeBase:
    """Load the knowledge base from ``paths`` (default: every data file of ``data/``).

    Raises ``TurtleSyntaxError`` (file and line) on the first unparsable file and, when
    ``validate``, ``ValidationError`` listing every SHACL and timeline violation. Without
    ``validate`` the timeline problems become warnings and only derogation cycles are refused.
    """
    parsed = parse_files(default_data_paths() if paths is None else paths)
    if parsed.syntax_errors:
        raise parsed.syntax_errors[0]
    return _checked(
        parsed.graph, validate=validate, files=parsed.files, node_files=parsed.node_files
    )


@functools.lru_cache(maxsize=1)
def load_default() -> KnowledgeBase:
    """The default knowledge base, parsed once per process and shared (do not mutate it).

    Loaded without SHACL validation (the slow part): the data is validated by
    ``secretgraph validate`` and by the test suite before it ships.
    """
    return load_knowledge_base(None, validate=False)


def extend_knowledge_base(
    kb: KnowledgeBase, name: str, text: str | bytes, *, max_bytes: int
) -> KnowledgeBase:
    """A new knowledge base: ``kb`` plus the triples of one extra Turtle file (a trainer's).

    ``kb`` is left untouched (it is shared) and nothing is written to disk. The file is held
    to the standard of ``data/``: SHACL shapes, timelines and derogation cycles, every error
    refused, warnings kept. Only the file's base name is shown in messages (``../x.ttl`` reads
    ``x.ttl``), and its nodes are attributed to it.

    Args:
        kb: the knowledge base to extend.
        name: the file's name as uploaded.
        text: its content; bytes must be UTF-8.
        max_bytes: the largest file accepted, in bytes of UTF-8.

    Raises:
        RefusedFileError: too large, or not UTF-8.
        TurtleSyntaxError: not Turtle (file and line named).
        ValidationError: every SHACL, timeline or cycle error of the merged graph.

    Examples:
        >>> base = knowledge_base_from_turtle("")
        >>> extra = '<code/X> a eli:LegalResource ; skos:notation "X" ; dcterms:title "X"@fr .'
        >>> kb = extend_knowledge_base(base, "../x.ttl", extra, max_bytes=1000)
        >>> kb.network.number_of_nodes() - base.network.number_of_nodes(), kb.files
        (1, ('x.ttl',))
        >>> extend_knowledge_base(base, "x.ttl", "<concept/actor/y> a skos:Concept .",
        ...                       max_bytes=1000)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        graph.errors.ValidationError: La base de connaissances n'est pas valide (3 problèmes) :
        x.ttl: sgr:concept/actor/y: ConceptShape sh:minCount (skos:notation): ...
        >>> extend_knowledge_base(base, "big.ttl", "#" * 1001, max_bytes=1000)
        Traceback (most recent call last):
        ...
        graph.errors.RefusedFileError: big.ttl : fichier trop gros (1001 octets ; maximum 1000).
    """
    shown = Path(Path(name).name)
    extra = parse_turtle(
        shown,
        text=TURTLE_PREFIXES + _decoded(shown, text, max_bytes),
        line_offset=TURTLE_PREFIXES.count("\n"),
    )
    merged = bind_prefixes(Graph())
    merged += kb.rdf
    merged += extra
    node_files = {node_id(s): str(shown) for s in extra.subjects(unique=True)}
    return _checked(merged, validate=True, files=(*kb.files, str(shown)), node_files=node_files)


def _decoded(shown: Path, text: str | bytes, max_bytes: int) -> str:
    """The text of an extra file, refused when too large (checked before decoding)."""
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if len(data) > max_bytes:
        size = f"{len(data)} octets ; maximum {max_bytes}"
        raise RefusedFileError(shown, f"fichier trop gros ({size}).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise RefusedFileError(shown, "le fichier doit être encodé en UTF-8.") from None
