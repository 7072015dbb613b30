"""Which version of an article is in force on a date: asked here and nowhere else.

Window semantics (the contract, ``docs/decisions``): a version is in force from its start
(``eli:first_date_entry_in_force``, inclusive) to its end (``eli:date_no_longer_in_force``,
inclusive: the day before the next version starts); no end means "still in force as far as the
sources reach". Past the article's ``sg:sourcesReachUntil`` (its *horizon*) the answer still
stands, but it carries a freshness warning pointing to Légifrance: the text may have changed
since the sources were read. A version whose start date is unknown (``sg:dateStatus
"unknown"``) is never *the* answer; it is reported as an undated candidate wherever it may fit.

Example, on a tiny inline knowledge base (two versions of one article):

    >>> from graph.load import knowledge_base_from_turtle
    >>> kb = knowledge_base_from_turtle('''
    ... <article/X_1> a eli:LegalResourceSubdivision ; skos:notation "X 1" ;
    ...     sg:sourcesReachUntil "2023-06-01"^^xsd:date .
    ... <article/X_1/v/2000-01-01> a eli:LegalExpression ; eli:realizes <article/X_1> ;
    ...     sg:rank 1 ; sg:dateStatus "known" ; sg:text "Ancien texte."@fr ;
    ...     eli:first_date_entry_in_force "2000-01-01"^^xsd:date ;
    ...     eli:date_no_longer_in_force "2009-12-31"^^xsd:date .
    ... <article/X_1/v/2010-01-01> a eli:LegalExpression ; eli:realizes <article/X_1> ;
    ...     sg:rank 2 ; sg:dateStatus "known" ; sg:text "Nouveau texte."@fr ;
    ...     eli:first_date_entry_in_force "2010-01-01"^^xsd:date .
    ... ''')
    >>> article = kb.article_by_notation("x 1")
    >>> version_in_force(kb, article, date(2009, 12, 31)).text
    'Ancien texte.'
    >>> version_in_force(kb, article, date(2010, 1, 1)).start
    datetime.date(2010, 1, 1)
    >>> version_in_force(kb, article, date(1999, 12, 31)) is None
    True
    >>> version_in_force(kb, article, date(2024, 1, 1)).beyond_horizon
    True
    >>> [v.rank for v in versions_of(kb, article)]
    [1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from graph.errors import ImpossibleDate

if TYPE_CHECKING:
    from graph.load import KnowledgeBase

#: The Code pénal this tool models came into force on 1 March 1994: no answer before it.
EARLIEST_DATE = date(1994, 3, 1)

#: Where to check an article when the knowledge base does not know its Légifrance page.
LEGIFRANCE_HOME = "https://www.legifrance.gouv.fr"

_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass(frozen=True)
class Version:
    """One version of an article, as the knowledge base records it."""

    id: str
    article: str
    rank: int | None
    start: date | None
    end: date | None  # inclusive last day; None = no later version known
    text: str | None
    status: str  # complete, partial, missing (unknown if the data says nothing)
    amending_text: str | None

    @property
    def dated(self) -> bool:
        """True when the start date is known: only dated versions answer "in force on D"."""
        return self.start is not None

    def covers(self, on: date) -> bool:
        """True when ``on`` falls in [start, end], both inclusive (a dated version only)."""
        return self.start is not None and self.start <= on and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class VersionInForce:
    """The answer to "which version of this article on date D", with its caveats."""

    version: str
    article: str
    on: date
    start: date
    end: date | None
    text: str | None
    status: str
    rank: int | None
    horizon: date | None
    beyond_horizon: bool  # D is after the sources' horizon: see freshness_warning()
    undated_candidates: tuple[str, ...]  # undated versions that might be in force on D


def french_date(d: date) -> str:
    """A date as a French reader writes it: ``1er août 2020``.

    >>> french_date(date(2020, 8, 1)), french_date(date(2021, 12, 2))
    ('1er août 2020', '2 décembre 2021')
    """
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {_MONTHS[d.month - 1]} {d.year}"


def check_date(d: date, *, today: date | None = None) -> date:
    """Refuse dates the knowledge base cannot answer for; return ``d`` otherwise.

    Before 1 March 1994 the Code pénal this tool models (and its article 226-13) was not in
    force; after today nobody knows the law.

    >>> check_date(date(1994, 3, 1))
    datetime.date(1994, 3, 1)
    >>> check_date(date(1994, 2, 28))
    Traceback (most recent call last):
    ...
    graph.errors.ImpossibleDate: Date impossible (1994-02-28) : ...
    """
    today = today or date.today()
    if d < EARLIEST_DATE:
        raise ImpossibleDate(
            d,
            "antérieure au 1er mars 1994, date d'entrée en vigueur du Code pénal que cet outil "
            "modélise ; choisissez une date à partir du 1994-03-01.",
        )
    if d > today:
        raise ImpossibleDate(
            d, f"postérieure à aujourd'hui ({today.isoformat()}) ; le droit futur n'est pas connu."
        )
    return d


def _first(attrs: dict[str, Any], key: str) -> Any:
    values = attrs.get(key, ())
    return values[0] if values else None


def _status(kb: KnowledgeBase, version_id: str) -> str:
    for _, target, key in kb.network.out_edges(version_id, keys=True):
        if key == "sg:textStatus":
            return str(target).rstrip("/").rsplit("/", 1)[-1]
    return "unknown"


def _version(kb: KnowledgeBase, version_id: str, article_id: str) -> Version:
    attrs = kb.network.nodes[version_id]
    rank = _first(attrs, "sg:rank")
    return Version(
        id=version_id,
        article=article_id,
        rank=int(rank) if rank is not None else None,
        start=_first(attrs, "eli:first_date_entry_in_force"),
        end=_first(attrs, "eli:date_no_longer_in_force"),
        text=_first(attrs, "sg:text"),
        status=_status(kb, version_id),
        amending_text=_first(attrs, "sg:amendingText"),
    )


def versions_of(kb: KnowledgeBase, article_id: str) -> tuple[Version, ...]:
    """Every version of an article, oldest first (by ``sg:rank``, then by start date)."""
    if article_id not in kb.network:
        return ()
    ids = {u for u, _, key in kb.network.in_edges(article_id, keys=True) if key == "eli:realizes"}
    versions = [_version(kb, vid, article_id) for vid in ids]
    return tuple(
        sorted(
            versions,
            key=lambda v: (
                v.rank if v.rank is not None else 10**6,
                v.start or date.max,
                v.id,
            ),
        )
    )


def _undated_candidates(versions: tuple[Version, ...], on: date) -> tuple[str, ...]:
    """Undated versions that may be in force on ``on``, placed between their dated neighbours.

    An undated version of rank r started after the dated version just before it in rank order
    and ended before the dated version just after it; it is a candidate for every day in that
    open window (narrowed by its own end when that is known).
    """
    candidates = []
    for index, version in enumerate(versions):
        if version.dated:
            continue
        before = next((v for v in reversed(versions[:index]) if v.dated), None)
        after = next((v for v in versions[index + 1 :] if v.dated), None)
        if before is not None and before.start is not None and on <= before.start:
            continue
        if after is not None and after.start is not None and on >= after.start:
            continue
        if version.end is not None and on > version.end:
            continue
        candidates.append(version.id)
    return tuple(candidates)


def version_in_force(kb: KnowledgeBase, article_id: str, on: date) -> VersionInForce | None:
    """The dated version of ``article_id`` in force on ``on``, or None (not yet, or repealed).

    Dated versions are tried newest first; the answer is the first that started on or before
    ``on`` and whose inclusive end is not before ``on``. The result says whether ``on`` lies
    beyond the article's horizon and which undated versions might be in force instead.
    """
    versions = versions_of(kb, article_id)
    dated = sorted((v for v in versions if v.dated), key=lambda v: v.start or date.min)
    found = next((v for v in reversed(dated) if v.covers(on)), None)
    if found is None or found.start is None:
        return None
    horizon = _first(kb.network.nodes[article_id], "sg:sourcesReachUntil")
    return VersionInForce(
        version=found.id,
        article=article_id,
        on=on,
        start=found.start,
        end=found.end,
        text=found.text,
        status=found.status,
        rank=found.rank,
        horizon=horizon,
        beyond_horizon=horizon is not None and on > horizon,
        undated_candidates=_undated_candidates(versions, on),
    )


def legifrance_url(kb: KnowledgeBase, article_id: str) -> str:
    """The Légifrance page of an article: its ``sg:legifranceUrl``, else one built from its
    LEGIARTI id, else the Légifrance home page (to search it there)."""
    attrs = kb.network.nodes[article_id]
    url = _first(attrs, "sg:legifranceUrl")
    if url:
        return str(url)
    for _, target, key in kb.network.out_edges(article_id, keys=True):
        if key == "sg:legifranceUrl":
            return str(target)
    legiarti = _first(attrs, "eli:id_local")
    if legiarti and str(legiarti).startswith("LEGIARTI"):
        return f"https://www.legifrance.gouv.fr/codes/article_lc/{legiarti}"
    return LEGIFRANCE_HOME


def freshness_warning(notation: str, horizon: date, on: date, url: str) -> str:
    """The French warning shown when ``on`` is after the horizon of the article's sources.

    >>> print(freshness_warning("CP 226-14", date(2025, 5, 31), date(2026, 11, 29),
    ...                         "https://www.legifrance.gouv.fr"))  # doctest: +NORMALIZE_WHITESPACE
    Attention : les sources consultées pour CP 226-14 s'arrêtent au 31 mai 2025 ; le texte en
    vigueur le 29 novembre 2026 a pu changer depuis. Vérifiez sur Légifrance :
    https://www.legifrance.gouv.fr
    """
    return (
        f"Attention : les sources consultées pour {notation} s'arrêtent au "
        f"{french_date(horizon)} ; le texte en vigueur le {french_date(on)} a pu changer "
        f"depuis. Vérifiez sur Légifrance : {url}"
    )


def day_after(d: date) -> date:
    """The next day: a version's inclusive end plus one is the next version's start."""
    return d + timedelta(days=1)
