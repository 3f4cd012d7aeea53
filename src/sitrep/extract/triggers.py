"""Find trigger words with one Aho-Corasick pass over the article (knowledge/triggers.yaml).

Owner: issue 4. Only sentences holding a trigger are parsed by spaCy, so this pass must be cheap
and must not miss: it over-generates, and the segmenter decides which mentions are events.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import ahocorasick
import yaml

from sitrep.extract.context import Sentence, Trigger
from sitrep.records import Span


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    label: str


def fold(text: str) -> str:
    """Lower-case without changing length, so offsets into the folded text are offsets into `text`."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class PhraseMatcher:
    """Whole-word phrase matching. A trailing `*` in a phrase lets its last word run on."""

    def __init__(self, phrases: dict[str, str]) -> None:
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, bool]]] = {}
        for phrase, label in phrases.items():
            star = phrase.endswith("*")
            key = phrase.rstrip("*").strip().lower()
            if key:
                entries.setdefault(key, []).append((label, star))
        for key, values in entries.items():
            self._automaton.add_word(key, (len(key), values))
        self.empty = not entries
        if not self.empty:
            self._automaton.make_automaton()

    def finditer(self, folded: str, start: int = 0, end: int | None = None) -> list[Match]:
        """Matches in folded[start:end], longest first at each position."""
        if self.empty:
            return []
        end = len(folded) if end is None else end
        found: dict[tuple[int, int, str], Match] = {}
        for last, (length, values) in self._automaton.iter(folded, start, end):
            s = last - length + 1
            e = last + 1
            if s > 0 and _is_word_char(folded[s - 1]) and _is_word_char(folded[s]):
                continue
            for label, star in values:
                stop = e
                if star:
                    while stop < end and _is_word_char(folded[stop]):
                        stop += 1
                elif stop < len(folded) and _is_word_char(folded[stop]) and _is_word_char(folded[stop - 1]):
                    continue
                found[(s, stop, label)] = Match(s, stop, label)
        return sorted(found.values(), key=lambda m: (m.start, -(m.end - m.start), m.label))


@dataclass(frozen=True)
class Knowledge:
    """knowledge/triggers.yaml, loaded: event categories with their strength, and classifier cues."""

    categories: dict[str, str]  # phrase → category
    strength: dict[str, str]  # category → "strong" | "weak"
    cues: dict[str, PhraseMatcher]


def load_knowledge(text: str | None = None) -> Knowledge:
    data = yaml.safe_load(text if text is not None else _yaml_text())
    phrases: dict[str, str] = {}
    strength: dict[str, str] = {}
    for category, spec in (data.get("categories") or {}).items():
        strength[category] = spec.get("strength", "strong")
        for phrase in spec.get("phrases") or []:
            phrases.setdefault(str(phrase).lower(), category)
    cues = {
        name: PhraseMatcher({str(p).lower(): name for p in items or []})
        for name, items in (data.get("cues") or {}).items()
    }
    return Knowledge(phrases, strength, cues)


def _yaml_text() -> str:
    return resources.files("sitrep.knowledge").joinpath("triggers.yaml").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    return load_knowledge()


def cue_matches(name: str, folded: str, start: int = 0, end: int | None = None) -> list[Match]:
    """Where the cue list `name` of the default knowledge occurs in folded[start:end]."""
    matcher = default_knowledge().cues.get(name)
    return matcher.finditer(folded, start, end) if matcher else []


def has_cue(name: str, folded: str, start: int = 0, end: int | None = None) -> bool:
    return bool(cue_matches(name, folded, start, end))


class TriggerLexicon:
    def __init__(self, phrases: dict[str, str] | None = None) -> None:
        knowledge = default_knowledge()
        self.phrases = phrases if phrases is not None else knowledge.categories
        self.strength = knowledge.strength
        self._matcher = PhraseMatcher(self.phrases)

    def find(self, text: str, sentences: list[Sentence]) -> list[Trigger]:
        folded = fold(text)
        found: list[Trigger] = []
        for sentence in sentences:
            if sentence.furniture:
                continue
            for m in self._matcher.finditer(folded, sentence.start, sentence.end):
                found.append(
                    Trigger(
                        Span(start=m.start, end=m.end, text=text[m.start : m.end]), sentence.index, m.label
                    )
                )
        return found
