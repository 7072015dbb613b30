"""What an answer cites: provisions in reading order, case law, links, warnings, the path.

The trace (``graph.trace``) says what each norm did; these functions gather what a reader needs
to check it: the articles in the order an argument quotes them, the decisions to read, the
Légifrance links, the freshness warnings for dates beyond the sources, and the node ids of the
decisive path the page highlights in the graph. They read the pass with unknown conditions
failing, like the trace.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from graph.answer import Answer, Step
from graph.rulebook import Norm
from graph.versions import freshness_warning, legifrance_url

if TYPE_CHECKING:
    from graph.reasoning import Findings


def provisions(findings: Findings, steps: Sequence[Step]) -> tuple[str, ...]:
    """Binding texts, base rule, decisive norms, the other norms tried, then those not yet
    (or no longer) in force that would have reached the situation."""
    book = findings.book

    def of(keep: bool, step: Step) -> tuple[str, ...]:
        return step.provisions if keep else ()

    binding = [p for st in steps for p in of(st.kind == "binding" and st.status == "applique", st)]
    base = [p for st in steps for p in of(st.role == "base" and st.status != "inactive", st)]
    decisive = [p for n in findings.failing.decisive for p in book.norms[n].provisions]
    others = [p for st in steps for p in of(st.kind != "binding" and st.status != "inactive", st)]
    inactive = [p for st in steps for p in of(st.kind != "binding" and st.status == "inactive", st)]
    return tuple(dict.fromkeys(binding + base + decisive + others + inactive))


def open_points(findings: Findings) -> tuple[str, ...]:
    """The contested points that apply: the answer says the texts leave them open."""
    norms = findings.book.norms
    return tuple(n for n in sorted(findings.failing.applying) if norms[n].kind == "contested")


def links(findings: Findings, cited: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(notation, Légifrance URL) for each cited article the rulebook knows."""
    by_notation = {n: a for a, n in findings.book.article_notation.items()}
    return tuple(
        (p, legifrance_url(findings.kb, by_notation[p])) for p in cited if p in by_notation
    )


def freshness(findings: Findings, cited: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """(notation, warning) for each cited article whose sources stop before the date."""
    warnings = []
    for article, current in findings.in_force.items():
        notation = findings.book.article_notation.get(article, article)
        if current is None or not current.beyond_horizon or notation not in cited:
            continue
        if current.horizon is None:  # never: beyond_horizon needs a horizon to be beyond
            continue
        url = legifrance_url(findings.kb, article)
        warning = freshness_warning(notation, current.horizon, findings.situation.date, url)
        warnings.append((notation, warning))
    return tuple(sorted(warnings))


def decisive_provisions(answer: Answer) -> tuple[str, ...]:
    """The articles that decide the answer: those of the steps on its decisive path (the
    binding texts, the base rule and the norms that carry the verdict), of the base rule
    whenever it is in force, and of the steps left unknown (the answer turns on them).
    Rejected exceptions are left out."""
    on_path = set(answer.path)
    return tuple(
        dict.fromkeys(
            p
            for st in answer.steps
            if st.status != "inactive"
            and (st.norm in on_path or st.role == "base" or st.status == "inconnue")
            for p in st.provisions
        )
    )


def split_freshness(answer: Answer) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The answer's freshness warnings in two groups: about a decisive article (shown first,
    the answer may depend on them) and about the others (rules tried and set aside)."""
    decisive = set(decisive_provisions(answer))
    pairs = list(zip(answer.freshness_about, answer.freshness, strict=True))
    first = tuple(w for about, w in pairs if about in decisive)
    return first, tuple(w for about, w in pairs if about not in decisive)


def decisions(findings: Findings) -> tuple[str, ...]:
    """Decisions on the articles of the decisive norms, and those supporting or opposing
    the open points and bindings reached, oldest first: the case law to quote here."""
    book = findings.book
    cited = {p for n in findings.failing.decisive for p in book.norms[n].provisions}
    found = [
        d
        for article, notation in book.article_notation.items()
        if notation in cited
        for d in book.article_decisions.get(article, ())
    ]
    deciding = [book.norms[p] for p in open_points(findings)]
    deciding += [e.norm for e in findings.bindings if e.active and e.applies]
    for norm in deciding:
        found.extend(norm.supported_by + norm.opposed_by)
    network = findings.kb.network
    kept = {d for d in found if network.nodes.get(d, {}).get("kind") == "decision"}
    return tuple(sorted(kept, key=lambda d: (_date_key(network.nodes[d]), d)))


def titles(findings: Findings) -> tuple[tuple[str, str], ...]:
    """(node id, French label) of the open points and decisions the answer names."""
    nodes = [*open_points(findings), *decisions(findings)]
    labels = findings.book.labels
    return tuple((n, labels.get(n, n)) for n in dict.fromkeys(nodes))


def path(findings: Findings) -> tuple[str, ...]:
    """Actor → binding → its version → base norm → … → decisive norm, as node ids."""
    actor = findings.book.vocabulary.term("actor", findings.situation.actor)
    nodes = [actor.iri] if actor else []
    for e in findings.bindings:
        if e.active and e.applies:
            nodes += [e.norm.id, *(v.node for v in findings.cited[e.norm.id])]
    for norm in chain(findings):
        nodes += [norm.id, *(v.node for v in findings.cited[norm.id])]
    network = findings.kb.network
    return tuple(n for n in dict.fromkeys(nodes) if n in network)


def chain(findings: Findings) -> list[Norm]:
    """The decisive norms and every applying norm they derogate from, base first."""
    book, outcome = findings.book, findings.failing
    seen: dict[str, Norm] = {}
    todo = list(outcome.decisive)
    while todo:
        norm = book.norms[todo.pop()]
        if norm.id in seen:
            continue
        seen[norm.id] = norm
        todo += [t for t in norm.derogates_from if t in outcome.applying]
    return sorted(seen.values(), key=lambda n: (book.depth.get(n.id, 0), n.id))


def rejected(findings: Findings, steps: Sequence[Step]) -> tuple[str, ...]:
    """The rejected or neutralised norms off the decisive path: the graph draws them aside."""
    on_path = set(path(findings))
    network = findings.kb.network
    return tuple(
        st.norm
        for st in steps
        if st.status in ("ecartee", "neutralisee") and st.norm not in on_path and st.norm in network
    )


def _date_key(attrs: Mapping[str, Any]) -> str:
    """A decision's ISO date for sorting; "9999" puts an undated decision last."""
    values = attrs.get("dcterms:date") or ()
    return str(values[0] if values and values[0] else "9999")
