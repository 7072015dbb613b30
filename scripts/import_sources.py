"""Turn the gathered sources (``sources/*.yaml``) into the Turtle files of ``data/``.

Why a generator: researchers edit the YAML files, the graph reads Turtle shaped by the contract
(docs/decisions/20261129-vocabulary-and-norms.md). Generating keeps both in step, makes every
triple traceable to one YAML field, and a re-run gives a byte-identical file.

Usage::

    .venv/bin/python scripts/import_sources.py            # both files
    .venv/bin/python scripts/import_sources.py articles   # data/articles.ttl only
    .venv/bin/python scripts/import_sources.py caselaw --out-dir /tmp/x
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a plain script: make the ``graph`` package importable
    sys.path.insert(0, str(ROOT))

from graph.vocab import (  # noqa: E402
    ELI,
    SG,
    SGR,
    article_iri,
    article_slug,
    bind_prefixes,
    concept_iri,
)

PROVISIONS = ROOT / "sources" / "provisions.yaml"
CASELAW = ROOT / "sources" / "caselaw.yaml"
CASELAW_FR = ROOT / "sources" / "caselaw_fr.yaml"
DATA = ROOT / "data"

HEADER = """\
# {name} — GENERATED, do not edit by hand.
# Written by scripts/import_sources.py from {source}.
# Change the source file (or the script) and run: .venv/bin/python scripts/import_sources.py
# Contract: docs/decisions/20261129-vocabulary-and-norms.md

