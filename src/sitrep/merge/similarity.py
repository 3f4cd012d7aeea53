"""Do two reports describe one event? Blocking gates first, then a weighted similarity.

Everything here is pure: `Profile`s are built from `sitrep.records.Event`s and compared. A comparison keeps
every feature value and the gate that stopped it, so each merge can say why it happened.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sitrep.merge.rules import MergeRules
from sitrep.records import Event

_REGIME_YEARS = re.compile(r"\s*\(\d{4}-(?:\d{4})?\)")
_WORD = re.compile(r"[a-z][a-z'\-]+")
_PLACE_AFTER = re.compile(
    r"\b(?:in|near|at|outside|around)\s+(?:the\s+(?:village|town|city|area|district)\s+of\s+)?"
    r"([A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)"
)
_NAME = re.compile(r"(?<![\w'])[A-Z][a-z]+(?:[-'][A-Za-z]+)?")
_DIGIT = re.compile(r"\d")
_SENTENCE_ENDS = (". ", "! ", "? ", "\n")
# Notes the date stage writes when the event's date is the day of the report, not a day the text gives: the
# event happened on or before it (a follow-up dispatched days after the incident).
_REPORT_DATE_NOTES = ("date: publication date", "date: the date of the report")
_CALENDAR = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)


@dataclass(slots=True)
class Profile:
    """What the merge compares: the fields of one report, or of a canonical event with all its reports."""

    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    day: dt.date | None = None
    time_precision: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actors: frozenset[str] = frozenset()
    fatalities: int | None = None
    tokens: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    stated_day: bool = False
    report_dated: bool = False
    doc_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing a report with a candidate: features in [0, 1], score, and the gate if any."""

    score: float
    features: dict[str, float] = field(default_factory=dict)
    gate: str | None = None

    def matches(self, rules: MergeRules) -> bool:
        return self.gate is None and self.score >= rules.threshold

    def explain(self) -> str:
        if self.gate is not None:
            return f"blocked: {self.gate}"
        parts = ", ".join(f"{name}={value:.2f}" for name, value in self.features.items())
        return f"score {self.score:.3f} ({parts})"


def fold(value: str | None) -> str | None:
    return value.strip().casefold() if value and value.strip() else None


def normalise_actor(name: str) -> str:
    return _REGIME_YEARS.sub("", name).strip().casefold()


def date_window(
    day: dt.date | None, precision: int | None, report_reach: int = 0
) -> tuple[dt.date | None, dt.date | None]:
    """The days an event dated `day` may have happened on, by ACLED time precision.

    Precision 2 codes the middle of a week, precision 3 a day of the month (middle, first or last).
    `report_reach` > 0: the date is the day of the report (no date in the text), so the event lies in the
    `report_reach` days up to it, whatever its nominal precision.
    """
    if day is None:
        return None, None
    if report_reach > 0:
        return day - dt.timedelta(days=report_reach), day
    if precision == 2:
        return day - dt.timedelta(days=3), day + dt.timedelta(days=3)
    if precision == 3:
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following - dt.timedelta(days=1)
    return day, day


def content_tokens(texts: Iterable[str], rules: MergeRules) -> frozenset[str]:
    words: set[str] = set()
    for text in texts:
        for word in _WORD.findall(text.casefold()):
            if len(word) > 2 and word not in rules.stopwords:
                words.add(word)
    return frozenset(words)


def stated_fatalities(event: Event) -> int | None:
    """The toll a report actually states. A 0 with no evidence means "not said", which is no evidence of 0."""
    if event.fatalities is None:
        return None
    if event.fatalities > 0 or event.evidence.get("fatalities"):
        return event.fatalities
    return None


def context(event: Event, text: str) -> list[str]:
    """The sentences of the article that hold the event's evidence (the words a reader would compare)."""
    found: dict[int, str] = {}
    for spans in event.evidence.values():
        for span in spans:
            if not 0 <= span.start <= span.end <= len(text):
                continue
            start = max((text.rfind(mark, 0, span.start) for mark in _SENTENCE_ENDS), default=-1) + 1
            ends = [i for i in (text.find(mark, span.end) for mark in _SENTENCE_ENDS) if i != -1]
            found.setdefault(start, text[start : min(ends, default=len(text)) + 1].strip())
    return [found[k] for k in sorted(found)]


