"""Scenario mode: the form, the verdict, the trace, the graph, step mode, comparison, exports.

Layout only. The engine (``graph.reasoning.ask``) decides; ``graph.presets`` says which
questions matter for an act; ``graph.explore`` picks the nodes to draw; ``graph.memo`` writes
the memo.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from graph import explore
from graph.answer import Answer, Step
from graph.errors import SecretGraphError
from graph.memo import render_markdown
from graph.presets import Preset, preset_by_id, relevant_choices
from graph.reasoning import ask
from graph.situation import Situation, Vocabulary, situation_from_mapping
from graph.versions import EARLIEST_DATE, french_date
from views import common, resources, urlstate
from views.graphview import show_graph

KEYS = {
    "actor": "f_actor",
    "employer": "f_employer",
    "missions": "f_missions",
    "act": "f_act",
    "recipient": "f_recipient",
    "framework": "f_framework",
    "circumstances": "f_circumstances",
    "consent": "f_consent",
    "date": "f_date",
}
CONSENT_CHOICES = {"inconnu": None, "oui": True, "non": False}
CONSENT_LABELS = {"inconnu": "Inconnu", "oui": "Oui", "non": "Non"}


# --- state -------------------------------------------------------------------------------------
def _complete(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of the form, with the scenario format's defaults."""
    when = fields.get("date") or date.today().isoformat()
    return {
        "actor": fields.get("actor"),
        "employer": fields.get("employer"),
        "missions": sorted(fields.get("missions") or []),
        "act": fields.get("act"),
        "recipient": fields.get("recipient"),
        "framework": fields.get("framework") or "aucun",
        "circumstances": sorted(fields.get("circumstances") or []),
        "consent": fields.get("consent"),
        "date": when if isinstance(when, str) else when.isoformat(),
    }


def _load_fields(fields: Mapping[str, Any]) -> None:
    st.session_state.situation = _complete(fields)
    for key in KEYS.values():
        st.session_state.pop(key, None)
    st.session_state.reveal = 0


def init_state(url: urlstate.UrlState, presets: tuple[Preset, ...]) -> None:
    """On the first run of a session: the URL's preset and fields, else the first preset."""
    if "situation" in st.session_state:
        return
    preset = (preset_by_id(presets, url.preset) if url.preset else None) or presets[0]
    st.session_state.preset_choice = preset.id
    _load_fields({**preset.fields, **url.fields})


def _on_preset() -> None:
    preset = preset_by_id(resources.presets(), st.session_state.preset_choice)
    if preset:
        _load_fields(preset.fields)


# --- the form ----------------------------------------------------------------------------------
def _select(name: str, label: str, ids: list[str], vocabulary: Vocabulary, scheme: str) -> None:
    key = KEYS[name]
    current = st.session_state.situation[name]
    options = ids if current in ids or current is None else [*ids, current]
    if key not in st.session_state:
        st.session_state[key] = current if current in options else options[0]
    st.selectbox(label, options, key=key, format_func=lambda i: vocabulary.label(scheme, i))


def _multi(name: str, label: str, ids: Iterable[str], vocabulary: Vocabulary, scheme: str) -> None:
    key = KEYS[name]
    current = st.session_state.situation[name]
    options = sorted(set(ids) | set(current), key=lambda i: vocabulary.label(scheme, i))
    if key not in st.session_state:
        st.session_state[key] = list(current)
    st.multiselect(
        label,
        options,
        key=key,
        format_func=lambda i: vocabulary.label(scheme, i),
        placeholder="Aucune",
    )


def _sync(name: str, value: Any) -> None:
    st.session_state.situation[name] = value


