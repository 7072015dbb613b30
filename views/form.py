"""The scenario form: presets first, then only the questions that can matter for the act.

Layout only: ``graph.presets`` says which questions matter (read from the norms); the form keeps
the situation in ``st.session_state.situation`` so hidden fields keep the facts the user gave.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import streamlit as st

from graph.presets import Preset, preset_by_id, relevant_choices
from graph.situation import Vocabulary
from graph.versions import EARLIEST_DATE
from views import resources, urlstate

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


def complete(fields: Mapping[str, Any]) -> dict[str, Any]:
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
    st.session_state.situation = complete(fields)
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


def show(vocabulary: Vocabulary, presets: tuple[Preset, ...]) -> None:
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
