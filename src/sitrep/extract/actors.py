"""Who did what to whom: actor recognition, linking to the knowledge base, roles, inter codes, claims.

Owner: issue 6.

Mentions come from one Aho-Corasick pass over the frame's sentences (named groups, associated units
and professions, agent nouns, country names and demonyms), merged into phrases ("Pakistani
military", "Al Shabaab militants"), plus organisation names spaCy finds that the knowledge base lacks.
Each mention gets a role from the dependency parse (subject, passive agent, object, "against X",
victims), and the event type decides the rest: civilians are always actor2 of Violence against
civilians, protesters actor1 of Protests. A claim of responsibility names the perpetrator; a
suspicion only lowers confidence. With no perpetrator named, a violent event's actor1 is the
country's Unidentified Armed Group, and `notes` says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sitrep.extract.actor_kb import ActorEntry, ActorKB, Alias, Associate, Front, fill, load_actor_kb
from sitrep.extract.classify import Classification
from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.geocode import Place
from sitrep.records import Span


@dataclass
class Actors:
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    interaction: int | None = None
    claimed_by: str | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class Mention:
    """A stretch of text that names an actor, with what it links to and the part it plays."""

    start: int
    end: int
    sentence: int
    entry: ActorEntry | None  # None: an agent noun whose country is still unknown
    template: str | None = None  # generic template key for agent nouns
    associate: str | None = None  # filled associate name ("Islamic Revolutionary Guard Corps")
    assoc_templates: tuple[str, ...] = ()
    role: str | None = None  # "agent", "target", "source", "between", "bystander" (present, not acting)
    suspected: bool = False
    explicit_country: bool = False
    source: str = "kb"  # "kb", "agent", "associate", "ner"

    @property
    def name(self) -> str | None:
        return self.entry.name if self.entry else None


# Verbs whose subject undergoes the event rather than doing it.
_UNDERGO = {"die", "perish", "succumb", "suffer", "sustain", "lose", "fall", "flee", "go", "remain", "be"}
# Verbs whose subject only reports it.
_SPEECH = {
    "say",
    "report",
    "tell",
    "announce",
    "confirm",
    "state",
    "add",
    "claim",
    "deny",
    "accuse",
    "blame",
    "allege",
    "quote",
    "note",
    "observe",
    "condemn",
    "denounce",
    "warn",
    "urge",
    "call",
    "believe",
    "suspect",
    "attribute",
    "according",
    "indicate",
    "record",
    "document",
    "estimate",
    "reveal",
}
_TARGET_PREPS = {"against", "on", "at", "targeting", "toward", "towards", "upon", "into"}
_INHERIT_PREPS = {"of", "including", "among", "from", "in", "belonging", "like"}
_ORG_WORDS = re.compile(
    r"\b(?:Army|Front|Brigades?|Battalions?|Movement|Militia|Forces|Group|Liberation|Mujahideen|Jihad|Cartel|"
    r"Resistance|Organi[sz]ation|Commandos?|Legion|Guards?|Command|Party|Council|Committee|Revolutionary|"
    r"Rebels?|Alliance|Union|Squad|Mafia|Clan|Militants)\b",
    re.IGNORECASE,
)
_GROUP_HEAD_NOUNS = {
    "militants",
    "militant",
    "fighters",
    "fighter",
    "rebels",
    "rebel",
    "forces",
    "force",
    "gunmen",
    "gunman",
    "insurgents",
    "elements",
    "members",
    "member",
    "troops",
    "soldiers",
    "jihadists",
    "operatives",
    "men",
    "militia",
    "militiamen",
    "group",
    "suicide",
    "bomber",
    "bombers",
    "extremists",
    "cells",
    "cell",
    "guerrillas",
    "guerrilla",
    "loyalists",
    "supporters",
    "terrorists",
    "combatants",
    "units",
    "personnel",
    "attackers",
    "gang",
    "faction",
    "column",
    "commandos",
    "police",
    "army",
    "military",
    "partisans",
}
_SUSPECT = re.compile(
    r"\b(?:suspected|suspect(?:s|ed)? (?:that )?|presumed|presumably|alleged(?:ly)?|"
    r"believed to (?:be|have been)|"
    r"likely|blamed|blames|attributed|accused|reportedly linked|thought to be|possibly|probably)\b",
    re.IGNORECASE,
)
_CLAIM_BEFORE = re.compile(
    r"\b(?:has |have |had )?(?:claimed|claims|claiming|took|takes|taking|accepted|admitted)\s+"
    r"(?:the\s+)?(?:responsibility|credit|responsability)\b"
    r"|\b(?:claimed|claims)\s+(?:the|that|this)\s+(?:attack|bombing|blast|assault|killing|ambush|strike|incident|operation)"
    r"|\bsaid (?:it|they|that it|that they) (?:had )?"
    r"(?:carried out|conducted|was behind|were behind|staged|launched"
    r"|killed|attacked)",
    re.IGNORECASE,
)
_CLAIM_AFTER = re.compile(
    r"\b(?:was|were|has been|had been|have been|is|are)\s+claimed\s+by\b"
    r"|\bresponsibility\s+(?:for\s+[^.]{0,60}?)?"
    r"(?:was|has been|had been)\s+claimed\s+by\b|\bclaimed by\b",
    re.IGNORECASE,
)
# "a BLA suicide bomber": a suicide attacker named as a group's member, stated as fact rather than
# suspected, is known as such because the group owned the attack; coders record that as its claim.
_MEMBER_BOMBER = re.compile(r"\s+suicide\s+(?:car\s+)?(?:bomber|attacker)s?(?:\b|$)", re.IGNORECASE)
_NO_CLAIM = re.compile(r"\b(?:no(?: group| one|body)?|none)\b[^.]{0,40}\bclaim", re.IGNORECASE)
_DENY = re.compile(r"\bden(?:ied|y|ies)\b[^.]{0,30}\b(?:responsibility|involvement)", re.IGNORECASE)
_ANAPHOR = re.compile(
    r"^\s*(?:the|this|that|it)\b[^.]{0,40}\b(?:attack|bombing|blast|incident|assault|ambush|"
    r"explosion|killing|killings|abduction|kidnapping|raid|operation|strike)?",
    re.IGNORECASE,
)
_FIGHT_NOUNS = {
    "firefight",
    "clash",
    "fighting",
    "battle",
    "gunfight",
    "exchange",
    "shootout",
    "shoot-out",
    "fight",
    "skirmish",
    "confrontation",
    "encounter",
    "gunbattle",
    "combat",
}
_DEFEND = {"repel", "repulse", "thwart", "foil", "fend", "resist", "defend", "withstand", "counter"}
_FINDING = {
    "find",
    "discover",
    "recover",
    "retrieve",
    "rescue",
    "report",
    "observe",
    "record",
    "document",
    "confirm",
}
_WEAPON_NOUNS = {
    "air",
    "drone",
    "raid",
    "airstrike",
    "landmine",
    "mine",
    "ied",
    "IED",
    "bomb",
    "explosive",
    "mortar",
    "rocket",
    "missile",
    "shell",
    "artillery",
    "grenade",
    "sniper",
    "ambush",
    "bomber",
    "gunfire",
    "warplane",
    "jet",
    "helicopter",
    "gunship",
    "incursion",
}
# Verbs of travel: "a military convoy travelled between two towns" says where forces were, not what they did.
_MOTION = {"travel", "pass", "move", "drive", "head", "return", "patrol", "arrive", "leave", "transit"}
# Predicate adjectives that do name the one responsible ("X was responsible for the attack").
_BLAME_ADJECTIVES = {"responsible", "behind", "guilty", "involved"}
_ATTACK_NOUNS = {
    "attack",
    "raid",
    "offensive",
    "assault",
    "shelling",
    "strike",
    "airstrike",
    "bombing",
    "ambush",
    "operation",
    "fire",
    "incursion",
    "advance",
    "crackdown",
}
_COMMUNAL_FROM = re.compile(r"\bcommunal militias?\s+(?:from|of)\s+(?:the\s+)?(?P<name>[A-Z][\w'-]+)")
# A community, clan or tribe name: one capitalised word, or two after a lineage particle ("Bani Ali").
_LINEAGE_NAME = r"(?:(?:Al|Bani|Beni|Banu|Awlad|Ahl)[ -])?[A-Z][\w'-]+"
_PAIR_MILITIAS = re.compile(
    rf"\b(?P<a>{_LINEAGE_NAME})\s+and\s+(?:the\s+)?(?P<b>{_LINEAGE_NAME})\s+"
    r"(?P<kind>(?i:communal|ethnic|community|(?:sub-)?clan|tribal)\s+)?"
    r"(?P<noun>(?i:militias|militiamen|fighters|youths|tribesmen|tribes|(?:sub-)?clans))\b"
)
# "militiamen from the A clan and B sub-clans", "militias from A and B clashed": one militia per side.
_PAIR_FROM = re.compile(
    rf"\b(?i:militias?|militiamen|fighters|youths|gunmen)\s+from\s+(?:the\s+)?(?P<a>{_LINEAGE_NAME})"
    r"(?:\s+(?P<ka>(?:sub-)?clan|community|tribe))?\s+and\s+(?:the\s+)?"
    rf"(?P<b>{_LINEAGE_NAME})(?:\s+(?P<kind>(?:sub-)?clans?|communit(?:y|ies)|tribes?))?\b"
)
_COMMUNAL_BEFORE = re.compile(r"\b(?P<name>[A-Z][\w'-]+)\s+communal militias?\b")
_CLAN = re.compile(
    r"\b(?P<name>[A-Z][\w'-]+(?:[ -][A-Z][\w'-]+)?)\s+(?:sub-)?clan\s+"
    r"(?:militias?|militiamen|fighters|gunmen)\b"
)
_GENERIC_WORDS = {
    "unidentified",
    "unknown",
    "local",
    "rival",
    "armed",
    "the",
    "two",
    "a",
    "militia",
    "tribal",
    "tribe",
    "some",
    "several",
    "other",
    "another",
    "these",
    "those",
    "both",
    "many",
    "suspected",
    "alleged",
}
_TRIBESMEN = re.compile(rf"\b(?P<name>{_LINEAGE_NAME})\s+(?:tribesmen|tribes)\b")
_TRIBE = re.compile(
    r"\b(?P<name>(?:Al |Bani |Beni )?[A-Z][\w'-]+)\s+(?:tribal|tribe)\s+"
    r"(?:militias?|militiamen|fighters|gunmen)\b"
)
_ONE_SIDE = re.compile(r"\bon (?:the )?one side,? and (?:the )?(?P<other>[^.;]+?),? on the other\b")
# "The IRGC said it had arrested ...". Not "police said, in what they described as a feud": "they" there only
# goes on reporting, and "what they" / "which it" starts a clause about the report, not about an act.
_SAID_IT = re.compile(
    r"^[^.]{0,80}?\b(?:said|says|announced|stated|reported|claimed)\b[^.]{0,25}?\b(?:that\s+)?"
    r"(?<!\bwhat )(?<!\bwhich )(?<!\bas )(?:it|they)\s+(?:had\s+|has\s+|have\s+)?"
    r"(?!(?:been|described|called|termed|believed|suspected|thought|said|say|told|added|did\s+not)\b)\w+",
    re.IGNORECASE,
)
_RESPONSIBILITY_CUE = re.compile(
    r"\b(?:claim|attribut|blam|suspect|accus|responsib|carried out)", re.IGNORECASE
)
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|these)\s+(?:\w+\s+)?(?:attacks?|incidents?|bombings?|blasts?|assaults?|killings?|abductions?|"
    r"kidnappings?|explosions?|strikes?|ambush(?:es)?|shootings?|raids?|operations?)\b",
    re.IGNORECASE,
)
_ATTRIBUTED = re.compile(
    # "The attack was linked to X" attributes it; "fighters linked to X" only says whom they follow.
    r"\b(?:attributed|blamed|pinned|(?:was|were|been|is|are|being)\s+linked|linked\s+(?:the|this|that|it|them))\b"
    r"[^.;]{0,50}?\b(?:to|on)\s+(?:the\s+)?"
    r"|\bsuspected\s+(?:the\s+)?involvement\s+of\s+(?:the\s+)?"
    r"|\b(?:believed|thought|suspected|said)\s+to\s+(?:be|have\s+been)\s+(?:carried\s+out\s+by|the\s+work\s+of|"
    r"members\s+of|linked\s+to)\s+(?:the\s+)?"
    r"|\baccused\s+(?=[^.;]{0,60}\bof\b)",
    re.IGNORECASE,
)
# "X are active in the area", "X, which operates in the region": where a group is, not what it did.
_PRESENT = re.compile(
    r"\s*(?:,[^,.;]{0,60},\s*)?(?:(?:is|are|was|were|remains?|have been|has been)\s+(?:\w+\s+)?"
    r"(?:active|present|operating|based|entrenched|known to operate)\b|(?:operates?|operating)\s+in\b)",
    re.IGNORECASE,
)
# "Israeli airstrikes", "Saudi shelling", "a Turkish drone": a country word before arms names its military.
# Bare "strikes" (a labour strike) and "fire" are left out on purpose.
_ARMS_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:(?:rocket|artillery|mortar|missile|heavy|aerial|air|military|naval)\s+(?:and\s+\w+\s+)?)?"
    r"(?:air\s?strikes?|air\s+raids?|airstrikes?|shelling|bombardments?|drones?|warplanes?|war\s+planes?|jets?|"
    r"fighter\s+jets?|aircraft|helicopters?|gunships?|artillery|rockets?|missiles?|column)\b",
    re.IGNORECASE,
)
# Air power no text owner goes with: ACLED codes it "Unidentified Military Forces", not the local state.
_AIR_AGENTS = {"warplanes", "fighter jets", "military aircraft", "military helicopter", "drone strike"}
_UNKNOWN_AIR = "Unidentified Military Forces"
# Plain force nouns that carry no owner of their own: once the text has said whose forces acted
# ("Israeli forces fired ... Soldiers also ..."), these are the same forces. "Government forces",
# "security forces" and "the army" are left out: they usually name the local state whatever came before.
_BARE_FORCES = frozenset(
    {"soldiers", "soldier", "troops", "forces", "police", "policemen", "police officers"}
)
_CLAUSE_BREAK = re.compile(r";\s*|,\s*(?:however|but)\s*,?\s*|\s+but\s+", re.IGNORECASE)
_NAME_WORD = r"(?:[A-Z][\w'’.-]*|al-[\w'’-]+|al|el|ul|of|the|for|and|de|del|la|wal|-)"
_NAME_BEFORE = re.compile(
    r"(?P<name>(?:[A-Z][\w'’.-]*|al-[\w'’-]+)(?:\s+" + _NAME_WORD + r")*)(?:\s*\([^)]*\))?\s*(?:,[^,]*,\s*)?$"
)
_NAME_AFTER = re.compile(r"\s*(?:the\s+)?(?P<name>[A-Z][\w'’.-]*(?:\s+" + _NAME_WORD + r")*)")
_NOT_NAMES = {
    "no",
    "it",
    "they",
    "he",
    "she",
    "we",
    "assailants",
    "assailant",
    "police",
    "officials",
    "sources",
    "authorities",
    "security",
    "a",
    "an",
    "this",
    "that",
    "unknown",
    "unidentified",
    "none",
    "nobody",
}
_NOT_RESPONSIBLE = {"civilians", "prisoners", "government", "protesters"}
_GENERIC_REBELS = re.compile(
    r"^(?!.*\b(?:unknown|unidentified|suspected|armed\s+men|gunm[ae]n)\b).*\b(?:guerrillas?|rebels?|insurgents?|"
    r"terrorists?|militants?|subversives?|urban\s+commandos?)\b",
    re.IGNORECASE,
)
_UNDER = re.compile(
    r"\b(?:operating|acting|fighting)\s+(?:under|as\s+part\s+of)\s+(?:the\s+)?$", re.IGNORECASE
)
_UNIT = re.compile(
    r"\b(?P<name>\d+(?:st|nd|rd|th)\s+(?:[A-Z][\w'-]+\s+){0,3}(?:Brigade|Division|Corps|Battalion|Regiment|"
    r"Military Region))\b"
)
_ORG_HEAD = (
    r"(?:Corps|Division|Brigades?|Battalions?|Army|Front|Movement|Militias?|Gangs?|gangs?|Cartel|cartel|Group|Legion|"
    r"Council|Organi[sz]ation|Commandos?|Regiment|Squad|Initiative|Guards?|Forces|Faction|Committees?)"
)
_ORG_NAME = re.compile(
    r"(?<![\w'’-])(?P<name>(?:(?:Al|El|Ahrar|Jaysh|Jaish|Liwa|Harakat|Los|Las|La|El|The)\s+)?[A-Z][\w'’-]+"
    r"(?:\s+(?:[A-Z][\w'’-]+|al|el|de|del|of|wal|ul|y)){0,4}\s+" + _ORG_HEAD + r")\b"
)
_NOT_ORG_START = {
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "Around",
    "During",
    "After",
    "Before",
    "Both",
    "Two",
    "Three",
    "Several",
    "Some",
    "Unidentified",
    "Unknown",
    "Armed",
    "Security",
    "Government",
    "State",
    "Federal",
    "National",
    "Local",
    "Military",
    "Police",
    "Special",
    "Joint",
    "Rival",
    "Pro",
    "Anti",
    "Opposition",
}
_LABEL = re.compile(r"\s*[A-Z][\w/ -]{0,40}:\s+(?=On |Around |Between |During |Since |In |From )")
_NATIONALS = re.compile(
    r"\b(?P<who>[A-Z][a-z]+(?: [A-Z][a-z]+)?)\s+(?:\w+\s+)?"
    r"(?:citizens|nationals|refugees|tourists|migrants|workers|"
    r"students|community|diaspora|expatriates|asylum seekers|immigrants|pilgrims|truckers|fishermen)\b"
)
_NATIONALS_PLURAL = re.compile(
    r"^(?:[^.]*?,\s*)?(?P<who>[A-Z][a-z]+)s\s+(?:[\w ,()-]{0,60}?\s)?"
    r"(?:protested|demonstrated|rallied|marched|"
    r"gathered|rioted|held)\b"
)
_SECURITY = re.compile(r"\bsecurity\s+(?:forces?|personnel|services|officers)\b", re.IGNORECASE)
_COUNTER_PROTEST = re.compile(
    r"\bcounter[- ]?(?:protests?|protesters|demonstrations?|demonstrators|rall(?:y|ies))\b", re.IGNORECASE
)
# Event types in which fire counted across a standing front is coded between the front's two sides. An
# exchange of fire has both sides as its parties; one-sided shelling with no side named has an unknown
# perpetrator, and we never invent one, so it is not listed.
_FRONT_TYPES = ("Battles",)
_VIOLENT_TYPES = {"Violence against civilians", "Explosions/Remote violence", "Battles"}
_CIVILIAN_TEMPLATES = {"civilians", "prisoners"}
# Sub-event types in which forces that only move or gather are the actor.
_MOVES = {"Change to group/activity", "Headquarters or base established"}
_DISPLACED = re.compile(
    r"\b(?:fled|flee(?:ing|s)?|displaced|displacement|refugees|IDPs|evacuated|returnees|returned home)\b",
    re.IGNORECASE,
)
_ARSON = re.compile(r"\b(?:set (?:on )?fire|set ablaze|torched|burn(?:ed|t) down|arson)\b", re.IGNORECASE)
_CONTRABAND = re.compile(
    r"\b(?:drugs?|narcotics?|cocaine|marijuana|cannabis|heroin|methamphetamine|crystal meth|smuggl\w*|"
    r"contraband|trafficking|traffickers|clandestine (?:airstrip|laborator(?:y|ies)|lab)s?)\b",
    re.IGNORECASE,
)
_DECIDES = re.compile(
    r"\b(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}|(?<=, )it)\s+"
    r"(?:has\s+|have\s+|had\s+)?(?:officially\s+)?"
    r"(?:declared|announced|approved|ordered|imposed|decreed|extended|lifted|suspended|banned|launched)\b"
)
_MILITARY_POLICE = re.compile(r"\bmilitary police\b", re.IGNORECASE)
# Generic non-state attackers the text does not name ("gunmen", "gangsters", "Islamist militants").
_UNNAMED_ARMED = ("armed_group", "gang", "islamist_militia")
# Transitive acts of violence as they appear in text. The small spaCy model often tags "shot" in "Gunmen on
# a motorcycle shot dead two brothers" as a noun (or a reduced relative: "militants on motorbikes gunned
# down ..."), so no verb carries the act and its doer has no role; these phrases let the surface order say.
_ACT_PHRASE = re.compile(
    r"\b(?:shot\s+(?:dead|and\s+killed|and\s+wounded|and\s+injured)|shot|gunned\s+down|killed|murdered|"
    r"assassinated|executed|beheaded|lynched|stabbed(?:\s+to\s+death)?|hacked\s+to\s+death|"
    r"beat\s+to\s+death|attacked|ambushed|abducted|kidnapped|stormed|raided|torched|"
    r"opened\s+fire\s+(?:on|at)|fired\s+(?:on|at))\b",
    re.IGNORECASE,
)
# Dependencies of a verb that heads its own clause; a trigger verb parsed as "pobj" or "acl" does not.
_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "parataxis", "relcl", "pcomp", "csubj"}
# What may stand between a doer and its act: "on a motorcycle", "riding motorbikes", "in a car". Not a
# clause break, not a reporting verb ("police said gunmen shot": the police only report).
_DOER_GAP = re.compile(
    r"(?:\s+(?!(?:said|says|told|tells|reported|reports|according|added|claimed|stated|and|or|who|which|"
    r"that|were|was|had|have|been)\b)[\w'’-]+){0,6}\s+$",
    re.IGNORECASE,
)
# After the act comes its object, not a preposition: "two soldiers killed in an attack" is a passive
# headline, and the soldiers were killed.
_OBJECT_NEXT = re.compile(
    r"\s+(?!(?:in|at|on|by|near|during|after|before|while|when|as|with|outside|inside|from|for|to|into|and|or|"
    r"but|since|early|late|last|overnight|yesterday|today)\b)[\w'’\"“-]",
    re.IGNORECASE,
)
_PATIENT_GAP = re.compile(r"[^,;:.()]{0,40}$")
# Acts that take an object whenever they are active: with none after them ("two soldiers on a motorcycle shot
# dead in Bannu") or with "by" ("shot by gunmen"), the actor before them suffered the act.
_PASSIVE_ACT = re.compile(
    r"(?:shot|gunned|killed|murdered|assassinated|executed|beheaded|lynched|stabbed|hacked|abducted|kidnapped)\b",
    re.IGNORECASE,
)
_BY_NEXT = re.compile(r"\s+by\b", re.IGNORECASE)


@cache
def _front_patterns(
    front: Front,
) -> tuple[re.Pattern[str], tuple[tuple[str, frozenset[str], re.Pattern[str]], ...]]:
    """A front's monitor cues, and per side its held settlements (folded) and "near X" pattern: built once,
    since every event of a front's country asks."""
    cues = re.compile(rf"\b(?:{'|'.join(re.escape(c) for c in front.cues)})\b")
    sides = []
    for side, names in (("state", front.state_held), ("opponent", front.opponent_held)):
        pattern = "|".join(re.escape(n) for n in names)
        near = re.compile(rf"\b(?:near|in|of|around|at)\s+(?:{pattern})\b(?![- ](?:region|oblast|People))")
        sides.append((side, frozenset(fold(n) for n in names), near))
    return cues, tuple(sides)


