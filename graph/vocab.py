"""The vocabularies of the knowledge base, declared once.

Standard vocabularies (ELI for legislation, SKOS for concepts, Dublin Core terms, PROV) are
reused as they are; what they lack lives in the closed project namespace ``SG``, where each term
carries a one-line definition. ``SG.unknownTerm`` raises, so a typo in code fails loudly, and a
test checks that every term used in ``data/`` is declared here (see ``docs/decisions``).

Examples:
    >>> article_iri("CP 226-14")
    rdflib.term.URIRef('https://id.secret-graph.invalid/article/CP_226-14')
    >>> article_iri("C. civ. 375")
    rdflib.term.URIRef('https://id.secret-graph.invalid/article/C_civ_375')
    >>> concept_iri("actor", "medecin")
    rdflib.term.URIRef('https://id.secret-graph.invalid/concept/actor/medecin')
"""

from __future__ import annotations

import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ELI = Namespace("http://data.europa.eu/eli/ontology#")
BASE = "https://id.secret-graph.invalid/"
SGR = Namespace(BASE)

#: ELI terms the knowledge base uses (ELI is an open namespace in rdflib; this list is checked).
ELI_TERMS = frozenset(
    {
        "LegalResource",
        "LegalResourceSubdivision",
        "LegalExpression",
        "is_part_of",
        "realizes",
        "id_local",
        "first_date_entry_in_force",
        "date_no_longer_in_force",
        "cited_by_case_law",
    }
)


class SG(DefinedNamespace):
    """Project vocabulary: what ELI, SKOS and Dublin Core do not say."""

    _fail = True
    _NS = Namespace(BASE + "vocab#")

    # Classes
    Item: URIRef  # An item (1°, 2° bis) or alinéa of one version of an article.
    Decision: URIRef  # A court decision (case law), identified by ECLI where one exists.
    Binding: URIRef  # How an actor, a mission or an employer is bound to professional secrecy.
    Norm: URIRef  # A normative statement read from an article or item: who, what act, effect.
    ContestedPoint: URIRef  # A point the texts leave open; reaching it yields "appréciation".
    Alternative: URIRef  # A set of circumstances of which at least one must be present.
    Undercut: URIRef  # Derogation mode: the target norm does not apply.
    Rebut: URIRef  # Derogation mode: the exception concludes the opposite of its target.

    # Articles and versions
    text: URIRef  # Verbatim official text of a version or item (French).
    textStatus: URIRef  # complete, partial or missing (a concept of the text-status scheme).
    textBasis: URIRef  # How the text was obtained when not copied verbatim ("reconstructed").
    dateStatus: URIRef  # "known" or "unknown": whether the start date of a version is known.
    rank: URIRef  # Order of a version among the versions of its article (1 = oldest).
    amendingText: URIRef  # The text (law, ordonnance, décret) that made this version.
    confidence: URIRef  # How far the text and dates are corroborated, in the sources' words.
    sourcesReachUntil: URIRef  # Newest date the sources consulted for an article reach.
    historyKnownFrom: URIRef  # Before this date an earlier text existed that our sources lack.
    legifranceUrl: URIRef  # Légifrance page of an article (official consolidated text).
    itemLabel: URIRef  # The label of an item as the text writes it: "1°", "2° bis", "al. 3".

    # Decisions
    court: URIRef  # The court, as named in the sources.
    chamber: URIRef  # The chamber or formation.
    dateNote: URIRef  # What is known of a decision's date when the exact day is not.
    caseNumber: URIRef  # Pourvoi, requête or decision number.
    publication: URIRef  # Bulletin, Lebon tables, inédit...
    outcome: URIRef  # What the decision ordered, in a few words.
    interprets: URIRef  # A decision applies or interprets this article.

    # Norms, bindings, contested points
    effect: URIRef  # The verdict a norm yields when it applies (a verdict concept).
    groundedIn: URIRef  # The version or item of a version the norm or binding is read from.
    addressee: URIRef  # Actor concept the norm or binding addresses (narrower ones match).
    addresseeBound: URIRef  # True: only actors bound to secrecy are addressed.
    employer: URIRef  # Employer concept required (any of).
    mission: URIRef  # Mission concept required (any of).
    act: URIRef  # Act concept covered (any of).
    recipient: URIRef  # Recipient concept covered (any of).
    framework: URIRef  # Framework concept required (any of).
    requires: URIRef  # Circumstance that must be present.
    requiresOneOf: URIRef  # An Alternative: at least one of its options must be present.
    option: URIRef  # One circumstance of an Alternative.
    excludes: URIRef  # Circumstance that must be absent.
    requiresConsent: URIRef  # True: the person concerned must have consented.
    derogatesFrom: URIRef  # The norm this exception defeats.
    derogationMode: URIRef  # Undercut or Rebut.
    marker: URIRef  # The words of the text that mark the derogation.
    prevailsOver: URIRef  # Recorded priority over another norm that may apply with it.
    backing: URIRef  # What backs an obligation: penal, disciplinary or no sanction.
    escape: URIRef  # The escape a text leaves to an obligation, in its own words.
    bindingMode: URIRef  # par état, par profession, en raison d'une fonction, d'une mission.
    supportedBy: URIRef  # A decision or source supporting one reading of a contested point.
    opposedBy: URIRef  # A decision or source supporting the other reading.
    incompatibleWith: URIRef  # Two concepts that cannot both hold in one situation (symmetric).


def article_slug(notation: str) -> str:
    """Turn a citation such as ``C. civ. 375`` into the slug of its IRI (``C_civ_375``)."""
    slug = notation.replace(".", "").strip()
    return re.sub(r"\s+", "_", slug)


def article_iri(notation: str) -> URIRef:
    """The minted IRI of the article cited as ``notation`` (see the decision record)."""
    return SGR[f"article/{article_slug(notation)}"]


def concept_iri(scheme: str, notation: str) -> URIRef:
    """The minted IRI of a concept of ``scheme`` (actor, act, recipient...)."""
    return SGR[f"concept/{scheme}/{notation}"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the prefixes the project writes with, so serialisations read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph


PREFIXES: dict[str, str] = {
    "eli": str(ELI),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "sg": str(SG._NS),
    "sgr": BASE,
}
