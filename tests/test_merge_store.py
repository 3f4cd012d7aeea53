"""Merging inside the store (real SQLite and the real PostgreSQL): the hook, undo and rebuild."""

from __future__ import annotations

import dataclasses
import datetime as dt

import sqlalchemy as sa

from sitrep.merge import load_rules
from sitrep.merge.store import rebuild, undo_merge
from sitrep.records import Article, Event, Span
from sitrep.store import models as m

# The car bomb at the Mogadishu restaurant, as every report of it codes the event.
BOMBING = dict(
    event_date=dt.date(2026, 2, 14),
    time_precision=1,
    event_type="Explosions/Remote violence",
    sub_event_type="Remote explosive/landmine/IED",
    country="Somalia",
    iso3="SOM",
    admin1="Banadir",
    admin2="Mogadishu",
    location="Mogadishu",
    latitude=2.04,
    longitude=45.34,
    geo_precision=1,
)


def _save(store, doc: str, source: str, published: str, text: str, fatal: str, fatalities: int, **fields):
    start = text.index(fatal)
    values = dict(BOMBING)
    values.update(fields)
    event = Event(
        event_id=f"{doc}-0",
        doc_id=doc,
        fatalities=fatalities,
        fatalities_low=fatalities,
        fatalities_high=fatalities,
        source=source,
        published=dt.date.fromisoformat(published),
        confidence=0.7,
        evidence={
            "fatalities": [Span(start=start, end=start + len(fatal), text=fatal)],
            "event_type": [Span(start=0, end=len(text), text=text)],
        },
        **values,
    )
    article = Article(id=doc, text=text, source=source, published=dt.date.fromisoformat(published))
    return store.save_article_with_records(article, [event])


FIRST = "A car bomb exploded outside a busy restaurant near the port in Mogadishu, killing 9 people."
SECOND = "At least 12 people died when a car bomb ripped through a restaurant near Mogadishu port."
THIRD = "The death toll from the Mogadishu restaurant car bomb near the port rose to 15."
OTHER = "Gunmen stormed a police station in Mogadishu's Hodan district and shot 2 officers."


def _live_events(session):
    return list(session.scalars(sa.select(m.Event).where(m.Event.merged_into.is_(None))))


def _save_all(store):
    _save(store, "first", "Garowe Online", "2026-02-14", FIRST, "killing 9", 9)
    _save(store, "second", "Reuters", "2026-02-14", SECOND, "12 people died", 12)
    _save(store, "third", "AFP", "2026-02-15", THIRD, "rose to 15", 15)
    _save(
        store,
        "other",
        "Hiiraan",
        "2026-02-14",
        OTHER,
        "shot 2",
        2,
        event_type="Battles",
        sub_event_type="Armed clash",
        actor1="Al Shabaab",
        actor2="Police Forces of Somalia",
    )


def test_new_reports_join_the_stored_event_with_reasons_and_sources(store):
    _save_all(store)
    with store.session() as session:
        live = {e.event_id: e for e in _live_events(session)}
        assert set(live) == {"first-0", "other-0"}
        event = live["first-0"]
        assert event.fatalities == 15  # AFP reports the toll rose: the revision wins
        assert (event.fatalities_low, event.fatalities_high) == (9, 15)
        assert event.source == "Garowe Online; Reuters; AFP"
        assert event.n_sources == 3
        assert [h["fatalities"] for h in event.merge_info["toll_history"]] == [9, 15]
        sources = session.scalars(sa.select(m.EventSource).where(m.EventSource.event_id == "first-0")).all()
        assert len(sources) == 3
        evidence = session.scalars(sa.select(m.Evidence).where(m.Evidence.event_id == "first-0")).all()
        assert {e.mention_id for e in evidence} == {"first-0", "second-0", "third-0"}
        log = session.scalars(sa.select(m.MergeLog).order_by(m.MergeLog.id)).all()
        pairs = [(x.kept_event_id, x.mention_id) for x in log]
        assert pairs == [("first-0", "second-0"), ("first-0", "third-0")]
        assert log[0].score >= load_rules().threshold and "features" in log[0].reasons
        assert session.get(m.Event, "second-0").merged_into == "first-0"


