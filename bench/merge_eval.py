"""How well does `sitrep.merge` group reports of one incident? Scored on gold sets built at run time.

    nice .venv/bin/python bench/merge_eval.py [--eval-dir ../shared/eval] [--set muc4|acled|examples|all]
        [--cache DIR]

Sets (read from the eval directory, never copied into the repository):
- muc4: MUC-4 newswire. Two documents report the same incident when answer-key templates share incident date,
  type and location (equal, or one inside the other: "EL SALVADOR" ⊃ "EL SALVADOR: SAN SALVADOR (CITY)") and
  their targets share a word, or name one victim (see `_one_incident`). All documents in such groups, plus
  distractors, go through the real pipeline.
- acled: ACLED events whose notes cite several outlets ("Zona Franca; Milenio"). Each becomes one report per
  outlet, rewritten the way outlets differ (date style, number words, a later revised toll, a day's delay in
  publication); single-source events of the same weeks are the distractors. Run through the real pipeline,
  and also with the gold fields as the "extraction" (the merge alone, without extraction errors).
- examples: the bundled examples and our own rewrites of them (`bench/merge_examples.yaml`): other
  outlets, revised tolls, other datelines, and same-day attacks in the same district that are other events.

Unit: the document. Two documents are linked when one canonical event holds reports from both; pairwise
precision/recall are over document pairs, B-cubed over the document partition the links induce. Each set
also says why missed pairs were missed (`missed_by`) and what extraction leaves the merge (`reachable`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from difflib import SequenceMatcher
from pathlib import Path

from sitrep.merge import merge_events
from sitrep.merge.score import score_merge
from sitrep.records import Article, Event, Span

ROOT = Path(__file__).resolve().parent.parent
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
_GENERIC_TARGET = {
    "PEOPLE",
    "PERSONS",
    "PERSON",
    "MEMBERS",
    "MEMBER",
    "OTHER",
    "OTHERS",
    "THE",
    "OF",
    "AND",
    "A",
    "AN",
    "IN",
    "INJURED",
    "DEATHS",
    "DEAD",
    "CIVILIANS",
    "CIVILIAN",
    "SALVADORAN",
    "INDIVIDUALS",
    "MEN",
    "WOMEN",
}


# -- MUC-4 ---------------------------------------------------------------------------------------------
def _slot_words(template: dict, keys: tuple[str, ...]) -> set[str]:
    words: set[str] = set()
    for key in keys:
        for slot in template.get(key) or []:
            for alternative in slot.get("alternatives", []):
                words.update(
                    _singular(w)
                    for w in re.findall(r"[A-Z]{3,}", alternative.upper())
                    if w not in _GENERIC_TARGET
                )
    return words


def _singular(word: str) -> str:
    """One key writes "SIX JESUITS", another "JESUIT PRIEST": a final S off a word of five letters or more
    (not "SS": "PRESS", "ADDRESS") lets them share a word; short words ("BUS", "GAS") keep theirs."""
    return word[:-1] if len(word) >= 5 and word.endswith("S") and not word.endswith("SS") else word


def _muc_targets(template: dict) -> set[str]:
    """The words of what was hit (buildings, vehicles) and of who was hit, described ("JESUIT PRIESTS")."""
    return _slot_words(template, ("phys_tgt_id", "hum_tgt_description"))


def _muc_names(template: dict, key: str = "hum_tgt_name", least: int = 1) -> list[frozenset[str]]:
    """The victims' names, each as its words ("IGNACIO ELLACURIA" -> {IGNACIO, ELLACURIA}); of `key`, the
    alternatives of at least `least` words."""
    names = []
    for slot in template.get(key) or []:
        for alternative in slot.get("alternatives", []):
            words = frozenset(re.findall(r"[A-Z]{2,}", alternative.upper()))
            if len(words) >= least:
                names.append(words)
    return names


def _described(template: dict) -> list[frozenset[str]]:
    """Descriptions of two words or more ("DR IGNACIO ELLACURIA"): the keys often put a
    victim's name in the description slot, so a name of the other key may be found there."""
    return _muc_names(template, "hum_tgt_description", least=2)


