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
from typing import Any, NamedTuple

from pydantic import ValidationError
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from sitrep import records as rec
from sitrep.merge.cluster import (
    MergeDecision,
    arrival,
    best_match,
    bridge,
    bridge_note,
    cluster_profile,
    parallel,
)
from sitrep.merge.reconcile import canonical_event, reconcile_fatalities
from sitrep.merge.rules import MergeRules, load_rules
from sitrep.merge.similarity import (
    Profile,
    blocked,
    date_window,
    profile_of,
    report_dated,
    twins,
    where_and_when,
)
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
    # Mentions of this batch not merged yet: a bridge waits for them, as `MergeIndex` has not seen them.
    pending = {x.mention_id for x in mentions}
    for mention in mentions:
        decision = _merge_one(session, mention, rules, cannot_link, placed)
        pending.discard(mention.mention_id)
        if placed is not None:
            placed.add(decision.canonical_id)
        decisions.append(decision)
        session.flush()
        if rules.twin_bridges:
            decisions += _bridge(session, mention, rules, cannot_link, placed, pending)
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
        stored = _stored_event(session, row.event_id, members, rules)
        if stored is not None:
            survivors.append((row.event_id, stored.profile))
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


class _Stored(NamedTuple):
    reports: list[rec.Event]
    canonical: rec.Event
    profile: Profile


def _stored_event(
    session: Session, event_id: str, members: list[m.Mention], rules: MergeRules
) -> _Stored | None:
    """A live event's reports, canonical record and merged profile; None when a report is unreadable
    (joining this event could not be recomputed)."""
    parsed = [mention_event(x) for x in members]
    reports = [r for r in parsed if r is not None]
    if not members or len(reports) < len(parsed):
        return None
    canonical = canonical_event(event_id, reports, rules)
    texts = {r.doc_id: x.article.text for r, x in zip(reports, members, strict=True) if x.article}
    return _Stored(reports, canonical, cluster_profile(canonical, reports, rules, texts))


def _bridge(
    session: Session,
    mention: m.Mention,
    rules: MergeRules,
    cannot_link: set[frozenset[str]],
    placed: set[str] | None,
    pending: set[str],
) -> list[MergeDecision]:
    """Fold together the mention's event and each event that holds a twin of it, when the two are one
    (`sitrep.merge.cluster.bridge`, as `MergeIndex` does): the older event keeps its id."""
    event = mention_event(mention)
    if event is None:
        return []
    decisions = []
    siblings = select(m.Mention).where(
        m.Mention.article_id == mention.article_id, m.Mention.mention_id != mention.mention_id
    )
    for sibling in session.scalars(siblings.order_by(m.Mention.mention_id)).all():
        here, there = mention.event_id, sibling.event_id
        if here is None or there is None or here == there or sibling.mention_id in pending:
            continue
        if placed is not None and there not in placed:
            continue
        twin = mention_event(sibling)
        if twin is None or not twins(event, twin, rules):
            continue
        side_a, side_b = _mentions_of(session, there), _mentions_of(session, here)
        if any(frozenset((x.mention_id, y.mention_id)) in cannot_link for x in side_a for y in side_b):
            continue
        stored_a = _stored_event(session, there, side_a, rules)
        stored_b = _stored_event(session, here, side_b, rules)
        if stored_a is None or stored_b is None or not parallel(stored_a.reports, stored_b.reports, rules):
            continue
        near = _neighbours(session, (stored_a, stored_b), {here, there}, rules, placed)
        comparison = bridge(stored_a.profile, stored_b.profile, near, rules)
        if comparison is None:
            continue
        founders = {
            x: next(r for r in stored.reports if r.event_id == x)
            for x, stored in ((there, stored_a), (here, stored_b))
        }
        kept, folded = (there, here) if arrival(founders[there]) <= arrival(founders[here]) else (here, there)
        moved = side_b if folded == here else side_a
        decision = MergeDecision(
            mention.mention_id,
            kept,
            True,
            comparison,
            len(near) + 1,
            action="bridge",
            note=bridge_note(event, twin),
            folded=folded,
            moved=tuple(x.mention_id for x in moved),
        )
        _fold_event(session, folded, kept, moved)
        session.add(
            m.MergeLog(
                kept_event_id=kept,
                merged_event_id=folded,
                mention_id=mention.mention_id,
                score=comparison.score,
                reasons=decision.reasons(rules),
            )
        )
        row = session.get(m.Event, kept)
        assert row is not None
        refresh_event(session, row, rules)
        if placed is not None:
            placed.discard(folded)
        session.flush()
        decisions.append(decision)
    return decisions


def _neighbours(
    session: Session, pair: Sequence[_Stored], ids: set[str], rules: MergeRules, placed: set[str] | None
) -> list[Profile]:
    """Profiles of the other live events a bridged pair would be matched among (for the words' rarity)."""
    rows: dict[str, Any] = {}
    for stored in pair:
        for row in _candidate_rows(session, stored.canonical, stored.canonical.event_id, rules):
            if row.event_id not in ids and (placed is None or row.event_id in placed):
                rows[row.event_id] = row
    found = []
    for event_id in sorted(rows):
        if all(blocked(s.profile, _row_profile(rows[event_id], rules), rules) is not None for s in pair):
            continue
        stored = _stored_event(session, event_id, _mentions_of(session, event_id), rules)
        if stored is not None:
            found.append(stored.profile)
    return found


