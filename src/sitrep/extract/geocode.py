"""Where an event happened: toponyms, disambiguation against the gazetteer, ACLED geo precision.

Owner: issue 3.

`prepare` (once per article) finds every place mention (`extract.places`) and the article's country
context. `locate` (once per event) ranks the senses of the mentions in the event's sentences by:
country context, agreement of the admin hierarchy with co-mentioned places ("Bannu ... Khyber
Pakhtunkhwa"), the kind a cue asks for ("X district"), population, and distance to the event's other
places; then it picks the most specific place of the event's primary sentence.

Precision follows ACLED: 1 the town itself; 2 near a town, a part of a region, or a district coded to
its seat; 3 only a province named, coded to its seat (the town of its name, else its largest). A country
alone gives the country and no location: never its capital.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitrep.extract.context import ArticleContext, EventFrame
from sitrep.extract.places import Mention, find_mentions
from sitrep.gazetteer.build import load_curated
from sitrep.gazetteer.legacy import RAION, load_legacy
from sitrep.gazetteer.names import fold
from sitrep.gazetteer.store import ADMIN1, ADMIN2, ADMIN3, COUNTRY, TOWN, Entry, Index, NameHit
from sitrep.records import Span

# spaCy labels under which a capitalised match is a person or an organisation's name, not a place
_NOT_PLACE_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "EVENT", "PRODUCT", "LAW"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_CAPITAL = re.compile(
    r"(?P<near>\b(?i:near|outskirts of|outside)\s+)?"
    r"\b(?P<phrase>(?:(?i:the|its|the country's|the nation's)|[A-Z][\w-]+['’]s)\s+capital(?:\s+city)?)\b"
    r"(?!\s+(?:of|region|district|province|territory)\b)"
)
# how many sentences before an event's own a place may come from, when its own name none
_LOOK_BACK = 2
# "Saudi-led coalition", "Turkish-backed factions": a country that qualifies a backer says nothing about
# where the event happened
_NOT_WHERE_AFTER = re.compile(r"-(?:led|backed|supported|funded|sponsored|brokered|allied|aligned)\b", re.I)
# "the US dollar exchange rate", "the Syrian pound": a currency is no place, and the dollar's country
# least of all (the world prices in it)
_CURRENCY_AFTER = re.compile(
    r"\s+(?i:dollars?|pounds?|liras?|rials?|riyals?|dinars?|dirhams?|rupees?|shillings?|francs?|pesos?|"
    r"euros?|nairas?|cedis?|rands?|kwachas?|birrs?|hryvnias?|roubles?|rubles?|takas?|afghanis?|kyats?|"
    r"currency|banknotes?)\b"
)
# a name's senses in many countries say nothing, unless one is this large and this much the largest
_DOMINANT_POPULATION = 1_000_000
_DOMINANT_RATIO = 10.0
_SETTLEMENT_BEFORE = re.compile(r"\b(?:village|town|city|hamlet|locality)\s+of\s+\Z", re.IGNORECASE)
# "Kawuri village (Gujba, Borno)", "Tindibou [Tin Dibou] (Ansongo, Gao)": a name, perhaps a spelling in
# square brackets and a settlement word, then the bracket that says where that place is
_BRACKET_AFTER_NAME = re.compile(
    r"[A-Z][\w'’-]*(?:\s*\[[^\]]*\])?(?:\s+(?i:village|town|hamlet|locality|area|camp))?\s*\(\s*\Z"
)
# what may stand between a place and the province it is "in": "X town in the southern countryside of Y"
_IN_PROVINCE = re.compile(
    r"(?:(?:town|village|city|camp|area|front|frontline|neighbou?rhood)\s+)?in\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|rural|north|south|east|west)[\w-]*\s+)?"
    r"(?:(?:countryside|outskirts|suburbs|parts?)\s+of\s+)?"
)
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at)\s+\Z", re.IGNORECASE)
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?\Z", re.IGNORECASE)
# inside an organisation's name, the words before the place it is in: "the Court of Justice in Sofia"
_OF_IN_BEFORE = re.compile(r"\s(?:in|of)\s+\Z")
# a spelling variant stands without any other evidence in the article only for a city this large
_FUZZY_ALONE_POPULATION = 500_000
# how far a country's votes must lead every other's for a small town of it to stand on its own vote
_CLEAR_LEAD = 2.0
_SPECIFICITY = {TOWN: 4, ADMIN3: 3, ADMIN2: 2, ADMIN1: 1, COUNTRY: 0}


@dataclass
class Place:
    country: str | None = None
    iso3: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    admin3: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    confidence: float = 0.0
    evidence: dict[str, list[Span]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass
class ArticleGeo:
    """The article-wide facts `prepare` computes (ctx.facts["geocode"])."""

    mentions: list[Mention]
    # country → share of the article's place evidence (0..1, the strongest is 1)
    countries: dict[str, float]
    dateline: Mention | None = None
    # country → the raw votes behind `countries`, and what each mention gave
    votes: dict[str, float] = field(default_factory=dict)
    given: dict[str, dict[str, float]] = field(default_factory=dict)  # by folded name
    # countries the article names outright ("in Belarus"), not through a town's namesakes
    named: frozenset[str] = frozenset()
    # the admin1 areas a mission named in the text reports on ("OSCE SMM": Donetsk, Luhansk)
    areas: frozenset[int] = frozenset()
    # `votes` without the dateline's own: what the article's text says about where it is
    body: dict[str, float] = field(default_factory=dict)
    # the settlements along a front line the article is about (knowledge/actors.yaml `fronts`): of a
    # village name's namesakes, the one by the line is meant
    front: tuple[Entry, ...] = ()
    # the part of `votes` that demonyms gave ("Turkish forces"): whose forces, not where
    demonym_votes: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Choice:
    mention: Mention
    entry: Entry
    score: float
    margin: float


class Geocoder:
    """Holds the loaded gazetteer; `prepare` runs once per article, `locate` once per event."""

    def __init__(self, index: Index | None = None) -> None:
        self._index = index
        self._not_places: frozenset[str] | None = None
        self._front_points: dict[str, tuple[tuple[str, ...], tuple[Entry, ...]]] | None = None

    def __getstate__(self) -> dict[str, object]:
        # a SQLite connection does not pickle (Spark ships the pipeline to executors): reopen there
        path = self._index.path if self._index is not None else None
        return {"_not_places": self._not_places, "_path": path}

    def __setstate__(self, state: dict[str, object]) -> None:
        path = state.get("_path")
        self._index = Index(path) if isinstance(path, Path) and path.exists() else None
        self._not_places = state.get("_not_places")  # type: ignore[assignment]
        self._front_points = None

    @property
    def index(self) -> Index:
        if self._index is None:
            from sitrep.gazetteer import open_index

            self._index = open_index()  # builds the embedded index on first use when missing
        return self._index

    @property
    def not_places(self) -> frozenset[str]:
        if self._not_places is None:
            self._not_places = load_curated().not_places
        return self._not_places

    # -- per article ------------------------------------------------------------------------
    def prepare(self, ctx: ArticleContext) -> None:
        """Compute the article's country context into ctx.facts["geocode"]."""
        mentions = _quieten(ctx.text, find_mentions(ctx.text, ctx.sentences, self.index, self.not_places))
        mentions = [
            m
            for m in mentions
            if not (
                m.only_country
                and (_NOT_WHERE_AFTER.match(ctx.text, m.end) or _CURRENCY_AFTER.match(ctx.text, m.end))
            )
        ]
        votes: dict[str, float] = {}
        body: dict[str, float] = {}
        demonym_votes: dict[str, float] = {}
        given: dict[str, dict[str, float]] = {}
        for m in mentions:
            # spelling variants, alternate names and hamlets are too noisy to say where an article is
            solid = [
                h
                for h in m.hits
                if h.how in ("name", "alias", "curated", "demonym", "capital")
                and (h.entry.level != TOWN or h.entry.population >= 1000)
            ]
            countries = {h.entry.country for h in solid if h.entry.country}
            if len(countries) > 3:
                # "Martinez (Buenos Aires)": a name with senses in many countries still says where
                # when one sense dwarfs all the others (the Argentine province of 8 million beside
                # villages in Costa Rica and Nicaragua)
                countries = _dominant_country(solid)
            if not countries or len(countries) > 3:
                continue
            if m.only_country and _FROM_BEFORE.search(ctx.text, max(0, m.start - 20), m.start):
                continue  # "migrants from Afghanistan" in a Greek town: where they came from
            if m.dateline and m.shouting:
                weight = 4.0  # wire copy: the dateline is the one reliable place in all-capitals text
            elif m.only_country:
                weight = 2.0
            elif any(h.entry.level == ADMIN1 for h in solid):
                weight = 1.5
            else:
                weight = 1.0
            mine = given.setdefault(m.key, {})
            for c in countries:
                votes[c] = votes.get(c, 0.0) + weight / len(countries)
                if m.demonym:
                    demonym_votes[c] = demonym_votes.get(c, 0.0) + weight / len(countries)
                mine[c] = mine.get(c, 0.0) + weight / len(countries)
                if not m.dateline and not (m.only_country and _MISSION_AFTER.match(ctx.text, m.end)):
                    body[c] = body.get(c, 0.0) + weight / len(countries)
        areas, missions = self._operation_areas(ctx.text)
        for iso2 in [*missions, *_home_countries(ctx.text)]:
            # "pro-Houthi forces", "QSD": a named group that fights in one country says which one it is
            votes[iso2] = votes.get(iso2, 0.0) + _GROUP_WEIGHT
            body[iso2] = body.get(iso2, 0.0) + _GROUP_WEIGHT
        top = max(votes.values(), default=0.0)
        shares = {c: v / top for c, v in votes.items()} if top else {}
        dateline = next((m for m in mentions if m.dateline), None)
        # "Russian and Turkish forces ... in Al-Hasakeh": a demonym says whose forces, not where
        # "goods from Turkey", "migrants (mostly from Afghanistan)": where people or things came from
        # is not where the article's events are
        named = frozenset(
            h.entry.country
            for m in mentions
            if m.only_country
            and not m.demonym
            and not _FROM_BEFORE.search(ctx.text, max(0, m.start - 20), m.start)
            for h in m.hits
            if h.entry.country
        )
        front = self._front(ctx.text, mentions, shares, areas)
        ctx.facts["geocode"] = ArticleGeo(
            mentions, shares, dateline, votes, given, named, areas, body, front, demonym_votes
        )

    def _front(
        self, text: str, mentions: list[Mention], shares: dict[str, float], areas: frozenset[int]
    ) -> tuple[Entry, ...]:
        """The held settlements of the front whose country leads the article, when the text is about
        that front: it names its monitors or the line ("OSCE SMM", "contact line"), a mission's areas,
        or a province the line runs through ("... in the area of Vesele, Donetsk")."""
        for iso2, (cues, points) in self._fronts().items():
            if shares.get(iso2, 0.0) < 1.0:
                continue
            provinces = {p.admin1 for p in points} | set(areas)
            if (
                areas
                or any(re.search(rf"\b{re.escape(c)}\b", text) for c in cues)
                or any(
                    h.entry.level == ADMIN1 and h.entry.id in provinces and h.how not in ("fuzzy", "demonym")
                    for m in mentions
                    for h in m.hits
                )
            ):
                return points
        return ()

    def _fronts(self) -> dict[str, tuple[tuple[str, ...], tuple[Entry, ...]]]:
        """country (ISO alpha-2) → (the front's cue phrases, its held settlements in the index). A held
        name with one sense in the country anchors the line; of a name with several, the senses within
        `_FRONT_KM` of an anchor."""
        if self._front_points is not None:
            return self._front_points
        import pycountry

        from sitrep.extract.actor_kb import load_actor_kb

        out: dict[str, tuple[tuple[str, ...], tuple[Entry, ...]]] = {}
        for iso3, front in load_actor_kb().fronts.items():
            found = pycountry.countries.get(alpha_3=iso3)
            if found is None:
                continue
            iso2 = found.alpha_2
            names = [fold(n) for n in (*front.state_held, *front.opponent_held)]
            hits = self.index.lookup(names)
            senses = {
                k: {
                    h.entry.id: h.entry
                    for h in v
                    if h.entry.level == TOWN and h.entry.country == iso2 and h.how != "fuzzy"
                }
                for k, v in hits.items()
            }
            anchors = [next(iter(v.values())) for v in senses.values() if len(v) == 1]
            points = {a.id: a for a in anchors}
            for v in senses.values():
                if len(v) > 1:
                    points.update(
                        (e.id, e) for e in v.values() if any(e.km_to(a) <= _FRONT_KM for a in anchors)
                    )
            out[iso2] = (front.cues, tuple(points.values()))
        self._front_points = out
        return out

    def _operation_areas(self, text: str) -> tuple[frozenset[int], list[str]]:
        """The admin1 areas (ids) and countries of the missions the text names ("OSCE SMM")."""
        found: set[int] = set()
        countries: list[str] = []
        for words, country, names in load_curated().operation_areas:
            if not any(re.search(rf"\b{re.escape(w)}\b", text) for w in words):
                continue
            countries.append(country)
            hits = self.index.lookup(fold(n) for n in names)
            found.update(
                h.entry.id
                for v in hits.values()
                for h in v
                if h.entry.level == ADMIN1 and h.entry.country == country and h.how != "fuzzy"
            )
        return frozenset(found), countries

    # -- per event --------------------------------------------------------------------------
    def locate(self, ctx: ArticleContext, frame: EventFrame) -> Place:
        geo: ArticleGeo | None = ctx.facts.get("geocode")
        if geo is None:
            self.prepare(ctx)
            geo = ctx.facts["geocode"]
        in_frame = set(frame.sentences)
        frame_mentions, choices = self._choices(ctx, geo, in_frame)
        primary = frame.sentences[0] if frame.sentences else None
        pick = self._pick([c for c in choices if c.mention.sentence == primary])
        anywhere = self._pick(choices)
        if pick is None or (
            anywhere is not None
            and anywhere.entry.within(pick.entry)
            and _SPECIFICITY[anywhere.entry.level] > _SPECIFICITY[pick.entry.level]
        ):
            # "a base in Khyber Pakhtunkhwa ... the outpost in the Bannu province": the finer place wins
            pick = anywhere
        if pick is not None and pick.entry.level in (TOWN, ADMIN3):
            return self._place(ctx, pick, frame_mentions)
        capital = self._capital(ctx, frame, geo)
        if capital is not None:
            return capital
        if pick is not None:
            return self._place(ctx, pick, frame_mentions)
        # "disappeared today in Guatemala": a country the event's sentences put it in outranks the
        # places of earlier sentences and the dateline, which may be where the report was filed
        stated = _stated_countries(ctx.text, [m for m in geo.mentions if m.sentence in in_frame])
        first = min(frame.sentences, default=0)
        for i in range(first - 1, max(first - 1 - _LOOK_BACK, -1), -1):
            # "In Pedralva, Minas Gerais, armed men robbed a bank. During the act, the group opened fire":
            # a sentence that names no place happens where the story last was, within its paragraph
            if "\n" in ctx.text[ctx.sentences[i].end : ctx.sentences[first].start]:
                break
            mentions, found = self._choices(ctx, geo, {i})
            back = self._pick(found)
            if back is not None and not (stated and back.entry.country not in stated):
                place = self._place(ctx, back, mentions)
                place.confidence = round(place.confidence * 0.8, 3)
                place.notes.append("place: from an earlier sentence; the event's own sentences name none")
                return place
        dated = self._resolve(geo.dateline, [geo.dateline], geo) if geo.dateline is not None else None
        if stated and (dated is None or dated.entry.country not in stated):
            return self._country_only(ctx, [m for m in geo.mentions if m.sentence in in_frame], geo, stated)
        abroad = None if stated else _filed_abroad(geo, ctx.text)
        if abroad is not None:
            place = self._country_place(
                abroad,
                0.15,
                "place: the dateline is where the report was filed; the article is about {country}",
            )
            if place is not None:
                return place
        if geo.dateline is not None:
            # "SAN SALVADOR, ... killed in El Salvador": the dateline's town, in the country stated
            choice = dated
            if choice is not None:
                place = self._place(ctx, choice, [geo.dateline])
                place.confidence = round(place.confidence * 0.5, 3)
                place.notes.append("place: from the dateline; the event's sentences name none")
                return place
        # a country named inside an organisation's name ("Turkish Government") still says where
        everything = [m for m in geo.mentions if m.sentence in in_frame]
        place = self._country_only(ctx, everything, geo)
        if place.country is None and geo.dateline is not None and geo.dateline.only_country:
            # "NO CITY (EL SALVADOR), 20 OCT": the wire names the country and withholds the city
            place = self._country_only(ctx, [geo.dateline], geo)
        if place.country is None and geo.front:
            # a report on the line near a village the index lacks: the front's country, and no guess
            front = self._country_place(
                geo.front[0].country,
                0.15,
                "place: the village named is not in the gazetteer; only the front's country is coded",
            )
            return front or place
        about = _about(geo.body) if place.country is None and geo.dateline is None else None
        if about is not None:
            # "CLANDESTINE, 17 NOV 89 (RADIO VENCEREMOS)": no dateline says where, and the event's
            # sentences name nothing; the country the whole text is about, as for a bureau abroad
            return (
                self._country_place(
                    about, 0.1, "place: the text names no place for this event; it is about {country}"
                )
                or place
            )
        return place

    def _country_place(
        self, iso2: str | None, confidence: float, note: str, evidence: Span | None = None
    ) -> Place | None:
        """An event placed in a country only: location and point stay empty. "{country}" in `note` becomes
        the country's name."""
        country = self.index.country(iso2)
        if country is None:
            return None
        return Place(
            country=country.name,
            iso3=country.iso3,
            confidence=confidence,
            evidence={"country": [evidence]} if evidence is not None else {},
            notes=[note.replace("{country}", country.name)],
        )

    # -- internals --------------------------------------------------------------------------
    def _choices(
        self, ctx: ArticleContext, geo: ArticleGeo, sentences: set[int]
    ) -> tuple[list[Mention], list[_Choice]]:
        """The place mentions of these sentences and the resolved senses of the candidates among them."""
        mentions = [m for m in geo.mentions if m.sentence in sentences]
        # a cue word ("Natore town") or an institution in the place ("Lahore Press Club") settles it
        doubtful = {
            m.start for m in mentions if m.hint is None and not m.institution and not self._is_place(ctx, m)
        }
        mentions = [
            m
            for m in mentions
            if m.start not in doubtful or (self._placed(m, mentions) and not _inside_name(ctx, m, mentions))
        ]
        # the dateline says where the report was filed: the fallback, not a rival of the event's places
        candidates = [
            m
            for m in mentions
            if not m.demonym and not m.only_country and not m.dateline and not _country_qualifier(m, mentions)
        ]
        resolved = (
            self._resolve(m, mentions, geo, _qualifying_areas(ctx.text, m, mentions)) for m in candidates
        )
        choices = [c for c in resolved if c is not None]
        return mentions, _one_country([c for c in choices if not _contradicted(ctx.text, c, mentions)])

    def _is_place(self, ctx: ArticleContext, m: Mention) -> bool:
        """False when spaCy reads the match as (part of) a person's or organisation's name: a doubt that
        geography can still overrule (`_placed`)."""
        sentence = ctx.sentences[m.sentence]
        doc = ctx.docs.get(m.sentence)
        if doc is None:
            return True
        if m.shouting and _cued(ctx.text, m):
            # in capitals spaCy's entities run on past the name ("GUATEMALA CITY AS THEY WERE HEADING
            # TO" an organisation); "IN" before it says what it is
            return True
        start, end = m.start - sentence.start, m.end - sentence.start
        head = next((t for t in reversed(doc) if start <= t.idx < end), None)
        voice = load_curated().voice_verbs
        if head is not None and head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in voice:
            # "which Tehran views as a terrorist group": the government speaking, not a place of events
            return False
        for ent in doc.ents:
            if ent.start_char <= start and end <= ent.end_char:
                if ent.label_ in _PLACE_LABELS:
                    return True
                if ent.label_ in _NOT_PLACE_LABELS:
                    # "Balochistan Liberation Army", "Lin Jian": a name, unless the match is the whole
                    # entity and a strong place ("Quetta" mis-tagged as a person)
                    whole = ent.start_char == start and ent.end_char == end
                    # "near Opytne", "the village of Sawiyah": spaCy takes small towns it does not know
                    # for names; after such a cue the whole entity is the town
                    cued = m.near or bool(_SETTLEMENT_BEFORE.search(sentence.text, 0, start))
                    # "clashed in Surman", "In Feni, rioters ...": after "in"/"at", a name that spaCy
                    # calls a person or a product is a town it does not know (not so an organisation:
                    # "in Congress", "at Google")
                    locative = bool(_LOCATIVE_BEFORE.search(sentence.text, 0, start)) and not (
                        sentence.text.startswith(("'s", "’s"), end)
                    )
                    cued = cued or (ent.label_ != "ORG" and locative)
                    if ent.label_ == "ORG" and _home_sense(ctx, m):
                        # the small model calls towns it does not know organisations ("protested in
                        # Lutsk", "the Court of Justice in Sofia", "the Mayor of Tyr"): a name with a
                        # sense in the article's own country, after "in" or ending an organisation's
                        # name after "in"/"of", is that town
                        tail = ent.end_char == end and bool(
                            _OF_IN_BEFORE.search(sentence.text, ent.start_char, start)
                        )
                        if (whole and locative) or tail:
                            return True
                    return whole and (cued or any(_prominent(h.entry) for h in m.hits))
        words = [t for t in doc if start <= t.idx < end]
        if len(words) == 1 and words[0].pos_ != "PROPN":
            # a capitalised common word ("Rich in resources", "Belt and Road"), not a name
            return any(_prominent(h.entry) for h in m.hits)
        return True

    @staticmethod
    def _placed(m: Mention, others: list[Mention]) -> bool:
        """Geography overrules spaCy's doubt: "Londonderry, Northern Ireland" is a place even when the
        parser calls it a person, because a co-mentioned area contains one of its senses; so is
        "Raqqah" in "Ain Issa, Raqqah, Syria", a sense in the country its sentence names."""
        for h in m.hits:
            if h.how == "fuzzy" or h.entry.level == COUNTRY:
                continue
            if any(
                o.sentence == m.sentence
                and o.only_country
                and not o.demonym
                and any(x.entry.country == h.entry.country for x in o.hits)
                for o in others
            ):
                return True
            for other in others:
                if other.start == m.start or other.only_country or other.demonym:
                    continue
                if other.key == m.key and not (other.qualifier and 0 < other.start - m.end <= 3):
                    # the same name again says nothing, unless it qualifies this one: "Bamako (Bamako)",
                    # a town in the district of its name, which spaCy reads as one organisation. Not so
                    # "the Luhansk People's Militia in the area of Sentianivka, Luhansk": the second
                    # Luhansk qualifies Sentianivka, not the militia's name
                    continue
                if any(
                    h.entry.within(o.entry) or o.entry.within(h.entry)
                    for o in other.hits
                    if o.entry.level != COUNTRY and o.how != "fuzzy"
                ):
                    return True
        return False

    def _resolve(
        self, m: Mention, others: list[Mention], geo: ArticleGeo, inside: list[Entry] | None = None
    ) -> _Choice | None:
        hits = [h for h in m.hits if h.how != "demonym"]
        if inside:
            # "Kamianka, Donetsk", "Benito Juarez of Nuevo Leon": the text says which area the place is
            # in, so only its senses inside that area may win, when there are any
            bound = [
                h
                for h in hits
                if h.entry.level != COUNTRY
                and h.entry.id not in {a.id for a in inside}
                and any(h.entry.within(a) for a in inside)
            ]
            hits = bound or hits
        near = _Neighbours.of(m, others, geo.countries)
        scored = sorted(((self._score(h, m, others, geo, near), h) for h in hits), key=lambda pair: -pair[0])
        scored = [(s, h) for s, h in scored if h.entry.level != COUNTRY and self._corroborated(h, m, geo)]
        if geo.front and not inside:
            # "near Shevchenko" in a report on the Donbas line, where the index lacks the village by the
            # line: a namesake hundreds of kilometres away is a wrong place on the map, so none is coded
            scored = [(s, h) for s, h in scored if not _off_front(h.entry, geo.front)]
        if not scored:
            return None
        best, hit = scored[0]
        if hit.entry.level != TOWN and m.hint is None and not m.qualifier:
            # "in Diffa" names the town more often than the region of the same name around it
            town = next(
                ((s, h) for s, h in scored if h.entry.level == TOWN and h.entry.within(hit.entry)), None
            )
            if town is not None:
                best, hit = town
        if hit.entry.level == TOWN and hit.entry.population < 1000 and best < 1.0:
            return None  # a small namesake with nothing else for it: likely a common word
        # a town and its own district share a name: that is one place, not an ambiguity
        rivals = [s for s, h in scored[1:] if not (h.entry.within(hit.entry) or hit.entry.within(h.entry))]
        margin = best - rivals[0] if rivals else 3.0
        return _Choice(m, hit.entry, best, margin)

    @staticmethod
    def _corroborated(hit: NameHit, m: Mention, geo: ArticleGeo) -> bool:
        """A small town or district abroad that nothing else in the article points to is a namesake of
        a common word or a person ("League", Texas, in a story about Dhaka's Awami League; "Day"
        County, South Dakota, in "Day 3 of the strike")."""
        e = hit.entry
        own = geo.given.get(m.key, {})  # every mention of this very name counts as one
        support = geo.votes.get(e.country or "", 0.0) - own.get(e.country or "", 0.0)
        if hit.how == "fuzzy":
            # a spelling variant is only trusted in the country the rest of the article points to, or,
            # where nothing in the article points anywhere, for a city ("in Sulaimaniyah province")
            top = geo.countries.get(e.country or "", 0.0) >= 1.0 and support > 0
            alone = all(v - own.get(c, 0.0) <= 1e-9 for c, v in geo.votes.items())
            return top or e.country in geo.named or (alone and e.population >= _FUZZY_ALONE_POPULATION)
        if e.level == ADMIN1 or e.population >= 500_000:
            return True
        if geo.named and e.country not in geo.named and not _inside_named_area(e, m, geo.mentions):
            # the article names its countries, this is not one of them, and no area the article names
            # contains it ("Souda ... refugees from the war in Libya ... to Crete" stays)
            return False
        if e.population >= 100_000:
            return True
        # "Turkish forces closed all of Afrin's entrances": whose forces is no rival of where
        others = {
            c: v - own.get(c, 0.0) - geo.demonym_votes.get(c, 0.0)
            for c, v in geo.votes.items()
            if c != e.country
        }
        if support > 0 or not any(v > 0 for v in others.values()):
            return True
        if m.qualifier:
            return False  # a name that qualifies another does not stand on its own vote
        # "a march in el Hermel from the Martyrs square to the Saray square": a name whose country
        # clearly leads the article's evidence is not outvoted by stray words that name some place in
        # three other countries
        mine = geo.votes.get(e.country or "", 0.0)
        return geo.countries.get(e.country or "", 0.0) >= 1.0 and mine >= _CLEAR_LEAD * max(others.values())

    def _score(
        self,
        hit: NameHit,
        m: Mention,
        others: list[Mention],
        geo: ArticleGeo,
        near: _Neighbours | None = None,
    ) -> float:
        e = hit.entry
        score = 3.0 * geo.countries.get(e.country or "", 0.0)
        score += 0.25 * math.log10(e.population + 1)
        score += {TOWN: 0.5, ADMIN1: 0.6, ADMIN2: 0.4, ADMIN3: 0.2}.get(e.level, 0.0)
        if hit.how == "alternate":
            score -= 0.2
        elif hit.how == "fuzzy":
            score -= 1.0
        if m.qualifier and e.level in (ADMIN1, ADMIN2, ADMIN3):
            score += 1.0
        if m.hint is not None:
            if e.level == m.hint:
                score += 2.0
            elif m.hint != TOWN and e.level in (ADMIN1, ADMIN2, ADMIN3):
                score += 1.0
            elif m.hint == TOWN and e.level != TOWN:
                score -= 0.5
        if geo.areas and (e.id in geo.areas or e.admin1 in geo.areas):
            score += 2.0  # the mission named in the text reports on this area
        if geo.front and e.level == TOWN and any(e.km_to(p) <= _FRONT_KM for p in geo.front):
            # "near Opytne" in a report on the Donbas line: the Opytne by Avdiivka, not its namesake
            # by Bakhmut
            score += _FRONT_BONUS
        # hierarchy: another place of the event contains this one, or lies in it
        return score + (near or _Neighbours.of(m, others, geo.countries)).agreement(e)

    @staticmethod
    def _pick(choices: list[_Choice]) -> _Choice | None:
        """The event's place: the most specific one named; among equals the first, unless a later one
        is far better supported."""
        if not choices:
            return None
        # "Kagizman district of Kars": a town that bears the name of the province another chosen
        # district lies in names that province here, not a more specific place
        choices = [c for c in choices if not _names_province_of(c, choices)] or choices
        # "in Petrolina, Pernambuco, ... a lab in Loteamento Recife neighborhood": a town far from the
        # place that the sentence opened with, which the text put in its province, is a namesake
        choices = [c for c in choices if not _far_from_anchor(c, choices)] or choices
        # "an individual from Afrin in Idleb", "militias from X attacked Y": where they came from
        # yields to a place as specific ("citizens from Redeyef (Gafsa) protested" stays in Redeyef)
        staying = [c for c in choices if not c.mention.origin]
        if staying and max(_SPECIFICITY[c.entry.level] for c in staying) >= max(
            _SPECIFICITY[c.entry.level] for c in choices
        ):
            choices = staying
        plain = [c for c in choices if not c.mention.qualifier]
        if any(c.entry.level == TOWN for c in plain):
            choices = plain  # "Mogadishu (Banadir)": the town, the bracket only qualifies it
        best = max(_SPECIFICITY[c.entry.level] for c in choices)
        equals = [c for c in choices if _SPECIFICITY[c.entry.level] == best]
        top = max(c.score for c in equals)
        return next(c for c in equals if c.score >= top - 1.5)

    def _place(self, ctx: ArticleContext, choice: _Choice, mentions: list[Mention]) -> Place:
        index = self.index
        e, m = choice.entry, choice.mention
        span = ctx.span(m.start, m.end)
        country = index.country(e.country)
        place = Place(country=country.name if country else None, iso3=country.iso3 if country else None)
        chain = {ADMIN1: index.entry(e.admin1), ADMIN2: index.entry(e.admin2), ADMIN3: index.entry(e.admin3)}
        if e.level in chain:
            chain[e.level] = e
        evidence: dict[str, list[Span]] = {}
        named = {h.entry.id: x for x in mentions for h in x.hits}
        if e.level == TOWN:
            district = _stated_district(e, m, mentions)
            if district is not None and (
                chain[ADMIN2] is None or not any(h.entry.level == ADMIN1 for h in district[1].hits)
            ):
                # GeoNames knows the town's province but not its district, or only a guess from the
                # nearest one; the text says it: "Bafoussam town (Mifi, Ouest)", "Freetown city (Western
                # Area Urban, Western)". A name that is also a province ("Ciudad del Carmen, Campeche")
                # says the province, not the district of that name, where the town has a district
                chain[ADMIN2], named[district[0].id] = district
            # "Tarmiyah, Saladin": the index files the town in the next province (Baghdad); the coders
            # write the areas the text states
            for level, area in _stated_areas(index, ctx.text, e, m, mentions, chain[ADMIN1]).items():
                chain[level] = area
        for level, attr in ((ADMIN1, "admin1"), (ADMIN2, "admin2"), (ADMIN3, "admin3")):
            area = chain[level]
            if area is None:
                continue
            setattr(place, attr, area.name)
            source = named.get(area.id, m)
            evidence[attr] = [ctx.span(source.start, source.end)]
        _acled_levels(place, chain, evidence)
        _acled_district(index, place, e, chain, evidence)
        country_mention = next(
            (x for x in mentions if x.only_country and any(h.entry.country == e.country for h in x.hits)),
            None,
        )
        source_span = ctx.span(country_mention.start, country_mention.end) if country_mention else span
        evidence["country"] = [source_span]

        if e.level == TOWN:
            place.location, place.latitude, place.longitude = e.name, e.lat, e.lon
            place.geo_precision = 2 if m.near else 1
            if (
                m.qualifier
                and not m.near
                and _BRACKET_AFTER_NAME.search(ctx.text, max(0, m.start - 80), m.start)
            ):
                # the town only qualifies the event's own place, which the gazetteer lacks: ACLED codes
                # such a village to the town the text puts it in, "near" it (precision 2)
                place.geo_precision = 2
                place.notes.append(f"place: the place before {m.text!r} is not in the gazetteer; coded to it")
            evidence["location"] = [span]
        else:
            seat = index.entry(e.seat)
            target = seat if seat is not None else e
            if e.level == ADMIN1:
                place.geo_precision = 3
                what = m.cue or "province"
                place.notes.append(
                    f"place: only the {what} is named; coded to its seat "
                    "(the town of its name, else its largest)"
                )
            else:
                place.geo_precision = 2
                place.notes.append(f"place: {e.name} {m.cue or 'area'} named; coded to its seat")
            place.location = target.name
            place.latitude, place.longitude = target.lat, target.lon
            evidence["location"] = [span]
        if e.country == "UA":
            _legacy_district(index, place, e, m)
        if place.latitude is not None:
            place.latitude, place.longitude = round(place.latitude, 5), round(place.longitude or 0.0, 5)
        place.evidence = evidence
        certainty = 1.0 - math.exp(-max(choice.margin, 0.0))  # 0 when two senses tie
        base = {1: 0.9, 2: 0.75, 3: 0.6}.get(place.geo_precision or 3, 0.5)
        place.confidence = round(base * (0.6 + 0.4 * certainty), 3)
        if choice.margin < 0.5:
            place.notes.append(f"place: {m.text!r} is ambiguous; chose {e.name}, {place.country}")
        return place

    def _capital(self, ctx: ArticleContext, frame: EventFrame, geo: ArticleGeo) -> Place | None:
        """ "in the capital" names a town once the article's country is clear; a country alone does not."""
        if not geo.countries:
            return None
        ranked = sorted(geo.countries.items(), key=lambda kv: -kv[1])
        if len(ranked) > 1 and ranked[1][1] >= 0.75:
            return None  # two countries in play: whose capital?
        country = self.index.country(ranked[0][0])
        if country is None or country.capital is None:
            return None
        for i in frame.sentences:
            sentence = ctx.sentences[i]
            found = _CAPITAL.search(sentence.text)
            if found is None:
                continue
            town = self.index.entry(country.capital)
            if town is None:
                return None
            at = sentence.start + found.start("phrase")
            mention = Mention(
                at,
                sentence.start + found.end("phrase"),
                found.group("phrase"),
                i,
                (NameHit(town, "capital"),),
                near=bool(found.group("near")),
            )
            place = self._place(ctx, _Choice(mention, town, 1.0, 1.0), [])
            place.notes.append(f"place: 'the capital' read as {town.name}, the capital of {country.name}")
            return place
        return None

    def _country_only(
        self,
        ctx: ArticleContext,
        mentions: list[Mention],
        geo: ArticleGeo,
        stated: frozenset[str] = frozenset(),
    ) -> Place:
        """The text names no place for the event: at most its country, never a guessed capital."""
        named = [m for m in mentions if m.only_country or m.demonym]
        if stated:
            named = [m for m in mentions if any(h.entry.country in stated for h in m.hits)] or named
        if named:
            # of "Israeli-backed ... Pakistani military ... Iranian officials", the article's own country
            def weight(x: Mention) -> tuple[bool, bool, float]:
                # "the U.S. ambassador", "the Cuban embassy": a country that qualifies an office or an
                # official says whose it is, and counts only when nothing else names a country;
                # "Honduran troops entered Salvadoran territory": the land's adjective says where
                owner = bool(_OFFICE_AFTER.match(ctx.text, x.end))
                land = bool(_TERRITORY_AFTER.match(ctx.text, x.end))
                return not owner, land, max(geo.countries.get(h.entry.country or "", 0.0) for h in x.hits)

            m = max(named, key=weight)
            iso2 = max((h.entry.country or "" for h in m.hits), key=lambda c: geo.countries.get(c, 0.0))
            place = self._country_place(
                iso2, 0.2, "place: only the country is named; location left empty", ctx.span(m.start, m.end)
            )
            if place is not None:
                return place
        # "East Delhi Municipal Corporation": a place inside an organisation's name says the country,
        # when the whole article agrees on one, though not where the event was
        ranked = sorted(geo.countries.items(), key=lambda kv: -kv[1])
        if ranked and (len(ranked) == 1 or ranked[1][1] <= 0.5):
            iso2 = ranked[0][0]
            source = next(
                (
                    m
                    for m in mentions
                    if any(
                        h.entry.country == iso2
                        and h.how != "fuzzy"
                        and h.entry.level in (ADMIN1, TOWN, COUNTRY)
                        and (h.entry.level != TOWN or h.entry.population >= 100_000)
                        for h in m.hits
                    )
                ),
                None,
            )
            if source is not None:
                place = self._country_place(
                    iso2,
                    0.1,
                    f"place: country from {source.text!r}, which names no event place",
                    ctx.span(source.start, source.end),
                )
                if place is not None:
                    return place
        return Place(notes=["place: the text names no place for this event"])