def form(vocabulary: Vocabulary, presets: tuple[Preset, ...]) -> None:
    """The situation form (sidebar): presets first, then only the questions that can matter."""
    titles = {p.id: p.title for p in presets}
    st.selectbox(
        "Cas notable",
        list(titles),
        key="preset_choice",
        format_func=lambda i: titles[i],
        on_change=_on_preset,
        help="Charge un cas dans le formulaire ; modifiez ensuite les faits librement.",
    )
    note = next((p.note for p in presets if p.id == st.session_state.preset_choice), "")
    if note:
        st.caption(note)
    situation = st.session_state.situation
    labels = {s: vocabulary.label("act", s) for s in vocabulary.ids("act")}
    _select("actor", "Qui ?", vocabulary.ids("actor"), vocabulary, "actor")
    _sync("actor", st.session_state[KEYS["actor"]])
    _select("act", "Fait quoi ?", sorted(labels, key=labels.get), vocabulary, "act")
    _sync("act", st.session_state[KEYS["act"]])
    _select("recipient", "À qui ?", vocabulary.ids("recipient"), vocabulary, "recipient")
    _sync("recipient", st.session_state[KEYS["recipient"]])
    relevance = relevant_choices(resources.rulebook(), situation["act"])
    if relevance.employer or situation["employer"]:
        ids = [None, *vocabulary.ids("employer")]
        key = KEYS["employer"]
        st.session_state.setdefault(key, situation["employer"])
        st.selectbox(
            "Employeur",
            ids,
            key=key,
            format_func=lambda i: "Non précisé" if i is None else vocabulary.label("employer", i),
        )
        _sync("employer", st.session_state[key])
    if relevance.missions or situation["missions"]:
        _multi("missions", "Missions", relevance.missions, vocabulary, "mission")
        _sync("missions", sorted(st.session_state[KEYS["missions"]]))
    if relevance.frameworks or situation["framework"] != "aucun":
        ids = ["aucun", *sorted(relevance.frameworks)]
        _select("framework", "Dans quel cadre ?", ids, vocabulary, "framework")
        _sync("framework", st.session_state[KEYS["framework"]])
    if relevance.circumstances or situation["circumstances"]:
        _multi(
            "circumstances", "Circonstances", relevance.circumstances, vocabulary, "circumstance"
        )
        _sync("circumstances", sorted(st.session_state[KEYS["circumstances"]]))
    if relevance.consent or situation["consent"] is not None:
        key = KEYS["consent"]
        word = {v: k for k, v in CONSENT_CHOICES.items()}[situation["consent"]]
        st.session_state.setdefault(key, word)
        st.radio(
            "Accord de la personne concernée",
            list(CONSENT_CHOICES),
            key=key,
            format_func=CONSENT_LABELS.get,
            horizontal=True,
        )
        _sync("consent", CONSENT_CHOICES[st.session_state[key]])
    key = KEYS["date"]
    st.session_state.setdefault(key, date.fromisoformat(situation["date"]))
    st.date_input(
        "Date des faits",
        key=key,
        min_value=EARLIEST_DATE,
        max_value=date.today(),
        format="DD/MM/YYYY",
        help="Les textes en vigueur ce jour-là s'appliquent.",
    )
    _sync("date", st.session_state[key].isoformat())


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
        nodes = explore.grounding_nodes(network, step.norm, _cited(step))
        {"applique": path, "inconnue": focus}.get(step.status, rejected).update(nodes)
    return path, rejected, focus


def _drawn_steps(answer: Answer) -> list[Step]:
    return [s for s in answer.steps if s.status != "inactive"]


def show_graph_for(answer: Answer, revealed: list[Step] | None, height: int = 430) -> str:
    network = resources.knowledge_base().network
    steps = _drawn_steps(answer)
    nodes = explore.answer_nodes(network, _step_nodes(steps), answer.path, answer.rejected)
    if revealed is None:
        path, rejected, focus = set(answer.path), set(answer.rejected), set()
        caption = "En rouge : le chemin décisif. En gris : les règles écartées ou neutralisées."
    else:
        path, rejected, focus = _graph_roles(revealed)
        caption = f"Pas à pas : {len(revealed)} étape(s) sur {len(answer.steps)} révélée(s)."
    return show_graph(
        nodes, path=path, rejected=rejected, focus=focus, caption=caption, height=height
    )


