"""Which version is in force on a date: boundaries, undated versions, horizon, impossible dates,
and a property over every article of the real knowledge base."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.article_report import describe_article
from graph.errors import ImpossibleDate
from graph.load import KnowledgeBase, load_default
from graph.versions import (
    check_date,
    freshness_warning,
    version_in_force,
    versions_of,
)

T1 = "https://id.secret-graph.invalid/article/T_1"
T2 = "https://id.secret-graph.invalid/article/T_2"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2000, 1, 1), "2000-01-01"),  # the day a version starts: that version
        (date(2009, 12, 31), "2000-01-01"),  # its inclusive last day: still that version
        (date(2010, 1, 1), "2010-01-01"),  # the next start: the next version
        (date(2023, 6, 1), "2010-01-01"),  # open end, up to the horizon
    ],
)
def test_boundary_days(tiny_kb: KnowledgeBase, day: date, expected: str) -> None:
    found = version_in_force(tiny_kb, T1, day)
    assert found is not None
    assert found.version == f"{T1}/v/{expected}"
    assert found.start == date.fromisoformat(expected)


def test_before_creation_there_is_no_version(tiny_kb: KnowledgeBase) -> None:
    assert version_in_force(tiny_kb, T1, date(1999, 12, 31)) is None


def test_answer_carries_text_status_and_window(tiny_kb: KnowledgeBase) -> None:
    found = version_in_force(tiny_kb, T1, date(2005, 5, 5))
    assert found is not None
    assert (found.text, found.status, found.rank) == ("Ancien texte de test.", "complete", 1)
    assert (found.start, found.end) == (date(2000, 1, 1), date(2009, 12, 31))
    assert found.horizon == date(2023, 6, 1)
    assert not found.beyond_horizon
    assert found.undated_candidates == ()


def test_beyond_the_horizon_the_answer_warns(tiny_kb: KnowledgeBase) -> None:
    found = version_in_force(tiny_kb, T1, date(2023, 6, 2))
    assert found is not None and found.beyond_horizon
    warning = freshness_warning("T 1", date(2023, 6, 1), date(2023, 6, 2), "https://l.example")
    assert "s'arrêtent au 1er juin 2023" in warning
    assert warning.endswith("Vérifiez sur Légifrance : https://l.example")
    report = describe_article(tiny_kb, T1, date(2023, 6, 2))
    assert "s'arrêtent au 1er juin 2023" in report
    assert "LEGIARTI000000000001" in report


def test_undated_version_is_a_candidate_never_the_answer(tiny_kb: KnowledgeBase) -> None:
    found = version_in_force(tiny_kb, T2, date(2005, 1, 1))
    assert found is not None
    assert found.version == f"{T2}/v/2001-01-01"
    assert found.status == "partial"
    assert found.undated_candidates == (f"{T2}/v/undated-2",)
    # On the day the dated version starts, the undated one (which comes after it) cannot be.
    on_start = version_in_force(tiny_kb, T2, date(2001, 1, 1))
    assert on_start is not None and on_start.undated_candidates == ()


def test_versions_are_listed_by_rank(tiny_kb: KnowledgeBase) -> None:
    versions = versions_of(tiny_kb, T2)
    assert [(v.rank, v.start, v.dated) for v in versions] == [
        (1, date(2001, 1, 1), True),
        (2, None, False),
    ]
    assert versions[1].status == "missing" and versions[1].text is None
    assert versions_of(tiny_kb, "https://id.secret-graph.invalid/article/rien") == ()


def test_check_date_refuses_before_the_code_and_after_today() -> None:
    assert check_date(date(1994, 3, 1)) == date(1994, 3, 1)
    assert check_date(date.today()) == date.today()
    with pytest.raises(ImpossibleDate, match="1er mars 1994"):
        check_date(date(1994, 2, 28))
    with pytest.raises(ImpossibleDate, match="postérieure à aujourd'hui"):
        check_date(date.today() + timedelta(days=1))


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        # sources/provisions.yaml, CP 226-14: 2015-11-07 → 2020-08-01, then 2020-08-01 → 2021-12-02
        (date(2019, 11, 15), date(2015, 11, 7), date(2020, 7, 31)),
        (date(2021, 1, 1), date(2020, 8, 1), date(2021, 12, 1)),
        (date(2020, 7, 31), date(2015, 11, 7), date(2020, 7, 31)),
        (date(2020, 8, 1), date(2020, 8, 1), date(2021, 12, 1)),
    ],
)
def test_cp_226_14_on_real_dates(kb: KnowledgeBase, day: date, start: date, end: date) -> None:
    found = version_in_force(kb, kb.article_by_notation("CP 226-14"), day)
    assert found is not None
    assert (found.start, found.end) == (start, end)
    assert found.status == "complete"


def _articles() -> list[str]:
    return load_default().nodes_of_kind("article")


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_at_most_one_version_in_force(data: st.DataObject) -> None:
    """For any article and any day from its first start to its horizon (or its last end), at
    most one version covers the day, exactly one when the article has no undated version, and
    version_in_force returns that one."""
    kb = load_default()
    article = data.draw(st.sampled_from(_articles()))
    versions = versions_of(kb, article)
    dated = [v for v in versions if v.start is not None]
    if not dated:
        return
    first = min(v.start for v in dated if v.start is not None)
    horizon = kb.node(article).get("sg:sourcesReachUntil", (date.today(),))[0]
    last = max(dated, key=lambda v: v.start or date.min)
    until = min(horizon, last.end) if last.end else horizon
    if until < first:
        return
    day = data.draw(st.dates(min_value=first, max_value=until))
    covering = [v for v in dated if v.covers(day)]
    assert len(covering) <= 1
    if len(dated) == len(versions):
        assert len(covering) == 1
    found = version_in_force(kb, article, day)
    assert (found.version if found else None) == (covering[0].id if covering else None)


@pytest.mark.parametrize("day", [date(2019, 11, 15), date(2021, 1, 1)])
def test_cp_226_14_text_is_the_sources_text(kb: KnowledgeBase, day: date) -> None:
    """The text answered is, word for word, the text sources/provisions.yaml gives that day."""
    import yaml

    from graph.load import DATA_DIR

    entries = yaml.safe_load((DATA_DIR.parent / "sources" / "provisions.yaml").read_text("utf-8"))
    (entry,) = [e for e in entries if e["id"] == "CP 226-14"]
    (expected,) = [
        v
        for v in entry["versions"]
        if date.fromisoformat(v["start_date"]) <= day < date.fromisoformat(v["end_date"])
    ]
    found = version_in_force(kb, kb.article_by_notation("CP 226-14"), day)
    assert found is not None
    assert found.start == date.fromisoformat(expected["start_date"])
    assert found.text == expected["text"]