_OFFICE_AFTER = re.compile(
    r"['’]?s?\s+(?i:embassy|embassies|ambassadors?|consulate|consuls?|government|administration|"
    r"congress|senate|state department|department of state|president|officials?|diplomats?|envoys?|"
    r"advisers?|advisors?|aid|citizens?|nationals?|flag|foreign minist(?:er|ry)|defen[cs]e minist(?:er|ry)|"
    r"secretary of state|spokes(?:man|woman|person))\b"
)
_TERRITORY_AFTER = re.compile(r"\s+(?i:territory|soil|airspace|territorial waters)\b")
# "the Colombian embassy in Kingston": a country's mission abroad is where that country is not
_MISSION_AFTER = re.compile(
    r"['’]?s?\s+(?i:embassy|embassies|ambassadors?|consulates?|consuls?|diplomats?|envoys?)\b"
)
# "in Guatemala", "inside Colombia": a country the sentence puts something in
_IN_COUNTRY_BEFORE = re.compile(r"\b(?:in|at|inside|into|across|throughout)\s+(?:the\s+)?\Z", re.IGNORECASE)


def _stated_countries(text: str, mentions: list[Mention]) -> frozenset[str]:
    """The countries these mentions name after "in"/"at": a name that is a country (not a demonym, not
    a country's name inside another name such as "the Guatemala City airport")."""
    found: set[str] = set()
    for m in mentions:
        if m.demonym or m.dateline or not _IN_COUNTRY_BEFORE.search(text, max(0, m.start - 20), m.start):
            continue
        found.update(
            h.entry.country
            for h in m.hits
            if h.entry.level == COUNTRY and h.how in ("name", "alias", "curated") and h.entry.country
        )
    return frozenset(found)


