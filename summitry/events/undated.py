"""Which dated event an undated page reports, from what survives translation and a missing year.

A page without a date ("on Friday", "27 December", or no day at all) is weighed against each dated
event of the same persons by the evidence it gives for it:

- a day of the year it names is the event's day (3), or the day before or after (1: the eve's news
  conference, the next day's report; alone, a meeting "on 18 February" is not the one of the 17th);
- a day of the week it names is the event's (1): "on Friday" fits 17 February 2023, not 16;
- a venue it names is one the event's pages name: 2 ("the Russian Museum", "Ново-Огарёво"), 1 for a
  venue of many meetings ("in the Kremlin", the venues that count only after a preposition); it names
  venues and the event's pages name others (-1);
- its city is the event's (1); an agency's filing dateline is not the meeting's city, for or against;
- a year it names is the event's (2: it tells two meetings on one day of two years apart); it names
  years, none of them within one of the event's (-1);
- its text is a near copy of a page of the event (2; Jaccard of shingles, both texts of some length,
  or a transcript with the same order of speakers and turn lengths: a translation). Reports of two meetings of the same persons
  share much of their wording, so less similar texts are no evidence.

The evidence must hold a date: a day, or a weekday or a year at a venue both name (a city, the Kremlin
and "on Friday" or "2023" fit a meeting every few weeks). The page joins the event with the most evidence when
that is at least ``ENOUGH`` and at least ``MARGIN`` more than any other event's. Another city than the
event's rules it out, unless a venue both name puts the page there (a reprint's filing dateline is not
where the meeting was).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from functools import cache

from ..data.reference import load_reference
from .pairs import turn_structure
from .similarity import jaccard
from .versions import Profile

ENOUGH = 3  # evidence at which an undated page joins an event: the day it names, say, and no other event's
TOGETHER = 4  # evidence at which two undated pages are one meeting: a day both name and their city, say
MARGIN = 2  # how much more evidence the chosen event needs than the next
NEAR_COPY = 0.5  # Jaccard of shingles at which a page is a near copy of another...
NEAR_COPY_SHINGLES = 30  # ...when both have this many: two one-line reports share their few words
NEAR_COPY_STRUCTURE = 0.8  # turn structure (events.pairs.turn_structure) at which a transcript translates another
_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Candidate:
    """A dated event as an undated page is weighed against it."""

    event_id: str
    date: str
    city: str | None
    venue: str | None
    members: tuple[Profile, ...]


def evidence(page: Profile, event: Candidate) -> int | None:
    """The evidence that the page reports the event; None when it cannot (another city, no date)."""
    day = Date.fromisoformat(event.date)
    event_venues = {v for m in event.members for v in m.venues} | ({event.venue} if event.venue else set())
    shared = page.venues & event_venues
    if page.meeting_city and event.city and page.meeting_city != event.city and not shared:
        return None
    specific = bool(shared - venues_of_many_meetings())
    named_day = (day.month, day.day) in page.days
    near_day = not named_day and any((d.month, d.day) in page.days for d in (day - _DAY, day + _DAY))
    weekday = day.weekday() in page.weekdays
    named_year = day.year in page.years
    score = 3 * named_day + near_day + weekday + 2 * named_year
    if page.years and not named_year and all(abs(year - day.year) > 1 for year in page.years):
        score -= 1
    score += _venue_evidence(page.venues, event_venues)
    score += page.meeting_city is not None and page.meeting_city == event.city
    score += 2 * _near_copy(page, event.members)
    dated = named_day or near_day or ((weekday or named_year) and specific)
    return score if dated else None


def together(a: Profile, b: Profile) -> int | None:
    """The evidence that two undated pages, which no dated event fits, report one meeting: a day of the
    year both name (required, 3), their city (1; or one's city, the other naming none, when both name the
    day in their headline and lead, where a report says when its meeting was), venues, years (2 for one
    both name, -1 when all differ by more than one) and near copies as for an event; None when they cannot be one meeting."""
    shared_days = a.days & b.days
    city, other_city = a.meeting_city, b.meeting_city
    if not shared_days or (city and other_city and city != other_city and not a.venues & b.venues):
        return None
    at_head = bool(shared_days & a.head_days & b.head_days)
    score = 3 + _venue_evidence(a.venues, b.venues)
    score += (city is not None and city == other_city) or (at_head and bool(city or other_city))
    if a.years and b.years:
        if a.years & b.years:
            score += 2
        elif all(abs(x - y) > 1 for x in a.years for y in b.years):
            score -= 1
    return score + 2 * _near_copy(a, (b,))


def _venue_evidence(venues: frozenset[str], others: set[str] | frozenset[str]) -> int:
    """2 for a venue both name, 1 when it is one of many meetings' (the Kremlin), -1 when both name
    venues and none is shared, else 0."""
    shared = venues & others
    if shared:
        return 2 if shared - venues_of_many_meetings() else 1
    return -1 if venues and others else 0


def _near_copy(page: Profile, others: Iterable[Profile]) -> bool:
    """A near copy of one of the others: in its words, or a translation of it turn for turn."""
    return any(
        (len(page.shingles) >= NEAR_COPY_SHINGLES and len(o.shingles) >= NEAR_COPY_SHINGLES
         and jaccard(page.shingles, o.shingles) >= NEAR_COPY)
        or turn_structure(page, o) >= NEAR_COPY_STRUCTURE
        for o in others
    )


@cache
def venues_of_many_meetings() -> frozenset[str]:
    """The venues that count only after a preposition ("in the Kremlin"): the seats of power."""
    return frozenset(v.name for v in load_reference().places.venues.values() if v.after_preposition)


def best_event(page: Profile, candidates: Iterable[Candidate]) -> tuple[Candidate, int] | None:
    """The event the page reports, with its evidence, when one stands out; else None."""
    scored = sorted(
        ((score, c) for c in candidates if (score := evidence(page, c)) is not None), key=lambda s: -s[0]
    )
    if not scored or scored[0][0] < ENOUGH:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < MARGIN:
        return None
    return scored[0][1], scored[0][0]
