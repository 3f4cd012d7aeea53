"""Incremental merging in memory: each new report joins its best-matching canonical event or starts one.

`MergeIndex` holds no I/O; the store (`sitrep.merge.store`) runs the same decisions against the database.
A canonical event takes the id of its first report, so results read the same in memory and in the store.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sitrep.merge.reconcile import canonical_event
from sitrep.merge.rules import MergeRules, load_rules
from sitrep.merge.similarity import Comparison, Profile, block_rarity, blocked, compare, profile_of, twins
from sitrep.merge.split import split_campaign
from sitrep.records import Event

# Lookups reach this many days beyond a report's own window: the 1-day slack plus month-precision events
# coded on the 15th that may sit anywhere in their month.
_REACH = dt.timedelta(days=31)


@dataclass(frozen=True)
class MergeDecision:
    """Why a report went where it went. `comparison` is None when no candidate passed the gates."""

    mention_id: str
    canonical_id: str
    merged: bool
    comparison: Comparison | None = None
    candidates: int = 0
    action: str = "merge"  # or "undo", or "bridge" (a whole event folded into `canonical_id`)
    note: str | None = None  # why a bridge was made, in words
    folded: str | None = None  # a bridge's folded event
    moved: tuple[str, ...] = ()  # a bridge's reports that came with the folded event

    def reasons(self, rules: MergeRules) -> dict:
        out: dict = {"action": self.action, "candidates": self.candidates, "rules": rules.version}
        if self.action == "bridge":
            out.update(why=self.note, folded=self.folded, moved=list(self.moved))
        if self.comparison is not None:
            out["features"] = dict(self.comparison.features)
            out["score"] = self.comparison.score
            out["threshold"] = rules.threshold
        return out


@dataclass
class Cluster:
    canonical_id: str
    mentions: list[Event]
    canonical: Event
    profile: Profile
    decisions: list[MergeDecision] = field(default_factory=list)


def cluster_profile(
    canonical: Event, mentions: Sequence[Event], rules: MergeRules, texts: Mapping[str, str] | None = None
) -> Profile:
    """The canonical event's fields, with the words, names, actors and articles of every report.

    `texts` maps a doc_id to its article text, so the words around the evidence count too.
    """
    texts = texts or {}
    profile = profile_of(canonical, rules)
    parts = [profile_of(m, rules, texts.get(m.doc_id)) for m in mentions]
    profile.tokens = frozenset().union(*(p.tokens for p in parts))
    profile.names = frozenset().union(*(p.names for p in parts))
    profile.places = frozenset().union(*(p.places for p in parts))
    profile.stated_day = any(p.stated_day and p.day == profile.day for p in parts)
    profile.actors = frozenset().union(profile.actors, *(p.actors for p in parts))
    profile.attackers = frozenset().union(*(p.attackers for p in parts))
    profile.targets = frozenset().union(*(p.targets for p in parts))
    profile.tolls = frozenset().union(*(p.tolls for p in parts))
    profile.sites = frozenset().union(*(p.sites for p in parts))
    profile.words = frozenset().union(*(p.words for p in parts))
    profile.doc_ids = frozenset(m.doc_id for m in mentions)
    return profile


def best_match(
    profile: Profile, candidates: Iterable[tuple[str, Profile]], rules: MergeRules
) -> tuple[str | None, Comparison | None, int]:
    """The candidate to join (or None), its comparison (the best one seen), and how many were compared."""
    best_id: str | None = None
    best: Comparison | None = None
    ordered = sorted(candidates, key=lambda item: item[0])
    passing = [(cid, other) for cid, other in ordered if blocked(profile, other, rules) is None]
    rarity = block_rarity(other for _cid, other in passing)
    seen = len(ordered)
    for candidate_id, other in passing:
        result = compare(profile, other, rules, rarity)
        if result.gate is None and (best is None or result.score > best.score):
            best_id, best = candidate_id, result
    if best is None or not best.matches(rules):
        return None, best, seen
    return best_id, best, seen


def parallel(a: Sequence[Event], b: Sequence[Event], rules: MergeRules) -> bool:
    """May two events be one although articles have reports in both? Only when every such pair is `twins`:
    an article's two reports of different incidents still keep their events apart."""
    docs = {x.doc_id for x in a} & {y.doc_id for y in b}
    return all(twins(x, y, rules) for x in a if x.doc_id in docs for y in b if y.doc_id == x.doc_id)