# the share of the article's place evidence a country needs for a report filed abroad ("MOSCOW (USSR)
# -- ... the FMLN in El Salvador") to be about that country instead
_ABOUT_MENTIONS = 2  # the leader's votes: as many as that many country names
# ... and clearly ahead of the next country, the bureau's own included: a bureau's country the text
# names now and then ("MEXICAN MEDIATORS") does not hold a story about its neighbour's army at home
_AHEAD = 1.25


# "MOSCOW (USSR), 20 SEP 89": the bracket after the dateline's town, whatever it names
_BRACKET_AFTER_DATELINE = re.compile(r"\s*\([^()\n]{2,30}\)\s*,")


def _filed_abroad(geo: ArticleGeo, text: str) -> str | None:
    """The country an article is about when its dateline is a foreign bureau: another country clearly
    leads the text besides the dateline itself. None otherwise."""
    if geo.dateline is None or not (
        any(m.dateline and m is not geo.dateline for m in geo.mentions)
        or _BRACKET_AFTER_DATELINE.match(text, geo.dateline.end)
    ):
        # only a dateline that adds its country in brackets ("MOSCOW (USSR)") is read as a bureau abroad:
        # a plain "SAN SALVADOR," is home, however often the text names the U.S.; the bracket counts even
        # when the gazetteer does not know the country it names (the USSR)
        return None
    home = {h.entry.country for h in geo.dateline.hits if h.entry.country}
    leader = _about(geo.body)
    return None if leader in home else leader