def _same_victim(a: list[frozenset[str]], b: list[frozenset[str]]) -> bool:
    """One victim's name is the other's or part of it ("ELLACURIA" in "IGNACIO ELLACURIA"), allowing for the
    spelling of a transcribed name ("ESPINOZA"/"ESPINOSA"); a shared first name alone ("CARLOS VALENCIA",
    "LUIS CARLOS GALAN") is two people."""

    def within(short: frozenset[str], long: frozenset[str]) -> bool:
        return all(any(SequenceMatcher(None, w, v).ratio() >= 0.8 for v in long) for w in short)

    return any(within(*sorted((x, y), key=len)) for x in a for y in b)


def _same_place(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One place contains the other: its hierarchy is the other's with levels left out at the end or in the
    middle ("EL SALVADOR: CENTRAL AMERICAN UNIVERSITY" within "EL SALVADOR: SAN SALVADOR: CENTRAL AMERICAN
    UNIVERSITY": the keys skip the city), from the same country."""
    shorter, longer = sorted((a, b), key=len)
    if not shorter or shorter[0] != longer[0]:
        return False
    rest = iter(longer[1:])
    return all(level in rest for level in shorter[1:])  # in order: `in` consumes the iterator


_MUC_DAY = re.compile(r"(\d{1,2}) ([A-Z]{3})[A-Z]* (\d{2})\b")
_MUC_KIND = re.compile(r"\([A-Z ]+\)")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}


def _muc_dates(field: str) -> list[tuple[dt.date | None, dt.date]]:
    """Alternatives of a date slot ("(08 MAR 90) / (07 MAR 90 - 08 MAR 90)"), each as (first, last) day.

    "- 19 APR 89" is the answer keys' "on or before 19 April" (the report's day; the incident's day is not
    known): it is (None, last), open at the start. A slot without a year ("11 NOV") gives nothing.
    """
    out: list[tuple[dt.date | None, dt.date]] = []
    for alternative in re.split(r"\s+/\s+", field.upper()):
        alternative = alternative.strip().strip("()").strip()
        days = []
        for day, month, year in _MUC_DAY.findall(alternative):
            if month in _MONTHS:
                try:
                    days.append(dt.date(1900 + int(year), _MONTHS[month], int(day)))
                except ValueError:
                    continue
        if len(days) >= 2:
            out.append((min(days[:2]), max(days[:2])))
        elif days and alternative.startswith("-"):
            out.append((None, days[0]))
        elif days:
            out.append((days[0], days[0]))
    return out


# An "on or before D" slot is the day of a report: the incident lies at most this many days before it (a
# follow-up report), and two such slots meet when their report days lie this close.
_OPEN_REACH_DAYS = 7


def _dates_meet(
    a: list[tuple[dt.date | None, dt.date]], b: list[tuple[dt.date | None, dt.date]], slack: int = 0
) -> str | None:
    """ "dated" when two stated days or ranges overlap; "open" when they meet only through an open "- D" slot
    (two such report days within a week, or a stated day on or before the other's report day and at most a
    week before it: "18 AUG 89" and "- 20 AUG 89"); None when they do not. `slack` days may part two stated
    days."""
    found = None
    for first_a, last_a in a:
        for first_b, last_b in b:
            if first_a is not None and first_b is not None:
                gap = dt.timedelta(days=slack)
                if first_a <= last_b + gap and first_b <= last_a + gap:
                    return "dated"
            elif first_a is None and first_b is None:
                if abs((last_a - last_b).days) <= _OPEN_REACH_DAYS:
                    found = "open"  # two "on or before" report days close together
            else:
                # An incident on or before the other key's report day, and not long before it.
                first, last, open_day = (
                    (first_a, last_a, last_b) if first_b is None else (first_b, last_b, last_a)
                )
                assert first is not None
                if first <= open_day and (open_day - last).days <= _OPEN_REACH_DAYS:
                    found = "open"
    return found


def _muc_places(field: str) -> list[tuple[str, ...]]:
    """Alternatives of a location slot ("(A) / (B)"), each a hierarchy "COUNTRY: CITY (CITY): BARRIO
    (NEIGHBORHOOD)" read as its names, ("COUNTRY", "CITY", "BARRIO"): the "(CITY)" tags and the
    alternatives' parentheses are not part of the names."""
    places = []
    for alternative in field.split(" / "):
        alternative = alternative.strip()
        if alternative.startswith("(") and alternative.endswith(")"):
            alternative = alternative[1:-1]
        levels = tuple(_MUC_KIND.sub("", level).strip() for level in alternative.split(":"))
        if any(levels):
            places.append(levels)
    return places


def _one_incident(a: dict, b: dict) -> bool:
    """Do two answer-key templates describe one incident?

    Same incident type; then a shared victim's name (in one key's name slot and the other's name or
    description slot: the keys file a victim's full name under either) in one country, on dates that meet
    (`_dates_meet`) or lie a day apart; or dates that meet, places equal or one inside the other, and a shared
    word of the targets, two words when the dates meet only through an open "- D" slot (the day is not
    known): "JUSTICE" in two undated templates of one day is no incident in common, "JESUIT PRIESTS" is.
    """
    if a["type"] != b["type"]:
        return False
    victim = (
        _same_victim(a["names"], b["names"])
        or _same_victim(a["names"], b["described"])
        or _same_victim(a["described"], b["names"])
    )
    if victim and _dates_meet(a["dates"], b["dates"], slack=1):
        # One named person attacked within a day is one incident, however the keys place it ("MEDELLIN
        # (CITY)" and "ANTIOQUIA (DEPARTMENT)") or date a night's attack: one country suffices.
        if any(x[:1] == y[:1] for x in a["places"] for y in b["places"]):
            return True
    meet = _dates_meet(a["dates"], b["dates"])
    if meet is None or not any(_same_place(x, y) for x in a["places"] for y in b["places"]):
        return False
    shared = len(a["targets"] & b["targets"])
    return shared >= (1 if meet == "dated" else 2)


_DATELINE = re.compile(r"^\s*[^,\n]{2,40},\s+(\d{1,2}) ([A-Z]{3})[A-Z]* (\d{2})\b")


def _dispatch_day(text: str) -> dt.date | None:
    """The day in the dateline ("SAN SALVADOR, 19 JAN 90 (ACAN-EFE) --"), or None ("NO DATE", no year)."""
    found = _DATELINE.match(text or "")
    if found is None or found.group(2) not in _MONTHS:
        return None
    try:
        return dt.date(1900 + int(found.group(3)), _MONTHS[found.group(2)], int(found.group(1)))
    except ValueError:
        return None


def _year_earlier(day: dt.date) -> dt.date:
    return (
        day.replace(year=day.year - 1)
        if (day.month, day.day) != (2, 29)
        else day.replace(day=28, year=day.year - 1)
    )


# A key date this far after its own dispatch has the wrong year; a day or a few weeks after is a slip of the
# dateline or of the key's day, which a year earlier would make worse.
_WRONG_YEAR = dt.timedelta(days=183)


def _incident_dates(template: dict, dispatch: dt.date | None) -> list[tuple[dt.date | None, dt.date]]:
    """The template's date slot (`_muc_dates`), an alternative dated over half a year after its own dispatch
    read a year earlier: an incident cannot follow its report, and keys of early-year dispatches write the
    dispatch's year for an incident of the year before ("16 NOV 90" in a dispatch of 19 Jan 1990)."""
    dates = _muc_dates(template.get("incident_date") or "")
    if dispatch is None:
        return dates
    return [
        (first and _year_earlier(first), _year_earlier(last))
        if (first or last) > dispatch + _WRONG_YEAR
        else (first, last)
        for first, last in dates
    ]


def muc4_gold(rows: list[dict]) -> set[frozenset]:
    """Document pairs that hold templates of one incident (`_one_incident`); a document may hold several."""
    by_month: dict[tuple[int, int], list[tuple[str, dict]]] = defaultdict(list)
    for row in rows:
        dispatch = _dispatch_day(row.get("text", ""))
        for t in row["gold"].get("templates") or []:
            dates = _incident_dates(t, dispatch)
            if not dates or not t.get("incident_type"):
                continue
            incident = {
                "type": t["incident_type"],
                "dates": dates,
                "places": _muc_places(t.get("incident_location") or ""),
                "targets": _muc_targets(t),
                "names": _muc_names(t),
                "described": _described(t),
            }
            months = set()
            for first, last in dates:
                day = first or last
                while day <= last:  # every month the slot reaches, so that overlapping ranges meet
                    months.add((day.year, day.month))
                    day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
            for month in months:
                by_month[month].append((row["id"], incident))
    links: set[frozenset] = set()
    for group in by_month.values():
        for i, (doc_a, a) in enumerate(group):
            for doc_b, b in group[i + 1 :]:
                if doc_a != doc_b and _one_incident(a, b):
                    links.add(frozenset((doc_a, doc_b)))
    return links


def muc4_set(eval_dir: Path, distractors: int, seed: int) -> tuple[list[Article], set[frozenset]]:
    rows = [json.loads(x) for name in ("muc4_train.jsonl", "muc4_dev.jsonl") for x in open(eval_dir / name)]
    gold = muc4_gold(rows)
    linked = {doc for link in gold for doc in link}
    others = sorted(r["id"] for r in rows if r["id"] not in linked)
    chosen = linked | set(random.Random(seed).sample(others, min(distractors, len(others))))
    articles = [Article(id=r["id"], text=r["text"]) for r in rows if r["id"] in chosen]
    return articles, gold


def muc4_false_by(false_links: set[frozenset], eval_dir: Path) -> dict[str, int]:
    """Why two documents the merge linked are not gold, as the answer keys tell it: one document holds no
    incident at all (the extractor made an event of a speech or a communique); the keys of the two share no
    day (the extractor dated or chose an incident the keys do not hold); or they share a day (two incidents of
    one busy day, or one incident the keys describe too differently to tell)."""
    from collections import Counter

    rows = [json.loads(x) for name in ("muc4_train.jsonl", "muc4_dev.jsonl") for x in open(eval_dir / name)]
    days: dict[str, list[tuple[dt.date, dt.date]]] = {}
    for row in rows:
        spans = []
        dispatch = _dispatch_day(row.get("text", ""))
        for t in row["gold"].get("templates") or []:
            for first, last in _incident_dates(t, dispatch):
                spans.append((first or last - dt.timedelta(days=_OPEN_REACH_DAYS), last))
        days[row["id"]] = spans
    reasons: Counter = Counter()
    for link in false_links:
        a, b = sorted(link)
        if not days.get(a) or not days.get(b):
            reasons["a document whose keys hold no dated incident"] += 1
        elif any(fa <= lb and fb <= la for fa, la in days[a] for fb, lb in days[b]):
            reasons["keys share a day"] += 1
        else:
            reasons["keys share no day"] += 1
    return dict(reasons.most_common())


# -- ACLED, split into single-outlet reports -------------------------------------------------------------
_NUMBER_WORDS = "zero one two three four five six seven eight nine ten".split()
_ON_DATE = re.compile(r"\b(On|Around|On or around) (\d{1,2}) ([A-Z][a-z]+) (\d{4})")
_SIZE = re.compile(r"\s*\[size=[^\]]*\]")


def rewrite(text: str, day: dt.date, variant: int, fatalities: int) -> tuple[str, int]:
    """One outlet's version of an ACLED note, and the toll that version states."""
    if variant == 0:
        return text, fatalities
    text = _SIZE.sub("", text)
    if variant == 1:
        text = _ON_DATE.sub(lambda m: f"{m.group(1)} {m.group(3)} {int(m.group(2))}, {m.group(4)}", text)
        text = re.sub(
            r"\b([1-9]|10)\b(?= (?:people|persons|civilians|soldiers|fatalit|men|women|police|officers))",
            lambda m: _NUMBER_WORDS[int(m.group(1))],
            text,
        )
        return text, fatalities
    text = _ON_DATE.sub(lambda m: f"{m.group(1)} {day.strftime('%A')}, {int(m.group(2))} {m.group(3)}", text)
    if fatalities > 0:
        revised = fatalities + 2
        return f"{text} Local officials later said the death toll rose to {revised}.", revised
    return text, fatalities


def acled_set(
    eval_dir: Path, n_multi: int, n_single: int, seed: int
) -> tuple[list[Article], set[frozenset], dict]:
    rows = [json.loads(x) for x in open(eval_dir / "acled2020_world.jsonl")]
    rng = random.Random(seed)
    multi = [r for r in rows if ";" in (r["gold"].get("news_source") or "") and r["gold"].get("event_date")]
    single = [
        r for r in rows if ";" not in (r["gold"].get("news_source") or "") and r["gold"].get("event_date")
    ]
    chosen = rng.sample(multi, min(n_multi, len(multi))) + rng.sample(single, min(n_single, len(single)))
    articles, truth, gold = [], {}, set()
    # ACLED splits one note that names several places into one event per place, all with the same note. The
    # documents rewritten from such rows tell the same incidents in the same words, so they are linked too:
    # nothing in the text tells them apart at document level (the extractor would have to split them).
    same_note: dict[str, list[str]] = defaultdict(list)
    for row in chosen:
        g = row["gold"]
        day = dt.date.fromisoformat(g["event_date"])
        outlets = [s.strip() for s in g["news_source"].split(";") if s.strip()][:3] or ["Outlet"]
        ids = []
        for k, outlet in enumerate(outlets):
            text, toll = rewrite(row["text"], day, k, int(g.get("fatalities") or 0))
            doc = f"{row['id']}~{k}"
            ids.append(doc)
            articles.append(Article(id=doc, text=text, source=outlet, published=day + dt.timedelta(days=k)))
            truth[doc] = (g, toll, k)
        gold |= {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1 :]}
        same_note[row["text"]] += ids
    for ids in same_note.values():
        gold |= {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1 :]}
    return articles, gold, truth


