"""Event dates with ACLED time precision, resolved against the publication date.

Owner: issue 5.

Precision follows ACLED: 1 the day is known, 2 the week (the middle of the range is coded), 3 only
the month (its middle, or its first or last day for "early"/"late"). A date attached to a reporting
verb ("the military said on Wednesday that ...") dates the report, not the event, and is used only
when nothing better is found. A report of reactions to a past incident ("spoke today of the killing of
the three nuns") takes the incident's own day from elsewhere in the text ("the crimes committed on 16
November"). Relative dates need the publication date; without one they stay null.
Rules do the resolving: dateparser maps "Wednesday" to a week back and misses weekday-equals-today.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from sitrep.extract.context import ArticleContext, EventFrame, Sentence, Trigger
from sitrep.extract.quantities import find_quantities
from sitrep.records import Span


@dataclass
class EventDate:
    date: dt.date | None = None
    precision: int | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DateMention:
    """A date expression. Offsets are into the text given to `find_dates`."""

    start: int
    end: int
    text: str
    date: dt.date | None  # None: relative, and no publication date to resolve it against
    precision: int
    relative: bool = False
    reporting: bool = False  # dates a statement or report, not the event
    period: bool = False  # "since Sunday", "in the last 24 hours": a running period, not a day
    background: bool = False  # in a relative clause: "an activist, who was arrested on 16 April, ..."
    clause: tuple[int, int] = (0, 0)  # where that clause runs
    coming: bool = False  # after the publication date: "the elections on 8 April", a plan, not the event


_MONTH_NAMES = "january february march april may june july august september october november december".split()
_MONTHS = {
    **{m: n for n, m in enumerate(_MONTH_NAMES, 1)},
    **{m[:3]: n for n, m in enumerate(_MONTH_NAMES, 1)},
}
_MONTHS["sept"] = 9
_WEEKDAYS = {d: n for n, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_MON = (
    r"(?P<mon>january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WD = r"(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_PART = r"(?:\s+(?:night|morning|afternoon|evening))?"
_NUMBER_WORD = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)"

# One end of a range of days: "March 6, 2021", "6 March", "6".
_SIDE = (
    r"(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|"
    r"apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?\s+[0-3]?\d(?:st|nd|rd|th)?(?:,?\s+\d{4})?|"
    r"[0-3]?\d(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?:january|february|march|april|may|june|july|august|september|"
    r"october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)?(?:,?\s+\d{4})?)(?![\d:])"
)
# Order matters: earlier patterns win where they overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    ("slash", re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})\b")),
    (
        "span",
        re.compile(
            rf"\b(?:between|from)\s+(?P<r1>{_SIDE})\s+(?:and|to|until|till|through)\s+(?P<r2>{_SIDE})", re.I
        ),
    ),
    ("dmy", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+(?P<y>\d{{4}}|\d{{2}})(?![\d:])", re.I)),
    ("mdy", re.compile(rf"\b{_MON}\s+{_DAY},?\s+(?P<y>\d{{4}})\b", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON}(?![a-z])", re.I)),
    ("md", re.compile(rf"\b{_MON}\s+{_DAY}(?![\d:])(?!\s*(?:people|persons|killed|others|soldiers))", re.I)),
    # "last November", "this past March": the most recent such month before the report's own month
    ("last_named_month", re.compile(rf"\b(?:last|this\s+past)\s+{_MON}(?![\w-])(?!\s+\d)", re.I)),
    (
        "month",
        re.compile(
            rf"\b(?:(?P<edge>early|late|mid|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|"
            rf"the\s+start\s+of|start\s+of)[\s-]+|(?:in|during|since|throughout)\s+(?:the\s+month\s+of\s+)?)"
            rf"{_MON}(?:,?\s+(?P<y>\d{{4}}))?\b",
            re.I,
        ),
    ),
    ("month_year", re.compile(rf"\b{_MON}\s+(?P<y>\d{{4}})\b", re.I)),
    ("since_wd", re.compile(rf"\bsince\s+(?:last\s+)?{_WD}\b", re.I)),
    (
        "last_hours",
        re.compile(
            r"\b(?:in|over|during|within)\s+the\s+(?:last|past|previous)\s+(?:24|twenty-four|48|forty-eight)\s+hours\b",
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(rf"\b(?P<pre>(?:on|last|this|early|late|overnight|past)\s+)?{_WD}{_PART}\b", re.I),
    ),
    ("days_ago", re.compile(rf"\b{_NUMBER_WORD}\s+days?\s+ago\b", re.I)),
    ("weeks_ago", re.compile(rf"\b{_NUMBER_WORD}\s+weeks?\s+ago\b", re.I)),
    ("day_before_yesterday", re.compile(r"\bthe\s+day\s+before\s+yesterday\b", re.I)),
    (
        "yesterday",
        re.compile(r"\byesterday\b|\blast\s+(?:night|evening)\b|\bovernight\b", re.I),
    ),
    (
        "today",
        re.compile(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today)\b", re.I),
    ),
    (
        "last_week",
        re.compile(
            r"\b(?:last|past|previous)\s+week(?:end)?\b|\bover\s+the\s+weekend\b|"
            r"\b(?:earlier\s+)?this\s+week(?:end)?\b|\bearlier\s+in\s+the\s+week\b",
            re.I,
        ),
    ),
    (
        "last_month",
        re.compile(
            r"\b(?:(?P<edge>early|late|mid)[\s-]+)?last\s+month\b|"
            r"\b(?:in\s+)?the\s+(?P<edge2>beginning|start|end)\s+of\s+last\s+month\b",
            re.I,
        ),
    ),
    (
        "this_month",
        re.compile(
            r"\b(?:earlier|later)\s+this\s+month\b|\b(?:early|late|mid)[\s-]+this\s+month\b|"
            r"\bthis\s+month\b",
            re.I,
        ),
    ),
]
# The date of a report rather than an event: "said on Wednesday", "in a statement released Tuesday".
_REPORTING_BEFORE = re.compile(
    r"\b(?:said|says|say|reported|reports|announced|announces|told|tells|stated|confirmed|claimed|added|warned|"
    r"denied|released|issued|published|declared|revealed|disclosed|noted|wrote|tweeted|posted|statement|"
    r"condemned|denounced|vowed|pledged|promised|urged|responded|insisted|acknowledged|admitted|"
    r"charged|indicated|explained|asserted|stressed|emphasized|reiterated|affirmed|commented|"
    r"pointed\s+out|offered|asked|demanded|requested|proposed|appealed|criticized|rejected|visited)"
    # "told the media today", "claimed responsibility on Monday": the verb's usual object may intervene
    r"(?:\s+(?:the\s+)?(?:media|press|reporters|journalists|newsmen|responsibility))?"
    r"(?:\s+(?:late|early))?\s+(?:on\s+|that\s+|earlier\s+)?$",
    re.I,
)
# "Police on Monday said ...", "MILITARY SOURCES TODAY REPORTED THAT ...": the verb follows the date.
_REPORTING_AFTER = re.compile(
    r"^\s+(?:(?:also|again|publicly|officially)\s+)?(?:said|says|reported|announced|told|stated|confirmed|"
    r"claimed|denied|released|issued|declared|revealed|disclosed|charged|indicated|explained|"
    r"asserted|stressed|reiterated|warned|condemned|denounced|acknowledged|admitted|"
    # acts of politics rather than of violence: "the government today offered a reward for the killers
    # of ...", "the president today urged an inquiry into ...": the day is the act's, not the incident's
    r"urged|offered|asked|demanded|requested|proposed|appealed|called\s+(?:on|for)|criticized|rejected|"
    r"visited)\b",
    re.I,
)
# "since Sunday", "since 1 August", "since yesterday": the start of a running period, not the event's day.
_SINCE_BEFORE = re.compile(r"\b(?:ever\s+)?since\s+$", re.I)
# "AT 2230 [0230 GMT ON 12 JANUARY]", "IN SPANISH AT 1700 GMT ON 29 MARCH": a day in GMT is a translator's
# conversion or a broadcast's time, not the local day of the event; like a report's, only a last resort.
_GMT_BEFORE = re.compile(r"\b(?:GMT|UTC)\s+(?:on\s+)?$", re.I)
_WHEN_AFTER = re.compile(r"^\s*,?\s*when\b", re.I)
# "the decrees were issued on 18 August, the same day Senator X was assassinated": the day is both the
# statement's and the incident's.
_SAME_DAY_AFTER = re.compile(r"^\s*,?\s*the\s+(?:same\s+)?day\b(?!\s+(?:after|before)\b)", re.I)
# A sentence that turns to another incident: "The post in X was also attacked", "In another attack ...".
_ANOTHER_EVENT = re.compile(r"\b(?:also|another|other|separately|meanwhile|elsewhere)\b", re.I)
_BACKGROUND = re.compile(r"\b(?:who|whom|whose|which)\b|\b(?:previously|had\s+been|had\s+already)\b", re.I)
# "the militia that handed in its rifles on 9 March": "that" followed by its verb opens a relative clause
# too. Followed by a subject or a phrase ("said that the rebels ...", "the possibility that on 9 March ...")
# it opens a reported clause, which is the event's own, as is a relative clause on an incident noun ("the
# shooting that took place on 11 November"); after a verb of saying "that" is never relative.
_THAT = re.compile(r"\b(?P<prev>[a-z]+)\s+that\s+(?P<next>[\w-]+)", re.I)
_THAT_NOT_RELATIVE = frozenset(
    "said says say told tells know knows knew believe believes think thinks thought hope hopes fear "
    "fears feel feels felt mean means meant show shows shown indicate indicates claim claims state states "
    "report reports insist insists add adds note notes warn warns admit admits deny denies argue argues "
    "suggest suggests confirm confirms announce announces maintain maintains assure assures charge charges "
    "assert asserts learn learns learnt explain explains recall recalls ensure ensures so now such fact "
    "than given sure clear possible likely certain evident true is was are were be been being "
    "and but or also not only just then later today yesterday tonight".split()
)
# Words that open a clause with its own subject or a phrase, not a relative clause's verb.
_CLAUSE_OPENER = frozenset(
    "the a an this these those that his her its their our my your he she it they we i you there here "
    "on in at during since after before as when while if some all no one two three four five six seven "
    "eight nine ten several many most both each every date day time week month year night morning "
    "evening afternoon".split()
)
# Incident nouns whose relative clause dates the incident itself.
_EVENT_NOUN = re.compile(
    r"(?:shooting|fighting|clash|clashes|combat|battle|offensive|actions?|operations?|explosion|blast|raid|"
    r"ambush|incident|events?|violence|murders?|killings?|massacre|attacks?|bombings?|assassination|"
    r"kidnapping|abduction|crimes?)$",
    re.I,
)
# "the 19 April Movement", "the 27 September neighbourhood": a day that names an organisation or a place.
_NAMED_AFTER = re.compile(
    r"^\s+(?:movement|neighbou?rhoods?|street|avenue|boulevard|square|bridge|colony|settlement|brigade|"
    r"battalion|front|command|commandos?|school|institute|stadium|hospital|highway|road)\b",
    re.I,
)
_AS_REPORTED = re.compile(r"\bas\s+reported\s+(?:on\s+)?$", re.I)
_APPROX_BEFORE = re.compile(
    r"\b(?:around|about|approximately|circa|on\s+or\s+about|on\s+or\s+around)\s+$", re.I
)
_APPROX_AFTER = re.compile(
    r"^\s*\((?:as\s+reported|week\s+of|approx\w*|around|end\s+of\s+month|"
    r"start\s+of\s+month|beginning\s+of\s+month)\)",
    re.I,
)
# "the ministers who will begin meeting on 9 October": a day after the report told in the future is a plan,
# even within the slack a late wire gets.
_FUTURE_BEFORE = re.compile(
    r"\b(?:will|shall|would|scheduled|planned|plans?\s+to|due\s+to|to\s+be\s+held|expected\s+to|next)\b", re.I
)
_MONTH_NOTE_AFTER = re.compile(r"^\s*\((?:month\s+of)\)", re.I)


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 2000 + y if y < 50 else 1900 + y
    return y


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """A day without a year: the most recent one not after publication (a week's slack for previews),
    unless it falls in the next few months: "the elections scheduled for 11 March" in a February report
    is this year's coming day, not last year's (and `find_dates` marks it as ahead of the report)."""
    if published is None:
        return None
    candidate = _safe_date(published.year, month, day)
    if candidate is None:
        return None
    if candidate > published + _AHEAD_OF_REPORT + _COMING:
        candidate = _safe_date(published.year - 1, month, day)
    return candidate


# The slack for a day after publication that may still be the event's (a preview, a late wire) ...
_AHEAD_OF_REPORT = dt.timedelta(days=7)
# ... and how far past that a day without a year is read as a coming one rather than last year's.
_COMING = dt.timedelta(days=90)


def _month_edge(year: int, month: int, edge: str | None) -> dt.date:
    """ACLED: the middle of the month, or its first or last day for "early"/"late"."""
    edge = (edge or "").lower()
    if edge in ("early", "beginning", "start") or "beginning" in edge or "start" in edge:
        return dt.date(year, month, 1)
    if edge in ("late", "end") or "end" in edge:
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, 15)


def _count_word(word: str) -> int:
    if word.lower() == "a":
        return 1
    found = find_quantities(word)
    return found[0].value if found else 1


def _resolve(
    kind: str, m: re.Match[str], published: dt.date | None
) -> tuple[dt.date | None, int, bool, bool]:
    """(date, precision, relative, period) for one pattern match."""
    g = m.groupdict()
    pub = published
    if kind == "iso":
        return _safe_date(int(g["y"]), int(g["m"]), int(g["d"])), 1, False, False
    if kind == "slash":
        a, b = int(g["a"]), int(g["b"])
        month, day = (a, b) if a <= 12 else (b, a)  # GTD and US style: month first
        return _safe_date(_year(g["y"]), month, day), 1, False, False
    if kind == "span":
        return _span(g["r1"], g["r2"], pub)
    if kind == "dmy" or kind == "mdy":
        return _safe_date(_year(g["y"]), _MONTHS[g["mon"].lower()], int(g["day"])), 1, False, False
    if kind in ("dm", "md"):
        return _infer_year(_MONTHS[g["mon"].lower()], int(g["day"]), pub), 1, pub is None, False
    if kind == "last_named_month":
        month = _MONTHS[g["mon"].lower()]
        if pub is None:
            return None, 3, True, False
        # "last March" in a March report is a year back; in May it is this year's March
        year = pub.year if month < pub.month else pub.year - 1
        return _month_edge(year, month, None), 3, True, False
    if kind in ("month", "month_year"):
        month = _MONTHS[g["mon"].lower()]
        if g.get("y"):
            year: int | None = int(g["y"])
        elif pub is not None:
            year = pub.year if month <= pub.month else pub.year - 1
        else:
            year = None
        if year is None:
            return None, 3, True, False
        return _month_edge(year, month, g.get("edge")), 3, False, m.group().lower().startswith("since")
    if pub is None:
        return (
            None,
            3 if "month" in kind else (2 if "week" in kind else 1),
            True,
            kind in ("since_wd", "last_hours"),
        )
    if kind == "since_wd":
        start = _weekday_before(pub, _WEEKDAYS[g["wd"].lower()], strict=False)
        return start + (pub - start) / 2, 2, True, True
    if kind == "last_hours":
        return pub, 1, True, True
    if kind == "weekday":
        pre = (g.get("pre") or "").strip().lower()
        strict = pre in ("last", "past")
        return _weekday_before(pub, _WEEKDAYS[g["wd"].lower()], strict=strict), 1, True, False
    if kind == "days_ago":
        return pub - dt.timedelta(days=_count_word(g["n"])), 1, True, False
    if kind == "weeks_ago":
        return pub - dt.timedelta(days=7 * _count_word(g["n"])), 2, True, False
    if kind == "day_before_yesterday":
        return pub - dt.timedelta(days=2), 1, True, False
    if kind == "yesterday":
        return pub - dt.timedelta(days=1), 1, True, False
    if kind == "today":
        return pub, 1, True, False
    if kind == "last_week":
        text = m.group().lower()
        monday = pub - dt.timedelta(days=pub.weekday())
        if "weekend" in text:
            saturday = monday - dt.timedelta(days=2) if "this" not in text else monday + dt.timedelta(days=5)
            if saturday > pub:
                saturday -= dt.timedelta(days=7)
            return saturday, 2, True, False
        if "this week" in text or "in the week" in text:
            return monday + (pub - monday) / 2, 2, True, False
        return monday - dt.timedelta(days=4), 2, True, False  # the Thursday, middle of last week
    if kind == "last_month":
        first = pub.replace(day=1) - dt.timedelta(days=1)
        return _month_edge(first.year, first.month, g.get("edge") or g.get("edge2")), 3, True, False
    if kind == "this_month":
        text = m.group().lower()
        edge = "early" if "early" in text else ("late" if "late" in text else None)
        date = _month_edge(pub.year, pub.month, edge)
        if date > pub:
            date = pub
        return date, 3, True, False
    return None, 1, True, False


def _span(first: str, last: str, published: dt.date | None) -> tuple[dt.date | None, int, bool, bool]:
    """ "between March 6, 2021 and March 20, 2021": the middle day; week or month precision by length."""
    ends = [d for d in find_dates(last, published) if d.date is not None and d.precision == 1]
    if not ends:
        return None, 2, published is None, False
    end = ends[0].date
    assert end is not None
    if first.strip().isdigit():
        start = _safe_date(end.year, end.month, int(first))
    else:
        text = first if re.search(r"\d{4}", first) else f"{first} {end.year}"
        starts = [d for d in find_dates(text, published) if d.date is not None and d.precision == 1]
        start = starts[0].date if starts else None
    if start is None or start > end or (end - start).days > 62:
        return None, 2, False, False
    days = (end - start).days
    return start + dt.timedelta(days=days // 2), 1 if days == 0 else (2 if days <= 7 else 3), False, False


def _weekday_before(pub: dt.date, weekday: int, strict: bool) -> dt.date:
    """The most recent such weekday: publication day itself when it matches (unless "last Monday")."""
    delta = (pub.weekday() - weekday) % 7
    if delta == 0 and strict:
        delta = 7
    return pub - dt.timedelta(days=delta)


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """Every date expression in `text`, resolved against `published` where it is relative (pure)."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            mon = m.groupdict().get("mon")
            # "may" the verb: only a month when capitalised (or the whole text shouts, as MUC wires do)
            if mon is not None and mon == "may" and not text.isupper():
                continue
            if (
                kind == "md"
                and mon is not None
                and mon.lower() == "may"
                and text[e : e + 1] == " "
                and not re.match(r"\s+(?:\d|[A-Z]|,|\.)", text[e:])
            ):
                continue
            date, precision, relative, period = _resolve(kind, m, published)
            if kind == "span" and date is None:
                continue  # "between 10 and 15 people", or a range with no month: not a date
            before = text[max(0, s - 60) : s]
            after = text[e : e + 40]
            if kind in ("dm", "md") and _NAMED_AFTER.match(after):
                continue
            reporting = (
                bool(_REPORTING_BEFORE.search(before)) or bool(_REPORTING_AFTER.match(after))
            ) and not _AS_REPORTED.search(before)
            reporting = (reporting and not _SAME_DAY_AFTER.match(after)) or bool(_GMT_BEFORE.search(before))
            # "since 1 August, when X was murdered": the day of the event in the when-clause
            period = period or (bool(_SINCE_BEFORE.search(before)) and not _WHEN_AFTER.match(after))
            if precision == 1 and (
                _APPROX_BEFORE.search(before) or _APPROX_AFTER.match(after) or _AS_REPORTED.search(before)
            ):
                precision = 2
            if _MONTH_NOTE_AFTER.match(after):
                precision = 3
            clause_start = max(text.rfind(c, 0, s) for c in ",;(") + 1
            ends = [i for i in (text.find(c, e) for c in ",;)") if i >= 0]
            background = _relative_clause(text[clause_start:s])
            taken.append((s, e))
            found.append(
                DateMention(
                    s,
                    e,
                    m.group(),
                    date,
                    precision,
                    relative,
                    reporting,
                    period,
                    background,
                    (clause_start, min(ends) if ends else len(text)),
                    published is not None
                    and date is not None
                    and (
                        date > published + _AHEAD_OF_REPORT
                        or (date > published and bool(_FUTURE_BEFORE.search(text[clause_start:s])))
                    ),
                )
            )
    found.sort(key=lambda d: d.start)
    # "on Monday, 4 August", "last Friday [17 November]": the explicit date says which Monday
    explicit = [d for d in found if not d.relative and d.precision == 1]
    return [
        d
        for d in found
        if not (
            d.relative
            and any(
                0 <= e.start - d.end <= 3 and re.fullmatch(r"[\s,(\[]*", text[d.end : e.start])
                for e in explicit
            )
        )
    ]


def _relative_clause(text: str) -> bool:
    """Does this stretch of a clause, up to a date, open a relative clause ("who was arrested on ...")?"""
    if _BACKGROUND.search(text):
        return True
    for m in _THAT.finditer(text):
        prev, following = m.group("prev").lower(), m.group("next").lower()
        if prev in _THAT_NOT_RELATIVE or prev.endswith("ed") or _EVENT_NOUN.fullmatch(prev):
            continue
        if following in _CLAUSE_OPENER or following[:1].isdigit():
            continue
        return True
    return False


# A day told from another day of the story: "two days later", "the following day", "the day before".
# "After"/"before" count only where no noun of their own follows ("a day before, villagers ...", "the
# mine had exploded the day before outside the school"): "two days before the elections" is told from the
# elections, not from the last day stated, and "the day before yesterday" is told from the report.
_ENDS_CLAUSE = (
    r"(?=\s*(?:[,.;)]|$|(?:in|at|on|near|outside|inside|by|during|against|from|with|when|while|and|but)\b))"
)
_SHIFT = re.compile(
    rf"\b(?:{_NUMBER_WORD}\s+(?P<unit>days?|weeks?)\s+"
    rf"(?:(?P<dir>later|earlier|afterwards)\b|(?P<edge>after|before)\b{_ENDS_CLAUSE})|"
    rf"the\s+(?P<rel>next|following|previous|preceding)\s+day\b|the\s+day\s+(?P<rel2>after|before)\b{_ENDS_CLAUSE})",
    re.I,
)
# "He died of his wounds two days later": the toll of the event told, not a day of its own.
_DIED_BEFORE = re.compile(r"\b(?:died|succumbed|passed\s+away)\b", re.I)
# How many sentences back a day told from another looks for that day.
_ANCHOR_REACH = 3


@dataclass(frozen=True)
class DayShift:
    """ "Four days later": a count of days from the last day the text stated (negative: before it)."""

    start: int
    end: int
    text: str
    days: int
    precision: int  # 1 for days; weeks are told loosely ("a week later"), 2


def find_shifts(text: str) -> list[DayShift]:
    """Every day told from another day in `text` (pure): "4 days later" is +4, "the previous day" -1."""
    found = []
    for m in _SHIFT.finditer(text):
        g = m.groupdict()
        if g["rel"] or g["rel2"]:
            back = (g["rel"] or g["rel2"]).lower() in ("previous", "preceding", "before")
            found.append(DayShift(m.start(), m.end(), m.group(), -1 if back else 1, 1))
            continue
        weeks = g["unit"].lower().startswith("week")
        days = _count_word(g["n"]) * (7 if weeks else 1)
        back = (g["dir"] or g["edge"]).lower() in ("earlier", "before")
        found.append(DayShift(m.start(), m.end(), m.group(), -days if back else days, 2 if weeks else 1))
    return found


_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Za-z .'’-]{1,40}(?:\s*\([A-Z][A-Za-z .'’-]{1,30}\))?"
    r"(?:,\s*(?!(?i:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|no\s+date))"
    r"[A-Z][A-Za-z .'’-]{1,40})?)"
    r"(?:,\s*(?P<date>(?:[A-Za-z]{3,9}\.?\s+\d{1,2}(?:,?\s*\d{4}|\s+\d{2})?)|"
    r"(?:\d{1,2}\s+[A-Za-z]{3,9}\.?(?:\s+\d{2,4})?)|(?i:no\s+date)))?"
    r"\s*(?:\((?P<agency>[^)\n]{1,40})\))?(?P<dash>\s*(?:--|–|—|-))?"
)


