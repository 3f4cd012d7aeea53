"""The number parser: "at least 12", "two dozen", "between 10 and 15", "several", "1,200" → typed quantities.

It only reads numbers; what the number counts (deaths, injuries, arrests) is decided in numbers.py.
The lexicon lives in knowledge/numbers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


@dataclass(frozen=True)
class Quantity:
    """A number found in text. Offsets are into the string given to `find_quantities`."""

    value: int  # the figure to code (ACLED's rules for vague words applied)
    low: int
    high: int | None  # None: open above ("at least 5", "more than 20")
    start: int
    end: int
    text: str
    qualifier: str | None = None  # min, above, max, below, approx, exact, range
    vague: bool = False
    # The next word is a unit ("24 hours", "82mm") or the number is part of a date: not a count of people.
    not_people: bool = False


@dataclass(frozen=True)
class NumberLexicon:
    units: dict[str, int]
    tens: dict[str, int]
    scales: dict[str, int]
    exact_words: dict[str, int]
    vague: dict[str, tuple[int, int]]
    qualifiers: dict[str, str]
    units_not_people: frozenset[str]
    raw: dict[str, Any]


@lru_cache(maxsize=1)
def load_lexicon() -> NumberLexicon:
    text = resources.files("sitrep").joinpath("knowledge/numbers.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return NumberLexicon(
        units=dict(data["units"]),
        tens=dict(data["tens"]),
        scales=dict(data["scales"]),
        exact_words=dict(data["exact_words"]),
        vague={k: (int(v["value"]), int(v["large"])) for k, v in data["vague"].items()},
        qualifiers=dict(data["qualifiers"]),
        units_not_people=frozenset(str(u).lower() for u in data["units_not_people"]),
        raw=data,
    )


_TOKEN = re.compile(r"\d+(?:,\d{3})+(?![\d])|\d+(?:\.\d+)?|[A-Za-z]+(?:'[a-z]+)?|[^\sA-Za-z\d]")
_AGE_UNITS = {
    "year",
    "month",
    "week",
    "day",
    "hour",
    "minute",
    "storey",
    "story",
    "kilometre",
    "kilometer",
    "km",
}
_MONTHS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}


@dataclass(frozen=True)
class _Tok:
    text: str
    low: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    return [_Tok(m.group(), m.group().lower(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=16)
def _first_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split()[0] for p in phrases)


def _phrase_at(toks: list[_Tok], i: int, phrases: dict[str, Any]) -> tuple[str, int] | None:
    """The longest phrase of `phrases` starting at token i, and the index after it."""
    if i >= len(toks) or toks[i].low not in _first_words(frozenset(phrases)):
        return None  # most tokens start no phrase: skip the joins
    best: tuple[str, int] | None = None
    for n in (4, 3, 2, 1):
        if i + n > len(toks):
            continue
        candidate = " ".join(t.low for t in toks[i : i + n])
        if candidate in phrases:
            best = (candidate, i + n)
            break
    return best


def _digits(tok: _Tok) -> int | None:
    if not tok.text[0].isdigit():
        return None
    try:
        return int(float(tok.text.replace(",", "")))
    except ValueError:
        return None


def _number_at(toks: list[_Tok], i: int, lex: NumberLexicon) -> tuple[int, int] | None:
    """A plain number at token i: digits ("1,200", "2 million") or words ("one hundred and five",
    "twenty-five", "two dozen"). Returns (value, index after it)."""
    if i >= len(toks):
        return None
    value = _digits(toks[i])
    j = i + 1
    if value is not None:
        if (
            j < len(toks)
            and toks[j].low in ("million", "thousand", "hundred")
            and toks[j].start == toks[i].end + 1
        ):
            value *= lex.scales[toks[j].low]
            j += 1
    else:
        parsed = _words_at(toks, i, lex)
        if parsed is None:
            return None
        value, j = parsed
    if j < len(toks) and toks[j].low == "dozen":
        value *= 12
        j += 1
    return value, j


def _words_at(toks: list[_Tok], i: int, lex: NumberLexicon) -> tuple[int, int] | None:
    total, current, last, k, end = 0, 0, "", i, i
    while k < len(toks):
        word = toks[k].low
        nxt = toks[k + 1].low if k + 1 < len(toks) else ""
        if word == "-" and last == "ten" and 0 < lex.units.get(nxt, 0) < 10:
            k += 1
            continue
        if word == "and" and last == "scale" and (nxt in lex.units or nxt in lex.tens):
            k += 1
            continue
        if word in lex.units and last in ("", "ten", "scale"):
            unit = lex.units[word]
            if last == "ten" and not 0 < unit < 10:
                break
            current += unit
            last = "unit"
        elif word in lex.tens and last in ("", "scale"):
            current += lex.tens[word]
            last = "ten"
        elif word in lex.scales and last in ("unit", "ten", "scale"):
            scale = lex.scales[word]
            if scale == 100:
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * scale
                current = 0
            last = "scale"
        else:
            break
        k += 1
        end = k
    if end == i:
        return None
    return total + current, end


def _is_not_people(toks: list[_Tok], i: int, j: int, text: str, lex: NumberLexicon) -> bool:
    after = toks[j].low if j < len(toks) else ""
    before = toks[i - 1].low if i > 0 else ""
    ordinal = after in ("st", "nd", "rd", "th") and j < len(toks) and toks[j].start == toks[j - 1].end
    # "AR-15", "F-16", "COVID-19": a name, not a number
    if (
        i >= 2
        and toks[i - 1].low == "-"
        and toks[i - 1].end == toks[i].start
        and toks[i - 2].end == toks[i - 1].start
    ):
        if toks[i - 2].text[:1].isalpha():
            return True
    # "a 17-year-old", "a 10-minute firefight"
    if after == "-" and j + 1 < len(toks) and toks[j + 1].low.rstrip("s") in _AGE_UNITS:
        return True
    if ordinal or after in lex.units_not_people or after in _MONTHS or before in _MONTHS:
        return True
    # 10:30, 01/02/2021, 2021-01-02
    tail = text[toks[j - 1].end : toks[j - 1].end + 1]
    head = text[toks[i].start - 1 : toks[i].start] if toks[i].start > 0 else ""
    if tail in (":", "/") or head in ("/", ":") or (tail == "-" and after.isdigit() and len(after) == 2):
        return True
    value = _digits(toks[i])
    return value is not None and len(toks[i].text) == 4 and 1900 <= value <= 2100


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, left to right, without overlaps."""
    return list(_find_quantities(text))


