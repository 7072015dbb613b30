"""The engine: from a dated situation to a justified verdict (the contract's six steps).

1. Active norms: a norm is active on the date when every article it rests on has a grounding
   version in force (asked of ``graph.versions``, never recomputed here).
2. Bound: an active binding matches the actor (narrower actors included), missions, employer.
3. Each norm in scope is evaluated: it applies, is rejected on a named condition, or is unknown
   for want of a named fact (consent, employer, whether the actor is bound).
4. An applying norm is neutralised by an applying, not neutralised norm derogating from it.
5. The surviving norms are combined into a verdict (conflicts named, never resolved silently).
6. Unknown facts: the verdict is computed with unknown conditions failing, then holding; when the
   two differ the answer is ``indetermine`` and names the facts.

Steps 1-3 are here; steps 4-6 are in ``graph.verdict``; ``graph.trace`` puts what they found
into French sentences. Everything the answer says comes from the data: labels, definitions,
markers, dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from graph.answer import ASSUMED, FACT_BOUND, FACT_CONSENT, FACT_EMPLOYER, Answer, VersionCited
from graph.rulebook import GroundingVersion, Norm, Rulebook, rulebook_for
from graph.situation import Situation
from graph.trace import write_answer
from graph.verdict import Outcome, combine
from graph.versions import VersionInForce, version_in_force

if TYPE_CHECKING:
    from graph.load import KnowledgeBase


@dataclass(frozen=True)
class Evaluation:
    """What step 3 says of one norm: ``applies`` True, False or None (unknown)."""

    norm: Norm
    active: bool
    applies: bool | None
    condition: str | None  # failed condition, missing fact or date problem
    missing: tuple[str, ...] = ()
    near_miss: bool = False  # an exception that would apply but for the recipient
    before_sources: tuple[Gap, ...] = ()  # articles whose earlier text we lack on the date


@dataclass(frozen=True)
class Gap:
    """An article whose text on the date is unknown: it existed before our first version."""

    article: str  # article node id
    notation: str  # "CP 226-14"
    known_from: date  # ``sg:historyKnownFrom``

    @property
    def fact(self) -> str:
        """The missing fact, in French, as the answer names it."""
        return history_fact(self.notation, self.known_from)


def history_fact(notation: str, known_from: date) -> str:
    """« le texte en vigueur avant le 1998-06-18 (CP 226-14), que nos sources ne transcrivent
    pas »: what the answer lacks for a date before an article's known history."""
    return (
        f"le texte en vigueur avant le {known_from.isoformat()} ({notation}), "
        "que nos sources ne transcrivent pas"
    )


@dataclass(frozen=True)
class Findings:
    """What steps 1-6 found about one situation, before any sentence is written.

    ``graph.trace`` turns it into an :class:`Answer`. Keeping the two apart lets the legal
    logic be read without the French, and the French without the logic.
    """

    kb: KnowledgeBase
    book: Rulebook
    situation: Situation
    bindings: tuple[Evaluation, ...]  # the bindings that reach the actor (step 2)
    bound: bool | None
    evaluations: tuple[Evaluation, ...]  # the norms in the trace (step 3)
    failing: Outcome  # steps 4-5 with the unknown conditions failing
    holding: Outcome  # the same with them holding
    cited: Mapping[str, tuple[VersionCited, ...]]  # norm id → the versions it cites on the date
    in_force: Mapping[str, VersionInForce | None]  # each article looked up → version of the day


def ask(kb: KnowledgeBase, situation: Situation) -> Answer:
    """Answer ``situation`` from the norms of ``kb``; the answer carries its justification."""
    return write_answer(_Question(kb, rulebook_for(kb), situation).findings())


