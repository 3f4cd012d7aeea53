"""Merging against the store: new mentions join stored canonical events; `rebuild` recomputes them all.

The contract with `sitrep.store.repository`: each new mention arrives with its own canonical event
(event_id == mention_id), its event source and evidence. Merging folds that event into an existing one: the
folded event gets `merged_into`, its sources and evidence move, and `merge_log` records the features and
score. `undo_merge` moves everything back and remembers that the two must not be merged again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sitrep import records as rec
from sitrep.merge.cluster import MergeDecision, best_match, cluster_profile
from sitrep.merge.reconcile import canonical_event, reconcile_fatalities
from sitrep.merge.rules import MergeRules, load_rules
from sitrep.merge.similarity import Profile, blocked, date_window, profile_of, report_dated, where_and_when
from sitrep.store import models as m

log = logging.getLogger(__name__)
_SLACK = dt.timedelta(days=1)  # the gates' one day of slack
_NEAR = dt.timedelta(days=4)  # a week-precision window (±3 days) plus the slack
# Contract columns the merge recomputes on a canonical event (not its id, first article, or review state).
_RECOMPUTED = tuple(
    name for name in rec.Event.model_fields if name not in {"record_type", "evidence", "event_id", "doc_id"}
)
# A reviewer's edit wins over recomputation: only these follow new sources on an edited event.
_ALWAYS_RECOMPUTED = ("source", "fatalities_low", "fatalities_high")


def mention_event(row: m.Mention) -> rec.Event | None:
    """The stored record, or None when it no longer reads as an Event (the mention then stays unmerged)."""
    try:
        return rec.Event.model_validate(row.record)
    except ValidationError as exc:
        log.warning(
            "mention %s: stored record is not a valid event, left unmerged (%s)",
            row.mention_id,
            str(exc).splitlines()[0],
        )
        return None


_GATE_COLUMNS = (
    m.Event.event_id,
    m.Event.doc_id,
    m.Event.event_date,
    m.Event.time_precision,
    m.Event.event_type,
    m.Event.sub_event_type,
    m.Event.country,
    m.Event.iso3,
    m.Event.admin1,
    m.Event.admin2,
    m.Event.location,
    m.Event.latitude,
    m.Event.longitude,
    m.Event.geo_precision,
    m.Event.notes,  # says whether the date is only the report's day
)


def _row_profile(row: Any, rules: MergeRules) -> Profile:
    """A cheap profile from the event's columns, enough for the blocking gates (no words, no mentions)."""
    return Profile(**where_and_when(row, rules.report_date_reach_days))


def month_anchors(start: dt.date, end: dt.date) -> list[dt.date]:
    """The days a month-precision event is dated on (ACLED: the 15th, or the 1st/last for early/late),
    for every month that touches [start, end]."""
    days: list[dt.date] = []
    month = start.replace(day=1)
    while month <= end:
        following = (month + dt.timedelta(days=32)).replace(day=1)
        days += [month, month.replace(day=15), following - dt.timedelta(days=1)]
        month = following
    return days


def _candidate_rows(session: Session, event: rec.Event, own_id: str, rules: MergeRules) -> list[Any]:
    """Live canonical events that may overlap the report in time and country (the blocking query).

    Two indexed lookups instead of one wide date range: day- and week-precision events lie within a few
    days of the report's window; month-precision ones sit on a month's anchor days.
    """
    if event.event_date is None:
        return []
    reach = rules.report_date_reach_days
    start, end = date_window(event.event_date, event.time_precision, reach if report_dated(event) else 0)
    assert start and end
    # A stored event dated only by its report's day may lie up to `reach` days after this one.
    near = m.Event.event_date.between(start - _NEAR, end + _NEAR + dt.timedelta(days=reach))
    month = (m.Event.time_precision == 3) & m.Event.event_date.in_(
        month_anchors(start - _SLACK, end + _SLACK)
    )
    found: dict[str, Any] = {}
    countries = [m.Event.country == event.country, m.Event.country.is_(None)] if event.country else [None]
    for when in (near, month):
        for country in countries:
            # Only the columns the gates read, and conditions the (country, event_date) index answers:
            # "merged_into IS NULL" in SQL would lead SQLite to scan every live event instead.
            query = select(*_GATE_COLUMNS, m.Event.merged_into).where(when)
            if country is not None:
                query = query.where(country)
            for row in session.execute(query):
                if row.merged_into is None and row.event_id != own_id:
                    found[row.event_id] = row
    return list(found.values())