"""

# --- Horizons of the sources (sg:sourcesReachUntil), per sources/SOURCES.md -----------------

#: Newest consolidation of the Archeo-Lex export (francois76/legifrance) read for the codes.
ARCHEO_LEX_HORIZON = date(2023, 6, 4)


@dataclass(frozen=True)
class Horizon:
    """How far the sources consulted for one article reach, and why (French note or None)."""

    until: date
    note: str | None = None


#: Articles whose sources do not stop at the spring-2023 Archeo-Lex export. The lois and the CGFP
#: rest on undated secondary pages: we take the newest date the sources themselves attest.
HORIZONS: dict[str, Horizon] = {
    "CP 226-14": Horizon(
        date(2025, 5, 31),
        "Horizon des sources : pages consultées jusqu'en mai 2025 (version du 12 mai 2024, "
        "texte partiel) ; aucune modification postérieure n'a été recherchée.",
    ),
    "CASF L311-3": Horizon(
        date(2024, 4, 10),
        "Horizon des sources : export Archeo-Lex du printemps 2023, puis la seule loi "
        "n° 2024-317 (version du 10 avril 2024, reconstituée) et la chronologie doctrine.fr. "
        "Rien n'a été vérifié au-delà du 10 avril 2024.",
    ),
    "CGFP L121-6": Horizon(
        date(2022, 3, 1),
        "Horizon des sources : le CGFP manque aux exports LEGI consultés ; seules des sources "
        "secondaires non datées citent l'article. Horizon retenu : l'entrée en vigueur du code "
        "(1er mars 2022) ; aucune version ultérieure n'a été recherchée.",
    ),
    "CGFP L121-7": Horizon(
        date(2022, 3, 1),
        "Horizon des sources : le CGFP manque aux exports LEGI consultés ; une seule source "
        "secondaire non datée paraphrase l'article. Horizon retenu : l'entrée en vigueur du "
        "code (1er mars 2022) ; aucune version ultérieure n'a été recherchée.",
    ),
    "Loi 71-1130 art. 66-5": Horizon(
        date(2011, 3, 30),
        "Horizon des sources : la chronologie doctrine.fr consultée (date de consultation "
        "inconnue) ne montre aucune version après celle du 30 mars 2011 ; faute de date de "
        "consultation, l'horizon retenu est cette dernière date attestée. Une modification "
        "postérieure (par exemple par la loi n° 2021-1729) n'a pas été vérifiée.",
    ),
    "Loi 1881-07-29 art. 2": Horizon(
        date(2010, 1, 6),
        "Horizon des sources : les pages consultées ne sont pas datées de façon sûre ; "
        "l'horizon retenu est la dernière date attestée, l'entrée en vigueur présumée de la loi "
        "n° 2010-1 (6 janvier 2010). Les modifications ultérieures n'ont pas été vérifiées.",
    ),
    "Loi 83-634 art. 26": Horizon(
        date(2022, 3, 1),
        "Horizon des sources : abrogation le 1er mars 2022, à l'entrée en vigueur du code "
        "général de la fonction publique (article d'abrogation non vu) ; des sources "
        "secondaires de 2021 citent encore la rédaction de 1983.",
    ),
    "Loi an XI art. 23": Horizon(
        date(2015, 5, 31),
        "Horizon des sources : export etalab des lois non codifiées (données jusqu'à mai 2015 "
        "environ) ; une version postérieure (« tribunal judiciaire », 2020) n'a pas été "
        "vérifiée.",
    ),
}

# --- Where each article's history starts (sg:historyKnownFrom) --------------------------------
#
# provisions.yaml lists the versions in force from 2000-01-01 (plus the one in force that day).
# Before an article's first version the engine must not say « pas encore en vigueur » unless that
# version CREATED the rule; when an earlier text or wording existed that the sources do not
# transcribe, the earlier period is unknown. Every decision quotes provisions.yaml; when the yaml
# says nothing, the earlier period is treated as unknown (the safe side).

CREATED = "created"  # the first version made the rule: before it, the rule did not exist
IN_BASE = "predecessor in base"  # the earlier text is another article of the base
NOT_TRANSCRIBED = "predecessor not transcribed"  # an earlier text existed; we do not have it


@dataclass(frozen=True)
class History:
    """What the sources say of an article before its first version, with their words."""

    kind: str  # CREATED, IN_BASE or NOT_TRANSCRIBED
    because: str  # the words of provisions.yaml that justify it
    known_from: date | None = None  # NOT_TRANSCRIBED only: when not the first version's start


_NOUVEAU_CP = "amended_by: Nouveau code pénal (1994) — LEGI: « origine indéterminée »"
_CFAS = "notes: before 2000-12-23 the rule was in the code de la famille et de l'aide sociale"
HISTORY: dict[str, History] = {
    "CP 226-13": History(NOT_TRANSCRIBED, _NOUVEAU_CP),
    "CP 226-14": History(NOT_TRANSCRIBED, "amended_by: LEGI: « origine indéterminée »"),
    "CP 223-6": History(NOT_TRANSCRIBED, _NOUVEAU_CP),
    "CP 434-1": History(NOT_TRANSCRIBED, _NOUVEAU_CP),
    "CP 434-3": History(
        NOT_TRANSCRIBED, "notes: the secrecy exemption ... is unchanged since 1994"
    ),
    "CP 434-11": History(NOT_TRANSCRIBED, _NOUVEAU_CP),
    "CP 132-80": History(CREATED, "amended_by: Loi n° 2006-399 ... (création) [verified]"),
    "CPP 40": History(NOT_TRANSCRIBED, "amended_by: Loi n° 98-468 (not « création »)"),
    "CPP 56-1": History(NOT_TRANSCRIBED, "amended_by: Loi n° 93-2, art. 2 (not « création »)"),
    "CPP 56-2": History(NOT_TRANSCRIBED, "amended_by: etalab: « origine indéterminée »"),
    "CPP 56-3": History(NOT_TRANSCRIBED, "amended_by: etalab: « origine indéterminée »"),
    "CPP 56-4": History(CREATED, "amended_by: Loi n° 2009-928 (création) [verified]"),
    "CPP 56-5": History(CREATED, "notes: created after May 2015 (no dated version)"),
    "CPP 60-1": History(CREATED, "amended_by: Loi n° 2003-239 (création) [verified]"),
    "CPP 77-1-1": History(CREATED, "amended_by: Loi n° 2003-239 (création) [probable]"),
    "CPP 99-3": History(CREATED, "amended_by: Loi n° 2004-204 (création) [probable]"),
    "CPP 61": History(NOT_TRANSCRIBED, "amended_by: ordonnance 61-112, lois 81-82 et 83-466"),
    "CPP 62": History(NOT_TRANSCRIBED, "amended_by: Loi n° 93-2, art. 2 (not « création »)"),
    "CPP 109": History(NOT_TRANSCRIBED, "amended_by: « Modifié par » loi n° 92-1336"),
    "CPP 326": History(NOT_TRANSCRIBED, "amended_by: LEGI: « origine indéterminée »"),
    "CPP 437": History(NOT_TRANSCRIBED, "amended_by: origine indéterminée"),
    "CASF L411-3": History(NOT_TRANSCRIBED, _CFAS + " (art. 225 CFAS)"),
    "CASF L221-6": History(NOT_TRANSCRIBED, _CFAS),
    "CASF L226-2-1": History(CREATED, "amended_by: Loi n° 2007-293, art. 12 (création)"),
    "CASF L226-2-2": History(CREATED, "amended_by: Loi n° 2007-293 (création)"),
    "CASF L226-3": History(NOT_TRANSCRIBED, _CFAS),
    "CASF L226-4": History(NOT_TRANSCRIBED, _CFAS),
    "CASF L226-9": History(NOT_TRANSCRIBED, _CFAS),
    "CASF L121-6-2": History(CREATED, "amended_by: Loi n° 2007-297, art. 8 (création)"),
    "CASF L311-3": History(NOT_TRANSCRIBED, _CFAS),
    "CASF L112-3": History(CREATED, "amended_by: Loi n° 2007-293 (création)"),
    "CASF L116-1": History(CREATED, "notes: Created on 2002-01-03"),
    "CASF L133-5": History(NOT_TRANSCRIBED, _CFAS),
    "CSP L1110-4": History(CREATED, "amended_by: Loi n° 2002-303, art. 3 (création)"),
    "CSP L1111-7": History(CREATED, "amended_by: Loi n° 2002-303 (création) — probable"),
    "CSP L3113-1": History(
        NOT_TRANSCRIBED, "notes: before 2000-06-22 the rule was in the former CSP (art. L. 11)"
    ),
    "CSP R4127-4": History(NOT_TRANSCRIBED, "notes: predecessor art. 4 of décret n° 95-1000"),
    "CSP R4127-35": History(NOT_TRANSCRIBED, "notes: predecessor art. 35 of décret n° 95-1000"),
    "CSP R4127-44": History(NOT_TRANSCRIBED, "notes: predecessor art. 44 of décret n° 95-1000"),
    "CSP R4312-4": History(NOT_TRANSCRIBED, "notes: predecessor art. 4 of décret n° 93-221"),
    "CSP R4312-5": History(IN_BASE, "notes: before 2016-11-28 the secrecy rule was R4312-4"),
    "CSP R4312-7": History(NOT_TRANSCRIBED, "notes: predecessor: a provision of décret 93-221"),
    "CSP R4312-18": History(IN_BASE, "amended_by: (création); notes: predecessor R4312-7"),
    "C. civ. 9": History(NOT_TRANSCRIBED, "amended_by: Loi n° 70-643 (not « création »)"),
    "C. civ. 56": History(NOT_TRANSCRIBED, "amended_by: Loi n° 93-22, art. 1 (not « création »)"),
    "C. civ. 326": History(
        NOT_TRANSCRIBED,
        "version 1 note: until 2006 the right to give birth under secrecy was in art. 341-1 "
        "(not covered); 326 itself then dealt with paternity",
        known_from=date(2006, 7, 1),
    ),
    "C. civ. 373-2-12": History(CREATED, "amended_by: steeve « Créé par Loi n°2002-303 »"),
    "C. civ. 375": History(NOT_TRANSCRIBED, "amended_by: Loi n° 87-570, art. 2"),
    "C. civ. 375-2": History(NOT_TRANSCRIBED, "amended_by: Loi n° 70-459, art. 2"),
    "CMF L561-2": History(NOT_TRANSCRIBED, "notes: before 2009, former articles L562-1 ff."),
    "CMF L561-3": History(NOT_TRANSCRIBED, "notes: before 2009, former L562-1 and L562-2-1"),
    "CMF L561-15": History(NOT_TRANSCRIBED, "notes: before 2009, former article L562-2"),
    "CSI L132-5": History(NOT_TRANSCRIBED, "notes: before 2012-05-01, CGCT art. L2211-5"),
    "CGFP L121-6": History(IN_BASE, "notes: predecessor: loi n° 83-634 art. 26, al. 1"),
    "CGFP L121-7": History(IN_BASE, "notes: predecessor: loi n° 83-634 art. 26, al. 2"),
    "Loi 71-1130 art. 66-5": History(NOT_TRANSCRIBED, "amended_by: Loi n° 97-308 (not création)"),
    "Loi 1881-07-29 art. 2": History(
        CREATED, "notes: before 2010 art. 2 dealt with the printer's imprint (known, unrelated)"
    ),
    "Loi 83-634 art. 26": History(CREATED, "amended_by: texte d'origine"),
    # Both versions undated: no date to give (and undated versions are never in force anyway).
    "Loi an XI art. 23": History(NOT_TRANSCRIBED, "amended_by: unknown ... origin not identified"),
}


def history_known_from(entry: Mapping[str, Any]) -> date | None:
    """``sg:historyKnownFrom``: before it an earlier text existed that the sources lack.

    None when the first version created the rule (or the earlier text is in the base): before
    it, « pas encore en vigueur » is the truth. An article missing from ``HISTORY`` is an error:
    a new article needs its decision, read in provisions.yaml.
    """
    history = HISTORY[entry["id"]]
    if history.kind != NOT_TRANSCRIBED:
        return None
    starts = [iso_date(v.get("start_date")) for v in entry["versions"]]
    return history.known_from or min((s for s in starts if s), default=None)


# --- Reading the YAML ---------------------------------------------------------------------------


def load_yaml(path: Path) -> Any:
    """Read one YAML source file (the files are small: no streaming needed)."""
    with path.open(encoding="utf-8") as stream:
        return yaml.safe_load(stream)


def iso_date(value: str | None) -> date | None:
    """Parse a YAML ``YYYY-MM-DD`` string (kept quoted in the sources) or pass ``None`` on."""
    return date.fromisoformat(value) if value else None


def fr(text: str) -> Literal:
    """A French literal: official texts, our titles and summaries."""
    return Literal(text.strip(), lang="fr")


def en(text: str) -> Literal:
    """An English literal: the research notes of the YAML files are written in English."""
    return Literal(text.strip(), lang="en")


def xsd_date(day: date) -> Literal:
    """An ``xsd:date`` literal."""
    return Literal(day.isoformat(), datatype=XSD.date)


# --- Codes and articles -------------------------------------------------------------------------


def code_notation(entry: Mapping[str, Any]) -> str:
    """The citation prefix of an article's code or law: ``CP``, ``C. civ.``, ``Loi 71-1130``."""
    notation: str = entry["id"]
    for suffix in (f" art. {entry['article']}", f" {entry['article']}"):
        if notation.endswith(suffix):
            return notation[: -len(suffix)]
    raise ValueError(f"cannot split the code from {notation!r}")


