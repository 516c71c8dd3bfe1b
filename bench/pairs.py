"""Paired ACLED and UCDP GED files of the same events, with the truth of which rows match.

    python -m bench.pairs ROWS OUT_DIR [--seed N]

`write_pair(n, seed, out_dir)` writes three files: an ACLED export (the export tool's 2020
layout of tests/fixtures/acled/acled-2020-export-tool.csv: its header, its quoting, newest
day first), a UCDP GED file (the 19.1 layout of tests/fixtures/ucdp/, which
model/importers/ucdp.py reads as it reads the later ones) and a truth file. Each CSV holds
exactly `n` rows. They are written from one stream of underlying real-world events, one
event at a time, so a million rows never sit in memory (a few days of ACLED rows are held
back to keep the file in date order).

What an event's two records differ in, and the bounds (tests/bench/test_pairs.py checks
every one of them on the written files):

- Dates. Each record's span lies within 2 days of the true day: an ACLED row is dated up to
  2 days off, or has time_precision 2 (12%), a week centred up to 2 days off, which holds
  the true day; a UCDP row has date_prec 1 (72%, one day, up to 2 off), 2 (20%, a range of
  2-6 days) or 3 (8%, 7 days), and a range holds the true day. The two records of an event
  are at most 2 days apart (0 when their spans overlap); in 45% of pairs the day-precise
  dates are 1 or 2 days apart.
- Places. Both records name the same town, but each dataset's coordinates lie up to 4.9 km
  from the true place (35% of ACLED rows and 30% of UCDP rows exactly on it), so the two
  are at most 10 km apart. UCDP's where_prec is 1 (45%), 2 (35%), 3 (14%, where_coordinates
  names the district) or 4 (6%, the province); the coarse rows keep coordinates within the
  same bounds (real GED puts them at the area's centroid), so that the truth stays within
  the default windows. ACLED's admin1 is UCDP's adm_1 with a suffix ("Shan" / "Shan state").
- Kinds, in each dataset's own taxonomy: ACLED Battles ~ UCDP state-based (1) or non-state
  (2) violence, Explosions/Remote violence ~ state-based, Violence against civilians ~
  one-sided (3).
- Fatalities. Each record's figure (ACLED fatalities, UCDP best) equals the true figure T in
  60% of records and is otherwise off by at most max(2, ceil(0.15 T)); UCDP's low and high
  always bracket both T and best. UCDP best is at least 1 (GED holds deadly events only).
- Actors, named as each dataset names them: "Military Forces of Afghanistan (2014-2021)" /
  "Government of Afghanistan", "Taliban" / "Taleban", "Islamic State (Syria)" / "IS",
  "KIA: Kachin Independence Army" / "KIO"; country names too ("Myanmar" / "Myanmar (Burma)").

20% of each file's rows have no twin in the other (`ONE_SIDED`): UCDP's extra rows are deadly
violence ACLED missed; ACLED's are drawn from its whole mix (protests, riots and strategic
developments, which UCDP never codes, and violence UCDP missed). Each file has n rows, from
1.2 n underlying events.

Whether the truth is achievable: towns sit at least 80 km apart (a jittered grid), so records
of events in different towns are at least 70 km apart, and no two distinct violent events
take the same town within `QUIET_DAYS` days. Distinct events whose records fall within the
default windows (2 days, 50 km) are then of incompatible kinds (a protest where a battle
was) -- rarely, a week-long span or a window widened for an area-precision place reaches
another -- except for the confusable near-duplicates: 5% of the underlying events
(`CONFUSABLE`) belong to a couple of two different events in the same town on the same day
and of the same kind (the same two sides half the time; other fatalities), as when a town is
fought over twice in a day or two attacks hit one market. Nothing but the records' small
differences tells the two apart, so a matcher gets some of those wrong and precision
measures something. The truth marks both events of a couple (`near`).

The truth file has one JSON object a line, for each underlying event: `event` (its number),
`acled` (its event_id_cnty, or null), `ucdp` (its GED id, or null), `fatalities` (the true
figure), `acled_fatalities` and `ucdp_best` (what each record says, or null), `day` (the true
day), `kind` (battle, remote, civilians, or other for what UCDP never codes) and `near` (the
number of the event it is confusable with, or null).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import heapq
import json
import math
import os
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from bench import generate

VERSION = 2
"""Bumped whenever the output for a seed changes, so a kept pair is not reused."""

ONE_SIDED = 0.2
"""Share of each file's rows that have no twin in the other file."""
CONFUSABLE = 0.05
"""Share of underlying events in a confusable couple (the second of each is generated right
after the first, in its town and on its day)."""
QUIET_DAYS = 6
"""No two distinct violent events (but confusable couples) in one town within this many
days of each other: with each record's span within 2 days of its day (6 for a range), a
matcher's 2-day window cannot join them but through a week-long span."""
MAX_DAYS_APART = 2
"""The most days between an event's ACLED and UCDP records (0 when their spans overlap)."""
MAX_KM_APART = 10.0
"""The most kilometres between an event's ACLED and UCDP coordinates."""
RECORD_KM = 4.9
"""The most kilometres between a record's coordinates and the true place (before rounding
to 4 decimals in ACLED and 6 in UCDP, which moves a point by 8 m at most)."""
TOWN_SPACING_KM = 110.0
TOWN_JITTER_KM = 15.0
"""Towns are on a grid of 110 km, each moved up to 15 km along each axis: 80 km apart at
least, so records of events in different towns are at least 70 km apart."""
KM_PER_DEGREE = 6371.0 * math.pi / 180

ACLED_COLUMNS = generate.COLUMNS
UCDP_COLUMNS = (
    "id", "year", "active_year", "type_of_violence", "conflict_new_id", "conflict_name",
    "dyad_new_id", "dyad_name", "side_a_new_id", "gwnoa", "side_a", "side_b_new_id", "gwnob",
    "side_b", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline", "source_original", "where_prec", "where_coordinates", "adm_1", "adm_2",
    "latitude", "longitude", "geom_wkt", "priogrid_gid", "country", "country_id", "region",
    "event_clarity", "date_prec", "date_start", "date_end", "deaths_a", "deaths_b",
    "deaths_civilians", "deaths_unknown", "low", "best", "high",
)
"""UCDP GED 19.1's columns, in its order (the fixture's)."""