def bridge(a: Profile, b: Profile, neighbours: Iterable[Profile], rules: MergeRules) -> Comparison | None:
    """The comparison that lets two events made parallel by twins become one, or None.

    The same-article gate is lifted for the articles they share (`parallel` checked those), and each event
    must reach the threshold against the other, with words weighted by the block each would be matched in
    (`neighbours`: other live events near them): one direction alone merges a small event into any large
    one of its city's day.
    """
    shared = a.doc_ids & b.doc_ids
    a, b = replace(a, doc_ids=a.doc_ids - shared), replace(b, doc_ids=b.doc_ids - shared)
    near = list(neighbours)
    there = compare(a, b, rules, block_rarity([b, *(q for q in near if blocked(a, q, rules) is None)]))
    back = compare(b, a, rules, block_rarity([a, *(q for q in near if blocked(b, q, rules) is None)]))
    return there if there.matches(rules) and back.matches(rules) else None


def arrival(event: Event) -> tuple[dt.date, str]:
    """The order reports arrive in (`merge_events`): a bridge keeps the id of the event founded first."""
    return (event.published or dt.date.min, event.event_id)


def bridge_note(report: Event, twin: Event) -> str:
    return f"twin bridge: reports {report.event_id} and {twin.event_id} of article {report.doc_id}"


