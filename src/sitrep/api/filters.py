"""The event filter shared by the list, stats, map and export endpoints, and its translation to SQL.

One filter object per request keeps the five read endpoints consistent: what the table lists is what
the map draws, the timeline counts and the CSV exports.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from fastapi import HTTPException, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, and_, func, literal_column, or_, select, tuple_, union
from sqlalchemy.orm import aliased

from sitrep.store import models as m

REVIEW_STATUSES = m.REVIEW_STATUSES
SORTABLE = (
    "event_date",
    "fatalities",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "admin2",
    "location",
    "review_status",
    "confidence",
)
MAX_TEXT = 200


class EventFilter(BaseModel):
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    min_fatalities: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    q: str | None = None
    review_status: str | None = None


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None or value.strip() == "":
        return None
    parts = value.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise HTTPException(400, f"bbox={value!r}: give four numbers west,south,east,north") from None
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90):
        raise HTTPException(
            400, f"bbox={value!r}: longitudes must lie in [-180, 180], latitudes in [-90, 90], south <= north"
        )
    return west, south, east, north


def _text(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if "\x00" in value:
        raise HTTPException(400, f"{name}: NUL characters are not allowed")
    if len(value) > MAX_TEXT:
        raise HTTPException(400, f"{name}: at most {MAX_TEXT} characters")
    return value or None


def event_filter(
    date_from: dt.date | None = Query(None, description="First event date (YYYY-MM-DD), inclusive."),
    date_to: dt.date | None = Query(None, description="Last event date (YYYY-MM-DD), inclusive."),
    country: str | None = Query(None, description="Country name, or its ISO 3166 alpha-3 code."),
    admin1: str | None = Query(None),
    admin2: str | None = Query(None),
    event_type: str | None = Query(None),
    sub_event_type: str | None = Query(None),
    actor: str | None = Query(None, description="Part of any actor: actor1/2, associates, claimant."),
    min_fatalities: int | None = Query(None, ge=0, le=1_000_000),
    bbox: str | None = Query(None, description="west,south,east,north in degrees."),
    q: str | None = Query(None, description="Words to find in the notes or the evidence text."),
    review_status: str | None = Query(None, description="pending, accepted, rejected or edited."),
) -> EventFilter:
    """FastAPI dependency: the query string as a validated filter (bad values are a 400, not a 500)."""
    if date_from and date_to and date_from > date_to:
        raise HTTPException(400, f"date_from {date_from} is after date_to {date_to}")
    status = _text("review_status", review_status)
    if status is not None and status not in REVIEW_STATUSES:
        raise HTTPException(400, f"review_status={status!r}: use one of {', '.join(REVIEW_STATUSES)}")
    return EventFilter(
        date_from=date_from,
        date_to=date_to,
        country=_text("country", country),
        admin1=_text("admin1", admin1),
        admin2=_text("admin2", admin2),
        event_type=_text("event_type", event_type),
        sub_event_type=_text("sub_event_type", sub_event_type),
        actor=_text("actor", actor),
        min_fatalities=min_fatalities,
        bbox=_bbox(bbox),
        q=_text("q", q),
        review_status=status,
    )


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def live() -> ColumnElement[bool]:
    """Not merged into another event. Almost every event is unmerged, so an index on merged_into selects
    nothing; written this way no planner prefers it to the (filter, event_date, event_id) index that also
    gives the order."""
    return func.coalesce(m.Event.merged_into, "") == ""


def _contains(column: Any, value: str, dialect: str) -> ColumnElement[bool]:
    pattern = _like(value)
    if dialect == "sqlite" and value.isascii():
        # SQLite's LIKE already ignores ASCII case; ILIKE would add lower() on every row it scans.
        return column.like(pattern, escape="\\")
    return column.ilike(pattern, escape="\\")


# How often each equality filter is true, roughly, in conflict-event data. SQLite keeps no statistics
# unless someone runs ANALYZE, so without these it picks between two usable indexes (admin1 or
# sub_event_type?) by chance, and a bad pick reads 20 times more rows. PostgreSQL has real statistics.
SELECTIVITY = {
    "country": 0.02,
    "iso3": 0.02,
    "admin1": 0.002,
    "admin2": 0.0002,
    "event_type": 0.2,
    "sub_event_type": 0.05,
    "review_status": 0.05,
}


def _equals(column: Any, value: Any, dialect: str) -> ColumnElement[bool]:
    condition = column == value
    if dialect != "sqlite":
        return condition
    share = 0.9 if column.name == "review_status" and value == "pending" else SELECTIVITY[column.name]
    # likelihood() wants a literal constant, not a bound parameter.
    return func.likelihood(condition, literal_column(repr(share)))


def conditions(f: EventFilter, dialect: str = "postgresql") -> list[ColumnElement[bool]]:
    """WHERE clauses for a filter. Events merged into another one are history, never listed."""
    e = m.Event
    where: list[ColumnElement[bool]] = [live()]
    if f.date_from:
        where.append(e.event_date >= f.date_from)
    if f.date_to:
        where.append(e.event_date <= f.date_to)
    if f.country:
        code = f.country.upper()
        by_code = len(code) == 3 and code.isalpha() and code == f.country
        where.append(_equals(e.iso3, code, dialect) if by_code else _equals(e.country, f.country, dialect))
    for name in ("admin1", "admin2", "event_type", "sub_event_type", "review_status"):
        value = getattr(f, name)
        if value:
            where.append(_equals(getattr(e, name), value, dialect))
    if f.min_fatalities is not None:
        where.append(e.fatalities >= f.min_fatalities)
    if f.actor:
        actors = (e.actor1, e.assoc_actor_1, e.actor2, e.assoc_actor_2, e.claimed_by)
        where.append(or_(*(_contains(col, f.actor, dialect) for col in actors)))
    if f.bbox:
        west, south, east, north = f.bbox
        where.append(e.latitude.between(south, north))
        # A box that crosses the antimeridian (west > east) covers two longitude ranges.
        where.append(
            e.longitude.between(west, east) if west <= east else or_(e.longitude >= west, e.longitude <= east)
        )
    if f.q:
        # The matching ids first, from each table on its own (each through its trigram index on
        # PostgreSQL), then the events: an OR across the two tables forces a walk over every event.
        notes = aliased(m.Event)
        matches = union(
            select(notes.event_id).where(_contains(notes.notes, f.q, dialect)),
            select(m.Evidence.event_id).where(_contains(m.Evidence.text, f.q, dialect)),
        )
        where.append(e.event_id.in_(matches))
    return where


# -- stable paging --------------------------------------------------------------------------------------
# Rows are ordered by (sort column, event_id), so equal values never reorder between pages. The cursor is
# the last row's key; NULLs sort where the database puts them natively (first on SQLite when ascending,
# last on PostgreSQL), so the database can walk an index instead of sorting.


def encode_cursor(sort: str, order: str, value: Any, event_id: str) -> str:
    if isinstance(value, dt.date):
        value = value.isoformat()
    raw = json.dumps([sort, order, value, event_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, order: str) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        c_sort, c_order, value, event_id = json.loads(raw)
    except (binascii.Error, ValueError, TypeError):
        raise HTTPException(400, "cursor is not one this API issued; start again without it") from None
    if (c_sort, c_order) != (sort, order) or not isinstance(event_id, str):
        raise HTTPException(400, "cursor belongs to another sort order; start again without it")
    if sort == "event_date" and value is not None:
        try:
            value = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise HTTPException(400, "cursor is damaged; start again without it") from None
    return value, event_id


def nulls_first(dialect: str, order: str) -> bool:
    smallest = dialect == "sqlite"  # PostgreSQL treats NULL as larger than every value
    return smallest == (order == "asc")


def after_cursor(column: Any, value: Any, event_id: str, order: str, dialect: str) -> ColumnElement[bool]:
    key = m.Event.event_id
    first = nulls_first(dialect, order)
    if value is None:
        same = and_(column.is_(None), key > event_id if order == "asc" else key < event_id)
        return or_(same, column.is_not(None)) if first else same
    pair = tuple_(column, key)
    beyond = pair > tuple_(value, event_id) if order == "asc" else pair < tuple_(value, event_id)
    return beyond if first else or_(beyond, column.is_(None))


def order_by(column: Any, order: str) -> list[Any]:
    if order == "asc":
        return [column.asc(), m.Event.event_id.asc()]
    return [column.desc(), m.Event.event_id.desc()]


__all__ = [
    "EventFilter",
    "SORTABLE",
    "after_cursor",
    "conditions",
    "decode_cursor",
    "encode_cursor",
    "event_filter",
    "order_by",
]
