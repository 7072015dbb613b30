"""The comparison's default other date, and which freshness warnings the page shows first.

Expected dates come from the versions in the data (CP 226-14's 2020-08-01 version added the
domestic-violence case: a doctor's answer changes that day), not from what the code prints.
"""

from __future__ import annotations

from datetime import date

from graph.answer import Answer, Step, VersionCited
from graph.citations import decisive_provisions, split_freshness
from graph.compare import change_dates, nearest_change, suggested_date
from graph.load import load_default
from graph.presets import load_presets, preset_by_id
from graph.reasoning import ask
from graph.rulebook import rulebook_for
from graph.situation import situation_from_mapping
from graph.versions import freshness_warning


def _version(notation: str, start: date | None, end: date | None) -> VersionCited:
    return VersionCited(notation, notation, notation, notation, start, end)


def _step(norm: str, status: str, *versions: VersionCited, role: str = "exception") -> Step:
    provisions = tuple(dict.fromkeys(v.article for v in versions))
    return Step(norm, norm, "norm", role, status, None, provisions, versions, None, (), "")


def test_change_days_are_the_borders_of_each_version_nearest_first():
    on = date(2019, 6, 1)
    current = _version("A", date(2018, 1, 1), date(2020, 7, 31))
    later = _version("B", date(2020, 8, 1), None)
    older = _version("C", None, date(2010, 5, 5))
    answer = Answer("interdit", "", (_step("a", "applique", current, later, older),), (), ())
    assert change_dates(answer, on) == [
        date(2020, 8, 1),  # the day after it ends, which is also B's start
        date(2017, 12, 31),  # the day before the version in force began
        date(2010, 5, 5),  # the last day of a version no longer in force
    ]


def test_the_nearest_change_prefers_a_verdict_change_then_an_inactive_step():
    on = date(2019, 6, 1)
    current = _version("A", date(2019, 1, 1), None)
    later = _version("B", date(2021, 1, 1), None)
    steps = (_step("a", "applique", current), _step("b", "inactive", later))
    answer = Answer("interdit", "", steps, (), ())
    assert nearest_change(answer, on) == date(2021, 1, 1)  # the inactive step's start
    flips_before = {date(2018, 12, 31): "faculte"}
    verdict = lambda d: flips_before.get(d, "interdit")  # noqa: E731
    assert nearest_change(answer, on, verdict_on=verdict) == date(2018, 12, 31)


def test_the_nearest_change_stays_in_range_or_falls_back_a_year_earlier():
    answer = Answer("interdit", "", (_step("a", "applique", _version("A", None, None)),), (), ())
    assert nearest_change(answer, date(2019, 6, 1)) == date(2018, 6, 1)
    assert nearest_change(answer, date(2020, 2, 29)) == date(2019, 2, 28)
    future = Answer(
        "x", "", (_step("a", "inactive", _version("A", date(2031, 1, 1), None)),), (), ()
    )
    assert nearest_change(future, date(2019, 6, 1), latest=date(2026, 1, 1)) == date(2018, 6, 1)


def test_the_domestic_violence_case_is_compared_with_the_2020_reform_by_default():
    kb = load_default()
    preset = preset_by_id(load_presets(), "medecin-violences-conjugales-sans-accord")
    assert preset is not None
    situation = situation_from_mapping(dict(preset.fields), rulebook_for(kb).vocabulary)
    answer = ask(kb, situation)
    assert situation.date == date(2019, 6, 1)
    # Loi n° 2020-936 of 30 July 2020 added the domestic-violence case to CP 226-14 (in force
    # 1 August 2020): the first day the doctor's answer changes after 2019-06-01.
    other = suggested_date(kb, situation, answer)
    assert other == date(2020, 8, 1)
    assert ask(kb, situation.__class__(**{**_fields(situation), "date": other})).verdict != (
        answer.verdict
    )


def _fields(situation):  # type: ignore[no-untyped-def]
    return {name: getattr(situation, name) for name in situation.__dataclass_fields__}


def test_freshness_warnings_on_rejected_exceptions_are_not_decisive():
    url = "https://www.legifrance.gouv.fr"
    on = date(2015, 6, 1)
    base = _step("base", "applique", _version("CP 226-13", None, None), role="base")
    press = _step("press", "ecartee", _version("Loi 1881-07-29 art. 2", None, None))
    warn = {
        n: freshness_warning(n, date(2010, 1, 6), on, url)
        for n in ("CP 226-13", "Loi 1881-07-29 art. 2")
    }
    answer = Answer(
        "interdit",
        "",
        (base, press),
        (),
        (),
        freshness=tuple(warn.values()),
        freshness_about=tuple(warn),
        path=("base",),
    )
    assert decisive_provisions(answer) == ("CP 226-13",)
    assert split_freshness(answer) == ((warn["CP 226-13"],), (warn["Loi 1881-07-29 art. 2"],))


def test_the_ille_et_vilaine_press_warning_is_not_decisive():
    kb = load_default()
    first = load_presets()[0]
    answer = ask(kb, situation_from_mapping(dict(first.fields), rulebook_for(kb).vocabulary))
    decisive, others = split_freshness(answer)
    assert "CPP 60-1" in decisive_provisions(answer)
    assert "Loi 1881-07-29 art. 2" not in decisive_provisions(answer)
    assert not any("1881" in w for w in decisive)
    assert any("1881" in w for w in others)


def test_a_missing_earlier_text_is_a_decisive_warning():
    """Before CP 226-14's known history the answer turns on that text: its warning is shown,
    not folded with the rejected rules' ones."""
    kb = load_default()
    facts = {
        "actor": "medecin",
        "act": "signaler",
        "recipient": "procureur",
        "circumstances": ["victime-moins-quinze-ans", "sevices"],
        "date": "1997-01-01",
    }
    answer = ask(kb, situation_from_mapping(facts, rulebook_for(kb).vocabulary))
    assert answer.verdict == "indetermine"
    decisive, _ = split_freshness(answer)
    assert any("Antérieur aux sources" in w and "CP 226-14" in w for w in decisive)