def proper_names(sentences: Iterable[str], rules: MergeRules) -> frozenset[str]:
    """Capitalised words inside sentences (not their first word): places, groups, people.

    Upper-case wire copy (all words capitalised) says nothing about names, so it gives none.
    """
    names: set[str] = set()
    for sentence in sentences:
        letters = [c for c in sentence if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > 0.5 * len(letters):
            continue
        for match in _NAME.finditer(sentence):
            before = sentence[: match.start()].rstrip()
            if not before or before[-1] in ".!?:;\"'(“‘[":
                continue  # the first word of a sentence or quotation is capitalised anyway
            word = match.group(0).casefold()
            if word not in rules.stopwords and word not in _CALENDAR:
                names.add(word)
    return frozenset(names)


def unresolved_places(event: Event, sentences: Iterable[str]) -> frozenset[str]:
    """Names after "in/near/at" that the geocoder did not code the event to ("near Starohnativka" when the
    event sits at the region's centre): the finer place the text names, which another report may contradict.
    """
    coded = " ".join(
        v for v in (event.location, event.admin1, event.admin2, event.admin3, event.country) if v
    ).casefold()
    found: set[str] = set()
    for sentence in sentences:
        letters = [c for c in sentence if c.isalpha()]
        if letters and sum(c.isupper() for c in letters) > 0.5 * len(letters):
            continue  # upper-case wire copy: every word looks like a name
        for match in _PLACE_AFTER.finditer(sentence):
            words = [w for w in re.split(r"[ -]", match.group(1).casefold()) if w not in _CALENDAR]
            if words and not any(w in coded for w in words):
                found.add(" ".join(words))
    return frozenset(found)


def report_dated(event: Any) -> bool:
    """Is the event's date only the day it was reported (the date stage found none in the text)?"""
    notes = getattr(event, "notes", None) or ""
    return any(mark in notes for mark in _REPORT_DATE_NOTES)


def where_and_when(event: Any, report_reach: int = 0) -> dict[str, Any]:
    """The blocking fields of a profile. An Event record and a stored event row share these names.

    With `report_reach`, a date that is only the report's day opens a window of that many days before it.
    """
    by_report = report_reach > 0 and report_dated(event)
    start, end = date_window(event.event_date, event.time_precision, report_reach if by_report else 0)
    return dict(
        country=fold(event.iso3) or fold(event.country),
        admin1=fold(event.admin1),
        admin2=fold(event.admin2),
        location=fold(event.location),
        latitude=event.latitude,
        longitude=event.longitude,
        geo_precision=event.geo_precision,
        day=event.event_date,
        time_precision=event.time_precision,
        start=start,
        end=end,
        report_dated=by_report,
        event_type=event.event_type,
        sub_event_type=event.sub_event_type,
    )


def profile_of(event: Event, rules: MergeRules, text: str | None = None) -> Profile:
    actors = {
        normalise_actor(name)
        for name in (event.actor1, event.actor2, event.assoc_actor_1, event.assoc_actor_2, event.claimed_by)
        if name
    }
    actors = {a for a in actors if not any(a.startswith(g) for g in rules.generic_actors)}
    texts = [span.text for spans in event.evidence.values() for span in spans]
    sentences = context(event, text) if text else []
    return Profile(
        **where_and_when(event, rules.report_date_reach_days),
        actors=frozenset(actors),
        fatalities=stated_fatalities(event),
        tokens=content_tokens(texts + sentences, rules),
        names=proper_names(sentences, rules),
        places=unresolved_places(event, sentences),
        stated_day=any(_DIGIT.search(span.text) for span in event.evidence.get("event_date", [])),
        doc_ids=frozenset({event.doc_id}),
    )


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _windows_meet(a: Profile, b: Profile) -> bool:
    # One day of slack: a night attack is dated the 3rd by one outlet and the 4th by another.
    assert a.start and a.end and b.start and b.end
    slack = dt.timedelta(days=1)
    return a.start - slack <= b.end and b.start - slack <= a.end


def blocked(a: Profile, b: Profile, rules: MergeRules) -> str | None:
    """Hard reasons two reports cannot be one event (blocking)."""
    if a.doc_ids & b.doc_ids:
        return "same article (the extractor already told its events apart)"
    if a.country and b.country and a.country != b.country:
        return "different country"
    if a.start is None or b.start is None:
        return "undated report"
    if not _windows_meet(a, b):
        return "dates too far apart for their precision"
    if (
        a.stated_day
        and b.stated_day
        and a.day != b.day
        and a.time_precision == b.time_precision == 1
        and not (a.report_dated or b.report_dated)
    ):
        # A one-day slip comes from relative dates ("yesterday") and publication dates; two reports that
        # each state a different day in figures describe two days.
        return "different stated days"
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return "different admin1"
    if (
        a.event_type
        and b.event_type
        and not rules.compatible(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type)
    ):
        return "incompatible event types"
    if a.places and b.places and not _places_meet(a, b):
        return "different places named"
    distance = _distance(a, b)
    coarsest = max(a.geo_precision or 1, b.geo_precision or 1)
    limit = rules.max_distance_km.get(coarsest, max(rules.max_distance_km.values()))
    if distance is not None and distance > limit and not _province_holds(a, b):
        return f"places {distance:.0f} km apart"
    if a.admin2 and b.admin2 and a.admin2 != b.admin2 and coarsest <= 2:
        # Town-level places in different districts: one event only for a town on the border.
        if distance is None or distance > rules.admin2_slack_km:
            return "different admin2"
    return None


def _province_holds(a: Profile, b: Profile) -> bool:
    """One report is coded to a province only (precision 3, placed at its largest town) and the other lies
    in that province: the event may be anywhere in it, however far from the town the coder chose."""
    coarse = (a.geo_precision or 1) == 3 or (b.geo_precision or 1) == 3
    return coarse and a.admin1 is not None and a.admin1 == b.admin1


def _places_meet(a: Profile, b: Profile) -> bool:
    """Do the finer places two reports name overlap (or does one report mention the other's place)?"""
    if a.places & b.places:
        return True
    words_a = {w for place in a.places for w in place.split()}
    words_b = {w for place in b.places for w in place.split()}
    return bool(words_a & (b.tokens | b.names | words_b)) or bool(words_b & (a.tokens | a.names))


def _distance(a: Profile, b: Profile) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    return great_circle_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]


