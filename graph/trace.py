"""The trace in French: one sentence per norm tried, in reading order, and the verdict's reason.

``graph.reasoning`` finds which norms apply and ``graph.verdict`` what comes of them; this module
only says it. A trainer reads the trace top to bottom, so its order is part of the answer: the
binding of the actor first, then the norms that apply (or are neutralised, or unknown), then the
rejected ones nearest the situation, then those not in force on the date. Each sentence cites the
dated versions it rests on (« CP 226-14 1° (version du 2016-03-16) »).

The trace follows the pass where unknown conditions fail: it is what the answer assumes, and the
``indetermine`` reason names the facts that would change it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from graph import citations
from graph.answer import (
    ASSUMED,
    VERDICT_LABELS,
    Answer,
    Conflict,
    Step,
    VersionCited,
    provisions_not_in,
)
from graph.rulebook import Norm
from graph.verdict import settle
from graph.versions import french_date, legifrance_url

if TYPE_CHECKING:
    from graph.reasoning import Evaluation, Findings

#: Steps that count (applying, neutralised, unknown) come before rejected ones, then inactive.
STATUS_GROUP = {"applique": 0, "neutralisee": 0, "inconnue": 0, "ecartee": 1, "inactive": 2}
STATUS_RANK = {"applique": 0, "neutralisee": 1, "inconnue": 2, "ecartee": 3, "inactive": 4}
#: Within a group, the order of the argument: binding, base rule, exceptions, duties.
ROLE_RANK = {
    "binding": 0,
    "base": 1,
    "exception": 2,
    "exception-to-exception": 3,
    "duty": 4,
    "other": 5,
}


def write_answer(findings: Findings) -> Answer:
    """The :class:`Answer` for ``findings``: verdict, reason, trace and everything cited."""
    return _Writer(findings).answer()


class _Writer:
    """Puts the findings of one question into French: steps, reason, facts, conflicts."""

    def __init__(self, findings: Findings) -> None:
        self.f = findings
        self.book = findings.book
        self.s = findings.situation
        self.outcome = findings.failing
        self.vocab = findings.book.vocabulary

    def answer(self) -> Answer:
        steps = self.binding_steps() + self.norm_steps()
        verdict = settle(self.f.failing, self.f.holding)
        provisions = citations.provisions(self.f, steps)
        warnings = citations.freshness(self.f, provisions) + self.before_sources()
        obligations = [self.book.norms[n] for n in self.outcome.decisive if verdict == "obligation"]
        backing = next((n.backing for n in obligations if n.backing), None)
        return Answer(
            verdict=verdict,
            reason=self.reason(verdict),
            steps=tuple(steps),
            provisions=provisions,
            versions=_unique(v for st in steps if st.status != "inactive" for v in st.versions),
            facts_assumed=self.facts_assumed() if verdict != "indetermine" else (),
            missing_facts=self.missing_facts() if verdict == "indetermine" else (),
            open_points=citations.open_points(self.f),
            conflicts=self.conflicts(),
            backing=backing,
            escape=next((n.escape for n in obligations if n.escape), None),
            freshness=tuple(w for _, w in warnings),
            freshness_about=tuple(about for about, _ in warnings),
            decisions=citations.decisions(self.f),
            path=citations.path(self.f),
            rejected=citations.rejected(self.f, steps),
            bound=self.f.bound,
            backing_label=self.vocab.label("backing", backing) if backing else None,
            links=citations.links(self.f, provisions),
            titles=citations.titles(self.f),
        )

    # --- names ------------------------------------------------------------------------------
    def label(self, norm_id: str) -> str:
        return self.book.labels.get(norm_id, norm_id)

    def named(self, scheme: str, notation: str) -> str:
        """A situation term's label as it reads inside a sentence (« médecin »)."""
        return _uncapital(self.vocab.label(scheme, notation))

    def cite(self, norm: Norm) -> str:
        """« CP 226-14 1° (version du 2016-03-16) » for every version the norm rests on."""
        versions = self.f.cited[norm.id]
        return _cite_versions(versions) or ", ".join(norm.provisions) or norm.label

    def short(self, norm_id: str) -> str:
        """« label » (articles): how the reason and the conflicts name a norm."""
        norm = self.book.norms[norm_id]
        unsaid = provisions_not_in(norm.label, norm.provisions)
        return f"« {norm.label} » ({', '.join(unsaid)})" if unsaid else f"« {norm.label} »"

    # --- the reason under the verdict -------------------------------------------------------
    def reason(self, verdict: str) -> str:
        """One sentence saying why, naming the decisive norms (or the missing facts)."""
        if verdict == "indetermine":
            return self.indetermine_reason()
        if verdict == "conflit":
            pairs = "; ".join(
                f"{self.short(a)} contre {self.short(b)}" for a, b in self.outcome.conflicts
            )
            return f"Deux règles s'opposent sans que les textes les départagent : {pairs}."
        decisive = _and([self.short(n) for n in self.outcome.decisive])
        deed = f"{self.named('act', self.s.act)} → {self.named('recipient', self.s.recipient)}"
        if verdict == "obligation":
            secret = " ; le secret ne peut y faire obstacle" if self.f.bound else ""
            return f"{decisive} impose l'acte ({deed}){secret}."
        if verdict == "appreciation":
            return (
                f"La réponse dépend d'un point que les textes laissent ouvert et que le juge "
                f"apprécie au cas par cas : {decisive}."
            )
        if verdict == "interdit":
            return (
                f"L'acteur ({self.named('actor', self.s.actor)}) est tenu au secret et aucune "
                f"exception ne s'applique : révéler est interdit ({decisive})."
            )
        return self.permission_reason(decisive, deed)

    def permission_reason(self, decisive: str, deed: str) -> str:
        """A faculté: granted by a text, left open to a bound actor, or free to anyone else."""
        if decisive:
            return f"{decisive} permet l'acte ({deed}) sans l'imposer."
        if self.f.bound:
            return f"Aucun texte n'interdit ni n'impose l'acte ({deed}) : il est permis."
        return (
            f"Non tenu au secret et aucune obligation : l'acteur "
            f"({self.named('actor', self.s.actor)}) peut agir ({deed}) sans y être tenu."
        )

    def indetermine_reason(self) -> str:
        """Name the missing facts and the verdict each reading of them would give."""
        facts = self.missing_facts()
        if not facts:
            return "Aucune règle de la base ne répond à cette situation : la réponse est inconnue."
        if any(f not in ASSUMED for f in facts):  # a text before our sources is among them
            return (
                f"La réponse dépend de ce que nos sources ne disent pas ({_and(facts)}) : si la "
                f"règle valait déjà, {_uncapital(VERDICT_LABELS[self.f.holding.verdict])} ; "
                f"sinon, {_uncapital(VERDICT_LABELS[self.f.failing.verdict])}."
            )
        return (
            f"La réponse dépend d'un fait inconnu ({_and(facts)}) : s'il est établi, "
            f"{_uncapital(VERDICT_LABELS[self.f.holding.verdict])} ; sinon, "
            f"{_uncapital(VERDICT_LABELS[self.f.failing.verdict])}."
        )

    def missing_facts(self) -> tuple[str, ...]:
        if self.f.failing.verdict == self.f.holding.verdict == "indetermine":
            return ()
        return tuple(dict.fromkeys(self.facts()))

    def facts_assumed(self) -> tuple[str, ...]:
        return tuple(_assumed(f) for f in dict.fromkeys(self.facts()))

    def before_sources(self) -> tuple[tuple[str, str], ...]:
        """(notation, warning) for each article whose history starts after the date: the
        earlier text existed, our sources do not hold it, and the reader must look it up."""
        gaps = {g for e in (*self.f.bindings, *self.f.evaluations) for g in e.before_sources}
        on = french_date(self.s.date)
        return tuple(
            (
                g.notation,
                f"Antérieur aux sources : le {on} précède le premier texte de {g.notation} "
                f"que nos sources transcrivent ({french_date(g.known_from)}) ; la règle "
                f"existait peut-être sous une autre rédaction ou un autre texte. Vérifiez sur "
                f"Légifrance : {legifrance_url(self.f.kb, g.article)}",
            )
            for g in sorted(gaps, key=lambda g: (g.notation, g.known_from))
        )

    def facts(self) -> list[str]:
        """Every unknown fact met, bindings first, with repeats (callers deduplicate)."""
        return [f for e in (*self.f.bindings, *self.f.evaluations) for f in e.missing]

    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(
            Conflict(
                a,
                b,
                self.label(a),
                self.label(b),
                f"{self.short(a)} interdit ce que {self.short(b)} permet ou impose.",
            )
            for a, b in self.outcome.conflicts
        )

    # --- binding steps ----------------------------------------------------------------------
    def binding_steps(self) -> list[Step]:
        """How the actor is bound to secrecy; a step saying so when no text binds them."""
        steps = [self.binding_step(e) for e in self.f.bindings]
        if not any(e.active and e.applies is not False for e in self.f.bindings):
            steps.append(self.unbound_step())
        return steps

    def unbound_step(self) -> Step:
        actor = self.vocab.term("actor", self.s.actor)
        label = actor.label if actor else self.s.actor
        sentence = (
            f"L'acteur ({label}) n'est tenu au secret par aucun texte en vigueur "
            f"le {self.s.date.isoformat()}."
        )
        return Step(
            norm=actor.iri if actor else self.s.actor,
            label=label,
            kind="binding",
            role="binding",
            status="ecartee",
            effect=None,
            provisions=(),
            versions=(),
            condition="aucun texte ne le lie au secret",
            defeated_by=(),
            sentence=sentence,
        )

    def binding_step(self, e: Evaluation) -> Step:
        norm = e.norm
        status = "inactive" if not e.active else ("applique" if e.applies else "inconnue")
        return Step(
            norm=norm.id,
            label=norm.label,
            kind="binding",
            role="binding",
            status=status,
            effect=None,
            provisions=norm.provisions,
            versions=self.f.cited[norm.id],
            condition=e.condition,
            defeated_by=(),
            sentence=self.binding_sentence(norm, status, e.condition),
        )

    def binding_sentence(self, norm: Norm, status: str, condition: str | None) -> str:
        """« Tenu au secret (par profession) : … », or why the binding may not or does not hold."""
        cite = self.cite(norm)
        if status == "applique":
            mode = self.named("binding-mode", norm.binding_mode or "")
            how = f" ({mode})" if norm.binding_mode else ""
            return f"Tenu au secret{how} : {norm.label} — {cite}."
        if status == "inconnue":
            return (
                f"{cite} ({norm.label}) : on ne sait pas s'il lie l'acteur, "
                f"faute de connaître {condition}."
            )
        return f"{cite} ({norm.label}) ne lie pas l'acteur à cette date : {condition}."

    # --- norm steps -------------------------------------------------------------------------
    def norm_steps(self) -> list[Step]:
        steps = [self.norm_step(e) for e in self.f.evaluations]
        return sorted(steps, key=self.step_key)

    def norm_step(self, e: Evaluation) -> Step:
        norm = e.norm
        status = self.status(e)
        defeated_by = self.outcome.defeated.get(norm.id, ()) if status == "neutralisee" else ()
        return Step(
            norm=norm.id,
            label=norm.label,
            kind=norm.kind,
            role=self.role(norm),
            status=status,
            effect=norm.effect,
            provisions=norm.provisions,
            versions=self.f.cited[norm.id],
            condition=e.condition,
            defeated_by=defeated_by,
            sentence=self.sentence(norm, status, e.condition, defeated_by),
        )

    def step_key(self, step: Step) -> tuple[int | str | tuple[str, ...], ...]:
        """Group by status; among rejections, those nearest the situation come first.

        Nearness is what a trainer reads for: the exception that met two of the facts and
        missed one says more than a duty whose single condition is absent.
        """
        near = self.nearness(step) if step.status == "ecartee" else (0, 0)
        return (
            STATUS_GROUP[step.status],
            *near,
            ROLE_RANK[step.role],
            STATUS_RANK[step.status],
            step.provisions,
            step.label,
        )

    def nearness(self, step: Step) -> tuple[int, int]:
        """(− conditions met, conditions missed) of a rejected step, for sorting."""
        norm = self.book.norms.get(step.norm)
        if norm is None:
            return (0, 0)
        present = self.s.circumstances
        met = len(norm.requires & present) + sum(1 for o in norm.requires_one_of if o & present)
        met += int(norm.requires_consent and self.s.consent is True)
        misses = step.condition.count(" ; ") + 1 if step.condition else 0
        return (-met, misses)

    def role(self, norm: Norm) -> str:
        """The norm's place in the argument, from its derogation depth and effect."""
        depth = self.book.depth.get(norm.id, 0)
        if depth >= 2:
            return "exception-to-exception"
        if depth == 1:
            return "exception"
        if norm.effect == "interdit":
            return "base"
        return "duty" if norm.effect == "obligation" else "other"

    def status(self, e: Evaluation) -> str:
        if not e.active:
            return "inactive"
        if e.applies is False:
            return "ecartee"
        if e.applies is None:
            return "inconnue"
        return "neutralisee" if e.norm.id in self.outcome.defeated else "applique"

    def sentence(
        self, norm: Norm, status: str, condition: str | None, defeated_by: Sequence[str]
    ) -> str:
        """The step's sentence: the citation, the norm's name, and what came of it."""
        cite = self.cite(norm)
        if status == "applique":
            what = norm.definition or norm.label
            return f"{cite} ({norm.label}) s'applique : {_uncapital(what)}"
        if status == "neutralisee":
            return f"{cite} ({norm.label}) {self.neutralised(defeated_by)}"
        if status == "inconnue":
            return (
                f"{cite} ({norm.label}) : on ne sait pas si elle s'applique, faute de "
                f"connaître {condition}."
            )
        if status == "inactive":
            return f"{cite} ({norm.label}) : {condition}."
        return f"{cite} ({norm.label}) ne s'applique pas : {condition}."

    def neutralised(self, defeated_by: Sequence[str]) -> str:
        """« s'appliquerait, mais X l'écarte (« n'est pas applicable ») »: the text's words."""
        defeaters = [self.book.norms[d] for d in defeated_by]
        by = _and([f"{self.cite(d)} (« {self.label(d.id)} »)" for d in defeaters])
        markers = [d.marker for d in defeaters if d.marker]
        said = f" (« {markers[0]} »)" if markers else ""
        # An undercut makes the rule inapplicable; a rebut concludes the opposite (sg:Rebut).
        rebuts = any(d.derogation_mode == "Rebut" for d in defeaters)
        verb = "l'emporte sur elle et conclut en sens contraire" if rebuts else "l'écarte"
        return f"s'appliquerait, mais {by} {verb}{said}."


