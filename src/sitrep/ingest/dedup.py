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
# Estimated Jaccard similarity of word-trigram sets from which two texts may be copies; `is_copy` then
# checks numbers and swapped names. On texts republished with other furniture, credit lines and a cut
# last sentence (bench/ingest.py), short texts reach only 0.4-0.6 (a credit line is a large share of
# their words): 0.4 with the checks keeps pairwise precision at 0.99, where every remaining "false" pair
# is two identical texts in the source set, and recall at 0.98; 0.6 would lose a fifth of the copies.
THRESHOLD = 0.4
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


FLANK_WORDS = 4  # shared runs this long are the story's own text; shorter ones may be credit-line words


def swapped_detail(a: str, b: str, outlets: Iterable[str | None] = ()) -> bool:
    """Whether the texts differ by a name or number replaced in the middle of a shared sentence.

    Templated reports ("On 3 May, residents protested in Nis, demanding ...") differ from the report of
    the next incident only there, so word overlap alone would call them copies. What republishing
    changes sits between sentences: a headline, a byline, an agency dateline, a reporting credit after
    the story's last sentence. So a replaced stretch counts when it starts mid-sentence in both texts,
    next to a long run of shared words, before the story's shared text ends, and names something (a
    capitalised word or a number) other than the `outlets` themselves.
    """
    from difflib import SequenceMatcher

    own = {w.lower() for name in outlets if name for w in _WORD.findall(name)}
    wa, wb = _TOKEN.findall(a), _TOKEN.findall(b)
    opcodes = SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes()
    # The story's shared text ends at the last sentence end inside a long shared run.
    story_end = max(
        (
            a0 + k + 1
            for tag, a0, a1, _, _ in opcodes
            if tag == "equal" and a1 - a0 >= FLANK_WORDS
            for k in range(a1 - a0)
            if wa[a0 + k] in _SENTENCE_END
        ),
        default=0,
    )

    def long_shared(i: int) -> bool:
        return (
            0 <= i < len(opcodes)
            and opcodes[i][0] == "equal"
            and opcodes[i][2] - opcodes[i][1] >= FLANK_WORDS
        )

    for i, (tag, a0, a1, b0, b1) in enumerate(opcodes):
        if a0 >= story_end:
            break
        if tag != "replace" or _starts_sentence(wa, a0, own) or _starts_sentence(wb, b0, own):
            continue
        # Inside the shared story means its sentence runs on from, or on into, a long shared run;
        # scattered one-word matches (two different headlines) do not count.
        runs_on = long_shared(i + 1) and wa[opcodes[i + 1][1]] not in _SENTENCE_END
        if not (long_shared(i - 1) or runs_on):
            continue
        if _only_breaks(wa[a0:a1], own) or _only_breaks(wb[b0:b1], own):
            continue  # words put where the other copy breaks a line: a byline or dateline, not a swap
        if _has_detail(wa[a0:a1], own) or _has_detail(wb[b0:b1], own):
            return True
    return False


def _starts_sentence(tokens: list[str], position: int, outlets: set[str]) -> bool:
    """Whether `tokens[position]` begins a sentence, looking past an outlet's name in a dateline."""
    while position > 0 and tokens[position - 1].lower() in outlets:
        position -= 1
    return position == 0 or tokens[position - 1] in _SENTENCE_END


def _only_breaks(tokens: list[str], outlets: set[str]) -> bool:
    return all(t in _SENTENCE_END or t.lower() in outlets for t in tokens)


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