def code_iri(notation: str) -> URIRef:
    """``sgr:code/CP``, ``sgr:code/C_civ``, ``sgr:code/Loi_an_XI`` (same slug rule as articles)."""
    return SGR[f"code/{article_slug(notation)}"]


def is_code(notation: str) -> bool:
    """Codes are cited by an abbreviation; the non-codified laws by « Loi … »."""
    return not notation.startswith("Loi ")


def legifrance_url(entry: Mapping[str, Any]) -> URIRef:
    """The Légifrance page of the article, or a Légifrance search when its id is not known."""
    legiarti = entry.get("legiarti_article_id")
    if legiarti:
        # Codified articles live under /codes/, the non-codified laws under /loda/.
        section = "codes" if is_code(code_notation(entry)) else "loda"
        return URIRef(f"https://www.legifrance.gouv.fr/{section}/article_lc/{legiarti}")
    # Not the article itself: a full-text search on Légifrance for « <code> article <n> »,
    # because the LEGIARTI id was never seen in a source (and is never guessed).
    query = quote(f"{entry['code']} article {entry['article']}", safe="")
    return URIRef(f"https://www.legifrance.gouv.fr/search/all?query={query}")


def add_codes(graph: Graph, entries: Iterable[Mapping[str, Any]]) -> None:
    """One ``eli:LegalResource`` per code or law, titled by the YAML ``code`` field."""
    for entry in entries:
        notation = code_notation(entry)
        code = code_iri(notation)
        graph.add((code, RDF.type, ELI.LegalResource))
        graph.add((code, SKOS.notation, Literal(notation)))
        graph.add((code, DCTERMS.title, fr(entry["code"])))