def test_undo_moves_everything_back_and_rebuild_respects_it(store):
    _save_all(store)
    with store.session() as session:
        own = undo_merge(session, "third-0", who="reviewer")
        assert own.event_id == "third-0" and own.merged_into is None
        kept = session.get(m.Event, "first-0")
        assert kept.fatalities == 9 and kept.source == "Garowe Online; Reuters"
        links = session.scalars(sa.select(m.EventSource).where(m.EventSource.event_id == "third-0")).all()
        assert [x.mention_id for x in links] == ["third-0"]
        assert session.get(m.Mention, "third-0").event_id == "third-0"
    with store.session() as session:
        summary = rebuild(session)
        assert summary == {"mentions": 4, "merged": 1, "events": 3}
        live = sorted(e.event_id for e in _live_events(session))
        assert live == ["first-0", "other-0", "third-0"]


def test_undo_takes_the_near_copies_of_the_article_along(store):
    _save_all(store)
    with store.session() as session:  # the AFP report, reprinted word for word by another outlet
        afp = session.scalar(sa.select(m.Article).where(m.Article.doc_id == "third"))
        afp_id = afp.id
    reprint = store.save_article_with_records(
        Article(id="reprint", text=THIRD, source="Hiiraan"), status=m.DUPLICATE, copy_of=afp_id
    )
    with store.session() as session:
        assert "Hiiraan" in session.get(m.Event, "first-0").source
        undo_merge(session, "third-0", who="reviewer")
        links = session.scalars(sa.select(m.EventSource).where(m.EventSource.event_id == "third-0")).all()
        assert sorted(x.article_id for x in links) == sorted([afp_id, reprint.article_id])
        assert "Hiiraan" not in session.get(m.Event, "first-0").source


def test_rebuild_follows_a_rule_change(store):
    _save_all(store)
    strict = dataclasses.replace(load_rules(), threshold=0.99)
    with store.session() as session:
        assert rebuild(session, strict) == {"mentions": 4, "merged": 0, "events": 4}
        first = session.get(m.Event, "first-0")
        assert first.fatalities == 9 and first.n_sources == 1 and first.source == "Garowe Online"
        superseded = session.scalars(sa.select(m.MergeLog)).all()
        assert superseded and all(x.undone for x in superseded)
    with store.session() as session:
        assert rebuild(session)["merged"] == 2
        assert len(_live_events(session)) == 2


def test_month_anchors_cover_each_month_touched():
    from sitrep.merge.store import month_anchors

    days = month_anchors(dt.date(2026, 1, 30), dt.date(2026, 2, 2))
    assert days == [
        dt.date(2026, 1, 1),
        dt.date(2026, 1, 15),
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 28),
    ]


def test_a_day_report_joins_a_stored_month_precision_event(store):
    _save(
        store,
        "monthly",
        "Monthly Review",
        "2026-02-28",
        FIRST,
        "killing 9",
        9,
        event_date=dt.date(2026, 2, 15),
        time_precision=3,
    )
    _save(
        store, "daily", "Reuters", "2026-02-27", SECOND, "12 people died", 12, event_date=dt.date(2026, 2, 26)
    )
    with store.session() as session:
        assert session.get(m.Event, "daily-0").merged_into == "monthly-0"
        kept = session.get(m.Event, "monthly-0")
        assert (kept.event_date, kept.time_precision) == (dt.date(2026, 2, 26), 1)  # the finer date wins


def test_an_unreadable_stored_record_is_left_unmerged_not_fatal(store):
    _save(store, "first", "Garowe Online", "2026-02-14", FIRST, "killing 9", 9)
    with store.session() as session:
        session.get(m.Mention, "first-0").record = {"event_id": "first-0"}  # doc_id missing: not an Event
    _save(store, "second", "Reuters", "2026-02-14", SECOND, "12 people died", 12)
    with store.session() as session:
        assert session.get(m.Event, "second-0").merged_into is None  # the broken event is not joined
        assert rebuild(session)["merged"] == 0