_TOLL = re.compile(r"death toll rose to \d+|\d+ fatalit\w+")
_ANY_DATE = re.compile(r"\b\d{1,2} [A-Z][a-z]+(?: \d{4})?|\b[A-Z][a-z]+ \d{1,2}, \d{4}")


def oracle_events(articles: list[Article], truth: dict) -> list[Event]:
    """The gold fields as if extraction were perfect: the merge's own ceiling."""
    events = []
    for article in articles:
        g, toll, k = truth[article.id]
        text = article.text
        evidence = {"event_type": [Span(start=0, end=len(text), text=text)]}
        for name, pattern in (("fatalities", _TOLL), ("event_date", _ANY_DATE)):
            match = pattern.search(text)
            if match:
                evidence[name] = [Span(start=match.start(), end=match.end(), text=match.group(0))]
        fields = {
            name: g.get(name)
            for name in (
                "event_type",
                "sub_event_type",
                "actor1",
                "actor2",
                "assoc_actor_1",
                "assoc_actor_2",
                "country",
                "admin1",
                "admin2",
                "admin3",
                "location",
                "latitude",
                "longitude",
                "geo_precision",
                "time_precision",
            )
        }
        events.append(
            Event(
                event_id=f"{article.id}-0",
                doc_id=article.id,
                event_date=g["event_date"],
                fatalities=toll,
                source=article.source,
                published=article.published,
                evidence=evidence,
                **fields,
            )
        )
    return events


