"""Scoring extracted events against gold sets (ACLED notes, ACLED 2015, GTD, MUC-4, WikiEvents).

Everything here is pure: gold rows and predicted event dicts (the output contract, as JSON) in, counts out.
`sitrep evaluate` (cli/evaluate.py) reads the files and runs the pipeline.

How a document is scored:
- Every gold row is one document. Its predicted events are the `record_type == "event"` records whose
  `doc_id` is the row id. The gold event is matched to the predicted event that agrees best on type,
  place and date; the other predicted events count as *extra*.
- A field's accuracy is over the rows whose gold value is known (see `FIELD_DENOMINATORS`); a row where
  nothing was detected counts as wrong for every field it is counted in. The "given detected" column
  restricts the same denominator to rows with at least one predicted event.
- MUC-4 documents are scored for detection; each required template is also matched to our best-fitting
  violent event and scored for incident date (its day or range, read at our time precision) and country.
- Names match leniently (`normalize_name`): case, accents, punctuation, administrative suffixes
  ("District", "Province", …), ACLED regime years "(2018-)" and whatever follows them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import math
import random
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["acled", "acled2015", "gtd", "muc4", "wikievents"]
KINDS: tuple[str, ...] = ("acled", "acled2015", "gtd", "muc4", "wikievents")

LOCATION_KM = 10.0
COORDINATES_KM = 25.0

# Event types that make a document "report a violent event" for the document-level sets (MUC-4,
# WikiEvents): political violence, plus property destruction, which is how ACLED codes arson.
VIOLENT_TYPES = frozenset({"battles", "explosions/remote violence", "violence against civilians", "riots"})
VIOLENT_SUB_TYPES = frozenset({"looting/property destruction"})
WIKIEVENTS_VIOLENT_PREFIXES = ("Conflict.Attack", "Conflict.Demonstrate.DemonstrateWithViolence")

FIELD_DENOMINATORS: dict[str, str] = {
    "detected": "all rows",
    "event_type": "all rows",
    "sub_event_type": "rows with gold sub_event_type",
    "event_date": "rows with gold date",
    "country": "rows with gold country",
    "admin1": "rows with gold admin1",
    "admin2": "rows with gold admin2",
    "city": "rows with gold city (not Unknown)",
    "location": f"rows with gold location; name or ≤{LOCATION_KM:g} km",
    "coordinates": f"rows with gold lat/lon; ≤{COORDINATES_KM:g} km",
    "fatalities": "rows with gold fatalities; null = 0",
    "injuries": "rows with gold nwound; null = 0",
    "actor1": "rows with gold actor1",
    "actor2": "rows with gold actor2",
    "inter1": "rows with gold inter1",
    "perpetrator": "rows with gold gname; Unknown = Unidentified Armed Group",
    "claimed": "rows with gold claimed 0/1",
    "incident_date": "MUC templates with a date; in its range at our precision",
    "incident_date_exact": "MUC templates dated to days, not only '- DATE' (on or before)",
    "incident_country": "MUC templates with a location; its country",
}
MUC_FIELDS = ("incident_date", "incident_date_exact", "incident_country")

ACLED_FIELDS = (
    "detected",
    "event_type",
    "sub_event_type",
    "event_date",
    "admin1",
    "admin2",
    "location",
    "coordinates",
    "fatalities",
    "actor1",
    "actor2",
    "inter1",
)
GTD_FIELDS = (
    "detected",
    "event_date",
    "country",
    "admin1",
    "city",
    "coordinates",
    "fatalities",
    "injuries",
    "perpetrator",
    "claimed",
)


# -- names and places ---------------------------------------------------------------------------
_REGIME_YEARS = re.compile(r"\(\s*\d{4}\s*-\s*(\d{4})?\s*\)")
_ADMIN_SUFFIXES = re.compile(
    r"\b(district|province|governorate|region|state|department|municipality|county|prefecture|"
    r"oblast|division|upazila|tehsil|city|town|village)$"
)
_LEADING_ARTICLES = re.compile(r"^(al|el|the)\s+")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(name: str | None) -> str:
    """A comparison key for actor and place names; "" for nothing.

    ACLED regime years end the comparable part: "Military Forces of Yemen (2016-) Supreme Political
    Council" and "Military Forces of Yemen" are the same actor for scoring.
    """
    if not name:
        return ""
    text = strip_accents(str(name))
    cut = _REGIME_YEARS.search(text)
    if cut:
        text = text[: cut.start()]
    text = text.lower().replace("’", "'")
    text = re.sub(r"['`]", "", text)
    text = re.sub(r"[^\w]+", " ", text).strip()
    text = _LEADING_ARTICLES.sub("", text)
    # Suffixes repeat ("Kano State Region" is rare but "X District" is common); strip until stable.
    while True:
        stripped = _ADMIN_SUFFIXES.sub("", text).strip()
        if stripped == text or not stripped:
            break
        text = stripped
    return re.sub(r"\s+", " ", text)


def names_match(gold: str | None, predicted: str | None) -> bool:
    g, p = normalize_name(gold), normalize_name(predicted)
    return bool(g) and g == p


# (gold name, predicted name, country, level 1 or 2) → do they name the same area? The gazetteer answers
# it (sitrep.gazetteer.areas.AreaMatcher); scoring stays pure because the caller passes it in.
SameArea = Callable[[str | None, str | None, str | None, int], bool]


def areas_match(
    gold: str | None,
    predicted: str | None,
    country: str | None,
    level: int,
    same_area: SameArea | None = None,
) -> bool:
    """The plain name match first; then, when a gazetteer is given, whether both spellings name one area
    of that level in the event's country ("Idleb" / "Idlib", "Lower Shabelle" / "Shabeellaha Hoose")."""
    if names_match(gold, predicted):
        return True
    return bool(same_area and gold and predicted and same_area(gold, predicted, country, level))


