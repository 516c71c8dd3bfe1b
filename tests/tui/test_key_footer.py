"""The footer offers the keys that matter first, more of them where there is room, and
every key as the person mapped it (the palette's too)."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.tui.helpers import screen, settle
from tui.widgets.key_footer import FooterKey, KeyFooter, fitting_keys


def footer_text(pilot) -> str:  # type: ignore[no-untyped-def]
    return screen(pilot).query_one(KeyFooter).render_line(0).text


keys = st.lists(st.builds(FooterKey, st.text("abc", min_size=1, max_size=3),
                          st.text("xyz ", min_size=1, max_size=12),
                          st.none() | st.integers(0, 6)), max_size=12)


@given(keys=keys, width=st.integers(0, 200))
def test_keys_always_shown_stay_and_others_join_in_order_while_they_fit(
        keys: list[FooterKey], width: int) -> None:
    shown = fitting_keys(keys, width)
    assert [k for k in keys if k.roomy is None] == [k for k in shown if k.roomy is None]
    extra = [k for k in shown if k.roomy is not None]
    assert sum(k.width for k in shown) <= width or not extra
    # The ones that joined are the first places, and those left out would not have fitted.
    places = sorted((k for k in keys if k.roomy is not None), key=lambda k: k.roomy or 0)
    assert sorted(extra, key=lambda k: k.roomy or 0) == places[:len(extra)]
    if len(extra) < len(places):
        assert sum(k.width for k in shown) + places[len(extra)].width > width


async def test_at_80_columns_the_keys_that_matter_and_more_where_there_is_room(
        make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        narrow = footer_text(pilot)
        assert "/ Filter" in narrow and "e Export" in narrow and "q Quit" in narrow
        assert "s Search" not in narrow
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        wide = footer_text(pilot)
        for offered in ("s Search", "n Next match", "f Facets", "M Marked only",
                        "q Quit", "^p palette"):
            assert offered in wide, wide


async def test_the_palettes_key_is_shown_as_remapped(make_app) -> None:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "dateline" / "keys.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\ncommand-palette = "ctrl+k"\nsearch = "S"\n', encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        text = footer_text(pilot)
        assert "^k palette" in text and "^p" not in text, text
        assert "S Search" in text and "s Search" not in text
