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
    r"\b(?:in|near|at|outside|around|between|shelled|bombed|struck)\s+"
    r"(?:the\s+(?:(?:village|town|city|area|district|outskirts|vicinity)\s+of\s+)?)?"
    r"([A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)"
)
_NAME = re.compile(r"(?<![\w'])[A-Z][a-z]+(?:[-'][A-Za-z]+)?")
_DIGIT = re.compile(r"\d")
_VOCABULARY = re.compile(r"[a-z0-9]+")
# Words of a place name that say nothing about which place it is ("Al Hudaydah", "Kafr Nobol", "Sanaa City").
_PLACE_FILLER = frozenset("al el an ad as ash at ar the of de la city town village district camp".split())
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
    # Who acted (actor1, its associate, the claimant) and who was hit (actor2), kept apart for one-sided
    # attacks; the stated tolls that are not marked as revisions, with the day each was published; the
    # places the geocoder coded at town level, as coded and as written; every word of the articles.
    attackers: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    tolls: frozenset[tuple[int, dt.date | None]] = frozenset()
    sites: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()


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


def revision_cue(event: Event, rules: MergeRules) -> str | None:
    """The words that mark this report's toll as an update of an earlier one, if any."""
    texts = [span.text for span in event.evidence.get("fatalities", [])]
    if event.notes:
        texts.append(event.notes)
    for text in texts:
        lowered = text.casefold()
        for cue in rules.revision_cues:
            if cue in lowered:
                return cue
    return None


def first_tolls(event: Event, rules: MergeRules) -> frozenset[tuple[int, dt.date | None]]:
    """The report's stated toll with its publication day, unless it is 0 or marked as a revision."""
    value = stated_fatalities(event)
    if not value or revision_cue(event, rules) is not None:
        return frozenset()
    return frozenset({(value, event.published)})


def coded_sites(event: Event) -> frozenset[str]:
    """The town-level place the geocoder coded (precision 1 or 2), by its gazetteer name and as the text
    writes it. A place that is the event's own district or province is not a site: it holds many."""
    location = fold(event.location)
    if location is None or (event.geo_precision or 1) > 2:
        return frozenset()
    if location in {fold(event.admin1), fold(event.admin2), fold(event.country)}:
        return frozenset()
    written = {fold(span.text) for span in event.evidence.get("location", [])}
    return frozenset({location} | {w for w in written if w})


def vocabulary(text: str) -> frozenset[str]:
    return frozenset(_VOCABULARY.findall(text.casefold()))


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
            # "Donetsk Airport" is finer than an event coded to Donetsk: only a place wholly coded is known.
            if words and not all(w in coded for w in words):
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
    attackers = _named_actors((event.actor1, event.assoc_actor_1, event.claimed_by), rules)
    targets = _named_actors((event.actor2, event.assoc_actor_2), rules)
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
        attackers=attackers,
        targets=targets,
        tolls=first_tolls(event, rules),
        sites=coded_sites(event),
        words=vocabulary(text) if text else frozenset(),
    )


def _named_actors(names: Iterable[str | None], rules: MergeRules) -> frozenset[str]:
    folded = {normalise_actor(name) for name in names if name}
    return frozenset(a for a in folded if not any(a.startswith(g) for g in rules.generic_actors))


def twins(a: Event, b: Event, rules: MergeRules) -> bool:
    """Two reports of one article that tell one incident: same day, same place (location, else admin1),
    compatible types, attackers that do not contradict (disjoint named attackers do).

    The extractor splits one incident into two reports when an article tells it twice (the killing, then
    the victims' funeral or the army's statement); other articles then join one report or the other, and the
    same-article gate keeps the two events apart. Twins let the merge see that they are one (`bridge`).
    """
    if a.doc_id != b.doc_id or a.event_date is None or a.event_date != b.event_date:
        return False
    if fold(a.country) != fold(b.country):
        return False
    if fold(a.location) and fold(b.location):
        if fold(a.location) != fold(b.location):
            return False
    elif fold(a.admin1) != fold(b.admin1):
        return False
    if a.event_type and b.event_type:
        if not rules.compatible(a.event_type, a.sub_event_type, b.event_type, b.sub_event_type):
            return False
    attackers_a = _named_actors((a.actor1, a.assoc_actor_1, a.claimed_by), rules)
    attackers_b = _named_actors((b.actor1, b.assoc_actor_1, b.claimed_by), rules)
    return not (attackers_a and attackers_b and not attackers_a & attackers_b)


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
    if _different_places(a, b):
        return "different places named"
    if _different_attackers(a, b, rules):
        return "different attackers of a one-sided attack"
    if _tolls_disagree(a, b, rules) and _unshared_place(a, b):
        return "tolls that disagree, and a place only one report names"
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


def _different_places(a: Profile, b: Profile) -> bool:
    """ACLED codes two villages of one district on one day as two events. Each report names a town or village
    (coded, or named after "in/near/at" and left uncoded) that the other never mentions anywhere in its text:
    "shelled Kansafra in Jabal al-Zawiya" and "shelled Sfuhen in Jabal al-Zawiya". A report that names a
    finer place than the other ("in Kawuri, near Konduga" against "near Konduga") is one event told closer.
    Two coded towns within 2 km are one place under two gazetteer entries: then only the uncoded places count.
    """
    sites_a, sites_b = a.sites, b.sites
    if sites_a and sites_b and (sites_a & sites_b or _same_spot(a, b)):
        sites_a = sites_b = frozenset()
    if not (sites_a or a.places) or not (sites_b or b.places):
        return False
    return _unknown_place(sites_a, a.places, _heard(b)) and _unknown_place(sites_b, b.places, _heard(a))


