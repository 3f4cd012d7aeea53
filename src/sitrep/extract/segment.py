"""Group trigger mentions into event frames, one per distinct event; drop non-events.

Owner: issue 4. A mention is dropped when its context marks it as future or hypothetical ("will
target", "plans to"), background ("has been fighting ... for a long time", "a wave of attacks"), a
statement about violence ("condemned the gunmen's actions"), part of a running total (the
aggregates stage leaves those spans in ctx.facts["aggregates"]), or non-conflict news (a flood, a
road accident, a robbery with no political actor).

Grouping is conservative because one report usually describes one event: a sentence joins the
current frame unless it is clearly distinct — it says "another"/"separately"/"last month", names a
different day, or names a different country — and sentences that refer back ("the attack", "the
blast", "the incident") always join.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sitrep.extract.context import ArticleContext, EventFrame, Sentence, Trigger
from sitrep.extract.triggers import cue_matches, default_knowledge, fold, has_cue

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A day told relative to the one before ("only 4 days later", "the following day"): another day.
_LATER = (
    r"(?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:days?|weeks?)\s+later|"
    r"the\s+(?:next|following)\s+day"
)
# Wire text wraps its lines anywhere ("ON 16\nNOVEMBER"), so words of a date are parted by any space.
_DATE = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|yesterday|last\s+(?:night|week|month|year)|"
    r"earlier\s+this\s+(?:week|month|year)|\d{1,2}(?:st|nd|rd|th)?\s+"
    + _MONTHS
    + r"\b|"
    + _MONTHS
    + r"\s+\d{1,2}(?:st|nd|rd|th)?\b|"
    + _LATER
    + r")",
)
# A past or perfect verb somewhere in the sentence: without one, an -ing or noun mention ("groups
# fighting the government", "attacks on energy projects") describes a state of affairs.
_REALIS = re.compile(
    r"\b(?:was|were|had|did|left|took place|broke out|brought|began|took|went|held|made|came|sent|fled|"
    r"led|hit|rose|risen|"
    r"caught|threw|broke|gave|ran|struck|shook|burnt|built|set up|\d{1,2} " + _MONTHS + r" \d{4}|"
    r"\w{3,}(?<!need)(?<!speed)ed)\b"
)
# Words in -ed that are adjectives far more often than past verbs in news.
_NOT_VERBS = {
    "armed",
    "united",
    "alleged",
    "so-called",
    "based",
    "called",
    "named",
    "organized",
    "organised",
    "related",
    "advanced",
    "concerned",
    "interested",
    "experienced",
    "supposed",
    "detailed",
    "limited",
    "red",
    "hundred",
    "indeed",
    "need",
    "speed",
    "feed",
    "seed",
    "bred",
    "wed",
    "shed",
    "sacred",
}
# Nouns that name a kind of violence as readily as an occurrence of it ("the battle against subversion",
# "an expert in explosives"): a sentence needs a past verb before they count.
_GENERIC_CATEGORIES = {"armed_clash", "shelling", "explosion", "ied"}
_REALIS_FORMS = {
    "shot",
    "dead",
    "beat",
    "beaten",
    "slain",
    "fought",
    "stole",
    "stolen",
    "gunmen",
    "gunman",
    "shot dead",
    "found dead",
    "hit by",
    "set upon",
    "burned alive",
    "lost their lives",
    "lost his life",
    "lost her life",
    "bodies",
    "body of",
    "dead body",
    "dead bodies",
}
_COUNTRY_WORDS: dict[str, str] | None = None
# Kinds of event that a report does not mix without saying so: a protest paragraph, a bombing paragraph.
_FAMILY = {
    "protest": "demonstration",
    "riot": "demonstration",
    "demand": "demonstration",
    "arrests": "development",
    "looting": "development",
    "change_group": "development",
    "agreement": "development",
    "hq_established": "development",
    "non_violent_transfer": "development",
    "disrupted_weapons": "development",
    "other": "development",
}
# Words for people that do not make a crowd: "floods killed 14 people".
_PLAIN_PEOPLE = {
    "people",
    "workers",
    "students",
    "farmers",
    "traders",
    "herders",
    "fans",
    "citizens",
    "inhabitants",
}
# How far before a trigger a future or background cue still governs it.
_WINDOW = 60
_NEAR = 28


@dataclass(frozen=True)
class Mention:
    """One sentence's surviving triggers, and what it says about its day and country."""

    sentence: int
    triggers: list[Trigger]
    dates: frozenset[str]
    countries: frozenset[str]
    distinct: bool
    anaphoric: bool
    families: frozenset[str]


