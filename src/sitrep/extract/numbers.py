"""Fatalities, injuries and arrests, by ACLED's conservative rules, with UCDP-style low/high.

Owner: issue 5.

A number counts people when a cue ties it to an outcome: "12 soldiers were killed", "killing 12
soldiers", "leaving 5 dead", "3 fatalities". Numbers in running totals ("bringing the total to 20",
"in the last 24 hours") belong to aggregates.py and are skipped. Parts add up (victims and attackers,
"five others", "in addition to the assailant"); restatements of one toll do not: where they differ,
the lowest credible figure is coded and low/high keep the range.

Numbers themselves are read by quantities.py; the cue words live in knowledge/numbers.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.quantities import Quantity, find_quantities, load_lexicon
from sitrep.records import Span

OUTCOMES = ("killed", "injured", "arrested")
_FIELD = {"killed": "fatalities", "injured": "injuries", "arrested": "arrested"}


@dataclass
class Counts:
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injuries: int | None = None
    arrested: int | None = None
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """One figure tied to an outcome. Offsets are into the text given to `find_mentions`."""

    outcome: str  # killed, injured, arrested
    value: int
    low: int
    high: int | None
    start: int
    end: int
    noun: str = ""  # the head noun ("soldiers"); "" when none
    perpetrator: bool = False  # attackers, militants, the bomber
    additive: bool = False  # "five others", "also", "in addition to": a part to add
    subset: bool = False  # "including 3 soldiers": already inside another figure
    coded: bool = False  # the coder's own figure ("Unknown fatalities coded as 10")
    vague: bool = False
    zero: bool = False  # "no fatalities", "no one was hurt"
    attribution: str | None = None  # "according to the group"
    sentence: int = 0
    verb_before: bool = False  # the outcome verb came first ("killing 12 soldiers"); shared by conjuncts
    # A total over several attacks ("across the attacks"): 0 when the number of attacks is not given here
    spread: int | None = None
    revised: bool = False  # a revised toll of this event ("the death toll rose to nine"): it supersedes


@dataclass(frozen=True)
class _Lex:
    after: dict[str, re.Pattern[str]]
    before: re.Pattern[str]
    before_kind: dict[str, str]
    leaving: re.Pattern[str]
    perpetrators: frozenset[str]
    generic: frozenset[str]
    aggregate: re.Pattern[str]
    subset: re.Pattern[str]
    subset_start: re.Pattern[str]
    addition: re.Pattern[str]
    bombers: frozenset[str]
    large_scale: re.Pattern[str]
    person: re.Pattern[str]
    not_people: frozenset[str]
    not_name: frozenset[str]
    toll_aggregate: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _lex() -> _Lex:
    raw = load_lexicon().raw
    after = {k: re.compile(rf"\b(?:{_alternation(v)})\b", re.I) for k, v in raw["outcome_after"].items()}
    before_kind = {w.lower(): k for k, ws in raw["outcome_before"].items() for w in ws}
    every_before = list(before_kind)
    return _Lex(
        after=after,
        before=re.compile(
            rf"\b({_alternation(every_before)})\s+(?:(?:a total of|an estimated|a further|another)\s+)?$",
            re.I,
        ),
        before_kind=before_kind,
        leaving=re.compile(rf"\b(?:{_alternation(raw['leaving'])})\s+$", re.I),
        perpetrators=frozenset(raw["perpetrator_nouns"]),
        generic=frozenset(raw["generic_nouns"]),
        aggregate=re.compile(rf"(?:{_alternation(raw['aggregate_cues'])})", re.I),
        subset=re.compile(rf"\b(?:{_alternation(raw['subset_cues'])})\s+(?:[\w/-]+\s+){{0,2}}$", re.I),
        subset_start=re.compile(rf"\s*(?:{_alternation(raw['subset_cues'])})\b", re.I),
        addition=re.compile(rf"\b(?:{_alternation(raw['addition_cues'])})\b", re.I),
        bombers=frozenset(raw["bomber_nouns"]),
        person=re.compile(rf"(?:{_alternation(raw['person_nouns'])})", re.I),
        not_people=frozenset(raw["not_people_nouns"]),
        not_name=frozenset(raw["not_name_words"]),
        large_scale=re.compile(rf"\b(?:{_alternation(raw['large_scale'])})\b", re.I),
        toll_aggregate=re.compile(rf"\b(?:{_alternation(raw['revised_toll_aggregate'])})\b", re.I),
    )


_AUX = re.compile(
    r"\b(?:was|were|are|(?-i:is)|have been|has been|had been|being|been|got|reportedly|reported|later|"
    r"also|allegedly|all|both|subsequently|eventually)\b",
    re.I,
)
_OBJECT_AFTER = re.compile(
    r"^\s+(?:a|an|the|his|her|their|its|two|three|four|five|six|seven|eight|nine|ten|several|many|dozens|"
    r"at least|more than|\d)\b",
    re.I,
)
_OWN_VERB = re.compile(r"\s*(?:[\w/-]+\s+){0,3}?(?:were|was|are|is|have|has|had)\b", re.I)
_WORD = re.compile(r"[A-Za-z][\w/'-]*")
_ZERO = re.compile(
    r"\b(?:no|without|zero|nil)\s+(?:(?:reported|further|other|immediate|known)\s+)?"
    r"(fatalities|fatality|deaths|death|casualties|casualty|injuries|injury|one\s+(?:was|were)\s+"
    r"(?:killed|hurt|injured|wounded|arrested)|arrests|loss of life|lives were lost)\b|"
    r"\bnobody\s+was\s+(killed|hurt|injured|wounded|arrested)\b|"
    r"\b(?:none|no one)\s+(?:were|was)\s+(killed|hurt|injured|wounded|arrested)\b",
    re.I,
)
_CODED = re.compile(
    r"\bfatalit\w*(?:\s+and\s+injuries)?\s+(?:were\s+|was\s+)?coded\s+(?:as|at)\s+(\d+)"
    r"(?:,?\s+in\s+addition\s+to\s+(\d+)\s+(?:known\s+|reported\s+|confirmed\s+)?fatalit)?",
    re.I,
)
_SPLIT = re.compile(
    r"\b(?:split|spread|coded|divided)(?:\s+up)?\s+(?:evenly\s+)?(?:between|among|across|into)\s+(?:the\s+)?(\w+)\s+"
    r"(?:events|locations|days|incidents|attacks|villages)",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"\baccording to\s+([^,.;]{2,60})|\b((?:the\s+)?[\w-]+(?:\s+[\w-]+)?)\s+(?:claimed|claims)\b", re.I
)
_IN_ADDITION = re.compile(
    r"\b(?:in addition to|besides|apart from|as well as|along with|plus)\s+(?:the\s+)?"
    r"(?:(\w+)\s+)?(assailants?|attackers?|bombers?|drivers?|perpetrators?|gunmen|gunman)\b",
    re.I,
)
_INCLUDING_BOMBER = re.compile(
    r"\b(?:including|among them|among the dead (?:was|were))\s+"
    r"(?:the\s+|a\s+|an\s+|two\s+|\d+\s+|her\s+|his\s+)?"
    r"(?:suicide\s+)?(?:bombers?|assailants?|attackers?|drivers?|perpetrators?)\b",
    re.I,
)
_DETONATED = re.compile(
    r"\b(?:detonat\w*|blew\s+(?:himself|herself|themselves)\s+up|exploded|explosion|"
    r"blast|rammed|self-detonat\w*)\b",
    re.I,
)
_BOMBER_SURVIVED = re.compile(
    r"\b(?:bomber|assailant|attacker)s?\s+(?:was|were)\s+(?:arrested|captured|detained|apprehended|"
    r"injured|wounded|shot|neutralized|neutralised)\b|\b(?:failed|foiled|defused|intercepted|thwarted)\b",
    re.I,
)
_ACROSS = re.compile(
    r"\b(?:across|between|in)\s+(?P<n>the|both|all|these|those|two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r"\s+(?:of\s+the\s+)?(?:(?P<n2>two|three|four|five|six|seven|eight|nine|ten|\d+)\s+)?"
    r"(?:(?:separate|related|coordinated|simultaneous|ensuing)\s+)?"
    r"(?:attacks|assaults|blasts|incidents|explosions|strikes|events|raids|locations|villages|"
    r"bombings|clashes)\b",
    re.I,
)
_ONE_OF = re.compile(
    r"\bone\s+of\s+(\w+)\s+(?:\w+\s+)?(?:attacks|assaults|blasts|incidents|explosions|strikes|events|"
    r"raids|bombings)\b",
    re.I,
)
_CLAUSE_BREAK = re.compile(
    r"[;]|,\s+(?:while|but|and|as|after|when|before|which|who)\b|\.\s|"
    r"\s(?:as|because|after|when|while|since|but|whereas|although|though|where)\s"
)
# A verb, roughly: what makes "3 protesters gathered, and 2 were killed" two clauses.
_VERBISH = re.compile(
    r"\b(?:was|were|is|are|had|has|have|(?!(?:armed|suspected|alleged|unidentified|wounded|injured|killed|"
    r"detained|arrested|displaced|affiliated|allied|based|backed|related|united|masked|uniformed)\b)\w{3,}ed)\b",
    re.I,
)
_ASIDE = re.compile(
    r"^[^,;.]{0,50},\s*(?:including|among them|among whom|mostly|mainly|most of them)\b[^;.]{0,160}?,\s+"
    r"(?:were|was|have been|had been|are|is)\s+(?:(?:reportedly|later|also|all|allegedly)\s+)?",
    re.I,
)
# "X was killed", "X and Y were wounded", "X died": the people in X are counted when X has no number.
_PASSIVE = re.compile(
    r"\b(?:was|were|has been|have been|had been|got)\s+(?:(?:reportedly|later|also|allegedly|subsequently|"
    r"all|both|fatally|seriously|critically|slightly|then)\s+)*(?:shot\s+and\s+|\w+ed\s+and\s+|shot\s+or\s+)?"
    r"(?:found\s+)?(?P<verb>killed|murdered|assassinated|shot dead|shot to death|found dead|died|beheaded|"
    r"lynched|executed|"
    r"stabbed to death|"
    r"beaten to death|burned to death|hacked to death|strangled to death|burnt to death|burned alive|"
    r"deceased|injured|wounded|hurt|injuried|arrested|"
    r"detained)\b|"
    r"\b(?P<verb2>died|succumbed)\b",
    re.I,
)
# "killing a demonstrator", "shot and killed Leonardo Escala": the people named after the verb.
_ACTIVE = re.compile(
    r"\b(?P<verb>killed|killing|murdered|murdering|assassinated|assassinating|shot dead|shot and killed|"
    r"injured|injuring|wounded|"
    r"wounding|"
    r"arrested|arresting|detained|detaining|lynched|beheaded|executed|executing)\s+",
    re.I,
)
_LEFT = re.compile(
    r"\b(?:leaving|left|shot|shooting)\s+(?P<obj>(?:a|an|the|one|his|her)\s+[^,.;]{1,50}?)\s+"
    r"(?P<verb>dead|injured|wounded|hurt)\b",
    re.I,
)
_FOUND_BODY = re.compile(
    r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:body|corpse|human\s+head|head)\s+(?:was|has\s+been)\s+"
    r"(?:\w+\s+)?(?:found|discovered|recovered|dumped|left|located)\b",
    re.I,
)
_POSSESSIVE_BODY = re.compile(
    r"\b(?:a|an|the)\s+(?P<noun>[a-z]+)['’]s\s+(?:dead\s+)?(?:body|corpse|remains)\b", re.I
)
_BODY_OF = re.compile(r"\b(?:dead\s+)?(?:body|corpse|remains)\s+of\s+", re.I)
_PHRASE_END = re.compile(
    r"[,.;:\[\]]|\s(?:in|at|near|on|during|after|while|when|as|from|outside|inside|by|with|for|of|who|"
    r"which|that|before|because|while|between|across|along|into|over|under|behind|around|toward|towards|"
    r"against|through|within|following|amid|was|were|is|are|had|has|have|"
    r"and\s+(?:then\s+|later\s+|also\s+)?\w+(?:ed|ing))\b",
    re.I,
)
_PRONOUN = {"he", "she", "him", "her"}
_PARTICLES = {"out", "up", "down", "off", "in", "on", "away", "back", "over", "later", "there", "here"}
_CONJOINED = re.compile(
    r"\s+(?:[\w/'-]+\s+){0,3}?[\w/'-]+\s*(?:,\s*and|,|and|as well as)\s+"
    r"(?:his\s+|her\s+|their\s+|the\s+)?(?:at least\s+|some\s+|about\s+)?",
    re.I,
)
_MONTHS_AND_DAYS = set(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday".split()
)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|been|being)\s+(?:[\w-]+\s+){0,2}$", re.I)


_TOLL_SUBJECT = (
    r"(?:(?:death|casualty|fatality)\s+)?toll|total(?:\s+number)?(?:\s+of\s+(?:[\w-]+\s+){0,2}?"
    r"(?:dead|deaths|fatalities|killed|victims))?|number\s+of\s+(?:[\w-]+\s+){0,2}?"
    r"(?:dead|deaths|fatalities|killed|victims)|number\s+(?:of\s+)?(?:dead|killed)"
)
# "the death toll from the attack has risen to nine", "the number of soldiers killed ... reached six"
_TOLL_ROSE = re.compile(
    rf"\b(?:the|its|their)\s+(?P<subject>{_TOLL_SUBJECT})\b(?P<of>[^.;]{{0,120}}?)\s+"
    r"(?:has\s+|had\s+|have\s+)?(?:now\s+|since\s+|later\s+|further\s+|also\s+|then\s+)?(?:been\s+)?"
    r"(?:rose|risen|climbed|increased|jumped|grew|grown|reached|(?:now\s+)?stands\s+at|stood\s+at|"
    r"(?:raised|revised|updated)(?:\s+upwards?)?)(?:\s+to)?\s+$",
    re.I,
)
# "bringing the death toll from the blast to 14"
_TOLL_BRINGING = re.compile(
    rf"\b(?:bringing|brings|brought|taking|takes|took|pushing|raising)\s+(?:the|its|their)\s+(?P<subject>{_TOLL_SUBJECT})\b"
    r"(?P<of>[^.;]{0,120}?)\s+to\s+$",
    re.I,
)
# Where the cause of a revision starts: "rose to nine after two of the wounded died"
_TOLL_TAIL_END = re.compile(r"[,;.]|\s(?:after|as|when|following|with|because|once)\s", re.I)
_OTHER_EVENT = re.compile(
    r"\b(?:another|a\s+separate|a\s+second|a\s+similar|other)\s+(?:[\w-]+\s+)?(?:attacks?|assaults?|"
    r"bombings?|blasts?|raids?|incidents?|explosions?|clashe?s?|strikes?)\b",
    re.I,
)
# "two of the wounded died in hospital": deaths, not injuries
_OF_WOUNDED_DIED = re.compile(
    r"\s+(?:more\s+)?of\s+the\s+(?:wounded|injured)\s+(?:[\w-]+\s+){0,2}?(?:died|succumbed)\b", re.I
)


@dataclass(frozen=True)
class RevisedToll:
    """A toll stated as a total that grew ("the death toll rose to nine"). Offsets into the sentence."""

    start: int  # the toll phrase from its subject ("the death toll ...")
    end: int  # through the number
    quantity: Quantity
    aggregate: bool  # a running total over several events, a period or an area, not one event's toll


def revised_tolls(text: str) -> list[RevisedToll]:
    """The revised tolls of one sentence. Only a toll of one event ("of the attack", or the bare "the
    death toll" in a report of one event) is the event's toll; one over "attacks", "the last 24 hours",
    "this week", "since January" or "the district" is a running total, and so is a bare "total"."""
    lex = _lex()
    found: list[RevisedToll] = []
    for q in find_quantities(text):
        if q.not_people or q.text.lower() in ("another", "both"):
            continue
        before = text[max(0, q.start - 220) : q.start]
        offset = q.start - len(before)
        m = _TOLL_BRINGING.search(before) or _TOLL_ROSE.search(before)
        if m is None:
            continue
        subject, of = m.group("subject").lower(), m.group("of")
        cut = _TOLL_TAIL_END.search(text, q.end)
        tail = text[q.end : cut.start() if cut else len(text)]
        aggregate = (
            bool(lex.toll_aggregate.search(of) or lex.toll_aggregate.search(tail))
            or bool(lex.aggregate.search(of) or lex.aggregate.search(tail))
            or (subject.startswith("total") and not of.strip())
            or bool(_OTHER_EVENT.search(text))
        )
        found.append(RevisedToll(offset + m.start(), q.end, q, aggregate))
    return found


def find_mentions(text: str, sentence: int = 0) -> list[Mention]:
    """The figures of one sentence tied to deaths, injuries or arrests (pure; offsets into `text`)."""
    lex = _lex()
    mentions: list[Mention] = []
    attribution = _attribution(text)
    # "in addition to the two assailants": counted below as its own part
    asides = [(m.start(), m.end()) for m in _IN_ADDITION.finditer(text)]
    quantities = [
        q for q in find_quantities(text) if not q.not_people and not any(s <= q.start < e for s, e in asides)
    ]
    previous: Mention | None = None
    pending: Quantity | None = None
    for q in quantities:
        m = _classify(text, q, previous, lex, attribution, sentence)
        if m is not None:
            if (
                pending is not None
                and not m.verb_before
                and _CONJOINED.fullmatch(text[pending.end : q.start])
                and not lex.subset.search(text[: pending.start][-60:])
            ):
                # "one soldier and five members of the militia were killed": both share the verb
                head = _noun_phrase(text[pending.end : q.start])
                mentions.append(
                    replace(
                        m,
                        value=pending.value,
                        low=pending.low,
                        high=pending.high,
                        start=pending.start,
                        end=q.start,
                        noun=head[-1] if head else "",
                        vague=pending.vague,
                    )
                )
            mentions.append(m)
            previous = m
            pending = None
        else:
            previous = None
            pending = q
    for i, m in enumerate(list(mentions)):
        # "Abdunur and at least seven other soldiers were killed", "Nashtan, a tribal leader, and four
        # relatives were killed": the people before "and" share the verb
        if m.verb_before or m.subset or m.coded or not re.search(r"(?:,\s*|\s+)and\s+$", text[: m.start]):
            continue
        lead_end = text.rfind("and", 0, m.start)
        start, end = _subject(text, lead_end)
        n, keys, perpetrator = _people_in(text[start:end].rstrip(" ,"), lex)
        if n:
            mentions[i] = replace(m, additive=False)
            mentions.append(
                Mention(
                    m.outcome,
                    n,
                    n,
                    n,
                    start,
                    end,
                    noun=keys,
                    perpetrator=perpetrator,
                    attribution=attribution,
                    sentence=sentence,
                )
            )
    starts = [m.start for m in mentions]
    for m in _article_mentions(text, lex, attribution, sentence):
        # a number inside the phrase is that number's mention, already counted
        if not any(m.start <= s < m.end for s in starts):
            mentions.append(m)
    for match in _ZERO.finditer(text):
        word = (match.group(1) or match.group(2) or match.group(3) or "").lower()
        outcomes = _zero_outcomes(word)
        for outcome in outcomes:
            mentions.append(
                Mention(outcome, 0, 0, 0, match.start(), match.end(), zero=True, sentence=sentence)
            )
    for match in _CODED.finditer(text):
        v = int(match.group(1)) + int(match.group(2) or 0)
        mentions.append(Mention("killed", v, v, v, match.start(), match.end(), coded=True, sentence=sentence))
    for match in _IN_ADDITION.finditer(text):
        number = match.group(1)
        n = 1
        if number:
            parsed = find_quantities(number)
            n = parsed[0].value if parsed and not parsed[0].vague else 1
        if _any_outcome_after(text[match.end() : match.end() + 120], "killed", lex):
            mentions.append(
                Mention(
                    "killed",
                    n,
                    n,
                    n,
                    match.start(),
                    match.end(),
                    noun=match.group(2).lower(),
                    perpetrator=True,
                    additive=True,
                    sentence=sentence,
                )
            )
    for toll in revised_tolls(text):
        if toll.aggregate:
            continue
        # the revised toll is the event's whole toll: the figures inside it and the deaths that
        # revised it ("after two of the wounded died") are already in it
        inside = [m for m in mentions if toll.start <= m.start < toll.end]
        mentions = [m for m in mentions if m not in inside]
        mentions = [replace(m, subset=True) if m.outcome == "killed" else m for m in mentions]
        q = toll.quantity
        mentions.append(
            Mention(
                "killed",
                q.value,
                q.low,
                q.high,
                toll.start,
                toll.end,
                noun="",
                vague=q.vague,
                attribution=attribution,
                sentence=sentence,
                revised=True,
            )
        )
    if _MORE.match(text):
        # "In addition, one assailant was killed": everything this sentence counts is on top
        mentions = [replace(m, additive=True) if not (m.zero or m.coded) else m for m in mentions]
    return _mark_spread(text, sorted(mentions, key=lambda m: m.start))


def _mark_spread(text: str, mentions: list[Mention]) -> list[Mention]:
    """Flag figures given "across the attacks": the figure right before it, and the parts joined to it."""
    out = list(mentions)
    for i, m in enumerate(out):
        later = [n.start for n in out[i + 1 :] if n.start > m.start]
        across = _ACROSS.search(text, m.end, min(later) if later else len(text))
        if (
            across
            and not m.coded
            and not re.search(r"(?:split|spread|divided)(?:\s+up)?\s*$", text[: across.start()])
        ):
            word = (across.group("n2") or across.group("n")).lower()
            found = find_quantities(word) if word != "both" else []
            out[i] = replace(m, spread=2 if word == "both" else (found[0].value if found else 0))
    # "Twenty soldiers were killed and 28 were injured across the attacks": both figures are totals
    for i in range(len(out) - 2, -1, -1):
        nxt = out[i + 1]
        if nxt.spread is not None and out[i].spread is None and not out[i].coded:
            if re.fullmatch(r"[\s,]*(?:and\s*)?", text[out[i].end : nxt.start]):
                out[i] = replace(out[i], spread=nxt.spread)
    return out


def _zero_outcomes(word: str) -> tuple[str, ...]:
    if word.startswith(("fatalit", "death", "loss", "lives")) or "killed" in word:
        return ("killed",)
    if word.startswith("casualt"):
        return ("killed", "injured")
    if word.startswith("injur") or any(w in word for w in ("hurt", "wounded", "injured")):
        return ("injured",)
    if "arrest" in word:
        return ("arrested",)
    return ()


def _any_outcome_after(window: str, outcome: str, lex: _Lex) -> bool:
    return bool(lex.after[outcome].search(window))


def _attribution(text: str) -> str | None:
    m = _ATTRIBUTION.search(text)
    if not m:
        return None
    if m.group(1):
        return "according to " + m.group(1).strip()
    return "as claimed by " + m.group(2).strip()


_DAY_OR_MONTH = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    "august|september|october|november|december"
)
_LISTED = re.compile(r"\s*(?:[\w/'-]+\s*){0,5}(?:and|,|, and|as well as)\s*(?:at least\s+|some\s+)?", re.I)


def _inside_including(text: str, position: int, outcome: str) -> bool:
    """Whether `position` lies in a list after "including" ("14 people, including 11 civilians, two
    police officers and a soldier, were killed"): the items are inside the figure before it, unless
    that figure is of another outcome ("5 were killed, including 2 assailants, and 4 were wounded")."""
    offset = max(0, position - 120)
    window = text[offset:position]
    cues = list(re.finditer(r"\b(?:including|among them|among whom)\b", window, re.I))
    if not cues:
        return False
    tail = window[cues[-1].end() :]
    if re.search(r"\b(?:was|were|had|has|have|killed|injured|wounded|died|and\s+\w+ed)\b", tail, re.I):
        return False
    head = text[max(0, offset + cues[-1].start() - 80) : offset + cues[-1].start()]
    before = [
        (hit.end(), kind)
        for kind, pattern in _lex().after.items()
        if kind != "uncertain"
        for hit in pattern.finditer(head)
    ]
    return not before or max(before)[1] == outcome


def _only_listed(between: str) -> bool:
    """Other figures between a number and its verb are fine only as items of one list ("40 assailants,
    two soldiers and one civilian were killed") or as asides ("including 13 assailants")."""
    previous = 0
    for q in find_quantities(between):
        if q.not_people:
            continue
        segment = between[previous : q.start]
        previous = q.end
        if re.match(r"\s+(?:of|among)\s+(?:whom|them)\b", between[q.end :]):
            continue  # "eight people, three of whom ..."
        if re.search(r"\b(?:including|among them|among whom|mostly|mainly)\s+$", segment, re.I):
            continue
        if not _LISTED.fullmatch(segment):
            return False
    return True


def _noun_phrase(words: str) -> list[str]:
    """The words of the noun phrase after a number, up to the verb or a comma."""
    out: list[str] = []
    lex = _lex()
    for w in _WORD.findall(re.split(r"[,;:()\[\].]", words, maxsplit=1)[0]):
        lw = w.lower()
        if any(p.fullmatch(lw) for p in lex.after.values()):
            break
        if lw in ("their", "his", "her", "its", "the", "these", "those", "of"):
            continue
        if lw in (
            "was",
            "were",
            "are",
            "is",
            "have",
            "has",
            "had",
            "who",
            "that",
            "which",
            "in",
            "on",
            "at",
            "and",
            "by",
            "from",
            "during",
            "after",
            "when",
            "while",
            "as",
            "to",
            "of",
            "with",
            "for",
            "reportedly",
            "allegedly",
            "got",
            "being",
            "been",
        ):
            break
        out.append(lw)
        if len(out) >= 4:
            break
    return out


def _is_perpetrator(words: list[str], lex: _Lex) -> bool:
    return any(w in lex.perpetrators or w.rstrip("s") in lex.perpetrators for w in words)


def _classify(
    text: str, q: Quantity, previous: Mention | None, lex: _Lex, attribution: str | None, sentence: int
) -> Mention | None:
    before = text[: q.start]
    after = text[q.end :]
    clause = _clause(text, q.start, q.end)
    if lex.aggregate.search(clause):
        return None
    if q.text.lower() == "another" and not re.match(
        r"\s+(?:was|were|had|has|one|person|man|woman|soldier|civilian|officer|member|\w+\s+was)\b",
        after,
        re.I,
    ):
        return None  # "another attack": not a person
    clause_start = max(before.rfind(c) for c in ",;(")
    subset = (
        bool(re.match(r"\s+(?:of\s+whom|among\s+whom)\b", after, re.I))
        or bool(lex.subset.search(before[-60:]))
        or bool(clause_start >= 0 and lex.subset_start.match(before[clause_start + 1 :]))
    )
    head = _noun_phrase(after[:60])
    additive = bool(re.match(r"\s+(?:others|more|other|another)\b", after, re.I)) or bool(
        lex.addition.search(before[-40:])
    )
    outcome: str | None = None
    start, end = q.start, q.end
    verb_before = False
    died = _OF_WOUNDED_DIED.match(after)
    if died:
        # "two of the wounded died in hospital": deaths on top of the toll first given, not injuries
        outcome, end, additive = "killed", q.end + died.end(), True
    m = lex.before.search(before) if outcome is None else None
    if m:
        kind = lex.before_kind.get(m.group(1).lower())
        if kind == "uncertain":
            return None
        if kind is not None:
            outcome, verb_before, start = kind, True, m.start()
            end = q.end + sum(len(w) + 1 for w in head[:2])
    if outcome is None and lex.leaving.search(before):
        window = after[:120]
        for kind in OUTCOMES:
            hit = lex.after[kind].search(window)
            # "left 3 TMF fighters (including the director) dead": asides do not count as words
            if hit and len(_WORD.findall(re.sub(r"\([^)]*\)", "", window[: hit.start()]))) <= 5:
                outcome, end = kind, q.end + hit.end()
                break
    if outcome is None:
        found = _outcome_after(after, lex)
        if found is not None:
            outcome, rel_end = found
            end = q.end + rel_end
    if (
        outcome is None
        and previous is not None
        and previous.verb_before
        and not _OWN_VERB.match(after)
        and re.fullmatch(
            r"\s+(?:[\w/-]+\s+){0,4}?(?:,\s*|and\s+|,\s*and\s+)", text[previous.end : q.start] + " "
        )
    ):
        # "killing 12 soldiers and six attackers": the second number shares the first one's verb
        outcome = previous.outcome
        end = q.end + sum(len(w) + 1 for w in head[:2])
        additive = verb_before = True
    if outcome is None:
        return None
    subset = subset or _inside_including(text, q.start, outcome)
    if not verb_before and re.match(r"\s+(?:of\s+them|among\s+them)\b", after, re.I):
        subset = True  # "three of them were children"; but "killed 1 of them" is the count
    if end > q.end and lex.aggregate.search(_clause(text, end - 1, end)):
        return None  # the outcome belongs to a running total ("bringing the total killed ... to 20")
    noun = head[-1] if head else ""
    return Mention(
        outcome,
        q.value,
        q.low,
        q.high,
        start,
        min(end, len(text)),
        noun=noun,
        verb_before=verb_before,
        perpetrator=_is_perpetrator(head, lex),
        additive=additive,
        subset=subset,
        vague=q.vague,
        attribution=attribution,
        sentence=sentence,
    )


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(",", 0, start), text.rfind(";", 0, start))
    right_candidates = [i for i in (text.find(",", end), text.find(";", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    return text[left + 1 : right]


def _outcome_after(after: str, lex: _Lex) -> tuple[str, int] | None:
    """ "12 soldiers were killed", "3 dead", "5 others injured": the outcome after the number."""
    window = after[:140]
    aside = _ASIDE.match(window)
    if aside and not re.search(r"\b(?:was|were|had|has|have)\b", window[: window.find(",")], re.I):
        # "14 people, among them two soldiers and a teacher, were killed"
        for kind in OUTCOMES:
            hit = lex.after[kind].match(window, aside.end())
            if hit:
                return kind, hit.end()
    for cut in _CLAUSE_BREAK.finditer(window):
        # "One police officer, one informant, and an unknown number of assailants were killed": a list
        if (
            cut.group().startswith(",")
            and " and" in cut.group()
            and not _VERBISH.search(window[: cut.start()])
        ):
            continue
        window = window[: cut.start()]
        break
    best: tuple[int, int, str, re.Match[str]] | None = None
    for kind, pattern in lex.after.items():
        hit = pattern.search(window)
        # the earliest, and at one place the longest: "killed, injured or captured" over "killed"
        if hit and (best is None or (hit.start(), -len(hit.group())) < (best[0], best[1])):
            best = (hit.start(), -len(hit.group()), kind, hit)
    if best is None or best[2] == "uncertain":
        return None
    _, _, kind, hit = best
    between = window[: hit.start()]
    if not _only_listed(between):
        return None  # "Three suspects fled and one was killed": the verb is the next figure's
    words = _WORD.findall(between)
    if len(words) > 12:
        return None
    # another number's verb in between: "5 gunmen attacked 3 villagers who were killed"; or a modal
    if re.search(
        r"\b(?:attacked|shot(?!\s+and\b)|opened|stormed|targeted|fired|clashed|killed|said|claimed|"
        r"should|would|could|will|must|might|may|to\s+be)\b",
        between,
        re.I,
    ):
        return None
    passive = bool(_AUX.search(between))
    word = hit.group().lower()
    is_noun = word in (
        "fatalities",
        "fatality",
        "deaths",
        "death",
        "bodies",
        "corpses",
        "injuries",
        "arrests",
        "detentions",
        "human heads",
        "dead",
    )
    if is_noun:
        if len(words) > 3 and not passive:
            return None
        return kind, hit.end()
    rest = window[hit.end() :] + " "
    if not passive and (
        _OBJECT_AFTER.match(rest)
        or (re.match(r"\s+[A-Z][a-z]", rest) and not re.match(rf"\s+(?:{_DAY_OR_MONTH})\b", rest, re.I))
    ):
        return None  # "5 gunmen killed 3 villagers", "10 assailants shot and killed Aboki": they did it
    return kind, hit.end()


def _article_mentions(text: str, lex: _Lex, attribution: str | None, sentence: int) -> list[Mention]:
    """People counted without a number: "a man was killed", "killing a demonstrator", "Nur was killed"."""
    out: list[Mention] = []
    for m in _PASSIVE.finditer(text):
        verb = (m.group("verb") or m.group("verb2")).lower()
        outcome = _outcome_of(verb)
        if outcome is None:
            continue
        subject_start, subject_end = _subject(text, m.start())
        lead_in = _LEAD_IN.match(text, subject_start, subject_end)
        if lead_in:
            subject_start = lead_in.end()
        subject = text[subject_start:subject_end]
        subset_subject = bool(lex.subset_start.match(subject))  # "including the bomber, were killed"
        n, keys, perpetrator = _people_in(subject, lex, loose=True)
        outer = _named_before_aside(text, subject_start)
        if (
            n
            and outer is not None
            and any(not q.not_people for q in find_quantities(text[outer[0] : outer[1]]))
        ):
            continue  # "At least one person, an IDP, was killed": the aside describes the counted one
        named = outer if not n and not subset_subject else None
        if named is not None:
            subject_start, subject_end = named
            subject = text[subject_start:subject_end]
            n, keys, perpetrator = _people_in(subject, lex)
        tails = list(_CONJUNCTION.finditer(subject))
        if not n and tails:
            # "A shoot-out broke out and a police officer was shot and died": the last conjunct
            subject_start += tails[-1].end()
            subject = text[subject_start:subject_end]
            n, keys, perpetrator = _people_in(subject, lex, loose=True)
        aside = (
            subject_start > 0
            and text[subject_start - 1] == ","
            and text[subject_end : subject_end + 1] == ","
        )
        if n > 1 and aside and re.match(r"\s*(?:a|an|the)\s", subject, re.I):
            n = 1  # "Soglo, a former minister and son of the president, was wounded": one person described
        numbered = [q for q in find_quantities(subject) if not q.not_people]
        if n and numbered:
            # "One officer and the assailant were injured": this mention is the part after the number
            joint = re.search(r",\s*and\s+|,\s*|\s+and\s+", subject[numbered[-1].end :])
            if joint is None:
                continue
            subject_start += numbered[-1].end + joint.end()
            subject = text[subject_start:subject_end]
        if n:
            subset = (
                subset_subject
                or bool(lex.subset.search(text[:subject_start][-60:]))
                or _inside_including(text, subject_start, outcome)
            )
            out.append(
                Mention(
                    outcome,
                    n,
                    n,
                    n,
                    subject_start + len(subject) - len(subject.lstrip()),
                    m.end(),
                    noun=keys,
                    perpetrator=perpetrator,
                    attribution=attribution,
                    sentence=sentence,
                    subset=subset,
                )
            )
    for m in _LEFT.finditer(text):
        n, keys, perpetrator = _people_in(m.group("obj"), lex, loose=True)
        outcome = "killed" if m.group("verb").lower() == "dead" else "injured"
        if n:
            out.append(
                Mention(
                    outcome,
                    n,
                    n,
                    n,
                    m.start(),
                    m.end(),
                    noun=keys,
                    perpetrator=perpetrator,
                    attribution=attribution,
                    sentence=sentence,
                )
            )
    for m in _FOUND_BODY.finditer(text):
        out.append(Mention("killed", 1, 1, 1, m.start(), m.end(), attribution=attribution, sentence=sentence))
    for m in _POSSESSIVE_BODY.finditer(text):
        noun = m.group("noun").lower()
        if lex.person.fullmatch(noun):
            out.append(
                Mention(
                    "killed",
                    1,
                    1,
                    1,
                    m.start(),
                    m.end(),
                    noun=noun,
                    attribution=attribution,
                    sentence=sentence,
                )
            )
    for pattern in (_ACTIVE, _BODY_OF):
        for m in pattern.finditer(text):
            outcome = _outcome_of(m.group("verb").lower()) if pattern is _ACTIVE else "killed"
            if outcome is None:
                continue
            end_match = _PHRASE_END.search(text, m.end())
            end = end_match.start() if end_match else len(text)
            obj = text[m.end() : end]
            if pattern is _ACTIVE and (
                _PASSIVE_BEFORE.search(text[: m.start()]) or re.match(r"\s*and\b", obj)
            ):
                continue
            n, keys, perpetrator = _people_in(obj, lex, loose=True)
            if n:
                out.append(
                    Mention(
                        outcome,
                        n,
                        n,
                        n,
                        m.start(),
                        end,
                        noun=keys,
                        perpetrator=perpetrator,
                        attribution=attribution,
                        sentence=sentence,
                    )
                )
    kept: list[Mention] = []
    for m in sorted(out, key=lambda m: (m.start, -m.end)):
        if not any(k.outcome == m.outcome and k.start < m.end and m.start < k.end for k in kept):
            kept.append(m)
    return kept


def _outcome_of(verb: str) -> str | None:
    if (
        verb in ("died", "succumbed", "found dead", "deceased")
        or "kill" in verb
        or "death" in verb
        or "dead" in verb
        or verb.startswith("assassinat")
        or verb in ("murdered", "murdering", "beheaded", "lynched", "executed", "executing")
    ):
        return "killed"
    if verb.startswith(("injur", "wound", "hurt")):
        return "injured"
    if verb.startswith(("arrest", "detain")):
        return "arrested"
    return None


def _subject(text: str, verb_at: int) -> tuple[int, int]:
    """The subject before a verb: back to the last clause boundary, skipping "who" clauses and asides."""
    if text[:verb_at].rstrip().endswith(")") and "(" in text[:verb_at]:
        # "Two family members (Eugene and Adaeze Amukamara) were killed": the aside names the same people
        verb_at = text.rfind("(", 0, verb_at)
    cut = max(text.rfind(c, 0, verb_at) for c in ",;:(")
    start = cut + 1
    piece = text[start:verb_at]
    lead = len(piece) - len(piece.lstrip())
    if re.fullmatch(r"\s*(?:who|that|which)\s*", piece, re.I):
        return _subject(text, cut) if cut > 0 else (start, verb_at)
    if re.match(
        r"\s*(?:was|were|had been|has been|have been)\b[^,;]*\band\s+(?:later\s+|then\s+)?$", piece, re.I
    ):
        # "... was wounded in the attack and later died": the subject of the first verb
        return _subject(text, start + lead)
    if re.search(r"\b(?:was|were|had|has|have|is|are)\b", piece, re.I):
        # "The soldier was injured and the assailant was killed": the subject after the last conjunction
        conjunctions = list(_CONJUNCTION.finditer(piece))
        if conjunctions:
            return start + conjunctions[-1].end(), verb_at
    if not piece.strip() and cut > 0:
        # "The assailant, who was riding the bike, was killed" / "Nur, a member of parliament, was killed"
        inner = max(text.rfind(c, 0, cut) for c in ",;:(")
        aside = text[inner + 1 : cut]
        if re.match(r"\s*(?:who|which)\b", aside, re.I):
            outer = max(text.rfind(c, 0, inner) for c in ",;:(")
            if text[outer + 1 : inner].strip():
                return outer + 1, inner
        elif aside.strip():
            return inner + 1, cut
    return start, verb_at


def _named_before_aside(text: str, start: int) -> tuple[int, int] | None:
    """ "Myint Swe, the head of the party in Bilin, was killed": the name before the aside."""
    if start <= 1 or text[start - 1] != ",":
        return None
    outer = max(text.rfind(c, 0, start - 1) for c in ",;:(")
    if not text[outer + 1 : start - 1].strip():
        return None
    return outer + 1, start - 1


_MORE = re.compile(
    r"\s*(?:in addition|additionally|also|separately|elsewhere|besides|furthermore|moreover)\b", re.I
)
_LEAD_IN = re.compile(r"\s*(?:(?:in|during|after|at|by)\s+which|where|whereby|when|as|and|but)\s+", re.I)
_CONJUNCTION = re.compile(r"\b(?:and|but|while|when|before|after|as|because|until|then|whereas)\s+", re.I)


def _people_in(phrase: str, lex: _Lex, loose: bool = False) -> tuple[int, str, bool]:
    """How many people a phrase without numbers names: "a student and a community leader" → 2."""
    phrase = re.sub(r"\s*\([^)]*\)", "", phrase)
    phrase = re.sub(r"^\s*(?:and|but|while|then|later|also)\s+", "", phrase.strip(), flags=re.I)
    if (
        not phrase
        or len(phrase.split()) > 12
        or re.search(r"\b(?:was|were|is|are|had|has|have|been|being)\b", phrase, re.I)
    ):
        return 0, "", False
    total, keys, perpetrator = 0, [], False
    for part in re.split(r"\s*(?:,\s*and\s+|,\s*|\s+and\s+|\s+as well as\s+)\s*", phrase):
        words = part.split()
        if not words:
            continue
        first = words[0].lower()
        lowered = [w.lower().strip("'’") for w in words]
        if any(not q.not_people for q in find_quantities(part)):
            continue  # "One officer and the assailant": the number's own reading counts the officer
        if len(words) == 1 and first in _PRONOUN:
            total += 1
            keys.append("")
            continue
        person = next((w for w in lowered if _lex().person.fullmatch(w)), None)
        if first in ("the", "another") and len(words) == 2 and lowered[1] == "other":
            total += 1
            keys.append("")
            continue
        # "a/an" + a singular noun is one person when it is what was killed or arrested
        if (
            first in ("a", "an", "one")
            and loose
            and person is None
            and len(words) <= 4
            and not lowered[-1].endswith("s")
            and lowered[-1] not in _lex().not_people
            and lowered[-1] not in _PARTICLES
        ):
            person = lowered[-1]
        if first in ("a", "an", "one", "the", "his", "her", "another", "former", "late") and person:
            total += 1
            keys.append("" if person == "victim" else person)
            perpetrator = perpetrator or _is_perpetrator(lowered, lex)
            continue
        if (
            (words[0][:1].isupper() or re.match(r"(?:al|el|ul|bin|ibn|abu)-[A-Z]", words[0]))
            and first not in _lex().not_name
            and len(words) <= 5
            and all(
                w[:1].isupper() or w.lower() in ("al", "bin", "de", "el", "van", "von", "da") or "-" in w
                for w in words
            )
            and first not in _MONTHS_AND_DAYS
        ):
            total += 1
            keys.append(" ".join(lowered))
            continue
        if person and not any(w.endswith("s") and _lex().person.fullmatch(w.rstrip("s")) for w in lowered):
            # "killed tribal leader Sheikh Abu Shawareb", "killed mayor Faisal Allo"
            if first in ("former", "late") or words[0][:1].isupper() or loose:
                total += 1
                keys.append(person)
                continue
        return 0, "", False  # a plural or unknown noun: the text gives no count
    return total, "+".join(keys), perpetrator


@dataclass
class _Total:
    value: int
    low: int
    high: int | None
    used: list[Mention]
    differ: bool = False
    revised: bool = False


def combine(mentions: list[Mention], outcome: str) -> _Total | None:
    """Add the parts, keep the lowest of restatements. None when the text says nothing.

    Within a sentence every figure is a part ("12 soldiers and six attackers"). Across sentences, a
    sentence about the same people (same noun, or unnamed "people") restates the toll; a sentence
    about other people ("claimed the lives of six combatants") or marked as more ("also", "others")
    adds to it. Where restatements differ, the lowest is coded and low/high keep the range.
    """
    relevant = [m for m in mentions if m.outcome == outcome]
    if not relevant:
        return None
    coded = [m for m in relevant if m.coded]
    if coded:
        best = min(coded, key=lambda m: m.value)
        return _Total(best.value, best.value, best.value, [best])
    counted = [m for m in relevant if not m.subset and not m.zero]
    if not counted:
        return _Total(0, 0, 0, [m for m in relevant if m.zero][:1])
    revised = [m for m in counted if m.revised]
    if revised:
        # a revised toll ("rose to nine") replaces the figures told before it: the latest one is coded
        latest = max(revised, key=lambda m: (m.sentence, m.start))
        return _Total(latest.value, latest.low, latest.high, [latest], revised=True)
    generic_nouns = _lex().generic
    by_sentence: dict[int, list[Mention]] = {}
    for m in counted:
        by_sentence.setdefault(m.sentence, []).append(m)
    clusters: list[tuple[set[str], list[_Total]]] = []
    generic: list[_Total] = []
    for items in by_sentence.values():
        total = _Total(sum(m.value for m in items), sum(m.low for m in items), _sum_high(items), items)
        keys = {k for m in items for k in _keys(m, generic_nouns)}
        if all(m.additive for m in items):
            clusters.append((keys or {f"+{len(clusters)}"}, [total]))
        elif not keys:
            generic.append(total)
        else:
            for cluster_keys, totals in clusters:
                if cluster_keys & keys:
                    cluster_keys |= keys
                    totals.append(total)
                    break
            else:
                clusters.append((keys, [total]))
    value = low = 0
    high: int | None = 0
    used: list[Mention] = []
    differ = False
    for _, totals in clusters:
        best = min(totals, key=lambda t: t.value)
        value += best.value
        low += min(t.low for t in totals)
        high = _add_high(high, _max_of(totals))
        used.extend(best.used)
        differ = differ or len({t.value for t in totals}) > 1
    if generic:
        best = min(generic, key=lambda t: t.value)
        differ = differ or len({t.value for t in generic}) > 1
        if best.value >= value:
            value, low, high, used = best.value, min(t.low for t in generic), _max_of(generic), best.used
    return _Total(value, low, high, used, differ)


def _keys(m: Mention, generic_nouns: frozenset[str]) -> set[str]:
    keys = set()
    for part in m.noun.split("+"):
        if part and part not in generic_nouns and part.rstrip("s") not in generic_nouns:
            keys.add(part.rstrip("s"))
    return keys


def _sum_high(items: list[Mention]) -> int | None:
    highs = [m.high for m in items]
    return None if any(h is None for h in highs) else sum(h for h in highs if h is not None)


def _max_of(totals: list[_Total]) -> int | None:
    highs = [t.high for t in totals]
    return None if any(h is None for h in highs) else max(h for h in highs if h is not None)


def _add_high(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def count(ctx: ArticleContext, frame: EventFrame) -> Counts:
    """The frame's deaths, injuries and arrests. Nothing said is 0 fatalities (ACLED), null injuries."""
    lex = _lex()
    mentions: list[Mention] = []
    offsets: dict[int, int] = {}
    split: int | None = None
    frame_text_parts: list[str] = []
    known = [i for i in frame.sentences if 0 <= i < len(ctx.sentences)]
    for index in sorted({*known, *_summaries(ctx, known)}):
        sentence = ctx.sentences[index]
        offsets[index] = sentence.start
        frame_text_parts.append(sentence.text)
        mentions.extend(find_mentions(sentence.text, index))
        m = _SPLIT.search(sentence.text)
        if m:
            parsed = find_quantities(m.group(1))
            if parsed and parsed[0].value > 1:
                split = parsed[0].value
    frame_text = " ".join(frame_text_parts)
    mentions = _share_totals(mentions, ctx.text)
    large = bool(lex.large_scale.search(frame_text))
    if large:
        mentions = [_rescale(m) for m in mentions]
    counts = Counts(fatalities=0, fatalities_low=0, fatalities_high=0)

    def spans(used: list[Mention]) -> list[Span]:
        return [ctx.span(offsets[m.sentence] + m.start, offsets[m.sentence] + m.end) for m in used]

    killed = combine(mentions, "killed")
    if killed is not None:
        counts.fatalities, counts.fatalities_low, counts.fatalities_high = (
            killed.value,
            killed.low,
            killed.high,
        )
        counts.evidence["fatalities"] = spans(killed.used)
        if killed.revised:
            # merge's reconcile reads "revised" as a revision cue: this report updates an earlier toll
            counts.notes.append(f"fatalities: revised toll of this event, coded as {killed.value}")
        if killed.differ:
            top = counts.fatalities_high if counts.fatalities_high is not None else "more"
            counts.notes.append(
                f"fatalities: figures differ ({counts.fatalities_low} to {top}); coded the lowest"
            )
        for m in killed.used:
            if m.vague:
                counts.notes.append(f"fatalities: vague quantity coded as {m.value} (ACLED rule)")
            if m.attribution:
                counts.notes.append(f"fatalities: {m.value} {m.attribution}")
    elif re.search(r"\bcasualt", frame_text, re.I):
        counts.notes.append("fatalities: 'casualties' alone codes 0 fatalities")
    if _is_suicide(frame) and counts.fatalities is not None:
        if _bomber_uncounted(frame_text, mentions):
            # ACLED counts a bomber whose death is reported; one the text leaves out would be an
            # invented death, so only the high estimate carries him.
            base = counts.fatalities_high if counts.fatalities_high is not None else counts.fatalities
            counts.fatalities_high = base + 1
            counts.notes.append("fatalities: the bomber's death is not stated; only fatalities_high has him")
    if split and counts.fatalities:
        total = counts.fatalities
        counts.fatalities = (total * 2 + split) // (2 * split)  # round half up
        counts.fatalities_low = counts.fatalities
        counts.fatalities_high = counts.fatalities
        counts.notes.append(f"fatalities: {total} split between {split} events, {counts.fatalities} here")
    for outcome in ("injured", "arrested"):
        total = combine(mentions, outcome)
        if total is None:
            continue
        setattr(counts, _FIELD[outcome], total.value)
        counts.evidence[_FIELD[outcome]] = spans(total.used)
    return counts


_SUMMARY = re.compile(
    r"\[?\s*(?:(?:\d+|no|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:reported\s+)?fatalit\w*"
    r"(?:\s+and\s+\d+\s+injur\w*)?|(?:unknown|unclear|unspecified)?\s*(?:number\s+of\s+)?fatalit\w*"
    r"(?:\s+and\s+injuries)?\s+(?:were\s+)?(?:coded|split|spread|divided))[^.]{0,80}\.?\s*\]?",
    re.I,
)


def _summaries(ctx: ArticleContext, sentences: list[int]) -> list[int]:
    """Coder's summary lines after the frame ("2 fatalities.", "Fatalities split between 2 events."):
    they state the toll of the event the note describes, so they belong to every frame before them."""
    if not sentences:
        return []
    first = min(sentences)
    return [s.index for s in ctx.sentences[first + 1 :] if _SUMMARY.fullmatch(s.text.strip())]


def _share_totals(mentions: list[Mention], article_text: str) -> list[Mention]:
    """A toll "across the attacks" is shared among them, as ACLED and GTD code each attack; how many
    attacks there were is said once for the article ("This was one of three attacks")."""
    if not any(m.spread is not None for m in mentions):
        return mentions
    parts = _ONE_OF.search(article_text)
    found = find_quantities(parts.group(1)) if parts else []
    default = found[0].value if found else 0
    out: list[Mention] = []
    for m in mentions:
        n = m.spread or default
        if m.spread is None or n < 2:
            out.append(m)
            continue
        # the remainder goes to the first attacks, so most attacks get the whole share
        share = m.value // n
        high = None if m.high is None else m.high // n
        out.append(replace(m, value=share, low=min(share, m.low // n), high=high))
    return out


def _rescale(m: Mention) -> Mention:
    """At a large scale "several"/"many" code as 10 rather than 3."""
    if not m.vague:
        return m
    lex = load_lexicon()
    for small, large in lex.vague.values():
        if small == m.value and large != small:
            return replace(m, value=large, low=large)
    return m


def _is_suicide(frame: EventFrame) -> bool:
    return any(t.category == "suicide_bomb" for t in frame.triggers)


def _bomber_uncounted(frame_text: str, mentions: list[Mention]) -> bool:
    """ACLED counts the suicide bomber among the dead; add one unless the text already did."""
    if _BOMBER_SURVIVED.search(frame_text) or _INCLUDING_BOMBER.search(frame_text):
        return False
    if not _DETONATED.search(frame_text):
        return False
    lex = _lex()
    for m in mentions:
        if (
            m.outcome == "killed"
            and not m.zero
            and (m.noun.rstrip("s") in lex.bombers or m.noun in lex.bombers)
        ):
            return False
    return not any(m.outcome == "killed" and m.perpetrator for m in mentions)