# --- the trace ---------------------------------------------------------------------------------
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


def trace(steps: list[Step], on: date, links: Mapping[str, str], *, folded: bool = True) -> None:
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


# --- compare and export ------------------------------------------------------------------------
def compare(fields: Mapping[str, Any], vocabulary: Vocabulary) -> None:
    """The same situation at two dates, or for two actors, side by side."""
    how = st.radio("Comparer", ["Deux dates", "Deux acteurs"], horizontal=True, key="cmp_how")
    other = dict(fields)
    if how == "Deux dates":
        st.session_state.setdefault("cmp_date", date.fromisoformat(fields["date"]))
        other_date = st.date_input(
            "Autre date",
            key="cmp_date",
            min_value=EARLIEST_DATE,
            max_value=date.today(),
            format="DD/MM/YYYY",
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
            situation, answer = result
            st.markdown(
                f"**{common.md(vocabulary.label('actor', situation.actor))}**, "
                f"le {french_date(situation.date)}"
            )
            common.verdict_banner(answer.verdict, answer.verdict_label, answer.reason)
            for step in answer.steps:
                if step.status == "applique":
                    provisions = common.md(", ".join(step.provisions))
                    st.markdown(
                        f"{common.STATUS_BADGES['applique']} {common.md(step.label)} ({provisions})"
                    )


def exports(situation: Situation, answer: Answer, graph_page: str, name: str) -> None:
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
        files.append(
            ("Graphe (HTML autonome)", lambda: graph_page, f"{name}-graphe.html", "text/html")
        )
    for column, (label, data, file_name, mime) in zip(st.columns(3), files, strict=False):
        column.download_button(label, data, file_name, mime, on_click="ignore")


# --- the page ----------------------------------------------------------------------------------
def show(url: urlstate.UrlState) -> None:
    """Scenario mode."""
    presets = resources.presets()
    vocabulary = resources.rulebook().vocabulary
    init_state(url, presets)
    with st.sidebar:
        form(vocabulary, presets)
        step_mode = st.toggle("Pas à pas (formateur)", key="step_mode")
    fields = dict(st.session_state.situation)
    preset = preset_by_id(presets, st.session_state.preset_choice)
    same_as_preset = preset is not None and _complete(preset.fields) == _complete(fields)
    st.query_params.from_dict(
        urlstate.scenario_params(preset.id if same_as_preset else None, fields)
    )
    if same_as_preset:
        st.markdown(f"**{common.md(preset.title)}**")
    result = answer_for(fields)
    if result is None:
        return
    situation, answer = result
    revealed = None
    if step_mode:
        # The room reasons first: the verdict shows once every step is revealed.
        revealed = list(answer.steps[: step_controls(len(answer.steps))])
    if revealed is None or len(revealed) == len(answer.steps):
        common.verdict_banner(answer.verdict, answer.verdict_label, answer.reason)
    else:
        left = len(answer.steps) - len(revealed)
        st.info(f"Verdict masqué : révélez les {left} étape(s) restante(s) ou cliquez « Tout ».")
    common.warn(list(answer.freshness))
    left, right = st.columns([4, 6])
    with left:
        st.markdown("##### Raisonnement")
        shown = list(answer.steps) if revealed is None else revealed
        trace(shown, situation.date, dict(answer.links), folded=revealed is None)
        if revealed is None or len(revealed) == len(answer.steps):
            details(answer)
    with right:
        page = show_graph_for(answer, revealed, height=420)
    if st.toggle("Comparer (deux dates ou deux acteurs)", key="cmp_on"):
        compare(fields, vocabulary)
    with st.expander("Exporter"):
        exports(
            situation, answer, page, st.session_state.preset_choice if same_as_preset else "cas"
        )