def segment(ctx: ArticleContext, triggers: list[Trigger], skip: set[int] | None = None) -> list[EventFrame]:
    """Frames of distinct events; `skip` holds sentences that only report a running total."""
    skip = skip or set()
    folded = fold(ctx.text)
    blocked = [(s.start, s.end) for s in _aggregate_spans(ctx)]
    by_sentence: dict[int, list[Trigger]] = {}
    for trigger in triggers:
        if trigger.sentence in skip:
            continue
        if any(a <= trigger.span.start < b for a, b in blocked):
            continue
        by_sentence.setdefault(trigger.sentence, []).append(trigger)

    frames: list[EventFrame] = []
    frame_families: set[str] = set()
    frame_dates: set[str] = set()
    frame_countries: set[str] = set()
    last_sentence = -10
    for sentence in ctx.sentences:
        if sentence.furniture or sentence.index in skip:
            continue
        kept = [t for t in by_sentence.get(sentence.index, []) if _is_event_mention(folded, sentence, t)]
        kept = _drop_non_conflict(folded, sentence, kept)
        if kept and _in_a_past_year(sentence.text, ctx.published.year if ctx.published else None):
            kept = []
        mention = _mention(folded, sentence, kept)
        eventive = bool(kept) and any(_is_realis(folded, sentence, t) for t in kept)
        adjacent = sentence.index - last_sentence <= 1
        if not eventive:
            # A sentence that refers back to the event just told continues it ("The incident was claimed by").
            # A reaction to it ("the minister condemned the attack") adds nothing to the event.
            reaction = has_cue("statement", folded, sentence.start, sentence.end)
            # "Police fired tear gas to disperse them": how the protest just told was handled.
            handled = (
                adjacent
                and "demonstration" in frame_families
                and has_cue("intervention", folded, sentence.start, sentence.end)
                and has_cue("state_actor", folded, sentence.start, sentence.end)
            )
            if (
                frames
                and (mention.anaphoric or handled)
                and not mention.distinct
                and not reaction
                and sentence.index - last_sentence <= 2
            ):
                frames[-1].sentences.append(sentence.index)
                frames[-1].triggers.extend(kept)
                frames[-1].reasons.append(f"sentence {sentence.index} refers back")
                last_sentence = sentence.index
            continue
        new_frame = not frames or _starts_new_event(mention, frame_dates, frame_countries, adjacent)
        if frames and not new_frame and not adjacent and not mention.anaphoric:
            # A later paragraph about another kind of event is another event.
            new_frame = not (mention.families & frame_families)
        if new_frame:
            frames.append(
                EventFrame(
                    sentences=[sentence.index],
                    triggers=list(kept),
                    reasons=[f"event mention in sentence {sentence.index}"],
                )
            )
            # A frame that names no day or country happened when and where the article last said.
            frame_dates = set(mention.dates) or frame_dates
            frame_countries = set(mention.countries) or frame_countries
            frame_families = set(mention.families)
        else:
            frames[-1].sentences.append(sentence.index)
            frames[-1].triggers.extend(kept)
            frames[-1].reasons.append(
                f"sentence {sentence.index} "
                + ("refers back" if mention.anaphoric else "continues the event")
            )
            frame_dates |= mention.dates
            frame_countries |= mention.countries
            frame_families |= mention.families
        last_sentence = sentence.index
    return frames


