"""Which other date is worth comparing an answer with: the nearest day a rule of its trace changes.

Comparing a situation with itself on the same day shows two identical columns. The dated versions
an answer cites say when its rules change: the version in force began on a day (the day before,
the older text applied) and may end (the day after, a newer one applies); a version not yet in
force begins later, one no longer in force ended earlier (the inactive steps' dates). The nearest
of those days on which the verdict itself changes is the default other date (``suggested_date``
asks the engine), else the nearest change, preferring the inactive steps'; else one year earlier.

Examples:
    >>> from graph.answer import Answer, Step, VersionCited
    >>> v = VersionCited("v", "v", "CP 226-14", "CP 226-14", date(2020, 8, 1), None)
    >>> step = Step("n", "Exception", "norm", "exception", "inactive", None, ("CP 226-14",),
    ...             (v,), None, (), "")
    >>> answer = Answer("interdit", "", (step,), ("CP 226-14",), (v,))
    >>> nearest_change(answer, date(2019, 6, 1))
    datetime.date(2020, 8, 1)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

from graph.answer import Answer, VersionCited
from graph.versions import EARLIEST_DATE

if TYPE_CHECKING:
    from graph.load import KnowledgeBase
    from graph.situation import Situation


def _change_days(version: VersionCited, on: date) -> Iterator[date]:
    """The days around ``on`` on which ``version`` stops or starts being the text in force."""
    start, end = version.start, version.end
    if start and start > on:
        yield start
    elif end and end < on:
        yield end
    else:
        if start:
            yield start - timedelta(days=1)
        if end:
            yield end + timedelta(days=1)


def change_dates(answer: Answer, on: date) -> list[date]:
    """Every day, other than ``on``, on which a version cited by a step of the trace comes into
    force or goes out of it, sorted by distance to ``on`` (the later first on a tie)."""
    days = {
        day
        for step in answer.steps
        for version in step.versions
        for day in _change_days(version, on)
        if day != on
    }
    return sorted(days, key=lambda d: (abs((d - on).days), d < on))


def nearest_change(
    answer: Answer,
    on: date,
    *,
    verdict_on: Callable[[date], str] | None = None,
    earliest: date = EARLIEST_DATE,
    latest: date | None = None,
) -> date:
    """The other date to compare ``answer`` (given on ``on``) with, within ``[earliest, latest]``
    (latest: today): among the days a rule of the trace changes, the nearest on which the verdict
    differs (``verdict_on(day)`` says, when given), else the nearest day an inactive step comes
    into or goes out of force, else the nearest change; one year before ``on`` when none."""
    latest = latest or date.today()
    days = [d for d in change_dates(answer, on) if earliest <= d <= latest]
    if verdict_on is not None:
        # The nearest day on which the answer itself changes, when one of them does.
        flips = (d for d in days if verdict_on(d) != answer.verdict)
        if (day := next(flips, None)) is not None:
            return day
    inactive = {
        d
        for step in answer.steps
        if step.status == "inactive"
        for version in step.versions
        for d in _change_days(version, on)
    }
    for day in [d for d in days if d in inactive] + days:
        return day
    try:
        year_before = on.replace(year=on.year - 1)
    except ValueError:  # 29 February
        year_before = on.replace(year=on.year - 1, day=28)
    return max(year_before, earliest)


def suggested_date(kb: KnowledgeBase, situation: Situation, answer: Answer) -> date:
    """The default other date of the comparison for ``situation`` (whose answer is ``answer``):
    ``nearest_change`` with the engine asked about each candidate day (a millisecond each)."""
    from graph.reasoning import ask  # the engine imports this package's modules

    def verdict_on(day: date) -> str:
        return ask(kb, replace(situation, date=day)).verdict

    return nearest_change(answer, situation.date, verdict_on=verdict_on)
