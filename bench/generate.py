"""Seeded ACLED-shaped CSV files for the scale benchmark.

    python -m bench.generate ROWS OUT.csv [--seed N]

The columns are those of the ACLED export tool's 2020 files (tests/fixtures/acled). Rows are
written one at a time, newest day first as the export tool does, so a million rows never sit
in memory. The distributions follow ACLED's: 40 countries with their admin1 regions and
towns, about 30 main actors with their inter codes, the 25 sub-event types weighted as in
the global data, dates over 2015-2023 with growing coverage, notes of 150-300 characters,
and fatalities that are mostly 0 with a long tail.

`ensure(rows, seed)` returns the file for a size from bench/.data/, writing it only once.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import os
import random
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from model.kinds import KIND_FOR_ACLED_SUB_EVENT

VERSION = 1
"""Bumped whenever the output for a seed changes, so cached files are not reused."""

DATA_DIR = Path(__file__).resolve().parent / ".data"

COLUMNS = (
    "data_id", "iso", "event_id_cnty", "event_id_no_cnty", "event_date", "year",
    "time_precision", "event_type", "sub_event_type", "actor1", "assoc_actor_1", "inter1",
    "actor2", "assoc_actor_2", "inter2", "interaction", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "timestamp", "iso3",
)

FIRST_DAY = dt.date(2015, 1, 1)
LAST_DAY = dt.date(2023, 12, 31)

# (event_type, sub_event_type, share of all events in percent), roughly ACLED's global mix.
SUB_EVENTS: tuple[tuple[str, str, float], ...] = (
    ("Protests", "Peaceful protest", 30.0),
    ("Protests", "Protest with intervention", 3.0),
    ("Protests", "Excessive force against protesters", 0.3),
    ("Battles", "Armed clash", 14.0),
    ("Battles", "Government regains territory", 0.5),
    ("Battles", "Non-state actor overtakes territory", 0.5),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", 10.0),
    ("Explosions/Remote violence", "Air/drone strike", 6.0),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED", 3.0),
    ("Explosions/Remote violence", "Grenade", 0.7),
    ("Explosions/Remote violence", "Suicide bomb", 0.2),
    ("Explosions/Remote violence", "Chemical weapon", 0.02),
    ("Violence against civilians", "Attack", 8.0),
    ("Violence against civilians", "Abduction/forced disappearance", 2.0),
    ("Violence against civilians", "Sexual violence", 0.5),
    ("Riots", "Violent demonstration", 4.0),
    ("Riots", "Mob violence", 2.0),
    ("Strategic developments", "Looting/property destruction", 2.0),
    ("Strategic developments", "Arrests", 1.5),
    ("Strategic developments", "Change to group/activity", 1.5),
    ("Strategic developments", "Disrupted weapons use", 1.5),
    ("Strategic developments", "Agreement", 0.5),
    ("Strategic developments", "Other", 0.5),
    ("Strategic developments", "Non-violent transfer of territory", 0.4),
    ("Strategic developments", "Headquarters or base established", 0.2),
)
assert {s.lower() for _, s, _ in SUB_EVENTS} == set(KIND_FOR_ACLED_SUB_EVENT), \
    "the generator's sub-event types must be ACLED's 25"

# Share of events with no fatalities, per event type.
ZERO_FATALITIES = {
    "Protests": 0.99, "Riots": 0.90, "Strategic developments": 0.97, "Battles": 0.55,
    "Explosions/Remote violence": 0.62, "Violence against civilians": 0.40,
}

# (country, ISO 3166 numeric, ISO3, ACLED region, admin1 names), most active first.
COUNTRIES: tuple[tuple[str, int, str, str, tuple[str, ...]], ...] = (
    ("Ukraine", 804, "UKR", "Europe",
     ("Donetsk", "Luhansk", "Kharkiv", "Zaporizhia", "Kherson", "Kyiv")),
    ("Syria", 760, "SYR", "Middle East",
     ("Aleppo", "Idleb", "Deir ez Zor", "Damascus", "Hama", "Dar'a")),
    ("India", 356, "IND", "South Asia",
     ("Jammu and Kashmir", "Manipur", "Chhattisgarh", "West Bengal", "Punjab")),
    ("Yemen", 887, "YEM", "Middle East",
     ("Taizz", "Al Hudaydah", "Marib", "Amanat al Asimah", "Aden", "Al Jawf")),
    ("Mexico", 484, "MEX", "Central America",
     ("Guerrero", "Michoacan", "Guanajuato", "Jalisco", "Chihuahua")),
    ("Pakistan", 586, "PAK", "South Asia",
     ("Khyber Pakhtunkhwa", "Balochistan", "Punjab", "Sindh")),
    ("Iraq", 368, "IRQ", "Middle East",
     ("Baghdad", "Ninewa", "Al Anbar", "Diyala", "Kirkuk", "Salah al-Din")),
    ("Afghanistan", 4, "AFG", "Caucasus and Central Asia",
     ("Helmand", "Kandahar", "Balkh", "Nangarhar", "Herat", "Kabul")),
    ("Nigeria", 566, "NGA", "Western Africa",
     ("Borno", "Zamfara", "Kaduna", "Lagos", "Benue", "Plateau")),
    ("Brazil", 76, "BRA", "South America",
     ("Rio de Janeiro", "Sao Paulo", "Bahia", "Para", "Ceara")),
    ("Myanmar", 104, "MMR", "Southeast Asia",
     ("Rakhine", "Kachin", "Shan", "Sagaing", "Yangon")),
    ("Somalia", 706, "SOM", "Eastern Africa",
     ("Banadir", "Lower Shabelle", "Middle Shabelle", "Hiraan", "Bay", "Gedo")),
    ("Democratic Republic of Congo", 180, "COD", "Middle Africa",
     ("North Kivu", "South Kivu", "Ituri", "Kasai", "Tanganyika", "Kinshasa")),
    ("Philippines", 608, "PHL", "Southeast Asia",
     ("Maguindanao", "Lanao del Sur", "Sulu", "Metropolitan Manila", "Negros Oriental")),
    ("Colombia", 170, "COL", "South America",
     ("Cauca", "Antioquia", "Norte de Santander", "Narino", "Bogota, D.C.")),
    ("Turkey", 792, "TUR", "Middle East",
     ("Hakkari", "Sirnak", "Diyarbakir", "Istanbul", "Ankara")),
    ("Mali", 466, "MLI", "Western Africa", ("Mopti", "Gao", "Timbuktu", "Segou", "Kidal")),
    ("Burkina Faso", 854, "BFA", "Western Africa",
     ("Sahel", "Centre-Nord", "Est", "Nord", "Boucle du Mouhoun")),
    ("Libya", 434, "LBY", "Northern Africa",
     ("Tripoli", "Benghazi", "Misrata", "Sirte", "Sabha")),
    ("Sudan", 729, "SDN", "Northern Africa",
     ("Khartoum", "North Darfur", "South Darfur", "West Darfur", "Blue Nile")),
    ("Bangladesh", 50, "BGD", "South Asia", ("Dhaka", "Chittagong", "Khulna", "Rajshahi")),
    ("Palestine", 275, "PSE", "Middle East", ("Gaza Strip", "West Bank")),
    ("Ethiopia", 231, "ETH", "Eastern Africa", ("Oromia", "Amhara", "Tigray", "Afar", "Somali")),
    ("South Sudan", 728, "SSD", "Eastern Africa",
     ("Central Equatoria", "Jonglei", "Unity", "Upper Nile", "Warrap")),
    ("Cameroon", 120, "CMR", "Middle Africa", ("Northwest", "Southwest", "Far North", "Centre")),
    ("Russia", 643, "RUS", "Europe", ("Belgorod", "Kursk", "Moscow", "Chechnya")),
    ("Mozambique", 508, "MOZ", "Eastern Africa", ("Cabo Delgado", "Niassa", "Maputo", "Sofala")),
    ("Central African Republic", 140, "CAF", "Middle Africa",
     ("Bangui", "Ouaka", "Haute-Kotto", "Nana-Grebizi")),
    ("Niger", 562, "NER", "Western Africa", ("Tillaberi", "Diffa", "Tahoua", "Niamey")),
    ("Venezuela", 862, "VEN", "South America", ("Zulia", "Distrito Capital", "Tachira", "Bolivar")),
    ("Kenya", 404, "KEN", "Eastern Africa", ("Nairobi", "Mandera", "Garissa", "Lamu", "Mombasa")),
    ("Lebanon", 422, "LBN", "Middle East", ("Beirut", "North", "South", "Bekaa")),
    ("Iran", 364, "IRN", "Middle East",
     ("Tehran", "Sistan and Baluchestan", "Kurdistan", "Khuzestan")),
    ("Indonesia", 360, "IDN", "Southeast Asia", ("Papua", "Central Sulawesi", "Jakarta", "Aceh")),
    ("Egypt", 818, "EGY", "Northern Africa", ("North Sinai", "Cairo", "Giza", "Alexandria")),
    ("Chad", 148, "TCD", "Middle Africa", ("Lac", "N'Djamena", "Tibesti", "Ouaddai")),
    ("Israel", 376, "ISR", "Middle East", ("Jerusalem", "HaDarom", "HaZafon", "Tel Aviv")),
    ("Honduras", 340, "HND", "Central America", ("Francisco Morazan", "Cortes", "Atlantida")),
    ("Haiti", 332, "HTI", "Caribbean", ("Ouest", "Artibonite", "Centre")),
    ("Burundi", 108, "BDI", "Eastern Africa", ("Bujumbura Mairie", "Cibitoke", "Bubanza")),
)

# (name, inter code), about 30 main actors. Inter codes: 1 state forces, 2 rebel group,
# 3 political militia, 4 identity militia, 5 rioters, 6 protesters, 7 civilians,
# 8 external/other forces.
ACTORS: tuple[tuple[str, int], ...] = (
    ("Military Forces of Ukraine (2019-)", 1),
    ("Military Forces of Russia (2000-)", 1),
    ("Military Forces of Syria (2000-2024)", 1),
    ("Military Forces of Nigeria (2015-2023)", 1),
    ("Police Forces of Mexico (2018-2024)", 1),
    ("Military Forces of Afghanistan (2014-2021)", 1),
    ("Police Forces of India (2014-)", 1),
    ("Taliban", 2),
    ("Islamic State (Syria)", 2),
    ("Boko Haram - Jamaatu Ahli is-Sunna lid-Dawati wal-Jihad", 2),
    ("Al Shabaab", 2),
    ("JNIM: Group for Support of Islam and Muslims", 2),
    ("Hayat Tahrir al Sham", 2),
    ("Ansar Allah", 2),
    ("M23: March 23 Movement", 2),
    ("ISWAP: Islamic State West Africa Province", 2),
    ("Unidentified Armed Group (Mexico)", 3),
    ("CJNG: Jalisco New Generation Cartel", 3),
    ("Militia (Pro-Government)", 3),
    ("Fulani Ethnic Militia (Nigeria)", 4),
    ("Dozo Communal Militia (Burkina Faso)", 4),
    ("CODECO: Cooperative for Development of Congo", 4),
    ("Rioters (India)", 5),
    ("Rioters (Nigeria)", 5),
    ("Protesters (India)", 6),
    ("Protesters (Pakistan)", 6),
    ("Protesters (Mexico)", 6),
    ("Civilians (Syria)", 7),
    ("Civilians (Nigeria)", 7),
    ("Military Forces of Israel (2022-)", 8),
    ("Wagner Group", 8),
)
ASSOCIATES = (
    "Students (India)", "Labour Group (Nigeria)", "Women (Pakistan)", "Farmers (India)",
    "Teachers (Mexico)", "Journalists (Turkey)", "Lawyers (Pakistan)",
    "Health Workers (Nigeria)", "Muslim Group (Afghanistan)", "Refugees/IDPs (Syria)",
)
SOURCES = (
    "Xinhua", "Reuters", "Agence France Presse", "Associated Press International",
    "Voice of Jihad", "Pajhwok Afghan News", "Khaama Press", "Bakhtar News Agency",
    "New York Times", "Al Jazeera", "BBC Monitoring", "Kyiv Independent", "Ukrinform",
    "Ministry of Defence of Ukraine", "Syrian Observatory for Human Rights", "SANA",
    "Times of India", "The Hindu", "Dawn", "The News International", "El Universal",
    "Milenio", "La Jornada", "Premium Times", "Vanguard", "Daily Trust", "Garowe Online",
    "Radio Okapi", "Kivu Security Tracker", "Rappler", "Philippine Daily Inquirer",
    "El Tiempo", "Hurriyet", "Le Faso", "Libya Observer", "Sudan Tribune", "Dhaka Tribune",
    "Mizzima", "Twitter", "Local Source Project",
)
SOURCE_SCALES = ("National", "Subnational", "International", "Other", "National-International",
                 "Other-National", "Regional", "Local partner-Other")

# Note vocabulary, most frequent first (drawn with Zipf weights). Some entries are phrases.
WORDS = (
    "the", "of", "and", "in", "a", "to", "were", "was", "by", "on", "killed", "forces",
    "security forces", "district", "village", "reported", "armed men", "attack", "militants",
    "clashes", "wounded", "civilians", "police", "near", "town", "following", "area",
    "group", "members", "soldiers", "protest", "demonstrators", "gathered", "against",
    "government", "local", "two", "three", "several", "unknown", "gunmen", "fired", "shells",
    "artillery", "drone", "strike", "targeted", "positions", "checkpoint", "convoy",
    "ambush", "military", "base", "vehicle", "roadside", "bomb", "explosion", "market",
    "mosque", "church", "school", "hospital", "residents", "displaced", "houses", "burned",
    "looted", "arrested", "detained", "released", "abducted", "hostages", "ransom",
    "commander", "fighters", "rebels", "militia", "cattle", "herders", "farmers", "land",
    "dispute", "election", "results", "fuel", "prices", "salaries", "teachers", "students",
    "workers", "strike action", "blocked", "road", "highway", "tear gas", "dispersed",
    "rubber bullets", "injured", "dead", "bodies", "found", "outskirts", "city", "centre",
    "province", "border", "crossing", "airstrike", "aircraft", "helicopter", "missile",
    "rocket", "mortar", "improvised explosive device", "landmine", "detonated",
    "patrol", "raid", "operation", "cleared", "recaptured", "withdrew", "advanced",
    "frontline", "trenches", "shelling", "infrastructure", "power", "station", "bridge",
    "port", "airport", "headquarters", "office", "officials", "mayor", "chief", "leader",
    "spokesperson", "claimed", "responsibility", "denied", "ceasefire", "agreement",
    "negotiations", "talks", "mediation", "peace", "deal", "signed", "surrendered",
    "weapons", "ammunition", "seized", "cache", "smuggling", "cartel", "gang", "rival",
    "clash", "shootout", "gunfire", "exchange", "overnight", "morning", "evening",
    "afternoon", "fatalities", "coded", "unspecified", "number", "at least", "including",
    "child", "children", "women", "elderly", "man", "woman", "farmer", "trader", "driver",
    "journalist", "activist", "lawyer", "doctor", "nurse", "priest", "imam", "chief's",
    "son", "family", "funeral", "procession", "rally", "march", "sit-in", "petition",
    "demanding", "justice", "release", "reforms", "protesting", "alleged", "corruption",
    "killing", "abuse", "custody", "torture", "rape", "sexual", "violence", "assault",
    "beaten", "stabbed", "shot", "lynched", "mob", "crowd", "angry", "set fire", "tyres",
    "stones", "pelted", "vehicles", "damaged", "property", "shops", "destroyed", "camp",
    "displacement", "refugees", "aid", "workers'", "humanitarian", "food", "water", "well",
    "river", "forest", "hills", "mountain", "valley", "desert", "coast", "island", "lake",
    "northern", "southern", "eastern", "western", "central", "rural", "urban", "nearby",
    "neighbouring", "locality", "commune", "municipality", "settlement", "hamlet", "ward",
    "sector", "zone", "region", "governorate", "state", "county", "subdistrict", "outpost",
    "barracks", "prison", "jail", "escape", "inmates", "guards", "bandits", "kidnappers",
    "pirates", "fishermen", "boat", "vessel", "navy", "coastguard", "intercepted",
    "drones", "shot down", "air defence", "intercepted missiles", "debris", "fell", "struck",
    "residential", "building", "apartment", "block", "energy", "facility", "substation",
    "grain", "warehouse", "railway", "train", "bus", "truck", "tanker", "pipeline", "oil",
    "gas", "mine", "gold", "miners", "artisanal", "loggers", "poachers", "rangers",
    "park", "wildlife", "sources", "said", "according", "witnesses", "footage", "video",
    "social media", "statement", "communique", "press", "conference", "announced",
)
RARE_WORDS = ("seaplane", "funicular", "zeppelin", "hovercraft")
"""Words that appear in about one note in 10,000 (a free-text search that finds few)."""

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_SYLLABLES = ("ka", "ma", "ba", "ra", "ta", "na", "sa", "la", "da", "ga", "ko", "mo", "bo",
              "ro", "to", "no", "ki", "mi", "bi", "ri", "ti", "ni", "ku", "mu", "bu", "ru",
              "tu", "nu", "al", "el", "an", "en", "is", "or", "ham", "dar", "kar", "shan")


def _cumulative(weights: Sequence[float]) -> list[float]:
    return list(itertools.accumulate(weights))


def _zipf(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


class _Place:
    __slots__ = ("admin1", "admin2", "location", "latitude", "longitude")

    def __init__(self, admin1: str, admin2: str, location: str, latitude: float,
                 longitude: float) -> None:
        self.admin1, self.admin2, self.location = admin1, admin2, location
        self.latitude, self.longitude = latitude, longitude


class _Country:
    def __init__(self, rng: random.Random, name: str, iso: int, iso3: str, region: str,
                 admin1s: Sequence[str]) -> None:
        self.name, self.iso, self.iso3, self.region = name, iso, iso3, region
        self.next_id = rng.randint(1000, 20000)
        centre_lat, centre_lon = rng.uniform(-30, 50), rng.uniform(-100, 120)
        self.places: list[_Place] = []
        for admin1 in admin1s:
            lat, lon = centre_lat + rng.uniform(-4, 4), centre_lon + rng.uniform(-4, 4)
            towns = [admin1] + [_town(rng) for _ in range(12)]
            for town in towns:
                self.places.append(_Place(admin1, town if rng.random() < 0.7 else "",
                                          town, round(lat + rng.uniform(-1, 1), 4),
                                          round(lon + rng.uniform(-1, 1), 4)))
        self.place_weights = _cumulative(_zipf(len(self.places), 0.8))


def _town(rng: random.Random) -> str:
    name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    return name.capitalize() + rng.choice(("", "", "", " Town", " Market", " Junction"))


def _date_text(day: dt.date) -> str:
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


class Generator:
    """Rows of one seeded file, in the order they are written."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = rng = random.Random(seed)
        self.countries = [_Country(rng, *c) for c in COUNTRIES]
        self.country_weights = _cumulative(_zipf(len(self.countries), 0.9))
        self.sub_weights = _cumulative([share for *_, share in SUB_EVENTS])
        self.actors_by_inter: dict[int, list[str]] = {}
        for name, inter in ACTORS:
            self.actors_by_inter.setdefault(inter, []).append(name)
        self.word_weights = _cumulative(_zipf(len(WORDS), 1.0))
        self.source_weights = _cumulative(_zipf(len(SOURCES), 0.9))
        self.data_id = 6_000_000 + rng.randint(0, 999_999)

    def _actor(self, inters: Sequence[int]) -> tuple[str, int]:
        inter = self.rng.choice(inters)
        return self.rng.choice(self.actors_by_inter[inter]), inter

    def _parties(self, event_type: str, sub_type: str) -> tuple[str, int, str, int]:
        """actor1, inter1, actor2, inter2 (actor2 "" and inter2 0 when there is none)."""
        rng = self.rng
        if event_type == "Protests":
            a1, i1 = self._actor((6,))
            if sub_type == "Peaceful protest":
                return a1, i1, "", 0
            a2, i2 = self._actor((1,))
            return a1, i1, a2, i2
        if event_type == "Riots":
            a1, i1 = self._actor((5,))
            a2, i2 = self._actor((1, 7, 5)) if rng.random() < 0.7 else ("", 0)
            return a1, i1, a2, i2
        if event_type == "Violence against civilians":
            a1, i1 = self._actor((1, 2, 3, 3, 4, 8))
            a2, i2 = self._actor((7,))
            return a1, i1, a2, i2
        if event_type == "Strategic developments":
            a1, i1 = self._actor((1, 2, 3, 4, 8))
            a2, i2 = self._actor((1, 2, 7)) if rng.random() < 0.4 else ("", 0)
            return a1, i1, a2, i2
        a1, i1 = self._actor((1, 1, 2, 2, 3, 4, 8))
        a2, i2 = self._actor((1, 2, 3, 4, 7, 8))
        if a2 == a1:
            a2, i2 = self._actor((7,))
        return a1, i1, a2, i2

    def _notes(self, prefix: str, day: dt.date, place: _Place, actor1: str,
               actor2: str) -> str:
        rng = self.rng
        target = rng.randint(150, 300)
        where = f"{place.location} ({place.admin1})"
        lead = "On" if rng.random() < 0.8 else "As reported on"
        text = f"{lead} {_date_text(day)}, {actor1}"
        if actor2:
            text += f" and {actor2}"
        text += f" {prefix} in {where}:"
        words = rng.choices(WORDS, cum_weights=self.word_weights, k=60)
        if rng.random() < 0.0004:
            words.insert(rng.randrange(5), rng.choice(RARE_WORDS))
        parts = [text]
        length = len(text)
        for word in words:
            if length >= target:
                break
            parts.append(word)
            length += len(word) + 1
        text = " ".join(parts)
        if len(text) > 299:
            text = text[:299].rsplit(" ", 1)[0]
        return text.rstrip(",:") + "."

    def _fatalities(self, event_type: str) -> int:
        rng = self.rng
        if rng.random() < ZERO_FATALITIES[event_type]:
            return 0
        return min(int(rng.paretovariate(1.1)), 1500)

    def _days(self, rows: int) -> list[tuple[dt.date, int]]:
        """Each day (newest first) with how many rows it gets; coverage grows over time."""
        rng = self.rng
        days = [FIRST_DAY + dt.timedelta(n) for n in range((LAST_DAY - FIRST_DAY).days + 1)]
        weights = [(1.0 + 1.5 * n / len(days)) * rng.uniform(0.6, 1.4)
                   for n in range(len(days))]
        total = sum(weights)
        out = []
        done = 0
        running = 0.0
        for day, weight in zip(days, weights):
            running += weight
            upto = round(rows * running / total)
            out.append((day, upto - done))
            done = upto
        out.reverse()
        return out

    def rows(self, rows: int) -> Iterator[list[object]]:
        """Every row as its cells, newest day first, generated one at a time."""
        rng = self.rng
        for day, count in self._days(rows):
            epoch = int(dt.datetime(day.year, day.month, day.day,
                                    tzinfo=dt.timezone.utc).timestamp())
            for _ in range(count):
                yield self._row(rng, day, epoch)

    def _row(self, rng: random.Random, day: dt.date, epoch: int) -> list[object]:
        country = rng.choices(self.countries, cum_weights=self.country_weights)[0]
        place = rng.choices(country.places, cum_weights=country.place_weights)[0]
        event_type, sub_type, _ = rng.choices(SUB_EVENTS, cum_weights=self.sub_weights)[0]
        actor1, inter1, actor2, inter2 = self._parties(event_type, sub_type)
        assoc1 = rng.choice(ASSOCIATES) if rng.random() < 0.08 else ""
        assoc2 = rng.choice(ASSOCIATES) if actor2 and rng.random() < 0.04 else ""
        low, high = sorted((inter1, inter2))
        interaction = inter1 * 10 if not inter2 else low * 10 + high
        roll = rng.random()
        precision = 1 if roll < 0.86 else 2 if roll < 0.97 else 3
        sources = rng.choices(SOURCES, cum_weights=self.source_weights,
                              k=1 if rng.random() < 0.75 else 2)
        source = "; ".join(dict.fromkeys(sources))
        self.data_id += 1
        country.next_id += 1
        fatalities = self._fatalities(event_type)
        notes = self._notes(sub_type.lower(), day, place, actor1, actor2)
        return [
            self.data_id, country.iso, f"{country.iso3}{country.next_id}", country.next_id,
            _date_text(day), day.year, precision, event_type, sub_type, actor1, assoc1,
            inter1, actor2, assoc2, inter2 or "", interaction, country.region, country.name,
            place.admin1, place.admin2, "", place.location, place.latitude, place.longitude,
            rng.choices((1, 2, 3), (60, 35, 5))[0], source, rng.choice(SOURCE_SCALES), notes,
            fatalities, epoch + rng.randint(3, 30) * 86400 + rng.randint(0, 86399),
            country.iso3,
        ]


def write(rows: int, out: Path | str, seed: int = 1) -> Path:
    """Write a file of `rows` rows (plus the header); returns its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with open(partial, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(COLUMNS)
        writer.writerows(Generator(seed).rows(rows))
    os.replace(partial, out)
    return out


def cached_path(rows: int, seed: int = 1) -> Path:
    """Where the file for this size and seed is kept."""
    return DATA_DIR / f"acled-v{VERSION}-{rows}-seed{seed}.csv"


def ensure(rows: int, seed: int = 1) -> Path:
    """The generated file for this size and seed, written only if it is not there yet."""
    path = cached_path(rows, seed)
    if not path.exists():
        write(rows, path, seed)
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.generate",
                                     description="Write an ACLED-shaped CSV file.")
    parser.add_argument("rows", type=int, metavar="ROWS")
    parser.add_argument("out", metavar="OUT.csv")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write(args.rows, args.out, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