def _about(votes: dict[str, float]) -> str | None:
    """The country that clearly leads the text's own place evidence (`ArticleGeo.body`), if one does."""
    if max(votes.values(), default=0.0) <= 0:
        return None
    leader = max(votes, key=lambda c: votes[c])
    second = max((v for c, v in votes.items() if c != leader), default=0.0)
    if votes[leader] < _ABOUT_MENTIONS * 2.0 or votes[leader] < _AHEAD * second:
        return None
    return leader


# a named local group counts less than one town of its country: enough to settle a tie, never to
# outvote a place ("IDF" in a Lebanese village)
_GROUP_WEIGHT = 0.75


def _home_countries(text: str) -> list[str]:
    """The home countries (ISO 3166 alpha-2) of the named one-country groups an article names, read by the
    actor matcher itself: its longest match ("FARABUNDO MARTI NATIONAL LIBERATION FRONT" is the FMLN, not a
    Syrian front inside the name) and its rules for ordinary words in all-capitals copy (LET, FACT)."""
    import pycountry

    from sitrep.extract.actors import named_groups  # actors imports this module

    homes: list[str] = []
    for start, _end, group in named_groups(text):
        # state forces fight abroad (India's BSF on the Bangladeshi border): only armed groups have a home
        if group.kind != "group" or group.regional:
            continue
        # the tail of a hyphenated name is part of another group ("CPN-Maoists" is Nepal's, not India's)
        if start > 0 and (text[start - 1] == "-" or text[start - 1].isalnum()):
            continue
        # a coalition's operation is named for where it fights ("Saudi-led coalition" in Yemen)
        home = group.operation_in or (group.countries[0] if len(group.countries) == 1 else None)
        found = pycountry.countries.get(alpha_3=home) if home else None
        if found is not None and found.alpha_2 not in homes:
            homes.append(found.alpha_2)
    return homes


