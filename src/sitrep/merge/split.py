"""Multi-day campaigns become one event per day of reported activity (ACLED), where the text names the days.

A figure reported for the whole campaign is spread with ACLED's division rule: an even share per day, the
remainder to the first day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from sitrep.records import Event

MAX_CAMPAIGN_DAYS = 10  # a longer span is a period of sporadic fighting, not days of activity

_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
# "between 3 and 5 May", "from 3 to 5 May", "3-5 May", "3 and 5 May", "3, 4 and 6 May"
_DAYS_MONTH = re.compile(
    rf"\b(?P<kind>between|from)?\s*(?P<days>{_DAY}(?:\s*(?:,|and|to|until|through|-|–)\s*{_DAY})+)\s+(?:of\s+)?{_MONTH}\b",
    re.IGNORECASE,
)
# "May 3-5", "May 3 and 5", "May 3, 4 and 6"
_MONTH_DAYS = re.compile(
    rf"\b{_MONTH}\s+(?P<days>{_DAY}(?:\s*(?:,|and|to|until|through|-|–)\s*{_DAY})+)\b",
    re.IGNORECASE,
)
_RANGE_WORD = re.compile(r"\bto\b|\buntil\b|\bthrough\b|-|–", re.IGNORECASE)


def divide_total(total: int, days: int) -> list[int]:
    """ACLED's division rule: `total` spread evenly over `days`, the remainder going to the first day."""
    if days < 1:
        raise ValueError("a total is divided over at least one day")
    if total < 0:
        raise ValueError("a total cannot be negative")
    share, remainder = divmod(total, days)
    return [share + remainder, *([share] * (days - 1))]


def campaign_days(text: str, year: int) -> list[dt.date]:
    """The days of activity a date phrase names ("from 3 to 5 May" → 3, 4, 5 May; "3 and 5 May" → 3, 5 May).

    Returns [] unless the phrase names two or more days of one month.
    """
    for pattern in (_DAYS_MONTH, _MONTH_DAYS):
        match = pattern.search(text)
        if match is None:
            continue
        month = _MONTHS[match.group("month").casefold().rstrip(".")]
        numbers = [int(n) for n in re.findall(r"\d{1,2}", match.group("days"))]
        is_range = (match.groupdict().get("kind") in ("between", "from") and len(numbers) == 2) or (
            len(numbers) == 2 and _RANGE_WORD.search(match.group("days")) is not None
        )
        try:
            if is_range:
                first, last = numbers
                if not 0 < last - first < MAX_CAMPAIGN_DAYS:
                    return []
                return [dt.date(year, month, d) for d in range(first, last + 1)]
            days = sorted({dt.date(year, month, d) for d in numbers})
        except ValueError:
            return []  # "31 June": not a date, so not a campaign
        return days if len(days) > 1 else []
    return []


def split_campaign(event: Event) -> list[Event]:
    """One event per day of activity when the event's date evidence lists several days; else [event]."""
    if event.event_date is None:
        return [event]
    days: list[dt.date] = []
    for span in event.evidence.get("event_date", []):
        days = campaign_days(span.text, event.event_date.year)
        if days:
            break
    if len(days) < 2:
        return [event]
    n = len(days)
    fatalities = divide_total(event.fatalities, n) if event.fatalities else [event.fatalities] * n
    injuries = divide_total(event.injuries, n) if event.injuries else [event.injuries] * n
    note = f"Split from a {n}-day campaign; totals divided by ACLED's rule (remainder to the first day)."
    parts = []
    for i, (day, dead, hurt) in enumerate(zip(days, fatalities, injuries, strict=True), start=1):
        parts.append(
            event.model_copy(
                update={
                    "event_id": f"{event.event_id}-d{i}",
                    "event_date": day,
                    "time_precision": 1,
                    "fatalities": dead,
                    "fatalities_low": dead,
                    "fatalities_high": dead,
                    "injuries": hurt,
                    "notes": f"{event.notes} {note}" if event.notes else note,
                }
            )
        )
    return parts