def fold(text: str) -> str:
    """Lower-case without changing length, so offsets into the folded text are offsets into the text.
    Wire copy wraps lines inside names ("FARABUNDO\nMARTI"): every space character is a plain space."""
    return (
        "".join(" " if c.isspace() else c.lower() if len(c.lower()) == 1 else c for c in text)
        .replace("’", "'")
        .replace("‘", "'")
    )


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


# What says a bare word in all-capitals copy is the group's name: "MEMBERS OF THE LET", "THE FACT GROUP".
_MEMBERS_OF = re.compile(
    r"\b(?:members?|militants?|guerrillas?|rebels?|fighters?|commandos?|leaders?|spokesm[ae]n|columns?|units?)"
    r"\s+of\s+(?:the\s+)?$"
)
_GROUP_CUE_AFTER = re.compile(
    r"\s+(?:group|movement|organi[sz]ation|guerrillas?|rebels?|militants?|insurgents?|commandos?|fighters?)\b"
)
# "SAN SALVADOR, 21 NOV 89 (AFP) --", "Kabul (AFP) -": the news agency that filed the story, not an actor.
_CREDIT_BEFORE = re.compile(r"\([^()\n]{0,30}$")
_CREDIT_AFTER = re.compile(r"[^()\n]{0,30}\)\s*(?:--|[-–—])\s")