def horizon_of(entry: Mapping[str, Any]) -> Horizon:
    """The horizon of the sources for an article (see ``HORIZONS``)."""
    return HORIZONS.get(entry["id"], Horizon(ARCHEO_LEX_HORIZON))


def add_article(graph: Graph, entry: Mapping[str, Any]) -> URIRef:
    """One ``eli:LegalResourceSubdivision``: the article, whatever its versions."""
    article = article_iri(entry["id"])
    graph.add((article, RDF.type, ELI.LegalResourceSubdivision))
    graph.add((article, SKOS.notation, Literal(entry["id"])))
    graph.add((article, ELI.is_part_of, code_iri(code_notation(entry))))
    graph.add((article, DCTERMS.title, fr(entry["title"])))
    if entry.get("legiarti_article_id"):
        graph.add((article, ELI.id_local, Literal(entry["legiarti_article_id"])))
    graph.add((article, SG.legifranceUrl, legifrance_url(entry)))
    horizon = horizon_of(entry)
    graph.add((article, SG.sourcesReachUntil, xsd_date(horizon.until)))
    known_from = history_known_from(entry)
    if known_from:
        graph.add((article, SG.historyKnownFrom, xsd_date(known_from)))
    if horizon.note:
        graph.add((article, SKOS.note, fr(horizon.note)))
    if entry.get("notes"):
        graph.add((article, SKOS.note, en(entry["notes"])))
    return article