def _mentions_of(session: Session, event_id: str) -> list[m.Mention]:
    query = select(m.Mention).where(m.Mention.event_id == event_id).order_by(m.Mention.mention_id)
    return list(session.scalars(query))


def merge_mentions(
    session: Session,
    mentions: Sequence[m.Mention],
    rules: MergeRules | None = None,
    cannot_link: set[frozenset[str]] | None = None,
    placed: set[str] | None = None,
) -> list[MergeDecision]:
    """Fold each new mention's own event into the best-matching stored canonical event, if one matches.

    `placed` (used by `rebuild`) limits candidates to events already decided in this pass.
    """
    rules = rules or load_rules()
    cannot_link = cannot_link or set()
    decisions = []
    for mention in mentions:
        decision = _merge_one(session, mention, rules, cannot_link, placed)
        if placed is not None:
            placed.add(decision.canonical_id)
        decisions.append(decision)
        session.flush()
    return decisions


def _merge_one(
    session: Session,
    mention: m.Mention,
    rules: MergeRules,
    cannot_link: set[frozenset[str]],
    placed: set[str] | None,
) -> MergeDecision:
    event = mention_event(mention)
    own_id = mention.event_id or mention.mention_id
    if event is None:
        return MergeDecision(mention.mention_id, own_id, False)
    text = mention.article.text if mention.article is not None else None
    profile = profile_of(event, rules, text)
    survivors: list[tuple[str, Profile]] = []
    rows = _candidate_rows(session, event, own_id, rules)
    if placed is not None:
        rows = [row for row in rows if row.event_id in placed]
    for row in rows:
        if blocked(profile, _row_profile(row, rules), rules) is not None:
            continue
        members = _mentions_of(session, row.event_id)
        if not members or any(frozenset((mention.mention_id, x.mention_id)) in cannot_link for x in members):
            continue
        parsed = [mention_event(x) for x in members]
        reports = [r for r in parsed if r is not None]
        if len(reports) < len(parsed):
            continue  # an unreadable report: joining this event could not be recomputed
        canonical = canonical_event(row.event_id, reports, rules)
        texts = {r.doc_id: x.article.text for r, x in zip(reports, members, strict=True) if x.article}
        survivors.append((row.event_id, cluster_profile(canonical, reports, rules, texts)))
    target, comparison, _ = best_match(profile, survivors, rules)
    if target is None:
        return MergeDecision(mention.mention_id, own_id, False, comparison, len(rows))
    decision = MergeDecision(mention.mention_id, target, True, comparison, len(rows))
    _fold_into(session, mention, own_id, target)
    kept = session.get(m.Event, target)
    assert kept is not None
    session.add(
        m.MergeLog(
            kept_event_id=target,
            merged_event_id=own_id,
            mention_id=mention.mention_id,
            score=comparison.score if comparison else None,
            reasons=decision.reasons(rules),
        )
    )
    refresh_event(session, kept, rules)
    return decision


def _fold_into(session: Session, mention: m.Mention, own_id: str, target: str) -> None:
    own = session.get(m.Event, own_id)
    session.flush()
    session.execute(update(m.EventSource).where(m.EventSource.event_id == own_id).values(event_id=target))
    session.execute(update(m.Evidence).where(m.Evidence.event_id == own_id).values(event_id=target))
    mention.event_id = target
    if own is not None:
        own.merged_into = target
        session.expire(own, ["sources", "evidence"])