class _Matcher:
    """One Aho-Corasick automaton over every alias in the knowledge base."""

    def __init__(self, kb: ActorKB) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        by_key: dict[str, list[Alias]] = {}
        for alias in kb.aliases:
            key = fold(alias.text)
            if len(key) >= 2:
                by_key.setdefault(key, []).append(alias)
        for key, aliases in by_key.items():
            self.automaton.add_word(key, (len(key), aliases))
        self.automaton.make_automaton()
        self.caps_stopwords = kb.caps_stopwords
        # the last text scanned for support: the groups and countries it names
        self._named: tuple[str, frozenset[ActorEntry], frozenset[str]] | None = None

    def _spans(self, folded: str) -> Iterator[tuple[int, int, list[Alias]]]:
        for last, (length, aliases) in self.automaton.iter(folded):
            a, b = last - length + 1, last + 1
            if (a > 0 and _is_word(folded[a - 1])) or (b < len(folded) and _is_word(folded[b])):
                continue
            yield a, b, aliases

    def _word(self, alias: Alias, caps: bool) -> bool:
        """An alias that all-capitals text cannot tell from an ordinary word."""
        return caps and alias.case_sensitive and alias.text.upper() in self.caps_stopwords

    def find(self, text: str, start: int, end: int, caps: bool) -> list[tuple[int, int, Alias]]:
        folded = fold(text[start:end])
        hits: list[tuple[int, int, Alias]] = []
        for a, b, aliases in self._spans(folded):
            surface = text[start + a : start + b]
            if _CREDIT_BEFORE.search(text, max(0, start + a - 30), start + a) and _CREDIT_AFTER.match(
                text, start + b
            ):
                continue
            for alias in aliases:
                # "LeT" or "LET", never "let"
                if alias.case_sensitive and not caps and surface not in (alias.text, alias.text.upper()):
                    continue
                if self._word(alias, caps) and not (
                    alias.kind == "group" and self._supported(text, start + a, start + b, alias.target)
                ):
                    continue
                hits.append((start + a, start + b, alias))
        return hits

    def _supported(self, text: str, a: int, b: int, entry: ActorEntry) -> bool:
        """Whether all-capitals text backs a group alias that is also a word: the group is named by another
        of its aliases or its country is named anywhere in the text, or a group cue stands next to it."""
        before = fold(text[max(0, a - 30) : a])
        if _MEMBERS_OF.search(before) or (
            re.search(r"\bthe\s+$", before) and _GROUP_CUE_AFTER.match(fold(text[b : b + 20]))
        ):
            return True
        if self._named is None or self._named[0] is not text:
            entries: set[ActorEntry] = set()
            countries: set[str] = set()
            for _, _, aliases in self._spans(fold(text)):
                for alias in aliases:
                    if self._word(alias, True):
                        continue  # a word supports nothing, itself included
                    if alias.kind == "group":
                        entries.add(alias.target)
                    elif alias.kind == "country":
                        countries.add(alias.target)
            self._named = (text, frozenset(entries), frozenset(countries))
        _, entries_named, countries_named = self._named
        return entry in entries_named or bool(countries_named & set(entry.countries))


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 20 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _caps_at(text: str, start: int, end: int) -> bool:
    """Whether a sentence is in all capitals; one too short to tell ("LET US UNITE.") takes the article's."""
    if sum(c.isalpha() for c in text[start:end]) > 20:
        return _caps(text[start:end])
    return _caps(text)


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