def _unknown_place(sites: frozenset[str], places: frozenset[str], heard: frozenset[str]) -> bool:
    """Does a report name a place that `heard` (the other report's words) never mentions? Its coded site is
    one place under several names (gazetteer, as written): known when any of them is heard."""
    if sites and not any(_named_in(site, heard) for site in sites):
        return True
    return any(not _named_in(place, heard) for place in places)


def _same_spot(a: Profile, b: Profile) -> bool:
    if (a.geo_precision or 1) != 1 or (b.geo_precision or 1) != 1:
        return False
    distance = _distance(a, b)
    return distance is not None and distance <= 2


def _unshared_place(a: Profile, b: Profile) -> bool:
    """Does one report name a town or village (coded or not) that the other never mentions?"""
    return _unknown_place(a.sites, a.places, _heard(b)) or _unknown_place(b.sites, b.places, _heard(a))


def _heard(profile: Profile) -> frozenset[str]:
    """Every word a report uses: its article's words, or without the article its evidence and places."""
    words = set(profile.words | profile.tokens | profile.names)
    for place in profile.sites | profile.places:
        words.update(_VOCABULARY.findall(place))
    return frozenset(words)


def _named_in(place: str, heard: frozenset[str]) -> bool:
    """All the particular words of a place name ("Qabr al Kabir": qabr, kabir) occur among `heard`."""
    words = [w for w in _VOCABULARY.findall(place) if len(w) > 2 and w not in _PLACE_FILLER]
    return all(w in heard for w in words)  # a name of filler words only ("Al") tells nothing


def _different_attackers(a: Profile, b: Profile, rules: MergeRules) -> bool:
    """Two one-sided attacks (shelling, an attack on civilians) whose attackers differ and where one report's
    attacker is the side the other says was hit: regime shelling of a village and the rebels' strike on a
    regime vehicle on the same front are two events, however close in time and place.

    Different attackers alone are not enough: outlets of opposite camps blame each other for one massacre
    (the army says the guerrillas did it, the guerrillas say the army), and the victims stay the same.
    """
    one_sided = rules.one_sided_types
    if not one_sided or a.event_type not in one_sided or b.event_type not in one_sided:
        return False
    if not (a.attackers and b.attackers) or a.attackers & b.attackers:
        return False
    return bool(a.attackers & b.targets or b.attackers & a.targets)


def _tolls_disagree(a: Profile, b: Profile, rules: MergeRules) -> bool:
    """Every first toll of one report disagrees with every first toll of the other (see `toll_disagreement`
    in the rules), and no higher toll came out on a later day than the lower one (an unmarked update)."""
    need = rules.toll_disagreement
    if not need or not a.tolls or not b.tolls:
        return False
    ratio, difference = need.get("ratio", 0.0), need.get("difference", 1.0)
    for x, day_x in a.tolls:
        for y, day_y in b.tolls:
            (low, day_low), (high, day_high) = sorted(((x, day_x), (y, day_y)), key=lambda t: t[0])
            if low > ratio * high or high - low < difference:
                return False  # these two tolls may be one incident's
            if day_low is not None and day_high is not None and day_high > day_low:
                return False  # the higher toll came later: an update without the word for it
    return True


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


def _place_score(a: Profile, b: Profile, words_agree: bool = False) -> float:
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
        # One report names no place at all (no town, no province): that is no evidence against the other's
        # place, as an unnamed actor is none against the other's actors. Credited only when the words around
        # the evidence agree (`corroboration.text`): a placeless report of a busy capital's day fits them all.
        return 0.5 if words_agree and (_unplaced(a) or _unplaced(b)) else 0.2
    return 0.1


def _unplaced(profile: Profile) -> bool:
    """The report names no place finer than its country: no location, no coordinates, no province."""
    return profile.location is None and profile.latitude is None and profile.admin1 is None


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
    text = _text_score(a, b, rarity)
    features = {
        "type": _type_score(a, b),
        "date": _date_score(a, b),
        "place": _place_score(a, b, words_agree=text >= rules.corroboration.get("text", 1.0)),
        "actors": _actor_score(a, b),
        "fatalities": _fatality_score(a, b),
        "text": text,
        "names": _name_score(a, b, rarity),
    }
    score = sum(rules.weights[name] * value for name, value in features.items())
    rounded = {k: round(v, 3) for k, v in features.items()}
    if features["date"] < 1.0 and not corroborated(a, b, features, rules):
        # Type and place agree for every incident of a busy city's week; when the day does not agree either,
        # something that belongs to this incident must: a name, the actors, the toll or the words around it.
        return Comparison(score=round(score, 4), features=rounded, gate=UNCORROBORATED)
    return Comparison(score=round(score, 4), features=rounded)


UNCORROBORATED = "not the same day, and nothing but type and place in common"


def corroborated(a: Profile, b: Profile, features: Mapping[str, float], rules: MergeRules) -> bool:
    """Do two reports share something particular to one incident, beyond its type, place and rough date?

    Names in both texts that overlap, every named actor of one report in the other, the same stated toll, or
    enough of the words around the evidence (`corroboration` in the rules).
    """
    need = rules.corroboration
    if a.names and b.names and features["names"] >= need.get("names", 1.0):
        return True
    if a.actors and b.actors and features["actors"] >= need.get("actors", 1.0):
        return True
    if a.fatalities is not None and a.fatalities == b.fatalities:
        return True
    return features["text"] >= need.get("text", 1.0)