def _aliases(name: str) -> set[str]:
    """A name and the aliases it carries in parentheses: "Boko Haram (JAS)" → {"boko haram", "jas"}."""
    plain = _REGIME_YEARS.sub(" ", strip_accents(name))
    found = {normalize_name(inner) for inner in re.findall(r"\(([^)]*)\)", plain)}
    found.add(normalize_name(re.sub(r"\([^)]*\)", " ", plain)))
    found.add(normalize_name(name))
    return {a for a in found if a}


def organisations_match(gold: str | None, predicted: str | None) -> bool:
    """Looser than `names_match`, for sets whose naming differs from ACLED's (GTD, MUC-4).

    Two names match when an alias of one equals an alias of the other, or when one alias appears as
    whole words inside the other ("Houthi" in "Houthi extremists").
    """
    if not gold or not predicted:
        return False
    ga, pa = _aliases(gold), _aliases(predicted)
    if ga & pa:
        return True
    for g in ga:
        for p in pa:
            short, long = (g, p) if len(g) <= len(p) else (p, g)
            if len(short) >= 4 and re.search(rf"\b{re.escape(short)}\b", long):
                return True
    # Datasets spell one group differently ("Houthi extremists (Ansar Allah)" is ACLED's "Military
    # Forces of Yemen (2016-) Supreme Political Council"): the actor knowledge base links both sides.
    from sitrep.extract.actors import linked_actors

    return bool(linked_actors(gold) & linked_actors(predicted))


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(min(1.0, math.sqrt(a)))


def _coords(record: Mapping[str, Any]) -> tuple[float, float] | None:
    lat, lon = record.get("latitude"), record.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        return float(lat), float(lon)
    except (TypeError, ValueError):
        return None


def within_km(gold: Mapping[str, Any], predicted: Mapping[str, Any], km: float) -> bool:
    g, p = _coords(gold), _coords(predicted)
    return g is not None and p is not None and haversine_km(*g, *p) <= km


def _lower(value: Any) -> str:
    return str(value).strip().lower() if value is not None else ""


def _day(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:10]


def _int_or_zero(value: Any) -> int:
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return -1


# -- taxonomy -----------------------------------------------------------------------------------
def to_acled2015_type(event_type: str | None, sub_event_type: str | None) -> str | None:
    """Map a current ACLED type to the 2015 schema's names, for comparison with old gold rows."""
    t, s = _lower(event_type), _lower(sub_event_type)
    if not t:
        return None
    if t == "battles":
        if s == "government regains territory":
            return "Battle-Government regains territory"
        if s == "non-state actor overtakes territory":
            return "Battle-Non-state actors overtake territory"
        return "Battle-No change of territory"
    if t == "explosions/remote violence":
        return "Remote violence"
    if t in ("protests", "riots"):
        return "Riots/Protests"
    if t == "strategic developments":
        if s == "non-violent transfer of territory":
            return "Non-violent transfer of territory"
        return "Strategic development"
    if t == "violence against civilians":
        return "Violence against civilians"
    return event_type