# in all-capitals text, how big a town must be to count without the dateline's country behind it
_SHOUTED_TOWN_NAMED_COUNTRY = 10_000  # in another country the article names, with a cue before it
_SHOUTED_TOWN_ABROAD = 1_000_000  # anywhere else ("RODRIGUEZ" is a surname before it is a Philippine city)
_SHOUTED_TOWN_UNSET = 100_000  # anywhere, after "IN", when nothing names the story's country


def _dominant_country(hits: list[NameHit]) -> set[str]:
    """The country of a name's one overwhelming sense (a million people or more, ten times any other
    country's largest), else none."""
    largest: dict[str, int] = {}
    for h in hits:
        if h.entry.country:
            largest[h.entry.country] = max(largest.get(h.entry.country, 0), h.entry.population)
    ranked = sorted(largest.items(), key=lambda kv: -kv[1])
    if len(ranked) < 2 or ranked[0][1] < _DOMINANT_POPULATION:
        return set()
    if ranked[0][1] < _DOMINANT_RATIO * ranked[1][1]:
        return set()
    return {ranked[0][0]}


def _quieten(text: str, mentions: list[Mention]) -> list[Mention]:
    """All-capitals wire copy ("SAN SALVADOR, 3 JAN 90 -- ... DEFENSE MINISTRY ...") makes every word a
    candidate name, and common words and surnames are the names of towns somewhere ("DEFENSE" spelled
    like Defiance, Ohio; "SECRETARY", Maryland). There the dateline anchors the country: it is read as
    its most important sense (San Salvador, El Salvador, not the Bahamas island), only exact names count,
    and a place elsewhere must be a country, or a town big enough to be news in its own right, or a
    town the text puts something in ("IN LONDON", "THE TOWN OF X", "X, OHIO")."""
    if not any(m.shouting and not m.dateline for m in mentions):
        return mentions
    # "THE SALVADORAN ARMY" names El Salvador as well as "EL SALVADOR" does: filed from Paris, the story
    # keeps the towns of the country it is about
    # "U.S. AMBASSADOR WILLIAM WALKER": a country that qualifies an office says whose it is, and lets no
    # surname there be read as one of its towns
    named: dict[str | None, int] = {}
    for m in mentions:
        if m.only_country and not m.dateline and not _OFFICE_AFTER.match(text, m.end):
            for c in {h.entry.country for h in m.hits}:
                named[c] = named.get(c, 0) + 1
    home: str | None = None
    # "SAN JOSE (COSTA RICA)": the bracket names the country, whatever bigger namesake the town has
    datelines = [m for m in mentions if m.dateline]
    dateline = next((m for m in datelines if m.only_country and not m.demonym), None)
    dateline = dateline or next(iter(datelines), None)
    if dateline is not None:
        exact = [h for h in dateline.hits if h.how in ("name", "alias", "curated")] or list(dateline.hits)
        top = max(exact, key=lambda h: (h.entry.level == COUNTRY, h.entry.population), default=None)
        home = top.entry.country if top is not None else None
    filed, about = _setting(text, home, datelines, named)
    # the bureau's own country counts as one the text names: its towns stand when the text puts
    # something in them
    elsewhere = {*named, home}
    listed = _cued_lists(text, mentions)
    out = []
    for m in mentions:
        if m.dateline:
            hits = tuple(h for h in m.hits if h.entry.country == home) or m.hits
        elif m.shouting and _TITLE_BEFORE.search(text, max(0, m.start - 40), m.start):
            continue  # "PRESIDENT DANIEL ORTEGA": a person's name, whatever towns share it
        elif m.shouting:
            cued = m.start in listed
            if filed is None and about is None:
                # nothing says where the story is: only a word that puts something in the place counts
                # ("AROUND SAN TERESA HOSPITAL" is no town called San)
                cued = _put_in(text, m)
            stated = _stated_after(text, m, mentions)
            hits = tuple(
                h
                for h in m.hits
                if _shouted_sense(
                    h, (filed, about), elsewhere, cued or any(h.entry.within(a) for a in stated)
                )
            )
        else:
            hits = m.hits
        if hits:
            out.append(m if hits is m.hits else replace(m, hits=hits))
    return out


def _setting(
    text: str, home: str | None, datelines: list[Mention], named: dict[str | None, int]
) -> tuple[str | None, str | None]:
    """The country an all-capitals story is filed in, and the one it is about when that is not known
    so. Filed in the dateline's country, unless the dateline is a bureau whose country the text never
    names ("WASHINGTON DC (UNITED STATES) ... SALVADORAN FOREIGN MINISTER ..."); about the country the
    text names most often, when one leads."""
    bureau = len(datelines) > 1 or bool(datelines and _BRACKET_AFTER_DATELINE.match(text, datelines[0].end))
    if home is not None and (not bureau or home in named):
        return home, None
    ranked = sorted(named.values(), reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0] > ranked[1]):
        return None, max(named, key=lambda c: named[c])
    return None, None


