"""An article as the ``secretgraph article`` command prints it: the text in force, in French.

``graph.versions`` answers "which version on date D"; this module writes that answer for a
reader: the version's window, its amending text, whether its text is complete, partial or
missing (never padded), its sources, every version on request, the Légifrance link and the
decisions citing the article. Past the sources' horizon the freshness warning comes first, so
it cannot be missed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from graph.versions import (
    Version,
    VersionInForce,
    french_date,
    freshness_warning,
    legifrance_url,
    version_in_force,
    versions_of,
)

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

_STATUS_WORDS = {
    "complete": "texte complet",
    "partial": (
        "texte PARTIEL : seuls les passages retrouvés sont donnés ; les marques « [...] » ne "
        "sont pas officielles"
    ),
    "missing": "texte MANQUANT : aucune source consultée ne donne le texte de cette version",
    "unknown": "état du texte non renseigné",
}


def describe_article(
    kb: KnowledgeBase, article_id: str, on: date, *, all_versions: bool = False
) -> str:
    """The article as in force on ``on``, in French, for a reader (the ``article`` command).

    A partial or missing text is said to be so, never padded; past the sources' horizon the
    freshness warning comes first, so it cannot be missed.
    """
    attrs = kb.network.nodes[article_id]
    notation = attrs["label"]
    title = _first(attrs, "dcterms:title")
    url = legifrance_url(kb, article_id)
    lines = [f"{notation} — {title}" if title else notation]
    answer = version_in_force(kb, article_id, on)
    if answer is not None and answer.beyond_horizon and answer.horizon is not None:
        lines += ["", freshness_warning(notation, answer.horizon, on, url)]
    versions = versions_of(kb, article_id)
    if answer is None:
        lines += _nothing_in_force(notation, versions, on)
    else:
        lines += _in_force(kb, answer, versions)
    if all_versions:
        lines += _all_versions(kb, answer, versions)
    lines += ["", f"Légifrance : {url}", ""]
    decisions = _decisions(kb, article_id)
    heading = "Décisions citant cet article :"
    lines += [heading if decisions else f"{heading} aucune dans la base", *decisions]
    return "\n".join(lines)


def _nothing_in_force(notation: str, versions: Sequence[Version], on: date) -> list[str]:
    """Say no dated version is in force, and when the first one starts if ``on`` is before."""
    lines = ["", f"Aucune version datée de {notation} n'est en vigueur le {french_date(on)}."]
    starts = [v.start for v in versions if v.start is not None]
    if starts and on < min(starts):
        lines.append(f"La plus ancienne version connue date du {french_date(min(starts))}.")
    return lines


def _in_force(kb: KnowledgeBase, answer: VersionInForce, versions: Sequence[Version]) -> list[str]:
    """The version in force, and the undated versions that might be in force instead."""
    by_id = {v.id: v for v in versions}
    lines = ["", f"Texte en vigueur le {french_date(answer.on)} :"]
    lines += _version_block(kb, by_id[answer.version])
    if answer.undated_candidates:
        lines += [
            "",
            "Attention : une version de date inconnue pourrait être en vigueur à "
            "cette date à la place de celle-ci :",
        ]
        lines += [f"  - {kb.network.nodes[c]['label']}" for c in answer.undated_candidates]
    return lines


def _all_versions(
    kb: KnowledgeBase, answer: VersionInForce | None, versions: Sequence[Version]
) -> list[str]:
    """Every version, numbered oldest first, the one in force marked."""
    lines = ["", f"Toutes les versions ({len(versions)}) :"]
    for index, version in enumerate(versions, start=1):
        current = answer is not None and version.id == answer.version
        marker = "  ← en vigueur à cette date" if current else ""
        lines += ["", f"[{index}] {version.id.rsplit('/v/', 1)[-1]}{marker}"]
        lines += _version_block(kb, version)
    return lines


def _window(version: Version) -> str:
    """The version's dates in words: « en vigueur du … au … inclus »."""
    if version.start is None:
        end = f", fin le {french_date(version.end)} inclus" if version.end else ""
        return f"à date de début inconnue{end}"
    if version.end is None:
        return f"en vigueur depuis le {french_date(version.start)} (aucune fin connue des sources)"
    return f"en vigueur du {french_date(version.start)} au {french_date(version.end)} inclus"


def _values(kb: KnowledgeBase, node: str, key: str) -> list[str]:
    """Literal values and IRI targets of one predicate, as strings, in a stable order."""
    literals = [str(v) for v in kb.network.nodes[node].get(key, ())]
    targets = sorted(t for _, t, k in kb.network.out_edges(node, keys=True) if k == key)
    return literals + targets


def _version_block(kb: KnowledgeBase, version: Version) -> list[str]:
    """One version: window, amending text, state of the text, the text, its sources."""
    attrs = kb.network.nodes[version.id]
    status = _STATUS_WORDS.get(version.status, version.status)
    if "reconstructed" in [str(b) for b in attrs.get("sg:textBasis", ())]:
        status += " (reconstitué à partir du texte modificatif, pas copié d'une consolidation)"
    lines = [f"Version {_window(version)}"]
    if version.amending_text:
        lines.append(f"Modifiée par : {version.amending_text}")
    lines.append(f"État du texte : {status}")
    if version.text:
        lines += ["", version.text, ""]
    sources = _values(kb, version.id, "dcterms:source")
    lines.append("Sources :" if sources else "Sources : aucune source citée pour cette version")
    lines += [f"  - {source}" for source in sources]
    return lines


def _decisions(kb: KnowledgeBase, article_id: str) -> list[str]:
    """One line per decision citing or interpreting the article, oldest first."""
    ids = {
        t for _, t, k in kb.network.out_edges(article_id, keys=True) if k == "eli:cited_by_case_law"
    }
    ids |= {s for s, _, k in kb.network.in_edges(article_id, keys=True) if k == "sg:interprets"}
    lines = []
    for decision in sorted(
        ids, key=lambda d: (_first(kb.network.nodes[d], "dcterms:date") or date.min, d)
    ):
        attrs = kb.network.nodes[decision]
        when = _first(attrs, "dcterms:date")
        when_text = french_date(when) if when else _first(attrs, "sg:dateNote") or "date inconnue"
        court = _first(attrs, "sg:court")
        lines.append(f"  - {attrs['label']} ({court + ', ' if court else ''}{when_text})")
    return lines


def _first(attrs: Mapping[str, Any], key: str) -> Any:
    values = attrs.get(key, ())
    return values[0] if values else None