def parse_dateline(text: str) -> tuple[Span | None, dt.date | None]:
    """ "QUETTA, Nov 20 (Reuters) -" → (span of the dateline, its date when the year is known).

    An upper-case place needs a date or an agency, and the dash; a mixed-case one ("Sunamganj, Jan 2
    (UNB)") needs both a date and an agency, since ordinary sentences look like it otherwise.
    """
    m = _DATELINE.match(text[:200])
    if m is None:
        return None, None
    raw, agency, dash = m.group("date"), m.group("agency"), m.group("dash")
    if agency is None and "(" in m.group("place"):
        agency = m.group("place")  # "WASHINGTON (AP) —": the parenthesis was the agency, not a country
    undated = raw is not None and raw.lower().split() == ["no", "date"]  # "CLANDESTINE, NO DATE --"
    if undated:
        raw = None
    if raw is not None and raw.split()[0 if raw[0].isalpha() else 1].lower().rstrip(".") not in _MONTHS:
        return None, None
    place = re.sub(r"\s*\(.*\)", "", m.group("place").split(",")[0]).strip()
    shouting = place.replace(" ", "").replace(".", "").replace("-", "").isupper()
    titled = all(w[:1].isupper() for w in place.split())
    if not ((shouting and dash and (raw or agency or undated)) or (titled and raw and agency)):
        return None, None
    start = m.start("place")
    span = Span(start=start, end=m.end(), text=text[start : m.end()])
    if raw is None:
        return span, None
    for kind in ("dmy", "mdy"):
        pattern = dict(_PATTERNS)[kind]
        dm = pattern.fullmatch(raw.strip())
        if dm:
            date, _, _, _ = _resolve(kind, dm, None)
            return span, date
    short = re.fullmatch(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})\s+(\d{2})", raw.strip())  # "JUNE 11 89"
    if short and short.group(1).lower() in _MONTHS:
        return span, _safe_date(_year(short.group(3)), _MONTHS[short.group(1).lower()], int(short.group(2)))
    return span, None


