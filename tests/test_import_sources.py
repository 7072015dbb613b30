"""The generated Turtle files say what the source YAML files say, and nothing else.

They check data/articles.ttl and data/caselaw.ttl as committed (the loader reads those), that the
generator reproduces them byte for byte, and the splitting of texts into items.
"""

from __future__ import annotations

import importlib.util
import sys
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.vocab import ELI, SG, SGR, article_iri, concept_iri

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "import_sources.py"


def load_script() -> ModuleType:
    """Import scripts/import_sources.py (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("import_sources", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


importer = load_script()


def read_yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / "sources" / name).read_text(encoding="utf-8"))


PROVISIONS: list[dict[str, Any]] = read_yaml("provisions.yaml")
CASELAW: list[dict[str, Any]] = read_yaml("caselaw.yaml")


@pytest.fixture(scope="module")
def articles() -> Graph:
    return Graph().parse(ROOT / "data" / "articles.ttl")


@pytest.fixture(scope="module")
def caselaw() -> Graph:
    return Graph().parse(ROOT / "data" / "caselaw.ttl")


def versions_of(entry: dict[str, Any]) -> list[tuple[int, dict[str, Any], URIRef]]:
    """(rank, yaml version, expected IRI) for every version of an article."""
    article = article_iri(entry["id"])
    return [
        (
            rank,
            version,
            URIRef(f"{article}/v/{version['start_date'] or f'undated-{rank}'}"),
        )
        for rank, version in enumerate(entry["versions"], start=1)
    ]


def items_of(graph: Graph, version: URIRef) -> dict[str, URIRef]:
    return {str(item).rsplit("/", 1)[1]: item for item in graph.subjects(ELI.is_part_of, version)}


# --- (a) articles and versions ------------------------------------------------------------------


def test_every_article_is_there_with_its_code(articles: Graph) -> None:
    assert len(PROVISIONS) == 59
    assert len(set(articles.subjects(RDF.type, ELI.LegalResourceSubdivision))) == 59
    for entry in PROVISIONS:
        article = article_iri(entry["id"])
        assert (article, RDF.type, ELI.LegalResourceSubdivision) in articles
        assert articles.value(article, SKOS.notation) == Literal(entry["id"])
        code = articles.value(article, ELI.is_part_of)
        assert (code, RDF.type, ELI.LegalResource) in articles
        assert articles.value(code, DCTERMS.title) == Literal(entry["code"], lang="fr")
        assert articles.value(article, SG.sourcesReachUntil) is not None
        if entry["legiarti_article_id"]:
            assert articles.value(article, ELI.id_local) == Literal(entry["legiarti_article_id"])
            assert entry["legiarti_article_id"] in str(articles.value(article, SG.legifranceUrl))
        else:
            assert articles.value(article, ELI.id_local) is None
            assert "/search/" in str(articles.value(article, SG.legifranceUrl))


def test_twelve_codes_and_laws(articles: Graph) -> None:
    codes = set(articles.subjects(RDF.type, ELI.LegalResource))
    assert {str(code).removeprefix(str(SGR) + "code/") for code in codes} == {
        "CP", "CPP", "CASF", "CSP", "C_civ", "CMF", "CSI", "CGFP",
        "Loi_71-1130", "Loi_1881-07-29", "Loi_83-634", "Loi_an_XI",
    }  # fmt: skip


def test_every_version_with_status_rank_and_text(articles: Graph) -> None:
    count = 0
    for entry in PROVISIONS:
        for rank, version, node in versions_of(entry):
            count += 1
            assert (node, RDF.type, ELI.LegalExpression) in articles, node
            assert articles.value(node, ELI.realizes) == article_iri(entry["id"])
            assert articles.value(node, SG.rank).toPython() == rank
            status = concept_iri("text-status", version["text_status"])
            assert articles.value(node, SG.textStatus) == status
            text = articles.value(node, SG.text)
            if version["text"] is None:
                assert text is None
            else:
                assert text == Literal(version["text"].strip(), lang="fr")
            assert articles.value(node, SG.amendingText) == Literal(version["amended_by"])
            basis = articles.value(node, SG.textBasis)
            assert (basis.toPython() if basis else None) == version.get("text_basis")
    assert count == 177
    assert len(set(articles.subjects(RDF.type, ELI.LegalExpression))) == 177


def test_dates_end_the_day_before_the_next_version(articles: Graph) -> None:
    for entry in PROVISIONS:
        dated = versions_of(entry)
        for index, (_rank, version, node) in enumerate(dated):
            start = articles.value(node, ELI.first_date_entry_in_force)
            end = articles.value(node, ELI.date_no_longer_in_force)
            if version["start_date"]:
                assert start.toPython() == date.fromisoformat(version["start_date"])
                assert articles.value(node, SG.dateStatus) == Literal("known")
            else:
                assert start is None
                assert articles.value(node, SG.dateStatus) == Literal("unknown")
            if version["end_date"] is None:
                assert end is None
                continue
            assert end.toPython() == date.fromisoformat(version["end_date"]) - timedelta(days=1)
            if index + 1 < len(dated):
                following = articles.value(dated[index + 1][2], ELI.first_date_entry_in_force)
                if following is not None:
                    assert end.toPython() == following.toPython() - timedelta(days=1)


def test_cp_226_14_2020_ends_on_2021_12_01(articles: Graph) -> None:
    node = URIRef(f"{article_iri('CP 226-14')}/v/2020-08-01")
    assert articles.value(node, ELI.date_no_longer_in_force).toPython() == date(2021, 12, 1)


def test_every_source_is_kept(articles: Graph) -> None:
    for entry in PROVISIONS:
        for _rank, version, node in versions_of(entry):
            sources = set(articles.objects(node, DCTERMS.source))
            expected = {
                URIRef(source.split()[0]) if source.startswith("http") else Literal(source)
                for source in version["sources"]
            }
            assert sources == expected, node


def test_horizons_follow_sources_md(articles: Graph) -> None:
    def horizon(notation: str) -> date:
        return articles.value(article_iri(notation), SG.sourcesReachUntil).toPython()

    assert horizon("CP 226-13") == date(2023, 6, 4)
    assert horizon("CSP L1110-4") == date(2023, 6, 4)
    assert horizon("CP 226-14") == date(2025, 5, 31)
    assert horizon("Loi an XI art. 23") == date(2015, 5, 31)
    for notation in ("CGFP L121-6", "Loi 71-1130 art. 66-5", "Loi 1881-07-29 art. 2"):
        notes = list(articles.objects(article_iri(notation), SKOS.note))
        assert any(note.language == "fr" and "Horizon" in note for note in notes), notation


def test_every_article_has_a_recorded_history_decision() -> None:
    assert set(importer.HISTORY) == {entry["id"] for entry in PROVISIONS}
    kinds = {importer.CREATED, importer.IN_BASE, importer.NOT_TRANSCRIBED}
    assert {h.kind for h in importer.HISTORY.values()} <= kinds


def test_history_known_from_only_where_an_earlier_text_is_missing(articles: Graph) -> None:
    def known_from(notation: str) -> date | None:
        value = articles.value(article_iri(notation), SG.historyKnownFrom)
        return value.toPython() if value is not None else None

    assert known_from("CP 226-14") == date(1998, 6, 18)  # existed since 1994, wording of 1998
    assert known_from("CASF L411-3") == date(2000, 12, 23)  # code de la famille before
    assert known_from("CSP R4312-4") == date(2004, 8, 8)  # décret n° 93-221 before
    assert known_from("C. civ. 326") == date(2006, 7, 1)  # art. 341-1 before; 326 was paternity
    assert known_from("CMF L561-15") == date(2009, 2, 1)
    for created in ("CPP 60-1", "CPP 77-1-1", "CASF L226-2-2", "CP 132-80", "CSP R4312-18"):
        assert known_from(created) is None, created
    assert known_from("CGFP L121-6") is None  # its predecessor, loi 83-634 art. 26, is in base
    assert known_from("Loi an XI art. 23") is None  # no dated version to start from


# --- (d) items ----------------------------------------------------------------------------------


def test_cp_226_14_2020_items_are_what_the_text_has(articles: Graph) -> None:
    """The 2020-08-01 text has a chapeau, 1° to 4° and a closing alinéa: no 5° (that is 2021)."""
    version = URIRef(f"{article_iri('CP 226-14')}/v/2020-08-01")
    items = items_of(articles, version)
    assert set(items) == {"al1", "1", "2", "3", "4", "al6"}
    assert articles.value(items["3"], SKOS.notation) == Literal("CP 226-14 3°")
    assert articles.value(items["3"], SG.itemLabel) == Literal("3°")
    assert articles.value(items["al6"], SKOS.notation) == Literal("CP 226-14 al. 6")
    assert str(articles.value(items["1"], SG.text)).startswith("1° A celui qui informe")
    assert (items["1"], RDF.type, SG.Item) in articles


def test_cp_226_14_2024_has_a_truncated_2_bis(articles: Graph) -> None:
    version = URIRef(f"{article_iri('CP 226-14')}/v/2024-05-12")
    items = items_of(articles, version)
    assert set(items) == {"al1", "1", "2", "2bis", "3", "4", "5", "al8"}
    two_bis = items["2bis"]
    assert articles.value(two_bis, SG.itemLabel) == Literal("2° bis")
    assert "[" not in str(articles.value(two_bis, SG.text))
    assert articles.value(two_bis, SKOS.note) is not None


def test_marker_only_alineas_are_skipped_not_renumbered(articles: Graph) -> None:
    version = URIRef(f"{article_iri('Loi 1881-07-29 art. 2')}/v/2010-01-06")
    assert set(items_of(articles, version)) == {"al1", "al3"}


def test_missing_texts_have_no_items(articles: Graph) -> None:
    version = URIRef(f"{article_iri('CGFP L121-7')}/v/2022-03-01")
    assert items_of(articles, version) == {}


def test_item_labels() -> None:
    assert importer.label_and_key("2° bis Au médecin", 3) == ("2° bis", "2bis")
    assert importer.label_and_key("12° Les experts", 14) == ("12°", "12")
    assert importer.label_and_key("1° A celui qui", 2) == ("1°", "1")
    assert importer.label_and_key("II.-Toute personne", 4) == ("al. 4", "al4")


def test_a_repeated_item_id_gets_its_alinea_index() -> None:
    duplicates: list[str] = []
    text = "I.-Chapeau :\n\n1° Un ;\n\n2° Deux.\n\nII.-Autre :\n\n1° Encore un."
    keys = [alinea.key for alinea in importer.unique_alineas(text, "X 1", duplicates)]
    assert keys == ["al1", "1", "2", "al4", "1-al5"]
    assert len(duplicates) == 1


def test_no_duplicate_item_ids_in_the_sources() -> None:
    _graph, duplicates = importer.build_articles_graph(PROVISIONS)
    assert duplicates == []


# --- (b) case law -------------------------------------------------------------------------------


def test_every_decision_with_court_and_french_abstract(caselaw: Graph) -> None:
    assert len(set(caselaw.subjects(RDF.type, SG.Decision))) == len(CASELAW) == 29
    for decision in CASELAW:
        node = SGR[f"decision/{decision['id']}"]
        assert (node, RDF.type, SG.Decision) in caselaw
        assert caselaw.value(node, SG.court) == Literal(decision["court"], lang="fr")
        abstract = caselaw.value(node, DCTERMS.abstract)
        assert abstract.language == "fr" and len(abstract) > 100
        assert abstract not in (decision["holding"], decision.get("facts"))
        assert caselaw.value(node, DCTERMS.title).language == "fr"
        assert caselaw.value(node, SG.outcome).language == "fr"
        sources = set(caselaw.objects(node, DCTERMS.source))
        assert sources == {URIRef(source["url"]) for source in decision["sources"]}


def test_ecli_only_where_the_source_has_one(caselaw: Graph) -> None:
    eclis = {
        str(node).rsplit("/", 1)[1]: str(ecli)
        for node, ecli in caselaw.subject_objects(DCTERMS.identifier)
    }
    assert eclis == {decision["id"]: decision["ecli"] for decision in CASELAW if decision["ecli"]}
    assert len(eclis) == 4


def test_dates_and_date_notes(caselaw: Graph) -> None:
    for decision in CASELAW:
        node = SGR[f"decision/{decision['id']}"]
        day = caselaw.value(node, DCTERMS.date)
        if decision["date"]:
            assert day.toPython() == date.fromisoformat(decision["date"])
        else:
            assert day is None
            assert caselaw.value(node, SG.dateNote).language == "fr"


def test_interprets_only_our_articles_and_notes_the_others(caselaw: Graph, articles: Graph) -> None:
    ours = set(articles.subjects(RDF.type, ELI.LegalResourceSubdivision))
    for node, article in caselaw.subject_objects(SG.interprets):
        assert article in ours
        assert (article, ELI.cited_by_case_law, node) in caselaw
    watelet = SGR["decision/cass-crim-1885-12-19-watelet"]
    assert set(caselaw.objects(watelet, SG.interprets)) == {
        article_iri("CP 226-13"),
        article_iri("CSP R4127-4"),
    }
    assert Literal("Dispositions visées hors base : ancien CP 378", lang="fr") in set(
        caselaw.objects(watelet, SKOS.note)
    )
    goodwin = SGR["decision/cedh-1996-03-27-goodwin"]  # « Loi 1881 art. 2 » in caselaw.yaml
    assert caselaw.value(goodwin, SG.interprets) == article_iri("Loi 1881-07-29 art. 2")


# --- (c) reproducibility ------------------------------------------------------------------------


def test_generation_is_byte_identical(tmp_path: Path) -> None:
    importer.write_articles(tmp_path / "one")
    importer.write_caselaw(tmp_path / "one")
    importer.write_articles(tmp_path / "two")
    importer.write_caselaw(tmp_path / "two")
    for name in ("articles.ttl", "caselaw.ttl"):
        generated = (tmp_path / "one" / name).read_bytes()
        assert generated == (tmp_path / "two" / name).read_bytes()
        assert generated == (ROOT / "data" / name).read_bytes(), f"data/{name} is stale"
        assert generated.startswith(b"# " + name.encode())