def test_the_api_shows_sources_and_merge_history_with_undo(store):
    from sitrep.api.queries import get_event

    _save_all(store)
    with store.session() as session:
        undo_merge(session, "third-0", who="reviewer")
    with store.session() as session:
        detail = get_event(session, "first-0")
        assert [s["doc_id"] for s in detail["sources"]] == ["first", "second"]
        actions = [(h["mention_id"], h["action"], h["undone"]) for h in detail["merge_history"]]
        assert actions == [("second-0", "merged", False), ("third-0", "merged", True)]
        undo = get_event(session, "third-0")["merge_history"]
        assert [(h["action"], h["other_event_id"]) for h in undo][-1] == ("undone", None)


BY_PUBLICATION = "date: publication date, the text gives none."


def test_a_follow_up_dated_at_its_dispatch_joins_the_stored_event(store):
    _save(store, "first", "Garowe Online", "2026-02-14", FIRST, "killing 9", 9)
    _save(
        store,
        "later",
        "AFP",
        "2026-02-17",
        THIRD,
        "rose to 15",
        15,
        event_date=dt.date(2026, 2, 17),
        notes=f"A car bomb in Mogadishu. {BY_PUBLICATION}",
    )
    with store.session() as session:
        assert session.get(m.Event, "later-0").merged_into == "first-0"
        assert session.get(m.Event, "first-0").event_date == dt.date(2026, 2, 14)


def test_a_stored_event_dated_at_its_dispatch_is_found_by_an_earlier_dated_report(store):
    _save(
        store,
        "later",
        "AFP",
        "2026-02-17",
        THIRD,
        "rose to 15",
        15,
        event_date=dt.date(2026, 2, 17),
        notes=f"A car bomb in Mogadishu. {BY_PUBLICATION}",
    )
    _save(store, "first", "Garowe Online", "2026-02-18", FIRST, "killing 9", 9)
    with store.session() as session:
        assert session.get(m.Event, "first-0").merged_into == "later-0"
        kept = session.get(m.Event, "later-0")
        assert kept.event_date == dt.date(2026, 2, 14)  # the date the text gives wins
        assert "publication date" not in (kept.notes or "")


# -- twin bridges -------------------------------------------------------------------------------------------
BLAST = "A car bomb exploded outside a busy restaurant near the port in Mogadishu, killing 9 people."
CLAIM = "Al Shabaab said its fighters had planted the car bomb, in a statement read on its radio station."


def _save_twins(store, doc: str, source: str, published: str, claimant: str = "Al Shabaab", **claim):
    """An article that tells the restaurant bombing twice: the blast, then the group's claim of it."""
    text = f"{BLAST} {CLAIM}"
    common = dict(
        **BOMBING,
        source=source,
        published=dt.date.fromisoformat(published),
        confidence=0.7,
    )
    claim_at = text.index(CLAIM)
    blast = Event(
        event_id=f"{doc}-0",
        doc_id=doc,
        fatalities=9,
        evidence={
            "event_type": [Span(start=0, end=len(BLAST), text=BLAST)],
            "fatalities": [
                Span(start=text.index("killing 9"), end=text.index("killing 9") + 9, text="killing 9")
            ],
        },
        **common,
    )
    values = {**common, "actor1": claimant, **claim}
    claimed = Event(
        event_id=f"{doc}-1",
        doc_id=doc,
        evidence={"event_type": [Span(start=claim_at, end=claim_at + len(CLAIM), text=CLAIM)]},
        **values,
    )
    article = Article(id=doc, text=text, source=source, published=dt.date.fromisoformat(published))
    return store.save_article_with_records(article, [blast, claimed]), [blast, claimed]