def is_violent(event: Mapping[str, Any]) -> bool:
    return _lower(event.get("event_type")) in VIOLENT_TYPES or (
        _lower(event.get("sub_event_type")) in VIOLENT_SUB_TYPES
    )


# -- gold rows ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class GoldRow:
    id: str
    text: str
    gold: dict[str, Any]
    published: dt.date | None = None


def detect_kind(row: Mapping[str, Any]) -> Kind:
    gold = row.get("gold") or {}
    if "templates" in gold:
        return "muc4"
    if "events" in gold:
        return "wikievents"
    if "nkill" in gold or "provstate" in gold or "gname" in gold:
        return "gtd"
    if "ally_actor_1" in gold:
        return "acled2015"
    return "acled"


def parse_gold_row(row: Mapping[str, Any]) -> GoldRow:
    published = None
    raw = row.get("published")
    if raw:
        try:
            published = dt.date.fromisoformat(str(raw)[:10])
        except ValueError:
            published = None
    return GoldRow(
        id=str(row["id"]),
        text=str(row.get("text") or ""),
        gold=dict(row.get("gold") or {}),
        published=published,
    )


def select_rows(
    rows: Sequence[GoldRow], limit: int | None = None, sample: int | None = None, seed: int = 0
) -> list[GoldRow]:
    """`limit` keeps the first N rows; `sample` then draws N of them at random (in file order)."""
    chosen = list(rows[:limit] if limit else rows)
    if sample and sample < len(chosen):
        picked = sorted(random.Random(seed).sample(range(len(chosen)), sample))
        chosen = [chosen[i] for i in picked]
    return chosen


# -- per-row scoring ----------------------------------------------------------------------------
Outcome = bool | None  # None: the row does not count for this field


def _acled_view(gold: Mapping[str, Any], kind: Kind) -> dict[str, Any]:
    """The gold fields in one shape, whatever the set calls them."""
    if kind == "gtd":
        city = gold.get("city")
        provstate = gold.get("provstate")
        return {
            "event_type": None,
            "sub_event_type": None,
            "event_date": _day(gold.get("date")),
            "admin1": None if _lower(provstate) in ("", "unknown") else provstate,
            "location": None if _lower(city) in ("", "unknown") else city,
            "latitude": gold.get("latitude"),
            "longitude": gold.get("longitude"),
        }
    return {
        "event_type": gold.get("event_type"),
        "sub_event_type": gold.get("sub_event_type"),
        "event_date": _day(gold.get("event_date")),
        "admin1": gold.get("admin1"),
        "location": gold.get("location"),
        "latitude": gold.get("latitude"),
        "longitude": gold.get("longitude"),
    }


def _predicted_type(pred: Mapping[str, Any], kind: Kind) -> str | None:
    if kind == "acled2015":
        return to_acled2015_type(pred.get("event_type"), pred.get("sub_event_type"))
    return pred.get("event_type")


def match_score(view: Mapping[str, Any], pred: Mapping[str, Any], kind: Kind) -> float:
    """How well one predicted event fits the gold event: type first, then place, then date."""
    score = 0.0
    if view.get("event_type") and _lower(view["event_type"]) == _lower(_predicted_type(pred, kind)):
        score += 3
    if view.get("sub_event_type") and _lower(view["sub_event_type"]) == _lower(pred.get("sub_event_type")):
        score += 1
    if (
        names_match(view.get("admin1"), pred.get("admin1"))
        or names_match(view.get("location"), pred.get("location"))
        or within_km(view, pred, COORDINATES_KM)
    ):
        score += 2
    if view.get("event_date") and view["event_date"] == _day(pred.get("event_date")):
        score += 1
    return score


def best_match(view: Mapping[str, Any], preds: Sequence[Mapping[str, Any]], kind: Kind) -> int | None:
    """Index of the predicted event that fits the gold best (the first on ties); None when none."""
    if not preds:
        return None
    scores = [match_score(view, p, kind) for p in preds]
    return max(range(len(preds)), key=lambda i: (scores[i], -i))