def _starts_new_event(mention: Mention, dates: set[str], countries: set[str], adjacent: bool) -> bool:
    if mention.anaphoric and not mention.distinct:
        return False
    if mention.distinct:
        return True
    if mention.dates and dates and not (mention.dates & dates):
        return True
    if mention.countries and countries and not (mention.countries & countries):
        return True
    # Far from the last mention and carrying its own day or place: a new report.
    return not adjacent and bool(mention.dates or mention.countries) and not mention.anaphoric


def _mention(folded: str, sentence: Sentence, kept: list[Trigger]) -> Mention:
    head_end = min(sentence.end, sentence.start + 60)
    text = folded[sentence.start : sentence.end]
    # "Four passengers were killed, police said on Saturday": the toll of the event just told, and
    # the day is the report's. A sentence naming a place of its own may be a new event.
    casualties_only = (
        bool(kept)
        and all(_CASUALTY.fullmatch(t.span.text.lower()) for t in kept)
        and not _PLACE.search(sentence.text)
    )
    # Deaths or bodies found later are the toll of the event told ("five corpses were found the next day").
    died_later = bool(kept) and all(_TOLL_LATER.fullmatch(t.span.text.lower()) for t in kept)
    return Mention(
        sentence=sentence.index,
        triggers=kept,
        dates=frozenset(
            " ".join(m.group(0).split())
            for m in _DATE.finditer(text)
            if not _is_year_only(m.group(0))
            and not (casualties_only and _REPORTED_ON.search(text[max(0, m.start() - 45) : m.start()]))
            # "He died of his wounds two days later": the toll of the event told, not another event.
            and not (died_later and re.fullmatch(_LATER, " ".join(m.group(0).split())))
        ),
        countries=frozenset(_countries(sentence.text)),
        distinct=has_cue("distinct", folded, sentence.start, sentence.end),
        anaphoric=has_cue("anaphor", folded, sentence.start, head_end)
        or any(
            _BACK_PREPOSITION.search(folded[max(sentence.start, m.start - 12) : m.start])
            for m in cue_matches("anaphor", folded, sentence.start, sentence.end)
        ),
        families=frozenset(_FAMILY.get(t.category, "violence") for t in kept),
    )


_CASUALTY = re.compile(
    r"killed|wounded|injured|hurt|died|dead|casualties|lost (?:their|his|her) li(?:ves|fe)"
)
_PLACE = re.compile(r"\b(?:in|near|at|outside|of)\s+(?:the\s+)?[A-Z][a-z]+")
_TOLL_LATER = re.compile(
    r"died|dead|dead bod(?:y|ies)|bod(?:y|ies)(?: of)?|corpses?|succumbed|"
    r"(?:(?:was|were) )?(?:found|discovered)(?: dead)?|tortured?"
)
# "killed in the fighting", "wounded during the clash": the event the article has just told.
_BACK_PREPOSITION = re.compile(r"\b(?:in|during|amid|throughout|in the course of)\s+$")
# "the army said in a statement on Tuesday": the day of the report, not of the event.
_REPORTED_ON = re.compile(
    r"\b(?:said|says|told|announced|reported|confirmed|added|statement|briefing|conference|posted|tweeted)\b"
    r"[^,.;]{0,30}\b(?:on|late|early|this)\s+$"
)


def _is_year_only(value: str) -> bool:
    return value.isdigit()