BATTLE, REMOTE, CIVILIANS, OTHER = "battle", "remote", "civilians", "other"
FAMILY_OF_EVENT_TYPE = {"Battles": BATTLE, "Explosions/Remote violence": REMOTE,
                        "Violence against civilians": CIVILIANS}
UCDP_TYPES = {BATTLE: ("1", "2"), REMOTE: ("1",), CIVILIANS: ("3",)}
"""The UCDP types of violence each kind of ACLED violence is written as."""
FAMILY_SHARES = ((BATTLE, 0.50), (REMOTE, 0.22), (CIVILIANS, 0.28))
"""The kinds of the events UCDP codes (two sides fighting, or one side killing civilians)."""

# Per ACLED country: UCDP's name for it, its Gleditsch-Ward number, UCDP's region, ACLED's
# name for its state forces (None: "Military Forces of <country> (<since>-)"), the year
# that label starts, and its armed groups as (ACLED name, UCDP name, ACLED inter code,
# fights the government in UCDP's terms, Gleditsch-Ward number when it is a state).
# Palestine's state forces are Israel's, as both datasets code them.
Group = tuple[str, str, int, bool, int | None]
_BOKO = ("Boko Haram - Jamaatu Ahli is-Sunna lid-Dawati wal-Jihad",
         "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad", 2, True, None)
