"""Which meeting a page announcing one reports, when it names no day of it.

A page headed "Putin and Lukashenko will meet in Russia", published on 5 February, tells of no meeting
of that day: its date is when it was written. It reports the next meeting of the same persons, which a
week after its date is nearly always the one it announces. It joins the one event of the same persons
(in the city it names, if any) dated within ``WITHIN_DAYS`` after its date, or whose day of the year,
its year unknown ("XXXX-02-07"), falls there. None or several: it is linked by its own date.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date as Date
from datetime import timedelta

from .pairs import participant_overlap
from .relative import RELATIVE
from .versions import Profile

WITHIN_DAYS = 7  # an announcement tells of a meeting this many days after its date at most
HOW = "announced: the one meeting of the same persons in the week after the page's date"


def announces_undated_meeting(page: Profile) -> bool:
    """A dated page announcing a meeting whose day it does not name, nor its weekday (its own date,
    "MOSCOW, 5 March.", is not the meeting's)."""
    if page.day is None or not page.announces or (page.date_source or "").startswith(RELATIVE):
        return False
    own = Date.fromordinal(page.day)
    return not (page.days - {(own.month, own.day)}) and not (page.weekdays - {own.weekday()})


def announced_event(db: sqlite3.Connection, page: Profile) -> tuple[str, str] | None:
    """(event id, its date) of the meeting the page announces, when exactly one fits; else None."""
    start = Date.fromordinal(page.day or 0)
    days = [start + timedelta(days=k) for k in range(1, WITHIN_DAYS + 1)]
    marks = ",".join("?" * len(days))
    rows = db.execute(
        f"""SELECT id, date, city, participants FROM events
            WHERE date IN ({marks}) OR (date LIKE 'XXXX-%' AND substr(date, 6, 5) IN ({marks}))""",
        [d.isoformat() for d in days] + [d.strftime("%m-%d") for d in days],
    ).fetchall()
    fits = [
        (event_id, date)
        for event_id, date, city, participants in rows
        if participant_overlap(page.participants, frozenset(json.loads(participants)))
        and not (city and page.meeting_city and city != page.meeting_city)
    ]
    return fits[0] if len(fits) == 1 else None