def _known(value: Any) -> bool:
    return value is not None and value != ""


def _country_of(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> str | None:
    """The event's country for area matching: the gold's, else ours."""
    return gold.get("country") or pred.get("iso3") or pred.get("country")


def score_acled_row(
    gold: Mapping[str, Any],
    preds: Sequence[Mapping[str, Any]],
    kind: Kind = "acled",
    same_area: SameArea | None = None,
) -> tuple[dict[str, Outcome], int | None]:
    """Outcomes per field for one ACLED row, and the index of the matched predicted event."""
    view = _acled_view(gold, kind)
    idx = best_match(view, preds, kind)
    p: Mapping[str, Any] = preds[idx] if idx is not None else {}
    out: dict[str, Outcome] = {"detected": idx is not None}
    out["event_type"] = _lower(gold.get("event_type")) == _lower(_predicted_type(p, kind)) if p else False
    sub = gold.get("sub_event_type")
    out["sub_event_type"] = (_lower(sub) == _lower(p.get("sub_event_type"))) if _known(sub) else None
    date = view["event_date"]
    out["event_date"] = (date == _day(p.get("event_date"))) if date else None
    for level, name in ((1, "admin1"), (2, "admin2")):
        out[name] = (
            areas_match(gold.get(name), p.get(name), _country_of(gold, p), level, same_area)
            if _known(gold.get(name))
            else None
        )
    loc = gold.get("location")
    out["location"] = (
        names_match(loc, p.get("location")) or within_km(gold, p, LOCATION_KM) if _known(loc) else None
    )
    out["coordinates"] = within_km(gold, p, COORDINATES_KM) if _coords(gold) else None
    fat = gold.get("fatalities")
    out["fatalities"] = (
        (bool(p) and _int_or_zero(fat) == _int_or_zero(p.get("fatalities"))) if _known(fat) else None
    )
    for name in ("actor1", "actor2"):
        out[name] = names_match(gold.get(name), p.get(name)) if _known(gold.get(name)) else None
    inter = gold.get("inter1")
    out["inter1"] = (
        (bool(p) and _int_or_zero(inter) == _int_or_zero(p.get("inter1"))) if _known(inter) else None
    )
    return out, idx


def _is_unknown_group(name: str | None) -> bool:
    return _lower(name).startswith("unidentified armed group") or _lower(name).startswith("unidentified")


def perpetrator_matches(gname: str, pred: Mapping[str, Any]) -> bool:
    """GTD's "Unknown" perpetrator is ACLED's Unidentified Armed Group; a named group may be any side
    the system put it on as the attacker (actor1, its associate, or the claimant)."""
    if _lower(gname) == "unknown":
        return _is_unknown_group(pred.get("actor1"))
    candidates = (pred.get("actor1"), pred.get("assoc_actor_1"), pred.get("claimed_by"))
    return any(organisations_match(gname, c) for c in candidates if c)


# Where GTD's provstate is one level below ACLED's admin1, and so below ours: the Philippines' provinces
# (ACLED and GeoNames: the region above them) and the governorates of Iraq's Kurdistan Region ("Arbil",
# "Dihok"; GeoNames puts them under the region, so our gazetteer knows them as admin2). There provstate
# is compared with our admin2 as well. Elsewhere provstate is admin1 only: a right district does not
# make a wrong province right.
GTD_PROVSTATE_BELOW_ADMIN1 = frozenset({"Philippines", "Iraq"})


def gtd_provstate_matches(
    provstate: str, pred: Mapping[str, Any], country: str | None, same_area: SameArea | None = None
) -> bool:
    """GTD's provstate against our admin1, or against our admin2 where GTD's scheme sits there."""
    if areas_match(provstate, pred.get("admin1"), country, 1, same_area):
        return True
    below = country in GTD_PROVSTATE_BELOW_ADMIN1 or pred.get("country") in GTD_PROVSTATE_BELOW_ADMIN1
    return below and areas_match(provstate, pred.get("admin2"), country, 2, same_area)


def score_gtd_row(
    gold: Mapping[str, Any], preds: Sequence[Mapping[str, Any]], same_area: SameArea | None = None
) -> tuple[dict[str, Outcome], int | None]:
    view = _acled_view(gold, "gtd")
    idx = best_match(view, preds, "gtd")
    p: Mapping[str, Any] = preds[idx] if idx is not None else {}
    out: dict[str, Outcome] = {"detected": idx is not None}
    out["event_date"] = (view["event_date"] == _day(p.get("event_date"))) if view["event_date"] else None
    country = gold.get("country")
    out["country"] = names_match(country, p.get("country")) if _known(country) else None
    out["admin1"] = (
        gtd_provstate_matches(view["admin1"], p, _country_of(gold, p), same_area) if view["admin1"] else None
    )
    city = view["location"]
    out["city"] = (names_match(city, p.get("location")) or within_km(gold, p, LOCATION_KM)) if city else None
    out["coordinates"] = within_km(gold, p, COORDINATES_KM) if _coords(gold) else None
    nkill, nwound = gold.get("nkill"), gold.get("nwound")
    out["fatalities"] = (
        (bool(p) and _int_or_zero(nkill) == _int_or_zero(p.get("fatalities"))) if _known(nkill) else None
    )
    out["injuries"] = (
        (bool(p) and _int_or_zero(nwound) == _int_or_zero(p.get("injuries"))) if _known(nwound) else None
    )
    gnames = [g.get("gname") for g in gold.get("perpetrators") or [] if g.get("gname")]
    out["perpetrator"] = (bool(p) and any(perpetrator_matches(g, p) for g in gnames)) if gnames else None
    claimed = gold.get("claimed")
    if claimed in (0, 1):
        out["claimed"] = bool(p) and bool(claimed) == _known(p.get("claimed_by"))
    else:
        out["claimed"] = None
    return out, idx


def muc_positive(gold: Mapping[str, Any]) -> bool:
    """A MUC-4 document reports an incident when one of its templates has a real incident type."""
    for template in gold.get("templates") or []:
        kind = _lower(template.get("incident_type"))
        if kind and kind != "*":
            return True
    return False


def muc_perpetrator_orgs(gold: Mapping[str, Any]) -> list[list[str]]:
    """Each perpetrator organisation once per document, as its list of alternative names.

    Templates name the same group differently ("RED HAND BRIGADE" / "RHB" in one, "RHB" in the next):
    a slot sharing any alternative with one already seen is the same organisation.
    """
    seen: set[str] = set()
    orgs: list[list[str]] = []
    for template in gold.get("templates") or []:
        for slot in template.get("perp_organization_id") or []:
            alternatives = [a for a in slot.get("alternatives") or [] if a]
            keys = {normalize_name(a) for a in alternatives} - {""}
            if keys and not keys & seen:
                orgs.append(alternatives)
            seen |= keys
    return orgs


# -- MUC-4 templates: incident date and country ------------------------------------------------------
_MUC_DAY = re.compile(r"(?:(?P<d>\d{1,2})\s*)?(?P<m>[A-Z]{3})[A-Z]*(?:\s*(?P<y>\d{2,4}))?", re.I)
# A MUC incident type and the ACLED types or sub-types that code it (for choosing the matching event).
_MUC_TYPES: dict[str, tuple[str, ...]] = {
    "bombing": ("explosions/remote violence",),
    "kidnapping": ("abduction/forced disappearance",),
    "arson": ("looting/property destruction", "explosions/remote violence"),
    "robbery": ("looting/property destruction",),
    "attack": ("battles", "violence against civilians", "explosions/remote violence", "attack"),
}


@dataclass(frozen=True)
class MucDay:
    """One end of a MUC-4 date: a day, or a whole month ("MAR 89"); year None when the key omits it."""

    year: int | None
    month: int
    day: int | None

    def first(self, year: int) -> dt.date:
        y = self.year or year
        return dt.date(y, self.month, self.day or 1)

    def last(self, year: int) -> dt.date:
        y = self.year or year
        return dt.date(y, self.month, self.day or _month_days(y, self.month))


@dataclass(frozen=True)
class MucRange:
    """A MUC-4 incident date: `start` None is the key's "- 19 APR 89", on or before that day."""

    start: MucDay | None
    end: MucDay

    @property
    def open(self) -> bool:
        return self.start is None


def _month_days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


_MONTH_ABBR = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}