def _fold_event(session: Session, folded_id: str, kept_id: str, members: list[m.Mention]) -> None:
    """Move a whole event (its mentions, sources, evidence) into another; `undo_merge` moves it back."""
    session.flush()
    session.execute(update(m.EventSource).where(m.EventSource.event_id == folded_id).values(event_id=kept_id))
    session.execute(update(m.Evidence).where(m.Evidence.event_id == folded_id).values(event_id=kept_id))
    for member in members:
        member.event_id = kept_id
    folded = session.get(m.Event, folded_id)
    if folded is not None:
        folded.merged_into = kept_id
        session.expire(folded, ["sources", "evidence"])


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
    if (entry.reasons or {}).get("action") == "bridge":
        return _undo_bridge(session, entry, rules, who)
    mention = session.get(m.Mention, mention_id)
    own = session.get(m.Event, entry.merged_event_id)
    # Where the mention is now: a later bridge may have folded the event it joined into another.
    kept = session.get(m.Event, mention.event_id or entry.kept_event_id) if mention is not None else None
    if mention is None or own is None or kept is None:
        raise LookupError(f"merge of mention {mention_id} refers to rows that are gone")
    session.execute(
        update(m.EventSource)
        .where(m.EventSource.event_id == kept.event_id, m.EventSource.mention_id == mention_id)
        .values(event_id=own.event_id)
    )
    _move_copy_sources(session, kept.event_id, own.event_id, {mention.article_id})
    session.execute(
        update(m.Evidence)
        .where(m.Evidence.event_id == kept.event_id, m.Evidence.mention_id == mention_id)
        .values(event_id=own.event_id)
    )
    mention.event_id = own.event_id
    own.merged_into = None
    session.flush()
    remaining = [x.mention_id for x in _mentions_of(session, kept.event_id)]
    _log_undo(session, entry, kept, own, remaining, rules, who)
    return own


def _move_copy_sources(session: Session, source_event: str, target_event: str, articles: set[int]) -> None:
    """Near-copies of `articles` (found at ingest, linked as sources without a mention of their own) follow
    those articles' mentions from one event to another."""
    clusters = select(m.Article.cluster_id).where(
        m.Article.id.in_(articles), m.Article.cluster_id.is_not(None)
    )
    copies = select(m.Article.id).where(m.Article.cluster_id.in_(clusters), m.Article.id.not_in(articles))
    session.execute(
        update(m.EventSource)
        .where(
            m.EventSource.event_id == source_event,
            m.EventSource.mention_id.is_(None),
            m.EventSource.article_id.in_(copies),
        )
        .values(event_id=target_event)
    )


def _log_undo(
    session: Session,
    entry: m.MergeLog,
    kept: m.Event,
    back: m.Event,
    cannot_link: list[str],
    rules: MergeRules,
    who: str,
) -> None:
    """Mark `entry` undone (with the mentions its mention must never join again), log the undo, and
    recompute both events: `kept`, which the mention or folded event left, and `back`, which has it again."""
    entry.undone = True
    entry.undone_at = m.utcnow()
    entry.reasons = {**(entry.reasons or {}), "cannot_link": cannot_link, "undone_by": who}
    session.add(
        m.MergeLog(
            kept_event_id=back.event_id,
            merged_event_id=None,
            mention_id=entry.mention_id,
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
    refresh_event(session, back, rules)
    session.flush()


def _undo_bridge(session: Session, entry: m.MergeLog, rules: MergeRules, who: str) -> m.Event:
    """Split a twin bridge: the folded event's mentions (those still in the kept event), its sources and its
    evidence go back, and the bridging mention never joins the other side again."""
    assert entry.merged_event_id is not None and entry.mention_id is not None
    kept = session.get(m.Event, entry.kept_event_id)
    folded = session.get(m.Event, entry.merged_event_id)
    if kept is None or folded is None:
        raise LookupError(f"bridge of mention {entry.mention_id} refers to rows that are gone")
    moved = set((entry.reasons or {}).get("moved") or ())
    members = _mentions_of(session, kept.event_id)
    back = [x for x in members if x.mention_id in moved]
    stay = [x for x in members if x.mention_id not in moved]
    ids = [x.mention_id for x in back]
    session.execute(
        update(m.EventSource)
        .where(m.EventSource.event_id == kept.event_id, m.EventSource.mention_id.in_(ids))
        .values(event_id=folded.event_id)
    )
    session.execute(
        update(m.Evidence)
        .where(m.Evidence.event_id == kept.event_id, m.Evidence.mention_id.in_(ids))
        .values(event_id=folded.event_id)
    )
    _move_copy_sources(session, kept.event_id, folded.event_id, {x.article_id for x in back})
    for member in back:
        member.event_id = folded.event_id
    folded.merged_into = None
    session.flush()
    other_side = stay if entry.mention_id in moved else back
    _log_undo(session, entry, kept, folded, [x.mention_id for x in other_side], rules, who)
    return folded


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