# --- Versions -----------------------------------------------------------------------------------


def version_iri(article: URIRef, version: Mapping[str, Any], rank: int) -> URIRef:
    """``<article>/v/<start>``, or ``<article>/v/undated-<rank>`` when the start is unknown."""
    start = version.get("start_date")
    return URIRef(f"{article}/v/{start}" if start else f"{article}/v/undated-{rank}")


def last_day_in_force(version: Mapping[str, Any]) -> date | None:
    """The inclusive last day: the YAML ``end_date`` is the next version's first day."""
    end = iso_date(version.get("end_date"))
    return end - timedelta(days=1) if end else None


def split_source(source: str) -> tuple[URIRef | Literal, str | None]:
    """A source as ``dcterms:source`` (IRI when it is a URL) and what the YAML says of it."""
    if not source.startswith("http"):
        return Literal(source), None
    url, _, comment = source.partition(" ")
    return URIRef(url), comment.strip(" —") or None


def add_sources(graph: Graph, subject: URIRef, sources: Iterable[str]) -> None:
    """One ``dcterms:source`` per source; a URL's commentary is kept as an editorial note."""
    for source in sources:
        value, comment = split_source(source)
        graph.add((subject, DCTERMS.source, value))
        if comment:
            graph.add((subject, SKOS.editorialNote, en(f"Source {value}: {comment}")))


