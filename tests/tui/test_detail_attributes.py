"""The detail pane names every imported attribute in full: two fields never look alike."""

from __future__ import annotations

from pathlib import Path

from tests.tui.helpers import screen, settle, timeline
from tui.widgets.detail_pane import DetailPane

UCDP = Path(__file__).resolve().parents[1] / "fixtures" / "ucdp" / \
    "ged191-hdx-fixture-myanmar-bangladesh.csv"


async def test_every_attribute_name_is_shown_whole_beside_its_value(make_app) -> None:
    app = make_app(UCDP)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        view = timeline(pilot)
        view.go_to_row(view.window.row_of_id("209980"))
        await settle(pilot)
        detail = screen(pilot).query_one(DetailPane)
        event = view.current_event
        assert detail.event_id == event.id == "209980"
        names = [key for key, _ in event.attributes]
        # UCDP's conflict_new_id and conflict_name once both showed as "conflict_n".
        assert {"conflict_new_id", "conflict_name"} <= set(names)
        lines = str(detail.query_one("#detail-body").render()).splitlines()
        for key, value in event.attributes:
            shown = [line for line in lines if line.split()[:1] == [key]]
            assert len(shown) == 1, (key, shown)
            assert shown[0].split(None, 1)[1] == value


async def test_names_longer_than_the_column_are_shown_whole(make_app, tmp_path: Path) -> None:
    long_name = "a_field_name_far_longer_than_any_column_of_names"
    dataset = tmp_path / "long.toml"
    dataset.write_text(
        'format_version = 1\n[dataset]\ntitle = "t"\n\n[[events]]\nid = "e1"\n'
        'title = "One event"\nkind = "other"\ncertainty = "reported"\n'
        'date = { earliest = 2020-01-02 }\n'
        f'attributes = {{ "{long_name}" = "its value", "{long_name}_too" = "another" }}\n',
        encoding="utf-8")
    app = make_app(dataset)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        body = str(screen(pilot).query_one("#detail-body").render()).splitlines()
        assert [line.strip() for line in body if "a_field" in line] == [
            long_name, f"{long_name}_too"]
        values = [line.strip() for line in body if line.strip() in ("its value", "another")]
        assert values == ["its value", "another"]
