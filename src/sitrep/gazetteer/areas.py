"""Do two spellings of an admin area name the same area? For scoring against ACLED's spellings.

ACLED writes "Idleb", "Banadir", "Lower Shabelle", "Sumadija", "O'Higgins"; GeoNames (and so sitrep)
writes "Idlib", "Banaadir", "Lower Shabeelle", "Sumadijski okrug", "Libertador General Bernardo
O'Higgins". Both spellings are names of one gazetteer area (its primary name, an alternate name, or
the same consonant skeleton), so the gazetteer can tell that they agree. Only areas of the asked level
inside the event's country count: "O'Higgins" in Chile is not the Argentine department.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from sitrep.gazetteer.legacy import load_legacy
from sitrep.gazetteer.names import fold, skeleton, strip_admin_suffix
from sitrep.gazetteer.store import COUNTRY, Index


class AreaMatcher:
    """`matcher(gold, predicted, country, level)`: True when both names resolve to one area of `level`
    (1 or 2) in `country` (a name or ISO code). Results are cached: an evaluation asks the same pairs."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._areas: dict[tuple[str, str, int], frozenset[int]] = {}
        self._countries: dict[str, str | None] = {}

    def __call__(self, gold: str | None, predicted: str | None, country: str | None, level: int) -> bool:
        if not gold or not predicted:
            return False
        iso2 = self.country_code(country)
        if iso2 is None:
            return False
        if level == 2 and load_legacy().same(gold, predicted, iso2):
            # Ukraine's pre-2020 raions and city councils, which the gazetteer lacks (gazetteer/legacy.py)
            return True
        ours = self.areas(predicted, iso2, level)
        theirs = self.areas(gold, iso2, level)
        if theirs:
            return bool(ours & theirs)
        # A spelling the gazetteer lacks ("Odessa", "Sala al-Din", "Nabatiye") may still be a close
        # variant of our area's name; a gold name that is some other area never gets here.
        if ours:
            return _close(gold, predicted)
        if level == 2:
            # ACLED repeats the province as the district where there is none below it (Libya's
            # "Misrata"): two names that no district bears, both spellings of one province, agree
            return bool(self.areas(gold, iso2, 1) & self.areas(predicted, iso2, 1))
        return False

    def country_code(self, country: str | None) -> str | None:
        """ISO2 for a country name, ISO2 or ISO3 code; None when the gazetteer does not know it."""
        if not country:
            return None
        if country not in self._countries:
            self._countries[country] = self._resolve_country(country)
        return self._countries[country]

    def _resolve_country(self, country: str) -> str | None:
        code = country.strip().upper()
        for known in self.index.countries():
            if code in (known.iso2, known.iso3):
                return known.iso2
        key = fold(country)
        for hit in self.index.lookup([key]).get(key, []):
            if hit.entry.level == COUNTRY and hit.how != "demonym":
                return hit.entry.country
        return None

    def areas(self, name: str, iso2: str, level: int) -> frozenset[int]:
        """Ids of the areas of `level` in `iso2` that `name` can name."""
        cache_key = (name, iso2, level)
        found = self._areas.get(cache_key)
        if found is None:
            exact = {fold(name), fold(strip_admin_suffix(name))} - {""}
            keys = exact | {skeleton(k) for k in exact} - {""}
            hits = self.index.lookup(keys)
            found = frozenset(
                hit.entry.id
                for key in keys
                for hit in hits.get(key, [])
                if hit.entry.level == level and hit.entry.country == iso2
            )
            if not found:
                # our own output names an area by its display name, which may be a word the index
                # does not key ("West", Cameroon's "West Region"): that name is that area
                found = frozenset(
                    pid
                    for (pid,) in self.index.db.execute(
                        "SELECT id FROM place WHERE name = ? AND country = ? AND level = ?",
                        (name, iso2, level),
                    )
                )
            self._areas[cache_key] = found
        return found


def _close(a: str, b: str, threshold: float = 0.8) -> bool:
    left, right = (fold(strip_admin_suffix(x)).replace(" ", "") for x in (a, b))
    return bool(left and right) and SequenceMatcher(None, left, right).ratio() >= threshold