# -- set 3: the bundled examples and our own reports of them ---------------------------------------------
EXAMPLE_REPORTS = ROOT / "bench" / "merge_examples.yaml"


def examples_set(
    listing_path: Path = EXAMPLE_REPORTS,
) -> tuple[list[Article], set[frozenset], dict[str, str]]:
    """The reports listed in `bench/merge_examples.yaml` (files under `examples/`) as Articles, named by file
    stem, with outlet and publication day from the list; the gold links (reports of one `event`); and each
    document's event."""
    import yaml

    from sitrep.ingest.files import read_file

    listing = yaml.safe_load(listing_path.read_text(encoding="utf-8"))["reports"]
    articles, label = [], {}
    for entry in listing:
        path = ROOT / "examples" / entry["file"]
        (article,) = read_file(path, None)
        if not isinstance(article, Article):
            raise ValueError(f"{path}: {article.reason}")
        published = entry["published"]
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        doc = path.stem
        articles.append(
            article.model_copy(update={"id": doc, "source": entry["source"], "published": published})
        )
        label[doc] = entry["event"]
    docs = sorted(label)
    gold = {frozenset((a, b)) for i, a in enumerate(docs) for b in docs[i + 1 :] if label[a] == label[b]}
    return articles, gold, label


# -- running and scoring ------------------------------------------------------------------------------------
def extract(articles: list[Article], cache: Path | None = None) -> tuple[list[Event], float]:
    """Run the real pipeline; with `cache`, reuse its events when they were extracted for these articles
    (so merge rules can be tuned without re-running extraction)."""
    ids = sorted(a.id for a in articles)
    if cache is not None and cache.is_file():
        head, *lines = cache.read_text(encoding="utf-8").splitlines()
        if json.loads(head) == ids:
            return [Event.model_validate_json(line) for line in lines], 0.0
    events, seconds = _extract(articles)
    if cache is not None:
        body = "".join(e.model_dump_json() + "\n" for e in events)
        cache.write_text(json.dumps(ids) + "\n" + body, encoding="utf-8")
    return events, seconds


