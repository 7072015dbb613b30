"""The page's state in the URL: read (untrusted, validated against known ids) and written back.

Every query parameter is untrusted: it is checked against the ids the knowledge base knows (a
preset id, a concept notation of the right scheme, an article notation, an ISO date in the
range the engine accepts); anything else is dropped with a French message for ``st.warning``.
Nothing read from the URL is ever put into HTML.

Parameters: ``mode`` (scenario | explorateur), ``preset``, the situation fields of the scenario
format (``actor``, ``employer``, ``missions`` and ``circumstances`` comma-separated, ``act``,
``recipient``, ``framework``, ``consent`` oui | non | inconnu, ``date``), and for the explorer
``article`` (a notation such as « CP 226-14 ») and ``on`` (the date of the text shown).
The scenario's comparison: ``compare`` (date | actor) with ``other_date`` or ``other_actor``;
its step mode: ``step`` (the number of steps revealed, 0 and up).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.errors import ImpossibleDate, UnknownNotation
from graph.load import KnowledgeBase
from graph.presets import Preset, preset_by_id
from graph.situation import FIELD_SCHEMES, Vocabulary
from graph.versions import check_date

MODES = {"scenario": "Scénario", "explorateur": "Explorateur"}
LIST_FIELDS = ("missions", "circumstances")
CONSENT_WORDS = {"oui": True, "non": False, "inconnu": None}
MAX_PARAM = 200
COMPARE_HOW = ("date", "actor")
MAX_STEP = 99


@dataclass
class UrlState:
    """What the URL asked for, once validated; ``warnings`` says what was dropped and why."""

    mode: str = "scenario"
    preset: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    article: str | None = None
    on: date | None = None
    compare: str | None = None
    other_date: date | None = None
    other_actor: str | None = None
    step: int | None = None
    warnings: list[str] = field(default_factory=list)


def _shown(value: str) -> str:
    """A bad value quoted in a message, shortened (messages are Markdown-escaped by the view)."""
    return value if len(value) <= 40 else value[:40] + "…"


def _date(value: str, name: str, state: UrlState) -> date | None:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        state.warnings.append(
            f"Le paramètre « {name} » de l'adresse doit être une date AAAA-MM-JJ "
            f"(reçu « {_shown(value)} ») : il est ignoré."
        )
        return None
    try:
        return check_date(parsed)
    except ImpossibleDate as error:
        state.warnings.append(f"Paramètre « {name} » ignoré : {error}")
    return None


def _term(name: str, value: str, vocabulary: Vocabulary, state: UrlState) -> str | None:
    scheme = FIELD_SCHEMES[name]
    if vocabulary.term(scheme, value):
        return value
    state.warnings.append(
        f"« {_shown(value)} » n'est pas une valeur connue pour « {name} » : elle est ignorée. "
        f"Choisissez-la dans le formulaire."
    )
    return None


def read(
    params: Mapping[str, str],
    kb: KnowledgeBase,
    vocabulary: Vocabulary,
    presets: tuple[Preset, ...],
) -> UrlState:
    """Validate the query parameters; never raises on bad input."""
    state = UrlState()
    raw = {str(k): str(v)[:MAX_PARAM] for k, v in params.items()}
    mode = raw.pop("mode", None)
    if mode is not None:
        if mode in MODES:
            state.mode = mode
        else:
            state.warnings.append(
                f"Mode « {_shown(mode)} » inconnu : les modes sont « scenario » et "
                "« explorateur ». La page s'ouvre en mode scénario."
            )
    preset = raw.pop("preset", None)
    if preset is not None:
        if preset_by_id(presets, preset):
            state.preset = preset
        else:
            state.warnings.append(
                f"Le cas « {_shown(preset)} » n'existe pas : la page s'ouvre sur le premier cas."
            )
    for name in FIELD_SCHEMES:
        value = raw.pop(name, None)
        if value is None:
            continue
        if name in LIST_FIELDS:
            ids = [v.strip() for v in value.split(",") if v.strip()]
            kept = [v for v in ids if _term(name, v, vocabulary, state)]
            state.fields[name] = kept
        elif value:
            term = _term(name, value, vocabulary, state)
            if term:
                state.fields[name] = term
    consent = raw.pop("consent", None)
    if consent is not None:
        if consent in CONSENT_WORDS:
            state.fields["consent"] = CONSENT_WORDS[consent]
        else:
            state.warnings.append(
                f"« consent » doit valoir oui, non ou inconnu (reçu « {_shown(consent)} ») : "
                "ignoré."
            )
    when = raw.pop("date", None)
    if when is not None and (parsed := _date(when, "date", state)):
        state.fields["date"] = parsed.isoformat()
    article = raw.pop("article", None)
    if article is not None:
        try:
            state.article = kb.article_by_notation(article)
        except UnknownNotation as error:
            state.warnings.append(f"Article introuvable : {error}")
    on = raw.pop("on", None)
    if on is not None:
        state.on = _date(on, "on", state)
    _view(raw, vocabulary, state)
    for name in sorted(raw):
        state.warnings.append(f"Paramètre « {_shown(name)} » inconnu dans l'adresse : ignoré.")
    return state


def _view(raw: dict[str, str], vocabulary: Vocabulary, state: UrlState) -> None:
    """The scenario's comparison and step mode, popped from ``raw`` and checked."""
    how = raw.pop("compare", None)
    if how is not None:
        if how in COMPARE_HOW:
            state.compare = how
        else:
            state.warnings.append(
                f"« compare » doit valoir date ou actor (reçu « {_shown(how)} ») : ignoré."
            )
    other_date = raw.pop("other_date", None)
    if other_date is not None:
        state.other_date = _date(other_date, "other_date", state)
    other_actor = raw.pop("other_actor", None)
    if other_actor is not None:
        state.other_actor = _term("actor", other_actor, vocabulary, state)
    step = raw.pop("step", None)
    if step is not None:
        if step.isascii() and step.isdigit() and int(step) <= MAX_STEP:
            state.step = int(step)
        else:
            state.warnings.append(
                f"« step » doit être un nombre d'étapes de 0 à {MAX_STEP} "
                f"(reçu « {_shown(step)} ») : le mode pas à pas est ignoré."
            )


def view_params(
    compare: str | None, other_date: date | None, other_actor: str | None, step: int | None
) -> dict[str, str]:
    """The query parameters of the comparison (when shown) and of step mode (when on)."""
    params: dict[str, str] = {}
    if compare in COMPARE_HOW:
        params["compare"] = compare
        if compare == "date" and other_date:
            params["other_date"] = other_date.isoformat()
        if compare == "actor" and other_actor:
            params["other_actor"] = other_actor
    if step is not None:
        params["step"] = str(step)
    return params


def scenario_params(preset: str | None, fields: Mapping[str, Any]) -> dict[str, str]:
    """The query parameters that reproduce a scenario (a shareable link)."""
    params: dict[str, str] = {"mode": "scenario"}
    if preset:
        params["preset"] = preset
    for name, value in fields.items():
        if value is None or value == [] or value == "":
            if name == "consent":
                params[name] = "inconnu"
            continue
        if name in LIST_FIELDS:
            params[name] = ",".join(sorted(value))
        elif name == "consent":
            params[name] = "oui" if value else "non"
        else:
            params[name] = str(value)
    return params


def explorer_params(article_notation: str | None, on: date | None) -> dict[str, str]:
    """The query parameters of an article page in the explorer."""
    params = {"mode": "explorateur"}
    if article_notation:
        params["article"] = article_notation
    if on:
        params["on"] = on.isoformat()
    return params
