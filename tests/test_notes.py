"""The one-line summary written into `notes`."""

from __future__ import annotations

import datetime as dt

from sitrep.extract.notes import write_notes
from sitrep.records import Event


def test_summary_reads_as_english():
    event = Event(
        event_id="n1",
        doc_id="a1",
        event_date=dt.date(2024, 5, 2),
        time_precision=1,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        actor1="Unidentified Armed Group (Chad)",
        actor2="Civilians (Chad)",
        country="Chad",
        admin1="Ouaddai",
        location="Abeche",
        fatalities=2,
    )
    notes = write_notes(event, ["place: the town itself"])
    assert notes.startswith(
        "On 2024-05-02, Unidentified Armed Group (Chad) carried out an attack against Civilians (Chad) "
        "in Abeche, Ouaddai, Chad. 2 fatalities."
    )
    assert notes.endswith("place: the town itself.")
