"""The one-sentence ACLED-style summary in `notes`, plus where a value came from a rule, not the text."""

from __future__ import annotations

from sitrep.records import Event


def write_notes(event: Event, provenance: list[str]) -> str:
    when = f"On {event.event_date.isoformat()}" if event.event_date else "On an unknown date"
    if event.time_precision == 2:
        when = f"In the week of {event.event_date.isoformat()}" if event.event_date else when
    elif event.time_precision == 3 and event.event_date:
        when = f"In {event.event_date:%B %Y}"
    where = ", ".join(p for p in (event.location, event.admin1, event.country) if p) or "an unknown place"
    what = (event.sub_event_type or event.event_type or "event").lower()
    who = event.actor1 or "an unidentified actor"
    target = f" against {event.actor2}" if event.actor2 else ""
    article = "an" if what[:1] in "aeiou" else "a"
    summary = f"{when}, {who} carried out {article} {what}{target} in {where}."
    if event.event_type == "Protests":
        summary = f"{when}, {who} held {article} {what} in {where}."
    elif event.event_type == "Battles":
        summary = f"{when}, {who} fought {event.actor2 or 'an unidentified group'} in {where} ({what})."
    tail = []
    if event.fatalities:
        tail.append(f"{event.fatalities} fatalities.")
    if event.claimed_by:
        tail.append(f"Claimed by {event.claimed_by}.")
    unique = list(dict.fromkeys(provenance))
    if unique:
        tail.append(" ".join(n if n.endswith(".") else n + "." for n in unique))
    return " ".join([summary, *tail])
