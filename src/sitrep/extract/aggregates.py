"""Running totals and summary figures: reported as aggregates, never as events.

Owner: issue 4. "Bringing the total ... in the last 24 hours to 20", "have killed more than 70 since
Sunday", "the recent assaults that killed 37 people": counting these as events would count the
same deaths twice. The stage leaves its spans in ctx.facts["aggregates"] so the segmenter ignores
the triggers inside them, and reports the sentences that hold nothing but a total.
"""

from __future__ import annotations

import hashlib
import itertools
import re

from sitrep.extract.context import ArticleContext
from sitrep.extract.numbers import revised_tolls
from sitrep.records import Aggregate, Event

_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "dozens": 12,
    "hundreds": 100,
}
_TENS = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-"
    r"(?:one|two|three|four|five|six|seven|eight|nine)"
)
_NUM = r"(?P<n>\d[\d,]*|" + _TENS + "|" + "|".join(_WORDS) + r")"
_QUAL = r"(?P<q>more than|over|at least|nearly|almost|about|around|some|roughly|approximately|up to)?\s*"
_KILL = r"(?:killed|died|dead|deaths|lives)"
_PERIOD = (
    r"(?P<p>(?:in|over|during) the (?:last|past) [\w\s-]{1,20}?(?:hours|days|weeks|months|year)|"
    r"since (?:\w+day|the start of [\w\s]+?|last \w+|\w+ \d{1,2}|\d{1,2} \w+|\d{4}|then)|"
    r"this (?:year|month|week)|so far(?: this \w+)?|to date|(?:started|began) (?:on )?\w+day)"
)

_PATTERNS: list[re.Pattern[str]] = [
    # "bringing the death toll from the week's raids to 14"
    re.compile(r"bringing the (?:total|toll|death toll|number)\b[^.;]{0,120}?\bto " + _QUAL + _NUM, re.I),
    # "the death toll has risen to 45", "the toll rose to 30"
    re.compile(
        r"(?:death |casualty )?toll (?:has |had )?(?:now )?(?:risen|rose|climbed|increased|reached|stands at|"
        r"stood at|is now|jumped)(?: to)? " + _QUAL + _NUM,
        re.I,
    ),
    # "the recent raids, which began on Friday and have left more than 40 dead"
    re.compile(
        r"(?:the )?recent (?:[\w-]+ ){0,2}(?:attacks|assaults|violence|bombings|clashes|fighting|"
        r"raids|killings)\b[^.;]{0,80}?\b(?:have |has |had )?(?:killed|left) "
        + _QUAL
        + _NUM
        + r"(?: [\w-]+){0,2}",
        re.I,
    ),
    # "have killed more than 70 people since Sunday", "a total of 300 killed this year"
    re.compile(
        r"(?:have|has) (?:now )?(?:killed|left) " + _QUAL + _NUM + r"(?: [\w-]+){0,3}? " + _PERIOD, re.I
    ),
    re.compile(_QUAL + _NUM + r" (?:[\w-]+ ){0,3}(?:have|has) (?:now )?been killed " + _PERIOD, re.I),
    re.compile(
        r"(?:a )?total of " + _QUAL + _NUM + r" (?:[\w-]+ ){0,3}" + _KILL + r"\b[^.;]{0,40}?" + _PERIOD, re.I
    ),
]
_REGION = re.compile(r"\bin (?:the )?((?:[A-Z][\w’'-]*\s?)+(?:(?:area|region|province|district|state)\b)?)")
_LEFT_EVENT = re.compile(
    r"\b(killed|died|dead|attack\w*|raid\w*|assault\w*|bomb\w*|clash\w*|shot|explo\w*|wounded|injured|strikes?)\b",
    re.I,
)


def find_aggregates(ctx: ArticleContext) -> tuple[list[Aggregate], set[int]]:
    """Return the aggregates and the indexes of sentences that hold only an aggregate."""
    aggregates: list[Aggregate] = []
    only: set[int] = set()
    taken: list[tuple[int, int]] = []
    for sentence in ctx.sentences:
        if sentence.furniture:
            continue
        found_here: list[tuple[int, int]] = []
        # "the death toll from the bombing rose to nine" is the event's own revised toll (numbers.py)
        own = [(t.start, t.end) for t in revised_tolls(sentence.text) if not t.aggregate]
        for pattern in _PATTERNS:
            for m in pattern.finditer(sentence.text):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                if any(a < end and start < b for a, b in taken):
                    continue
                if any(a < m.end() and m.start() < b for a, b in own):
                    continue
                taken.append((start, end))
                found_here.append((m.start(), m.end()))
                aggregates.append(_aggregate(ctx, len(aggregates), m, start, end, sentence.text))
        if found_here and _only_aggregate(sentence.text, found_here):
            only.add(sentence.index)
    ctx.facts["aggregates"] = aggregates
    return aggregates, only


