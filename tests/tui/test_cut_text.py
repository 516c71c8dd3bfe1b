"""A text cut to fit its column always says so with "…": a span "5 Jan 1920–5 Jan" must
not read as complete, nor a kind cut to "attack-on-civ"."""

from __future__ import annotations


from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from model.days import Day
from model.dataset import DatasetInfo
from model.dates import DateSpan
from model.event import Certainty, Event
from model.kinds import EventKind
from model.loading import OpenedFile
from model.store import EventStore
from tests.tui.helpers import settle, timeline
from tui.app import DatelineApp
from tui.widgets.timeline_view import fitted


@given(text=st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "Pd"]),
                    max_size=40), width=st.integers(0, 30))
def test_a_fitted_text_fills_its_width_and_a_cut_one_ends_in_an_ellipsis(text: str,
                                                                          width: int) -> None:
    out = fitted(text, width)
    assert cell_len(out) == width
    if cell_len(text) <= width:
        assert out.rstrip(" ") == text.rstrip(" ")
    elif width:
        assert out.endswith("\u2026") and text.startswith(out[:-1].rstrip(" "))


async def test_a_long_span_and_a_long_kind_end_in_an_ellipsis() -> None:
    events = [Event("long", "A century", EventKind.ATTACK_ON_CIVILIANS,
                    DateSpan(Day(1920, 1, 5), Day(2016, 1, 5)), Certainty.REPORTED)]
    app = DatelineApp(OpenedFile(EventStore.from_events(events, DatasetInfo(title="t"))))
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        rows = [view.render_line(y).text for y in range(view.size.height)]
        (row,) = [r for r in rows if "A century" in r]
        assert "5 Jan 1920\u20135 Ja\u2026" in row and "attack-on-ci\u2026" in row, row
        assert "5 Jan 1920\u20135 Jan " not in row
