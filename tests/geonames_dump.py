"""A small GeoNames dump in the real file formats, written by the tests that need one."""

from __future__ import annotations

from pathlib import Path

# geonameid, name, asciiname, alternatenames, lat, lon, class, code, country, cc2, admin1, admin2, admin3,
# admin4, population, elevation, dem, timezone, modified — GeoNames' column order
TOWNS = [
    (
        1167528,
        "Quetta",
        "Quetta",
        "Kveta,Shalkot",
        30.18414,
        67.00141,
        "P",
        "PPLA",
        "PK",
        "02",
        "1167527",
        1565546,
    ),
    (1183460, "Bannu", "Bannu", "", 32.98527, 70.60403, "P", "PPLA2", "PK", "03", "1183459", 1357890),
    (1167600, "Quetta Cantonment", "Quetta Cantonment", "", 30.21, 67.03, "P", "PPL", "PK", "02", "", 90000),
    (1163054, "Turbat", "Turbat", "", 26.00122, 63.04849, "P", "PPL", "PK", "02", "", 75694),
    (
        1180281,
        "Dera Ismail Khan",
        "Dera Ismail Khan",
        "",
        31.83129,
        70.9017,
        "P",
        "PPLA2",
        "PK",
        "03",
        "",
        763195,
    ),
    (1176734, "Hyderabad", "Hyderabad", "", 25.39242, 68.37366, "P", "PPLA2", "PK", "05", "", 1386330),
    (1269843, "Hyderabad", "Hyderabad", "", 17.38405, 78.45636, "P", "PPLA", "IN", "40", "", 3597816),
    (1159301, "Zahedan", "Zahedan", "", 29.4963, 60.8629, "P", "PPLA", "IR", "04", "", 551980),
    (4250542, "Springfield", "Springfield", "", 39.80172, -89.64371, "P", "PPLA", "US", "IL", "167", 116250),
    (4409896, "Springfield", "Springfield", "", 37.21533, -93.29824, "P", "PPLA2", "US", "MO", "077", 166810),
    (3088848, "Police", "Police", "", 53.55214, 14.57182, "P", "PPL", "PL", "78", "", 33000),
    (1176615, "Islamabad", "Islamabad", "", 33.72148, 73.04329, "P", "PPLC", "PK", "08", "", 601600),
    (3000002, "Pakistan", "Pakistan", "", 39.1, -94.5, "P", "PPL", "US", "MO", "077", 600),  # a namesake
    (3000001, "Ábrego Village", "Abrego Village", "", 8.08, -73.22, "P", "PPL", "CO", "21", "", 800),
    # towns GeoNames leaves without their district, whose district has no town of its own in the dump
    (1177446, "Gwadar", "Gwadar", "", 25.12163, 62.32541, "P", "PPLA2", "PK", "02", "", 51901),
    (266826, "Halba", "Halba", "", 34.54278, 36.07972, "P", "PPLA", "LB", "09", "", 4500),
    # a region's capital that is not its largest town
    (2439376, "Tillaberi", "Tillaberi", "", 14.21152, 1.45307, "P", "PPLA", "NE", "06", "", 19262),
    (2439155, "Tera", "Tera", "", 14.0078, 0.75306, "P", "PPLA2", "NE", "06", "", 29119),
    # a department whose towns all lack it: its seat goes by an alternate name, and a village 22 km
    # from the seat lies in it
    (
        2440495,
        "Ouallam Town",
        "Ouallam Town",
        "Ouallam",
        14.31831,
        2.08597,
        "P",
        "PPL",
        "NE",
        "06",
        "",
        12000,
    ),
    (2439900, "Simiri", "Simiri", "", 14.1333, 2.1333, "P", "PPL", "NE", "06", "", 2000),
]
ADMIN1_CODES = [
    ("PK.02", "Balochistan", "Balochistan", "1183606"),
    ("PK.03", "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa", "1168873"),
    ("PK.05", "Sindh", "Sindh", "1164807"),
    ("PK.08", "Islamabad", "Islamabad", "1162015"),
    ("IN.40", "Telangana", "Telangana", "1254788"),
    ("IR.04", "Sīstān va Balūchestān", "Sistan va Baluchestan", "1159456"),
    ("US.IL", "Illinois", "Illinois", "4896861"),
    ("US.MO", "Missouri", "Missouri", "4398678"),
    ("PL.78", "West Pomerania", "West Pomerania", "3337492"),
    ("CO.21", "Norte de Santander", "Norte de Santander", "3673798"),
    ("LB.09", "Akkar", "Akkar", "444187"),
    ("NE.06", "Tillaberi", "Tillaberi", "2439374"),
    ("CM.08", "West Region", "West Region", "2221790"),  # shown as "West", a word no name key holds
]
ADMIN2_CODES = [
    ("PK.02.1167527", "Quetta District", "Quetta District", "1167527"),
    ("PK.03.1183459", "Bannu District", "Bannu District", "1183459"),
    ("US.IL.167", "Sangamon County", "Sangamon County", "4250540"),
    ("US.MO.077", "Greene County", "Greene County", "4396834"),
    ("PK.02.1177445", "Gwadar District", "Gwadar District", "1177445"),
    ("PK.02.1174357", "Kech District", "Kech District", "1174357"),
    ("LB.09.444188", "Akkar District", "Akkar District", "444188"),
    ("NE.06.2440496", "Departement de Ouallam", "Departement de Ouallam", "2440496"),
    ("NE.06.2440497", "Partido de Ayorou", "Partido de Ayorou", "2440497"),
]
ALTERNATES = [  # alternateNameId, geonameid, isolanguage, name, preferred, short, colloquial, historic
    ("1", "1163054", "en", "Kech Turbat", "", "", "", ""),
    ("2", "1180281", "abbr", "D. I. Khan", "", "", "", ""),
    ("3", "1180281", "ur", "ڈیرہ اسماعیل خان", "", "", "", ""),
    ("4", "1167528", "fr", "Quettaville", "", "", "", ""),
]


def write_dump(folder: Path, malformed: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for gid, name, ascii_, alts, lat, lon, cls, code, cc, a1, a2, pop in TOWNS:
        cols = [
            gid,
            name,
            ascii_,
            alts,
            lat,
            lon,
            cls,
            code,
            cc,
            "",
            a1,
            a2,
            "",
            "",
            pop,
            "",
            "0",
            "UTC",
            "2024-01-01",
        ]
        lines.append("\t".join(str(c) for c in cols))
    if malformed:
        lines.append("this line\thas too few columns")
        bad_coordinates = ["9", "Nowhere", "Nowhere", "", "north", "east", "P", "PPL", "PK"] + [""] * 10
        lines.append("\t".join(bad_coordinates))
    (folder / "cities500.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "admin1CodesASCII.txt").write_text("\n".join("\t".join(r) for r in ADMIN1_CODES) + "\n")
    (folder / "admin2Codes.txt").write_text("\n".join("\t".join(r) for r in ADMIN2_CODES) + "\n")
    (folder / "alternateNamesV2.txt").write_text(
        "\n".join("\t".join(r) for r in ALTERNATES) + "\n", encoding="utf-8"
    )
    return folder