def _muc_day(text: str) -> MucDay | None:
    m = _MUC_DAY.fullmatch(text.strip())
    if m is None or m.group("m").lower() not in _MONTH_ABBR:
        return None
    year = None
    if m.group("y"):
        y = int(m.group("y"))
        year = y if y >= 100 else 1900 + y  # MUC-4 wires are 1979-1990
    day = int(m.group("d")) if m.group("d") else None
    try:
        dt.date(year or 2000, _MONTH_ABBR[m.group("m").lower()], day or 1)
    except ValueError:
        return None
    return MucDay(year, _MONTH_ABBR[m.group("m").lower()], day)


def muc_date_ranges(value: str | None) -> list[MucRange]:
    """The alternatives of a MUC-4 INCIDENT: DATE slot ("19 APR 89", "- 19 APR 89", "10 JAN 90 - 12 JAN 90",
    "(- 29 MAR 89) / (28 MAR 89 - 29 MAR 89)"); [] when it is empty or unreadable."""
    found: list[MucRange] = []
    for alternative in (value or "").split("/"):
        text = alternative.strip().strip("()").strip()
        if not text:
            continue
        if "-" in text:
            left, _, right = text.partition("-")
            end = _muc_day(right)
            start = _muc_day(left) if left.strip() else None
            if end is None or (left.strip() and start is None):
                continue
            found.append(MucRange(start, end))
        else:
            day = _muc_day(text)
            if day is not None:
                found.append(MucRange(day, day))
    return found


