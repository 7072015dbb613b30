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

Everything the answer says comes from the data: labels, definitions, markers, dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from graph.answer import VERDICT_LABELS, Answer, Conflict, Step, VersionCited
from graph.rulebook import PERMISSIVE, Norm, Rulebook, rulebook_for
from graph.situation import Situation
from graph.versions import VersionInForce, freshness_warning, legifrance_url, version_in_force

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

FACT_CONSENT = "l'accord de la personne concernée"
FACT_EMPLOYER = "l'employeur de l'acteur (public, privé, libéral, bénévole)"
FACT_BOUND = "si l'acteur est tenu au secret (cela dépend de son employeur)"
ASSUMED = {
    FACT_CONSENT: "accord de la personne inconnu : traité comme absent",
    FACT_EMPLOYER: "employeur inconnu : les règles propres à un employeur sont tenues pour "
    "non remplies",
    FACT_BOUND: "on ne sait pas si l'acteur est tenu au secret : traité comme non tenu",
}
ROLE_RANK = {
    "binding": 0,
    "base": 1,
    "exception": 2,
    "exception-to-exception": 3,
    "duty": 4,
    "other": 5,
}
STATUS_GROUP = {"applique": 0, "neutralisee": 0, "inconnue": 0, "ecartee": 1, "inactive": 2}
STATUS_RANK = {"applique": 0, "neutralisee": 1, "inconnue": 2, "ecartee": 3, "inactive": 4}


@dataclass(frozen=True)
class Evaluation:
    """What step 3 says of one norm: ``applies`` True, False or None (unknown)."""

    norm: Norm
    active: bool
    applies: bool | None
    condition: str | None  # failed condition, missing fact or date problem
    missing: tuple[str, ...] = ()
    near_miss: bool = False  # an exception that would apply but for the recipient


@dataclass(frozen=True)
class Outcome:
    """One pass of steps 4-5 under one assumption about the unknown facts."""

    verdict: str
    applying: frozenset[str]
    defeated: Mapping[str, tuple[str, ...]]  # norm id → ids of norms that neutralise it
    decisive: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]


def ask(kb: KnowledgeBase, situation: Situation) -> Answer:
    """Answer ``situation`` from the norms of ``kb``; the answer carries its justification."""
    return _Question(kb, rulebook_for(kb), situation).answer()


class _Question:
    """One question being answered: the situation, its date's versions and the evaluations."""

    def __init__(self, kb: KnowledgeBase, book: Rulebook, situation: Situation) -> None:
        self.kb = kb
        self.book = book
        self.s = situation
        self._in_force: dict[str, VersionInForce | None] = {}

    # --- step 1: dates ---------------------------------------------------------------------
    def in_force(self, article: str) -> VersionInForce | None:
        """The version of ``article`` in force on the situation's date (memoised)."""
        if article not in self._in_force:
            self._in_force[article] = version_in_force(self.kb, article, self.s.date)
        return self._in_force[article]

    def inactive_reason(self, norm: Norm) -> str | None:
        """None when active; else why not, in French (« pas encore en vigueur le … »)."""
        for grounding in norm.groundings:
            current = self.in_force(grounding.article)
            versions = {g.version for g in grounding.versions}
            if current is not None and current.version in versions:
                continue
            return _date_problem(grounding.versions, self.s.date)
        return None if norm.groundings else "elle ne repose sur aucune version datée"

    def cited(self, norm: Norm) -> tuple[VersionCited, ...]:
        """The grounding versions in force on the date; for an inactive norm, the version
        nearest to the date in each article (the next one, or else the last one)."""
        active = self.inactive_reason(norm) is None
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
        """An exception that reaches everything but the recipient is said to be rejected.

        « CASF L121-6-2 ne s'applique pas : le destinataire « bailleur » n'est pas visé » answers
        the question a trainer is asked; it is kept only when its target rule is in play
        (``_relevant``) and its own conditions and dates hold.
        """
        if not norm.derogates_from or norm.recipients is None:
            return None
        if self.scope(replace(norm, recipients=None))[0] is False:
            return None
        if self.conditions(norm, bound)[0] is False or self.inactive_reason(norm) is not None:
            return None
        return Evaluation(norm, True, False, self.scope_failure(norm), near_miss=True)

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

    # --- the answer ---------------------------------------------------------------------------
    def answer(self) -> Answer:
        bindings = self.bindings()
        bound = _bound(bindings)
        if bound:
            bindings = [b for b in bindings if b.active]  # bound anyway: dates do not matter
        evaluations = _without_superseded(
            _relevant(
                [e for n in self.book.candidates(self.s.act) if (e := self.evaluate(n, bound))]
            )
        )
        failing = combine(self.book, evaluations, bindings, assume=False)
        holding = combine(self.book, evaluations, bindings, assume=True)
        return _Writer(self, bindings, bound, evaluations, failing, holding).answer()


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


