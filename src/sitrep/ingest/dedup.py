"""Article dedup: an exact hash of the normalised text, and MinHash LSH (datasketch) for near-copies,
such as a wire story republished by many outlets with their own headline, byline and footer."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import numpy as np

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_TOKEN = re.compile(r"\w+|[.!?\n]")
_SENTENCE_END = {".", "!", "?", "\n"}  # a line break ends a headline or a paragraph
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

NUM_PERM = 128
SHINGLE = 3  # word trigrams: robust to a changed sentence, specific enough for short notes
# Estimated Jaccard similarity of word-trigram sets above which two texts are copies. On texts republished
# with other furniture, credit lines and a cut last sentence (bench/ingest.py), 0.5 keeps pairwise
# precision near 1 (the "misses" were true duplicates inside the source set) with recall about 0.95;
# 0.6 loses a quarter of the copies of short texts, where a credit line is a large share of the words.
THRESHOLD = 0.5
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


def numbers(text: str) -> frozenset[str]:
    return frozenset(n.replace(",", "") for n in _NUMBER.findall(text))


def consistent_numbers(a: str, b: str) -> bool:
    """Whether one text's numbers all appear in the other. An updated toll ("five killed" then "seven
    killed" in digits) or another incident from a templated summary changes a number: such texts must each
    be extracted, even when their words are nearly the same. A copy with a sentence cut off still passes."""
    na, nb = numbers(a), numbers(b)
    return na <= nb or nb <= na


FLANK_WORDS = 4  # runs of shared words this long mark the story's own text, as opposed to credit lines


def swapped_detail(a: str, b: str, outlets: Iterable[str | None] = ()) -> bool:
    """Whether the texts differ by a name or number replaced inside otherwise shared wording.

    Templated reports ("On 3 May, residents protested in Nis, demanding ...") differ from the report of
    the next incident only there, so word overlap alone would call them copies. Differences at the
    edges (an agency dateline, a reporting credit, a cut last sentence) are what republishing changes;
    a swap between two runs of shared words is not, unless it only swaps the `outlets` (the names of
    the two publishers, which a copy may put in its own dateline).
    """
    from difflib import SequenceMatcher

    own = {w.lower() for name in outlets if name for w in _WORD.findall(name)}
    wa, wb = _TOKEN.findall(a), _TOKEN.findall(b)
    opcodes = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    shared = [i for i, op in enumerate(opcodes) if op[0] == "equal" and op[2] - op[1] >= FLANK_WORDS]
    if not shared:
        return False
    # The story's shared text ends at the last sentence end inside a long shared run; what differs
    # after it is a credit line ("Reporting by ..."). What differs before it, after the first long run,
    # is the story itself ending differently ("... gathered in Sidon." / "... blocked a road in Souairi.").
    story_end = max(
        (
            a0 + k + 1
            for tag, a0, a1, _, _ in (opcodes[i] for i in shared)
            for k in range(a1 - a0)
            if wa[a0 + k] in _SENTENCE_END
        ),
        default=0,
    )
    # Likewise a differing head is a headline or an agency dateline only if the shared text then starts
    # a sentence; otherwise the first sentence itself differs ("Assailants opened fire on ..." / "An
    # explosive device detonated near ...", then the same place and toll).
    _, a0, _, b0, _ = opcodes[shared[0]]
    starts_sentence = _starts_sentence(wa, a0, own) or _starts_sentence(wb, b0, own)
    first = 0 if not starts_sentence else shared[0] + 1
    for tag, a0, a1, b0, b1 in opcodes[first:]:
        if a0 >= story_end:
            break
        if tag == "replace" and (_has_detail(wa[a0:a1], own) or _has_detail(wb[b0:b1], own)):
            return True
    return False


def _starts_sentence(tokens: list[str], position: int, outlets: set[str]) -> bool:
    """Whether `tokens[position]` begins a sentence, looking past an outlet's name in a dateline."""
    while position > 0 and tokens[position - 1].lower() in outlets:
        position -= 1
    return position == 0 or tokens[position - 1] in _SENTENCE_END


def _has_detail(words: list[str], ignore: set[str]) -> bool:
    return any((w[0].isupper() or any(ch.isdigit() for ch in w)) and w.lower() not in ignore for w in words)


def is_copy(a: str, b: str, outlets: Iterable[str | None] = ()) -> bool:
    """The final check on a MinHash match: same numbers, no swapped name or number."""
    return consistent_numbers(a, b) and not swapped_detail(a, b, outlets)


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
    """MinHash LSH over the articles extraction ran on, keyed by doc_id. `candidates` verifies the LSH
    hits on the estimated Jaccard similarity (LSH bands alone give false candidates)."""

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

    def candidates(self, signature) -> list[tuple[str, float]]:
        """Stored keys whose estimated Jaccard similarity reaches the threshold, most similar first."""
        if signature is None:
            return []
        found = []
        for key in self._lsh.query(signature):
            similarity = signature.jaccard(self._signatures[key])
            if similarity >= self.threshold:
                found.append((key, similarity))
        return sorted(found, key=lambda item: (-item[1], item[0]))
