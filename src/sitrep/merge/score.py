"""Scoring a merge against gold groupings: pairwise precision/recall and B-cubed (pure)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import combinations


@dataclass(frozen=True)
class MergeScores:
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    gold_pairs: int
    predicted_pairs: int
    items: int


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def pairs_of(groups: Iterable[Iterable[Hashable]]) -> set[frozenset]:
    """Every unordered pair of distinct items that share a group."""
    out: set[frozenset] = set()
    for group in groups:
        for a, b in combinations(sorted(set(group), key=str), 2):
            out.add(frozenset((a, b)))
    return out


def components(items: Iterable[Hashable], links: Iterable[frozenset]) -> list[set]:
    """Connected components: the partition that linked items induce (transitively)."""
    parent = {item: item for item in items}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        a, b = tuple(link)
        parent[find(a)] = find(b)
    groups: dict = {}
    for item in parent:
        groups.setdefault(find(item), set()).add(item)
    return list(groups.values())


def score_merge(
    items: Iterable[Hashable], gold_links: set[frozenset], predicted_links: set[frozenset]
) -> MergeScores:
    """Pairwise scores on the links as given; B-cubed on the partitions they induce."""
    items = list(dict.fromkeys(items))
    hit = len(gold_links & predicted_links)
    p = hit / len(predicted_links) if predicted_links else 1.0
    r = hit / len(gold_links) if gold_links else 1.0
    gold_of = {x: frozenset(c) for c in components(items, gold_links) for x in c}
    pred_of = {x: frozenset(c) for c in components(items, predicted_links) for x in c}
    bp = sum(len(pred_of[x] & gold_of[x]) / len(pred_of[x]) for x in items) / len(items) if items else 1.0
    br = sum(len(pred_of[x] & gold_of[x]) / len(gold_of[x]) for x in items) / len(items) if items else 1.0
    return MergeScores(
        round(p, 4),
        round(r, 4),
        round(_f1(p, r), 4),
        round(bp, 4),
        round(br, 4),
        round(_f1(bp, br), 4),
        len(gold_links),
        len(predicted_links),
        len(items),
    )
