"""Ukraine's admin2 as ACLED codes it: the raions before the 2020 reform and the cities of oblast
significance ("Horlivka Municipality"), from knowledge/legacy_districts.yaml.

The gazetteer (GeoNames) has the 2020 raions and no boundaries for the old ones, so a town is assigned
(`LegacyDistricts.district_of`):

1. to a city council, when the town is that city or a settlement the table lists under its council (any
   town of the city of Kyiv, which is a region of its own);
2. to a raion that the table lists the town under (a settlement nearer another raion's centre);
3. else to the raion whose administrative centre is nearest, within the town's own oblast. This is an
   approximation: raions were not Voronoi cells, so a village near a raion border can land in the
   neighbour (docs/gazetteer.md).

Oblasts for which the table lists no raions keep the gazetteer's admin2 for other towns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from sitrep.gazetteer.names import fold
from sitrep.gazetteer.store import ADMIN1, TOWN, Entry, Index

RAION, CITY = "raion", "city"

# kind words that may follow a legacy district's name in text or in a coder's spelling
_KIND_WORDS = re.compile(r"\b(raion|rayon|district|municipality|city council|council|city|miskrada)\b")
# the adjectival endings of Ukrainian raion names in their common romanisations: Volnovaskyi,
# Volnovas'kyi, Volnovaskiy, Volnovasky all end in one key "...sky"
_ADJECTIVE_END = re.compile(r"(?<=[a-z])(s k|sk)(yi|iy|ij|yy|yj|y|i)$")


def legacy_key(name: str) -> str:
    """The key two spellings of one legacy district share: folded, without kind words, the adjectival
    ending unified, spaces dropped ("Stanychno-Luhanskyi raion" → "stanychnoluhansky")."""
    key = _KIND_WORDS.sub(" ", fold(name))
    key = " ".join(key.split())
    key = _ADJECTIVE_END.sub("sky", key)
    return key.replace(" ", "")


@dataclass(frozen=True)
class LegacyDistrict:
    """One pre-2020 raion or city of oblast significance."""

    country: str  # ISO2
    oblast: str  # folded GeoNames admin1 name
    name: str  # ACLED's spelling, the one sitrep outputs
    kind: str  # RAION or CITY
    centres: tuple[str, ...]  # spellings of its administrative centre, the first the gazetteer knows wins
    keys: frozenset[str]  # legacy_key of every name it goes by
    covers: frozenset[str]  # folded names of the settlements it held that lie nearer another centre
    near: str | None = None  # a town the centre lies near, to pick it among namesakes
    whole: bool = False  # a city that is its whole oblast (Kyiv): every town in it is the city's


class LegacyDistricts:
    """The table, and the centres resolved against one gazetteer index."""

    def __init__(self, districts: Iterable[LegacyDistrict]) -> None:
        self.districts = tuple(districts)
        self._by_key: dict[tuple[str, str], list[LegacyDistrict]] = {}
        for d in self.districts:
            for key in d.keys:
                self._by_key.setdefault((d.country, key), []).append(d)
        self._centres: dict[int, dict[LegacyDistrict, Entry]] = {}

    def named(self, name: str, iso2: str) -> frozenset[LegacyDistrict]:
        """The legacy districts of `iso2` that `name` can name; a near spelling of one of their names
        ("Stanychno-Luhansy") counts when nothing matches exactly."""
        key = legacy_key(name)
        exact = self._by_key.get((iso2, key))
        if exact:
            return frozenset(exact)
        if len(key) < 6:
            return frozenset()
        return frozenset(
            d
            for (country, other), ds in self._by_key.items()
            if country == iso2 and len(other) >= 6 and SequenceMatcher(None, key, other).ratio() >= 0.9
            for d in ds
        )

    def same(self, gold: str, predicted: str, iso2: str) -> bool:
        """Both names can name one legacy district."""
        return bool(self.named(gold, iso2) & self.named(predicted, iso2))

    def centres(self, index: Index) -> dict[LegacyDistrict, Entry]:
        """Each district's centre town in the index (districts whose centre it lacks are left out)."""
        found = self._centres.get(id(index))
        if found is None:
            found = self._centres[id(index)] = self._resolve(index)
        return found

    def _resolve(self, index: Index) -> dict[LegacyDistrict, Entry]:
        # GeoNames names two admin1 areas "Kyiv" (the city and the oblast around it): a district's
        # oblast is the one of that name that holds its centre
        oblasts: dict[tuple[str, str], list[int]] = {}
        for d in self.districts:
            key = fold(d.oblast)
            found = oblasts.setdefault((d.country, d.oblast), [])
            for hit in index.lookup([key]).get(key, []):
                e = hit.entry
                if e.level == ADMIN1 and e.country == d.country and fold(e.name) == key and e.id not in found:
                    found.append(e.id)
        out: dict[LegacyDistrict, Entry] = {}
        for d in self.districts:
            for oblast in oblasts.get((d.country, d.oblast), []):
                near = _town(index, (d.near,), d.country, oblast) if d.near else None
                centre = _town(index, d.centres, d.country, oblast, near)
                if centre is not None:
                    out[d] = centre
                    break
        return out

    def district_of(self, index: Index, town: Entry, raion_named: bool = False) -> LegacyDistrict | None:
        """The legacy district of a town: its city council, else the raion of the nearest centre in its
        oblast. `raion_named`: the text names the raion of this town's name ("Volnovakha district"), so a
        raion centre that is also a city of oblast significance (Bakhmut) stands for its raion."""
        if town.level != TOWN or town.country is None:
            return None
        centres = self.centres(index)
        # a centre lies in its district's oblast: the districts of the town's oblast are those whose
        # centre shares its admin1
        mine = [(d, c) for d, c in centres.items() if c.admin1 == town.admin1 and d.country == town.country]
        if not mine:
            return None
        if raion_named:
            for d, c in mine:
                if d.kind == RAION and c.id == town.id:
                    return d
        folded = fold(town.name)
        for d, c in mine:
            if d.kind == CITY and (c.id == town.id or folded in d.covers or d.whole):
                return d
        for d, _ in mine:
            if folded in d.covers:
                return d  # a raion's settlement nearer another raion's centre
        raions = [(d, c) for d, c in mine if d.kind == RAION]
        if not raions:
            return None
        return min(raions, key=lambda dc: town.km_to(dc[1]))[0]