def test_twins_in_two_events_are_bridged_in_the_store_as_in_memory(store):
    from sitrep.merge import merge_events

    _, wire = _save_twins(store, "wire", "Garowe Online", "2026-02-14")
    _, radio = _save_twins(store, "radio", "Radio Kulmiye", "2026-02-15")
    in_memory = merge_events(wire + radio, load_rules())
    with store.session() as session:
        live = _live_events(session)
        stored = {e.event_id: sorted(e.merge_info["mentions"]) for e in live}
        assert stored == {c: sorted(g) for c, g in zip(in_memory.clusters, in_memory.groups(), strict=True)}
        assert stored == {"wire-0": ["radio-0", "radio-1", "wire-0", "wire-1"]}
        bridges = session.scalars(sa.select(m.MergeLog).where(m.MergeLog.merged_event_id == "wire-1")).all()
        assert [x.reasons["why"] for x in bridges] == [
            "twin bridge: reports wire-1 and wire-0 of article wire"
        ]
        assert session.get(m.Event, "wire-1").merged_into == "wire-0"
        evidence = session.scalars(sa.select(m.Evidence).where(m.Evidence.event_id == "wire-0")).all()
        assert {e.mention_id for e in evidence} == {"wire-0", "wire-1", "radio-0", "radio-1"}
        assert live[0].n_sources == 4 and live[0].source == "Garowe Online; Radio Kulmiye"
    with store.session() as session:
        assert rebuild(session) == {"mentions": 4, "merged": 3, "events": 1}


def test_a_near_miss_in_one_article_is_not_bridged_in_the_store(store):
    """The article's second report is the army's raid on the group in Hodan that day: another event."""
    hodan = dict(
        location="Hodan", latitude=2.03, longitude=45.30, event_type="Battles", sub_event_type="Armed clash"
    )
    _save_twins(store, "wire", "Garowe Online", "2026-02-14", claimant="Military Forces of Somalia", **hodan)
    with store.session() as session:
        assert sorted(e.event_id for e in _live_events(session)) == ["wire-0", "wire-1"]
        assert not session.scalars(sa.select(m.MergeLog)).all()


def test_undo_takes_a_bridge_back_and_rebuild_keeps_it_undone(store):
    _save_twins(store, "wire", "Garowe Online", "2026-02-14")
    _save_twins(store, "radio", "Radio Kulmiye", "2026-02-15")
    with store.session() as session:
        folded = undo_merge(session, "wire-1", who="reviewer")  # its latest merge is the bridge
        assert folded.event_id == "wire-1" and folded.merged_into is None
        assert folded.merge_info["mentions"] == ["wire-1"] and folded.source == "Garowe Online"
        kept = session.get(m.Event, "wire-0")
        assert sorted(kept.merge_info["mentions"]) == ["radio-0", "radio-1", "wire-0"]
        links = session.scalars(sa.select(m.EventSource).where(m.EventSource.event_id == "wire-1")).all()
        assert [x.mention_id for x in links] == ["wire-1"]
        evidence = session.scalars(sa.select(m.Evidence).where(m.Evidence.event_id == "wire-1")).all()
        assert {e.mention_id for e in evidence} == {"wire-1"}
    with store.session() as session:
        assert rebuild(session) == {"mentions": 4, "merged": 2, "events": 2}
        assert sorted(e.event_id for e in _live_events(session)) == ["wire-0", "wire-1"]


def test_a_campaign_is_stored_as_one_event_per_day_with_the_total_divided(store):
    text = "Troops shelled villages around Jilib from 3 to 5 May, killing 10 civilians, residents said."
    days = "from 3 to 5 May"
    event = Event(
        event_id="campaign-0",
        doc_id="campaign",
        event_date=dt.date(2026, 5, 3),
        time_precision=1,
        event_type="Explosions/Remote violence",
        sub_event_type="Shelling/artillery/missile attack",
        country="Somalia",
        iso3="SOM",
        admin1="Middle Juba",
        location="Jilib",
        latitude=0.49,
        longitude=42.77,
        geo_precision=1,
        fatalities=10,
        source="Radio Kulmiye",
        evidence={"event_date": [Span(start=text.index(days), end=text.index(days) + len(days), text=days)]},
    )
    article = Article(id="campaign", text=text, source="Radio Kulmiye", published=dt.date(2026, 5, 6))
    saved = store.save_article_with_records(article, [event])
    assert saved.n_events == 3
    with store.session() as session:
        live = sorted(_live_events(session), key=lambda e: e.event_date)
        assert [(e.event_date.day, e.fatalities) for e in live] == [(3, 4), (4, 3), (5, 3)]
        assert all("Split from a 3-day campaign" in e.notes for e in live)