_JNIM = ("JNIM: Group for Support of Islam and Muslims", "JNIM", 2, True, None)
_SHABAAB = ("Al Shabaab", "Al-Shabaab", 2, True, None)
WARS: dict[str, tuple[str, int, str, str | None, int, tuple[Group, ...]]] = {
    "Ukraine": ("Ukraine", 369, "Europe", None, 2019, (
        ("Military Forces of Russia (2000-)", "Government of Russia (Soviet Union)", 8, True,
         365),
        ("DNR: Donetsk People's Republic", "DPR", 2, True, None))),
    "Syria": ("Syria", 652, "Middle East", "Military Forces of Syria (2000-2024)", 2000, (
        ("Hayat Tahrir al Sham", "Hay'at Tahrir al-Sham", 2, True, None),
        ("Islamic State (Syria)", "IS", 2, True, None),
        ("SDF: Syrian Democratic Forces", "SDF", 2, False, None))),
    "India": ("India", 750, "Asia", None, 2014, (
        ("CPI (Maoist): Communist Party of India (Maoist)", "CPI-Maoist", 2, True, None),
        ("Hizbul Mujahideen", "Kashmir insurgents", 2, True, None))),
    "Yemen": ("Yemen (North Yemen)", 678, "Middle East", None, 2012, (
        ("Ansar Allah", "Ansarallah", 2, True, None),
        ("AQAP: Al Qaeda in the Arabian Peninsula", "AQAP", 2, True, None))),
    "Mexico": ("Mexico", 70, "Americas", "Military Forces of Mexico (2018-2024)", 2018, (
        ("CJNG: Jalisco New Generation Cartel", "CJNG", 3, False, None),
        ("Sinaloa Cartel", "Sinaloa Cartel", 3, False, None),
        ("Santa Rosa de Lima Cartel", "Cartel de Santa Rosa de Lima", 3, False, None))),
    "Pakistan": ("Pakistan", 770, "Asia", None, 2018, (
        ("TTP: Tehrik-i-Taliban Pakistan", "TTP", 2, True, None),
        ("BLA: Balochistan Liberation Army", "BLA", 2, True, None))),
    "Iraq": ("Iraq", 645, "Middle East", None, 2014, (
        ("Islamic State (Iraq)", "IS", 2, True, None),)),
    "Afghanistan": ("Afghanistan", 700, "Asia", "Military Forces of Afghanistan (2014-2021)",
                    2014, (("Taliban", "Taleban", 2, True, None),
                           ("Islamic State (Afghanistan)", "IS", 2, True, None))),
    "Nigeria": ("Nigeria", 475, "Africa", "Military Forces of Nigeria (2015-2023)", 2015, (
        _BOKO, ("ISWAP: Islamic State West Africa Province", "IS", 2, True, None),
        ("Fulani Ethnic Militia (Nigeria)", "Fulani", 4, False, None))),
    "Brazil": ("Brazil", 140, "Americas", None, 2019, (
        ("PCC: First Capital Command", "PCC", 3, False, None),
        ("CV: Red Command", "CV", 3, False, None))),
    "Myanmar": ("Myanmar (Burma)", 775, "Asia", None, 2021, (
        ("KIA: Kachin Independence Army", "KIO", 2, True, None),
        ("AA: Arakan Army", "AA", 2, True, None),
        ("PDF: People's Defense Force", "NUG", 2, True, None))),
    "Somalia": ("Somalia", 520, "Africa", None, 2012, (
        _SHABAAB, ("Islamic State (Somalia)", "IS", 2, False, None))),
    "Democratic Republic of Congo": ("DR Congo (Zaire)", 490, "Africa", None, 2019, (
        ("M23: March 23 Movement", "M23", 2, True, None),
        ("ADF: Allied Democratic Forces", "ADF", 2, True, None),
        ("CODECO: Cooperative for Development of Congo", "CODECO", 4, False, None))),
    "Philippines": ("Philippines", 840, "Asia", None, 2016, (
        ("NPA: New People's Army", "CPP", 2, True, None),
        ("Abu Sayyaf Group", "ASG", 2, True, None))),
    "Colombia": ("Colombia", 100, "Americas", None, 2018, (
        ("ELN: National Liberation Army", "ELN", 2, True, None),
        ("Clan del Golfo", "Clan del Golfo", 3, False, None))),
    "Turkey": ("Turkey", 640, "Europe", None, 2016, (
        ("PKK: Kurdistan Workers Party", "PKK", 2, True, None),)),
    "Mali": ("Mali", 432, "Africa", None, 2021, (
        _JNIM, ("Islamic State (Greater Sahara)", "IS", 2, True, None))),
    "Burkina Faso": ("Burkina Faso", 439, "Africa", None, 2022, (
        _JNIM, ("Islamic State (Sahel)", "IS", 2, True, None),
        ("Dozo Communal Militia (Burkina Faso)", "Dozo", 4, False, None))),
    "Libya": ("Libya", 620, "Africa", None, 2016, (
        ("LNA: Libyan National Army", "Forces of Khalifa Haftar", 2, True, None),
        ("Islamic State (Libya)", "IS", 2, True, None))),
    "Sudan": ("Sudan", 625, "Africa", None, 2019, (
        ("RSF: Rapid Support Forces", "RSF", 2, True, None),
        ("SPLM-N: Sudan People's Liberation Movement-North", "SPLM/A-North", 2, True, None))),
    "Bangladesh": ("Bangladesh", 771, "Asia", None, 2009, (
        ("Awami League", "Supporters of Awami League", 3, False, None),
        ("BNP: Bangladesh Nationalist Party", "Supporters of BNP", 3, False, None))),
    "Palestine": ("Israel", 666, "Middle East", "Military Forces of Israel (2022-)", 2022, (
        ("Hamas Movement", "Hamas", 2, True, None),
        ("PIJ: Palestinian Islamic Jihad", "PIJ", 2, True, None))),
    "Ethiopia": ("Ethiopia", 530, "Africa", None, 2018, (
        ("OLA: Oromo Liberation Army", "OLA", 2, True, None),
        ("TPLF: Tigray People's Liberation Front", "TPLF", 2, True, None),
        ("Fano Militia", "Fano", 3, True, None))),
    "South Sudan": ("South Sudan", 626, "Africa", None, 2011, (
        ("SPLM/A-IO: Sudan People's Liberation Movement/Army (In Opposition)", "SPLM/A-IO",
         2, True, None),
        ("NAS: National Salvation Front", "NAS", 2, True, None))),
    "Cameroon": ("Cameroon", 471, "Africa", None, 1982, (
        ("Ambazonian Separatists", "Ambazonia", 2, True, None), _BOKO)),
    "Russia": ("Russia (Soviet Union)", 365, "Europe", None, 2000, (
        ("Military Forces of Ukraine (2019-)", "Government of Ukraine", 8, True, 369),)),
    "Mozambique": ("Mozambique", 541, "Africa", None, 2015, (
        ("Islamic State (Mozambique)", "IS", 2, True, None),)),
    "Central African Republic": ("Central African Republic", 482, "Africa", None, 2016, (
        ("CPC: Coalition of Patriots for Change", "CPC", 2, True, None),
        ("3R: Return, Reclamation, Rehabilitation", "3R", 2, True, None))),
    "Niger": ("Niger", 436, "Africa", None, 2021, (
        ("Islamic State (Sahel)", "IS", 2, True, None), _JNIM)),
    "Venezuela": ("Venezuela", 101, "Americas", None, 1999, (
        ("Tren de Aragua", "Tren de Aragua", 3, False, None),
        ("ELN: National Liberation Army", "ELN", 2, False, None))),
    "Kenya": ("Kenya", 501, "Africa", None, 2013, (_SHABAAB,)),
    "Lebanon": ("Lebanon", 660, "Middle East", None, 2021, (
        ("Hezbollah", "Hezbollah", 2, False, None),
        ("Fatah al Islam", "Fatah al-Islam", 2, True, None))),
    "Iran": ("Iran", 630, "Middle East", None, 1989, (
        ("PJAK: Party of Free Life of Kurdistan", "PJAK", 2, True, None),
        ("Jaish al Adl", "Jondollah", 2, True, None))),
    "Indonesia": ("Indonesia", 850, "Asia", None, 2014, (
        ("TPNPB: West Papua National Liberation Army", "OPM", 2, True, None),)),
    "Egypt": ("Egypt", 651, "Middle East", None, 2014, (
        ("Islamic State (Egypt)", "IS", 2, True, None),)),
    "Chad": ("Chad", 483, "Africa", None, 2021, (
        ("FACT: Front for Change and Concord in Chad", "FACT", 2, True, None), _BOKO)),
    "Israel": ("Israel", 666, "Middle East", "Military Forces of Israel (2022-)", 2022, (
        ("Hamas Movement", "Hamas", 2, True, None),
        ("Hezbollah", "Hezbollah", 2, True, None))),
    "Honduras": ("Honduras", 91, "Americas", None, 2022, (
        ("MS13: Mara Salvatrucha", "MS-13", 3, False, None),
        ("Barrio 18", "Barrio 18", 3, False, None))),
    "Haiti": ("Haiti", 41, "Americas", None, 2021, (
        ("G9 Family and Allies", "G9", 3, False, None),
        ("G-Pep", "G-Pep", 3, False, None))),
    "Burundi": ("Burundi", 516, "Africa", None, 2005, (
        ("RED-TABARA", "RED-TABARA", 2, True, None),)),
}
assert set(WARS) == {c[0] for c in generate.COUNTRIES}, "a war for every generated country"

# How UCDP writes an ACLED admin1's name ("Donetsk" -> "Donetsk oblast").
ADMIN1_SUFFIX = {"Ukraine": " oblast", "Russia": " oblast", "Myanmar": " state",
                 "Nigeria": " state", "Mexico": " state", "Sudan": " state",
                 "South Sudan": " state", "Syria": " governorate", "Iraq": " governorate",
                 "Yemen": " governorate", "Egypt": " governorate", "Lebanon": " governorate",
                 "Palestine": " governorate", "Bangladesh": " division", "India": " state",
                 "Ethiopia": " region", "Mali": " region", "Niger": " region",
                 "Burkina Faso": " region", "Cameroon": " region", "Turkey": " province"}

