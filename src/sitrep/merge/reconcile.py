"""One canonical event from several reports: fields, sources and the fatality toll, with its history.

The toll follows ACLED: the lowest credible figure when reports differ, unless a later report clearly
revises it ("the toll rose to 31"), in which case the revision wins.
`fatalities_low`/`fatalities_high` keep the spread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from sitrep.merge.rules import MergeRules
from sitrep.merge.similarity import report_dated, revision_cue, stated_fatalities
from sitrep.records import Event

_PLACE_FIELDS = (
    "country",
    "iso3",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
)
_ACTOR_FIELDS = (
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "claimed_by",
)
_TYPE_FIELDS = ("disorder_type", "event_type", "sub_event_type", "civilian_targeting")


@dataclass(frozen=True)
class TollChange:
    """One step in the history of a canonical toll."""

    event_id: str
    source: str | None
    published: dt.date | None
    fatalities: int
    reason: str


@dataclass
class Toll:
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    history: list[TollChange] = field(default_factory=list)

    @property
    def disputed(self) -> bool:
        return self.fatalities_low is not None and self.fatalities_low != self.fatalities_high


def chronological(mentions: Sequence[Event]) -> list[Event]:
    return sorted(mentions, key=lambda e: (e.published or dt.date.min, e.event_id))


def reconcile_fatalities(mentions: Sequence[Event], rules: MergeRules) -> Toll:
    toll = Toll()
    stated: list[int] = []
    revised = False
    for event in chronological(mentions):
        value = stated_fatalities(event)
        if value is None:
            continue
        stated.append(value)
        for bound in (event.fatalities_low, event.fatalities_high):
            if bound is not None:
                stated.append(bound)
        cue = revision_cue(event, rules)
        reason: str | None = None
        if cue is not None and value != toll.fatalities:
            reason, revised = f"revised by a later report ({cue!r})", True
        elif toll.fatalities is None:
            reason = "first report"
        elif not revised and value < toll.fatalities:
            reason = "lower credible figure (ACLED takes the lowest)"
        if reason is not None:
            toll.fatalities = value
            toll.history.append(TollChange(event.event_id, event.source, event.published, value, reason))
    if stated:
        toll.fatalities_low, toll.fatalities_high = min(stated), max(stated)
    elif mentions:
        toll.fatalities = 0  # ACLED: nothing said means 0
    return toll


def join_sources(mentions: Sequence[Event]) -> str | None:
    """ACLED style: outlets in order of first report, ';'-separated, each once."""
    seen: list[str] = []
    for event in chronological(mentions):
        for name in (event.source or "").split(";"):
            name = name.strip()
            if name and name not in seen:
                seen.append(name)
    return "; ".join(seen) or None


def _best(mentions: Sequence[Event], key) -> Event:
    return min(mentions, key=lambda e: (*key(e), -e.confidence, e.event_id))


def _precision(value: int | None) -> int:
    return value if value is not None else 9


def canonical_event(canonical_id: str, mentions: Sequence[Event], rules: MergeRules) -> Event:
    """The canonical record: each block of fields comes whole from the report that knows it best."""
    if not mentions:
        raise ValueError("a canonical event needs at least one report")
    place = _best(mentions, lambda e: (_precision(e.geo_precision), e.country is None))
    dated = [e for e in mentions if e.event_date is not None]
    if dated:
        # A date the text gives beats one that is only the report's day, whatever their precisions.
        rank = lambda e: (report_dated(e), _precision(e.time_precision))  # noqa: E731
        finest = min(rank(e) for e in dated)
        days = Counter(e.event_date for e in dated if rank(e) == finest)
        day = min(days, key=lambda d: (-days[d], d))  # the most reported day; ties go to the earlier
        when = next(e for e in chronological(dated) if e.event_date == day and rank(e) == finest)
    else:
        when = mentions[0]
    kinds = Counter((e.event_type, e.sub_event_type) for e in mentions if e.event_type)
    top_kind = max(kinds, key=lambda k: (kinds[k], k)) if kinds else (None, None)
    kind = _best(mentions, lambda e: ((e.event_type, e.sub_event_type) != top_kind,))
    actors = _best(mentions, lambda e: (e.actor1 is None, e.actor2 is None))
    toll = reconcile_fatalities(mentions, rules)
    first = chronological(mentions)[0]

    data = kind.model_dump()
    data.update({name: getattr(place, name) for name in _PLACE_FIELDS})
    data.update({name: getattr(actors, name) for name in _ACTOR_FIELDS})
    data.update({name: getattr(kind, name) for name in _TYPE_FIELDS})
    injuries = [e.injuries for e in mentions if e.injuries is not None]
    arrested = [e.arrested for e in mentions if e.arrested is not None]
    data.update(
        event_id=canonical_id,
        event_date=when.event_date,
        time_precision=when.time_precision,
        fatalities=toll.fatalities,
        fatalities_low=toll.fatalities_low,
        fatalities_high=toll.fatalities_high,
        injuries=min(injuries) if injuries else None,
        arrested=min(arrested) if arrested else None,
        source=join_sources(mentions),
        published=first.published,
        url=first.url,
        title=first.title,
        confidence=round(min(1.0, max(e.confidence for e in mentions) + 0.05 * (len(mentions) - 1)), 3),
        notes=_notes(_date_provenance(kind.notes, when), mentions, toll),
    )
    return Event.model_validate(data)


_REPORT_DATE_NOTE = re.compile(r"\s*date: (?:publication date|the date of the report)[^.]*\.")


def _date_provenance(base: str | None, when: Event) -> str | None:
    """The notes of the report the type came from, saying where the *canonical* date came from: the
    merge reads "dated by the report only" from the notes, so they must follow the chosen date."""
    kept = _REPORT_DATE_NOTE.sub("", base or "").strip()
    if report_dated(when):
        kept = " ".join([kept, *(m.group(0).strip() for m in _REPORT_DATE_NOTE.finditer(when.notes or ""))])
    return kept.strip() or None


_TOLL_NOTE = re.compile(r"\b\d+ fatalities\.")


def _notes(base: str | None, mentions: Sequence[Event], toll: Toll) -> str | None:
    if len(mentions) == 1:
        return base
    if base and toll.fatalities:
        # The summary comes from one report; its toll must be the event's, not that report's first figure.
        base = _TOLL_NOTE.sub(f"{toll.fatalities} fatalities.", base, count=1)
    extra = f"Reported in {len(mentions)} reports."
    if toll.disputed:
        spread = f"{toll.fatalities_low}-{toll.fatalities_high}"
        extra += f" Fatalities disputed ({spread}); coded {toll.fatalities}."
    return f"{base} {extra}" if base else extra
