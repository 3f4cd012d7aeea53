"""One event, many reports: merging the same event across articles, the ACLED way.

Pure parts (no I/O), usable on `sitrep.records.Event` lists:
- `similarity`: blocking gates and the weighted similarity, with the features of each decision;
- `reconcile`: the canonical record of a group of reports (toll, sources, fields);
- `split`: multi-day campaigns into days, and ACLED's division rule;
- `cluster`: `MergeIndex`, incremental merging in memory, with undo.
The store integration (`merge_mentions`, `rebuild`, `undo_merge`) lives in `sitrep.merge.store`.
"""

from __future__ import annotations

from typing import Any

from sitrep.merge.cluster import MergeDecision, MergeIndex, merge_events
from sitrep.merge.reconcile import Toll, canonical_event, reconcile_fatalities
from sitrep.merge.rules import MergeRules, load_rules
from sitrep.merge.split import campaign_days, divide_total, split_campaign

__all__ = [
    "MergeDecision",
    "MergeIndex",
    "MergeRules",
    "Toll",
    "campaign_days",
    "canonical_event",
    "divide_total",
    "load_rules",
    "merge_events",
    "merge_mentions",
    "rebuild",
    "reconcile_fatalities",
    "split_campaign",
]


def merge_mentions(session: Any, mentions: Any) -> Any:
    """The store's hook (see `sitrep.store.repository`): fold new mentions into stored canonical events."""
    from sitrep.merge.store import merge_mentions as run

    return run(session, mentions)


def rebuild(session: Any) -> Any:
    from sitrep.merge.store import rebuild as run

    return run(session)