# in capitals, the words that put something in a place right before its name: "IN LONDON", "THE TOWN OF X"
_PUT_IN_BEFORE = re.compile(
    r"\b(?:IN|AT|(?:TOWNS?|CITY|CITIES|VILLAGES?|HAMLETS?|PORT|MUNICIPALIT(?:Y|IES)|JURISDICTION|DEPARTMENTS?|"
    r"PROVINCES?|STATE|AREAS?)\s+OF)\s+\Z"
)
# what lies between two places of one list: "TROJES, CIFUENTES, JAMASTRAN, DANLI AND TEGUCIGALPA", with at
# most a few names the gazetteer lacks in between
_LIST_GAP = re.compile(
    r"(?:\s*,\s*(?:AND\s+)?[A-Z][A-Z'’-]*(?:\s+[A-Z][A-Z'’-]*){0,2}){0,4}(?:\s*,\s*(?:AND\s+|OR\s+)?|\s+(?:AND|OR)\s+)"
)


def _cued(text: str, m: Mention) -> bool:
    """The text puts something in the place: a locative word before it, "near" it, or "X TOWN" after it
    ("COMMERCE DEPARTMENT" asks for no town)."""
    return m.near or m.hint == TOWN or _put_in(text, m)


def _put_in(text: str, m: Mention) -> bool:
    return _PUT_IN_BEFORE.search(text, max(0, m.start - 30), m.start) is not None


def _cued_lists(text: str, mentions: list[Mention]) -> set[int]:
    """The starts of the mentions the text puts something in, and of the places listed after one of
    them ("IN THE AREAS OF TROJES, CIFUENTES, DANLI, AND TEGUCIGALPA")."""
    cued: set[int] = set()
    previous: Mention | None = None
    for m in mentions:
        if _cued(text, m) or (
            previous is not None
            and previous.start in cued
            and _LIST_GAP.fullmatch(text, previous.end, m.start) is not None
        ):
            cued.add(m.start)
        previous = m
    return cued


def _stated_after(text: str, m: Mention, mentions: list[Mention]) -> list[Entry]:
    """ "SAN MIGUEL, EL SALVADOR", "ALLIANCE, OHIO": the areas named right after the name and a comma,
    one of which a sense must lie in to be the place meant."""
    after = next((o for o in mentions if o.start > m.end), None)
    if after is None or not re.fullmatch(r",\s*", text[m.end : after.start]):
        return []
    return [h.entry for h in after.hits if h.entry.level in (COUNTRY, ADMIN1, ADMIN2) and h.how != "fuzzy"]


# in all-capitals text spaCy cannot tell a surname from a town; a title before the name can
# ("AMBASSADOR WILLIAM WALKER", "PRESIDENT DANIEL ORTEGA"), with at most one given name between
_TITLE_BEFORE = re.compile(
    r"\b(?:PRESIDENT|AMBASSADOR|MINISTER|SENATOR|CONGRESSMAN|GOVERNOR|MAYOR|JUDGE|COLONEL|COL|GEN|"
    r"CAPTAIN|CAPT|LIEUTENANT|LT|SERGEANT|SGT|FATHER|MSGR|ARCHBISHOP|BISHOP|REVEREND|REV|MR|MRS|"
    r"DR|COMRADE)\.?\s+(?:(?!(?:IN|OF|AT|FROM|TO|FOR|ON|AND|THE|NEAR|SAID|SAYS)\b)[A-Z][A-Z'’-]+\s+)?\Z"
)


def _shouted_sense(
    hit: NameHit, setting: tuple[str | None, str | None], named: set[str | None], cued: bool
) -> bool:
    """Whether an all-capitals name may be this place. `setting`: the country the story is filed in,
    which keeps every sense, and the one it is about, which keeps its towns of some size and those the
    text puts something in. Elsewhere a common word or a surname is the name of some town ("JESSE
    JACKSON", "THE NATIONALIST REPUBLICAN ALLIANCE"), so a town there must be a city big enough to be news
    in its own right, or lie in a country the text names and be one the text puts something in."""
    e = hit.entry
    filed, about = setting
    if hit.how == "fuzzy" or (hit.how == "alternate" and e.level == TOWN):
        return False
    if e.level == COUNTRY or (filed is not None and e.country == filed):
        return True
    if e.level == TOWN and e.population >= _SHOUTED_TOWN_ABROAD:
        return True
    if e.country is None or e.country not in named:
        # "CLANDESTINE ... SHOT IN SOYAPANGO": where nothing says where the story is set, a city the
        # text puts something in
        unset = filed is None and about is None
        return unset and cued and e.level == TOWN and e.population >= _SHOUTED_TOWN_UNSET
    if e.level == ADMIN1:
        return True
    if e.level != TOWN:
        return False
    sized = e.population >= _SHOUTED_TOWN_NAMED_COUNTRY
    if e.country == about:
        return sized or cued
    return sized and cued


_NEAR_KM = 150.0
# a village "by" a front line lies within this distance of a settlement held along it, and counts so much
_FRONT_KM = 10.0
_FRONT_BONUS = 1.0
# ...and a village farther than this from every one of them is not the one a report on the line means
_OFF_FRONT_KM = 100.0
_OFF_FRONT_TOWN = 50_000


def _off_front(e: Entry, front: tuple[Entry, ...]) -> bool:
    return (
        e.level == TOWN
        and e.population < _OFF_FRONT_TOWN
        and e.country == front[0].country
        and all(e.km_to(p) > _OFF_FRONT_KM for p in front)
    )


_NEAR_DEGREES = _NEAR_KM / 110.0  # a degree of latitude is at least 110 km: a safe first cut


@dataclass(frozen=True, slots=True)
class _Neighbours:
    """What the event's other places (every sense of every other name) say about the senses of one
    name, gathered once per name: an all-capitals wire story has hundreds of senses, and comparing every
    sense with every other one dominated geocoding time."""

    ids: frozenset[int]  # the other senses themselves (not countries)
    containers: frozenset[int]  # the admin areas they lie in
    countries: frozenset[str]
    town_admin1: frozenset[int]
    towns: tuple[tuple[float, float, Entry], ...]  # (lat, lon, town), sorted by latitude

    @staticmethod
    def of(m: Mention, others: list[Mention], countries_now: dict[str, float] | None = None) -> _Neighbours:
        """`countries_now`: the article's country shares; a spelling variant ("Counter" read as some
        Californian village) supports its neighbours only in the country the article is about, as
        `Geocoder._corroborated` trusts it only there."""
        ids: set[int] = set()
        containers: set[int] = set()
        countries: set[str] = set()
        town_admin1: set[int] = set()
        towns: list[tuple[float, float, Entry]] = []
        key = m.key
        for other in others:
            if other.key == key:
                continue
            for h in other.hits:
                o = h.entry
                if o.level == COUNTRY:
                    continue
                if (
                    h.how == "fuzzy"
                    and countries_now is not None
                    and countries_now.get(o.country or "", 0.0) < 1.0
                ):
                    continue
                ids.add(o.id)
                containers.update(x for x in (o.admin1, o.admin2, o.admin3) if x is not None)
                if o.country:
                    countries.add(o.country)
                if o.level == TOWN:
                    if o.admin1:
                        town_admin1.add(o.admin1)
                    if o.lat is not None and o.lon is not None:
                        towns.append((o.lat, o.lon, o))
        towns.sort(key=lambda t: t[0])
        return _Neighbours(
            frozenset(ids), frozenset(containers), frozenset(countries), frozenset(town_admin1), tuple(towns)
        )

    def agreement(self, e: Entry) -> float:
        """2 when another place contains `e` or lies in it, 1 for a town in another town's province,
        0.8 for a town within 150 km of another, else 0."""
        if e.level == COUNTRY:
            return 2.0 if e.country in self.countries else 0.0
        own = {x for x in (e.id, e.admin1, e.admin2, e.admin3) if x is not None}
        if own & self.ids or e.id in self.containers:
            return 2.0
        if e.level != TOWN:
            return 0.0
        if e.admin1 and e.admin1 in self.town_admin1:
            return 1.0
        if e.lat is None or e.lon is None:
            return 0.0
        lo = bisect.bisect_left(self.towns, e.lat - _NEAR_DEGREES, key=lambda t: t[0])
        for lat, _lon, o in self.towns[lo:]:
            if lat > e.lat + _NEAR_DEGREES:
                break
            if e.km_to(o) < _NEAR_KM:
                return 0.8
        return 0.0


def _contradicted(text: str, choice: _Choice, mentions: list[Mention]) -> bool:
    """ "Orikhove, Luhansk" when the only Orikhove we know is in Crimea: the text says which area the
    place is in, and ours is not in it. Better the area than a namesake 500 km away."""
    if choice.entry.level in (TOWN, ADMIN2, ADMIN3) and _far_from_owner(text, choice, mentions):
        return True
    if choice.entry.level == TOWN and _far_from_city(text, choice, mentions):
        return True
    areas = _qualifying_areas(text, choice.mention, mentions)
    if not areas or choice.entry.level not in (TOWN, ADMIN2, ADMIN3):
        return False
    return not any(
        choice.entry.within(a)
        or a.within(choice.entry)
        or _unknown_district(choice.entry, a)
        or _beside_area(choice.entry, a, choice.mention)
        for a in areas
    )