class ActorCoder:
    """Holds the loaded actor knowledge base."""

    def __init__(self, kb: ActorKB | None = None) -> None:
        self._kb = kb
        self._matcher: _Matcher | None = None
        self._communities_re: re.Pattern[str] | None = None

    @property
    def kb(self) -> ActorKB:
        if self._kb is None:
            self._kb = load_actor_kb()
        return self._kb

    @property
    def matcher(self) -> _Matcher:
        if self._matcher is None:
            self._matcher = _Matcher(self.kb)
        return self._matcher

    # -- public -----------------------------------------------------------------------------
    def code(self, ctx: ArticleContext, frame: EventFrame, kind: Classification, place: Place) -> Actors:
        out = Actors()
        iso3 = self._event_country(ctx, frame, place)
        sentences = self._sentences(ctx, frame)
        mentions = self.mentions(ctx, sentences, iso3)
        self._stated_owner(ctx, sentences, mentions, iso3)
        self._military_police(ctx, mentions)
        for m in mentions:
            if m.role is None:
                m.role = self._role(ctx, m)
            if _PRESENT.match(ctx.text, m.end, ctx.sentences[m.sentence].end):
                m.role = "bystander"
        self._surface_roles(ctx, mentions)
        self._sides(ctx, mentions)
        if not any(m.role in ("agent", "between") for m in mentions):
            # "The IRGC said that it had arrested ...": the speaker is the one who acted.
            for m in mentions:
                after = ctx.text[m.end : ctx.sentences[m.sentence].end]
                if m.role == "source" and m.template != "government" and _SAID_IT.match(after):
                    m.role = "agent"
                    break
        claim, blamed = self._responsibility(ctx, sentences, mentions, iso3)
        self_named = None
        if claim is None:
            self_named = next(
                (
                    m
                    for m in mentions
                    if m.entry is not None
                    and m.entry.kind == "group"
                    and not m.suspected
                    and (
                        _MEMBER_BOMBER.search(ctx.text, m.start, m.end)
                        or _MEMBER_BOMBER.match(ctx.text, m.end)
                    )
                ),
                None,
            )
            claim = self_named
        event_type = kind.event_type
        sub_type = kind.sub_event_type or ""

        first = self._pick_actor1(mentions, event_type)
        second: Mention | None = None
        a1: ActorEntry | None = first.entry if first else None
        a2: ActorEntry | None = None
        assoc1: list[str] = []
        assoc2: list[str] = []
        note_rule: list[str] = []

        if claim is not None and claim.entry is not None:
            out.claimed_by = claim.entry.name
            out.evidence["claimed_by"] = [ctx.span(claim.start, claim.end)]
            if claim is self_named:
                out.notes.append(
                    f"claimed_by {claim.entry.name}: the text states as fact that the suicide attacker was "
                    "one of its members"
                )
            if first is None or first.entry is None or first.entry.kind == "generic" or first.suspected:
                first, a1 = claim, claim.entry

        elif (
            blamed is not None
            and blamed.entry is not None
            and (first is None or first.entry is None or first.template in _UNNAMED_ARMED)
        ):
            first, a1 = blamed, blamed.entry
        elif (
            first is not None
            and first.template == "armed_group"
            and _GENERIC_REBELS.search(ctx.text[first.start : first.end])
        ):
            group = self._article_group(ctx, iso3)
            if group is not None:
                out.notes.append(
                    f"actor1: '{ctx.text[first.start : first.end]}' read as {group.name}, "
                    "the only armed group the article names"
                )
                a1 = group
                first = Mention(
                    first.start, first.end, first.sentence, group, role=first.role, suspected=True
                )

        crowd_country = self._crowd_country(ctx, sentences) if event_type in ("Protests", "Riots") else None
        if event_type == "Protests":
            a1 = self.kb.generic("protesters", crowd_country or iso3) or a1
            assoc1 = self._associates(mentions, ("protesters",), iso3)
            assoc1 += [
                m.entry.name
                for m in mentions
                if m.entry
                and m.entry.kind == "group"
                and m.entry.inter in (3, 6)
                and m.role != "target"
                and m.entry.name not in assoc1
            ]
            first = self._first(mentions, lambda m: m.template == "protesters") or first
            if "intervention" in sub_type.lower() or "excessive" in sub_type.lower():
                second = self._first(mentions, lambda m: m.template in ("police", "military")) or self._first(
                    mentions, lambda m: m.entry is not None and m.entry.state and m.template != "government"
                )
                second = self._crowd_control(ctx, second, iso3)
                if second is None:
                    a2 = self.kb.generic("police", iso3)
                    note_rule.append("actor2: police assumed for a protest with intervention")
            elif _COUNTER_PROTEST.search(ctx.text):
                # A counter-protest faces the protest: ACLED codes the other crowd as protesters too.
                a2 = self.kb.generic("protesters", crowd_country or iso3)
                note_rule.append("actor2: the counter-protesters")
        elif event_type == "Riots":
            a1 = self.kb.generic("rioters", crowd_country or iso3) or a1
            assoc1 = self._associates(mentions, ("rioters",), iso3)
            first = self._first(mentions, lambda m: m.template in ("rioters", "protesters")) or first
            # Whoever the rioters attacked, unless forces faced them; then the civilians they hurt; else the
            # group they fought.
            crowd = ("rioters", "protesters", "government", *_CIVILIAN_TEMPLATES)
            second = (
                self._first(mentions, lambda m: m.role == "target" and m.template not in crowd)
                or self._first(
                    mentions,
                    lambda m: (
                        m.template in ("police", "military")
                        or (m.entry is not None and m.entry.state and m.template != "government")
                    ),
                )
                or self._first(mentions, lambda m: m.role == "target" and m.template in _CIVILIAN_TEMPLATES)
                or self._first(mentions, lambda m: m.entry is not None and m.entry.kind == "group")
            )
            second = self._crowd_control(ctx, second, iso3)
        else:
            second = self._pick_actor2(mentions, first, event_type)

        if second is not None and second.entry is not None:
            a2 = second.entry
        if event_type == "Violence against civilians":
            if a2 is None or a2.template not in _CIVILIAN_TEMPLATES:
                a2 = self.kb.generic("civilians", iso3)
                second = self._first(mentions, lambda m: m.template in _CIVILIAN_TEMPLATES) or None
            assoc2 = self._associates([m for m in mentions if m.role != "agent"], ("civilians",), iso3)
        frame_text = " ".join(ctx.sentences[i].text for i in sentences)
        displaced = (
            event_type == "Strategic developments" and sub_type == "Other" and _DISPLACED.search(frame_text)
        )
        if displaced and a1 is None:
            people = self._first(mentions, lambda m: m.template == "civilians")
            if people is not None:
                first, a1 = people, people.entry
                if second is people or (a2 is not None and a2.template == "civilians"):
                    second, a2 = None, None
        if displaced and a1 is not None and a1.template == "civilians":
            # People fleeing or returning are the actors of a displacement event; ACLED adds who they are.
            c = self.kb.country(a1.country)
            refugees = next((x for x in self.kb.associates if x.name.startswith("Refugees/IDPs")), None)
            if c is not None and refugees is not None:
                assoc1.append(fill(refugees.name, c))
        elif a1 is not None and a1.template in _CIVILIAN_TEMPLATES:
            # Civilians are acted upon: never the initiators of coded violence or arrests.
            if second is None and event_type not in _VIOLENT_TYPES:
                second, a2 = first, a1
            a1, first = None, None
        if a1 is None and event_type == "Strategic developments":
            # "Pakistan has declared a military operation": a state deciding is its government.
            a1 = self._deciding_state(ctx, sentences)
            if a1 is not None:
                note_rule.append(f"actor1: the country is the one deciding; coded as {a1.name}")
        if a1 is None and sub_type in _MOVES:
            # "Houthi reinforcements arrived at the front": in a troop movement the forces that move act.
            mover = self._first(
                mentions,
                lambda m: (
                    m.role == "bystander" and m.entry is not None and m.template not in _CIVILIAN_TEMPLATES
                ),
            )
            if mover is not None:
                first, a1 = mover, mover.entry
        front = self._front(ctx.text, iso3) if a1 is None and event_type in _FRONT_TYPES else None
        held = self._held_by(front, place, frame_text) if front is not None else None
        if front is not None and held == "state":
            # Fire exchanged near ground the state holds: ACLED puts the side firing at it first.
            a1, a2, second = self.kb.by_name(front.opponent), self.kb.generic("military", front.country), None
            note_rule.append(
                f"actors: fire exchanged near ground the state holds across the front line; coded as "
                f"{front.opponent} against {a2.name if a2 else ''}"
            )
        elif front is not None:
            # Ceasefire monitors count fire across a standing front without saying who fired: the sides
            # are that front's parties, the state's forces first as in any clash with no named initiator.
            a1 = self.kb.generic("military", front.country)
            opponent = self.kb.by_name(front.opponent)
            if (
                event_type == "Battles"
                and opponent is not None
                and (a2 is None or a2.template == "armed_group")
            ):
                second, a2 = None, opponent
            note_rule.append(
                f"actors: fire observed across the front line; coded as {a1.name if a1 else ''} "
                f"and {front.opponent}, the front's two sides"
            )
        front, held = None, None
        if a1 is None and event_type == "Explosions/Remote violence":
            # A frontline village the geocoder does not know still tells which front the count is on.
            codes = [iso3] if iso3 else list(self.kb.fronts)
            for candidate in (self._front(ctx.text, c) for c in codes):
                side = self._held_by(candidate, place, frame_text) if candidate is not None else None
                if side is not None:
                    front, held = candidate, side
                    break
        if front is not None and held is not None:
            # Monitors count explosions near a settlement without saying who fired; ACLED codes fire
            # that falls near ground one side holds as the other side's (a holder does not shell itself).
            if held == "state":
                a1 = self.kb.by_name(front.opponent)
            else:
                a1 = self.kb.generic("military", front.country)
            if a1 is not None:
                note_rule.append(
                    f"actor1: fire observed near ground the {held} holds across the front line; "
                    f"coded as the other side, {a1.name}"
                )
        if a1 is None and (
            event_type in ("Violence against civilians", "Explosions/Remote violence")
            or (sub_type == "Looting/property destruction" and _ARSON.search(frame_text))
        ):
            # An arson is someone's doing even when the text cannot say whose.
            a1 = self.kb.generic("armed_group", iso3)
            if a1 is not None:
                note_rule.append(f"actor1: no perpetrator named; coded as {a1.name}")
                present = [
                    m.entry.name
                    for m in mentions
                    if m.entry is not None
                    and m.entry.kind == "group"
                    and (m.role == "bystander" or m.suspected)
                ]
                for name in dict.fromkeys(present):
                    note_rule.append(
                        f"actor1: {name} is only said to be active in or linked to the area, not named"
                    )
        if event_type == "Battles" and iso3 and (a1 is None or a2 is None):
            # A battle always has two sides; one the source cannot name is unidentified, of the kind the
            # text suggests ("inter-clan clashes", "drug traffickers exchanged fire").
            unnamed = self.kb.generic(_unnamed_kind(frame_text), iso3)
            if a2 is not None and a2.template in _CIVILIAN_TEMPLATES:
                second, a2 = None, None  # the people caught in a battle are not one of its sides
            if a1 is None and a2 is None:
                a1 = a2 = unnamed
                note_rule.append("actors: neither side of the clash is named")
            elif a1 is None:
                # The parse named no initiator: both sides are objects ("X exchanged fire with Y" read
                # from the victim's side). ACLED then lists the state's forces first.
                sides = [
                    m
                    for m in mentions
                    if m.entry is not None and m.template not in _CIVILIAN_TEMPLATES and m.role != "bystander"
                ]
                sides.sort(key=lambda m: (not m.entry.state if m.entry else True, m.start))
                first = sides[0] if sides else second
                a1 = first.entry if first is not None else a2
                named_sides = {m.entry.name for m in sides if m.entry is not None}
                if len(named_sides) == 1 and first is not None and first.role == "target":
                    # "Two policemen were shot dead": one side named, as victims; the attackers are unnamed.
                    sides = []
                    second, a2, first, a1 = first, first.entry, None, unnamed
                other = self._first(
                    sides, lambda m: m.entry is not None and m.entry.name != (a1.name if a1 else None)
                )
                if a1 is unnamed:
                    note_rule.append("actor1: the attackers are not named")
                elif other is not None:
                    second, a2 = other, other.entry
                else:
                    second, a2 = None, unnamed
                    note_rule.append("actor2: the other side of the clash is not named")
            else:
                a2 = unnamed
                note_rule.append("actor2: the other side of the clash is not named")
        if (
            event_type == "Battles"
            and a1 is not None
            and a2 is not None
            and a1.template in _UNNAMED_ARMED
            and a2.state
            and _MUTUAL.search(" ".join(ctx.sentences[i].text for i in sentences))
        ):
            # "A gunman exchanged fire with police": neither side started it; ACLED lists the state first.
            first, a1, second, a2 = second, a2, first, a1
        if a1 is None and sub_type == "Arrests":
            a1 = self.kb.generic("police", iso3)
            if a1 is not None:
                note_rule.append("actor1: arrests with no arresting force named; coded as police")
        if a2 is None and a1 is not None and sub_type == "Mob violence":
            # A mob attacks people or their property; ACLED codes them as civilians unless named.
            a2 = self.kb.generic("civilians", iso3)
            if a2 is not None:
                note_rule.append("actor2: the mob's victims are coded as civilians")
        if (
            event_type == "Strategic developments"
            and a1 is not None
            and a1.state
            and (a2 is None or (a2.template == "civilians" and (second is None or second.role != "target")))
            and _CONTRABAND.search(frame_text)
        ):
            # Drugs seized, a smugglers' airstrip destroyed: the loss is a criminal network's, not civilians'.
            second, a2 = None, self.kb.generic("gang", iso3)
            if a2 is not None:
                note_rule.append(f"actor2: seized or destroyed contraband is coded as {a2.name}'s")
        if a2 is None and a1 is not None and sub_type == "Looting/property destruction":
            # Looted or destroyed property is civilians' unless the text names another owner.
            a2 = self.kb.generic("civilians", iso3)
            if a2 is not None:
                note_rule.append("actor2: the property's owners are coded as civilians")
        if a1 is not None and a1.template == "armed_group" and _CRIME_HALLMARKS.search(frame_text):
            # A drive-by shooting or a bound, mutilated body by unnamed killers: where the country codes
            # such killings as gang violence, the gang (or Brazil's gang-or-militia) is the perpetrator.
            crime = self.kb.crime(iso3)
            if crime is not None:
                if a2 is not None and a2.name == a1.name:
                    a2 = self.kb.generic("gang", iso3)  # two unnamed sides of a gang-style shoot-out
                a1 = crime
                note_rule.append(f"actor1: a killing with organised-crime hallmarks; coded as {crime.name}")
        if (
            a2 is not None
            and a1 is not None
            and a2.name == a1.name
            and event_type not in ("Battles", "Protests")
        ):
            a2 = None
        if a1 is not None and a1.name == _UNKNOWN_AIR:
            note_rule.append(f"actor1: the text names no air force; coded as {_UNKNOWN_AIR}")
        # "Saudi forces shelled ..." in Yemen: the state fights there as part of a coalition operation.
        operation1 = self.kb.operation(a1, iso3) if a1 is not None else None
        if operation1 is not None and a1 is not None:
            assoc1.insert(0, a1.name)
            a1 = operation1
        operation2 = self.kb.operation(a2, iso3) if a2 is not None else None
        if operation2 is not None and a2 is not None:
            assoc2.insert(0, a2.name)
            a2 = operation2
        if first is not None and first.associate and first.entry is a1:
            assoc1.insert(0, first.associate)
        elif a1 is not None:
            assoc1 += [m.associate for m in mentions if m.associate and m.entry and m.entry.name == a1.name]
        if second is not None and second.associate and a2 is second.entry and second.associate not in assoc2:
            assoc2.insert(0, second.associate)

        if a1 is not None:
            out.actor1 = a1.name
            out.inter1 = self._inter(a1, iso3)
            if (
                first is not None
                and first.entry is not None
                and (first.entry.name == a1.name or a1 is operation1)
            ):
                out.evidence["actor1"] = [ctx.span(first.start, first.end)]
        if a2 is not None:
            out.actor2 = a2.name
            out.inter2 = self._inter(a2, iso3)
            if second is not None and second.entry is not None and second.entry.name == a2.name:
                out.evidence["actor2"] = [ctx.span(second.start, second.end)]
        out.assoc_actor_1 = "; ".join(dict.fromkeys(a for a in assoc1 if a)) or None
        out.assoc_actor_2 = "; ".join(dict.fromkeys(a for a in assoc2 if a and a != out.actor2)) or None
        out.interaction = _interaction(out.inter1, out.inter2)

        confidence = 0.0
        if out.actor1:
            confidence = 0.9 if "actor1" in out.evidence else 0.6
            if first is not None and first.suspected and out.claimed_by is None:
                confidence = 0.5
                out.notes.append(f"actor1 {out.actor1} is suspected or blamed, not a claim of responsibility")
            if first is not None and first.role is None and "actor1" in out.evidence:
                confidence -= 0.15
        if note_rule:
            confidence = min(confidence, 0.5)
        out.notes.extend(note_rule)
        out.confidence = round(max(0.0, confidence), 3)
        return out

    # -- recognition --------------------------------------------------------------------------
    def _sentences(self, ctx: ArticleContext, frame: EventFrame) -> list[int]:
        order = list(dict.fromkeys(frame.sentences))
        return order or sorted({t.sentence for t in frame.triggers})

    def mentions(self, ctx: ArticleContext, sentences: list[int], iso3: str | None) -> list[Mention]:
        """Actor mentions in the given sentences, linked; agent nouns resolved to `iso3`'s actors."""
        found: list[Mention] = []
        for i in sentences:
            sentence = ctx.sentences[i]
            found.extend(self._sentence_mentions(ctx, i, sentence.start, sentence.end, iso3))
        return found

    def _sentence_mentions(
        self, ctx: ArticleContext, index: int, start: int, end: int, iso3: str | None
    ) -> list[Mention]:
        kb = self.kb
        text = ctx.text
        caps = _caps_at(text, start, end)
        label = _LABEL.match(text, start, end)
        if label is not None:  # "Movement of forces: On 2 May ...": a heading, not an actor
            start = label.end()
        hits = self.matcher.find(text, start, end, caps)
        # Longest match wins; at equal length prefer named groups, then associates, agents, countries.
        rank = {"group": 0, "associate": 1, "agent": 2, "country": 3}
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0]), rank[h[2].kind]))
        chosen: list[tuple[int, int, Alias]] = []
        for hit in hits:
            if any(hit[0] < b and a < hit[1] for a, b, _ in chosen):
                continue
            # "anti-Houthi forces", "an anti-IS raid": the group named is the opponent, not this actor.
            if re.search(r"\b(?:anti|counter)[- ]?$", text[max(start, hit[0] - 6) : hit[0]], re.IGNORECASE):
                continue
            chosen.append(hit)
        chosen.sort(key=lambda h: h[0])

        mentions: list[Mention] = []
        pending_country: tuple[int, str] | None = None  # (start, iso3) of a country word just before
        other_countries: list[tuple[int, int, str]] = []  # further countries listed with it
        for n, (a, b, alias) in enumerate(chosen):
            gap_before = text[chosen[n - 1][1] : a] if n else ""
            prev = chosen[n - 1] if n else None
            adjacent = (
                prev is not None and re.fullmatch(r"(?:'s|’s)?\s*(?:the\s+|own\s+)?", gap_before) is not None
            )
            if alias.kind == "country":
                if not (
                    pending_country
                    and prev is not None
                    and prev[2].kind == "country"
                    and re.fullmatch(r"\s*(?:and|,)\s*", gap_before)
                ):
                    pending_country = (a, alias.target)
                    other_countries = []
                elif alias.target != pending_country[1]:
                    # "Burundian and Rwandan soldiers": one force per country named before the noun.
                    other_countries.append((a, b, alias.target))
                # "military forces of Armenia", "police of the Philippines": the country after "of".
                if (
                    prev is not None
                    and prev[2].kind in ("agent", "associate")
                    and mentions
                    and re.fullmatch(r"\s+(?:of|from)\s+(?:the\s+)?", gap_before)
                ):
                    last = mentions[-1]
                    if last.template and not last.explicit_country:
                        entry = kb.generic(last.template, alias.target)
                        if entry is not None:
                            last.entry, last.end, last.explicit_country = entry, b, True
                continue
            country = (
                pending_country[1]
                if pending_country and adjacent and prev and prev[2].kind == "country"
                else None
            )
            m_start = pending_country[0] if country else a
            if alias.kind == "group":
                entry: ActorEntry = alias.target
                entry = self._regional(entry, iso3)
                if (
                    mentions
                    and adjacent
                    and prev is not None
                    and prev[2].kind == "group"
                    and mentions[-1].entry == entry
                ):
                    mentions[-1].end = b
                    continue
                if (
                    mentions
                    and prev is not None
                    and prev[2].kind == "agent"
                    and mentions[-1].template in _UNNAMED_ARMED
                    and re.fullmatch(
                        r"\s+(?:(?:armed|militant|rebel|separatist|jihadist|terrorist|insurgent)\s+)?"
                        r"(?:group|organi[sz]ation|movement|outfit|faction)?\s*,?\s*",
                        gap_before,
                    )
                ):
                    # "the armed separatist group Jaish al-Adl": the description and the name are one actor.
                    last = mentions[-1]
                    last.entry, last.template, last.end, last.source = entry, None, b, "kb"
                    continue
                if (
                    mentions
                    and prev is not None
                    and prev[2].kind == "group"
                    and mentions[-1].entry is not None
                    and re.fullmatch(r"\s+(?:and/or|or)\s+|\s*/\s*", gap_before)
                ):
                    # "ISWAP or Boko Haram militants": the source cannot tell which, and says so. ACLED keeps
                    # one order for a pair it codes often; the knowledge base holds that joint name.
                    last = mentions[-1]
                    assert last.entry is not None
                    joint = kb.by_name(f"{last.entry.name} and/or {entry.name}") or kb.by_name(
                        f"{entry.name} and/or {last.entry.name}"
                    )
                    # One side may already be the joint actor ("ISWAP or Boko Haram", where the bare
                    # "Boko Haram" is the joint name): the pair is that joint actor, not a nested one.
                    for side, other in ((entry, last.entry), (last.entry, entry)):
                        if (
                            joint is None
                            and " and/or " in side.name
                            and other.name in side.name.split(" and/or ")
                        ):
                            joint = side
                    last.entry = joint or ActorEntry(
                        name=f"{last.entry.name} and/or {entry.name}",
                        inter=last.entry.inter,
                        kind="group",
                        countries=last.entry.countries,
                    )
                    last.end = b
                    continue
                mentions.append(Mention(a, b, index, entry, source="kb"))
            elif alias.kind == "associate":
                assoc: Associate = alias.target
                home = assoc.country or country or iso3
                state = [t for t in assoc.with_templates if t in ("military", "police", "government")]
                # Professions and communities are people until the event type makes them protesters.
                template = state[0] if state else "civilians"
                entry = kb.generic(template, home) if template else None
                c = kb.country(home)
                name = fill(assoc.name, c) if c else (assoc.name if "{" not in assoc.name else None)
                mentions.append(
                    Mention(
                        m_start,
                        b,
                        index,
                        entry,
                        template=template,
                        associate=name,
                        assoc_templates=assoc.with_templates,
                        source="associate",
                        explicit_country=country is not None or assoc.country is not None,
                    )
                )
            else:  # agent noun
                template = alias.target
                # "Islamist militants" is capitalised anyway; only a lower-case agent's capital hints a name.
                proper = (
                    None
                    if caps or alias.text[:1].isupper()
                    else self._proper_name(text, start, a, b, prev[1] if prev else start)
                )
                if proper is not None:
                    # "Sharqiya Army", "Donbass People's Militia": a name the knowledge base lacks.
                    mentions.append(Mention(proper[0], b, index, proper[1], source="ner"))
                    pending_country = None
                    continue
                if (
                    mentions
                    and adjacent
                    and prev is not None
                    and prev[2].kind == "group"
                    and (alias.text.lower() in _GROUP_HEAD_NOUNS or template in (*_UNNAMED_ARMED, "military"))
                ):
                    # "Al Shabaab militants", "Houthi forces": the noun belongs to the named group.
                    mentions[-1].end = b
                    continue
                if (
                    mentions
                    and adjacent
                    and prev is not None
                    and prev[2].kind in ("associate", "agent")
                    and template in ("military", "police")
                    and mentions[-1].template == template
                    and (prev[2].kind == "associate" or alias.text.lower() in _AIR_AGENTS)
                ):
                    mentions[-1].end = b  # "regime warplanes": the aircraft are that force's
                    continue
                home = country or iso3
                entry = kb.generic(template, home)
                if country is None and alias.text.lower() in _AIR_AGENTS:
                    entry = kb.by_name(_UNKNOWN_AIR) or entry
                mentions.append(
                    Mention(
                        m_start,
                        b,
                        index,
                        entry,
                        template=template,
                        source="agent",
                        explicit_country=country is not None,
                    )
                )
                if country is not None and template in ("military", "police"):
                    for c_start, c_end, other in other_countries:
                        mentions.append(
                            Mention(
                                c_start,
                                c_end,
                                index,
                                kb.generic(template, other),
                                template=template,
                                source="agent",
                                explicit_country=True,
                            )
                        )
            pending_country = None
        for a, b, alias in chosen:
            arms = _ARMS_AFTER.match(text, b, end) if alias.kind == "country" else None
            if arms is None or any(m.start < arms.end() and a < m.end for m in mentions):
                continue
            military = kb.generic("military", alias.target)
            if military is not None:
                mentions.append(
                    Mention(
                        a,
                        arms.end(),
                        index,
                        military,
                        template="military",
                        role="agent",  # whose shelling or airstrike it was, whatever the verb
                        source="agent",
                        explicit_country=True,
                    )
                )
        mentions = self._communities(text, index, start, end, iso3, mentions)
        mentions.extend(self._unknown_orgs(ctx, index, start, mentions, iso3))
        mentions.sort(key=lambda m: m.start)
        mentions = _merge_members(text, mentions)
        mentions = _umbrella(text, mentions)
        for m in mentions:
            window = text[max(start, m.start - 45) : m.start]
            if _SUSPECT.search(window):
                m.suspected = True
        mentions.sort(key=lambda m: m.start)
        return [m for m in mentions if m.entry is not None]

    def _front(self, text: str, iso3: str | None) -> Front | None:
        """The standing front of the event's country when the report is a monitor's count of fire on it."""
        front = self.kb.fronts.get(iso3 or "")
        if front is None:
            return None
        return front if _front_patterns(front)[0].search(text) else None

    @staticmethod
    def _sides(ctx: ArticleContext, mentions: list[Mention]) -> None:
        """ "Between A and B on one side and C on the other": C is the side A and B fought."""
        for m in mentions:
            if m.role not in ("between", "agent", None):
                continue
            sentence = ctx.sentences[m.sentence]
            for match in _ONE_SIDE.finditer(ctx.text, sentence.start, sentence.end):
                if match.start("other") <= m.start and m.end <= match.end("other"):
                    m.role = "target"

    @staticmethod
    def _held_by(front: Front, place: Place, text: str) -> str | None:
        """Which side of `front` holds the event's settlement: "state", "opponent" or None (unknown)."""
        sides = _front_patterns(front)[1]
        if place.location:
            for side, names, _near in sides:
                if fold(place.location) in names:
                    return side
        # The geocoder may miss a frontline village: "near X" / "in X" in the report names it.
        for side, _names, near in sides:
            if near.search(text):
                return side
        return None

    def _deciding_state(self, ctx: ArticleContext, sentences: list[int]) -> ActorEntry | None:
        """The government of a country that is the subject of a decision ("Kenya imposed a curfew"), or of
        "it" right after a sentence whose subject is a country ("China ... On Tuesday, it announced ...")."""
        for i in sentences:
            for match in _DECIDES.finditer(ctx.sentences[i].text):
                words = match.group("name").split()
                if words[-1] == "it":
                    words = [] if i == 0 else _capitalised(ctx.sentences[i - 1].text)[:1]
                for k in range(len(words)):  # "On Tuesday Pakistan": try the shorter tails too
                    iso3 = self._country_word(" ".join(words[k:]))
                    if iso3 is not None:
                        return self.kb.generic("government", iso3)
        return None

    def _country_word(self, word: str) -> str | None:
        iso3 = self.kb.iso3_for(word)
        country = self.kb.country(iso3)
        # A demonym ("Kenyan") is not the state itself.
        return iso3 if country is not None and word not in country.demonyms else None

    def _stated_owner(
        self, ctx: ArticleContext, sentences: list[int], mentions: list[Mention], iso3: str | None
    ) -> None:
        """A bare "soldiers" or "police" defaults to the event country's forces; but when the text has
        already said whose forces these are ("Israeli forces fired at fishermen off Gaza. Soldiers also
        ..."), they keep that owner. Only one owner stated for that kind of force counts: with two
        ("Kenyan police and Ugandan police ..."), the bare noun stays ambiguous and keeps the default.
        The owner must be named in an earlier sentence: in the same one the bare noun is often the other
        side ("Pakistani troops shelled a post, killing two soldiers")."""
        bare = [
            m
            for m in mentions
            if m.source == "agent"
            and not m.explicit_country
            and m.template in ("military", "police")
            and ctx.text[m.start : m.end].lower() in _BARE_FORCES
        ]
        if not bare:
            return
        # The owner may sit in a sentence the event does not span (a scene-setting lead).
        known = set(sentences)
        earlier = list(mentions)
        for i in range(max(m.sentence for m in bare) + 1):
            s = ctx.sentences[i]
            if i not in known and not s.furniture:
                earlier.extend(self._sentence_mentions(ctx, i, s.start, s.end, iso3))
        for m in bare:
            owners = {
                e.entry.country
                for e in earlier
                if e.sentence < m.sentence
                and e.entry is not None
                and e.entry.state
                and e.entry.template == m.template
                and (e.explicit_country or e.source == "kb")
                and e.entry.country
            }
            if len(owners) != 1:
                continue
            owner = owners.pop()
            if m.entry is not None and m.entry.country == owner:
                continue
            entry = self.kb.generic(m.template or "", owner)
            if entry is not None:
                m.entry = entry

    def _military_police(self, ctx: ArticleContext, mentions: list[Mention]) -> None:
        """Once a report names the military police ("the Military Police carried out an operation"), its
        later "police" are those officers: ACLED codes military police with the military."""
        if not _MILITARY_POLICE.search(ctx.text):
            return
        for m in mentions:
            if m.template == "police" and m.source == "agent" and m.entry is not None:
                entry = self.kb.generic("military", m.entry.country)
                if entry is not None:
                    m.entry, m.template, m.associate = entry, "military", "Military Police"

    def _crowd_country(self, ctx: ArticleContext, sentences: list[int]) -> str | None:
        """The crowd's own nationality when the text gives it ("Bolivian citizens protested in Calama")."""
        if not sentences:
            return None
        s = ctx.sentences[sentences[0]]
        for match in _NATIONALS.finditer(s.text):
            iso3 = self.kb.iso3_for(match.group("who"))
            country = self.kb.country(iso3)
            if country is not None and match.group("who") in country.demonyms:
                return iso3
        for match in _NATIONALS_PLURAL.finditer(s.text):
            iso3 = self.kb.iso3_for(match.group("who"))
            if iso3:
                return iso3
        return None

    def _crowd_control(self, ctx: ArticleContext, m: Mention | None, iso3: str | None) -> Mention | None:
        """ "Security forces" facing a crowd are coded as police unless the text says army or soldiers."""
        if m is None or m.template != "military" or not _SECURITY.search(ctx.text[m.start : m.end]):
            return m
        home = m.entry.country if m.entry is not None else iso3
        police = self.kb.generic("police", home)
        if police is None:
            return m
        return Mention(m.start, m.end, m.sentence, police, template="police", role=m.role, source=m.source)

    def _article_group(self, ctx: ArticleContext, iso3: str | None) -> ActorEntry | None:
        """The one non-state armed group an article names, if it names exactly one."""
        key = ("actors.groups", iso3)
        if key not in ctx.facts:
            names: dict[str, ActorEntry] = {}
            for s in ctx.sentences:
                if s.furniture:
                    continue
                for m in self._sentence_mentions(ctx, s.index, s.start, s.end, iso3):
                    e = m.entry
                    if (
                        m.source == "kb"
                        and e is not None
                        and e.kind == "group"
                        and not e.state
                        and e.inter in (2, 3)
                    ):
                        names[e.name] = e
            ctx.facts[key] = next(iter(names.values())) if len(names) == 1 else None
        return ctx.facts[key]

    def _proper_name(
        self, text: str, floor: int, a: int, b: int, prev_end: int
    ) -> tuple[int, ActorEntry] | None:
        """A capitalised name ending in an agent noun ("Sharqiya Army"), not just a sentence start."""
        word = text[a:b]
        if not word[:1].isupper() or word.isupper():
            return None
        before = text[max(floor, prev_end, a - 40) : a].split()
        if any(self.kb.iso3_for(w.strip(",.'’s")) for w in before[-3:]):
            return None  # "Nepal Armed Police": a country's own force, not a new name
        head = re.search(
            r"((?:(?:[A-Z][\w'’-]+|al|el|ul|of|the|de|du)\s+){1,4})$", text[max(floor, prev_end) : a]
        )
        if head is None:
            return None
        begin = a - len(head.group(1))
        words = head.group(1).split()
        while words and words[0].lower() in ("of", "the", "al", "el", "ul", "de", "du"):
            begin += len(words.pop(0)) + 1
        if not words or begin <= floor and len(words) == 1 and words[0] in ("The", "A"):
            return None
        if words[0] in ("The", "A", "An") and len(words) == 1:
            return None
        name = text[begin:b]
        name = re.sub(r"^(?:The|A|An)\s+", "", name)
        if begin == floor and " " not in name.strip():
            return None
        inter = 2 if re.search(r"Army|Front|Liberation", name) else 3
        return begin, ActorEntry(name=name, inter=inter, kind="group")

    def _communities(
        self, text: str, index: int, start: int, end: int, iso3: str | None, mentions: list[Mention]
    ) -> list[Mention]:
        """Identity and communal militias named after their community, clan or village."""
        country = self.kb.country(iso3)
        if country is None:
            return mentions
        found: list[Mention] = []
        sentence = text[start:end]
        for match in self._community_pattern().finditer(sentence):
            found.append(
                Mention(
                    start + match.start(1),
                    start + match.end(),
                    index,
                    ActorEntry(
                        name=f"{match.group(1)} Ethnic Militia ({country.name})",
                        inter=4,
                        kind="group",
                        countries=(country.iso3,),
                    ),
                )
            )
        pairs = [*_PAIR_MILITIAS.finditer(sentence), *_PAIR_FROM.finditer(sentence)]
        for match in pairs:
            # "Fellata and Rizeigat communal militias clashed": two militias, one per community; "clan"
            # and "tribes" name the kind of militia ("Bani Ali and Al Badi tribesmen").
            words = " ".join(
                (match.group(g) or "").lower() for g in ("kind", "noun", "ka") if g in match.groupdict()
            )
            if any(f.start <= start + match.start() < f.end for f in found):
                continue
            names = (match.group("a"), match.group("b"))
            if any(
                n.lower() in _GENERIC_WORDS
                or self.kb.agents.get(n.lower())
                or self.kb.iso3_for(n) is not None  # "Russian and Syrian fighters" are two states'
                or self.kb.link(n) is not None  # "Houthi and Islah fighters" are known groups
                for n in names
            ):
                continue
            for group in ("a", "b"):
                name = match.group(group)
                if "tribe" in words or "tribal" in words:
                    kind = "Tribal"
                elif "clan" in words:
                    kind = "Clan"
                elif "ethnic" in words:
                    kind = "Ethnic"
                else:
                    kind = "Ethnic" if name in self.kb.communities else "Communal"
                found.append(
                    Mention(
                        start + match.start(group),
                        start + match.end(group),
                        index,
                        ActorEntry(
                            f"{name} {kind} Militia ({country.name})", 4, "group", countries=(country.iso3,)
                        ),
                    )
                )
        found_spans = [(f.start, f.end) for f in found]
        for pattern, label in (
            (_COMMUNAL_FROM, "Communal"),
            (_COMMUNAL_BEFORE, "Communal"),
            (_CLAN, "Clan"),
            (_TRIBE, "Tribal"),
            (_TRIBESMEN, "Tribal"),
        ):
            for match in pattern.finditer(sentence):
                name = match.group("name")
                if name.lower() in _GENERIC_WORDS or self.kb.agents.get(name.lower()):
                    continue
                if any(a < start + match.end() and start + match.start() < b for a, b in found_spans):
                    continue
                if label == "Communal" and name in self.kb.communities:
                    label = "Ethnic"
                suffix = "Clan Militia" if label == "Clan" else f"{label} Militia"
                found.append(
                    Mention(
                        start + match.start(),
                        start + match.end(),
                        index,
                        ActorEntry(
                            name=f"{name} {suffix} ({country.name})",
                            inter=4,
                            kind="group",
                            countries=(country.iso3,),
                        ),
                    )
                )
        if not found:
            return mentions
        kept = [m for m in mentions if not any(m.start < f.end and f.start < m.end for f in found)]
        return kept + found

    def _community_pattern(self) -> re.Pattern[str]:
        if self._communities_re is None:
            names = sorted(self.kb.communities, key=len, reverse=True)
            self._communities_re = re.compile(
                r"\b(" + "|".join(re.escape(n) for n in names) + r")\s+(?:ethnic\s+|community\s+)?"
                r"(?:militia|militias|militiamen|youths|raiders|gunmen|fighters|herders|herdsmen|attackers|assailants|"
                r"vigilantes|armed men|men|bandits|militants|pastoralists|extremists)\b"
            )
        return self._communities_re

    def _regional(self, entry: ActorEntry, iso3: str | None) -> ActorEntry:
        if entry.regional and iso3:
            country = self.kb.country(iso3)
            if country is not None:
                branch = self.kb.by_name(fill(entry.regional, country))
                if branch is not None:
                    return branch
        return entry

    def _unknown_orgs(
        self, ctx: ArticleContext, index: int, offset: int, known: list[Mention], iso3: str | None
    ) -> list[Mention]:
        """Organisations the knowledge base lacks keep their own name ("Al Sham Corps")."""
        out: list[Mention] = []
        sentence = ctx.sentences[index]
        if not _caps(sentence.text):
            for match in _ORG_NAME.finditer(sentence.text):
                a, b = offset + match.start("name"), offset + match.end("name")
                if (
                    any(a < m.end and m.start < b for m in known)
                    or match.group("name").split()[0] in _NOT_ORG_START
                ):
                    continue
                name = _org_name(match.group("name"))
                inter = 2 if re.search(r"Liberation|Rebel|Revolutionary|Army|Front", name) else 3
                out.append(
                    Mention(a, b, index, ActorEntry(name=name, inter=inter, kind="group"), source="ner")
                )
            for match in _UNIT.finditer(sentence.text):
                a, b = offset + match.start("name"), offset + match.end("name")
                entry = self.kb.generic("military", iso3)
                if entry is None or any(a < m.end and m.start < b for m in [*known, *out]):
                    continue
                # "the 35th Armoured Brigade": a numbered unit of the state's army, named as its associate.
                out.append(
                    Mention(
                        a,
                        b,
                        index,
                        entry,
                        template="military",
                        associate=match.group("name"),
                        assoc_templates=("military",),
                        source="associate",
                    )
                )
        known = [*known, *out]
        doc = ctx.docs.get(index)
        if doc is None:
            return out
        for ent in doc.ents:
            if ent.label_ not in ("ORG", "NORP"):
                continue
            a, b = offset + ent.start_char, offset + ent.end_char
            if any(a < m.end and m.start < b for m in known):
                continue
            name = re.sub(r"^(?:the|a|an)\s+", "", ent.text, flags=re.IGNORECASE).strip(" '\"")
            if not _ORG_WORDS.search(name) or len(name) < 4 or name.isupper() and len(name) < 3:
                continue
            inter = 2 if re.search(r"Liberation|Rebel|Revolutionary|Army|Front", name, re.IGNORECASE) else 3
            entry = ActorEntry(name=name if not name.isupper() else name.title(), inter=inter, kind="group")
            out.append(Mention(a, b, index, entry, source="ner"))
        return out

    def _associates(self, mentions: list[Mention], templates: tuple[str, ...], iso3: str | None) -> list[str]:
        names: list[str] = []
        for m in mentions:
            if m.associate and any(t in m.assoc_templates for t in templates) and m.associate not in names:
                names.append(m.associate)
        return names

    # -- country ------------------------------------------------------------------------------
    def _event_country(self, ctx: ArticleContext, frame: EventFrame, place: Place) -> str | None:
        kb = self.kb
        iso3 = kb.iso3_for(place.iso3) or kb.iso3_for(place.country)
        if iso3:
            return iso3
        # The text's own country words: the frame first, then the article.
        for indices in (self._sentences(ctx, frame), range(len(ctx.sentences))):
            for i in indices:
                s = ctx.sentences[i]
                for _, _, alias in self.matcher.find(
                    ctx.text, s.start, s.end, _caps_at(ctx.text, s.start, s.end)
                ):
                    if alias.kind == "country":
                        return alias.target
                    if alias.kind == "group" and alias.target.countries and len(alias.target.countries) == 1:
                        return alias.target.country
        return None

    # -- roles --------------------------------------------------------------------------------
    def _role(self, ctx: ArticleContext, m: Mention) -> str | None:
        doc = ctx.docs.get(m.sentence)
        if doc is None:
            return None
        offset = ctx.sentences[m.sentence].start
        span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        return token_role(span.root)

    @staticmethod
    def _surface_roles(ctx: ArticleContext, mentions: list[Mention]) -> None:
        """Roles from word order where the parse lost the act: "Gunmen on a motorcycle shot dead two brothers,
        police said" tags "shot" as a noun, so "Gunmen" has no role and the reporting police looked like the
        doer. When no verb heading a clause carries an act of violence and no mention of the sentence is
        already an agent, the actor right before the act ("X [on a motorcycle] shot dead") did it and the
        one right after suffered it; with no object after a killing ("X on a motorcycle killed in an
        ambush") the act is passive and the actor before it suffered it. The subject of a reporting verb
        never qualifies: "said" may not stand between doer and act, and a mention after the act is only
        taken when the parse gave it no role."""
        by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            by_sentence.setdefault(m.sentence, []).append(m)
        for index, group in by_sentence.items():
            doc = ctx.docs.get(index)
            if doc is None or any(m.role in ("agent", "between") for m in group):
                continue
            sentence = ctx.sentences[index]
            for act in _ACT_PHRASE.finditer(ctx.text, sentence.start, sentence.end):
                span = doc.char_span(
                    act.start() - sentence.start, act.end() - sentence.start, alignment_mode="expand"
                )
                if span is None or len(span) == 0:
                    continue
                word = span[0]
                if word.pos_ in ("VERB", "AUX") and word.dep_ in _CLAUSE_DEPS:
                    continue  # a verb carries the act: the parse's roles stand
                before = [m for m in group if m.end <= act.start()]
                doer = before[-1] if before else None
                if (
                    doer is None
                    or doer.role not in (None, "source", "bystander")
                    or not _DOER_GAP.match(ctx.text, doer.end, act.start())
                    or _PRESENT.match(ctx.text, doer.end, sentence.end)
                ):
                    continue
                if _BY_NEXT.match(ctx.text, act.end(), sentence.end) or not _OBJECT_NEXT.match(
                    ctx.text, act.end(), sentence.end
                ):
                    # "Two policemen on a motorcycle killed in an ambush": a passive headline, the police
                    # were killed. "Gunmen attacked at dawn" may be active with no object: left to the parse.
                    if doer.role != "source" and _PASSIVE_ACT.match(ctx.text, act.start(), act.end()):
                        doer.role = "target"
                        break
                    continue
                doer.role = "agent"
                patient = next((m for m in group if m.start >= act.end()), None)
                if (
                    patient is not None
                    and patient.role in (None, "bystander")
                    and _PATIENT_GAP.match(ctx.text, act.end(), patient.start)
                ):
                    patient.role = "target"
                break

    def _pick_actor1(self, mentions: list[Mention], event_type: str | None) -> Mention | None:
        def perpetrator(m: Mention) -> bool:
            if m.template in _CIVILIAN_TEMPLATES and event_type in _VIOLENT_TYPES:
                return False
            return True

        agents = [m for m in mentions if m.role in ("agent", "between") and perpetrator(m)]
        if agents:
            # A named group beats a generic noun in the same role ("gunmen" vs "Al Shabaab").
            named = [m for m in mentions if m.entry is not None and m.entry.kind == "group" and m.suspected]
            if named and agents[0].template in _UNNAMED_ARMED and agents[0].sentence == named[0].sentence:
                return named[0]
            return agents[0]
        # The victims are not also the perpetrators: "soldiers were killed ... a military convoy" names one
        # side, the one attacked.
        victims = {m.name for m in mentions if m.role == "target"}
        rest = [
            m
            for m in mentions
            if m.role not in ("target", "source", "bystander") and perpetrator(m) and m.name not in victims
        ]
        if rest:
            return rest[0]
        return None

    def _pick_actor2(
        self, mentions: list[Mention], first: Mention | None, event_type: str | None
    ) -> Mention | None:
        name1 = first.name if first else None
        others = [m for m in mentions if m is not first and m.name != name1]
        if event_type == "Battles" and any(
            m.template not in _CIVILIAN_TEMPLATES
            and (
                m.role in ("target", "between")
                or (m.role == "agent" and m.entry is not None and m.entry.inter == 4)
            )
            for m in others
        ):
            # "A shoot-out between police and drug traffickers; a man was killed": the other side fought.
            # "A and B ethnic militias clashed; four people were killed": the co-subject militia did.
            others = [m for m in others if m.template not in _CIVILIAN_TEMPLATES]
        for roles in (("target",), ("between",), (None,), ("agent",)):
            for m in others:
                if m.role in roles:
                    if (
                        m.role is None
                        and event_type != "Battles"
                        and m.template not in _CIVILIAN_TEMPLATES
                        and not (event_type == "Explosions/Remote violence" and m.source in ("kb", "ner"))
                    ):
                        continue
                    if m.role == "agent" and (event_type != "Battles" or m.template == "government"):
                        continue
                    return m
        return None

    @staticmethod
    def _first(mentions: list[Mention], test: Any) -> Mention | None:
        return next((m for m in mentions if test(m)), None)

    def _inter(self, entry: ActorEntry, iso3: str | None) -> int:
        # A state's forces acting outside their own country are external forces.
        if entry.state and entry.inter == 1 and iso3 and entry.countries and iso3 not in entry.countries:
            return 8
        return entry.inter

    # -- claims -------------------------------------------------------------------------------
    def _responsibility(
        self,
        ctx: ArticleContext,
        sentences: list[int],
        mentions: list[Mention],
        iso3: str | None,
    ) -> tuple[Mention | None, Mention | None]:
        """(claimant, attributed actor): who claimed the event, and whom others blamed for it."""
        candidates = list(sentences)
        last = max(sentences) if sentences else -1
        # "The attack was claimed by ...", "sources attributed the incident to ...": sentences after the
        # frame that point back at the event carry its claim or attribution.
        for i in range(last + 1, min(last + 6, len(ctx.sentences))):
            text = ctx.sentences[i].text
            if _RESPONSIBILITY_CUE.search(text) and (_ANAPHOR.match(text) or _BACK_REFERENCE.search(text)):
                candidates.append(i)
        claim: Mention | None = None
        blamed: Mention | None = None
        for i in candidates:
            s = ctx.sentences[i]
            here = [m for m in mentions if m.sentence == i]
            if i not in sentences:
                here = self._sentence_mentions(ctx, i, s.start, s.end, iso3)
            groups = [m for m in here if m.entry is not None and m.template not in _NOT_RESPONSIBLE]
            for c_start, c_end in _clauses(s.text):
                clause = s.text[c_start:c_end]
                base = s.start + c_start
                inside = [m for m in groups if base <= m.start and m.end <= s.start + c_end]
                if claim is None and not (_NO_CLAIM.search(clause) or _DENY.search(clause)):
                    claim = self._who(ctx, clause, base, inside, _CLAIM_AFTER, _CLAIM_BEFORE)
                    if claim is not None and claim.entry is not None and claim.entry.kind == "generic":
                        claim = None  # a state force reporting its own operation is not claiming an attack
                if blamed is None:
                    blamed = self._who(ctx, clause, base, inside, _ATTRIBUTED, None)
                    if blamed is not None:
                        blamed.suspected = True
        return claim, blamed

    def _who(
        self,
        ctx: ArticleContext,
        clause: str,
        base: int,
        groups: list[Mention],
        after_cue: re.Pattern[str] | None,
        before_cue: re.Pattern[str] | None,
    ) -> Mention | None:
        """The group named right after (or right before) a cue in a clause; a capitalised name if unknown."""
        index = groups[0].sentence if groups else -1
        if after_cue is not None:
            for match in after_cue.finditer(clause):
                at = base + match.end()
                after = [m for m in groups if m.start >= at]
                if after and not ctx.text[at : after[0].start].strip(" ,'\"“"):
                    return after[0]
                name = _NAME_AFTER.match(clause, match.end())
                if after:
                    return after[0]
                if name:
                    return _named(base, name, index)
        if before_cue is not None:
            for match in before_cue.finditer(clause):
                at = base + match.start()
                before = [m for m in groups if m.end <= at]
                if (
                    before
                    and before[-1].entry is not None
                    and not ctx.text[before[-1].end : at].strip(" ,()")
                ):
                    return before[-1]
                named = [m for m in before if m.entry is not None and m.entry.kind == "group"]
                if named:
                    return named[-1]
                name = _NAME_BEFORE.search(clause[: match.start()])
                if name:
                    return _named(base, name, index)
                if before:
                    return before[-1]
        return None


