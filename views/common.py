"""Small display helpers shared by the views (no logic: escaping and styles)."""

from __future__ import annotations

import html
import re

import streamlit as st

from graph.cards import NodeCard
from graph.render import KIND_STYLES

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")

VERDICT_COLOURS = {
    "interdit": "#b3261e",
    "faculte": "#1f6f3f",
    "obligation": "#1f4fa8",
    "appreciation": "#a85a00",
    "indetermine": "#5f5f5f",
    "conflit": "#6a1b9a",
}

#: Coloured badges (Streamlit Markdown) per step status: no emoji, projectors lack the fonts.
STATUS_BADGES = {
    "applique": ":green-badge[S'applique]",
    "neutralisee": ":red-badge[Neutralisée]",
    "inconnue": ":orange-badge[Point ouvert]",
    "ecartee": ":gray-badge[Écartée]",
    "inactive": ":gray-badge[Pas en vigueur]",
}

STATUS_WORDS = {
    "applique": "s'applique",
    "neutralisee": "neutralisée par une exception",
    "inconnue": "point ouvert (fait manquant)",
    "ecartee": "écartée",
    "inactive": "pas en vigueur à cette date",
}


def md(text: str) -> str:
    """Escape Markdown so data (or a URL parameter) is shown as the characters it holds."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def warn(messages: list[str]) -> None:
    """Show friendly French warnings, escaped."""
    for message in messages:
        st.warning(md(message), icon="⚠️")


def verdict_banner(verdict: str, label: str, reason: str) -> None:
    """The verdict in large type with its one-sentence reason, readable from the back of a room."""
    colour = VERDICT_COLOURS.get(verdict, "#333333")
    st.markdown(
        f'<div class="sg-verdict" data-verdict="{html.escape(verdict)}" '
        f'style="border-left:10px solid {colour};padding:0.4rem 1rem;margin:0.2rem 0 0.6rem 0;">'
        f'<div style="font-size:2.0rem;font-weight:700;color:{colour};line-height:1.15">'
        f"{html.escape(label)}</div>"
        f'<div style="font-size:1.2rem;margin-top:0.3rem">{html.escape(reason)}</div>'
        f'<div style="font-size:0.85rem;color:#555;margin-top:0.2rem">verdict : '
        f"<code>{html.escape(verdict)}</code></div></div>",
        unsafe_allow_html=True,
    )


def node_card(card: NodeCard) -> None:
    """The panel of a node clicked on the graph: name, kind, status, facts, text, Légifrance.
    Every string is data, shown escaped, in one Markdown block."""
    kind = KIND_STYLES.get(card.kind, KIND_STYLES["other"]).name
    lines = [f"##### {md(card.label)}", md(kind)]
    if card.status:
        lines[-1] += f" — {STATUS_BADGES.get(card.status, md(card.status))}"
    lines += [f"**{md(name)}** : {md(value)}" for name, value in card.facts]
    if card.text:
        lines.append("> " + md(" ".join(card.text.split())))
    if card.url.startswith("https://www.legifrance.gouv.fr"):
        lines.append(f"[Voir sur Légifrance]({card.url})")
    st.markdown("\n\n".join(lines))


PAGE_CSS = """
<style>
.block-container {padding-top: 1.2rem; padding-bottom: 1rem;}
h1 {font-size: 1.6rem !important;}
</style>
"""