# how far from the centre of the area the text names a place may lie and still be the place meant, when
# the index files it in a neighbouring area: borders move and provinces split ("Tarmiyah, Saladin" in
# Baghdad's; "Beoga, Papua" in Central Papua since 2022; "Yitzhar, West Bank" filed under Nablus)
_BESIDE_KM = {ADMIN1: 250.0, ADMIN2: 45.0}
_BESIDE_POPULATION = 500_000


def _country_qualifier(m: Mention, mentions: list[Mention]) -> bool:
    """ "Diffa, Niger": a name that is a country's, after a place with a sense in that country, names
    the country (not Nigeria's Niger State); "Atlanta, Georgia" stays the state."""
    if not m.qualifier:
        return False
    # the country's own name, not another name of it ("West Bank", which is also the territory)
    countries = {h.entry.country for h in m.hits if h.entry.level == COUNTRY and fold(h.entry.name) == m.key}
    if not countries:
        return False
    before = [o for o in mentions if o.sentence == m.sentence and o.end <= m.start and o is not m]
    if not before:
        return False
    previous = max(before, key=lambda o: o.end)
    return any(h.entry.level != COUNTRY and h.entry.country in countries for h in previous.hits)


def _stated_areas(
    index: Index, text: str, town: Entry, m: Mention, mentions: list[Mention], own: Entry | None
) -> dict[int, Entry]:
    """The areas the text puts a town in ("X, Y", "X (Y, Z)") where the index files the town in a
    neighbouring one (`_beside_area`), by level: a stated district brings its province. Empty when the
    text states none or the town's own, or where ACLED regroups the town's own province (Palestine's
    governorates under the West Bank)."""
    if (
        own is not None
        and own.country is not None
        and (own.country, own.name) in load_curated().acled_regions
    ):
        return {}
    areas = _qualifying_areas(text, m, mentions)
    if any(town.within(a) for a in areas):
        return {}  # "Belford Roxo, Rio de Janeiro": the state, not the city's municipality next door
    for a in areas:
        if a.level in (ADMIN1, ADMIN2) and _beside_area(town, a, m):
            if a.level == ADMIN1:
                return {ADMIN1: a}
            province = index.entry(a.admin1)
            return {ADMIN2: a, ADMIN1: province} if province is not None else {ADMIN2: a}
    return {}


def _beside_area(e: Entry, area: Entry, m: Mention) -> bool:
    """The only town of its name in the country lies by the area the text names, though the index
    files it in another: borders move and provinces split. A name with several towns in the country
    may mean a namesake inside the area that the index lacks."""
    limit = _BESIDE_KM.get(area.level)
    if limit is None or e.country != area.country or e.km_to(area) > limit:
        return False
    if e.population >= _BESIDE_POPULATION:
        return False  # a city's province is known: "Marraban Jos, Kaduna" is not Jos in Plateau
    if any(h.entry.level == ADMIN1 and h.how not in ("fuzzy", "demonym") for h in m.hits):
        return False  # "in Al Jawf, Ad Dali and Taizz governorates": a list of provinces
    towns = {
        h.entry.id
        for h in m.hits
        if h.entry.level == TOWN and h.entry.country == e.country and h.how != "fuzzy"
    }
    return towns == {e.id}


# "Beirut's Wadi Abu Jameel area": a quarter or suburb lies within this distance of the city that owns it
_OWNED_KM = 50.0
# between the owner and a word of the owned name: "'s", then perhaps the name's earlier words ("Wadi Abu")
_OWNED = re.compile(r"['’]s(?:\s+[A-Z][\w'’-]*)*\s+")


def _far_from_owner(text: str, choice: _Choice, mentions: list[Mention]) -> bool:
    """ "Beirut's Wadi ...", "Tripoli's El Mina district": a place the text gives a city or province
    as owner lies in or by it; a namesake far from every sense of the owner is not the place meant."""
    m = choice.mention
    owner = next(
        (
            o
            for o in mentions
            if o.sentence == m.sentence and o.end < m.start and _OWNED.fullmatch(text, o.end, m.start)
        ),
        None,
    )
    if owner is None:
        return False
    senses = [h.entry for h in owner.hits if h.how not in ("fuzzy", "demonym") and h.entry.level != COUNTRY]
    if not senses:
        return False
    e = choice.entry
    return not any(e.within(s) or s.within(e) or e.km_to(s) <= _OWNED_KM for s in senses)


def _far_from_city(text: str, choice: _Choice, mentions: list[Mention]) -> bool:
    """ "the cathedral in Ermita, Manila": a place the text puts in a city (a name with town senses only)
    lies by one of them; a namesake 500 km away is not the place meant."""
    m = choice.mention
    following = next((x for x in mentions if x.start > m.end and x.sentence == m.sentence), None)
    if following is None or text[m.end : following.start].strip() not in (",", "("):
        return False
    senses = [h.entry for h in following.hits if h.how not in ("fuzzy", "demonym")]
    if not senses or any(e.level != TOWN for e in senses):
        return False
    return not any(choice.entry.km_to(e) <= _OWNED_KM for e in senses)


def _unknown_district(e: Entry, area: Entry) -> bool:
    """GeoNames does not know the district of "Bafoussam (Mifi, Ouest)": a district of the town's own
    province is what the text adds, not a contradiction. Nor does the index know where a district lies
    that no town of it is filed in ("Sanaa (Old City, Amanat al Asimah)", "Misserete (Akpro-Misserete,
    Oueme)"): the town's own district there may be a guess from the nearest one."""
    if area.level != ADMIN2 or e.admin1 is None or area.admin1 != e.admin1:
        return False
    return e.admin2 is None or area.lat is None


def _qualifying_areas(text: str, m: Mention, mentions: list[Mention]) -> list[Entry]:
    """The admin areas that the text puts `m` in: "X, Y", "X (Y", "X of Y province"; [] when none."""
    following = next((x for x in mentions if x.start > m.end and x.sentence == m.sentence), None)
    if following is None:
        return []
    between = text[m.end : following.start].strip().lower()
    if _IN_PROVINCE.fullmatch(between):
        # "Bara town in Idleb countryside", "Rukban camp in Rural Damascus": a place "in" a province
        # lies in it; only first-level areas bind so, as "in" also joins a town and its own quarter
        return [
            h.entry for h in following.hits if h.entry.level == ADMIN1 and h.how not in ("demonym", "fuzzy")
        ]
    if between not in (",", "(") and not (between == "of" and following.hint in (ADMIN1, ADMIN2, ADMIN3)):
        return []
    # a country counts too: "Diffa, Niger" is in the country, not in Nigeria's Niger State
    return [
        h.entry
        for h in following.hits
        if h.entry.level in (ADMIN1, ADMIN2, ADMIN3, COUNTRY) and h.how not in ("demonym", "fuzzy", "label")
    ]


def _inside_name(ctx: ArticleContext, m: Mention, mentions: list[Mention]) -> bool:
    """The match is a part of a longer name that spaCy reads as an organisation or a person, and the
    rest of that name is no place ("the Luhansk People's Militia"): geography cannot make it the place
    of the event, however well it fits the article's other places. "Rawson (Chubut)" read as one
    organisation is two places."""
    doc = ctx.docs.get(m.sentence)
    if doc is None or m.qualifier:
        return False  # "Ikobi (Apa LGA, Benue)": a name that qualifies another is a place
    offset = ctx.sentences[m.sentence].start
    start, end = m.start - offset, m.end - offset
    for ent in doc.ents:
        if ent.label_ not in _NOT_PLACE_LABELS or not (ent.start_char <= start and end < ent.end_char):
            continue
        if doc.text[ent.start_char : start].strip().lower() not in ("", "the"):
            continue  # "Jabal al Kirsh front", "the Court of Justice in Sofia": a place ends the name
        after = doc.text[end:].lstrip()
        if not after[:1].isupper():
            continue  # "in Baalbek, Military forces", "between Baboua and Beloko": no name goes on
        lo, hi = ent.start_char + offset, ent.end_char + offset
        if not any(o is not m and o.start < hi and lo < o.end for o in mentions):
            return True
    return False


def _inside_named_area(e: Entry, m: Mention, mentions: list[Mention]) -> bool:
    """Another name of the article is a province or district that contains `e`; the same name counts
    only as the bracket right after it ("Formosa (Formosa)")."""
    return any(
        (o.key != m.key or (o.qualifier and 0 < o.start - m.end <= 3))
        and any(
            h.entry.level in (ADMIN1, ADMIN2) and h.how not in ("fuzzy", "demonym") and e.within(h.entry)
            for h in o.hits
        )
        for o in mentions
    )


def _home_sense(ctx: ArticleContext, m: Mention) -> bool:
    """The name has an exact sense below country level in the country the article's places point to
    most."""
    geo: ArticleGeo | None = ctx.facts.get("geocode")
    if geo is None:
        return False
    return any(
        h.how not in ("fuzzy", "demonym")
        and h.entry.level != COUNTRY
        and geo.countries.get(h.entry.country or "", 0.0) >= 1.0
        for h in m.hits
    )


def _one_country(choices: list[_Choice]) -> list[_Choice]:
    """An event happens in one country: keep the places of the best-supported one ("Victory", a town in
    New York, does not beat Minsk in an article about Belarus)."""
    support: dict[str, float] = {}
    for c in choices:
        support[c.entry.country or ""] = support.get(c.entry.country or "", 0.0) + max(c.score, 0.0)
    if len(support) < 2:
        return choices
    country = max(support, key=lambda k: support[k])
    return [c for c in choices if (c.entry.country or "") == country]


