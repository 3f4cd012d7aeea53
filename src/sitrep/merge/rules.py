"""The merge rules, loaded from the reviewed data file `knowledge/merge.yaml`."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_RULES = Path(__file__).resolve().parent.parent / "knowledge" / "merge.yaml"
FEATURES = ("type", "date", "place", "actors", "fatalities", "text", "names")


@dataclass(frozen=True)
class MergeRules:
    threshold: float
    weights: dict[str, float]
    max_distance_km: dict[int, float]
    admin2_slack_km: float
    compatible_event_types: frozenset[frozenset[str]]
    revision_cues: tuple[str, ...]
    generic_actors: tuple[str, ...]
    stopwords: frozenset[str]
    report_date_reach_days: int = 0
    corroboration: dict[str, float] = field(default_factory=dict)
    one_sided_types: frozenset[str] = frozenset()
    toll_disagreement: dict[str, float] = field(default_factory=dict)
    twin_bridges: bool = False

    def compatible(self, type_a: str, sub_a: str | None, type_b: str, sub_b: str | None) -> bool:
        if type_a == type_b:
            return True
        names_a = {type_a, f"{type_a}/{sub_a}"}
        names_b = {type_b, f"{type_b}/{sub_b}"}
        return any(frozenset((a, b)) in self.compatible_event_types for a in names_a for b in names_b)

    @property
    def version(self) -> str:
        """A short fingerprint stored with each merge, so a rule change is visible in the log."""
        import hashlib

        text = repr(
            (
                self.threshold,
                sorted(self.weights.items()),
                sorted(self.max_distance_km.items()),
                self.admin2_slack_km,
                sorted(map(sorted, self.compatible_event_types)),
                self.report_date_reach_days,
                sorted(self.corroboration.items()),
                sorted(self.one_sided_types),
                sorted(self.toll_disagreement.items()),
                self.twin_bridges,
            )
        )
        return hashlib.sha1(text.encode()).hexdigest()[:8]


def parse_rules(data: dict) -> MergeRules:
    weights = {name: float(data["weights"][name]) for name in FEATURES}
    if abs(sum(weights.values()) - 1.0) > 1e-6:
        raise ValueError(f"merge weights must sum to 1, not {sum(weights.values()):.3f}")
    return MergeRules(
        threshold=float(data["threshold"]),
        weights=weights,
        max_distance_km={int(k): float(v) for k, v in data["max_distance_km"].items()},
        admin2_slack_km=float(data.get("admin2_slack_km", 0.0)),
        compatible_event_types=frozenset(frozenset(pair) for pair in data["compatible_event_types"]),
        revision_cues=tuple(cue.lower() for cue in data["revision_cues"]),
        generic_actors=tuple(word.lower() for word in data["generic_actors"]),
        stopwords=frozenset(str(word).lower() for word in data["stopwords"]),
        report_date_reach_days=int(data.get("report_date_reach_days", 0)),
        corroboration={str(k): float(v) for k, v in (data.get("corroboration") or {}).items()},
        one_sided_types=frozenset(str(t) for t in data.get("one_sided_types") or ()),
        toll_disagreement={str(k): float(v) for k, v in (data.get("toll_disagreement") or {}).items()},
        twin_bridges=bool(data.get("twin_bridges", False)),
    )


@functools.cache
def load_rules(path: Path = DEFAULT_RULES) -> MergeRules:
    with path.open(encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle))