@lru_cache(maxsize=4096)
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    # the counting rules ask about the same stretches of a sentence many times
    lex = load_lexicon()
    toks = _tokens(text)
    found: list[Quantity] = []
    i = 0
    while i < len(toks):
        q = _quantity_at(toks, i, text, lex)
        if q is None:
            i += 1
            continue
        quantity, j = q
        found.append(quantity)
        i = j
    return tuple(found)


def _make(
    toks: list[_Tok],
    i: int,
    j: int,
    text: str,
    value: int,
    low: int,
    high: int | None,
    qualifier: str | None,
    vague: bool,
    not_people: bool,
) -> Quantity:
    s, e = toks[i].start, toks[j - 1].end
    return Quantity(value, low, high, s, e, text[s:e], qualifier, vague, not_people)


def _quantity_at(toks: list[_Tok], i: int, text: str, lex: NumberLexicon) -> tuple[Quantity, int] | None:
    # "between 10 and 15"
    if toks[i].low == "between":
        first = _number_at(toks, i + 1, lex)
        if first and first[1] < len(toks) and toks[first[1]].low == "and":
            second = _number_at(toks, first[1] + 1, lex)
            if second:
                lo, hi = sorted((first[0], second[0]))
                j = second[1]
                return _make(
                    toks, i, j, text, lo, lo, hi, "range", False, _is_not_people(toks, i + 1, j, text, lex)
                ), j
    qualifier: str | None = None
    start = i
    hit = _phrase_at(toks, i, lex.qualifiers)
    if hit is not None:
        phrase, after = hit
        if _number_at(toks, after, lex) is not None or _phrase_at(toks, after, lex.exact_words):
            qualifier = lex.qualifiers[phrase]
            i = after
    exact = _phrase_at(toks, i, lex.exact_words)
    if exact is not None and exact[0] == "another" and _number_at(toks, exact[1], lex):
        exact = None  # "another 40 people": the number counts, "another" only says they are more
        i += 1
    if exact is not None:
        phrase, j = exact
        v = lex.exact_words[phrase]
        return _bounded(toks, start, j, text, v, qualifier, False, lex), j
    vague = _phrase_at(toks, i, lex.vague) if qualifier is None else None
    if vague is not None:
        phrase, j = vague
        # "some 20 people": "some" is a qualifier there, handled above
        if phrase in ("some",) and j < len(toks) and _number_at(toks, j, lex):
            vague = None
        else:
            v = lex.vague[phrase][0]
            unit = j < len(toks) and toks[j].low in lex.units_not_people  # "several hours later"
            return _make(toks, start, j, text, v, v, None, "vague", True, unit), j
    number = _number_at(toks, i, lex)
    if number is None:
        return None
    value, j = number
    # "8-10", "two or three", "10 to 15"
    if j + 1 < len(toks) and toks[j].low in ("-", "to", "or"):
        second = _number_at(toks, j + 1, lex)
        if second and second[0] > value and not (toks[j].low == "-" and toks[j].start != toks[j - 1].end):
            k = second[1]
            np = _is_not_people(toks, i, k, text, lex)
            return _make(toks, start, k, text, value, value, second[0], "range", False, np), k
    not_people = _is_not_people(toks, i, j, text, lex)
    return _bounded(toks, start, j, text, value, qualifier, not_people, lex), j


def _bounded(
    toks: list[_Tok],
    i: int,
    j: int,
    text: str,
    value: int,
    qualifier: str | None,
    not_people: bool,
    lex: NumberLexicon,
) -> Quantity:
    """Low and high from the qualifier: "at least 5" is 5 or more, "up to 5" is at most 5."""
    if qualifier in ("min", "above"):
        return _make(toks, i, j, text, value, value, None, qualifier, False, not_people)
    if qualifier in ("max", "below"):
        return _make(
            toks,
            i,
            j,
            text,
            value,
            0 if qualifier == "max" else max(value - 1, 0),
            value,
            qualifier,
            False,
            not_people,
        )
    return _make(toks, i, j, text, value, value, value, qualifier, False, not_people)


def parse_number(text: str) -> int | None:
    """The value of a text that is one quantity and nothing else ("twenty-five", "1,200"), else None."""
    found = find_quantities(text)
    if len(found) != 1 or found[0].text != text.strip():
        return None
    return found[0].value