def _extract(articles: list[Article]) -> tuple[list[Event], float]:
    from sitrep.pipeline import Pipeline

    pipeline = Pipeline()
    start = time.perf_counter()
    events = [
        r for _a, records in pipeline.extract_many(articles) for r in records if r.record_type == "event"
    ]
    return events, time.perf_counter() - start


def links_of(
    events: list[Event], texts: dict[str, str] | None, violent_only: bool = False
) -> tuple[set[frozenset], float, int]:
    start = time.perf_counter()
    index = merge_events(events, texts=texts)
    seconds = time.perf_counter() - start
    links: set[frozenset] = set()
    for cluster in index.clusters.values():
        if violent_only and cluster.canonical.event_type not in VIOLENT:
            continue
        docs = sorted({m.doc_id for m in cluster.mentions})
        links |= {frozenset((a, b)) for i, a in enumerate(docs) for b in docs[i + 1 :]}
    return links, seconds, len(index.clusters)


def missed_by(missed: set[frozenset], events: list[Event], texts: dict[str, str] | None) -> dict[str, int]:
    """Why each missed gold pair was missed: the gate that stopped its closest pair of reports, or
    "score below threshold", or "no event extracted"."""
    from collections import Counter

    from sitrep.merge import load_rules
    from sitrep.merge.similarity import compare, profile_of

    rules = load_rules()
    by_doc: dict[str, list] = defaultdict(list)
    for event in events:
        by_doc[event.doc_id].append(profile_of(event, rules, (texts or {}).get(event.doc_id)))
    reasons: Counter = Counter()
    for link in missed:
        a, b = sorted(link)
        if not by_doc[a] or not by_doc[b]:
            reasons["no event extracted"] += 1
            continue
        results = [compare(x, y, rules) for x in by_doc[a] for y in by_doc[b]]
        open_ = [r for r in results if r.gate is None]
        if open_:
            reasons["score below threshold"] += 1
        else:
            reasons[
                Counter(re.sub(r"\d+ km", "N km", r.gate or "") for r in results).most_common(1)[0][0]
            ] += 1
    return dict(reasons.most_common())


