"""Visits: the sessions of one stay, grouped.

A meeting is often several sessions over a day or two in one place: talks in narrow format, talks in
expanded format, a news conference, a dinner, and each official site publishes a page for each. Linking
keeps each as an event (a session); this stage groups into a visit the events of one city on
consecutive days whose persons are the same or one within the other (a bilateral meeting on the
sidelines of a summit of more). A visit has two sessions or more; an event alone is no visit. Events of
a day without its year ("XXXX-08-22") are in no visit.

    group_visits(db, days)   # regroup the events within a few days of these (day numbers)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date

from ..pipeline.speakers import slug

VISIT_GAP_DAYS = 1  # a session at most this many days after the visit's last one belongs to it
_MARGIN_DAYS = VISIT_GAP_DAYS + 2  # regrouped around the days linked, so visits across their edges hold


@dataclass
class _Visit:
    start: str
    end: str
    city: str
    participants: set[str]
    events: list[str] = field(default_factory=list)


def _same_persons(a: set[str], b: set[str]) -> bool:
    """The same persons, or one side's all among the other's; none named on a side is no match."""
    return bool(a and b) and (a <= b or b <= a)


def group_visits(db: sqlite3.Connection, days: Iterable[int]) -> int:
    """Regroup the visits of the events dated within a few days of ``days``; returns the visits written."""
    days = sorted(set(days))
    if not days:
        return 0
    first = Date.fromordinal(days[0] - _MARGIN_DAYS).isoformat()
    last = Date.fromordinal(days[-1] + _MARGIN_DAYS).isoformat()
    rows = db.execute(
        """SELECT id, date, city, participants FROM events
           WHERE date >= ? AND date <= ? AND date NOT LIKE 'X%' ORDER BY date, id""",
        (first, last),
    ).fetchall()
    db.execute("UPDATE events SET visit_id = NULL WHERE date >= ? AND date <= ? AND visit_id IS NOT NULL", (first, last))
    db.execute("DELETE FROM visits WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.visit_id = visits.id)")
    open_visits: list[_Visit] = []
    done: list[_Visit] = []
    for event_id, day, city, participants in rows:
        persons = set(json.loads(participants))
        ordinal = Date.fromisoformat(day).toordinal()
        still_open = []
        for visit in open_visits:
            (still_open if ordinal - Date.fromisoformat(visit.end).toordinal() <= VISIT_GAP_DAYS else done).append(visit)
        open_visits = still_open
        visit = next(
            (v for v in open_visits if city and v.city == city and _same_persons(v.participants, persons)), None
        )
        if visit is None:
            if city:
                open_visits.append(_Visit(day, day, city, persons, [event_id]))
            continue
        visit.end, visit.participants = day, visit.participants | persons
        visit.events.append(event_id)
    written = 0
    for visit in [*done, *open_visits]:
        if len(visit.events) < 2:
            continue
        visit_id, n = f"{visit.start}-{slug(visit.city)}-visit", 1
        while db.execute("SELECT 1 FROM visits WHERE id = ?", (visit_id,)).fetchone():
            n += 1
            visit_id = f"{visit.start}-{slug(visit.city)}-visit-{n}"
        db.execute(
            "INSERT INTO visits (id, start, end, city, participants) VALUES (?,?,?,?,?)",
            (visit_id, visit.start, visit.end, visit.city, json.dumps(sorted(visit.participants))),
        )
        db.executemany("UPDATE events SET visit_id = ? WHERE id = ?", [(visit_id, e) for e in visit.events])
        written += 1
    return written
