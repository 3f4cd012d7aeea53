"""How well does `sitrep.merge` group reports of one incident? Scored on gold sets built at run time.

    nice .venv/bin/python bench/merge_eval.py [--eval-dir ../shared/eval] [--set muc4|acled|all] [--cache DIR]

Sets (read from the eval directory, never copied into the repository):
- muc4: MUC-4 newswire. Two documents report the same incident when answer-key templates share incident date,
  type and location (equal, or one inside the other: "EL SALVADOR" ⊃ "EL SALVADOR: SAN SALVADOR (CITY)") and
  their targets share a word. All documents in such groups, plus distractors, go through the real pipeline.
- acled: ACLED events whose notes cite several outlets ("Zona Franca; Milenio"). Each becomes one report per
  outlet, rewritten the way outlets differ (date style, number words, a later revised toll, a day's delay in
  publication); single-source events of the same weeks are the distractors. Run through the real pipeline,
  and also with the gold fields as the "extraction" (the merge alone, without extraction errors).

Unit: the document. Two documents are linked when one canonical event holds reports from both; pairwise
precision/recall are over document pairs, B-cubed over the document partition the links induce.
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
def _muc_targets(template: dict) -> set[str]:
    words: set[str] = set()
    for key in ("phys_tgt_id", "hum_tgt_name", "hum_tgt_description"):
        for slot in template.get(key) or []:
            for alternative in slot.get("alternatives", []):
                words.update(
                    w for w in re.findall(r"[A-Z]{3,}", alternative.upper()) if w not in _GENERIC_TARGET
                )
    return words


def _same_place(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One place contains the other: its hierarchy is a prefix of the other's."""
    shorter, longer = sorted((a, b), key=len)
    return bool(shorter) and longer[: len(shorter)] == shorter


_MUC_DATE = re.compile(r"\d{2} [A-Z]{3} \d{2}")
_MUC_KIND = re.compile(r"\([A-Z ]+\)")


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


def muc4_gold(rows: list[dict]) -> set[frozenset]:
    """Document pairs whose templates share an incident date, type, location and a target word.

    A date slot may hold a range or alternatives ("- 13 JAN 90", "(- 12 NOV 89) / (- 18 NOV 89)"): they share
    a date when they name one in common. A country-level location is shared with any place inside it.
    """
    incidents = []
    for row in rows:
        for t in row["gold"].get("templates") or []:
            dates = set(_MUC_DATE.findall(t.get("incident_date") or ""))
            if not dates or not t.get("incident_type"):
                continue
            places = _muc_places(t.get("incident_location") or "")
            incidents.append((row["id"], dates, t["incident_type"], places, _muc_targets(t)))
    by_key = defaultdict(list)
    for incident in incidents:
        for date in incident[1]:
            by_key[(date, incident[2])].append(incident)
    links: set[frozenset] = set()
    for group in by_key.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                same_place = any(_same_place(x, y) for x in a[3] for y in b[3])
                if a[0] != b[0] and same_place and a[4] & b[4]:
                    links.add(frozenset((a[0], b[0])))
    return links


def muc4_set(eval_dir: Path, distractors: int, seed: int) -> tuple[list[Article], set[frozenset]]:
    rows = [json.loads(x) for name in ("muc4_train.jsonl", "muc4_dev.jsonl") for x in open(eval_dir / name)]
    gold = muc4_gold(rows)
    linked = {doc for link in gold for doc in link}
    others = sorted(r["id"] for r in rows if r["id"] not in linked)
    chosen = linked | set(random.Random(seed).sample(others, min(distractors, len(others))))
    articles = [Article(id=r["id"], text=r["text"]) for r in rows if r["id"] in chosen]
    return articles, gold


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


def evaluate(
    name: str, articles: list[Article], gold: set[frozenset], events: list[Event], show: int, use_text: bool
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
        if label == "all" and show:
            for link in sorted(links - gold, key=sorted)[:show]:
                print(f"  false link [{name}]: {sorted(link)}", file=sys.stderr)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared" / "eval")
    parser.add_argument("--set", choices=("muc4", "acled", "all"), default="all")
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
    if not args.eval_dir.is_dir():
        print(f"no eval directory at {args.eval_dir}", file=sys.stderr)
        return 2
    if args.cache is not None:
        args.cache.mkdir(parents=True, exist_ok=True)
    results = []
    if args.set in ("muc4", "all"):
        articles, gold = muc4_set(args.eval_dir, args.muc4_distractors, args.seed)
        events, seconds = extract(articles, args.cache and args.cache / "muc4.jsonl")
        results.append(
            evaluate("muc4", articles, gold, events, args.show, not args.no_text)
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
    text = json.dumps(results, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