def _names_province_of(c: _Choice, choices: list[_Choice]) -> bool:
    """True for a town whose name is also the province that another chosen district lies in: "Kagizman
    district of Kars", "the Taiz transport office ... Ash Shamayatayn district", "Majzar district west
    of Marib city (Marib)". A district that only qualifies the town ("Ben Arous (La Nouvelle Medina)") or
    is where someone came from ("a sit-in in Tizi Ouzou ... an activist from Tigzirt") is no such sign;
    nor, where the text makes the town a town ("in Kingston city", "around Formosa (Formosa)"), is a
    district that no cue word calls one ("inhabitants of Denham Town", "heads to Pilcomayo")."""
    if c.entry.level != TOWN:
        return False
    provinces = {h.entry.id for h in c.mention.hits if h.entry.level == ADMIN1}
    if not provinces:
        return False
    town = c.mention.hint == TOWN or any(
        q.mention.qualifier
        and _qualified(q.mention, choices) is c.mention
        and any(h.entry.level == ADMIN1 and c.entry.within(h.entry) for h in q.mention.hits)
        for q in choices
    )
    return any(
        o.entry.level in (ADMIN2, ADMIN3)
        and o.entry.admin1 in provinces
        and not o.mention.origin
        and not (o.mention.qualifier and _qualified(o.mention, choices) is c.mention)
        and (not town or o.mention.hint in (ADMIN2, ADMIN3))
        for o in choices
        if o is not c
    )


def _far_from_anchor(c: _Choice, choices: list[_Choice]) -> bool:
    """A town further than `_OWNED_KM` from an earlier place of its sentence that the text put in an
    area ("in Cordoba municipality, Veracruz, residents of Aquila village ..."): the later name is a
    neighbourhood or village the index lacks, and its namesake elsewhere is not the place."""
    if c.entry.level != TOWN or c.mention.qualifier:
        return False
    if any(q.mention.qualifier and _qualified(q.mention, choices) is c.mention for q in choices):
        return False  # "the Nihm (Nihm, Sanaa) and Sirwah (Sirwah, Marib) frontlines": a list of places
    for a in choices:
        if a is c or a.mention.sentence != c.mention.sentence or a.mention.end > c.mention.start:
            continue
        if a.mention.qualifier or a.entry.level not in (TOWN, ADMIN2, ADMIN3) or a.entry.lat is None:
            continue
        qualified = any(
            q.mention.qualifier
            and q.entry.level in (ADMIN1, ADMIN2)
            and _qualified(q.mention, choices) is a.mention
            for q in choices
        )
        if qualified and c.entry.km_to(a.entry) > _OWNED_KM:
            return True
    return False


def _qualified(m: Mention, choices: list[_Choice]) -> Mention | None:
    """The mention that a qualifier belongs to: the nearest one before it in its sentence that is no
    qualifier itself ("Kasserine" for both names in "Kasserine (Ezzouhour, Kasserine)")."""
    before = [
        c.mention
        for c in choices
        if c.mention.sentence == m.sentence and c.mention.end <= m.start and not c.mention.qualifier
    ]
    return max(before, key=lambda x: x.end, default=None)


def _prominent(e: Entry) -> bool:
    return e.level in (ADMIN1, COUNTRY) or e.population >= 1_000_000


def _acled_levels(place: Place, chain: dict[int, Entry | None], evidence: dict[str, list[Span]]) -> None:
    """ACLED's admin levels where they are not GeoNames': the governorates of Iraq's Kurdistan Region
    are its admin1 (GeoNames' admin2), and Nepal keeps its pre-2015 development regions and zones above
    the district (knowledge/place_aliases.yaml, `acled_areas`). Where ACLED has regions above the areas
    GeoNames makes admin1 (Serbia, Malawi, Montenegro, Palestine's two territories), the region is admin1
    and the area admin2."""
    if _acled_region(place, chain, evidence):
        return
    district = chain[ADMIN2]
    if district is None or district.country is None:
        return
    curated = load_curated()
    shown = curated.acled_admin1.get((district.country, district.name))
    if shown is not None:
        place.admin1 = shown
        if "admin2" in evidence:
            evidence["admin1"] = evidence["admin2"]
        return
    zone = curated.acled_zones.get((district.country, fold(district.name)))
    if zone is not None:
        place.admin1, place.admin2 = zone
        place.admin3 = district.name
        if "admin2" in evidence:
            evidence["admin1"] = evidence["admin3"] = evidence["admin2"]


def _acled_region(place: Place, chain: dict[int, Entry | None], evidence: dict[str, list[Span]]) -> bool:
    """Serbia's "Nisavski okrug" (GeoNames admin1) is ACLED's admin2 "Nisava" in admin1 "Central
    Serbia"; Vojvodina's districts are GeoNames' admin2 already and only take ACLED's names."""
    regions = load_curated().acled_regions
    province, district = chain[ADMIN1], chain[ADMIN2]
    if province is not None and province.country is not None:
        found = regions.get((province.country, province.name))
        if found is not None:
            place.admin1, place.admin2 = found
            if district is not None:
                place.admin3 = district.name  # GeoNames' level below moves down with it
                if "admin2" in evidence:
                    evidence["admin3"] = evidence["admin2"]
            if "admin1" in evidence:
                evidence["admin2"] = evidence["admin1"]
            return True
    if district is not None and district.country is not None:
        found = regions.get((district.country, district.name))
        if found is not None:
            place.admin1, place.admin2 = found
            return True
    return False


def _acled_district(
    index: Index, place: Place, e: Entry, chain: dict[int, Entry | None], evidence: dict[str, list[Span]]
) -> None:
    """ACLED's admin2 where GeoNames gives none, or one ACLED does not use:

    - a province named alone is coded to its seat, and takes the seat's district ("Idlib");
    - a town in a province without any district (Libya's, Beirut) takes the province's name: ACLED
      repeats the admin1 where there is no second level;
    - a province's capital without a district is its own district, under the city's name (Tbilisi,
      N'Djamena: cities whose urban districts GeoNames lacks or ACLED does not code);
    - a numbered district ("3", a commune of Buenos Aires) is no name: as if none;
    - Argentina's "Capital" departments and Turkey's provincial capitals go by their province's name
      (knowledge/place_aliases.yaml, `acled_areas`)."""
    province = chain[ADMIN1]
    if province is None or e.country is None or place.admin1 is None:
        return
    if e.level == TOWN:
        town = e
    elif e.level == ADMIN1:
        town = index.entry(e.seat)
    else:
        return
    if town is None:
        return
    capital = province.seat == town.id
    curated = load_curated()
    district = place.admin2
    if district is None and e.level == ADMIN1 and town.admin2 is not None:
        seat_district = index.entry(town.admin2)
        district = seat_district.name if seat_district is not None else None
    if district is not None and district.isdigit():
        district = None
    # Turkey: a capital named like its province (Diyarbakir, Van), not a largest town elsewhere (Gebze)
    central = (
        capital and e.country in curated.acled_central_district and fold(town.name) == fold(place.admin1)
    )
    if district in curated.acled_capital_departments.get(e.country, frozenset()) or central:
        district = place.admin1
    elif district is None and not index.has_districts(province.id):
        # the province's name, or the city's where the province is named after it ("Municipalidad
        # Metropolitana de Lima": "Lima")
        inside = f" {fold(town.name)} " in f" {fold(place.admin1)} "
        district = town.name if capital and inside else place.admin1
    elif district is None and capital:
        district = town.name
    if district == place.admin2:
        return
    place.admin2 = district
    evidence.pop("admin2", None)
    if district is not None and "admin1" in evidence:
        evidence["admin2"] = evidence["admin1"]


def _stated_district(town: Entry, m: Mention, mentions: list[Mention]) -> tuple[Entry, Mention] | None:
    """The district that the text puts a district-less town in: a name right after it, in brackets or
    after a comma ("Bafoussam (Mifi, Ouest)", "Halba, Akkar"), with a district sense in the town's own
    province; None when the text says nothing of the kind."""
    for other in mentions:
        if other.sentence != m.sentence or other.start <= m.end or other.start - m.end > 60:
            continue
        if not other.qualifier:
            continue
        for h in other.hits:
            a = h.entry
            if (
                a.level == ADMIN2
                and h.how not in ("fuzzy", "demonym")
                and a.country == town.country
                and (town.admin1 is None or a.admin1 == town.admin1)
            ):
                return a, other
    return None


def _legacy_district(index: Index, place: Place, e: Entry, m: Mention) -> None:
    """Ukraine: ACLED's admin2 is the raion before the 2020 reform or the city of oblast significance
    (gazetteer/legacy.py), found from the event's town, or a district's seat. "Marinka raion" names the
    raion of that town: part of a region, precision 2, coded to its centre."""
    if e.level == TOWN:
        town: Entry | None = e
    else:
        # a district's seat; an oblast alone is coded to its capital, and so to the capital's district
        # ("Donetsk Municipality")
        town = index.entry(e.seat)
    if town is None:
        return
    named = e.level in (ADMIN2, ADMIN3) or m.hint == ADMIN2
    legacy = load_legacy()
    district = legacy.district_of(index, town, raion_named=named)
    if district is None:
        return
    place.admin2 = district.name
    centre = legacy.centres(index).get(district)
    if (
        e.level == TOWN
        and m.hint == ADMIN2
        and district.kind == RAION
        and centre is not None
        and centre.id == e.id
    ):
        place.geo_precision = 2
        place.notes.append(f"place: the {district.name} raion is named; coded to its centre {e.name}")
