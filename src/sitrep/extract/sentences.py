"""Cut article text into sentences with offsets, and mark page furniture.

A rule splitter, not spaCy's parser: it runs on every sentence of every article, and the parser is
kept for the few sentences that can hold an event.
"""

from __future__ import annotations

import re

from sitrep.extract.context import Sentence

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before whitespace and
# an upper-case letter, digit or opening quote. Abbreviations below do not end a sentence.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATIONS = set(
    "mr mrs ms dr gen lt col maj capt sgt st jr sr no vs u.s u.n u.k jan feb mar apr aug sep sept oct "
    "nov dec gov sen rep prof inc corp co ltd d.i e.g i.e approx est".split()
)
# Wire copy is often hard-wrapped at ~70 characters: a long line that does not end a sentence
# continues on the next line, and the newline is only a space.
_WRAP_MIN_CHARS = 50
_FURNITURE = re.compile(
    r"^(recent comments|related( articles| posts| stories)?|share( this)?|comments?|leave a reply|"
    r"advertisement|read more|subscribe.*|follow us.*|tags?:.*|categories?:.*|you may also like|"
    r"most read|trending|click here.*|sign up.*|copyright.*|all rights reserved.*)$",
    re.IGNORECASE,
)


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        for start, end in _split_line(block):
            raw = block[start:end]
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw.rstrip())
            if trail <= lead:
                continue
            s, e = block_start + start + lead, block_start + start + trail
            piece = text[s:e]
            sentences.append(Sentence(len(sentences), s, e, piece, _is_furniture(piece)))
    return sentences


def _blocks(text: str) -> list[tuple[int, int]]:
    """Runs of lines joined by soft wraps; headings and paragraphs stay apart."""
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    for line in re.finditer(r"[^\n]+", text):
        if not line.group().strip():
            current = _close(blocks, current)
            continue
        if (
            current is not None
            and _soft_wrapped(text[current[0] : current[1]].rsplit("\n", 1)[-1])
            and (text.count("\n", current[1], line.start()) == 1)
        ):
            current = (current[0], line.end())
        else:
            _close(blocks, current)
            current = (line.start(), line.end())
    _close(blocks, current)
    return blocks


def _close(blocks: list[tuple[int, int]], current: tuple[int, int] | None) -> None:
    if current is not None:
        blocks.append(current)
    return None


def _soft_wrapped(line: str) -> bool:
    stripped = line.rstrip()
    return len(stripped) >= _WRAP_MIN_CHARS and not re.search(r"[.!?:][\"'”’)\]]*$", stripped)


def _split_line(line: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(line):
        before = line[start : m.start()]
        last_word = re.search(r"([A-Za-z.]+)\.\s*$", before)
        if last_word and (
            last_word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(last_word.group(1)) == 1
        ):
            continue
        pieces.append((start, m.start()))
        start = m.end()
    pieces.append((start, len(line)))
    return pieces


def _is_furniture(sentence: str) -> bool:
    stripped = sentence.strip()
    if _FURNITURE.match(stripped):
        return True
    # A heading: a short line with no closing punctuation and no digits (datelines have digits).
    # A trailing bracketed note ("... the protest. [size=hundreds]") does not make a sentence a heading.
    stripped = re.sub(r"\s*\[[^\]]*\]$", "", stripped) or stripped
    words = stripped.split()
    return len(words) <= 8 and not re.search(r"[.!?\"”:;]$", stripped) and not re.search(r"\d", stripped)