def refresh_event(session: Session, row: m.Event, rules: MergeRules) -> None:
    """Recompute a canonical event from all its mentions (fields, toll with history, sources)."""
    members = _mentions_of(session, row.event_id)
    reports = [r for r in (mention_event(x) for x in members) if r is not None]
    if not reports:
        return
    canonical = canonical_event(row.event_id, reports, rules)
    canonical.source = _sources(session, row.event_id) or canonical.source
    names = _ALWAYS_RECOMPUTED if row.review_status == "edited" else _RECOMPUTED
    for name in names:
        setattr(row, name, getattr(canonical, name))
    toll = reconcile_fatalities(reports, rules)
    row.n_sources = session.scalar(
        select(func.count(m.EventSource.id)).where(m.EventSource.event_id == row.event_id)
    ) or len(members)
    row.merge_info = {
        "mentions": [x.mention_id for x in members],
        "rules": rules.version,
        "toll_history": [
            {
                "mention_id": c.event_id,
                "source": c.source,
                "published": c.published.isoformat() if c.published else None,
                "fatalities": c.fatalities,
                "reason": c.reason,
            }
            for c in toll.history
        ],
    }
    session.expire(row, ["sources", "evidence"])


def _sources(session: Session, event_id: str) -> str | None:
    """Outlets of every linked article (copies too), in order of publication, ACLED style."""
    rows = session.execute(
        select(m.Article.source, m.Article.published, m.Article.id)
        .join(m.EventSource, m.EventSource.article_id == m.Article.id)
        .where(m.EventSource.event_id == event_id)
        .order_by(m.Article.published, m.Article.id)
    ).all()
    seen: list[str] = []
    for source, _published, _id in rows:
        for name in (source or "").split(";"):
            name = name.strip()
            if name and name not in seen:
                seen.append(name)
    return "; ".join(seen) or None


def undo_merge(session: Session, mention_id: str, who: str = "sitrep.merge") -> m.Event:
    """Take a merged mention back out: its own event returns, and the pair is never merged again."""
    rules = load_rules()
    entry = session.scalar(
        select(m.MergeLog)
        .where(m.MergeLog.mention_id == mention_id, m.MergeLog.undone.is_(False))
        .order_by(m.MergeLog.id.desc())
    )
    if entry is None or entry.merged_event_id is None:
        raise LookupError(f"mention {mention_id} has no merge to undo")
    mention = session.get(m.Mention, mention_id)
    own = session.get(m.Event, entry.merged_event_id)
    kept = session.get(m.Event, entry.kept_event_id)
    if mention is None or own is None or kept is None:
        raise LookupError(f"merge of mention {mention_id} refers to rows that are gone")
    article = session.get(m.Article, mention.article_id)
    copies = (
        select(m.Article.id).where(
            m.Article.cluster_id == article.cluster_id, m.Article.id != mention.article_id
        )
        if article is not None and article.cluster_id is not None
        else None
    )
    session.execute(
        update(m.EventSource)
        .where(m.EventSource.event_id == kept.event_id, m.EventSource.mention_id == mention_id)
        .values(event_id=own.event_id)
    )
    if copies is not None:
        session.execute(
            update(m.EventSource)
            .where(
                m.EventSource.event_id == kept.event_id,
                m.EventSource.mention_id.is_(None),
                m.EventSource.article_id.in_(copies),
            )
            .values(event_id=own.event_id)
        )
    session.execute(
        update(m.Evidence)
        .where(m.Evidence.event_id == kept.event_id, m.Evidence.mention_id == mention_id)
        .values(event_id=own.event_id)
    )
    mention.event_id = own.event_id
    own.merged_into = None
    session.flush()
    remaining = [x.mention_id for x in _mentions_of(session, kept.event_id)]
    entry.undone = True
    entry.undone_at = m.utcnow()
    entry.reasons = {**(entry.reasons or {}), "cannot_link": remaining, "undone_by": who}
    session.add(
        m.MergeLog(
            kept_event_id=own.event_id,
            merged_event_id=None,
            mention_id=mention_id,
            score=None,
            reasons={
                "action": "undo",
                "undid": entry.id,
                "from_event": kept.event_id,
                "rules": rules.version,
            },
            decided_by=who,
        )
    )
    refresh_event(session, kept, rules)
    refresh_event(session, own, rules)
    session.flush()
    return own


