"""Scenario mode: the verdict, the trace, the graph, step mode, comparison, exports.

Layout only. The engine (``graph.reasoning.ask``) decides; ``views.form`` collects the facts;
``graph.neighbourhood`` picks the nodes to draw; ``graph.memo`` writes the memo.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from graph import cards, neighbourhood
from graph.answer import Answer, Step, provisions_not_in
from graph.citations import split_freshness
from graph.compare import suggested_date
from graph.errors import SecretGraphError
from graph.memo import render_markdown
from graph.presets import preset_by_id
from graph.reasoning import ask
from graph.situation import Situation, Vocabulary, situation_from_mapping
from graph.versions import EARLIEST_DATE, french_date
from views import common, form, resources, trace, urlstate
from views.graphview import Shown, forget_selection, show_graph


# --- answering ---------------------------------------------------------------------------------
def answer_for(fields: Mapping[str, Any]) -> tuple[Situation, Answer] | None:
    """Check the situation and ask the engine; a user error is shown, never a traceback."""
    try:
        situation = situation_from_mapping(dict(fields), resources.rulebook().vocabulary)
        return situation, ask(resources.knowledge_base(), situation)
    except SecretGraphError as error:
        st.error(common.md(str(error)))
        return None


def _cited(step: Step) -> list[tuple[str, str]]:
    """What a step draws besides its norm: its groundings, unless the norm was set aside (then
    the grey norm alone, next to the rule it would have derogated from, keeps the graph small)."""
    if step.status in ("ecartee", "inactive"):
        return []
    return [(v.id, v.node) for v in step.versions]


def _step_nodes(steps: Iterable[Step]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.norm, _cited(s)) for s in steps]


def _graph_roles(steps: Iterable[Step]) -> tuple[set[str], set[str], set[str]]:
    """Highlight of revealed steps: applied ones red, rejected grey, open points outlined."""
    network = resources.knowledge_base().network
    path: set[str] = set()
    rejected: set[str] = set()
    focus: set[str] = set()
    for step in steps:
        nodes = neighbourhood.grounding_nodes(network, step.norm, _cited(step))
        {"applique": path, "inconnue": focus}.get(step.status, rejected).update(nodes)
    return path, rejected, focus


#: Set-aside rules drawn at most (the engine lists the nearest first; the trace lists them all).
MAX_SET_ASIDE_DRAWN = 6


def _drawn_steps(answer: Answer) -> list[Step]:
    set_aside = [s for s in answer.steps if s.status == "ecartee"][:MAX_SET_ASIDE_DRAWN]
    return [s for s in answer.steps if s.status not in ("inactive", "ecartee")] + set_aside


#: The scenario graph's component key (its clicked node is kept under ``{GRAPH_KEY}_node``).
GRAPH_KEY = "sc_graph"


def show_graph_for(answer: Answer, revealed: list[Step] | None, height: int = 430) -> Shown:
    network = resources.knowledge_base().network
    steps = _drawn_steps(answer)
    drawn = {s.norm for s in steps}
    hidden = {s.norm for s in answer.steps if s.status == "ecartee"} - drawn
    rejected_drawn = [n for n in answer.rejected if n not in hidden]
    nodes = neighbourhood.answer_nodes(network, _step_nodes(steps), answer.path, rejected_drawn)
    if revealed is None:
        path, rejected, focus = set(answer.path), set(rejected_drawn), set()
        caption = "En rouge : le chemin décisif. En gris : les règles écartées ou neutralisées."
    else:
        path, rejected, focus = _graph_roles(s for s in revealed if s.norm not in hidden)
        caption = f"Pas à pas : {len(revealed)} étape(s) sur {len(answer.steps)} révélée(s)."
    if hidden:
        caption += f" {len(hidden)} autre(s) règle(s) écartée(s) : voir la liste du raisonnement."
    return show_graph(
        nodes,
        path=path,
        rejected=rejected,
        focus=focus,
        caption=caption,
        height=height,
        key=GRAPH_KEY,
        edge_labels=False,  # names in the edges' tooltips: a projected graph stays legible
    )


def node_panel(node: str, on: date, steps: Iterable[Step]) -> None:
    """The panel of the node clicked on the graph, read on the situation's date, with its
    status in the trace shown (``graph.cards.node_card`` gathers it)."""
    statuses = {step.norm: step.status for step in steps}
    card = cards.node_card(resources.knowledge_base(), node, on, statuses)
    with st.container(border=True, key="sc_panel"):
        common.node_card(card)
        st.button("Fermer", key="sc_panel_close", on_click=forget_selection, args=(GRAPH_KEY,))


def freshness_warnings(answer: Answer, verdict_shown: bool) -> tuple[str, ...]:
    """Shows the warnings on the decisive articles; returns those on rules set aside, to fold
    away (all of them while step mode hides the verdict: they would tell which texts decide)."""
    decisive, others = split_freshness(answer)
    if not verdict_shown:
        decisive, others = (), decisive + others
    common.warn(list(decisive))
    return others


def folded_warnings(others: tuple[str, ...]) -> None:
    if others:
        with st.expander(f"Sources à vérifier pour d'autres textes cités ({len(others)})"):
            common.warn(list(others))


#: How the comparison varies the situation (radio ``cmp_how``; ``compare`` in the URL).
COMPARE_HOW = {"date": "Deux dates", "actor": "Deux acteurs"}


# --- compare and export ------------------------------------------------------------------------
def _other_date(situation: Situation, answer: Answer) -> None:
    """Default the other date to the nearest day the answer (or a rule of its trace) changes,
    again whenever the situation changes (``graph.compare.suggested_date`` picks it)."""
    key = json.dumps(situation.to_dict(), sort_keys=True)
    if st.session_state.get("cmp_date_for") != key:
        st.session_state.cmp_date_for = key
        # An other date read from the URL is kept once, for the situation the URL gave.
        if not st.session_state.pop("cmp_date_from_url", False):
            kb = resources.knowledge_base()
            st.session_state.cmp_date = suggested_date(kb, situation, answer)


def _applied_line(step: Step) -> str:
    """An applied step in the comparison: its name, then the articles its name does not cite."""
    extra = provisions_not_in(step.label, step.provisions)
    cited = f" ({common.md(', '.join(extra))})" if extra else ""
    return f"{common.STATUS_BADGES['applique']} {common.md(step.label)}{cited}"


def compare(
    fields: Mapping[str, Any], vocabulary: Vocabulary, situation: Situation, answer: Answer
) -> None:
    """The same situation at two dates, or for two actors, side by side."""
    how = st.radio(
        "Comparer", list(COMPARE_HOW), horizontal=True, key="cmp_how", format_func=COMPARE_HOW.get
    )
    other = dict(fields)
    if how == "date":
        _other_date(situation, answer)
        other_date = st.date_input(
            "Autre date",
            key="cmp_date",
            min_value=EARLIEST_DATE,
            max_value=date.today(),
            format="DD/MM/YYYY",
            help="Par défaut : la date la plus proche où la réponse (ou une règle citée) change.",
        )
        other["date"] = other_date.isoformat()
    else:
        actors = vocabulary.ids("actor")
        st.session_state.setdefault("cmp_actor", fields["actor"])
        other["actor"] = st.selectbox(
            "Autre acteur",
            actors,
            key="cmp_actor",
            format_func=lambda i: vocabulary.label("actor", i),
        )
    columns = st.columns(2)
    for column, variant in zip(columns, (fields, other), strict=True):
        with column:
            result = answer_for(variant)
            if result is None:
                continue
            shown, found = result
            st.markdown(
                f"**{common.md(vocabulary.label('actor', shown.actor))}**, "
                f"le {french_date(shown.date)}"
            )
            common.verdict_banner(found.verdict, found.verdict_label, found.reason)
            lines = [_applied_line(s) for s in found.steps if s.status == "applique"]
            st.markdown("\n\n".join(lines))


def exports(
    situation: Situation, answer: Answer, graph_page: Callable[[], str] | None, name: str
) -> None:
    """Memo (Markdown), JSON and the standalone graph page, as downloads built on click only
    (a rerun then costs nothing for them) and without rerunning the page."""
    payload = {"situation": situation.to_dict(), "answer": answer.to_dict()}
    files = [
        (
            "Mémo (Markdown)",
            lambda: render_markdown(answer, situation),
            f"{name}.md",
            "text/markdown",
        ),
        (
            "Réponse (JSON)",
            lambda: json.dumps(payload, ensure_ascii=False, indent=2),
            f"{name}.json",
            "application/json",
        ),
    ]
    if graph_page:
        files.append(("Graphe (HTML autonome)", graph_page, f"{name}-graphe.html", "text/html"))
    for column, (label, data, file_name, mime) in zip(st.columns(3), files, strict=False):
        column.download_button(label, data, file_name, mime, on_click="ignore")


def init_view_state(url: urlstate.UrlState) -> None:
    """On the first run of a session: the comparison and step mode the URL asked for."""
    if st.session_state.get("view_from_url"):
        return
    st.session_state.view_from_url = True
    if url.compare:
        st.session_state.cmp_on = True
        st.session_state.cmp_how = url.compare
        if url.other_date:
            st.session_state.cmp_date = url.other_date
            st.session_state.cmp_date_from_url = True
        if url.other_actor:
            st.session_state.cmp_actor = url.other_actor
    if url.step is not None:
        st.session_state.step_mode = True
        st.session_state.reveal = url.step


def _view_params() -> dict[str, str]:
    """The comparison and step mode as they stand, for the URL."""
    state = st.session_state
    return urlstate.view_params(
        state.get("cmp_how", "date") if state.get("cmp_on") else None,
        state.get("cmp_date"),
        state.get("cmp_actor"),
        state.get("reveal", 0) if state.get("step_mode") else None,
    )


# --- the page ----------------------------------------------------------------------------------
def show(url: urlstate.UrlState) -> None:
    """Scenario mode."""
    presets = resources.presets()
    vocabulary = resources.rulebook().vocabulary
    form.init_state(url, presets)
    init_view_state(url)
    with st.sidebar:
        form.show(vocabulary, presets)
        step_mode = st.toggle("Pas à pas (formateur)", key="step_mode")
    fields = dict(st.session_state.situation)
    preset = preset_by_id(presets, st.session_state.preset_choice)
    same_as_preset = preset is not None and form.complete(preset.fields) == form.complete(fields)
    params = urlstate.scenario_params(preset.id if same_as_preset else None, fields)
    st.query_params.from_dict(params)
    if same_as_preset:
        st.markdown(f"**{common.md(preset.title)}**")
    result = answer_for(fields)
    if result is None:
        return
    situation, answer = result
    revealed = None
    if step_mode:
        # The room reasons first: the verdict shows once every step is revealed.
        revealed = list(answer.steps[: trace.step_controls(len(answer.steps))])
    verdict_shown = revealed is None or len(revealed) == len(answer.steps)
    if verdict_shown:
        common.verdict_banner(answer.verdict, answer.verdict_label, answer.reason)
    else:
        left = len(answer.steps) - len(revealed or ())
        st.info(f"Verdict masqué : révélez les {left} étape(s) restante(s) ou cliquez « Tout ».")
    others = freshness_warnings(answer, verdict_shown)
    # One row for the comparison switch and the folded warnings: the graph starts higher.
    switch, folded = st.columns([2, 3], vertical_alignment="center")
    with folded:
        folded_warnings(others)
    if switch.toggle("Comparer (deux dates ou deux acteurs)", key="cmp_on"):
        with st.container(border=True):
            compare(fields, vocabulary, situation, answer)
    if view := _view_params():
        st.query_params.from_dict({**params, **view})
    left, right = st.columns([4, 6])
    with left:
        # The panel of a node clicked on the graph goes first, in view next to the graph; it is
        # filled once the graph (drawn in the right column) says which node was clicked.
        panel = st.container()
        st.markdown("##### Raisonnement")
        shown = list(answer.steps) if revealed is None else revealed
        trace.steps_block(shown, situation.date, dict(answer.links), folded=revealed is None)
        if revealed is None or len(revealed) == len(answer.steps):
            trace.details(answer)
    with right:
        drawing = show_graph_for(answer, revealed, height=500)
    if drawing.selected:
        with panel:
            node_panel(
                drawing.selected, situation.date, answer.steps if revealed is None else revealed
            )
    with st.expander("Exporter"):
        exports(
            situation,
            answer,
            drawing.page,
            st.session_state.preset_choice if same_as_preset else "cas",
        )
