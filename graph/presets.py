"""What the scenario form offers: notable cases to start from, and the questions worth asking.

Presets live in ``data/presets.yaml`` (the page never reads ``tests/``), in the scenario format
of ``docs/scenario-format.md`` without ``expect``: the verdict shown is the engine's, on the
data. The first preset is the one the page opens on (the 2016 Ille-et-Vilaine case).

The form asks only what can matter for the chosen act: ``relevant_choices`` reads, in the
compiled rulebook, the norms that can reach that act and collects the frameworks,
circumstances, missions, employers and consent they test. This reads the data; it decides
nothing (the engine still receives every fact the user gave).

Examples:
    >>> presets = load_presets()
    >>> presets[0].id
    'cd35-cdas-adresse-requisition-flagrance'
    >>> presets[0].fields["actor"], presets[0].fields["date"]
    ('assistant-service-social', '2015-06-01')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from graph.rulebook import Rulebook

PRESETS_FILE = Path(__file__).resolve().parent.parent / "data" / "presets.yaml"
#: Situation fields a preset may set (the scenario format), in the form's order.
SITUATION_FIELDS = (
    "actor",
    "employer",
    "missions",
    "act",
    "recipient",
    "framework",
    "circumstances",
    "consent",
    "date",
)


class PresetError(ValueError):
    """``data/presets.yaml`` is malformed: says which item and what is wrong."""


@dataclass(frozen=True)
class Preset:
    """A notable case: its id, a French title, a note for the trainer and its situation fields."""

    id: str
    title: str
    note: str
    fields: Mapping[str, Any]


def _fields(item: Mapping[str, Any], where: str) -> dict[str, Any]:
    unknown = sorted(set(item) - {"id", "title", "note", *SITUATION_FIELDS})
    if unknown:
        raise PresetError(f"{where} : champ(s) inconnu(s) {unknown}")
    fields = {key: item[key] for key in SITUATION_FIELDS if key in item}
    if isinstance(fields.get("date"), date):
        fields["date"] = fields["date"].isoformat()
    return fields


def load_presets(path: Path = PRESETS_FILE) -> tuple[Preset, ...]:
    """Read the presets file; raise ``PresetError`` naming the item when one is malformed."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(items, list):
        raise PresetError(f"{path.name} : une liste de cas est attendue")
    presets = []
    for index, item in enumerate(items, start=1):
        where = f"{path.name}, cas n° {index}"
        if not isinstance(item, dict) or not item.get("id") or not item.get("title"):
            raise PresetError(f"{where} : « id » et « title » sont obligatoires")
        note = str(item.get("note") or "")
        presets.append(Preset(str(item["id"]), str(item["title"]), note, _fields(item, where)))
    ids = [p.id for p in presets]
    if len(set(ids)) != len(ids):
        raise PresetError(f"{path.name} : identifiants en double")
    return tuple(presets)


def preset_by_id(presets: Iterable[Preset], preset_id: str) -> Preset | None:
    """The preset called ``preset_id``, or None (an id from a URL is untrusted)."""
    return next((p for p in presets if p.id == preset_id), None)


@dataclass(frozen=True)
class Relevance:
    """The choices that can change the answer for one act, read from the norms that reach it."""

    frameworks: frozenset[str] = field(default_factory=frozenset)
    circumstances: frozenset[str] = field(default_factory=frozenset)
    missions: frozenset[str] = field(default_factory=frozenset)
    employer: bool = False
    consent: bool = False


def relevant_choices(book: Rulebook, act: str) -> Relevance:
    """Frameworks, circumstances, missions, employer and consent tested by a norm that may reach
    ``act`` (bindings included for missions and employer: they decide who is bound)."""
    norms = book.candidates(act)
    frameworks: set[str] = set()
    circumstances: set[str] = set()
    missions: set[str] = set()
    employer = consent = False
    for norm in (*norms, *book.bindings):
        if norm.missions:
            missions |= norm.missions
        employer = employer or bool(norm.employers)
    for norm in norms:
        frameworks |= norm.frameworks or set()
        circumstances |= norm.requires | norm.excludes
        for options in norm.requires_one_of:
            circumstances |= options
        consent = consent or norm.requires_consent
    return Relevance(
        frozenset(frameworks - {"aucun"}),
        frozenset(circumstances),
        frozenset(missions),
        employer,
        consent,
    )