UCDP_OUTLETS = (
    "Reuters News", "Agence France Presse", "Associated Press Newswires", "BBC Monitoring",
    "Xinhua General News Service", "Al Jazeera", "Deutsche Presse-Agentur", "The Guardian",
    "New York Times", "Local media", "United Nations OCHA", "Human Rights Watch",
)
SOURCES_ORIGINAL = ("", "", "", "police", "military spokesperson", "local officials",
                    "residents", "hospital sources", "witnesses", "the group's statement")
HEADLINES = {
    BATTLE: ("{n} killed in clashes near {town}", "Fighting between {a} and {b} in {admin}",
             "{b} attack army post in {town}", "Heavy fighting reported around {town}"),
    REMOTE: ("Strike kills {n} in {town}", "Shelling hits {town}, {n} dead",
             "Roadside bomb kills {n} in {admin}", "{n} dead after explosion in {town}"),
    CIVILIANS: ("Gunmen kill {n} villagers in {town}", "{n} civilians killed in {town}",
                "Attack on {town} market leaves {n} dead", "Bodies of {n} found near {town}"),
}
CIVILIAN_GROUPS = ("Farmers", "Women", "Students", "Labour Group", "Health Workers",
                   "Refugees/IDPs", "Teachers", "Christian Group", "Muslim Group")
_SIDE_IDS = {"Civilians": 1}
"""UCDP's actor ids start at these (civilians are actor 1 in GED)."""


@dataclass(frozen=True, slots=True)
class PairFiles:
    """The three files of a pair and what they hold."""

    acled: Path
    ucdp: Path
    truth: Path
    rows: int
    """Rows in each CSV file."""
    events: int
    """Underlying events: in both files, only in ACLED's, or only in UCDP's."""
    both: int
    acled_only: int
    ucdp_only: int
    couples: int
    """Confusable couples: two different events of one town, day and kind."""


class _Actor:
    """An armed actor, as each dataset names it."""

    __slots__ = ("acled", "ucdp", "inter", "state_based", "gw", "ucdp_id")

    def __init__(self, acled: str, ucdp: str, inter: int, state_based: bool,
                 gw: int | None, ucdp_id: int) -> None:
        self.acled, self.ucdp, self.inter = acled, ucdp, inter
        self.state_based, self.gw, self.ucdp_id = state_based, gw, ucdp_id


class _Country:
    """A country of the generated world: its names, towns, armed actors and id counters."""

    def __init__(self, rng: random.Random, name: str, iso: int, iso3: str, region: str,
                 admin1s: Sequence[str], side_ids: dict[str, int]) -> None:
        ucdp, gw, ucdp_region, forces, since, groups = WARS[name]
        self.name, self.iso, self.iso3, self.region = name, iso, iso3, region
        self.ucdp_name, self.gw, self.ucdp_region = ucdp, gw, ucdp_region
        self.admin1s = tuple(admin1s)
        self.next_id = rng.randint(1000, 20000)

        def side_id(ucdp_name: str) -> int:
            if ucdp_name not in side_ids:
                side_ids[ucdp_name] = 100 + 7 * len(side_ids) + rng.randint(0, 6)
            return side_ids[ucdp_name]

        state = f"Government of {ucdp}"
        if name == "Palestine":
            state = "Government of Israel"
        self.state = _Actor(forces or f"Military Forces of {name} ({since}-)", state,
                            8 if name == "Palestine" else 1, True,
                            666 if name == "Palestine" else gw, side_id(state))
        self.police = f"Police Forces of {name} ({since}-)"
        militia = generate._town(rng).split(" ")[0]
        self.groups = [_Actor(a, u, inter, sb, g, side_id(u))
                       for a, u, inter, sb, g in groups]
        self.groups.append(_Actor(f"{militia} Communal Militia ({name})", militia, 4, False,
                                  None, side_id(militia)))
        self.rebels = [g for g in self.groups if g.state_based]
        self.civilians = f"Civilians ({name})"
        self.admin_suffix = ADMIN1_SUFFIX.get(name, " province")
        self.towns: list[generate._Place] = []
        self.last_used: list[int] = []
        self.weights: list[float] = []


@dataclass(slots=True)
class _Event:
    """One underlying event, as the world saw it."""

    index: int
    day: dt.date
    country: _Country
    town: int
    family: str
    event_type: str
    sub_type: str
    violence: str
    """UCDP's type_of_violence ("" for what UCDP does not code)."""
    actor1: tuple[str, int]
    actor2: tuple[str, int] | None
    side_a: _Actor
    side_b: _Actor | None
    """None: civilians."""
    fatalities: int
    near: int | None = None


_NEEDS_QUOTES = re.compile(r'[ ,"\n\r]').search


def acled_line(cells: Sequence[object]) -> str:
    """One row of an ACLED export-tool file, with its line end: a cell is quoted when it
    holds a space, comma, quote or line break (so "21 March 2020" and "Armed clash", but not
    Battles or 36.9882), as the export tool writes it."""
    return ",".join('"' + text.replace('"', '""') + '"' if _NEEDS_QUOTES(text) else text
                    for text in map(str, cells)) + "\n"