def _predicted_interval(pred: Mapping[str, Any]) -> tuple[dt.date, dt.date] | None:
    """The days our date stands for: the day (precision 1), the week around it (2), its month (3)."""
    raw = _day(pred.get("event_date"))
    if raw is None:
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    precision = _int_or_zero(pred.get("time_precision")) or 1
    if precision == 2:
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    if precision >= 3:
        return day.replace(day=1), day.replace(day=_month_days(day.year, day.month))
    return day, day


def muc_date_matches(ranges: Sequence[MucRange], pred: Mapping[str, Any]) -> bool:
    """Our date equals the key's day or lies in its range, read at our precision: a week or a month
    counts when it contains (overlaps) the key's days. A key without a year takes ours."""
    ours = _predicted_interval(pred)
    if ours is None:
        return False
    lo, hi = ours
    for r in ranges:
        end = r.end.last(hi.year)
        start = r.start.first(lo.year) if r.start is not None else dt.date.min
        if lo <= end and start <= hi:
            return True
    return False


def muc_countries(location: str | None) -> list[str]:
    """The countries of a MUC-4 INCIDENT: LOCATION slot: "EL SALVADOR: SAN SALVADOR (CITY)" → ["EL SALVADOR"],
    "(COLOMBIA) / (COLOMBIA: BOGOTA (CITY))" → ["COLOMBIA"], "HONDURAS / EL SALVADOR" → both."""
    found: list[str] = []
    for alternative in re.split(r"\s/\s", location or ""):
        country = alternative.strip().strip("()").split(":")[0].strip().lstrip("?").strip()
        if country and country not in found:
            found.append(country)
    return found


def muc_place_names(location: str | None) -> list[str]:
    """The named places below the country ("SAN MIGUEL", "SAN LUIS DE LA REINA"), to pick our event."""
    names: list[str] = []
    for alternative in re.split(r"\s/\s", location or ""):
        for part in re.split(r"[:]|\s-\s", alternative.strip().strip("()"))[1:]:
            name = re.sub(r"\([^)]*\)?", " ", part).strip()
            if name and name not in names:
                names.append(name)
    return names


def _country_matches(gold: str, predicted: str | None) -> bool:
    """Country names, leniently: the keys misspell a few ("GUATAMALA")."""
    if names_match(gold, predicted):
        return True
    g, p = normalize_name(gold), normalize_name(predicted)
    return bool(g and p) and difflib.SequenceMatcher(None, g, p).ratio() >= 0.85