# An exchange of fire, as police reports word it; "X clashed with Y" keeps the order the text gives.
_MUTUAL = re.compile(
    r"\b(?:exchang\w+ (?:of )?(?:gun)?fire|shoot-?outs?|gunfights?|firefights?)\b",
    re.IGNORECASE,
)
# Signs of an organised-crime killing: a drive-by, an execution shot, a bound, mutilated or burnt body, a
# drug or cartel link. Torture alone is left out: it marks other killers too.
_CRIME_HALLMARKS = re.compile(
    r"\b(?:drive-?by|coup de gr[aâ]ce|execution-style|(?:tied|bound|handcuffed|gagged)\b|"
    r"dismembered|beheaded|decapitated|mutilated|(?:burnt|burned|charred) (?:body|bodies|remains)|"
    r"(?:body|bodies|remains) (?:\w+ ){0,3}(?:burnt|burned|charred)|drugs?\b|narco|cartels?\b|"
    r"criminal (?:group|gang|organi[sz]ation|cell)s?\b)",
    re.IGNORECASE,
)
_UNNAMED_KINDS = (
    # A feud between families is coded as one between clan militias.
    (
        "clan_militia",
        re.compile(r"\b(?:inter-?clan|clans?|(?:two|rival|feuding) families|family feud)\b", re.IGNORECASE),
    ),
    ("communal_militia", re.compile(r"\b(?:inter-?communal|communal|inter-?ethnic)\b", re.IGNORECASE)),
    ("tribal_militia", re.compile(r"\b(?:inter-?tribal|tribal|tribes(?:men)?)\b", re.IGNORECASE)),
    (
        "gang",
        re.compile(
            r"\b(?:gangs?|cartels?|criminals?|criminal groups?|drug (?:traffick|deal)\w*)", re.IGNORECASE
        ),
    ),
)