def priogrid(latitude: float, longitude: float) -> int:
    """The PRIO-GRID cell (half a degree) a point lies in, as GED's priogrid_gid."""
    row = min(int((latitude + 90) / 0.5), 359)
    column = min(int((longitude + 180) / 0.5), 719)
    return row * 720 + column + 1


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (earth radius 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


class _World:
    """The seeded world: countries laid out on a grid of towns."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.side_ids = dict(_SIDE_IDS)
        self.countries = [_Country(rng, *c, side_ids=self.side_ids)
                          for c in generate.COUNTRIES]
        self.country_weights = generate._cumulative(generate._zipf(len(self.countries), 0.9))
        self._lay_out()

    def _grid(self) -> list[tuple[float, float]]:
        """Town sites, in bands of rows, each band west to east."""
        rng = self.rng
        lat_step = TOWN_SPACING_KM / KM_PER_DEGREE
        rows = []
        lat = -38.0
        while lat <= 52.0:
            cos = math.cos(math.radians(lat))
            lon_step = TOWN_SPACING_KM / (KM_PER_DEGREE * cos)
            count = int(360 / lon_step)
            start = -180 + rng.uniform(0, lon_step)
            row = []
            for j in range(count):
                dlat = rng.uniform(-TOWN_JITTER_KM, TOWN_JITTER_KM) / KM_PER_DEGREE
                dlon = rng.uniform(-TOWN_JITTER_KM, TOWN_JITTER_KM) / (KM_PER_DEGREE * cos)
                lon = start + j * lon_step + dlon
                lon = lon - 360 if lon >= 180 else lon + 360 if lon < -180 else lon
                row.append((round(lat + dlat, 4), round(lon, 4)))
            rows.append(row)
            lat += lat_step
        sites: list[tuple[float, float]] = []
        for band in range(0, len(rows), 6):
            cells = sorted((c for row in rows[band:band + 6] for c in row),
                           key=lambda c: c[1], reverse=band % 12 == 6)
            sites.extend(cells)
        return sites

    def _lay_out(self) -> None:
        """Give each country a run of sites (more to the busier ones) and its towns names."""
        rng = self.rng
        sites = self._grid()
        weights = generate._zipf(len(self.countries), 0.9)
        total = sum(weights)
        minimum = 100
        spare = len(sites) - minimum * len(self.countries)
        order = list(range(len(self.countries)))
        rng.shuffle(order)
        at = 0
        for rank, index in enumerate(order):
            country = self.countries[index]
            size = minimum + int(spare * weights[index] / total)
            if rank == len(order) - 1:
                size = len(sites) - at
            own = sites[at:at + size]
            at += size
            per_admin = math.ceil(len(own) / len(country.admin1s))
            for k, (lat, lon) in enumerate(own):
                admin1 = country.admin1s[k // per_admin]
                town = admin1 if k % per_admin == 0 else generate._town(rng)
                admin2 = town if rng.random() < 0.7 else ""
                country.towns.append(generate._Place(admin1, admin2, town, lat, lon))
            country.last_used = [1 << 40] * len(own)
            ranks = list(range(1, len(own) + 1))
            rng.shuffle(ranks)
            country.weights = generate._cumulative([1.0 / r ** 0.8 for r in ranks])

    def country(self) -> _Country:
        return self.rng.choices(self.countries, cum_weights=self.country_weights)[0]

    def town(self, country: _Country, day: int, violent: bool) -> int:
        """A town of the country, weighted; for violence, one no other violence took within
        QUIET_DAYS (events come newest day first, so `last_used` is the latest day)."""
        rng = self.rng
        weights, last = country.weights, country.last_used
        total = weights[-1]
        index = bisect.bisect(weights, rng.random() * total)
        if not violent:
            return index
        quiet = day + QUIET_DAYS
        if last[index] <= quiet:
            for _ in range(12):
                index = bisect.bisect(weights, rng.random() * total)
                if last[index] > quiet:
                    break
            else:
                for _ in range(24):
                    index = rng.randrange(len(last))
                    if last[index] > quiet:
                        break
                else:
                    start = rng.randrange(len(last))
                    index = next((k % len(last) for k in range(start, start + len(last))
                                  if last[k % len(last)] > quiet), -1)
                    if index < 0:
                        raise RuntimeError(f"every town of {country.name} is taken: too many "
                                           "events for the generated world")
        last[index] = day
        return index


class _Writer:
    """The generator: the world, the events, and the three files' rows."""

    def __init__(self, seed: int) -> None:
        # bench.generate's generator lends its vocabulary (notes, sources, the plan of days)
        # and its random stream, so one seed gives one world.
        self.base = generate.Generator(seed)
        self.rng = self.base.rng
        self.world = _World(self.rng)
        self.data_id = 6_000_000 + self.rng.randint(0, 999_999)
        self.ucdp_id = 150_000 + self.rng.randint(0, 99_999)
        self.dyads: dict[tuple[str, str, str], tuple[int, int]] = {}
        self.next_conflict = 200 + self.rng.randint(0, 99)
        self.family_weights = generate._cumulative([share for _, share in FAMILY_SHARES])
        self.acled_sub_weights = self.base.sub_weights
        self.couples = 0

    # -- the underlying event ---------------------------------------------------------------

    def _family(self, country: _Country) -> str:
        family = self.rng.choices(FAMILY_SHARES, cum_weights=self.family_weights)[0][0]
        if family == REMOTE and not country.rebels:
            return BATTLE
        return family

    def _dyad(self, country: _Country, family: str) -> tuple[str, _Actor, _Actor | None]:
        """UCDP's type of violence and its two sides (None: civilians)."""
        rng = self.rng
        if family == CIVILIANS:
            perpetrator = country.state if rng.random() < 0.4 else rng.choice(country.groups)
            return "3", perpetrator, None
        if country.rebels and (family == REMOTE or rng.random() < 0.75):
            return "1", country.state, rng.choice(country.rebels)
        first, second = rng.sample(country.groups, 2)
        while first.ucdp == second.ucdp:
            first, second = rng.sample(country.groups, 2)
        a, b = sorted((first, second), key=lambda g: g.ucdp)
        return "2", a, b

    def _acled_sides(self, country: _Country, family: str, sub_type: str, violence: str,
                     a: _Actor, b: _Actor | None
                     ) -> tuple[tuple[str, int], tuple[str, int] | None]:
        """ACLED's actor1 and actor2 for the sides: who acted first comes first."""
        first: tuple[str, int] = (a.acled, a.inter)
        second: tuple[str, int] = (b.acled, b.inter) if b else (country.civilians, 7)
        if family == CIVILIANS:
            return first, second
        if family == REMOTE:
            by_state = sub_type in ("Shelling/artillery/missile attack", "Air/drone strike",
                                    "Chemical weapon")
            return (first, second) if by_state == (a is country.state) else (second, first)
        if sub_type == "Government regains territory":
            return (first, second) if a is country.state else (second, first)
        if sub_type == "Non-state actor overtakes territory" and violence == "1":
            return second, first
        return (first, second) if self.rng.random() < 0.5 else (second, first)

    def _violent_sub_type(self, family: str, violence: str) -> tuple[str, str]:
        roll = self.rng.random()
        if family == BATTLE:
            if violence == "1":
                sub = ("Armed clash" if roll < 0.92 else "Government regains territory"
                       if roll < 0.96 else "Non-state actor overtakes territory")
            else:
                sub = "Armed clash" if roll < 0.95 else "Non-state actor overtakes territory"
            return "Battles", sub
        if family == REMOTE:
            sub = ("Shelling/artillery/missile attack" if roll < 0.40 else "Air/drone strike"
                   if roll < 0.70 else "Remote explosive/landmine/IED" if roll < 0.92
                   else "Suicide bomb" if roll < 0.96 else "Grenade")
            return "Explosions/Remote violence", sub
        return "Violence against civilians", "Attack"

    def _true_fatalities(self) -> int:
        return min(int(self.rng.paretovariate(1.3)), 1000)

    def event(self, index: int, day: dt.date, role: str, like: _Event | None) -> _Event:
        """The underlying event of a role (both, acled, ucdp); `like`: the event it is a
        confusable near-duplicate of (same town, day and kind)."""
        rng, world = self.rng, self.world
        ordinal = day.toordinal()
        if like is not None:
            country, family, town = like.country, like.family, like.town
            if rng.random() < 0.5:
                violence, a, b = like.violence, like.side_a, like.side_b
            else:
                violence, a, b = self._dyad(country, family)
            event_type, sub_type = self._violent_sub_type(family, violence)
            fatalities = self._true_fatalities()
        else:
            country = world.country()
            if role == "acled":
                event_type, sub_type, _ = rng.choices(
                    generate.SUB_EVENTS, cum_weights=self.acled_sub_weights)[0]
                family = FAMILY_OF_EVENT_TYPE.get(event_type, OTHER)
                fatalities = self.base._fatalities(event_type)
                violence, a, b = (self._dyad(country, family) if family != OTHER
                                  else ("", country.state, None))
            else:
                family = self._family(country)
                violence, a, b = self._dyad(country, family)
                event_type, sub_type = self._violent_sub_type(family, violence)
                fatalities = self._true_fatalities()
            town = world.town(country, ordinal, family != OTHER)
        if family == OTHER:
            actor1, actor2 = self._other_sides(country, event_type, sub_type)
        else:
            actor1, actor2 = self._acled_sides(country, family, sub_type, violence, a, b)
        return _Event(index, day, country, town, family, event_type, sub_type,
                      violence if family != OTHER else "", actor1, actor2, a, b, fatalities,
                      like.index if like is not None else None)

    def _other_sides(self, country: _Country, event_type: str, sub_type: str
                     ) -> tuple[tuple[str, int], tuple[str, int] | None]:
        """actor1 and actor2 of a protest, riot or strategic development."""
        rng = self.rng
        police = (country.police, 1)
        if event_type == "Protests":
            protesters = (f"Protesters ({country.name})", 6)
            return protesters, None if sub_type == "Peaceful protest" else police
        if event_type == "Riots":
            rioters = (f"Rioters ({country.name})", 5)
            roll = rng.random()
            return rioters, (police if roll < 0.4 else (country.civilians, 7) if roll < 0.7
                             else None)
        group = rng.choice(country.groups)
        first = (country.state.acled, country.state.inter) if rng.random() < 0.5 \
            else (group.acled, group.inter)
        second = (group.acled, group.inter) if first[0] != group.acled \
            else (country.state.acled, country.state.inter)
        return first, second if rng.random() < 0.4 else None

    # -- what each dataset says -------------------------------------------------------------

    def _reported(self, true: int, floor: int) -> int:
        """A record's figure: the true one, or off by at most max(2, ceil(0.15 true))."""
        rng = self.rng
        if true == 0 or rng.random() < 0.6:
            return max(true, floor)
        slack = max(2, math.ceil(0.15 * true))
        return max(floor, true + rng.choice((-1, 1)) * rng.randint(1, slack))

    def _moved(self, latitude: float, longitude: float, exact: float) -> tuple[float, float]:
        """A point up to RECORD_KM from the place (`exact`: the share exactly on it)."""
        rng = self.rng
        if rng.random() < exact:
            return latitude, longitude
        distance = RECORD_KM * rng.random()
        bearing = rng.random() * 2 * math.pi
        dlat = distance * math.cos(bearing) / KM_PER_DEGREE
        dlon = distance * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(latitude)))
        lon = longitude + dlon
        lon = lon - 360 if lon >= 180 else lon + 360 if lon < -180 else lon
        return latitude + dlat, lon

    def dates(self, day: dt.date) -> tuple[dt.date, int, dt.date, dt.date, int]:
        """ACLED's event_date and time_precision, UCDP's date_start, date_end and date_prec.

        One of the two day-precise dates is the true day and the other up to 2 days off (so
        each is within 2 days of it, and of each other); a week or a range holds the day."""
        rng = self.rng
        roll = rng.random()
        gap = 0 if roll < 0.55 else rng.choice((-1, 1)) * (1 if roll < 0.85 else 2)
        acled_day, ucdp_day = (day, day + dt.timedelta(gap)) if rng.random() < 0.5 \
            else (day - dt.timedelta(gap), day)
        acled_precision = 1 if rng.random() < 0.88 else 2
        roll = rng.random()
        if roll < 0.72:
            return acled_day, acled_precision, ucdp_day, ucdp_day, 1
        length = rng.randint(2, 6) if roll < 0.92 else 7
        start = day - dt.timedelta(rng.randrange(length))
        return (acled_day, acled_precision, start, start + dt.timedelta(length - 1),
                1 + (length > 1) + (length == 7))

    def acled_row(self, e: _Event, event_date: dt.date, precision: int, fatalities: int
                  ) -> list[object]:
        rng = self.rng
        country = e.country
        place = country.towns[e.town]
        latitude, longitude = self._moved(place.latitude, place.longitude, 0.35)
        actor1, inter1 = e.actor1
        actor2, inter2 = e.actor2 if e.actor2 else ("", 0)
        assoc1 = "Militia (Pro-Government)" if inter1 == 1 and rng.random() < 0.08 else ""
        assoc2 = (f"{rng.choice(CIVILIAN_GROUPS)} ({country.name})"
                  if inter2 == 7 and rng.random() < 0.15 else "")
        low, high = sorted((inter1, inter2))
        interaction = inter1 * 10 if not inter2 else low * 10 + high
        sources = rng.choices(generate.SOURCES, cum_weights=self.base.source_weights,
                              k=1 if rng.random() < 0.75 else 2)
        self.data_id += 1
        country.next_id += 1
        notes = self.base._notes(e.sub_type.lower(), event_date, place, actor1, actor2)
        epoch = int(dt.datetime(event_date.year, event_date.month, event_date.day,
                                tzinfo=dt.timezone.utc).timestamp())
        return [
            self.data_id, country.iso, f"{country.iso3}{country.next_id}", country.next_id,
            generate._date_text(event_date), event_date.year, precision, e.event_type,
            e.sub_type, actor1, assoc1, inter1, actor2, assoc2, inter2 or "", interaction,
            country.region, country.name, place.admin1, place.admin2, "", place.location,
            round(latitude, 4), round(longitude, 4), rng.choices((1, 2, 3), (55, 40, 5))[0],
            "; ".join(dict.fromkeys(sources)), rng.choice(generate.SOURCE_SCALES), notes,
            fatalities, epoch + rng.randint(3, 30) * 86400 + rng.randint(0, 86399),
            country.iso3,
        ]

    def _conflict(self, e: _Event, side_a: str, side_b: str) -> tuple[int, str, int, str]:
        """conflict_new_id, conflict_name, dyad_new_id, dyad_name (ids kept per dyad)."""
        dyad = f"{side_a} - {side_b}"
        conflict = f"{e.country.ucdp_name}: Government" if e.violence == "1" else dyad
        key = (e.violence, side_a, side_b)
        ids = self.dyads.get(key)
        if ids is None:
            self.next_conflict += self.rng.randint(1, 40)
            conflict_id = self.next_conflict
            if e.violence == "1":
                conflict_id = next((c for (v, a, _), (c, _) in self.dyads.items()
                                    if v == "1" and a == side_a), conflict_id)
            ids = self.dyads[key] = (conflict_id, self.next_conflict + 500)
        return ids[0], conflict, ids[1], dyad

    def ucdp_row(self, e: _Event, start: dt.date, end: dt.date, precision: int, best: int
                 ) -> tuple[list[object], str]:
        """The GED row, and its id."""
        rng = self.rng
        country = e.country
        place = country.towns[e.town]
        latitude, longitude = self._moved(place.latitude, place.longitude, 0.30)
        latitude, longitude = round(latitude, 6), round(longitude, 6)
        side_a = e.side_a
        side_b_name = e.side_b.ucdp if e.side_b else "Civilians"
        side_b_id = e.side_b.ucdp_id if e.side_b else 1
        side_b_gw = e.side_b.gw if e.side_b and e.side_b.gw else ""
        conflict_id, conflict, dyad_id, dyad = self._conflict(e, side_a.ucdp, side_b_name)
        slack = max(2, math.ceil(0.15 * e.fatalities))
        low = max(0, min(best, e.fatalities) - (rng.randint(1, slack) if rng.random() < 0.25
                                                else 0))
        high = max(best, e.fatalities) + (rng.randint(1, slack + e.fatalities)
                                          if rng.random() < 0.3 else 0)
        if e.violence == "3":
            deaths = (0, 0, best, 0)
        else:
            a = rng.randint(0, best)
            b = rng.randint(0, best - a)
            civilians = rng.randint(0, best - a - b) if rng.random() < 0.2 else 0
            deaths = (a, b, civilians, best - a - b - civilians)
        roll = rng.random()
        where_prec = 1 if roll < 0.45 else 2 if roll < 0.80 else 3 if roll < 0.94 else 4
        admin1 = place.admin1 + country.admin_suffix
        admin2 = f"{place.admin2 or place.location} district"
        town = place.location if place.location.endswith(("Town", "Market", "Junction")) \
            else f"{place.location} town"
        where = town if where_prec <= 2 else admin2 if where_prec == 3 else admin1
        articles = []
        for outlet in rng.sample(UCDP_OUTLETS, 1 if rng.random() < 0.6 else rng.randint(2, 4)):
            headline = rng.choice(HEADLINES[e.family]).format(
                n=best, town=place.location, admin=admin1, a=side_a.ucdp, b=side_b_name)
            articles.append((outlet, (end + dt.timedelta(rng.randint(0, 3))).isoformat(),
                             headline))
        self.ucdp_id += rng.randint(1, 3)
        row: list[object] = [
            self.ucdp_id, start.year, 1 if rng.random() < 0.85 else 0, e.violence, conflict_id,
            conflict, dyad_id, dyad, side_a.ucdp_id, side_a.gw or "", side_a.ucdp, side_b_id,
            side_b_gw, side_b_name, len(articles),
            ";".join(f'"{o},{d},{h}"' for o, d, h in articles),
            ";".join(o for o, _, _ in articles), ";".join(d for _, d, _ in articles),
            ";".join(h for _, _, h in articles), rng.choice(SOURCES_ORIGINAL), where_prec,
            where, admin1, admin2 if where_prec != 4 else "", latitude, longitude,
            f"POINT ({longitude:.6f} {latitude:.6f})", priogrid(latitude, longitude),
            country.ucdp_name, country.gw, country.ucdp_region, 1 if rng.random() < 0.88 else 2,
            precision, start.isoformat(), end.isoformat(), *deaths, low, best, high,
        ]
        return row, str(self.ucdp_id)


