"""Read queries behind the API: event lists, one event with its evidence, stats, map points, exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from sitrep import records as rec
from sitrep.api.filters import (
    EventFilter,
    after_cursor,
    conditions,
    decode_cursor,
    encode_cursor,
    order_by,
)
from sitrep.export import csv_row, geojson_feature
from sitrep.store import models as m

# The contract fields of `sitrep.records.Event` that the events table stores under the same name.
CONTRACT_FIELDS: tuple[str, ...] = tuple(
    name for name in rec.Event.model_fields if name not in {"record_type", "evidence"}
)
STATE_FIELDS: tuple[str, ...] = ("review_status", "merged_into", "n_sources", "created_at", "updated_at")
EXPORT_BATCH = 1000


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def event_dict(row: m.Event) -> dict[str, Any]:
    return {name: _jsonable(getattr(row, name)) for name in (*CONTRACT_FIELDS, *STATE_FIELDS)}


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def list_events(
    session: Session,
    f: EventFilter,
    sort: str,
    order: str,
    limit: int,
    cursor: str | None,
    count_cap: int | None = None,
) -> dict[str, Any]:
    dialect = session.get_bind().dialect.name
    column = getattr(m.Event, sort)
    where = conditions(f, dialect)
    total, exact = count_events(session, where, count_cap)
    query = select(m.Event).where(*where)
    if cursor:
        value, last_id = decode_cursor(cursor, sort, order)
        query = query.where(after_cursor(column, value, last_id, order, dialect))
    rows = session.scalars(query.order_by(*order_by(column, order)).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = encode_cursor(sort, order, getattr(last, sort), last.event_id)
    return {
        "total": total,
        "total_exact": exact,
        "items": [event_dict(r) for r in rows],
        "next_cursor": next_cursor,
    }


def count_events(session: Session, where: list[Any], cap: int | None) -> tuple[int, bool]:
    """(count, exact). Counting a million matches costs more than reading a page, so past `cap` the
    count stops and says it is a lower bound; /api/stats gives the exact figure when it is wanted."""
    if cap is None:
        return session.scalar(select(func.count()).select_from(m.Event).where(*where)) or 0, True
    head = select(m.Event.event_id).where(*where).limit(cap + 1).subquery()
    n = session.scalar(select(func.count()).select_from(head)) or 0
    return (cap, False) if n > cap else (n, True)


def get_event(session: Session, event_id: str) -> dict[str, Any] | None:
    row = session.get(m.Event, event_id)
    if row is None:
        return None
    evidence = session.scalars(
        select(m.Evidence)
        .where(m.Evidence.event_id == event_id)
        .order_by(m.Evidence.article_id, m.Evidence.start)
    ).all()
    sources = session.execute(
        select(m.EventSource, m.Article)
        .join(m.Article, m.Article.id == m.EventSource.article_id)
        .where(m.EventSource.event_id == event_id)
        .order_by(m.EventSource.id)
    ).all()
    merges = session.scalars(
        select(m.MergeLog)
        .where(or_(m.MergeLog.kept_event_id == event_id, m.MergeLog.merged_event_id == event_id))
        .order_by(m.MergeLog.id)
    ).all()
    return {
        "event": event_dict(row),
        "evidence": [
            {
                "field": s.field,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "article_id": s.article_id,
                "mention_id": s.mention_id,
            }
            for s in evidence
        ],
        "sources": [
            {
                "article_id": a.id,
                "doc_id": a.doc_id,
                "url": a.url,
                "title": a.title,
                "source": a.source,
                "published": _jsonable(a.published),
                "role": link.role,
                "mention_id": link.mention_id,
            }
            for link, a in sources
        ],
        "merge_history": [
            {
                "id": g.id,
                "kept_event_id": g.kept_event_id,
                "merged_event_id": g.merged_event_id,
                "mention_id": g.mention_id,
                "score": g.score,
                "reasons": g.reasons,
                "decided_by": g.decided_by,
                "at": _jsonable(g.created_at),
                "undone": g.undone,
                "undone_at": _jsonable(g.undone_at),
                # The merge stage writes "merge" (a report joined the event) or "undo" in its reasons.
                "action": "undone" if (g.reasons or {}).get("action") == "undo" else "merged",
                "other_event_id": g.merged_event_id if g.kept_event_id == event_id else g.kept_event_id,
            }
            for g in merges
        ],
        "audit": audit_entries(session, event_id),
    }


def audit_entries(session: Session, event_id: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    query = select(m.AuditLog).order_by(m.AuditLog.id.desc()).limit(limit)
    if event_id is not None:
        query = query.where(m.AuditLog.event_id == event_id)
    return [audit_dict(a) for a in session.scalars(query)]


def audit_dict(a: m.AuditLog) -> dict[str, Any]:
    return {
        "id": a.id,
        "who": a.who,
        "at": _jsonable(a.at),
        "event_id": a.event_id,
        "field": a.field,
        "old": a.old,
        "new": a.new,
        "why": a.why,
        "reverted": a.reverted,
    }


def get_article(session: Session, key: str) -> dict[str, Any] | None:
    row = None
    if key.isdigit() and len(key) < 12:
        row = session.get(m.Article, int(key))
    if row is None:
        row = session.scalar(select(m.Article).where(m.Article.doc_id == key))
    if row is None:
        return None
    event_ids = session.scalars(
        select(m.EventSource.event_id).where(m.EventSource.article_id == row.id).order_by(m.EventSource.id)
    ).all()
    return {
        "id": row.id,
        "doc_id": row.doc_id,
        "title": row.title,
        "url": row.url,
        "source": row.source,
        "published": _jsonable(row.published),
        "language": row.language,
        "status": row.status,
        "cluster_id": row.cluster_id,
        "ingested_at": _jsonable(row.ingested_at),
        "text": row.text,
        "event_ids": list(dict.fromkeys(event_ids)),
    }


def stats(session: Session, f: EventFilter, top: int = 100) -> dict[str, Any]:
    """One grouped scan of the matching events, folded into every breakdown here: four GROUP BY
    queries would read the same rows four times."""
    e = m.Event
    where = conditions(f, _dialect(session))
    dead = func.coalesce(func.sum(e.fatalities), 0)
    rows = (
        session.connection()
        .execute(
            select(e.event_date, e.event_type, e.admin1, func.count(), dead)
            .where(*where)
            .group_by(e.event_date, e.event_type, e.admin1)
        )
        .all()
    )
    total, fatalities = 0, 0
    days: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    kinds: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    admin1s: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    for day, kind, admin1, n, d in rows:
        d = int(d)
        total, fatalities = total + n, fatalities + d
        for bucket in ([days[day]] if day is not None else []) + [kinds[kind], admin1s[admin1]]:
            bucket[0] += n
            bucket[1] += d
    weeks: dict[dt.date, list[int]] = defaultdict(lambda: [0, 0])
    for day, (n, d) in days.items():
        monday = day - dt.timedelta(days=day.weekday())
        weeks[monday][0] += n
        weeks[monday][1] += d

    def ranked(groups: dict[str | None, list[int]]) -> list[dict[str, Any]]:
        order = sorted(groups.items(), key=lambda kv: (-kv[1][0], kv[0] is None, kv[0] or ""))
        return [{"value": v, "events": n, "fatalities": d} for v, (n, d) in order[:top]]

    return {
        "events": total,
        "fatalities": fatalities,
        "per_day": [
            {"day": k.isoformat(), "events": n, "fatalities": d} for k, (n, d) in sorted(days.items())
        ],
        "per_week": [
            {"week": k.isoformat(), "events": n, "fatalities": d} for k, (n, d) in sorted(weeks.items())
        ],
        "per_type": ranked(kinds),
        "per_admin1": ranked(admin1s),
    }


def points(session: Session, f: EventFilter, limit: int) -> dict[str, Any]:
    """Compact map points: the page must draw tens of thousands, so no per-event objects."""
    where = [*conditions(f, _dialect(session)), m.Event.latitude.is_not(None), m.Event.longitude.is_not(None)]
    e = m.Event
    query = (
        select(e.event_id, e.latitude, e.longitude, e.event_type, e.fatalities)
        .where(*where)
        .order_by(*order_by(e.event_date, "desc"))
        .limit(limit + 1)
    )
    # Through the connection, not the ORM: tens of thousands of plain tuples, no per-row object work.
    rows = session.connection().execute(query).all()
    truncated = len(rows) > limit
    rows = rows[:limit]
    types: dict[str | None, int] = {}
    out = []
    for event_id, lat, lon, event_type, dead in rows:
        # Five decimals are a metre: shorter JSON for the same map.
        kind = types.setdefault(event_type, len(types))
        out.append([event_id, round(lat, 5), round(lon, 5), kind, dead or 0])
    total = len(out)
    if truncated:
        total = session.scalar(select(func.count()).select_from(m.Event).where(*where)) or 0
    return {
        "fields": ["event_id", "latitude", "longitude", "type", "fatalities"],
        "event_types": list(types),
        "points": out,
        "truncated": truncated,
        "total": total,
    }


def facets(session: Session, limit: int = 1000) -> dict[str, Any]:

    def distinct(column: Any) -> list[str]:
        # No merged_into test: it would cost a table read per row, and a merged-away event's values are
        # real values all the same (its survivor usually shares them).
        query: Select = select(column).where(column.is_not(None)).group_by(column).order_by(column)
        return [v for v in session.scalars(query.limit(limit))]

    return {
        "countries": distinct(m.Event.country),
        "admin1": distinct(m.Event.admin1),
        "event_types": distinct(m.Event.event_type),
        "sub_event_types": distinct(m.Event.sub_event_type),
        "review_statuses": list(m.REVIEW_STATUSES),
    }


# -- exports --------------------------------------------------------------------------------------------
def _records(session: Session, f: EventFilter) -> Iterator[rec.Event]:
    """Contract records for a filter, in stable order, batch by batch so memory stays flat."""
    query = (
        select(m.Event)
        .where(*conditions(f, _dialect(session)))
        .order_by(m.Event.event_date, m.Event.event_id)
        .execution_options(yield_per=EXPORT_BATCH)
    )
    for batch in session.scalars(query).partitions():
        ids = [row.event_id for row in batch]
        spans: dict[str, dict[str, list[rec.Span]]] = defaultdict(lambda: defaultdict(list))
        found = select(m.Evidence).where(m.Evidence.event_id.in_(ids)).order_by(m.Evidence.id)
        for s in session.scalars(found):
            spans[s.event_id][s.field].append(rec.Span(start=s.start, end=s.end, text=s.text))
        for row in batch:
            values = {name: getattr(row, name) for name in CONTRACT_FIELDS}
            yield rec.Event(**values, evidence=dict(spans.get(row.event_id, {})))


def export_csv(session: Session, f: EventFilter) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*rec.ACLED_COLUMNS, *rec.EXTRA_COLUMNS])
    writer.writeheader()
    for n, event in enumerate(_records(session, f), start=1):
        writer.writerow(csv_row(event))
        if n % EXPORT_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def export_geojson(session: Session, f: EventFilter) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    for n, event in enumerate(_records(session, f)):
        yield ("," if n else "") + json.dumps(geojson_feature(event), ensure_ascii=False)
    yield "]}\n"
