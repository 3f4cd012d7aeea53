"""Toponym recognition: the stretches of text that can name a place, with their gazetteer senses and cues.

Gazetteer matching runs over every sentence (spaCy docs exist only for event-frame sentences, and NER
misses small towns such as Turbat or Panjgur): capitalised word sequences up to the longest name in
the index are looked up in one batch, and the longest match wins. Cues around a match say what kind of
place it is ("X district", "X province") and how precise it is ("near X", "the X area of Y"), and an
upper-case "QUETTA, Nov 20 –" at the top is a dateline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache

from sitrep.extract.context import Sentence
from sitrep.gazetteer.build import load_curated
from sitrep.gazetteer.names import FoldedText, fold, skeleton
from sitrep.gazetteer.store import ADMIN1, ADMIN2, ADMIN3, COUNTRY, TOWN, Index, NameHit

# A word: letters first, then letters, digits, apostrophes, hyphens, or inner dots ("D.I.").
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’]|\.(?=[^\W\d_]))*\.?")
# Words that may sit inside a multi-word name in lower case ("Sistan and Baluchestan", "Bandar-e Abbas").
_INNER = frozenset(
    {
        "and",
        "de",
        "del",
        "des",
        "du",
        "da",
        "do",
        "dos",
        "das",  # "Ribeirao das Neves", "Mogi das Cruzes"
        "di",
        "el",
        "al",
        "la",
        "le",
        "los",
        "las",
        "e",
        "i",
        "y",
        "of",
        "the",
        "ul",
        "ur",
        "an",
        "en",
        "sur",
        "am",
        "bin",
        "ibn",
    }
)

# Arabic articles that news copy writes in lower case before a name ("al-Bab", "el Hermel"); not "as",
# "at" or "an", which are English words before names
_ARTICLES = frozenset({"al", "el"})

# "INDIANS" in Latin American copy are the continent's native peoples (Columbus's misnomer): the one
# plural of a demonym that names no nation's citizens
_PEOPLES_NOT_NATIONS = frozenset({"indians"})

_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?\Z", re.IGNORECASE)
_TO_AFTER = re.compile(r"\s+(?:to|towards?)\s", re.IGNORECASE)
_NEAR_BEFORE = re.compile(
    r"(?:\bnear(?:by)?|\bclose to|\boutside(?: of)?|\boutskirts of|\bvicinity of|\bedge of|\baround|"
    r"\bkm\s+(?:\w+\s+)?(?:of|from)|\bkilometres?\s+(?:\w+\s+)?(?:of|from)|\bkilometers?\s+(?:\w+\s+)?"
    r"(?:of|from)|\bmiles?\s+(?:\w+\s+)?(?:of|from)|\b(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)(?:ern)?\s+(?:of|part of)|\bborder(?:s)? (?:of|with)|\barea of|"
    r"\bparts? of|\boutskirts of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cues:
    """The cue lexicons of knowledge/place_aliases.yaml, compiled once."""

    kind_after: re.Pattern[str]
    hints: dict[str, int | None]
    part_of: frozenset[str]
    institution_after: re.Pattern[str]


@lru_cache(maxsize=1)
def cues() -> Cues:
    curated = load_curated()
    words = "|".join(re.escape(w) for w in sorted(curated.kind_words, key=len, reverse=True))
    names = "|".join(re.escape(w) for w in sorted(curated.institutions, key=len, reverse=True))
    return Cues(
        kind_after=re.compile(rf"\s+({words})s?\b", re.IGNORECASE),
        hints=curated.kind_words,
        part_of=curated.part_of_words,
        institution_after=re.compile(rf"\s+(?:[A-Z][\w'-]*\s+){{0,2}}(?:{names})\b"),
    )


_THE_BEFORE = re.compile(r"\b(?i:the|its|this|that|[a-z]+['’]s)\s+\Z")
_AFTER_NAME = re.compile(r"\b[A-Z][\w'’-]+,\s+\Z")
# "QUETTA, Nov 20 –", "KABUL (Reuters) -", and the South Asian press's "DINAJPUR: ..."; wire copy adds
# the country in brackets, "MANAGUA (NICARAGUA), 2 JAN", even where the city is withheld ("NO CITY (X)")
_DATELINE = re.compile(r"\A\s*([A-Z][A-Z .'’\-]{2,40}?)\s*(?:,|\(|\s[-–—]|:\s)")
_DATELINE_COUNTRY = re.compile(r"\A\s*[A-Z][A-Z .'’\-]{2,40}?\s*\(([A-Z][A-Z .'’\-]{2,40})\)\s*,")


@dataclass(frozen=True)
class Mention:
    """A stretch of article text that names a place in the gazetteer (offsets into the article)."""

    start: int
    end: int
    text: str
    sentence: int
    hits: tuple[NameHit, ...]
    hint: int | None = None  # the level a cue word asks for: ADMIN1 for "X province"
    cue: str | None = None  # the cue word itself
    near: bool = False  # "near X", "the X area": ACLED precision 2
    dateline: bool = False
    # inside brackets after another name, "Kindjandi (Gueskerou, Diffa)": it qualifies that name
    qualifier: bool = False
    # the name of an institution that is in the place: "Lahore Press Club", "Delhi High Court"
    institution: bool = False
    # found in all-capitals text, where capitals say nothing about being a name
    shouting: bool = False
    # after "from": where people or fire came from ("militias from X attacked Y"), not the event's place
    origin: bool = False

    @cached_property
    def key(self) -> str:
        # asked once per pair of mentions when senses are scored: fold once
        return fold(self.text)

    @property
    def only_country(self) -> bool:
        return all(h.entry.level == COUNTRY for h in self.hits)

    @property
    def demonym(self) -> bool:
        return all(h.how == "demonym" for h in self.hits)


@dataclass(frozen=True)
class _Gram:
    start: int
    end: int
    n_tokens: int
    key: str
    shouting: bool
    # starts with a lower-case Arabic article: "in al-Bukamal", "held in el Hermel"
    article: bool = False


def _grams(text: str, sentence: Sentence, max_words: int) -> list[list[_Gram]]:
    """For each capitalised token of the sentence, the word sequences that start there."""
    tokens = []
    for m in _TOKEN.finditer(sentence.text):
        word = m.group()
        end = m.end()
        if word.endswith(".") and "." not in word[:-1]:
            end -= 1  # a sentence-final dot is not part of the name
        elif word.endswith(("'s", "’s")) and len(word) > 3:
            end -= 2  # "Pakistan's capital"; "Cox's Bazar" is joined again below
        tokens.append((sentence.start + m.start(), sentence.start + end))
    letters = [c for c in sentence.text if c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) > 0.8 * len(letters)
    folded = FoldedText(sentence.text)
    base = sentence.start
    out: list[list[_Gram]] = []
    for i, (start, _end) in enumerate(tokens):
        first = text[start:_end]
        # "in al-Bukamal", "a march in el Hermel": the article is part of the name, in lower case
        # (not after a capitalised word: "Hasan Jabar al-Abbasi" is a person's name)
        article = (
            first in _ARTICLES
            and i + 1 < len(tokens)
            and text[_end : tokens[i + 1][0]] in ("-", " ")
            and text[tokens[i + 1][0]].isupper()
            and not (
                i > 0 and text[tokens[i - 1][0]].isupper() and not text[tokens[i - 1][1] : start].strip()
            )
        )
        if not first[:1].isupper() and not article:
            continue
        grams = []
        for j in range(i, min(len(tokens), i + max_words)):
            if j > i:
                gap = text[tokens[j - 1][1] : tokens[j][0]]
                initial = tokens[j - 1][1] - tokens[j - 1][0] == 1 and gap.strip() == "."  # "D. I. Khan"
                possessive = gap.rstrip() in ("'s", "’s")  # "Cox's Bazar"
                if gap.strip(" -") and not initial and not possessive:  # a comma, bracket or quote ends it
                    break
            word = text[tokens[j][0] : tokens[j][1]]
            hyphenated = j > i and text[tokens[j - 1][1] : tokens[j][0]] == "-"
            if j > i and not word[:1].isupper() and word.lower() not in _INNER and not hyphenated:
                break
            if word[:1].isupper() or (j == i and not article):
                stop = tokens[j][1]
                key = folded.key(start - base, stop - base)
                grams.append(_Gram(start, stop, j - i + 1, key, shouting, article))
        out.append(grams)
    return out


def find_mentions(
    text: str, sentences: list[Sentence], index: Index, not_places: frozenset[str]
) -> list[Mention]:
    """Every gazetteer place named in the text, longest match first, in text order."""
    max_words = min(index.max_words, 6)
    per_sentence = [(s, _grams(text, s, max_words)) for s in sentences if not s.furniture]
    keys = {g.key for _, starts in per_sentence for grams in starts for g in grams}
    wanted = {k for k in keys if k and k not in not_places}
    # transliteration variants ("Qalqiliyah"): the consonant skeleton, for names with no exact match
    fuzzy = {k: skeleton(k) for k in wanted if len(k) >= 6}
    # "THE SALVADORANS", "Syrians fled": a people in the plural names its country as its adjective does
    plural = {k: k[:-1] for k in wanted if len(k) > 4 and k.endswith("s") and k not in _PEOPLES_NOT_NATIONS}
    hits = index.lookup(wanted | {f for f in fuzzy.values() if f} | set(plural.values()))
    # a coder's label ("South" for south Lebanon) names an area in a table, never in running text
    hits = {
        k: kept
        for k, v in hits.items()
        if (kept := [h for h in v if h.how != "label" and not _region_above_provinces(h, index)])
    }
    for k, singular in plural.items():
        people = [h for h in hits.get(singular, ()) if h.how == "demonym"]
        if k not in hits and people:
            hits[k] = people
    exact = set(hits)
    for k, f in fuzzy.items():
        if k not in hits and f in hits:
            hits[k] = [h for h in hits[f] if h.how == "fuzzy"]
    blocked = {k: () for k in keys if k in not_places and " " in k}
    mentions: list[Mention] = []
    for sentence, starts in per_sentence:
        covered_until = -1
        for grams in starts:
            if not grams or grams[0].start < covered_until:
                continue
            for gram in reversed(grams):
                if gram.key in blocked:  # "Boko Haram": no place, and no "Haram" inside it either
                    covered_until = gram.end
                    break
                if gram.article and gram.key not in exact:
                    continue  # only a name the index spells with its article; else the name without it
                if gram.shouting and gram.key not in exact:
                    # in capitals every word is a candidate: a variant spelling of some village would
                    # swallow real names ("POST IN", "SAN MIGUEL LAST" hiding "SAN MIGUEL")
                    continue
                if gram.shouting and gram.n_tokens > 1 and _function_word_last(text, gram):
                    # "IN PANAMA BY ARMED MEN": in capitals a name does not end in "BY" or "IN", even
                    # where some village abroad is spelled so
                    continue
                if gram.n_tokens > 1 and gram.key not in exact and _function_word_first(text, gram):
                    # "In Natore, ...": a sentence's capitalised first word is no part of a name that
                    # only a spelling variant ("Inatori") matches; the name after it gets its chance
                    continue
                if gram.key == "capital" and _THE_BEFORE.search(text, max(0, gram.start - 20), gram.start):
                    # "the capital" is the phrase (`geocode._CAPITAL`), not the region named "Capital"
                    covered_until = gram.end
                    break
                senses = _senses(text, gram, hits.get(gram.key, ()))
                if senses:
                    covered_until = gram.end
                    mentions.append(_with_cues(text, sentence, gram, senses))
                    break
    return mentions


def _region_above_provinces(hit: NameHit, index: Index) -> bool:
    """The gazetteer files some regions that group provinces at the country's own level (Iceland's
    "South" and "West", its capital region under the alias "Capital"; Malawi's "Central"). Read as the
    country, a compass word or "THE CAPITAL" in all-capitals copy made Iceland the country of Latin
    American events; such a region says too little to be a place of the event, and it is not a country."""
    if hit.entry.level != COUNTRY:
        return False
    country = index.country(hit.entry.country)
    return country is not None and fold(country.name) != fold(hit.entry.name)


def _function_word_first(text: str, gram: _Gram) -> bool:
    """The gram starts with an English function word ("In", "At", "The"), not a word such as "South"
    that begins many real names."""
    from spacy.lang.en.stop_words import STOP_WORDS

    first = _TOKEN.match(text, gram.start)
    return first is not None and first.group().rstrip(".").lower() in STOP_WORDS


def _function_word_last(text: str, gram: _Gram) -> bool:
    """The gram ends with an English function word ("PANAMA BY")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    last = text[gram.start : gram.end].split()[-1]
    return last.lower() in STOP_WORDS and last.lower() not in _INNER