class _Question:
    """One question being answered: the situation, its date's versions and the evaluations."""

    def __init__(self, kb: KnowledgeBase, book: Rulebook, situation: Situation) -> None:
        self.kb = kb
        self.book = book
        self.s = situation
        self._in_force: dict[str, VersionInForce | None] = {}
        self._known_from: dict[str, date | None] = {}

    def findings(self) -> Findings:
        """Steps 2-6: bindings, evaluations, and the two passes over the unknown facts."""
        bindings = self.bindings()
        bound = _bound(bindings)
        if bound:  # bound anyway: dates, and texts older than our sources, do not matter
            bindings = [b for b in bindings if b.active and not b.before_sources]
        candidates = self.book.candidates(self.s.act)
        evaluated = [e for n in candidates if (e := self.evaluate(n, bound))]
        evaluations = _without_superseded(_relevant(evaluated))
        tried = [e.norm for e in (*bindings, *evaluations)]
        return Findings(
            kb=self.kb,
            book=self.book,
            situation=self.s,
            bindings=tuple(bindings),
            bound=bound,
            evaluations=tuple(evaluations),
            failing=combine(self.book, evaluations, bound, assume=False),
            holding=combine(self.book, evaluations, bound, assume=True),
            cited={norm.id: self.cited(norm) for norm in tried},
            in_force=dict(self._in_force),
        )

    # --- step 1: dates ---------------------------------------------------------------------
    def in_force(self, article: str) -> VersionInForce | None:
        """The version of ``article`` in force on the situation's date (memoised)."""
        if article not in self._in_force:
            self._in_force[article] = version_in_force(self.kb, article, self.s.date)
        return self._in_force[article]

    def known_from(self, article: str) -> date | None:
        """``sg:historyKnownFrom`` of ``article``: before it, an earlier text we lack existed."""
        if article not in self._known_from:
            values = self.kb.network.nodes[article].get("sg:historyKnownFrom") or ()
            self._known_from[article] = values[0] if values else None
        return self._known_from[article]

    def inactive_reason(self, norm: Norm) -> str | None:
        """None when active (or unknown: see ``gaps``); else why not, in French (« pas encore en
        vigueur le … »).

        A grounding article whose date falls before its known history is not a reason: what
        the law said then is unknown, not absent.
        """
        for grounding in norm.groundings:
            current = self.in_force(grounding.article)
            versions = {g.version for g in grounding.versions}
            if current is not None and current.version in versions:
                continue
            if self.gap(grounding.article, grounding.notation) is not None:
                continue
            return _date_problem(grounding.versions, self.s.date)
        return None if norm.groundings else "elle ne repose sur aucune version datée"

    def gap(self, article: str, notation: str) -> Gap | None:
        """The article's gap when the date falls before its known history, else None."""
        known_from = self.known_from(article)
        if known_from is None or self.s.date >= known_from:
            return None
        return Gap(article, notation, known_from)

    def gaps(self, norm: Norm) -> tuple[Gap, ...]:
        """The grounding articles of ``norm`` whose text on the date our sources lack."""
        found = (self.gap(g.article, g.notation) for g in norm.groundings)
        return tuple(g for g in found if g is not None)

    def cited(self, norm: Norm) -> tuple[VersionCited, ...]:
        """The grounding versions in force on the date; for an inactive norm, the version
        nearest to the date in each article (the next one, or else the last one)."""
        active = self.inactive_reason(norm) is None and not self.gaps(norm)
        result = []
        for grounding in norm.groundings:
            current = self.in_force(grounding.article)
            if active:
                chosen = {current.version} if current else set()
            else:
                chosen = {_nearest(grounding.versions, self.s.date)}
            result += [
                VersionCited(g.version, g.node, g.notation, grounding.notation, g.start, g.end)
                for g in grounding.versions
                if g.version in chosen
            ]
        return tuple(result)

    # --- steps 2-3: scope and conditions ----------------------------------------------------
    def scope(self, norm: Norm) -> tuple[bool | None, tuple[str, ...]]:
        """In scope (True), out (False) or unknown for want of the named facts (None)."""
        s = self.s
        checks = [
            norm.addressees is None or s.actor in norm.addressees,
            norm.missions is None or bool(s.missions & norm.missions),
            norm.acts is None or s.act in norm.acts,
            norm.recipients is None or s.recipient in norm.recipients,
            norm.frameworks is None or s.framework in norm.frameworks,
        ]
        if not all(checks):
            return False, ()
        missing: list[str] = []
        if norm.employers is not None:
            if s.employer is None:
                missing.append(FACT_EMPLOYER)
            elif s.employer not in norm.employers:
                return False, ()
        return (None, tuple(missing)) if missing else (True, ())

    def conditions(self, norm: Norm, bound: bool | None) -> tuple[bool | None, str | None]:
        """Check circumstances, consent and ``addresseeBound``; name every condition that fails.

        All failures are named, not the first one: « pas de sévices » alone would hide from a
        trainer that the victim's consent was missing too.
        """
        failures = self.failed_conditions(norm, bound)
        if failures:
            return False, " ; ".join(failures)
        missing = []
        if norm.requires_consent and self.s.consent is None:
            missing.append(FACT_CONSENT)
        if norm.addressee_bound and bound is None:
            missing.append(FACT_BOUND)
        return (None, "; ".join(missing)) if missing else (True, None)

    def failed_conditions(self, norm: Norm, bound: bool | None) -> list[str]:
        """The conditions of ``norm`` the situation does not meet, in French, in text order."""
        label = self.circumstance_label
        circumstances = self.s.circumstances
        failures = [
            f"la circonstance « {label(needed)} » n'est pas établie"
            for needed in sorted(norm.requires - circumstances)
        ]
        for options in norm.requires_one_of:
            if not options & circumstances:
                names = ", ".join(f"« {label(o)} »" for o in sorted(options))
                failures.append(f"aucune des circonstances {names} n'est établie")
        failures += [
            f"la circonstance « {label(excluded)} » l'exclut"
            for excluded in sorted(norm.excludes & circumstances)
        ]
        if norm.addressee_bound and bound is False:
            failures.append(
                "elle ne vise que les personnes tenues au secret, et l'acteur ne l'est pas"
            )
        if norm.requires_consent and self.s.consent is False:
            failures.append("la personne concernée n'a pas donné son accord")
        return failures

    def circumstance_label(self, notation: str) -> str:
        """The French label of a circumstance, for the sentences naming a failed condition."""
        return self.book.vocabulary.label("circumstance", notation)

    def evaluate(self, norm: Norm, bound: bool | None) -> Evaluation | None:
        """Step 3 for one norm; None when it is out of scope (it stays out of the trace)."""
        in_scope, missing = self.scope(norm)
        if in_scope is False:
            return self.base_rule_out_of_scope(norm, bound) or self.near_miss(norm, bound)
        holds, condition = self.conditions(norm, bound)
        missing = missing + ((condition,) if holds is None and condition else ())
        reason = self.inactive_reason(norm)
        if reason is not None:
            return None if holds is False else Evaluation(norm, False, None, reason)
        gaps = self.gaps(norm)
        if gaps:  # before our sources: the norm may have existed under an earlier text
            if holds is False:  # as for an inactive norm: its known wordings miss the facts
                return None
            facts = tuple(dict.fromkeys([g.fact for g in gaps] + list(_facts(missing))))
            return Evaluation(norm, True, None, "; ".join(facts), facts, before_sources=gaps)
        if holds is False:
            return Evaluation(norm, True, False, condition)
        applies = None if (in_scope is None or holds is None) else True
        text = "; ".join(missing) if applies is None else None
        return Evaluation(norm, True, applies, text, _facts(missing))

    def base_rule_out_of_scope(self, norm: Norm, bound: bool | None) -> Evaluation | None:
        """The base rule stays in the trace of a bound actor even when it does not reach the act.

        « CP 226-13 ne s'applique pas : le destinataire « personne concernée » n'est pas visé »
        is the justification of the answer, so it is said (and cited) rather than left out.
        """
        is_base = norm.effect == "interdit" and norm.addressee_bound and not norm.derogates_from
        if not (bound and is_base and self.inactive_reason(norm) is None):
            return None
        return Evaluation(norm, True, False, self.scope_failure(norm))

    def near_miss(self, norm: Norm, bound: bool | None) -> Evaluation | None:
        """An exception that reaches everything but the actor or the recipient is said rejected.

        « CASF L121-6-2 ne s'applique pas : le destinataire « bailleur » n'est pas visé », or
        « CPP 56-3 … ne vise pas l'acteur « assistant de service social » » (why a doctor may
        refuse a requisition and she may not) answer the question a trainer is asked. Kept only
        when its target rule is in play (``_relevant``) and its own conditions and dates hold.
        """
        if not norm.derogates_from:
            return None
        widened = (
            replace(norm, addressees=None) if norm.addressees is not None else None,
            replace(norm, recipients=None) if norm.recipients is not None else None,
        )
        for wider in widened:
            if wider is None or self.scope(wider)[0] is False:
                continue
            if self.conditions(norm, bound)[0] is False or self.inactive_reason(norm) is not None:
                return None
            return Evaluation(norm, True, False, self.scope_failure(norm), near_miss=True)
        return None

    def scope_failure(self, norm: Norm) -> str:
        """The first scope facet the situation misses, in French with the concept's label."""
        s, label = self.s, self.book.vocabulary.label
        if norm.addressees is not None and s.actor not in norm.addressees:
            return f"elle ne vise pas l'acteur « {label('actor', s.actor)} »"
        if norm.missions is not None and not s.missions & norm.missions:
            return "elle ne vise pas les missions exercées"
        if norm.acts is not None and s.act not in norm.acts:
            return f"l'acte « {label('act', s.act)} » n'est pas visé"
        if norm.recipients is not None and s.recipient not in norm.recipients:
            return f"le destinataire « {label('recipient', s.recipient)} » n'est pas visé"
        if norm.frameworks is not None and s.framework not in norm.frameworks:
            return f"le cadre « {label('framework', s.framework)} » n'est pas visé"
        return f"l'employeur « {label('employer', s.employer or '?')} » n'est pas visé"

    def bindings(self) -> list[Evaluation]:
        """Step 2: every binding that reaches the actor (active, unknown or not in force)."""
        found = []
        for binding in self.book.bindings:
            evaluation = self.evaluate(binding, bound=True)
            if evaluation is not None and evaluation.applies is not False:
                found.append(evaluation)
        return found