def _nearest(versions: Sequence, on: date) -> str:
    """The version a reader should see for an inactive norm: the first to come, else the last."""
    later = [v for v in versions if v.start is not None and v.start > on]
    if later:
        return min(later, key=lambda v: v.start).version
    dated = [v for v in versions if v.start is not None]
    return max(dated, key=lambda v: v.start).version if dated else versions[0].version


def _facts(missing: Iterable[str]) -> tuple[str, ...]:
    """Split the "; "-joined missing facts back into facts, known ones only."""
    facts = []
    for text in missing:
        facts.extend(part for part in text.split("; ") if part in ASSUMED)
    return tuple(dict.fromkeys(facts))


def _bound(bindings: Sequence[Evaluation]) -> bool | None:
    """Bound if an active binding applies; unknown if one might; not bound otherwise."""
    active = [b for b in bindings if b.active]
    if any(b.applies for b in active):
        return True
    return None if any(b.applies is None for b in active) else False


def _date_problem(versions: Sequence, on: date) -> str:
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


# --- steps 4-6 -----------------------------------------------------------------------------
def combine(
    book: Rulebook,
    evaluations: Sequence[Evaluation],
    bindings: Sequence[Evaluation],
    *,
    assume: bool,
) -> Outcome:
    """Steps 4 and 5 with every unknown condition resolved to ``assume``."""
    bound = _bound(bindings)
    bound = assume if bound is None else bound
    applying = {
        e.norm.id: e.norm
        for e in evaluations
        if e.active
        and (e.applies or (e.applies is None and assume))
        and not (e.norm.addressee_bound and not bound)
    }
    defeated = _defeats(book, applying)
    standing = [n for n in applying.values() if n.id not in defeated]
    verdict, decisive, conflicts = _verdict(standing)
    return Outcome(verdict, frozenset(applying), defeated, decisive, conflicts)


def _defeats(book: Rulebook, applying: Mapping[str, Norm]) -> dict[str, tuple[str, ...]]:
    """Step 4: which applying norms are neutralised, and by which (recursive, memoised)."""
    memo: dict[str, tuple[str, ...]] = {}

    def defeaters(norm_id: str) -> tuple[str, ...]:
        if norm_id not in memo:
            memo[norm_id] = tuple(
                d for d in book.derogators.get(norm_id, ()) if d in applying and not defeaters(d)
            )
        return memo[norm_id]

    return {n: found for n in applying if (found := defeaters(n))}


