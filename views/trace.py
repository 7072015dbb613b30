"""The trace of an answer: each step with its dated texts, then what the answer adds.

Layout only: every sentence is the engine's (``graph.answer``); texts are the versions' own.
Few Streamlit elements per step keep reruns fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import streamlit as st

from graph.answer import Answer, Step
from graph.versions import french_date
from views import common, resources


def _version_text(version_id: str, node_id: str) -> str:
    network = resources.knowledge_base().network
    for node in (node_id, version_id):
        texts = network.nodes[node].get("sg:text") if node in network else None
        if texts:
            return str(texts[0])
    return ""


def _step_text(step: Step) -> str:
    """One Markdown block per step: badge, name, the engine's sentence, the failed condition."""
    badge = common.STATUS_BADGES.get(step.status, step.status)
    text = f"{badge} **{common.md(step.label)}**\n\n{common.md(step.sentence)}"
    if step.condition and step.status in ("ecartee", "inconnue", "inactive"):
        text += f"\n\n*Condition : {common.md(step.condition)}*"
    return text


def _step_block(step: Step, on: date, links: Mapping[str, str]) -> None:
    st.markdown(_step_text(step))
    if not step.versions or step.status in ("ecartee", "inactive"):
        return
    with st.expander(f"Texte en vigueur le {french_date(on)} — {', '.join(step.provisions)}"):
        parts = []
        for version in step.versions:
            text = _version_text(version.id, version.node)
            parts.append(f"**{common.md(version.label)}**")
            parts.append(common.md(text) if text else "*Texte non disponible dans les sources.*")
            url = links.get(version.article, "")
            if url.startswith("https://www.legifrance.gouv.fr"):
                parts.append(f"[Voir {common.md(version.article)} sur Légifrance]({url})")
        st.markdown("\n\n".join(parts))


def _folded(title: str, steps: list[Step]) -> None:
    """Set-aside steps in one expander and one Markdown list (few elements: a fast page)."""
    if not steps:
        return
    with st.expander(f"{title} ({len(steps)})"):
        lines = []
        for step in steps:
            condition = f" — {common.md(step.condition)}" if step.condition else ""
            lines.append(f"- **{common.md(step.label)}**{condition}")
        st.markdown("\n".join(lines))


def steps_block(
    steps: list[Step], on: date, links: Mapping[str, str], *, folded: bool = True
) -> None:
    """The steps: applied ones first, set-aside ones folded away (or all in order, step mode)."""
    if not folded:
        for step in steps:
            _step_block(step, on, links)
        return
    for step in steps:
        if step.status in ("applique", "neutralisee", "inconnue"):
            _step_block(step, on, links)
    _folded(
        "Règles écartées, avec la condition qui manque", [s for s in steps if s.status == "ecartee"]
    )
    _folded("Règles pas en vigueur à cette date", [s for s in steps if s.status == "inactive"])


def _literal(node: str, key: str) -> str:
    network = resources.knowledge_base().network
    values = network.nodes[node].get(key) if node in network else None
    return str(values[0]) if values else ""


def details(answer: Answer) -> None:
    """What the answer adds to its steps: sanction, open points, facts, conflicts, case law."""
    if answer.verdict == "obligation" and (answer.backing_label or answer.backing):
        backing = answer.backing_label or answer.backing or ""
        st.markdown(f"**Ce qui sanctionne l'obligation** : {common.md(backing)}")
        if answer.escape:
            st.markdown(f"**Échappatoire prévue par le texte** : « {common.md(answer.escape)} »")
    for point in answer.open_points:
        description = _literal(point, "dcterms:description")
        st.warning(
            f"**Point ouvert** : {common.md(answer.title(point))}"
            + (f"\n\n{common.md(description)}" if description else ""),
        )
    if answer.missing_facts:
        st.info("Faits manquants : " + common.md(" ; ".join(answer.missing_facts)))
    if answer.facts_assumed:
        st.info("Faits supposés : " + common.md(" ; ".join(answer.facts_assumed)))
    for conflict in answer.conflicts:
        st.error(common.md(conflict.sentence))
    if answer.decisions:
        with st.expander(f"Jurisprudence ({len(answer.decisions)})"):
            for decision in answer.decisions:
                summary = _literal(decision, "dcterms:abstract")
                st.markdown(
                    f"- **{common.md(answer.title(decision))}**"
                    + (f" — {common.md(summary)}" if summary else "")
                )


def step_controls(total: int) -> int:
    """Trainer's step mode: reveal one step at a time."""
    st.session_state.setdefault("reveal", 0)
    left, middle, right, info = st.columns([2, 2, 1, 4])
    if left.button("◀ Précédente", disabled=st.session_state.reveal <= 0):
        st.session_state.reveal -= 1
    if middle.button("Suivante ▶", disabled=st.session_state.reveal >= total):
        st.session_state.reveal += 1
    if right.button("Tout"):
        st.session_state.reveal = total
    st.session_state.reveal = max(0, min(st.session_state.reveal, total))
    info.markdown(f"**Étape {st.session_state.reveal} / {total}**")
    return st.session_state.reveal