# The gates `blocked` checks before the date windows: a pair stopped by one of them disagrees on where or
# when at the level of country and date, which no merge rule can bridge without merging across borders.
_COUNTRY_GATES = ("different country",)
_DATE_GATES = ("undated report", "dates too far apart for their precision")


def reachable(gold: set[frozenset], events: list[Event], texts: dict[str, str] | None) -> dict[str, int]:
    """The ceiling that extraction leaves the merge: of the gold pairs, how many have a report in each
    document such that the two agree on country (or one has none), then whose date windows also meet, then
    that pass every gate, then that score above the threshold on their own. A merge that linked every pair
    of the second line would still miss the rest."""
    from sitrep.merge import load_rules
    from sitrep.merge.similarity import blocked, compare, profile_of

    rules = load_rules()
    by_doc: dict[str, list] = defaultdict(list)
    for event in events:
        by_doc[event.doc_id].append(profile_of(event, rules, (texts or {}).get(event.doc_id)))
    steps = (
        "both have reports",
        "country agrees",
        "and dates meet",
        "and every gate passes",
        "and score >= threshold",
    )
    counts = dict.fromkeys(steps, 0)
    for link in gold:
        a, b = sorted(link)
        reached = 0
        for x in by_doc[a]:
            for y in by_doc[b]:
                gate = blocked(x, y, rules)
                if gate in _COUNTRY_GATES:
                    stage = 1
                elif gate in _DATE_GATES:
                    stage = 2
                elif gate is not None:
                    stage = 3
                else:
                    stage = 5 if compare(x, y, rules).matches(rules) else 4
                reached = max(reached, stage)
        for step in steps[:reached]:
            counts[step] += 1
    return counts