def add_version(graph: Graph, article: URIRef, version: Mapping[str, Any], rank: int) -> URIRef:
    """One ``eli:LegalExpression`` with every field the contract lists."""
    node = version_iri(article, version, rank)
    graph.add((node, RDF.type, ELI.LegalExpression))
    graph.add((node, ELI.realizes, article))
    if version.get("text"):
        graph.add((node, SG.text, fr(version["text"])))
    graph.add((node, SG.textStatus, concept_iri("text-status", version["text_status"])))
    start = iso_date(version.get("start_date"))
    if start:
        graph.add((node, ELI.first_date_entry_in_force, xsd_date(start)))
    graph.add((node, SG.dateStatus, Literal("known" if start else "unknown")))
    last_day = last_day_in_force(version)
    if last_day:
        graph.add((node, ELI.date_no_longer_in_force, xsd_date(last_day)))
    graph.add((node, SG.rank, Literal(rank)))
    graph.add((node, SG.amendingText, Literal(version["amended_by"])))
    if version.get("text_basis"):
        graph.add((node, SG.textBasis, Literal(version["text_basis"])))
    if version.get("legiarti"):
        graph.add((node, ELI.id_local, Literal(version["legiarti"])))
    add_sources(graph, node, version.get("sources") or [])
    graph.add((node, SG.confidence, en(version["confidence"])))
    if version.get("note"):
        graph.add((node, SKOS.note, en(version["note"])))
    return node


# --- Items (1°, 2° bis, alinéas) ----------------------------------------------------------------

#: « 1° », « 2° bis », « 12° ter »… at the start of an alinéa.
ITEM_NUMBER = re.compile(
    r"^(\d+)\s*°(?:\s+(bis|ter|quater|quinquies|sexies|septies|octies|nonies|decies))?(?=\s|$)"
)
#: Editorial markers of partial texts: « [...] », « [... fin du 2° bis non disponible ...] ».
MARKER = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class Alinea:
    """One alinéa of a version's text, ready to become an ``sg:Item``."""

    index: int  # 1-based position among all the alinéas of the text
    key: str  # last segment of the item IRI: "1", "2bis", "al3"
    label: str  # as the text writes it: "1°", "2° bis", "al. 3"
    text: str  # official words only (editorial markers removed)
    truncated: bool  # an editorial marker was removed: the official alinéa is longer


def alinea_texts(text: str) -> list[str]:
    """The alinéas of a text, as the YAML separates them (blank lines)."""
    return [part.strip() for part in re.split(r"\n\s*\n", text.strip())]


def label_and_key(alinea: str, index: int) -> tuple[str, str]:
    """« 2° bis … » → (``2° bis``, ``2bis``); any other alinéa → (``al. K``, ``alK``)."""
    match = ITEM_NUMBER.match(alinea)
    if not match:
        return f"al. {index}", f"al{index}"
    number, suffix = match.groups()
    if suffix:
        return f"{number}° {suffix}", f"{number}{suffix}"
    return f"{number}°", number


def alineas(text: str) -> Iterator[Alinea]:
    """The items of a text; alinéas that are only editorial markers are skipped, not renumbered."""
    for index, raw in enumerate(alinea_texts(text), start=1):
        official = re.sub(r"\s{2,}", " ", MARKER.sub("", raw)).strip()
        if not official:
            continue
        label, key = label_and_key(official, index)
        yield Alinea(index, key, label, official, truncated=official != raw)


def unique_alineas(text: str, where: str, duplicates: list[str]) -> Iterator[Alinea]:
    """Give a later alinéa with an already used id its alinéa index as suffix, and report it."""
    seen: set[str] = set()
    for alinea in alineas(text):
        if alinea.key in seen:
            new_key = f"{alinea.key}-al{alinea.index}"
            duplicates.append(f"{where}: item {alinea.key!r} repeated, renamed {new_key!r}")
            alinea = replace(alinea, key=new_key)
        seen.add(alinea.key)
        yield alinea