def _verdict(standing: Sequence[Norm]) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Step 5: the verdict, the norms that decide it, and the unordered clashes."""
    beaten = {t for n in standing for t in n.prevails_over}
    norms = [n for n in standing if n.id not in beaten]
    by_effect: dict[str, list[str]] = {}
    for norm in norms:
        by_effect.setdefault(norm.effect or "", []).append(norm.id)
    bans = by_effect.get("interdit", [])
    allows = [n.id for n in norms if n.effect in PERMISSIVE]
    if bans and allows:
        return "conflit", tuple(bans + allows), tuple((b, a) for b in bans for a in allows)
    for effect in ("obligation", "appreciation", "interdit", "faculte"):
        if by_effect.get(effect):
            return effect, tuple(by_effect[effect]), ()
    return "faculte", (), ()


class _Writer:
    """Turns the evaluations and the two passes into an :class:`Answer` with French text."""

    def __init__(
        self,
        question: _Question,
        bindings: Sequence[Evaluation],
        bound: bool | None,
        evaluations: Sequence[Evaluation],
        failing: Outcome,
        holding: Outcome,
    ) -> None:
        self.q = question
        self.book = question.book
        self.s = question.s
        self.binding_evals = bindings
        self.bound = bound
        self.evaluations = evaluations
        self.failing = failing
        self.holding = holding
        self.outcome = failing
        self.vocab = question.book.vocabulary

    def answer(self) -> Answer:
        steps = self.binding_steps() + self.norm_steps()
        verdict = self.verdict()
        provisions = self.provisions(steps)
        versions = _unique(v for st in steps if st.status != "inactive" for v in st.versions)
        obligations = [self.book.norms[n] for n in self.outcome.decisive if verdict == "obligation"]
        return Answer(
            verdict=verdict,
            reason=self.reason(verdict),
            steps=tuple(steps),
            provisions=provisions,
            versions=versions,
            facts_assumed=self.facts_assumed() if verdict != "indetermine" else (),
            missing_facts=self.missing_facts() if verdict == "indetermine" else (),
            open_points=self.open_points(),
            conflicts=self.conflicts(),
            backing=next((n.backing for n in obligations if n.backing), None),
            escape=next((n.escape for n in obligations if n.escape), None),
            freshness=self.freshness(provisions),
            decisions=self.decisions(),
            path=self.path(),
            rejected=self.rejected(steps),
            bound=self.bound,
            backing_label=self.backing_label(obligations),
            links=self.links(provisions),
            titles=self.titles(),
        )

    def backing_label(self, obligations: Sequence[Norm]) -> str | None:
        backing = next((n.backing for n in obligations if n.backing), None)
        return self.vocab.label("backing", backing) if backing else None

    def links(self, provisions: Sequence[str]) -> tuple[tuple[str, str], ...]:
        by_notation = {n: a for a, n in self.book.article_notation.items()}
        return tuple(
            (p, legifrance_url(self.q.kb, by_notation[p])) for p in provisions if p in by_notation
        )

    def titles(self) -> tuple[tuple[str, str], ...]:
        nodes = [*self.open_points(), *self.decisions()]
        return tuple((n, self.label(n)) for n in dict.fromkeys(nodes))

    # --- verdict and reason ---------------------------------------------------------------
    def verdict(self) -> str:
        if self.failing.verdict != self.holding.verdict:
            return "indetermine"
        return self.failing.verdict

    def label(self, norm_id: str) -> str:
        return self.book.labels.get(norm_id, norm_id)

    def cite(self, norm: Norm) -> str:
        """« CP 226-14 1° (version du 2016-03-16) » for every version the norm rests on."""
        versions = self.q.cited(norm)
        return _cite_versions(versions) or ", ".join(norm.provisions) or norm.label

    def short(self, norm_id: str) -> str:
        norm = self.book.norms[norm_id]
        provisions = ", ".join(norm.provisions)
        return f"« {norm.label} » ({provisions})" if provisions else f"« {norm.label} »"

    def reason(self, verdict: str) -> str:
        actor = _uncapital(self.vocab.label("actor", self.s.actor))
        decisive = [self.short(n) for n in self.outcome.decisive]
        act = _uncapital(self.vocab.label("act", self.s.act))
        recipient = _uncapital(self.vocab.label("recipient", self.s.recipient))
        if verdict == "indetermine":
            return self.indetermine_reason()
        if verdict == "conflit":
            pairs = "; ".join(
                f"{self.short(a)} contre {self.short(b)}" for a, b in self.outcome.conflicts
            )
            return f"Deux règles s'opposent sans que les textes les départagent : {pairs}."
        if verdict == "obligation":
            secret = " ; le secret ne peut y faire obstacle" if self.bound else ""
            return f"{_and(decisive)} impose l'acte ({act} → {recipient}){secret}."

        if verdict == "appreciation":
            return (
                f"La réponse dépend d'un point que les textes laissent ouvert et que le juge "
                f"apprécie au cas par cas : {_and(decisive)}."
            )
        if verdict == "interdit":
            return (
                f"L'acteur ({actor}) est tenu au secret et aucune exception ne s'applique : "
                f"révéler est interdit ({_and(decisive)})."
            )
        if decisive:
            return f"{_and(decisive)} permet l'acte ({act} → {recipient}) sans l'imposer."
        if self.bound:
            return (
                f"Aucun texte n'interdit ni n'impose l'acte ({act} → {recipient}) : il est permis."
            )
        return (
            f"Non tenu au secret et aucune obligation : l'acteur ({actor}) peut agir "
            f"({act} → {recipient}) sans y être tenu."
        )

    def indetermine_reason(self) -> str:
        facts = self.missing_facts()
        if not facts:
            return "Aucune règle de la base ne répond à cette situation : la réponse est inconnue."
        return (
            f"La réponse dépend d'un fait inconnu ({_and(facts)}) : s'il est établi, "
            f"{_uncapital(VERDICT_LABELS[self.holding.verdict])} ; sinon, "
            f"{_uncapital(VERDICT_LABELS[self.failing.verdict])}."
        )

    def missing_facts(self) -> tuple[str, ...]:
        facts = [f for e in (*self.binding_evals, *self.evaluations) for f in e.missing]
        if self.failing.verdict == self.holding.verdict == "indetermine":
            return ()
        return tuple(dict.fromkeys(facts))

    def facts_assumed(self) -> tuple[str, ...]:
        facts = [f for e in (*self.binding_evals, *self.evaluations) for f in e.missing]
        return tuple(ASSUMED[f] for f in dict.fromkeys(facts))

    # --- steps ----------------------------------------------------------------------------
    def binding_steps(self) -> list[Step]:
        steps = [self.binding_step(e) for e in self.binding_evals]
        if not any(e.active and e.applies is not False for e in self.binding_evals):
            actor = self.vocab.term("actor", self.s.actor)
            label = actor.label if actor else self.s.actor
            sentence = (
                f"L'acteur ({label}) n'est tenu au secret par aucun texte en vigueur "
                f"le {self.s.date.isoformat()}."
            )
            steps.append(
                Step(
                    actor.iri if actor else self.s.actor,
                    label,
                    "binding",
                    "binding",
                    "ecartee",
                    None,
                    (),
                    (),
                    "aucun texte ne le lie au secret",
                    (),
                    sentence,
                )
            )
        return steps

    def binding_step(self, e: Evaluation) -> Step:
        norm = e.norm
        status = "inactive" if not e.active else ("applique" if e.applies else "inconnue")
        cite = self.cite(norm)
        if status == "applique":
            mode = _uncapital(self.vocab.label("binding-mode", norm.binding_mode or ""))
            how = f" ({mode})" if norm.binding_mode else ""
            sentence = f"Tenu au secret{how} : {norm.label} — {cite}."
        elif status == "inconnue":
            sentence = (
                f"{cite} ({norm.label}) : on ne sait pas s'il lie l'acteur, "
                f"faute de connaître {e.condition}."
            )
        else:
            sentence = f"{cite} ({norm.label}) ne lie pas l'acteur à cette date : {e.condition}."
        return Step(
            norm.id,
            norm.label,
            "binding",
            "binding",
            status,
            None,
            norm.provisions,
            self.q.cited(norm),
            e.condition,
            (),
            sentence,
        )

    def norm_steps(self) -> list[Step]:
        steps = [self.norm_step(e) for e in self.evaluations]
        return sorted(steps, key=self.step_key)

    def step_key(self, step: Step) -> tuple:
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
        present = self.q.s.circumstances
        met = len(norm.requires & present) + sum(1 for o in norm.requires_one_of if o & present)
        met += int(norm.requires_consent and self.q.s.consent is True)
        misses = step.condition.count(" ; ") + 1 if step.condition else 0
        return (-met, misses)

    def role(self, norm: Norm) -> str:
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

    def norm_step(self, e: Evaluation) -> Step:
        norm = e.norm
        status = self.status(e)
        defeated_by = self.outcome.defeated.get(norm.id, ()) if status == "neutralisee" else ()
        sentence = self.sentence(norm, status, e.condition, defeated_by)
        return Step(
            norm.id,
            norm.label,
            norm.kind,
            self.role(norm),
            status,
            norm.effect,
            norm.provisions,
            self.q.cited(norm),
            e.condition,
            defeated_by,
            sentence,
        )

    def sentence(
        self, norm: Norm, status: str, condition: str | None, defeated_by: Sequence[str]
    ) -> str:
        cite = self.cite(norm)
        if status == "applique":
            what = norm.definition or norm.label
            return f"{cite} ({norm.label}) s'applique : {_uncapital(what)}"
        if status == "neutralisee":
            by = _and(
                [f"{self.cite(self.book.norms[d])} (« {self.label(d)} »)" for d in defeated_by]
            )
            markers = [self.book.norms[d].marker for d in defeated_by if self.book.norms[d].marker]
            said = f" (« {markers[0]} »)" if markers else ""
            return f"{cite} ({norm.label}) s'appliquerait, mais {by} l'écarte{said}."
        if status == "inconnue":
            return (
                f"{cite} ({norm.label}) : on ne sait pas si elle s'applique, faute de "
                f"connaître {condition}."
            )
        if status == "inactive":
            return f"{cite} ({norm.label}) : {condition}."
        return f"{cite} ({norm.label}) ne s'applique pas : {condition}."

    # --- what the answer cites ---------------------------------------------------------------
    def provisions(self, steps: Sequence[Step]) -> tuple[str, ...]:
        """Binding texts, base rule, decisive norms, the other norms tried, then those not yet
        (or no longer) in force that would have reached the situation."""
        binding = [
            p
            for st in steps
            if st.kind == "binding" and st.status == "applique"
            for p in st.provisions
        ]
        base = [
            p
            for st in steps
            if st.role == "base" and st.status != "inactive"
            for p in st.provisions
        ]
        decisive = [p for n in self.outcome.decisive for p in self.book.norms[n].provisions]
        others = [
            p
            for st in steps
            if st.kind != "binding" and st.status != "inactive"
            for p in st.provisions
        ]
        inactive = [
            p
            for st in steps
            if st.kind != "binding" and st.status == "inactive"
            for p in st.provisions
        ]
        return tuple(dict.fromkeys(binding + base + decisive + others + inactive))

    def open_points(self) -> tuple[str, ...]:
        return tuple(
            n for n in sorted(self.outcome.applying) if self.book.norms[n].kind == "contested"
        )

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

    def freshness(self, provisions: Sequence[str]) -> tuple[str, ...]:
        warnings = []
        for article, current in self.q._in_force.items():
            notation = self.book.article_notation.get(article, article)
            if current is None or not current.beyond_horizon or notation not in provisions:
                continue
            warnings.append(
                freshness_warning(
                    notation, current.horizon, self.s.date, legifrance_url(self.q.kb, article)
                )
            )
        return tuple(sorted(warnings))

    def decisions(self) -> tuple[str, ...]:
        """Decisions on the articles of the decisive norms, and those supporting or opposing
        the open points and bindings reached, oldest first: the case law to quote here."""
        cited = {p for n in self.outcome.decisive for p in self.book.norms[n].provisions}
        found = [
            d
            for article, notation in self.book.article_notation.items()
            if notation in cited
            for d in self.book.article_decisions.get(article, ())
        ]
        deciding = [self.book.norms[p] for p in self.open_points()]
        deciding += [e.norm for e in self.binding_evals if e.active and e.applies]
        for norm in deciding:
            found.extend(norm.supported_by + norm.opposed_by)
        network = self.q.kb.network
        kept = {d for d in found if network.nodes.get(d, {}).get("kind") == "decision"}
        return tuple(
            sorted(kept, key=lambda d: (str(_first(network.nodes[d], "dcterms:date") or "9999"), d))
        )

    def path(self) -> tuple[str, ...]:
        """Actor → binding → its version → base norm → … → decisive norm, as node ids."""
        actor = self.vocab.term("actor", self.s.actor)
        nodes = [actor.iri] if actor else []
        for e in self.binding_evals:
            if e.active and e.applies:
                nodes += [e.norm.id, *(v.node for v in self.q.cited(e.norm))]
        for norm in self.chain():
            nodes += [norm.id, *(v.node for v in self.q.cited(norm))]
        network = self.q.kb.network
        return tuple(n for n in dict.fromkeys(nodes) if n in network)

    def chain(self) -> list[Norm]:
        """The decisive norms and every applying norm they derogate from, base first."""
        seen: dict[str, Norm] = {}
        todo = list(self.outcome.decisive)
        while todo:
            norm = self.book.norms[todo.pop()]
            if norm.id in seen:
                continue
            seen[norm.id] = norm
            todo += [t for t in norm.derogates_from if t in self.outcome.applying]
        return sorted(seen.values(), key=lambda n: (self.book.depth.get(n.id, 0), n.id))

    def rejected(self, steps: Sequence[Step]) -> tuple[str, ...]:
        on_path = set(self.path())
        return tuple(
            st.norm
            for st in steps
            if st.status in ("ecartee", "neutralisee")
            and st.norm not in on_path
            and st.norm in self.q.kb.network
        )


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


def _first(attrs: Mapping, key: str) -> object:
    values = attrs.get(key) or ()
    return values[0] if values else None


def _unique(versions: Iterable[VersionCited]) -> tuple[VersionCited, ...]:
    return tuple(dict.fromkeys(versions))


def _and(items: Sequence[str]) -> str:
    """French enumeration: « a », « a et b », « a, b et c »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _uncapital(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text