# Read downstream (merge) as "the event happened on or before this day".
_REPORT_NOTE = "date: the date of the report; the event is on or before it"

# A trigger that names an incident as a thing rather than telling it: "the murder of six Jesuits",
# "Galan's assassination", "these crimes". Reports of reactions, inquiries and trials name a past
# incident this way, and their own dates ("spoke today of the killing of ...") are the reaction's.
_INCIDENT_NOUN = re.compile(
    r"(?:murder|murderer|assassination|assassin|killing|killer|slaying|massacre|crime|kidnapping|kidnapper|"
    r"abduction|death|attack|bombing)s?",
    re.I,
)
# The trigger noun is a definite reference: "the (multiple) murder", "these crimes", "Galan's assassination".
# Between the determiner and the noun only modifiers: "those responsible for killing" is no reference, and
# "that" is one only right before the noun ("reported that several attacks" is a conjunction).
_NOT_MODIFIER = r"(?:for|of|in|on|at|to|by|with|from|after|before|that|which|who|and|or|responsible)\b"
_DEFINITE_BEFORE = re.compile(
    rf"(?:\b(?:the|these|this|those|its|his|her|their)\s+(?:(?!{_NOT_MODIFIER})[\w-]+\s+){{0,2}}|"
    r"\bthat\s+|['’]s\s+)$",
    re.I,
)
# "last night's attack", "Tuesday's bombing": a noun that carries its own day tells a fresh incident.
_DAY_POSSESSIVE = re.compile(
    r"\b(?:yesterday|today|tonight|night|morning|evening|afternoon|weekend|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)['’]s\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# A date in a clause that tells violence: "who were murdered on 16 November", "the crimes committed on
# 16 November", "the multiple crime perpetrated on ...": the day of the incident the report refers to.
_VIOLENT_CLAUSE = re.compile(
    r"\b(?:murder(?:ed|s)?|killed|killings?|assassinat(?:ed|ion)|gunned\s+down|shot|massacred?|"
    r"kidnapp(?:ed|ing)|abducted|committed|perpetrated|attacked|bombed|slain|crimes?|exploded|died)\b",
    re.I,
)
# The verbs alone: a date next to one is a fresh incident's day ("was assassinated at noon today"), while
# the noun may be the reference itself ("spoke today of the killing of ...").
_VIOLENT_VERB = re.compile(
    r"\b(?:murdered|killed|assassinated|gunned\s+down|shot|massacred|kidnapped|abducted|attacked|bombed|"
    r"slain|exploded|died|wounded|injured|blew\s+up|set\s+off)\b",
    re.I,
)
# How far before a date its clause is read for such a verb.
_CLAUSE_REACH = 120


def event_date(ctx: ArticleContext, frame: EventFrame) -> EventDate:
    found = _frame_date(ctx, frame)
    referred = _referred_incident(ctx, frame, found)
    return referred if referred is not None else found


def _referred_incident(ctx: ArticleContext, frame: EventFrame, found: EventDate) -> EventDate | None:
    """A report of reactions to a past incident ("the president spoke today of the killing of the three
    nuns ... the crimes committed on 16 November") dates the frame at the reaction's day. When a
    trigger of the frame names the incident as a definite noun and the day found tells no violence of
    its own (only the report's day, or a day of meetings, telegrams and rulings), the day a clause
    elsewhere in the text gives the incident ("who were murdered on 16 November") is the event's; with
    none, the reaction's day is kept as the day the event happened on or before. A fresh incident is told
    with a verb ("was murdered today"), or its day follows the noun ("the attack today on ..."), and keeps
    its own date."""
    published = ctx.published
    if published is None or not frame.triggers:
        return None
    text = ctx.text
    nouns = [
        t
        for t in frame.triggers
        if _INCIDENT_NOUN.fullmatch(t.span.text.strip())
        and _DEFINITE_BEFORE.search(text[max(0, t.span.start - 40) : t.span.start])
        and not _DAY_POSSESSIVE.search(text[max(0, t.span.start - 40) : t.span.start])
    ]
    if not nouns:
        return None
    spans = [span for spans in found.evidence.values() for span in spans]
    # the noun leads the frame (its first two sentences), or stands in the sentence of the day found: a
    # definite noun deep in a frame about something else ("the attack on the cartels" in a report of
    # kidnapping orders) is not it
    lead = set(sorted(frame.sentences)[:2]) | {_sentence_of(ctx, span.start) for span in spans}
    if not any(t.sentence in lead for t in nouns):
        return None
    if found.date is not None and found.date < published:
        # a day before the report is a reaction's only in a sentence that names the incident definitely
        # ("yesterday sent a telegram over the death of ..."), not beside "an attack" of its own
        if not spans or not all(_names_incident(ctx, frame, span, nouns) for span in spans):
            return None
    for span in spans:
        if any(
            0 <= span.start - t.span.end <= 40 and not re.search(r"[,;.]", text[t.span.end : span.start])
            for t in nouns
        ):
            return None  # "the attack today on ...": the day is the noun's own
        if _tells_violence(text, span.start, span.end):
            return None  # "was assassinated at noon today": a fresh incident's day
    limit = found.date if found.date is not None and found.date < published else published
    roots = {t.span.text.strip()[:5].lower() for t in nouns}
    best: tuple[tuple[bool, int], DateMention, int] | None = None
    for sentence in ctx.sentences:
        if sentence.furniture:
            continue
        for d in find_dates(sentence.text, published):
            if d.date is None or d.reporting or d.period or d.coming or d.date >= limit:
                continue
            if _in_dateline(ctx, sentence.start + d.start):
                continue
            before = sentence.text[max(d.clause[0], d.start - _CLAUSE_REACH) : d.start]
            if not _VIOLENT_CLAUSE.search(before):
                continue
            same_root = any(r in before.lower() for r in roots)
            key = (not same_root, sentence.start + d.start)
            if best is None or key < best[0]:
                best = (key, d, sentence.start)
    if best is not None:
        _, d, offset = best
        return _result(ctx, offset, d, 0.6, ["date: the day of the incident the report refers to"])
    if spans and found.date is not None and not any(n.startswith(_REPORT_NOTE) for n in found.notes):
        # the reaction's day bounds the incident: it happened on or before it
        confidence = min(found.confidence, 0.5)
        return EventDate(found.date, found.precision, confidence, found.evidence, [_REPORT_NOTE])
    return None


def _sentence_of(ctx: ArticleContext, position: int) -> int:
    return next((s.index for s in ctx.sentences if s.start <= position < s.end), -1)


def _names_incident(ctx: ArticleContext, frame: EventFrame, span: Span, nouns: list[Trigger]) -> bool:
    """Is the sentence of this date one that names the incident only as a definite noun?"""
    index = _sentence_of(ctx, span.start)
    inside = [t for t in frame.triggers if t.sentence == index]
    return any(t in nouns for t in inside) and not any(
        _INCIDENT_NOUN.fullmatch(t.span.text.strip()) and t not in nouns for t in inside
    )


def _tells_violence(text: str, start: int, end: int) -> bool:
    """Does the sentence around this date tell violence with a verb (`_VIOLENT_VERB`)?"""
    left = max(text.rfind(". ", 0, start), text.rfind(";", 0, start), text.rfind("\n\n", 0, start)) + 1
    stops = [i for i in (text.find(". ", end), text.find(";", end), text.find("\n\n", end)) if i >= 0]
    right = min(stops) if stops else len(text)
    before = text[max(left, start - _CLAUSE_REACH) : start]
    after = text[end : min(right, end + 80)]
    return bool(_VIOLENT_VERB.search(before) or _VIOLENT_VERB.search(after))


def _frame_date(ctx: ArticleContext, frame: EventFrame) -> EventDate:
    published = ctx.published
    order = [i for i in frame.sentences if 0 <= i < len(ctx.sentences)]
    if not order:
        return _fallback(ctx)
    first = min(order)
    # The frame's sentences first (primary first), then the two before it, then the article's lead.
    context_sentences = [
        i for i in (first - 1, first - 2, 0) if 0 <= i < len(ctx.sentences) and i not in order
    ]
    triggers_by_sentence: dict[int, list[int]] = {}
    for t in frame.triggers:
        triggers_by_sentence.setdefault(t.sentence, []).append(t.span.start)

    reporting: tuple[DateMention, int] | None = None
    periods: tuple[DateMention, int] | None = None
    unresolved: tuple[DateMention, int] | None = None
    background: tuple[DateMention, int] | None = None
    for rank, index in enumerate([*order, *dict.fromkeys(context_sentences)]):
        sentence = ctx.sentences[index]
        if sentence.furniture:
            continue
        # a day after the report is a plan or a deadline ("the 8 April elections"), never the event's
        mentions = [
            d
            for d in find_dates(sentence.text, published)
            if not _in_dateline(ctx, sentence.start + d.start) and not d.coming
        ]
        local = [a - sentence.start for a in triggers_by_sentence.get(index, [])]
        # a date in a relative clause dates that clause's event: usable only when the trigger is there too
        usable = [
            d
            for d in mentions
            if not d.reporting
            and not d.period
            and (not d.background or any(d.clause[0] <= a < d.clause[1] for a in local))
        ]
        resolved = [d for d in usable if d.date is not None]
        # "Two days later" counts from the last day the text stated. Beside a day of its own the sentence
        # tells that day's event, and "the previous day" there is its cause ("protested on 5 May over the
        # killing the previous day"); a later day is the next step of the story ("and 5 weeks later ...").
        shifted = {
            d: note
            for d, days, note in _shifted_days(ctx, sentence, published)
            if (not d.background or any(d.clause[0] <= a < d.clause[1] for a in local))
            and (days > 0 or not resolved)
        }
        if resolved or shifted:
            anchors = triggers_by_sentence.get(index, [])
            best = min(
                [*resolved, *shifted],
                key=lambda d: _distance(sentence.start + d.start, sentence.start + d.end, anchors),
            )
            in_frame = rank < len(order)
            confidence = (0.9 if not best.relative else 0.8) if in_frame else 0.6
            notes = [] if in_frame else ["date: taken from the sentences before the event"]
            if best in shifted:
                notes.append(shifted[best])
            return _result(ctx, sentence.start, best, confidence, notes)
        if unresolved is None and any(d.date is None for d in mentions):
            # usable ones first: "on Monday" says more about the event than "said Wednesday"
            pending = sorted((d for d in mentions if d.date is None), key=lambda d: d.reporting or d.period)
            unresolved = (pending[0], sentence.start)
            if any(d.date is None for d in usable):
                break  # the event's own date is relative and cannot be resolved: look no further
        if background is None:
            back = [d for d in mentions if d.background and not d.reporting and d.date is not None]
            if back:
                background = (back[0], sentence.start)
        if reporting is None:
            # the report's own date before one in a relative clause ("X, which on 2 May claimed ...")
            rep = sorted(
                (d for d in mentions if d.reporting and d.date is not None), key=lambda d: d.background
            )
            if rep:
                reporting = (rep[0], sentence.start)
        if periods is None:
            per = [d for d in mentions if d.period and d.date is not None]
            if per:
                periods = (per[0], sentence.start)
    if unresolved is not None and published is None:
        d, offset = unresolved
        return EventDate(
            None,
            None,
            0.0,
            {"event_date": [ctx.span(offset + d.start, offset + d.end)]},
            [f"date: '{d.text}' is relative and the publication date is unknown"],
        )
    if reporting is not None:
        d, offset = reporting
        return _result(ctx, offset, d, 0.5, [_REPORT_NOTE])
    if unresolved is None:
        ahead = _date_ahead(ctx, order, published)
        if ahead is not None:
            d, offset = ahead
            return _result(ctx, offset, d, 0.5, ["date: taken from the sentences after the event"])
    if background is not None:
        d, offset = background
        return _result(ctx, offset, d, 0.4, ["date: from a clause about an earlier event"])
    if periods is not None:
        d, offset = periods
        return _result(ctx, offset, d, 0.4, [f"date: within the period '{d.text}'"])
    return _fallback(ctx)


def _shifted_days(
    ctx: ArticleContext, sentence: Sentence, published: dt.date | None
) -> list[tuple[DateMention, int, str]]:
    """The days this sentence tells from another ("two days later"), each counted from the last day the
    text stated before it, with the count and a note; one with no such day is left out, as if the text
    gave no date there."""
    text = sentence.text
    found = []
    for shift in find_shifts(text):
        clause_start = max(text.rfind(c, 0, shift.start) for c in ",;(") + 1
        if _DIED_BEFORE.search(text[clause_start : shift.start]):
            continue
        anchor = _anchor_day(ctx, sentence.start + shift.start, published, 0)
        if anchor is None:
            continue
        day = anchor + dt.timedelta(days=shift.days)
        if published is not None and day > published + _AHEAD_OF_REPORT:
            continue  # counted from a weekday read a week wrong, or a plan: no day of the event
        ends = [i for i in (text.find(c, shift.end) for c in ",;)") if i >= 0]
        mention = DateMention(
            shift.start,
            shift.end,
            shift.text,
            day,
            shift.precision,
            relative=True,
            background=_relative_clause(text[clause_start : shift.start]),
            clause=(clause_start, min(ends) if ends else len(text)),
        )
        count = abs(shift.days) // 7 if shift.precision == 2 else abs(shift.days)
        unit = ("week" if shift.precision == 2 else "day") + ("s" if count != 1 else "")
        way = "after" if shift.days > 0 else "before"
        note = (
            f"date: {count} {unit} {way} {anchor.day} {calendar.month_name[anchor.month]}, as the text tells"
        )
        found.append((mention, shift.days, note))
    return found


# Chained days ("the next day ... two days later") are followed this far back.
_CHAIN = 3


def _anchor_day(ctx: ArticleContext, position: int, published: dt.date | None, depth: int) -> dt.date | None:
    """The last day the text states before `position`: an explicit day, a weekday or "yesterday" resolved
    against the publication date, or a day itself told from an earlier one. A report's day counts ("said
    on Monday that ... the previous day"); a period, a plan, a dateline or a vaguer span does not."""
    at = _sentence_of(ctx, position)
    for index in range(at, max(-1, at - _ANCHOR_REACH - 1), -1):
        sentence = ctx.sentences[index]
        if sentence.furniture:
            continue
        limit = position - sentence.start
        days: list[tuple[int, dt.date | DayShift]] = [
            (d.start, d.date)
            for d in find_dates(sentence.text, published)
            if d.date is not None
            and d.precision == 1
            and d.start < limit
            and not (d.period or d.coming or _in_dateline(ctx, sentence.start + d.start))
        ]
        if depth < _CHAIN:
            days += [(s.start, s) for s in find_shifts(sentence.text) if s.start < limit]
        if not days:
            continue
        start, last = max(days, key=lambda p: p[0])
        if isinstance(last, dt.date):
            return last
        before = _anchor_day(ctx, sentence.start + start, published, depth + 1)
        return None if before is None else before + dt.timedelta(days=last.days)
    return None


# How far past an undated event to look for its date.
_AHEAD = 3


def _date_ahead(
    ctx: ArticleContext, order: list[int], published: dt.date | None
) -> tuple[DateMention, int] | None:
    """A wire's lead often names the event undated and the next sentences date it ("Rebels attacked the
    town. Police said today that they arrived yesterday and burned ..."): the first plain event day
    (not a report's, a period's or a relative clause's) in the sentences just after the frame, up to a
    heading or a sentence that turns to another incident. Used when the frame has no report date either."""
    last = max(order)
    for index in range(last + 1, min(last + 1 + _AHEAD, len(ctx.sentences))):
        sentence = ctx.sentences[index]
        if sentence.furniture or _ANOTHER_EVENT.search(sentence.text):
            return None  # a heading ends the story; "also", "another": its dates are another incident's
        for d in find_dates(sentence.text, published):
            # a day only: "last month" after an undated lead is more likely the background
            if d.date is None or d.reporting or d.period or d.background or d.coming or d.precision != 1:
                continue
            if _in_dateline(ctx, sentence.start + d.start):
                continue
            return d, sentence.start
    return None


def _fallback(ctx: ArticleContext) -> EventDate:
    if ctx.published is None:
        return EventDate(notes=["date: the text gives none and the publication date is unknown"])
    return EventDate(ctx.published, 1, 0.3, notes=["date: publication date, the text gives none"])


def _result(
    ctx: ArticleContext, offset: int, d: DateMention, confidence: float, notes: list[str]
) -> EventDate:
    return EventDate(
        d.date, d.precision, confidence, {"event_date": [ctx.span(offset + d.start, offset + d.end)]}, notes
    )


def _in_dateline(ctx: ArticleContext, position: int) -> bool:
    return ctx.dateline is not None and ctx.dateline.start <= position < ctx.dateline.end


def _distance(start: int, end: int, anchors: list[int]) -> int:
    if not anchors:
        return start  # no trigger here: the earliest date in the sentence
    return min(min(abs(a - start), abs(a - end)) for a in anchors)