def _roles(rng: random.Random, both: int, acled: int, ucdp: int) -> str:
    """The next event's role, drawn so that the counts come out exact."""
    pick = rng.randrange(both + acled + ucdp)
    return "both" if pick < both else "acled" if pick < both + acled else "ucdp"


def _paths(n: int, seed: int, out_dir: Path) -> tuple[Path, Path, Path, Path]:
    stem = f"{n}-seed{seed}"
    return (out_dir / f"acled-pairs-{stem}.csv", out_dir / f"ucdp-pairs-{stem}.csv",
            out_dir / f"truth-pairs-{stem}.jsonl", out_dir / f"pairs-{stem}.json")


def write_pair(n: int, seed: int, out_dir: Path) -> PairFiles:
    """Write the ACLED file, the UCDP file (n rows each) and the truth file for a seed."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    acled_path, ucdp_path, truth_path, stamp = _paths(n, seed, out_dir)
    one_sided = round(n * ONE_SIDED)
    counts = {"both": n - one_sided, "acled": one_sided, "ucdp": one_sided}
    events = n + one_sided
    writer = _Writer(seed)
    rng = writer.rng
    partial = [p.with_name(p.name + ".partial") for p in (acled_path, ucdp_path, truth_path)]
    # The second of a couple follows a violent event (about 90% are) that is no second.
    twin_chance = CONFUSABLE / 2 / (1 - CONFUSABLE / 2) / 0.9
    with open(partial[0], "w", encoding="utf-8", newline="") as acled, \
            open(partial[1], "w", encoding="utf-8", newline="") as ucdp, \
            open(partial[2], "w", encoding="utf-8", newline="") as truth:
        acled.write(acled_line(ACLED_COLUMNS))
        ucdp_writer = csv.writer(ucdp, lineterminator="\n")
        ucdp_writer.writerow(UCDP_COLUMNS)
        held: list[tuple[int, int, str]] = []  # ACLED rows waiting for their place in order
        index = 0
        like: _Event | None = None
        for day, count in writer.base._days(events):
            for _ in range(count):
                when = like.day if like is not None else day  # a couple shares its day
                _release(held, when.toordinal() + MAX_DAYS_APART, acled)
                role = _roles(rng, counts["both"], counts["acled"], counts["ucdp"])
                counts[role] -= 1
                e = writer.event(index, when, role, like)
                twin = None
                if like is None and e.family != OTHER and index + 1 < events \
                        and rng.random() < twin_chance:
                    twin = index + 1
                    writer.couples += 1
                acled_day, precision, start, end, date_prec = writer.dates(e.day)
                acled_id = ucdp_id = None
                acled_figure = ucdp_best = None
                if role != "ucdp":
                    acled_figure = writer._reported(e.fatalities, 0)
                    row = writer.acled_row(e, acled_day, precision, acled_figure)
                    acled_id = str(row[2])
                    heapq.heappush(held, (-acled_day.toordinal(), index, acled_line(row)))
                if role != "acled":
                    ucdp_best = writer._reported(e.fatalities, 1)
                    row, ucdp_id = writer.ucdp_row(e, start, end, date_prec, ucdp_best)
                    ucdp_writer.writerow(row)
                truth.write(json.dumps({
                    "event": index, "acled": acled_id, "ucdp": ucdp_id,
                    "fatalities": e.fatalities, "acled_fatalities": acled_figure,
                    "ucdp_best": ucdp_best, "day": e.day.isoformat(), "kind": e.family,
                    "near": e.near if e.near is not None else twin,
                }, separators=(",", ":")) + "\n")
                like = e if twin is not None else None
                index += 1
        _release(held, -(1 << 40), acled)
    for written, final in zip(partial, (acled_path, ucdp_path, truth_path)):
        os.replace(written, final)
    files = PairFiles(acled_path, ucdp_path, truth_path, n, events, n - one_sided, one_sided,
                      one_sided, writer.couples)
    stamp.write_text(json.dumps({"version": VERSION, **{k: str(v) if isinstance(v, Path)
                                                       else v for k, v in asdict(files).items()}
                                 }, indent=1) + "\n", encoding="utf-8")
    return files


def _release(held: list[tuple[int, int, str]], after: int, stream: TextIO) -> None:
    """Write the held ACLED rows dated after the ordinal `after` (no later event can be
    dated after it), newest first."""
    while held and -held[0][0] > after:
        stream.write(heapq.heappop(held)[2])


def ensure_pair(n: int, seed: int, out_dir: Path) -> PairFiles:
    """The pair for this size and seed in out_dir, written only if it is not there yet."""
    acled_path, ucdp_path, truth_path, stamp = _paths(n, seed, Path(out_dir))
    try:
        kept = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        kept = None
    if kept is not None and kept.get("version") == VERSION and all(
            p.exists() for p in (acled_path, ucdp_path, truth_path)):
        return PairFiles(acled_path, ucdp_path, truth_path, kept["rows"], kept["events"],
                         kept["both"], kept["acled_only"], kept["ucdp_only"],
                         kept["couples"])
    return write_pair(n, seed, out_dir)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pairs",
                                     description="Write paired ACLED and UCDP GED files with "
                                                 "the truth of which rows match.")
    parser.add_argument("rows", type=int, metavar="ROWS", help="rows in each file")
    parser.add_argument("out", metavar="OUT_DIR")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    files = write_pair(args.rows, args.seed, Path(args.out))
    for name, value in asdict(files).items():
        print(f"{name:<11} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