def _assumed(fact: str) -> str:
    """What the verdict assumed of a missing fact (a text before our sources: not applying)."""
    return ASSUMED.get(fact) or f"{fact} : traité comme ne s'appliquant pas"


def _cite_versions(versions: Sequence[VersionCited]) -> str:
    """« CPP 60-1 al. 1, al. 2 (version du 2004-03-10) »: items of one version cited together."""
    groups: dict[tuple[str, date | None], list[str]] = {}
    for v in versions:
        item = v.notation[len(v.article) :].strip() if v.notation.startswith(v.article) else ""
        groups.setdefault((v.article, v.start), []).append(item)
    parts = []
    for (article, start), items in groups.items():
        shown = ", ".join(i for i in items if i)
        when = f"version du {start.isoformat()}" if start else "version non datée"
        parts.append(f"{article}{' ' + shown if shown else ''} ({when})")
    return " et ".join(parts)


def _unique(versions: Iterable[VersionCited]) -> tuple[VersionCited, ...]:
    return tuple(dict.fromkeys(versions))


def _and(items: Sequence[str]) -> str:
    """French enumeration: « a », « a et b », « a, b et c »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def _uncapital(text: str) -> str:
    """Lower the first letter of a label used mid-sentence, but not of an acronym (« OPJ »)."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
