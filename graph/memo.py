"""Renderers of an :class:`~graph.answer.Answer`: a terminal trace and a Markdown memo.

Both read the same answer the page shows, so what a trainer pastes into course material says
exactly what the engine concluded and why: situation, verdict, the trace with its dated
citations (and Légifrance links in Markdown), decisions, and the freshness warnings. JSON is
``answer.to_dict()``.
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.answer import Answer, Step
from graph.situation import Situation

STATUS_WORDS = {
    "applique": "s'applique",
    "neutralisee": "neutralisée",
    "inconnue": "inconnue",
    "ecartee": "écartée",
    "inactive": "pas en vigueur",
}


def describe_situation(situation: Situation) -> list[str]:
    """The facts, one per line, with the scenario-format ids a trainer typed."""
    s = situation
    consent = {True: "oui", False: "non", None: "inconnu"}[s.consent]
    return [
        f"Date des faits : {s.date.isoformat()}",
        f"Acteur : {s.actor}"
        + (f" (employeur : {s.employer})" if s.employer else " (employeur non précisé)"),
        f"Missions : {_list(s.missions)}",
        f"Acte : {s.act} → destinataire : {s.recipient}",
        f"Cadre : {s.framework}",
        f"Circonstances : {_list(s.circumstances)}",
        f"Accord de la personne concernée : {consent}",
    ]


def render_text(answer: Answer, situation: Situation) -> str:
    """The trace a person reads in a terminal: verdict first, then each step, then citations."""
    lines = ["Situation", *(f"  {line}" for line in describe_situation(situation)), ""]
    lines += [f"Verdict : {answer.verdict.upper()} — {answer.verdict_label}", f"  {answer.reason}"]
    lines += _obligation_lines(answer, indent="  ")
    lines += ["", "Raisonnement"]
    lines += [f"  {n}. [{STATUS_WORDS[s.status]}] {s.sentence}" for n, s in _numbered(answer)]
    lines += _section("Faits supposés", answer.facts_assumed)
    lines += _section("Faits manquants", answer.missing_facts)
    lines += _section("Points ouverts", [answer.title(p) for p in answer.open_points])
    lines += _section("Conflits", [c.sentence for c in answer.conflicts])
    lines += _section("Textes cités", [", ".join(answer.provisions)] if answer.provisions else [])
    lines += _section("Versions", [v.label for v in answer.versions])
    lines += _section("Décisions", [answer.title(d) for d in answer.decisions])
    lines += _section("Avertissements", answer.freshness)
    return "\n".join(lines) + "\n"


def render_markdown(answer: Answer, situation: Situation) -> str:
    """A memo to paste into course material, with Légifrance links on every cited article."""
    lines = ["# Secret professionnel : analyse d'une situation", "", "## Situation", ""]
    lines += [f"- {line}" for line in describe_situation(situation)]
    lines += [
        "",
        f"## Verdict : {answer.verdict_label}",
        "",
        f"**{answer.verdict}** — {answer.reason}",
    ]
    lines += _obligation_lines(answer, indent="- ")
    lines += ["", "## Raisonnement", ""]
    lines += [
        f"{n}. *{STATUS_WORDS[s.status]}* — {_md(s.sentence)}{_step_links(answer, s)}"
        for n, s in _numbered(answer)
    ]
    lines += _md_section("Faits supposés", answer.facts_assumed)
    lines += _md_section("Faits manquants", answer.missing_facts)
    lines += _md_section("Points ouverts", [answer.title(p) for p in answer.open_points])
    lines += _md_section("Conflits", [c.sentence for c in answer.conflicts])
    lines += _md_section(
        "Textes cités", [_md_link(answer, p) for p in answer.provisions], escape=False
    )
    lines += _md_section("Décisions", [answer.title(d) for d in answer.decisions])
    lines += _md_section("Avertissements", answer.freshness)
    lines += [
        "",
        "---",
        "",
        "*Analyse produite par secret-graph à partir des versions datées "
        "des textes ; elle ne remplace pas un conseil juridique.*",
    ]
    return "\n".join(lines) + "\n"


def _numbered(answer: Answer) -> Iterable[tuple[int, Step]]:
    return enumerate(answer.steps, start=1)


def _list(values: Iterable[str]) -> str:
    return ", ".join(sorted(values)) or "aucune"


def _obligation_lines(answer: Answer, indent: str) -> list[str]:
    lines = []
    if answer.backing_label:
        lines.append(f"{indent}Sanction du manquement : {answer.backing_label}")
    if answer.escape:
        lines.append(f"{indent}Échappatoire prévue par le texte : « {answer.escape} »")
    return lines


def _section(title: str, items: Iterable[str]) -> list[str]:
    items = list(items)
    return ["", title, *(f"  - {item}" for item in items)] if items else []


def _md_section(title: str, items: Iterable[str], *, escape: bool = True) -> list[str]:
    items = list(items)
    if not items:
        return []
    return ["", f"## {title}", "", *(f"- {_md(i) if escape else i}" for i in items)]


def _md(text: str) -> str:
    """Escape what Markdown would read as markup (a trace sentence is plain text)."""
    for char in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|"):
        text = text.replace(char, "\\" + char)
    return text


def _md_link(answer: Answer, notation: str) -> str:
    url = answer.link(notation)
    return f"[{_md(notation)}]({url})" if url else _md(notation)


def _step_links(answer: Answer, step: Step) -> str:
    links = [_md_link(answer, p) for p in step.provisions if answer.link(p)]
    return f" ({', '.join(links)})" if links else ""