def _relevant(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Drop the permissions that only lift rules outside the question.

    A faculté derogating from CP 226-13 says nothing to someone 226-13 does not address: left
    in, it would read « CP 226-14 s'applique » to a neighbour who was never bound. Obligations
    and open points stay, since they bind whoever they reach.
    """
    kept = evaluations
    while True:
        live = {e.norm.id for e in kept if e.active and e.applies is not False}
        pruned = [
            e
            for e in kept
            if not (
                (e.near_miss or e.norm.effect == "faculte")
                and e.norm.derogates_from
                and not e.norm.derogates_from & live
            )
        ]
        if len(pruned) == len(kept):
            return kept
        kept = pruned


def _without_superseded(evaluations: list[Evaluation]) -> list[Evaluation]:
    """Drop the other wordings of a rule that reaches the situation in its wording of the day.

    The data has one norm per wording period (CPP 60-1 2004, 2007, 2014). When today's wording
    applies, the others only lengthen the trace; when it is rejected, an inactive wording that
    would have applied is kept: it is how a change of date shows.
    """

    def sibling(a: Norm, b: Norm) -> bool:
        return (
            a.effect == b.effect
            and a.derogates_from == b.derogates_from
            and bool(set(a.provisions) & set(b.provisions))
        )

    standing = [e.norm for e in evaluations if e.active and e.applies is not False]
    return [e for e in evaluations if e.active or not any(sibling(e.norm, n) for n in standing)]


def _nearest(versions: Sequence[GroundingVersion], on: date) -> str:
    """The version a reader should see for an inactive norm: the first to come, else the last."""
    dated = [(v.start, v) for v in versions if v.start is not None]
    later = [(start, v) for start, v in dated if start > on]
    if later:
        return min(later, key=lambda pair: pair[0])[1].version
    return max(dated, key=lambda pair: pair[0])[1].version if dated else versions[0].version


def _facts(missing: Iterable[str]) -> tuple[str, ...]:
    """Split the "; "-joined missing facts back into facts, known ones only."""
    facts: list[str] = []
    for text in missing:
        facts.extend(part for part in text.split("; ") if part in ASSUMED)
    return tuple(dict.fromkeys(facts))


def _bound(bindings: Sequence[Evaluation]) -> bool | None:
    """Bound if an active binding applies; unknown if one might; not bound otherwise."""
    active = [b for b in bindings if b.active]
    if any(b.applies for b in active):
        return True
    return None if any(b.applies is None for b in active) else False


def _date_problem(versions: Sequence[GroundingVersion], on: date) -> str:
    """Why none of a norm's grounding versions of one article is in force on ``on``."""
    starts = [v.start for v in versions if v.start is not None]
    ends = [v.end for v in versions if v.end is not None]
    shown = versions[0].notation if versions else "?"
    if starts and all(s > on for s in starts):
        first = min(starts)
        return (
            f"pas encore en vigueur le {on.isoformat()} "
            f"({shown} s'applique à partir du {first.isoformat()})"
        )
    if ends and len(ends) == len(versions) and all(e < on for e in ends):
        return (
            f"plus en vigueur le {on.isoformat()} "
            f"({shown} s'est appliqué jusqu'au {max(ends).isoformat()})"
        )
    return (
        f"la version de {shown} dont elle est tirée n'est pas celle en vigueur le {on.isoformat()}"
    )
