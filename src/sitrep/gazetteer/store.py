"""The compact gazetteer index: one SQLite file, written once, read-only afterwards.

SQLite rather than a pickle: opening it costs milliseconds whatever its size (a full GeoNames import
has 12 million names), lookups go through an index on the folded name, and several processes
(Spark executors, the API) can read one file at the same time.
"""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = "8"

# level of a place: the admin hierarchy, and 9 for a populated place (town, village, city)
COUNTRY, ADMIN1, ADMIN2, ADMIN3, TOWN = 0, 1, 2, 3, 9

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE country(iso2 TEXT PRIMARY KEY, iso3 TEXT, name TEXT, capital INTEGER);
CREATE TABLE place(
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, level INTEGER NOT NULL, country TEXT,
    admin1 INTEGER, admin2 INTEGER, admin3 INTEGER,
    lat REAL, lon REAL, population INTEGER NOT NULL DEFAULT 0, seat INTEGER, source_id INTEGER,
    admin2_inferred INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE name(key TEXT NOT NULL, place INTEGER NOT NULL, how TEXT NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer place. For an admin area, lat/lon is the centroid of its towns and `seat` its
    most populous town (usually its capital)."""

    id: int
    name: str
    level: int
    country: str | None
    admin1: int | None
    admin2: int | None
    admin3: int | None
    lat: float | None
    lon: float | None
    population: int
    seat: int | None

    @property
    def is_town(self) -> bool:
        return self.level == TOWN

    def admin(self, level: int) -> int | None:
        return {ADMIN1: self.admin1, ADMIN2: self.admin2, ADMIN3: self.admin3}.get(level)

    def km_to(self, other: Entry) -> float:
        """Great-circle distance in km; infinite when either place has no coordinates."""
        if self.lat is None or other.lat is None or self.lon is None or other.lon is None:
            return math.inf
        p1, p2 = math.radians(self.lat), math.radians(other.lat)
        dp, dl = p2 - p1, math.radians(other.lon - self.lon)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))

    def within(self, other: Entry) -> bool:
        """True when `other` is this place itself or one of its admin areas or its country."""
        if other.id == self.id:
            return True
        if other.level == COUNTRY:
            return other.country == self.country
        return other.id in (self.admin1, self.admin2, self.admin3)


@dataclass(frozen=True, slots=True)
class NameHit:
    entry: Entry
    how: str  # "name", "alias", "alternate", "curated", "label", "short", "demonym", "fuzzy"


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    name: str
    capital: int | None = None  # the capital's place id: only for text that says "the capital"


def default_path() -> Path:
    """$SITREP_GAZETTEER, else the user's cache dir: the package dir may be read-only."""
    explicit = os.environ.get("SITREP_GAZETTEER")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sitrep" / f"gazetteer-v{SCHEMA_VERSION}.sqlite"


class Writer:
    """Writes an index to `path` atomically: a half-written file never replaces a good one."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(path.name + f".tmp{os.getpid()}")
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.tmp.exists():
            self.tmp.unlink()
        self.db = sqlite3.connect(self.tmp)
        self.db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self._next_id = 1

    def meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def country(self, iso2: str, iso3: str, name: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO country VALUES (?, ?, ?, NULL)", (iso2, iso3, name))

    def capital(self, iso2: str, pid: int) -> None:
        self.db.execute("UPDATE country SET capital = ? WHERE iso2 = ?", (pid, iso2))

    def place(
        self,
        name: str,
        level: int,
        country: str | None,
        admin1: int | None = None,
        admin2: int | None = None,
        admin3: int | None = None,
        lat: float | None = None,
        lon: float | None = None,
        population: int = 0,
        source_id: int | None = None,
    ) -> int:
        pid = self._next_id
        self._next_id += 1
        self.db.execute(
            "INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?,?,0)",
            (pid, name, level, country, admin1, admin2, admin3, lat, lon, population, None, source_id),
        )
        return pid

    def names(self, rows: Iterable[tuple[str, int, str]]) -> None:
        self.db.executemany("INSERT INTO name VALUES (?, ?, ?)", rows)

    def finish(self) -> None:
        """Admin areas get coordinates from their towns (centroid) and a seat (largest town)."""
        db = self.db
        self._locate_areas()
        self._named_seats()
        self._infer_admin2()
        # a district that only inferred towns lie in ("Tuhayat", most Syrian districts) gets its
        # centroid and seat from them: named alone, it is coded to a town, not left without a point
        self._locate_areas(f"level = {ADMIN2} AND lat IS NULL")
        self._named_seats()
        db.execute("DELETE FROM name WHERE rowid NOT IN (SELECT MIN(rowid) FROM name GROUP BY key, place)")
        db.execute("CREATE INDEX name_key ON name(key)")
        db.commit()
        db.execute("VACUUM")
        db.close()
        os.replace(self.tmp, self.path)

    def _locate_areas(self, where: str = f"level IN ({ADMIN1}, {ADMIN2}, {ADMIN3})") -> None:
        """Centroid, population and largest town of the admin areas that `where` selects."""
        for level, column in ((ADMIN1, "admin1"), (ADMIN2, "admin2"), (ADMIN3, "admin3")):
            self.db.execute(
                f"""UPDATE place SET
                    lat = COALESCE(lat, (SELECT AVG(t.lat) FROM place t WHERE t.level = {TOWN}
                                         AND t.{column} = place.id)),
                    lon = COALESCE(lon, (SELECT AVG(t.lon) FROM place t WHERE t.level = {TOWN}
                                         AND t.{column} = place.id)),
                    population = MAX(population, COALESCE((SELECT SUM(t.population) FROM place t
                                         WHERE t.level = {TOWN} AND t.{column} = place.id), 0)),
                    seat = (SELECT t.id FROM place t WHERE t.level = {TOWN} AND t.{column} = place.id
                            ORDER BY t.population DESC LIMIT 1)
                WHERE level = {level} AND ({where})"""
            )

    def _named_seats(self, share: float = 0.1) -> None:
        """An area's seat is the town that bears its name when there is one of some size (Tillaberi
        in the Tillaberi region, Chihuahua in Chihuahua), not a bigger town elsewhere in it: GeoNames
        marks capitals by feature code, which the embedded sources do not carry, and a province is
        named after its capital far more often than after another town. Else the largest town stays."""
        from sitrep.gazetteer.names import fold

        keys: dict[int, set[str]] = {}
        for key, pid in self.db.execute(
            f"SELECT n.key, n.place FROM name n JOIN place p ON p.id = n.place "
            f"WHERE p.level IN ({ADMIN1}, {ADMIN2}) AND n.how NOT IN ('fuzzy', 'label')"
        ):
            keys.setdefault(pid, set()).add(key)
        updates = []
        for level, column in ((ADMIN1, "admin1"), (ADMIN2, "admin2")):
            towns: dict[tuple[int, str], tuple[int, int]] = {}  # (area, folded name) → (population, id)
            largest: dict[int, int] = {}
            for pid, area, name, population in self.db.execute(
                f"SELECT id, {column}, name, population FROM place "
                f"WHERE level = {TOWN} AND {column} IS NOT NULL"
            ):
                key = (area, fold(name))
                towns[key] = max(towns.get(key, (-1, 0)), (population, pid))
                largest[area] = max(largest.get(area, 0), population)
            for area, name in self.db.execute(f"SELECT id, name FROM place WHERE level = {level}"):
                found = [towns[(area, k)] for k in keys.get(area, set()) | {fold(name)} if (area, k) in towns]
                best = max(found, default=None)
                if best is not None and best[0] >= share * largest.get(area, 0):
                    updates.append((best[1], area))
        self.db.executemany("UPDATE place SET seat = ? WHERE id = ?", updates)

    def _infer_admin2(self, max_km: float = 40.0) -> None:
        """GeoNames leaves some towns without their district (15% of cities500: Haifa, Tel Aviv,
        Kismayo). Give such a town the district of its own name in its province ("Dhuusamarreeb",
        even when no town of the index lies in that district, so it has no centroid), else the
        nearest district within `max_km`, else, for the province's largest town (its capital, as a
        rule), the district named after the province ("Akkar" in Akkar: a governorate is named after
        its capital's district). Flagged, so the geocoder can say it inferred it.

        A district is where the town of its name is (its seat: "Ariha" district around the town of
        Ariha), else at the centroid of its towns: in Syria or Lebanon most towns lack a district, so
        most districts have no centroid, but their seats are in the index."""
        import math

        from sitrep.gazetteer.names import fold

        # every exact name of an area ("Caza de Aakkar" is also "Akkar"), not its spelling skeletons
        keys: dict[int, set[str]] = {}
        for key, pid in self.db.execute(
            f"SELECT n.key, n.place FROM name n JOIN place p ON p.id = n.place "
            f"WHERE p.level IN ({ADMIN1}, {ADMIN2}) AND n.how NOT IN ('fuzzy', 'label')"
        ):
            keys.setdefault(pid, set()).add(key)
        # (province, a town's exact name) → the largest such town's (population, lat, lon)
        seats: dict[tuple[int, str], tuple[int, float, float]] = {}
        for key, a1, lat, lon, population in self.db.execute(
            f"SELECT n.key, p.admin1, p.lat, p.lon, p.population FROM name n JOIN place p ON p.id = n.place "
            f"WHERE p.level = {TOWN} AND p.admin1 IS NOT NULL AND n.how IN ('name', 'alternate')"
        ):
            if (a1, key) not in seats or seats[(a1, key)][0] < population:
                seats[(a1, key)] = (population, lat, lon)
        by_admin1: dict[int, list[tuple[int, set[str], float | None, float | None]]] = {}
        for pid, a1, name, lat, lon in self.db.execute(
            f"SELECT id, admin1, name, lat, lon FROM place WHERE level = {ADMIN2}"
        ):
            names = keys.get(pid, set()) | {fold(name)}
            seat = max((seats[(a1, k)] for k in names if (a1, k) in seats), default=None)
            if seat is not None:
                lat, lon = seat[1], seat[2]
            by_admin1.setdefault(a1, []).append((pid, names, lat, lon))
        provinces = {
            pid: (keys.get(pid, set()) | {fold(name)}, seat)
            for pid, name, seat in self.db.execute(f"SELECT id, name, seat FROM place WHERE level = {ADMIN1}")
        }
        updates = []
        rows = self.db.execute(
            f"SELECT id, admin1, name, lat, lon FROM place WHERE level = {TOWN} AND admin2 IS NULL "
            "AND admin1 IS NOT NULL"
        ).fetchall()
        for pid, a1, name, lat, lon in rows:
            districts = by_admin1.get(a1)
            if not districts:
                continue
            same = [d for d in districts if fold(name) in d[1]]
            if same:
                updates.append((same[0][0], pid))
                continue
            cos = math.cos(math.radians(lat))
            placed = [d for d in districts if d[2] is not None and d[3] is not None]
            if placed:
                best = min(placed, key=lambda d: (d[2] - lat) ** 2 + ((d[3] - lon) * cos) ** 2)
                km = 111.2 * math.sqrt((best[2] - lat) ** 2 + ((best[3] - lon) * cos) ** 2)
                if km <= max_km:
                    updates.append((best[0], pid))
                    continue
            province, seat = provinces.get(a1, (set(), None))
            named = [d for d in districts if d[1] & province]
            if seat == pid and named:
                updates.append((named[0][0], pid))
        self.db.executemany("UPDATE place SET admin2 = ?, admin2_inferred = 1 WHERE id = ?", updates)

    def abort(self) -> None:
        self.db.close()
        self.tmp.unlink(missing_ok=True)

    def create_town_index(self) -> None:
        # finish() aggregates towns per admin area; without these it is quadratic
        for column in ("admin1", "admin2", "admin3"):
            self.db.execute(f"CREATE INDEX IF NOT EXISTS place_{column} ON place({column}, level)")


class Index:
    """Read-only access to a built index."""

    def __init__(self, path: Path) -> None:
        self.path = path
        uri = f"file:{path}?mode=ro&immutable=1"
        self.db = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self._entries: dict[int, Entry] = {}
        self._districts: dict[int, bool] = {}
        self._countries: dict[str, Country] = {
            row[0]: Country(*row) for row in self.db.execute("SELECT iso2, iso3, name, capital FROM country")
        }
        self.meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        self.max_words = int(self.meta.get("max_words", "6"))

    def close(self) -> None:
        self.db.close()

    def country(self, iso2: str | None) -> Country | None:
        return self._countries.get(iso2 or "")

    def countries(self) -> Iterator[Country]:
        return iter(self._countries.values())

    def entry(self, pid: int | None) -> Entry | None:
        if pid is None:
            return None
        found = self._entries.get(pid)
        if found is None:
            row = self.db.execute(
                "SELECT id, name, level, country, admin1, admin2, admin3, lat, lon, population, seat "
                "FROM place WHERE id = ?",
                (pid,),
            ).fetchone()
            if row is None:
                return None
            found = self._entries[pid] = Entry(*row)
        return found

    def has_districts(self, admin1: int) -> bool:
        """Whether any admin2 area lies in the admin1 area `admin1` (Libya's and Beirut's have none)."""
        found = self._districts.get(admin1)
        if found is None:
            row = self.db.execute(
                f"SELECT 1 FROM place WHERE admin1 = ? AND level = {ADMIN2} LIMIT 1", (admin1,)
            ).fetchone()
            found = self._districts[admin1] = row is not None
        return found

    def lookup(self, keys: Iterable[str]) -> dict[str, list[NameHit]]:
        """Folded names → the places they can name (every sense, unranked)."""
        wanted = sorted(set(keys))
        out: dict[str, list[NameHit]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                "SELECT n.key, n.how, p.id, p.name, p.level, p.country, p.admin1, p.admin2, p.admin3, "
                f"p.lat, p.lon, p.population, p.seat FROM name n JOIN place p ON p.id = n.place "
                f"WHERE n.key IN ({marks})",
                chunk,
            )
            for key, how, *rest in rows:
                entry = self._entries.get(rest[0])
                if entry is None:
                    entry = self._entries[rest[0]] = Entry(*rest)
                out.setdefault(key, []).append(NameHit(entry, how))
        return out

    def stats(self) -> dict[str, int]:
        places = dict(self.db.execute("SELECT level, COUNT(*) FROM place GROUP BY level").fetchall())
        names = self.db.execute("SELECT COUNT(*) FROM name").fetchone()[0]
        return {
            "countries": len(self._countries),
            "admin1": places.get(ADMIN1, 0),
            "admin2": places.get(ADMIN2, 0),
            "admin3": places.get(ADMIN3, 0),
            "towns": places.get(TOWN, 0),
            "names": names,
        }