def _type_score(a: Profile, b: Profile) -> float:
    if a.event_type is None or b.event_type is None:
        return 0.3
    if a.event_type == b.event_type:
        return 1.0 if a.sub_event_type == b.sub_event_type else 0.6
    return 0.25


def _date_score(a: Profile, b: Profile) -> float:
    if (a.report_dated or b.report_dated) and a.day != b.day:
        return 0.0  # one side only says "on or before this day": an earlier day is possible, no more
    if a.day == b.day:
        return 1.0 if (a.time_precision or 1) == 1 and (b.time_precision or 1) == 1 else 0.6
    if (a.time_precision or 1) == 1 and (b.time_precision or 1) == 1:
        return 0.5  # a day apart
    return 0.4


def _place_score(a: Profile, b: Profile) -> float:
    if a.location and a.location == b.location:
        # Two reports coded to one regional centre may still be anywhere in the region.
        return {2: 0.8, 3: 0.6}.get(max(a.geo_precision or 1, b.geo_precision or 1), 1.0)
    distance = _distance(a, b)
    if distance is not None and distance <= 5:
        return 1.0
    if a.admin2 and a.admin2 == b.admin2:
        # A district-level report ("in Kech district") fits a town inside that district.
        coarse = (a.geo_precision or 1) >= 2 or (b.geo_precision or 1) >= 2
        return 0.8 if coarse else 0.5
    if _province_holds(a, b):
        return 0.6  # a province-level report fits any place in the province, but no better than that
    if distance is not None:
        return max(0.0, 0.8 - distance / 20)
    if a.admin1 and a.admin1 == b.admin1:
        return 0.35
    if a.country and a.country == b.country:
        return 0.2
    return 0.1


def _actor_score(a: Profile, b: Profile) -> float:
    if not a.actors or not b.actors:
        return 0.5  # one side does not name who acted: no evidence either way
    shared = len(a.actors & b.actors)
    return shared / min(len(a.actors), len(b.actors)) if shared else 0.0


def _fatality_score(a: Profile, b: Profile) -> float:
    if a.fatalities is None or b.fatalities is None:
        return 0.5
    low, high = sorted((a.fatalities, b.fatalities))
    return 1.0 if high == 0 else low / high


def _dice(a: frozenset[str], b: frozenset[str], rarity: Mapping[str, float] | None) -> float:
    if rarity is None:
        return 2 * len(a & b) / (len(a) + len(b))
    weight = lambda word: rarity.get(word, 1.0)  # noqa: E731
    shared = sum(weight(w) for w in a & b)
    total = sum(weight(w) for w in a) + sum(weight(w) for w in b)
    return 2 * shared / total if total else 0.0


def _text_score(a: Profile, b: Profile, rarity: Mapping[str, float] | None) -> float:
    return _dice(a.tokens, b.tokens, rarity) if a.tokens and b.tokens else 0.2


def _name_score(a: Profile, b: Profile, rarity: Mapping[str, float] | None) -> float:
    return _dice(a.names, b.names, rarity) if a.names and b.names else 0.5


def block_rarity(candidates: Iterable[Profile]) -> dict[str, float]:
    """Weights that make words shared by many candidates of a block count less (1 / how many hold it).

    Reports from one country and week share "forces", "guerrillas", the capital's name; the victim's name
    or the bombed building is what tells one incident from the next. With one candidate every word counts 1.
    """
    counts: dict[str, int] = {}
    for profile in candidates:
        for word in profile.tokens | profile.names:
            counts[word] = counts.get(word, 0) + 1
    return {word: 1.0 / n for word, n in counts.items()}


def compare(
    a: Profile, b: Profile, rules: MergeRules, rarity: Mapping[str, float] | None = None
) -> Comparison:
    """Gates, then features. `rarity` (see `block_rarity`) weights the words; None counts each as 1."""
    gate = blocked(a, b, rules)
    if gate is not None:
        return Comparison(score=0.0, gate=gate)
    features = {
        "type": _type_score(a, b),
        "date": _date_score(a, b),
        "place": _place_score(a, b),
        "actors": _actor_score(a, b),
        "fatalities": _fatality_score(a, b),
        "text": _text_score(a, b, rarity),
        "names": _name_score(a, b, rarity),
    }
    score = sum(rules.weights[name] * value for name, value in features.items())
    return Comparison(score=round(score, 4), features={k: round(v, 3) for k, v in features.items()})
