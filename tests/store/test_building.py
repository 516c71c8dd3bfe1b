"""A store being built tells whoever listens how far it got, in one value per change: the
explorer hears it as messages instead of asking twice a second."""

from __future__ import annotations

import threading
from pathlib import Path

from model.store.building import Building, BuildingReport


def test_a_listener_hears_how_far_it_got_already_then_every_change() -> None:
    building = Building(Path("big.csv"))
    building.stage("figures", 0.25)
    heard: list[BuildingReport] = []
    stop = building.listen(heard.append)
    assert heard == [BuildingReport("figures", 0.25)]  # a late listener is told at once
    building.stage("text", 0.41)
    building.ready("links")
    building.finished()
    assert heard[1:] == [BuildingReport("text", 0.41),
                         BuildingReport("text", 0.41, done=True)]
    assert not heard[-1].running
    stop()
    building.stage("text", 1.0)
    assert len(heard) == 3  # no longer told


def test_a_failure_is_heard_with_its_reason() -> None:
    building = Building(Path("big.csv"))
    heard: list[BuildingReport] = []
    building.listen(heard.append)
    building.failed("disk full")
    assert heard[-1] == BuildingReport("links", 0.0, error="disk full")
    assert not heard[-1].running


def test_reports_come_from_the_building_thread_in_order() -> None:
    building = Building(Path("big.csv"))
    heard: list[tuple[str, float]] = []
    building.listen(lambda r: heard.append((threading.current_thread().name, r.fraction)))

    def build() -> None:
        for step in range(1, 11):
            building.stage("text", step / 10)
        building.finished()

    worker = threading.Thread(target=build, name="builder")
    worker.start()
    worker.join()
    assert [f for _, f in heard] == [0.0, *(s / 10 for s in range(1, 11)), 1.0]
    assert {name for name, _ in heard[1:]} == {"builder"}