def _senses(text: str, gram: _Gram, hits: list[NameHit] | tuple[NameHit, ...]) -> tuple[NameHit, ...]:
    """An acronym in running text ("BLA", "TTP") is an organisation, unless a reviewed alias says
    otherwise ("KP", "FATA") or it is a country ("UAE"); upper case is normal in datelines and MUC-style
    shouting text."""
    if any(h.entry.level == COUNTRY and h.how in ("name", "curated") for h in hits):
        # "Colombia" is the country, not the village in Huila; "Lebanon" not the county in Pennsylvania.
        # A first-level area may stay ("Georgia").
        hits = [h for h in hits if h.entry.level in (COUNTRY, ADMIN1)]
    surface = text[gram.start : gram.end]
    if gram.shouting or not surface.isupper() or (gram.start < 40 and _DATELINE.match(text)):
        return tuple(hits)
    return tuple(h for h in hits if h.how == "curated" or (h.entry.level == COUNTRY and len(surface) > 2))


def _with_cues(text: str, sentence: Sentence, gram: _Gram, hits: tuple[NameHit, ...]) -> Mention:
    hint = cue = None
    near = False
    lexicon = cues()
    after = lexicon.kind_after.match(text, gram.end, sentence.end)
    if after:
        cue = after.group(1).lower()
        hint = lexicon.hints.get(cue)
        near = cue in lexicon.part_of
    before = text[max(sentence.start, gram.start - 40) : gram.start]
    if _NEAR_BEFORE.search(before):
        near = True
    dateline = False
    if gram.start < 40:
        m = _DATELINE.match(text)
        dateline = bool(m) and m.start(1) <= gram.start and gram.end <= m.end(1) + 1
        bracket = _DATELINE_COUNTRY.match(text)
        dateline = dateline or (
            bool(bracket) and bracket.start(1) <= gram.start and gram.end <= bracket.end(1)
        )
    opened = text.rfind("(", sentence.start, gram.start)
    qualifier = opened > text.rfind(")", sentence.start, gram.start) and ")" in text[gram.end : sentence.end]
    # "Dooshima, Nasarawa, Nigeria": after another name and a comma, a name says where that one is
    qualifier = qualifier or bool(_AFTER_NAME.search(text, max(sentence.start, gram.start - 40), gram.start))
    institution = bool(lexicon.institution_after.match(text, gram.end, sentence.end))
    return Mention(
        gram.start,
        gram.end,
        text[gram.start : gram.end],
        sentence.index,
        hits,
        hint,
        cue,
        near,
        dateline,
        qualifier,
        institution,
        gram.shouting,
        # "set out from Beirut to Tripoli": a route's start is where ACLED codes it
        bool(_FROM_BEFORE.search(before)) and not _TO_AFTER.match(text, gram.end),
    )


LEVEL_NAMES = {COUNTRY: "country", ADMIN1: "admin1", ADMIN2: "admin2", ADMIN3: "admin3", TOWN: "town"}
