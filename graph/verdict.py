"""From the norms that apply to a verdict: defeat, combination, and unknown facts (steps 4-6).

Step 3 (``graph.reasoning``) says of each norm whether it applies. What comes of that is decided
here, and only here, so the legal logic of exceptions reads in one place:

4. An applying norm is *neutralised* by an applying norm that derogates from it and is not itself
   neutralised (exceptions to exceptions recurse; cycles are refused at load).
5. The norms left standing are combined. An interdiction standing with an obligation or a
   faculté that does not derogate from it and is not ordered by ``sg:prevailsOver`` is a
   *conflict* naming both, never resolved silently; otherwise the first effect present in
   ``PRECEDENCE`` decides.
6. When a fact is unknown the combination runs twice, with the unknown conditions failing and
   holding; if the two verdicts differ the answer is ``indetermine``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.rulebook import PERMISSIVE, Norm, Rulebook

if TYPE_CHECKING:
    from graph.reasoning import Evaluation

#: The order in which effects decide when no conflict is found: a duty to act outweighs a
#: permission, an open point makes the answer depend on the judge, a faculté is the last word.
PRECEDENCE = ("obligation", "appreciation", "interdit", "faculte")


@dataclass(frozen=True)
class Outcome:
    """One pass of steps 4-5 under one assumption about the unknown facts."""

    verdict: str
    applying: frozenset[str]
    defeated: Mapping[str, tuple[str, ...]]  # norm id → ids of norms that neutralise it
    decisive: tuple[str, ...]
    conflicts: tuple[tuple[str, str], ...]


def combine(
    book: Rulebook,
    evaluations: Sequence[Evaluation],
    bound: bool | None,
    *,
    assume: bool,
) -> Outcome:
    """Steps 4 and 5 with every unknown condition (and an unknown ``bound``) resolved to ``assume``.

    A norm reserved to actors bound to secrecy (``sg:addresseeBound``) cannot apply to an actor
    who is not bound, whatever else holds.
    """
    bound = assume if bound is None else bound
    applying = {
        e.norm.id: e.norm
        for e in evaluations
        if e.active
        and (e.applies or (e.applies is None and assume))
        and not (e.norm.addressee_bound and not bound)
    }
    defeated = defeats(book, applying)
    standing = [n for n in applying.values() if n.id not in defeated]
    verdict, decisive, conflicts = verdict_of(standing)
    return Outcome(verdict, frozenset(applying), defeated, decisive, conflicts)


def settle(failing: Outcome, holding: Outcome) -> str:
    """Step 6: the verdict when both passes agree, else ``indetermine`` (a fact decides)."""
    return failing.verdict if failing.verdict == holding.verdict else "indetermine"


def defeats(book: Rulebook, applying: Mapping[str, Norm]) -> dict[str, tuple[str, ...]]:
    """Step 4: which applying norms are neutralised, and by which (recursive, memoised).

    A derogation counts only when its author applies and is not itself neutralised: an
    exception to the exception revives the rule it protects.
    """
    memo: dict[str, tuple[str, ...]] = {}

    def defeaters(norm_id: str) -> tuple[str, ...]:
        if norm_id not in memo:
            memo[norm_id] = tuple(
                d for d in book.derogators.get(norm_id, ()) if d in applying and not defeaters(d)
            )
        return memo[norm_id]

    return {n: found for n in applying if (found := defeaters(n))}


def verdict_of(
    standing: Sequence[Norm],
) -> tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """Step 5: the verdict, the norms that decide it, and the unordered clashes.

    Nothing applying means nothing forbids: the act is a faculté (step 5 of the contract).

    Examples:
        >>> from dataclasses import replace
        >>> ban = Norm("226-13", "norm", "secret", "", "interdit", ())
        >>> duty = Norm("434-3", "norm", "dénoncer", "", "obligation", ())
        >>> verdict_of([ban])
        ('interdit', ('226-13',), ())
        >>> verdict_of([ban, duty])  # nothing orders them: a conflict, named
        ('conflit', ('226-13', '434-3'), (('226-13', '434-3'),))
        >>> verdict_of([ban, replace(duty, prevails_over=frozenset({"226-13"}))])
        ('obligation', ('434-3',), ())
        >>> verdict_of([])
        ('faculte', (), ())
    """
    beaten = {t for n in standing for t in n.prevails_over}
    norms = [n for n in standing if n.id not in beaten]
    by_effect: dict[str, list[str]] = {}
    for norm in norms:
        by_effect.setdefault(norm.effect or "", []).append(norm.id)
    bans = by_effect.get("interdit", [])
    allows = [n.id for n in norms if n.effect in PERMISSIVE]
    if bans and allows:
        return "conflit", tuple(bans + allows), tuple((b, a) for b in bans for a in allows)
    for effect in PRECEDENCE:
        if by_effect.get(effect):
            return effect, tuple(by_effect[effect]), ()
    return "faculte", (), ()
