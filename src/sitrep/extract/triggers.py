"""Find trigger words with one Aho-Corasick pass over the article (knowledge/triggers.yaml).

Owner: issue 4. Only sentences holding a trigger are parsed by spaCy.
"""

from __future__ import annotations

from sitrep.extract.context import Sentence, Trigger
from sitrep.records import Span

# Minimal seed lexicon until knowledge/triggers.yaml lands.
_SEED = {
    "suicide bomb": "suicide_bomb", "airstrike": "air_strike", "clash": "armed_clash",
    "protest": "peaceful_protest", "arrested": "arrests", "killed": "attack", "attack": "attack",
}


class TriggerLexicon:
    def __init__(self, phrases: dict[str, str] | None = None) -> None:
        self.phrases = phrases or _SEED

    def find(self, text: str, sentences: list[Sentence]) -> list[Trigger]:
        lowered = text.lower()
        found: list[Trigger] = []
        for sentence in sentences:
            if sentence.furniture:
                continue
            chunk = lowered[sentence.start : sentence.end]
            for phrase, category in self.phrases.items():
                at = chunk.find(phrase)
                if at >= 0:
                    s = sentence.start + at
                    found.append(Trigger(Span(start=s, end=s + len(phrase), text=text[s : s + len(phrase)]),
                                         sentence.index, category))
        return found