def evaluate(
    name: str,
    articles: list[Article],
    gold: set[frozenset],
    events: list[Event],
    show: int,
    use_text: bool,
    explain_false: Callable[[set[frozenset]], dict[str, int]] | None = None,
) -> dict:
    docs = [a.id for a in articles]
    texts = {a.id: a.text for a in articles} if use_text else None
    gold = {link for link in gold if link <= set(docs)}
    result: dict = {"set": name, "documents": len(docs), "reports": len(events), "gold_links": len(gold)}
    for label, violent in (("all", False), ("violent", True)) if name == "muc4" else (("all", False),):
        links, seconds, n_events = links_of(events, texts, violent)
        scores = score_merge(docs, gold, links)
        result[label] = scores.__dict__ | {"canonical_events": n_events, "merge_s": round(seconds, 3)}
        if label == "all":
            result["missed_by"] = missed_by(gold - links, events, texts)
            result["reachable"] = reachable(gold, events, texts)
            if explain_false is not None:
                result["false_by"] = explain_false(links - gold)
        if label == "all" and show:
            for link in sorted(links - gold, key=sorted)[:show]:
                print(f"  false link [{name}]: {sorted(link)}", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--set", choices=("muc4", "acled", "examples", "all"), default="all")
    parser.add_argument("--muc4-distractors", type=int, default=80)
    parser.add_argument("--acled-multi", type=int, default=80)
    parser.add_argument("--acled-single", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=0, help="print this many false links per set")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--no-text", action="store_true", help="compare fields and evidence only")
    parser.add_argument(
        "--cache", type=Path, help="folder for extracted events (reused; delete after a change)"
    )
    args = parser.parse_args(argv)
    if args.set != "examples" and not args.eval_dir.is_dir():
        print(f"no eval directory at {args.eval_dir}", file=sys.stderr)
        return 2
    if args.cache is not None:
        args.cache.mkdir(parents=True, exist_ok=True)
    results = []
    if args.set in ("muc4", "all"):
        articles, gold = muc4_set(args.eval_dir, args.muc4_distractors, args.seed)
        events, seconds = extract(articles, args.cache and args.cache / "muc4.jsonl")
        results.append(
            evaluate(
                "muc4",
                articles,
                gold,
                events,
                args.show,
                not args.no_text,
                lambda false: muc4_false_by(false, args.eval_dir),
            )
            | {"extract_s": round(seconds, 1)}
        )
    if args.set in ("acled", "all"):
        articles, gold, truth = acled_set(args.eval_dir, args.acled_multi, args.acled_single, args.seed)
        results.append(
            evaluate(
                "acled-oracle", articles, gold, oracle_events(articles, truth), args.show, not args.no_text
            )
        )
        events, seconds = extract(articles, args.cache and args.cache / "acled.jsonl")
        results.append(
            evaluate("acled", articles, gold, events, args.show, not args.no_text)
            | {"extract_s": round(seconds, 1)}
        )
    if args.set in ("examples", "all"):
        articles, gold, _label = examples_set()
        events, seconds = _extract(articles)
        results.append(
            evaluate("examples", articles, gold, events, args.show, not args.no_text)
            | {"extract_s": round(seconds, 1)}
        )
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