def add_items(
    graph: Graph, version: URIRef, notation: str, text: str, duplicates: list[str]
) -> None:
    """One ``sg:Item`` per alinéa of the version's text (norms are grounded in them)."""
    for alinea in unique_alineas(text, f"{notation} {version.rsplit('/', 1)[1]}", duplicates):
        item = URIRef(f"{version}/{alinea.key}")
        graph.add((item, RDF.type, SG.Item))
        graph.add((item, ELI.is_part_of, version))
        graph.add((item, SKOS.notation, Literal(f"{notation} {alinea.label}")))
        graph.add((item, SG.itemLabel, Literal(alinea.label)))
        graph.add((item, SG.text, fr(alinea.text)))
        if alinea.truncated:
            graph.add(
                (
                    item,
                    SKOS.note,
                    fr(
                        "Texte incomplet : une partie de l'alinéa n'a pas été trouvée mot pour "
                        "mot dans les sources ; le marqueur « [...] » a été retiré."
                    ),
                )
            )


# --- The articles graph -------------------------------------------------------------------------


def build_articles_graph(entries: list[Mapping[str, Any]]) -> tuple[Graph, list[str]]:
    """Codes, articles, versions and items of ``provisions.yaml``; also the duplicate item ids."""
    graph = bind_prefixes(Graph())
    duplicates: list[str] = []
    add_codes(graph, entries)
    for entry in entries:
        article = add_article(graph, entry)
        for rank, version in enumerate(entry["versions"], start=1):
            node = add_version(graph, article, version, rank)
            if version.get("text"):
                add_items(graph, node, entry["id"], version["text"], duplicates)
    return graph, duplicates


# --- Case law -----------------------------------------------------------------------------------

#: Citations in caselaw.yaml that name one of our articles differently.
CITATION_ALIASES = {"Loi 1881 art. 2": "Loi 1881-07-29 art. 2"}


def cited_provisions(decision: Mapping[str, Any]) -> list[str]:
    """Provisions and modern equivalents of a decision, aliases resolved, first mention kept."""
    cited = [*decision.get("provisions", []), *decision.get("modern_equivalents", [])]
    return list(dict.fromkeys(CITATION_ALIASES.get(name, name) for name in cited))


def outside_note(outside: list[str]) -> Literal:
    """The provisions a decision cites that are not articles of the base."""
    return fr("Dispositions visées hors base : " + ", ".join(outside))


def add_decision(
    graph: Graph, decision: Mapping[str, Any], french: Mapping[str, str], known: set[str]
) -> URIRef:
    """One ``sg:Decision`` with our French title and summary and links to our articles."""
    node = SGR[f"decision/{decision['id']}"]
    graph.add((node, RDF.type, SG.Decision))
    graph.add((node, DCTERMS.title, fr(french["titre"])))
    graph.add((node, SG.court, fr(decision["court"])))
    chamber = french.get("chambre") or decision.get("chamber")
    if chamber:
        graph.add((node, SG.chamber, fr(chamber)))
    if decision.get("date"):
        graph.add((node, DCTERMS.date, xsd_date(date.fromisoformat(decision["date"]))))
    if french.get("note_date"):
        graph.add((node, SG.dateNote, fr(french["note_date"])))
    if decision.get("case_number"):
        graph.add((node, SG.caseNumber, Literal(decision["case_number"])))
    if decision.get("ecli"):  # only an ECLI seen in a source; never derived
        graph.add((node, DCTERMS.identifier, Literal(decision["ecli"])))
    graph.add((node, SG.publication, fr(french["publication"])))
    graph.add((node, SG.outcome, fr(french["issue"])))
    graph.add((node, DCTERMS.abstract, fr(french["resume"])))
    graph.add((node, SG.confidence, Literal(decision["confidence"])))
    if decision.get("confidence_note"):
        graph.add((node, SKOS.note, en(decision["confidence_note"])))
    cited = cited_provisions(decision)
    for notation in cited:
        if notation in known:
            graph.add((node, SG.interprets, article_iri(notation)))
            graph.add((article_iri(notation), ELI.cited_by_case_law, node))
    outside = [notation for notation in cited if notation not in known]
    if outside:
        graph.add((node, SKOS.note, outside_note(outside)))
    for source in decision.get("sources", []):
        graph.add((node, DCTERMS.source, URIRef(source["url"])))
    return node


