"""Article dedup: an exact hash of the normalised text, and MinHash LSH (datasketch) for near-copies,
such as a wire story republished by many outlets with their own headline, byline and footer."""

from __future__ import annotations

import hashlib
import re

import numpy as np

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")

NUM_PERM = 128
SHINGLE = 3  # word trigrams: robust to a changed sentence, specific enough for short notes
THRESHOLD = 0.6  # estimated Jaccard similarity of shingle sets above which two texts are copies
MIN_SHINGLES = 8  # shorter texts are too small to call near-copies; only the exact hash applies
# Signatures are stored in the database, so the permutation scheme is pinned: a datasketch upgrade
# must not silently change what stored bytes mean.
SCHEME = "affine64"


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def content_hash(text: str) -> str:
    """sha256 of the text with case and whitespace normalised (reflowed copies hash the same)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    return {" ".join(words[i : i + size]).encode("utf-8") for i in range(max(0, len(words) - size + 1))}


def minhash(text: str):
    """A datasketch MinHash of the text's word shingles, or None for texts too short to compare."""
    from datasketch import MinHash

    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    signature.update_batch(list(grams))
    return signature


def to_bytes(signature) -> bytes:
    return np.asarray(signature.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes):
    from datasketch import MinHash

    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class NearDuplicateIndex:
    """MinHash LSH over the articles seen so far, keyed by doc_id. `find` returns the best match
    above the threshold, verified on the estimated Jaccard (LSH bands alone give false candidates)."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[str, object] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: str) -> bool:
        return key in self._signatures

    def add(self, key: str, signature) -> None:
        if signature is None or key in self._signatures:
            return
        self._lsh.insert(key, signature)
        self._signatures[key] = signature

    def find(self, signature) -> tuple[str, float] | None:
        if signature is None:
            return None
        best: tuple[str, float] | None = None
        for key in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[key])
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best