class MergeIndex:
    def __init__(self, rules: MergeRules | None = None, cannot_link: Iterable[tuple[str, str]] = ()) -> None:
        self.rules = rules or load_rules()
        self.clusters: dict[str, Cluster] = {}
        self.cluster_of: dict[str, str] = {}
        self._by_day: dict[dt.date, set[str]] = defaultdict(set)
        self._undated: set[str] = set()
        self.cannot_link: set[frozenset[str]] = {frozenset(pair) for pair in cannot_link}
        self.texts: dict[str, str] = {}  # doc_id → article text, for the words around the evidence
        self._by_doc: dict[str, list[Event]] = defaultdict(list)  # an article's reports, for twin bridges

    # -- public --------------------------------------------------------------------------------
    def add_report(self, event: Event, text: str | None = None) -> list[MergeDecision]:
        """Add one extracted event, split first into days when its text names several days of activity."""
        return [self.add(part, text) for part in split_campaign(event)]

    def add(self, event: Event, text: str | None = None) -> MergeDecision:
        """Add one report; `text` is its article's text (optional: it sharpens the comparison)."""
        if event.event_id in self.cluster_of:
            raise ValueError(f"report {event.event_id} is already merged")
        if text is not None:
            self.texts[event.doc_id] = text
        profile = profile_of(event, self.rules, self.texts.get(event.doc_id))
        candidates = [
            (cid, self.clusters[cid].profile)
            for cid in self._candidates(event)
            if not self._forbidden(event.event_id, self.clusters[cid])
        ]
        target, comparison, seen = best_match(profile, candidates, self.rules)
        if target is None:
            decision = MergeDecision(event.event_id, event.event_id, False, comparison, seen)
            self._new_cluster(event, decision)
        else:
            decision = MergeDecision(event.event_id, target, True, comparison, seen)
            cluster = self.clusters[target]
            cluster.mentions.append(event)
            cluster.decisions.append(decision)
            self.cluster_of[event.event_id] = target
            self._refresh(cluster)
        self._by_doc[event.doc_id].append(event)
        if self.rules.twin_bridges:
            self._bridge(event)
        return decision

    def undo(self, mention_id: str) -> MergeDecision:
        """Take a report out of its event: it becomes its own event and never rejoins that one. When the
        report's latest decision is a twin bridge, that bridge is taken back (as `undo_merge` does)."""
        cid = self.cluster_of[mention_id]
        cluster = self.clusters[cid]
        latest = next((d for d in reversed(cluster.decisions) if d.mention_id == mention_id), None)
        if latest is not None and latest.action == "bridge":
            return self._undo_bridge(cluster, latest)
        if len(cluster.mentions) == 1:
            raise ValueError(f"report {mention_id} was never merged with another")
        if mention_id == cid:
            raise ValueError(f"report {mention_id} founded event {cid}; undo the reports merged into it")
        event = next(m for m in cluster.mentions if m.event_id == mention_id)
        cluster.mentions.remove(event)
        self.cannot_link.update(frozenset((mention_id, m.event_id)) for m in cluster.mentions)
        self._refresh(cluster)
        decision = MergeDecision(mention_id, mention_id, False, None, 0, action="undo")
        cluster.decisions.append(decision)
        del self.cluster_of[mention_id]
        self._new_cluster(event, decision)
        return decision

    def canonical_events(self) -> list[Event]:
        return [cluster.canonical for cluster in self.clusters.values()]

    def groups(self) -> list[list[str]]:
        """The report ids of each canonical event."""
        return [[m.event_id for m in cluster.mentions] for cluster in self.clusters.values()]

    # -- internals -----------------------------------------------------------------------------
    def _bridge(self, event: Event) -> None:
        """Merge the report's event with each other event that holds a twin of it, when the two are one."""
        for twin in list(self._by_doc[event.doc_id]):
            here, there = self.cluster_of[event.event_id], self.cluster_of.get(twin.event_id)
            if there is None or there == here or not twins(event, twin, self.rules):
                continue
            a, b = self.clusters[there], self.clusters[here]
            apart = any(
                frozenset((x.event_id, y.event_id)) in self.cannot_link
                for x in a.mentions
                for y in b.mentions
            )
            if apart or not parallel(a.mentions, b.mentions, self.rules):
                continue
            near = (self._candidates(a.canonical) | self._candidates(b.canonical)) - {here, there}
            comparison = bridge(
                a.profile, b.profile, [self.clusters[c].profile for c in sorted(near)], self.rules
            )
            if comparison is None:
                continue
            kept, folded = (a, b) if arrival(self._founder(a)) <= arrival(self._founder(b)) else (b, a)
            decision = MergeDecision(
                event.event_id,
                kept.canonical_id,
                True,
                comparison,
                len(near) + 1,
                action="bridge",
                note=bridge_note(event, twin),
                folded=folded.canonical_id,
                moved=tuple(m.event_id for m in folded.mentions),
            )
            del self.clusters[folded.canonical_id]
            self._unregister(folded)
            for m in folded.mentions:
                self.cluster_of[m.event_id] = kept.canonical_id
            kept.mentions += folded.mentions
            kept.decisions += [*folded.decisions, decision]
            self._refresh(kept)

    def _undo_bridge(self, cluster: Cluster, bridged: MergeDecision) -> MergeDecision:
        """Split a bridge back into its two events; the bridging report never joins the other side again."""
        assert bridged.folded is not None
        moved = set(bridged.moved)
        back = [m for m in cluster.mentions if m.event_id in moved]
        cluster.mentions = [m for m in cluster.mentions if m.event_id not in moved]
        other_side = cluster.mentions if bridged.mention_id in moved else back
        self.cannot_link.update(frozenset((bridged.mention_id, m.event_id)) for m in other_side)
        decision = MergeDecision(bridged.mention_id, bridged.folded, False, None, 0, action="undo")
        cluster.decisions.append(decision)
        self._refresh(cluster)
        canonical = canonical_event(bridged.folded, back, self.rules)
        profile = cluster_profile(canonical, back, self.rules, self.texts)
        folded = Cluster(bridged.folded, back, canonical, profile, [decision])
        self.clusters[folded.canonical_id] = folded
        for m in back:
            self.cluster_of[m.event_id] = folded.canonical_id
        self._register(folded)
        return decision

    @staticmethod
    def _founder(cluster: Cluster) -> Event:
        return next(m for m in cluster.mentions if m.event_id == cluster.canonical_id)

    def _forbidden(self, mention_id: str, cluster: Cluster) -> bool:
        return any(frozenset((mention_id, m.event_id)) in self.cannot_link for m in cluster.mentions)

    def _candidates(self, event: Event) -> set[str]:
        if event.event_date is None:
            return set()
        found: set[str] = set()
        day = event.event_date - _REACH
        while day <= event.event_date + _REACH:
            found |= self._by_day.get(day, set())
            day += dt.timedelta(days=1)
        return found

    def _new_cluster(self, event: Event, decision: MergeDecision) -> None:
        canonical = canonical_event(event.event_id, [event], self.rules)
        profile = cluster_profile(canonical, [event], self.rules, self.texts)
        cluster = Cluster(event.event_id, [event], canonical, profile)
        cluster.decisions.append(decision)
        self.clusters[cluster.canonical_id] = cluster
        self.cluster_of[event.event_id] = cluster.canonical_id
        self._register(cluster)

    def _refresh(self, cluster: Cluster) -> None:
        self._unregister(cluster)
        cluster.canonical = canonical_event(cluster.canonical_id, cluster.mentions, self.rules)
        cluster.profile = cluster_profile(cluster.canonical, cluster.mentions, self.rules, self.texts)
        self._register(cluster)

    def _register(self, cluster: Cluster) -> None:
        if cluster.canonical.event_date is None:
            self._undated.add(cluster.canonical_id)
        else:
            self._by_day[cluster.canonical.event_date].add(cluster.canonical_id)

    def _unregister(self, cluster: Cluster) -> None:
        self._undated.discard(cluster.canonical_id)
        if cluster.canonical.event_date is not None:
            self._by_day[cluster.canonical.event_date].discard(cluster.canonical_id)


def merge_events(
    events: Iterable[Event], rules: MergeRules | None = None, texts: Mapping[str, str] | None = None
) -> MergeIndex:
    """Merge a batch of extracted events in order of publication (the order reports would arrive in).

    `texts` (doc_id → article text) is optional; with it the words around each event's evidence count.
    """
    index = MergeIndex(rules)
    texts = texts or {}
    for event in sorted(events, key=lambda e: (e.published or dt.date.min, e.doc_id, e.event_id)):
        index.add_report(event, texts.get(event.doc_id))
    return index