def check_french(decisions: list[Mapping[str, Any]], french: Mapping[str, Any]) -> None:
    """Every decision needs its French title, summary, outcome and publication, and no more."""
    ids = {decision["id"] for decision in decisions}
    missing, extra = ids - set(french), set(french) - ids
    if missing or extra:
        raise ValueError(f"caselaw_fr.yaml: missing {sorted(missing)}, unknown {sorted(extra)}")
    for key, entry in french.items():
        absent = {"titre", "resume", "issue", "publication"} - set(entry)
        if absent:
            raise ValueError(f"caselaw_fr.yaml: {key} lacks {sorted(absent)}")
    for decision in decisions:
        if decision.get("date_note") and not french[decision["id"]].get("note_date"):
            raise ValueError(f"caselaw_fr.yaml: {decision['id']} lacks note_date")


def build_caselaw_graph(
    decisions: list[Mapping[str, Any]], french: Mapping[str, Any], known: set[str]
) -> Graph:
    """Decisions of ``caselaw.yaml`` with the French texts of ``caselaw_fr.yaml``."""
    check_french(decisions, french)
    graph = bind_prefixes(Graph())
    for decision in decisions:
        add_decision(graph, decision, french[decision["id"]], known)
    return graph


# --- Writing ------------------------------------------------------------------------------------


class SortedTurtleSerializer(TurtleSerializer):
    """Turtle with subjects in IRI order: an article, then its versions, each with its items.

    rdflib already sorts predicates and objects; its default subject order (by number of
    references) is stable too but scatters an article's parts across the file.
    """

    def orderSubjects(self) -> list[Node]:  # noqa: N802 (rdflib's method name)
        """Subjects sorted by IRI (blank nodes last, though the importer writes none)."""
        return sorted(self._subjects, key=lambda node: (isinstance(node, BNode), str(node)))


def serialise(graph: Graph, name: str, source: str) -> str:
    """Turtle with a comment header (rdflib cannot write comments), in a stable order."""
    stream = BytesIO()
    SortedTurtleSerializer(graph).serialize(stream, encoding="utf-8")
    return HEADER.format(name=name, source=source) + stream.getvalue().decode("utf-8")


def write(path: Path, content: str) -> None:
    """Write UTF-8 with Unix newlines, creating ``data/`` if needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8", newline="\n")


def write_articles(out_dir: Path, provisions: Path = PROVISIONS) -> list[str]:
    """Write ``articles.ttl``; return the duplicate item ids that had to be renamed."""
    graph, duplicates = build_articles_graph(load_yaml(provisions))
    write(out_dir / "articles.ttl", serialise(graph, "articles.ttl", "sources/provisions.yaml"))
    return duplicates


def write_caselaw(
    out_dir: Path,
    caselaw: Path = CASELAW,
    french: Path = CASELAW_FR,
    provisions: Path = PROVISIONS,
) -> None:
    """Write ``caselaw.ttl`` (links only to articles that ``provisions.yaml`` defines)."""
    known = {entry["id"] for entry in load_yaml(provisions)}
    graph = build_caselaw_graph(load_yaml(caselaw), load_yaml(french), known)
    source = "sources/caselaw.yaml and sources/caselaw_fr.yaml (our French summaries)"
    write(out_dir / "caselaw.ttl", serialise(graph, "caselaw.ttl", source))


def main(argv: list[str] | None = None) -> int:
    """Command line: which file(s) to generate, and where."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", choices=["all", "articles", "caselaw"], default="all")
    parser.add_argument("--out-dir", type=Path, default=DATA)
    args = parser.parse_args(argv)
    if args.what in ("all", "articles"):
        for duplicate in write_articles(args.out_dir):
            print(f"duplicate item id: {duplicate}", file=sys.stderr)
        print(f"wrote {args.out_dir / 'articles.ttl'}")
    if args.what in ("all", "caselaw"):
        write_caselaw(args.out_dir)
        print(f"wrote {args.out_dir / 'caselaw.ttl'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