def _unnamed_kind(text: str) -> str:
    """The template for a side nobody names: clan, communal or tribal militia, gang, else armed group."""
    for template, pattern in _UNNAMED_KINDS:
        if pattern.search(text):
            return template
    return "armed_group"


def _capitalised(text: str) -> list[str]:
    """Capitalised words that could be country names, in order ("China" in "..., China has been ...")."""
    return re.findall(
        r"(?<![\w.])[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s+(?:has|have|had|is|was|will|said|says)\b)", text
    )


def _clauses(text: str) -> list[tuple[int, int]]:
    """Clause boundaries: "No group claimed it; however, officials blamed X" holds two claims."""
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _named(base: int, match: re.Match[str], index: int) -> Mention | None:
    name = re.sub(r"^(?:the|The)\s+", "", match.group("name")).strip(" ,.;:")
    name = re.sub(r"\s+(?:of|the|and|de|al)$", "", name)
    first = name.split()[0] if name else ""
    if len(name) < 3 or first.lower() in _NOT_NAMES:
        return None
    start = base + match.start("name") + match.group("name").find(name)
    inter = 2 if re.search(r"Army|Front|Liberation|Rebel", name) else 3
    entry = ActorEntry(name=name, inter=inter, kind="group")
    return Mention(start, start + len(name), index, entry, source="ner")