def _is_event_mention(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    start = trigger.span.start
    before_start = max(sentence.start, start - _WINDOW)
    for m in cue_matches("future", folded, before_start, start):
        if (
            not _month_may(folded, m.start, m.end)
            and not _crosses_clause(folded, m.end, start)
            and not _dated_past_relative(folded, sentence, m.end, trigger)
        ):
            return False
    after = folded[trigger.span.end : min(sentence.end, trigger.span.end + 16)]
    if re.match(r"\s*(?:will|would|is expected|are expected|is set|are set|could|may\b|continues?\b)", after):
        return False
    # "No arrests or clashes were reported", "without casualties": a denial, not a mention.
    if re.search(
        r"\b(?:no|not|without|neither|nor|never)\b[^,.;]{0,22}$",
        folded[max(sentence.start, start - 26) : start],
    ):
        return False
    # "No people were reported injured or killed": the denial governs the whole list it opens.
    if _NEGATED_LIST.search(folded[max(sentence.start, start - 60) : start]):
        return False
    if _denied(folded, sentence, trigger) or _named_not_told(folded, sentence, trigger):
        return False
    if _generic_plural(folded, sentence, trigger) or _campaign_against_abstraction(folded, sentence, trigger):
        return False
    if _bare_infinitive(folded, sentence, trigger):
        return False
    if any(
        m.start <= start < m.end
        for m in cue_matches("figurative", folded, max(sentence.start, start - 24), sentence.end)
    ):
        return False
    if trigger.category in ("kill", "attack") and (
        _VAGUE_VICTIMS.search(folded[max(sentence.start, start - 40) : start])
        or _WAR_TOLL.search(folded[max(sentence.start, start - 120) : trigger.span.end])
    ):
        return False
    if trigger.category in ("kill", "attack") and _HISTORIC_TOLL.search(
        folded[max(sentence.start, start - 40) : min(sentence.end, trigger.span.end + 40)]
    ):
        return False
    if _PERFECT_VAGUE.match(folded, trigger.span.end) and re.search(
        r"\b(?:has|have)\s+(?:been\s+)?$", folded[max(sentence.start, start - 14) : start]
    ):
        return False
    near_start = max(sentence.start, start - _NEAR)
    for m in cue_matches("background", folded, near_start, start):
        if m.label and not (
            folded[m.start : m.end] in ("has been", "have been")
            and not trigger.span.text.lower().endswith("ing")
        ):
            return False
    for phrase in (
        "for a long time",
        "for years",
        "for decades",
        "in recent months",
        "in recent years",
        "over the years",
        "in the past",
        "be recalled",
        "it is worth recalling",
    ):
        # "Kidnapped in the past few hours" is news; "in the past" alone is history.
        if phrase in _RECENT.sub(" ", folded[sentence.start : sentence.end]):
            return False
    if default_knowledge().strength.get(trigger.category) == "weak" and not _counted_and_dated(
        folded, sentence, trigger
    ):
        for m in cue_matches("statement", folded, sentence.start, start):
            if not _crosses_clause(folded, m.end, start):
                return False
    return True


# "The killing of six priests": the act noun with its victims counted.
_OF_COUNT = re.compile(
    r"\s+of\s+(?:the\s+)?(?:\d{1,3}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b"
)


def _counted_and_dated(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    """ "Condemned on Friday the assassination of six priests on Thursday": a reaction that names the act
    by its victims and its own day tells the act too, which may be the article's only report of it."""
    if not _OF_COUNT.match(folded, trigger.span.end, sentence.end):
        return False
    # "..., the ministry said on Friday" dates the reaction, not the act.
    return any(
        not _REPORTED_ON.search(folded, max(sentence.start, m.start() - 45), m.start())
        for m in _DATE.finditer(folded, trigger.span.end, sentence.end)
    )


# "Who were killed", "which was bombed": a relative clause whose verb is past.
_PAST_RELATIVE = re.compile(r"\b(?:who|which|that)\s+(?:was|were|had\s+been)\s+(?:\w+ly\s+)?\w+(?:ed|en)\b")


def _dated_past_relative(folded: str, sentence: Sentence, cue_end: int, trigger: Trigger) -> bool:
    """ "Will attend the funerals of the priests who were killed on 16 November": a relative clause with a
    past verb and a day of its own tells an act that happened, whatever the main verb plans ("refused to
    comment on whether the men who were killed ..." names no day, and stays governed)."""
    if not _PAST_RELATIVE.search(folded, cue_end, trigger.span.end):
        return False
    after = folded[trigger.span.end : min(sentence.end, trigger.span.end + 60)]
    return bool(_DATE.search(re.split(r"[,;.]", after, maxsplit=1)[0]))


# "In the past few hours": the latest news, not the history that "in the past" alone tells.
_RECENT = re.compile(r"\bin\s+the\s+past\s+(?:few|\d{1,2}|twenty-four|forty-eight)\s+(?:hours|days)\b")

# "They have killed many people": a tally of a campaign, not one event.
_PERFECT_VAGUE = re.compile(
    r"\s+(?:so many|many|countless|numerous|scores of|hundreds of|thousands of|tens of thousands of)\b"
)
_NEGATED_LIST = re.compile(
    r"\b(?:no|nobody|none)\b(?:\s+(?:one|people|persons?|civilians|soldiers|casualties|deaths))?\s+"
    r"(?:was|were|has been|have been)\b[^,.;]{0,30}\b(?:or|and|nor)\s+$"
)
# "Many people were killed during those days": victims no one counted, a period's toll, not an event.
_VAGUE_VICTIMS = re.compile(
    r"\b(?:many|countless|numerous|so many|untold)\s+(?:[a-z]+\s+){0,2}?"
    r"(?:were|have been|had been)\s+(?:\w+ly\s+)?$"
)
# "The war between the cartels has already claimed 120 deaths", "the 10-week war, which killed":
# a war's toll, told as background to something else.
_WAR_TOLL = re.compile(
    r"\b(?:war|wars|conflict|insurgency)\b[^.;]{0,50}?"
    r"(?:\b(?:has|have|had)\s+(?:already\s+|so far\s+)?|,\s*which\s+)"
    r"(?:claimed|cost|caused|left|killed|resulted in)\b[^.;]{0,40}$"
)
# Tens of thousands dead is a war's toll, not one event's: "the killing of over 70,000 people".
_HISTORIC_TOLL = re.compile(r"\b\d{2,3}(?:,\d{3})+\b(?! ?(?:troops|soldiers|police|protesters|people march))")
# Agent nouns name who does such things ("the kidnappers", "murderers who"); alone they tell no event.
_AGENT_NOUN = re.compile(r"(?:ers|ists|ins)$")
_DEMONSTRATION_CATEGORIES = {"protest", "riot", "demand", "mob_violence"}


_BARE_YEAR = re.compile(r"\b(?:in|since|during|of|by) ((?:19|20)\d\d)\b", re.IGNORECASE)


def _in_a_past_year(text: str, this_year: int | None) -> bool:
    """ "Rebels raided the department in 1987": history told in a report of another year."""
    if this_year is None:
        return False
    return any(int(m.group(1)) < this_year for m in _BARE_YEAR.finditer(text))


def _denied(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    start = trigger.span.start
    for m in cue_matches("denial", folded, sentence.start, sentence.end):
        if m.end <= start and not _crosses_clause(folded, m.end, start):
            return True
        # "The report that X was wounded ... is unfounded": the verdict comes after the claim.
        if m.start >= trigger.span.end and folded[m.start : m.end] in (
            "unfounded",
            "baseless",
            "untrue",
            "is false",
            "are false",
            "was false",
            "were false",
            "fabricated",
        ):
            return True
    return False


def _named_not_told(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    """The trigger names a kind of act ("charged with murder", "a kidnapping ring"), not one that happened."""
    start, end = trigger.span.start, trigger.span.end
    for m in cue_matches("legal_frame", folded, max(sentence.start, start - 24), start):
        if not re.search(r"[.;,]", folded[m.end : start]):
            return True
    after = cue_matches("modified_head", folded, end, min(sentence.end, end + 16))
    return any(m.start == end + 1 and folded[end] in " -" for m in after)


# Plural nouns for acts of violence that, with nothing to pin them down, name a practice rather than
# an occurrence: "the indiscriminate bombings", "the killings, the assassinations, the crimes".
# ("Clashes" is left out: reports open with it for one event.)
_GENERIC_PLURALS = {
    "bombings",
    "killings",
    "assassinations",
    "murders",
    "massacres",
    "executions",
    "attacks",
    "ambushes",
    "kidnappings",
    "abductions",
    "confrontations",
    "armed confrontations",
    "hostilities",
    "shootings",
    "assaults",
}
# Weapons named in the plural with nothing to pin them down are arms talked about, not used: "the
# factory produces cluster bombs", "missiles are classified by their fuel".
_WEAPON_PLURALS = {"bombs", "missiles", "rockets", "grenades", "explosives", "mines", "landmines", "mortars"}
_WEAPON_USE = re.compile(
    r"\b(?:fired|launched|used|hurled|threw|thrown|planted|placed|detonated|exploded|dropped|lobbed|rained|"
    r"struck|hit|landed|fell)\b"
)
# A past verb right after the plural: it is the subject of something that happened.
_PAST_AFTER = re.compile(r"\s+(?:\w+ly\s+)?(\w{3,}ed|hit|struck|shook|left|took|brought|began)\b")
# What pins a plural down to occurrences: a count, a number, a day, or a time of day.
_ANCHOR = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|both|today|tonight|"
    r"yesterday|overnight|this (?:morning|afternoon|evening|week)|last (?:night|week)|earlier)\b"
)


def _generic_plural(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    """ "The army's indiscriminate bombings", "the torture, murders and disappearances": a plural act
    noun in a sentence with no count, number or day tells of a practice, not of an event."""
    word = trigger.span.text.lower()
    if word not in _GENERIC_PLURALS and word not in _WEAPON_PLURALS:
        return False
    text = folded[sentence.start : sentence.end]
    if word in _WEAPON_PLURALS and _WEAPON_USE.search(text):
        return False  # "they exchanged fire and used rockets": weapons used, in the event just told
    verb = _PAST_AFTER.match(folded, trigger.span.end, sentence.end)
    if verb and verb.group(1) not in _NOT_VERBS:
        return False  # "the terrorist attacks affected the main power line": the subject of a past act
    return not _ANCHOR.search(text) and not _DATE.search(text)


# Verbs of violence in their bare form, whose infinitive names what someone means to do.
_BARE_VIOLENT_VERBS = {
    "kill",
    "attack",
    "bomb",
    "assassinate",
    "kidnap",
    "abduct",
    "shoot",
    "murder",
    "massacre",
    "destroy",
    "loot",
    "ambush",
    "raid",
    "execute",
    "behead",
    "assault",
    "slaughter",
}
# Verbs after which "to attack" still tells what was done ("began to attack", "tried to kill").
_INFINITIVE_DONE = re.compile(
    r"\b(?:began|begun|started|continued|went on|proceeded|managed|tried|attempted|resorted|came|decided|"
    r"(?:carried out|obeyed|followed|executed) (?:the |an )?orders?)\s+to\s+$"
)


def _bare_infinitive(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    """ "Raised funds to buy arms to kill Chileans", "sending the rebels to kill Salvadorans": a bare verb
    after "to" is a purpose or a mission, not an act told, unless a verb of doing governs it."""
    if trigger.span.text.lower() not in _BARE_VIOLENT_VERBS:
        return False  # "beaten to death", "gathered to protest", "subjected to torture": not a purpose
    before = folded[max(sentence.start, trigger.span.start - 30) : trigger.span.start]
    return before.endswith("to ") and not _INFINITIVE_DONE.search(before)


# Campaign nouns: they name one event only when waged against an armed foe.
_CAMPAIGN_WORDS = {
    "offensive",
    "offensives",
    "counteroffensive",
    "battle",
    "battles",
    "fighting",
    "fight",
    "war",
}
_AGAINST = re.compile(r"\s+(?:[\w'-]+\s+){0,6}?against\s+(?:the\s+|all\s+)?")


def _campaign_against_abstraction(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    """ "The offensive against drug trafficking", "a new offensive launched against drug traffickers":
    a policy pursued against a kind of crime, not a fight with anyone in particular."""
    if trigger.span.text.lower() not in _CAMPAIGN_WORDS:
        return False
    m = _AGAINST.match(folded, trigger.span.end, sentence.end)
    # "Those in charge of fighting drug trafficking": the verb takes the abstraction as its object.
    at = m.end() if m else trigger.span.end + 1
    return any(
        t.start == at and (m is not None or not folded[t.start : t.end].endswith(("ers", "ists")))
        for t in cue_matches("abstract_target", folded, at, sentence.end)
    )


def _month_may(folded: str, start: int, end: int) -> bool:
    """`may` next to a number is the month ("9 May 2020"), not a modal."""
    if folded[start:end] != "may":
        return False
    return bool(
        re.search(r"\d\s*$", folded[max(0, start - 4) : start]) or re.match(r"\s*\d", folded[end : end + 3])
    )


def _crosses_clause(folded: str, start: int, end: int) -> bool:
    return bool(
        re.search(
            r"[.;]|, (?:and |but )?(?:then |later )?(?:the |a |an )?\w+ (?:said|says)", folded[start:end]
        )
    )


def _is_realis(folded: str, sentence: Sentence, trigger: Trigger) -> bool:
    word = trigger.span.text.lower()
    if (
        trigger.category not in _DEMONSTRATION_CATEGORIES
        and " " not in word
        and _AGENT_NOUN.search(word)
        and word not in _REALIS_FORMS
    ):
        return False
    strong = default_knowledge().strength.get(trigger.category) == "strong"
    if word.endswith("ed") or word in _REALIS_FORMS:
        return True
    if strong and not word.endswith("ing") and trigger.category not in _GENERIC_CATEGORIES:
        return True
    return any(m.group(0) not in _NOT_VERBS for m in _REALIS.finditer(folded[sentence.start : sentence.end]))


def _drop_non_conflict(folded: str, sentence: Sentence, kept: list[Trigger]) -> list[Trigger]:
    """Floods, crashes and robberies kill people too; without a political actor they are not ACLED events."""
    if not kept:
        return kept
    s, e = sentence.start, sentence.end
    if has_cue("political", folded, s, e):
        return kept
    # People protest about accidents and lynch thieves; those are still events.
    kept_protests = [t for t in kept if t.category in ("protest", "riot", "demand", "mob_violence")]
    if any(folded[m.start : m.end] not in _PLAIN_PEOPLE for m in cue_matches("crowd", folded, s, e)):
        kept_protests += [t for t in kept if t.category in ("attack", "kill", "looting")]
    if has_cue("non_conflict", folded, s, e) or has_cue("ordinary_crime", folded, s, e):
        return kept_protests
    return kept


def _aggregate_spans(ctx: ArticleContext) -> list:
    found = ctx.facts.get("aggregates")
    if not found:
        return []
    return [span for aggregate in found for span in aggregate.evidence.get("fatalities", [])]


def _countries(text: str) -> set[str]:
    table = _country_words()
    found: set[str] = set()
    for m in re.finditer(r"\b[A-Z][a-z]+", text):
        word = m.group(0)
        for candidate in (word,):
            country = table.get(candidate)
            if country is None and len(candidate) > 5:
                # Demonyms mostly extend the name: Pakistani, Iranian, Syrian, Iraqi, Nigerian.
                for cut in (1, 2, 3):
                    country = table.get(candidate[:-cut]) or table.get(candidate[:-cut] + "a")
                    if country:
                        break
            if country:
                found.add(country)
                break
    return found


def _country_words() -> dict[str, str]:
    global _COUNTRY_WORDS
    if _COUNTRY_WORDS is None:
        import pycountry

        table: dict[str, str] = {}
        for country in pycountry.countries:
            for name in (getattr(country, "common_name", None), country.name):
                if name and " " not in name and "," not in name:
                    table[name] = country.alpha_3
        _COUNTRY_WORDS = table
    return _COUNTRY_WORDS
