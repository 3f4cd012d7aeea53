"""`sitrep gazetteer import`: a full GeoNames dump into the same index format as the embedded one.

Reads the main table (allCountries.txt, cities500.txt, … or their .zip), and when they sit next to
it admin1CodesASCII.txt, admin2Codes.txt and alternateNamesV2.txt (or alternateNames.txt). Files are
streamed; alternate names go through a temporary SQLite table, so memory stays flat even for the
12-million-row allCountries. Malformed lines are skipped and reported, never fatal.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.gazetteer.build import Builder
from sitrep.gazetteer.names import fold, is_latin
from sitrep.gazetteer.store import ADMIN1, ADMIN2, Writer

MAIN_FILES = ("allCountries", "cities500", "cities1000", "cities5000", "cities15000")
# alternate-name languages worth indexing for English news: unspecified, English, abbreviations
_ALT_LANGUAGES = {"", "en", "abbr"}


class GeoNamesError(Exception):
    """The dump cannot be imported at all (no main table found)."""


@dataclass
class ImportReport:
    towns: int = 0
    admins: int = 0
    alternates: int = 0
    skipped: list[str] = field(default_factory=list)
    missing_aliases: list[str] = field(default_factory=list)


def _find(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / f"{stem}.txt", folder / f"{stem}.zip"):
        if candidate.exists():
            return candidate
    return None


def _lines(path: Path) -> Iterator[str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            member = next(
                (n for n in archive.namelist() if n.endswith(".txt") and "readme" not in n.lower()), None
            )
            if member is None:
                raise GeoNamesError(f"{path}: no .txt table inside the zip")
            with archive.open(member) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8", errors="replace")
        return
    with path.open(encoding="utf-8", errors="replace") as handle:
        yield from handle


def _main_table(path: Path) -> Path:
    if path.is_file():
        return path
    if path.is_dir():
        for stem in MAIN_FILES:
            found = _find(path, stem)
            if found is not None:
                return found
    raise GeoNamesError(f"{path}: expected allCountries.txt or citiesNNN.txt (or a folder holding one)")


def _rows(path: Path, width: int, report: ImportReport) -> Iterator[list[str]]:
    for number, line in enumerate(_lines(path), 1):
        line = line.rstrip("\n\r")
        if not line or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < width:
            report.skipped.append(f"{path.name}:{number}: {len(cols)} columns, expected {width}")
            continue
        yield cols


def _float(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def import_dump(path: Path, target: Path, min_population: int = 0) -> ImportReport:
    import pycountry

    main = _main_table(path)
    folder = main.parent
    report = ImportReport()
    writer = Writer(target)
    try:
        builder = Builder(writer)
        for record in pycountry.countries:
            names = [record.name, getattr(record, "official_name", ""), getattr(record, "common_name", "")]
            shown = getattr(record, "common_name", None) or record.name
            builder.country(record.alpha_2, record.alpha_3, shown, [n for n in names if n])

        # admin areas: the code files when present, else the ADM1/ADM2 features of the main table
        admin_names: dict[str, tuple[str, list[str]]] = {}
        for stem in ("admin1CodesASCII", "admin2Codes"):
            found = _find(folder, stem)
            if found is not None:
                for cols in _rows(found, 3, report):
                    admin_names[cols[0]] = (cols[1], [cols[2]])
        # the second pass below reports the main table's bad lines; report them once
        for cols in _rows(main, 19, ImportReport()):
            if cols[6] == "A" and cols[7] in ("ADM1", "ADM2"):
                code = ".".join([cols[8], cols[10]] + ([cols[11]] if cols[7] == "ADM2" else []))
                name, aliases = admin_names.get(code, (cols[1], []))
                alternates = [a for a in cols[3].split(",") if a] if len(cols[3]) < 2000 else []
                admin_names[code] = (name, [*aliases, cols[2], *alternates])

        admin_ids: dict[str, int] = {}
        for code in sorted(admin_names, key=lambda c: c.count(".")):
            parts = code.split(".")
            if len(parts) not in (2, 3) or parts[0] not in builder.countries:
                continue
            name, aliases = admin_names[code]
            level = ADMIN1 if len(parts) == 2 else ADMIN2
            parent = admin_ids.get(".".join(parts[:2])) if level == ADMIN2 else None
            admin_ids[code] = builder.admin(name, level, parts[0], aliases, None, admin1=parent)
        report.admins = len(admin_ids)

        for cols in _rows(main, 19, report):
            if cols[6] != "P":
                continue
            lat, lon = _float(cols[4]), _float(cols[5])
            if lat is None or lon is None or cols[8] not in builder.countries:
                report.skipped.append(f"{main.name}: {cols[0]} {cols[1]!r}: bad coordinates or country")
                continue
            population = int(cols[14]) if cols[14].isdigit() else 0
            if population < min_population:
                continue
            admin1 = admin_ids.get(f"{cols[8]}.{cols[10]}")
            admin2 = admin_ids.get(f"{cols[8]}.{cols[10]}.{cols[11]}") if cols[11] else None
            # the dump's own alternatenames column; alternateNamesV2 (below) adds language-tagged ones
            alternates = [a for a in cols[3].split(",") if a] if len(cols[3]) < 4000 else []
            pid = builder.town(
                cols[1],
                cols[8],
                admin1,
                admin2,
                None,
                lat,
                lon,
                population,
                [cols[2], *alternates],
                int(cols[0]) if cols[0].isdigit() else None,
            )
            if cols[7] == "PPLC":
                writer.capital(cols[8], pid)
            report.towns += 1
        builder.flush()

        alt_file = _find(folder, "alternateNamesV2") or _find(folder, "alternateNames")
        if alt_file is not None:
            report.alternates = _import_alternates(writer, builder, alt_file, report)
        report.missing_aliases = builder.finish(f"GeoNames dump: {main.name}")
        return report
    except BaseException:
        writer.abort()
        raise


def _import_alternates(writer: Writer, builder: Builder, path: Path, report: ImportReport) -> int:
    db = writer.db
    db.execute("CREATE TEMP TABLE alt(gid INTEGER, key TEXT)")
    batch: list[tuple[int, str]] = []
    for cols in _rows(path, 4, report):
        if cols[2] not in _ALT_LANGUAGES or not cols[1].isdigit():
            continue
        if len(cols) > 7 and cols[7] == "1" and cols[2] != "":
            continue  # historic names only when language-neutral (former names are still in the news)
        name = cols[3]
        key = fold(name)
        if not key or not is_latin(name) or key in builder.curated.not_places:
            continue
        builder.max_words = max(builder.max_words, key.count(" ") + 1)
        batch.append((int(cols[1]), key))
        if len(batch) >= 50_000:
            db.executemany("INSERT INTO alt VALUES (?, ?)", batch)
            batch = []
    db.executemany("INSERT INTO alt VALUES (?, ?)", batch)
    db.execute("CREATE INDEX temp.alt_gid ON alt(gid)")
    cursor = db.execute(
        "INSERT INTO name SELECT alt.key, place.id, 'alternate' "
        "FROM alt JOIN place ON place.source_id = alt.gid"
    )
    added = cursor.rowcount
    db.execute("DROP TABLE alt")
    return added