def _org_name(text: str) -> str:
    """ACLED style for a name found in text: singular, capitalised head ("Los Salazar Gangs" → "... Gang")."""
    words = text.split()
    head = words[-1]
    if head.lower() in ("gangs", "militias", "brigades", "battalions", "commandos", "guards", "committees"):
        head = head[:-1]
    words[-1] = head[:1].upper() + head[1:]
    return " ".join(words)


def _umbrella(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Turkish forces and allied factions, operating under OPS": the operation is the actor."""
    for n, m in enumerate(mentions):
        if m.entry is None or m.entry.kind != "group":
            continue
        cue = _UNDER.search(text[max(0, m.start - 40) : m.start])
        if cue is None:
            continue
        for earlier in mentions[:n]:
            if (
                earlier.entry is not None
                and m.start - earlier.end < 90
                and "." not in text[earlier.end : m.start]
            ):
                earlier.entry = m.entry
                earlier.template = None
    return mentions


def _merge_members(text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Fighters of the X Front", "the Y Front of the ELN": the first phrase belongs to the named group."""
    out: list[Mention] = []
    for m in mentions:
        if out:
            last = out[-1]
            if (
                (last.template in _UNNAMED_ARMED or (last.source == "ner" and m.source == "kb"))
                and m.entry is not None
                and m.entry.kind == "group"
                and re.fullmatch(
                    r"\s+(?:of|from|belonging to|loyal to|linked to|affiliated (?:to|with)|"
                    r"allied (?:to|with)|associated with|"
                    r"(?:believed|thought|suspected|said|reported) to "
                    r"(?:belong to|be (?:members of|from|with)))"
                    r"\s+(?:the\s+)?",
                    text[last.end : m.start],
                    re.IGNORECASE,
                )
            ):
                affiliation = re.search(
                    r"linked|associated|believed|thought|suspected|said|reported",
                    text[last.end : m.start],
                    re.IGNORECASE,
                )
                m.start = last.start
                m.suspected = m.suspected or last.suspected or affiliation is not None
                out[-1] = m
                continue
        out.append(m)
    return out


def token_role(token: Any) -> str | None:
    """The part a noun phrase headed by `token` plays in its clause: agent, target, source or between."""
    seen = 0
    while token is not None and seen < 8:
        seen += 1
        dep = token.dep_
        head = token.head
        if dep in ("compound", "amod", "nmod", "appos", "conj", "nummod", "det", "acl", "relcl"):
            if head is token:
                return None
            if dep in ("compound", "amod", "nmod") and head.lemma_ in _ATTACK_NOUNS | _WEAPON_NOUNS:
                return "agent"  # "coalition air raids", "Houthi shelling"
            if dep == "conj" and head.dep_ == "pobj" and head.head.lower_ == "between":
                return "between"
            token = head
            continue
        if dep == "poss":
            # "the militants' attack" names the attacker; "civilians' crops" only the owner.
            if head.lemma_ in _ATTACK_NOUNS:
                return "agent"
            token = head
            continue
        if dep == "pobj":
            prep = head.lower_
            if prep == "by":
                # "the body was found by police": the finder only reports the event.
                return "source" if head.head.lemma_ in _FINDING else "agent"
            if prep == "between":
                return "between"
            if prep in _TARGET_PREPS:
                return "target"
            if prep == "of" and head.head.lemma_ in (
                "behest",
                "request",
                "order",
                "orders",
                "invitation",
                "support",
            ):
                return None
            if prep == "with":
                verb = head.head
                if verb.pos_ in ("NOUN", "PROPN") and verb.lemma_ in _FIGHT_NOUNS:
                    return "target"
                return (
                    "target"
                    if verb.pos_ == "VERB"
                    and verb.lemma_ in ("clash", "fight", "battle", "exchange", "engage", "skirmish")
                    else None
                )
            if prep == "according" or (prep == "to" and head.head.lower_ == "according"):
                return "source"
            if prep == "to" and head.head.lemma_ == "belong":
                return "target"  # "weapons belonging to the PKK": the owner loses them
            if prep in _INHERIT_PREPS:
                # "soldiers of the brigade" shares the phrase's role; "planted in a vehicle" is only a place.
                if head.head.pos_ in ("VERB", "AUX") and prep not in ("including", "among"):
                    return None
                token = head.head
                continue
            return None
        if dep in ("nsubj", "csubj"):
            verb = head
            if verb.lemma_ == "be" and any(
                c.dep_ == "attr" and c.lemma_ in ("target", "victim") for c in verb.children
            ):
                return "target"
            if verb.lemma_ in _SPEECH:
                # "forces claimed to have shelled ...": the speaker did the act it reports.
                if any(c.dep_ == "xcomp" and c.lemma_ not in _SPEECH for c in verb.children):
                    return "agent"
                return "source"
            if any(c.dep_ == "auxpass" for c in verb.children):
                return "target"
            if verb.lemma_ in _DEFEND:
                return "target"  # "troops repelled an attack by X": X started it, the troops defended
            if verb.lemma_ == "be" and any(
                c.dep_ == "acomp" and c.lemma_ not in _BLAME_ADJECTIVES for c in verb.children
            ):
                return "bystander"
            if verb.lemma_ in _UNDERGO:
                return "target" if verb.lemma_ != "be" else None
            if verb.pos_ == "ADJ" and verb.lemma_ not in _BLAME_ADJECTIVES:
                return "bystander"  # "fighters linked to X are active in the area": present, not acting
            if verb.lemma_ in _MOTION and not any(c.dep_ in ("dobj", "obj") for c in verb.children):
                return "bystander"
            return "agent"
        if dep == "nsubjpass" and any(c.dep_ in ("dobj", "obj") for c in head.children):
            if any(c.dep_ == "auxpass" and c.text.isupper() and len(c.text) > 1 for c in head.children):
                return "agent"  # "Boko Haram/IS attacked X": the parser took the acronym for "is"
        if dep == "nsubjpass":
            if head.lemma_ in _SPEECH | {"think"} and any(c.dep_ == "xcomp" for c in head.children):
                return "agent"  # "militants were alleged to have stabbed ..."
            return "source" if head.lemma_ in _SPEECH else "target"
        if dep in ("dobj", "obj", "dative"):
            if head.lemma_ in _SPEECH:
                return None
            return "target"
        if dep == "agent":
            return "agent"
        return None
    return None


_LINKER: ActorCoder | None = None
_STATE_KINDS = ("military", "police")


def _linker() -> ActorCoder:
    global _LINKER
    if _LINKER is None:
        _LINKER = ActorCoder()
    return _LINKER


def named_groups(text: str) -> list[tuple[int, int, ActorEntry]]:
    """The knowledge base's groups a whole article names, where, under the matcher's rules (written case,
    words in all-capitals copy, dateline credits): what says which country an article is about."""
    hits = [h for h in _linker().matcher.find(text, 0, len(text), _caps(text)) if h[2].kind == "group"]
    # "FARABUNDO MARTI NATIONAL LIBERATION FRONT" names the FMLN, not a group called the shorter name inside
    return [
        (a, b, alias.target)
        for a, b, alias in hits
        if not any(c <= a and b <= d and d - c > b - a for c, d, _ in hits)
    ]


def linked_actors(text: str) -> set[str]:
    """Canonical names of the knowledge-base actors a free-text label names ("Houthi extremists (Ansar
    Allah)" → the Houthis' ACLED name): lets scorers compare datasets that spell actors differently."""
    linker = _linker()
    kb = linker.kb
    families = {g.regional.split(" (")[0] for g in kb.groups if g.regional}
    names: set[str] = set()
    for start, end, alias in linker.matcher.find(text, 0, len(text), _caps(text)):
        if alias.kind == "group":
            names.add(alias.target.name)
            if alias.target.template in _STATE_KINDS:
                names.add(f"({alias.target.template})")
        elif alias.kind == "agent" and alias.target in _STATE_KINDS and end - start >= len(text.strip()) - 12:
            # A bare "ARMY" or "Salvadoran army" names the state's forces without their ACLED name.
            names.add(f"({alias.target})")
    # "Islamic State (Iraq)" and "ISIL" are one family whatever branch each side names.
    names |= {n.split(" (")[0] for n in names if n.split(" (")[0] in families}
    return names