def muc_template_score(template: Mapping[str, Any], pred: Mapping[str, Any]) -> float:
    """How well one of our violent events fits a template: type and place first, then perpetrator, date,
    country (as ACLED rows are matched: type 3, place 2, date 1)."""
    score = 0.0
    wanted = {
        t
        for part in _lower(template.get("incident_type")).split("/")
        for t in _MUC_TYPES.get(part.strip(), ())
    }
    ours = {_lower(pred.get("event_type")), _lower(pred.get("sub_event_type"))}
    if wanted & ours:
        score += 3
    places = muc_place_names(template.get("incident_location"))
    ours_places = [pred.get(f) for f in ("location", "admin1", "admin2", "admin3")]
    if any(names_match(g, p) for g in places for p in ours_places if p):
        score += 2
    orgs = [a for slot in template.get("perp_organization_id") or [] for a in slot.get("alternatives") or []]
    if orgs and _org_found(orgs, [pred]):
        score += 1
    ranges = muc_date_ranges(template.get("incident_date"))
    if ranges and muc_date_matches(ranges, pred):
        score += 1
    countries = muc_countries(template.get("incident_location"))
    if any(_country_matches(c, pred.get("country")) for c in countries):
        score += 1
    return score


def score_muc_templates(gold: Mapping[str, Any], preds: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Per required template with a real incident type: the violent event that fits it best, and whether
    its date and country are right (None: the key gives none). No violent event: undetected, wrong."""
    violent = [i for i, p in enumerate(preds) if is_violent(p)]
    out: list[dict[str, Any]] = []
    for template in gold.get("templates") or []:
        kind = _lower(template.get("incident_type"))
        if not kind or kind == "*" or "optional" in _lower(template.get("template_id")):
            continue  # MUC-4 does not require optional templates (mostly incidents mentioned in passing)
        idx = max(violent, key=lambda i: (muc_template_score(template, preds[i]), -i)) if violent else None
        p: Mapping[str, Any] = preds[idx] if idx is not None else {}
        ranges = muc_date_ranges(template.get("incident_date"))
        countries = muc_countries(template.get("incident_location"))
        dated = bool(ranges) and bool(p) and muc_date_matches(ranges, p)
        exact = [r for r in ranges if not r.open]
        out.append(
            {
                "template_id": template.get("template_id"),
                "gold_date": template.get("incident_date"),
                "gold_country": countries[0] if countries else None,
                "matched": idx,
                "event_date": p.get("event_date"),
                "country": p.get("country"),
                "fields": {
                    "incident_date": dated if ranges else None,
                    # keys that name the day or days (not only "before the report")
                    "incident_date_exact": (bool(p) and muc_date_matches(exact, p))
                    if exact and len(exact) == len(ranges)
                    else None,
                    "incident_country": (
                        bool(p) and any(_country_matches(c, p.get("country")) for c in countries)
                    )
                    if countries
                    else None,
                },
            }
        )
    return out


def wikievents_positive(gold: Mapping[str, Any]) -> bool:
    return any(
        str(e.get("event_type", "")).startswith(WIKIEVENTS_VIOLENT_PREFIXES) for e in gold.get("events") or []
    )


def wikievents_attackers(gold: Mapping[str, Any]) -> list[list[str]]:
    seen: set[str] = set()
    found: list[list[str]] = []
    for event in gold.get("events") or []:
        if not str(event.get("event_type", "")).startswith("Conflict.Attack"):
            continue
        for arg in event.get("arguments") or []:
            if arg.get("role") == "Attacker" and arg.get("text"):
                key = normalize_name(arg["text"])
                if key and key not in seen:
                    seen.add(key)
                    found.append([arg["text"]])
    return found


def _org_found(alternatives: Iterable[str], preds: Sequence[Mapping[str, Any]]) -> bool:
    names = [
        p.get(f) for p in preds for f in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "claimed_by")
    ]
    return any(organisations_match(a, n) for a in alternatives for n in names if n)


def score_document_row(
    gold: Mapping[str, Any], preds: Sequence[Mapping[str, Any]], kind: Kind
) -> dict[str, Any]:
    """Document-level detection (MUC-4, WikiEvents) and perpetrator recall."""
    positive = muc_positive(gold) if kind == "muc4" else wikievents_positive(gold)
    orgs = muc_perpetrator_orgs(gold) if kind == "muc4" else wikievents_attackers(gold)
    violent = [p for p in preds if is_violent(p)]
    found = sum(1 for alternatives in orgs if _org_found(alternatives, violent))
    return {
        "gold_positive": positive,
        "predicted_positive": bool(violent),
        "perp_total": len(orgs),
        "perp_found": found,
    }


# -- aggregation --------------------------------------------------------------------------------
@dataclass
class FieldScore:
    name: str
    n: int = 0
    correct: int = 0
    n_detected: int = 0
    correct_detected: int = 0

    def add(self, outcome: Outcome, detected: bool) -> None:
        if outcome is None:
            return
        self.n += 1
        self.correct += int(outcome)
        if detected:
            self.n_detected += 1
            self.correct_detected += int(outcome)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.n if self.n else None

    @property
    def accuracy_detected(self) -> float | None:
        return self.correct_detected / self.n_detected if self.n_detected else None


@dataclass
class DetectionScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    perp_total: int = 0
    perp_found: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else None

    @property
    def perp_recall(self) -> float | None:
        return self.perp_found / self.perp_total if self.perp_total else None


@dataclass
class Report:
    kind: Kind
    n_docs: int = 0
    fields: dict[str, FieldScore] = field(default_factory=dict)
    detection: DetectionScore | None = None
    predicted_events: int = 0
    extra_events: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def extra_per_doc(self) -> float | None:
        return self.extra_events / self.n_docs if self.n_docs else None

    def to_dict(self, with_rows: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "n_docs": self.n_docs,
            "predicted_events": self.predicted_events,
            "extra_events": self.extra_events,
            "extra_per_doc": self.extra_per_doc,
            "fields": {
                name: {
                    "n": f.n,
                    "correct": f.correct,
                    "accuracy": f.accuracy,
                    "n_detected": f.n_detected,
                    "accuracy_detected": f.accuracy_detected,
                    "denominator": FIELD_DENOMINATORS.get(name, ""),
                }
                for name, f in self.fields.items()
            },
        }
        if self.detection is not None:
            d = self.detection
            out["detection"] = {
                "tp": d.tp,
                "fp": d.fp,
                "fn": d.fn,
                "tn": d.tn,
                "precision": d.precision,
                "recall": d.recall,
                "f1": d.f1,
                "perpetrator_total": d.perp_total,
                "perpetrator_found": d.perp_found,
                "perpetrator_recall": d.perp_recall,
            }
        if with_rows:
            out["rows"] = self.rows
        return out


def _events(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [r for r in records if r.get("record_type", "event") == "event"]


def score(
    rows: Sequence[GoldRow],
    predictions: Mapping[str, Sequence[Mapping[str, Any]]],
    kind: Kind,
    same_area: SameArea | None = None,
) -> Report:
    """Score every gold row against the predicted records of its document. `same_area` (optional) lets
    admin1/admin2 match across spellings of one gazetteer area."""
    report = Report(kind=kind)
    names = GTD_FIELDS if kind == "gtd" else ACLED_FIELDS
    if kind in ("muc4", "wikievents"):
        report.detection = DetectionScore()
        names = MUC_FIELDS if kind == "muc4" else ()
    report.fields = {name: FieldScore(name) for name in names}
    for row in rows:
        preds = _events(predictions.get(row.id, ()))
        report.n_docs += 1
        report.predicted_events += len(preds)
        detail: dict[str, Any] = {"id": row.id, "n_predicted": len(preds)}
        if report.detection is not None:
            doc = score_document_row(row.gold, preds, kind)
            report.detection.add(doc["gold_positive"], doc["predicted_positive"])
            report.detection.perp_total += doc["perp_total"]
            report.detection.perp_found += doc["perp_found"]
            detail.update(doc)
            if kind == "muc4":
                # the fields count templates, not documents: "n detected" = templates with a violent event
                templates = score_muc_templates(row.gold, preds)
                for t in templates:
                    for name, outcome in t["fields"].items():
                        report.fields[name].add(outcome, t["matched"] is not None)
                detail["templates"] = templates
        else:
            outcomes, idx = (
                score_gtd_row(row.gold, preds, same_area)
                if kind == "gtd"
                else score_acled_row(row.gold, preds, kind, same_area)
            )
            detected = idx is not None
            for name, outcome in outcomes.items():
                if name in report.fields:
                    report.fields[name].add(outcome, detected)
            report.extra_events += max(0, len(preds) - 1)
            detail["matched"] = idx
            detail["fields"] = outcomes
        report.rows.append(detail)
    return report
