"""The day of the meeting a dated page reports, when its lead names it relative to the page's date.

A page's date is often when it was written: "SOCHI, 17 February. Putin and Lukashenko held talks
yesterday" reports a meeting of the 16th, "… met on Friday" (on a Monday) one of three days before, and
"… will meet on Friday" one of the Friday after. The headline and the lead (``Profile.lead``) are read
for one such day:

- a day relative to the page's ("yesterday", "вчера", "gestern", "tomorrow"): the page's date plus it;
- else a day of the week other than the page's: the latest such day before the page's date, or for a
  page announcing a meeting (``Profile.announces``) the first after it, within six days.

Two such days, or a day of the year the lead names besides the page's own: the lead is not read. The
page takes the day found as its date, and its ``sources`` say how it was had.
"""

from __future__ import annotations

import sqlite3
from datetime import date as Date
from datetime import timedelta

from ..pipeline.dates import relative_days_mentioned, weekdays_mentioned
from .versions import Profile, record_source

RELATIVE = "relative"  # the start of the sources' note for a date had this way


def meeting_day(page: Profile) -> tuple[Date, str] | None:
    """The meeting's day, and how it was had, when the lead names it relative to the page's date and
    it is not the page's date; else None."""
    if page.day is None or (page.date_source or "").startswith(("event", RELATIVE)):
        return None
    own = Date.fromordinal(page.day)
    offsets = relative_days_mentioned(page.lead)
    weekdays = weekdays_mentioned(page.lead) - {own.weekday()}
    if not (offsets - {0} or weekdays) or page.head_days - {(own.month, own.day)}:
        return None  # nothing relative, or the lead dates its meeting itself
    if len(offsets) == 1:
        (offset,) = offsets
        how = f"{RELATIVE}: the day {offset:+d} from the page's date {own.isoformat()} (\"yesterday\", \"tomorrow\")"
        return (own + timedelta(days=offset), how) if offset else None
    if offsets or len(weekdays) != 1:
        return None
    (weekday,) = weekdays
    step = 1 if page.announces else -1
    day = next(own + timedelta(days=step * k) for k in range(1, 7) if (own + timedelta(days=step * k)).weekday() == weekday)
    side = "after" if step > 0 else "before"
    return day, f"{RELATIVE}: the weekday its lead names, {side} the page's date {own.isoformat()}"


def resolve_meeting_day(db: sqlite3.Connection, page: Profile) -> bool:
    """Give the page the day of the meeting its lead names relative to its date (``meeting_day``), in
    the store and in the profile; True when it was moved."""
    found = meeting_day(page)
    if found is None:
        return False
    day, how = found
    db.execute("UPDATE documents SET date = ? WHERE id = ?", (day.isoformat(), page.id))
    record_source(db, page.id, "date", how)
    page.date, page.date_source = day.isoformat(), how
    page.__dict__.pop("day", None)
    return True