def cannot_links(session: Session) -> set[frozenset[str]]:
    """Pairs of mentions a person separated: `rebuild` keeps them apart."""
    pairs: set[frozenset[str]] = set()
    for entry in session.scalars(select(m.MergeLog).where(m.MergeLog.undone.is_(True))):
        reasons = entry.reasons or {}
        if entry.mention_id is None:
            continue
        for other in reasons.get("cannot_link", []):
            pairs.add(frozenset((entry.mention_id, other)))
    return pairs


def rebuild(session: Session, rules: MergeRules | None = None) -> dict[str, int]:
    """Recompute every canonical event from the stored mentions (after a rule change).

    Undone merges stay undone. Old merge-log entries are kept, marked as superseded.
    """
    rules = rules or load_rules()
    separated = cannot_links(session)
    for entry in session.scalars(select(m.MergeLog).where(m.MergeLog.undone.is_(False))):
        entry.undone, entry.undone_at = True, m.utcnow()
        entry.reasons = {**(entry.reasons or {}), "superseded_by": "rebuild"}
    mentions = list(session.scalars(select(m.Mention)))
    session.execute(update(m.Event).values(merged_into=None))
    for mention in mentions:
        own = session.get(m.Event, mention.mention_id)
        event = mention_event(mention)
        if own is None:
            own = m.Event(event_id=mention.mention_id, doc_id=event.doc_id if event else None)
            session.add(own)
        for name in _RECOMPUTED if event is not None else ():
            if own.review_status != "edited" or name in _ALWAYS_RECOMPUTED:
                setattr(own, name, getattr(event, name))
        own.merge_info, own.n_sources = None, 1
        mention.event_id = mention.mention_id
        session.execute(
            update(m.EventSource)
            .where(m.EventSource.mention_id == mention.mention_id)
            .values(event_id=mention.mention_id)
        )
        session.execute(
            update(m.Evidence)
            .where(m.Evidence.mention_id == mention.mention_id)
            .values(event_id=mention.mention_id)
        )
    session.flush()
    _reattach_copies(session)

    def arrival(x: m.Mention) -> tuple[str, str, str]:
        return (x.record or {}).get("published") or "", str(x.created_at or ""), x.mention_id

    ordered = sorted(mentions, key=arrival)
    decisions = merge_mentions(session, ordered, rules, separated, placed=set())
    for mention in mentions:
        row = session.get(m.Event, mention.event_id)
        if row is not None and row.merged_into is None:
            refresh_event(session, row, rules)
    merged = sum(1 for d in decisions if d.merged)
    return {"mentions": len(mentions), "merged": merged, "events": len(mentions) - merged}


def _reattach_copies(session: Session) -> None:
    """A near-copy article is a source of each event read from its cluster's representative."""
    copied: set[int] = set()
    for link in list(session.scalars(select(m.EventSource).where(m.EventSource.mention_id.is_(None)))):
        copied.add(link.article_id)
        session.delete(link)
    session.flush()
    for article_id in sorted(copied):
        article = session.get(m.Article, article_id)
        if article is None or article.cluster_id is None:
            continue
        cluster = session.get(m.ArticleCluster, article.cluster_id)
        if cluster is None or cluster.representative_article_id in (None, article_id):
            continue
        for mention in session.scalars(
            select(m.Mention).where(m.Mention.article_id == cluster.representative_article_id)
        ):
            session.add(m.EventSource(event_id=mention.mention_id, article_id=article_id, role="copy"))
    session.flush()
