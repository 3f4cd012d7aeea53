"""A learned sub-event classifier that users fit to their own labelled notes (`sitrep train`).

Multinomial naive Bayes on words and word pairs, with a softmax temperature fitted on a held-out
tenth so that its probabilities can be compared with the rules' confidence. numpy only, saved as
JSON. sitrep ships no model: the rules are the default, and a model is used only when the user has
trained one (see `default_path`).
"""

from __future__ import annotations

import json
import os
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

FORMAT = "sitrep-sub-event-nb/1"
_TOKEN = re.compile(r"[a-z][a-z'-]+")
# ACLED note boilerplate that says nothing about the event's kind.
_META = re.compile(r"\[size=[^\]]*\]|\d+ fatalit\w+ split[^.]*\.|coded as \w+", re.I)


def features(text: str) -> list[str]:
    words = _TOKEN.findall(_META.sub(" ", text.lower()))
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


@dataclass
class SubEventModel:
    classes: list[str]
    vocab: dict[str, int]
    log_prior: np.ndarray  # (C,)
    log_likelihood: np.ndarray  # (V, C)
    temperature: float = 1.0

    def scores(self, text: str) -> np.ndarray:
        ids = [self.vocab[f] for f in features(text) if f in self.vocab]
        logits = self.log_prior + (self.log_likelihood[ids].sum(axis=0) if ids else 0.0)
        logits = logits / self.temperature
        logits = logits - logits.max()
        p = np.exp(logits)
        return p / p.sum()

    def predict(self, text: str) -> tuple[str, float]:
        p = self.scores(text)
        best = int(p.argmax())
        return self.classes[best], float(p[best])

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": FORMAT,
            "classes": self.classes,
            "vocab": self.vocab,
            "log_prior": self.log_prior.round(5).tolist(),
            "log_likelihood": self.log_likelihood.round(4).tolist(),
            "temperature": self.temperature,
        }
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(json.dumps(payload), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> SubEventModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ValueError(f"{path} is not a sitrep sub-event model ({data.get('format')!r})")
        return cls(
            classes=list(data["classes"]),
            vocab={str(k): int(v) for k, v in data["vocab"].items()},
            log_prior=np.asarray(data["log_prior"], dtype=float),
            log_likelihood=np.asarray(data["log_likelihood"], dtype=float),
            temperature=float(data.get("temperature", 1.0)),
        )


def fit(texts: Sequence[str], labels: Sequence[str], min_count: int = 2, alpha: float = 0.5) -> SubEventModel:
    if not texts or len(texts) != len(labels):
        raise ValueError("need as many labels as texts, and at least one of each")
    classes = sorted(set(labels))
    index = {c: i for i, c in enumerate(classes)}
    docs = [set(features(t)) for t in texts]
    counts: dict[str, int] = {}
    for doc in docs:
        for f in doc:
            counts[f] = counts.get(f, 0) + 1
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= min_count))}
    table = np.zeros((len(vocab), len(classes)))
    prior = np.zeros(len(classes))
    for doc, label in zip(docs, labels, strict=True):
        c = index[label]
        prior[c] += 1
        ids = [vocab[f] for f in doc if f in vocab]
        table[ids, c] += 1
    table += alpha
    log_likelihood = np.log(table / table.sum(axis=0, keepdims=True))
    log_prior = np.log(prior / prior.sum())
    return SubEventModel(classes, vocab, log_prior, log_likelihood)


def calibrate(model: SubEventModel, texts: Sequence[str], labels: Sequence[str]) -> float:
    """Pick the softmax temperature that best predicts held-out labels (naive Bayes is overconfident)."""
    if not texts:
        return model.temperature
    best_t, best_loss = 1.0, float("inf")
    for t in (1, 2, 3, 5, 8, 12, 20, 30, 50):
        model.temperature = float(t)
        loss = 0.0
        for text, label in zip(texts, labels, strict=True):
            p = model.scores(text)
            i = model.classes.index(label) if label in model.classes else None
            loss -= float(np.log(p[i] + 1e-12)) if i is not None else float(np.log(1e-12))
        if loss < best_loss:
            best_t, best_loss = float(t), loss
    model.temperature = best_t
    return best_t


def split(
    rows: Sequence[tuple[str, str]], held_out: float = 0.1, seed: int = 13
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    shuffled = list(rows)
    random.Random(seed).shuffle(shuffled)
    cut = int(len(shuffled) * held_out)
    return shuffled[cut:], shuffled[:cut]


def accuracy(model: SubEventModel, rows: Iterable[tuple[str, str]]) -> float | None:
    rows = list(rows)
    if not rows:
        return None
    return sum(model.predict(text)[0] == label for text, label in rows) / len(rows)


def default_path() -> Path:
    """$SITREP_SUB_EVENT_MODEL, else $XDG_DATA_HOME/sitrep/sub_event_model.json (~/.local/share)."""
    explicit = os.environ.get("SITREP_SUB_EVENT_MODEL")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sitrep" / "sub_event_model.json"


def load_default() -> SubEventModel | None:
    """The user's trained model, or None: a missing or unreadable model falls back to the rules."""
    path = default_path()
    if not path.is_file():
        return None
    try:
        return SubEventModel.load(path)
    except (OSError, ValueError, KeyError, TypeError) as err:
        import sys

        print(f"sitrep: ignoring sub-event model {path}: {err}", file=sys.stderr)
        return None
