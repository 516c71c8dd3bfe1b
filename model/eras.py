"""Moving between a dataset's eras (named periods): which era `{` and `}` go to."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from model.days import Day
from model.dataset import Era


def era_to_go(eras: Iterable[Era], here: Day, *, forward: bool, cursor_row: int,
              row_of_day: Callable[[Day], int | None]) -> Era | None:
    """The era to go to from the event on `here` (at `cursor_row`): forward, the next era
    to start after it; back, the start of the era it is in, or from that start the era
    before (`row_of_day` gives the row of a day's first event). None: there is none."""
    ordered = sorted(eras, key=lambda era: era.date.earliest)
    if forward:
        return next((era for era in ordered if era.date.earliest > here), None)
    current = [era for era in ordered if era.date.earliest <= here]
    if not current:
        return None
    start = row_of_day(current[-1].date.earliest)
    if start is not None and start < cursor_row:
        return current[-1]
    return current[-2] if len(current) > 1 else None