def _town(
    index: Index, spellings: Iterable[str], country: str, oblast: int, near: Entry | None = None
) -> Entry | None:
    """The town of the first spelling the index knows in the oblast: a town of that primary name before
    one that merely has it as an alternate (Donetsk is also called "Oleksandrivka" after a district);
    among namesakes the one nearest `near` when given, else the most populous."""
    for spelling in spellings:
        key = fold(spelling)
        towns = [
            h.entry
            for h in index.lookup([key]).get(key, [])
            if h.entry.level == TOWN and h.entry.country == country and h.entry.admin1 == oblast
        ]
        if not towns:
            continue
        towns = [e for e in towns if fold(e.name) == key] or towns
        if near is not None:
            return min(towns, key=lambda e: e.km_to(near))
        return max(towns, key=lambda e: e.population)
    return None


@lru_cache(maxsize=1)
def load_legacy() -> LegacyDistricts:
    text = resources.files("sitrep.knowledge").joinpath("legacy_districts.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text) or {}
    districts = []
    for country, oblasts in data.items():
        for oblast, kinds in (oblasts or {}).items():
            for kind, section in ((RAION, "raions"), (CITY, "cities")):
                for name, row in ((kinds or {}).get(section) or {}).items():
                    centres = tuple(str(c) for c in row.get("centre") or [])
                    aliases = [str(a) for a in row.get("aliases") or []]
                    # a city council also goes by its city's plain name ("Donetsk" for Donetsk Municipality)
                    names = [str(name), *aliases, *(centres if kind == CITY else ())]
                    districts.append(
                        LegacyDistrict(
                            country=str(country),
                            oblast=str(oblast),
                            name=str(name),
                            kind=kind,
                            centres=centres,
                            keys=frozenset(k for k in map(legacy_key, names) if k),
                            covers=frozenset(fold(str(c)) for c in row.get("covers") or []),
                            near=str(row["near"]) if row.get("near") else None,
                            whole=bool(row.get("whole")),
                        )
                    )
    return LegacyDistricts(districts)