def _aggregate(
    ctx: ArticleContext, n: int, m: re.Match[str], start: int, end: int, sentence: str
) -> Aggregate:
    groups = m.groupdict()
    number = _number(groups.get("n"))
    qualifier = (groups.get("q") or "").strip().lower() or None
    period = groups.get("p")
    if period is None:
        around = re.search(_PERIOD, m.group(0), re.I)
        period = (
            around.group(0) if around else ("recent, unspecified" if "recent" in m.group(0).lower() else None)
        )
    if period:
        period = re.sub(r"^(?:started|began) (?:on )?", "since ", period)
    region_match = _REGION.search(sentence[m.start() : m.end() + 60])
    region = region_match.group(1).strip() if region_match else None
    digest = hashlib.sha1(ctx.article.id.encode("utf-8")).hexdigest()[:10]
    return Aggregate(
        aggregate_id=f"{digest}-agg-{n}",
        doc_id=ctx.article.id,
        fatalities=number,
        qualifier=qualifier,
        period=period,
        region=region,
        evidence={"fatalities": [ctx.span(start, end)]},
    )


def _number(raw: str | None) -> int | None:
    if raw is None:
        return None
    raw = raw.lower().replace(",", "")
    if raw.isdigit():
        return int(raw)
    if "-" in raw:
        tens, _, unit = raw.partition("-")
        return _WORDS.get(tens, 0) + _WORDS.get(unit, 0) or None
    return _WORDS.get(raw)


def _only_aggregate(sentence: str, spans: list[tuple[int, int]]) -> bool:
    """True when nothing outside the totals names an event ("Eight died in another attack, bringing...")."""
    rest = sentence
    for s, e in sorted(spans, reverse=True):
        rest = rest[:s] + " " + rest[e:]
    return not _LEFT_EVENT.search(rest)


def check_consistency(aggregates: list[Aggregate], events: list[Event]) -> None:
    """Fill `consistent_with` where the article's events add up to an aggregate's total.

    Each event offers its fatality figure and the other numbers in its fatality evidence (victims
    without attackers: "killing 12 soldiers" when the event counts 18 with the attackers). Events
    told after the total, or in another region than it names, cannot be part of it.
    """
    for aggregate in aggregates:
        if aggregate.fatalities is None or not events:
            continue
        at = aggregate.evidence["fatalities"][0].end if aggregate.evidence.get("fatalities") else 10**9
        pool = [e for e in events if _first_offset(e) <= at and _in_region(e, aggregate.region)]
        pool.sort(key=lambda e: at - _first_offset(e))
        match = _subset_sum(pool[:8], aggregate.fatalities)
        if match:
            match.sort(key=lambda pair: _first_offset(pair[0]))
            aggregate.consistent_with = [e.event_id for e, _ in match]
            parts = " + ".join(f"{v} ({e.event_id})" for e, v in match)
            gap = (
                ""
                if all(v == e.fatalities for e, v in match)
                else " (counting victims only; the events' fatalities also include attackers)"
            )
            aggregate.consistency_note = f"{parts} = {aggregate.fatalities}{gap}."
        else:
            told = sum(e.fatalities or 0 for e in pool)
            aggregate.consistent_with = []
            aggregate.consistency_note = (
                f"The events of this article do not add up to this total: they report {told} fatalities "
                f"against {aggregate.fatalities}; the total covers deaths the article does not tell apart."
            )


def _first_offset(event: Event) -> int:
    spans = [s.start for values in event.evidence.values() for s in values]
    return min(spans) if spans else 0


def _in_region(event: Event, region: str | None) -> bool:
    if not region:
        return True
    names = [n for n in (event.location, event.admin2, event.admin1) if n]
    if not names:
        return True
    folded = region.lower()
    return any(n.lower() in folded or folded in n.lower() for n in names) or (
        bool(event.country) and event.country.lower() in folded and not event.admin1
    )


def _candidates(event: Event) -> list[int]:
    values = [event.fatalities] if event.fatalities else []
    for span in event.evidence.get("fatalities", []):
        for raw in re.findall(r"\b(\d[\d,]*|" + _TENS + "|" + "|".join(_WORDS) + r")\b", span.text.lower()):
            value = _number(raw)
            if value and value not in values:
                values.append(value)
    return values


def _subset_sum(events: list[Event], total: int) -> list[tuple[Event, int]] | None:
    options = [(e, _candidates(e)) for e in events]
    options = [(e, vs) for e, vs in options if vs]
    for size in range(1, min(4, len(options)) + 1):
        for combo in itertools.combinations(options, size):
            for values in itertools.product(*(vs for _, vs in combo)):
                if sum(values) == total:
                    return [(e, v) for (e, _), v in zip(combo, values, strict=True)]
    return None
