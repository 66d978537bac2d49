"""The filters every query takes, checked before they reach SQL: a date range, a speaker, and which
versions of a meeting count.

A value that cannot be understood is an error naming it and what is accepted, never an empty
answer: "--since yesterday" is not a date, and a speaker no one in the corpus matches gets the
closest known names suggested (rapidfuzz).
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Literal

from rapidfuzz import fuzz, process

DATE_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


CountOnce = Literal["event", "language"]
# The documents that repeat a meeting already counted, as a subquery of their ids (the linker marks
# them in event_documents.repeats, see events.versions.repeat_flags). "event": every version of an
# event but its canonical one. "language": every version but one per language, the canonical one where
# it is in that language, else the first stored (words are counted in the language they are said in: a
# Russian word in the Russian version, an English one in the English translation). A document linked to
# no event stands for a meeting of its own; so, until it is linked again, does every version of an
# event whose canonical text is gone.
_REPEATS: dict[str, str] = {
    per: f"""SELECT x.document_id FROM event_documents x JOIN events e ON e.id = x.event_id
             WHERE x.repeats <> 0 AND x.repeats & {bit} AND e.canonical_id IS NOT NULL"""
    for per, bit in (("event", 1), ("language", 2))
}


def counted_once(per: CountOnce | None) -> list[str]:
    """The SQL condition (on documents ``d``) that counts each meeting once, per event or per event and
    language; none for ``per=None`` (every version counts)."""
    return [f"d.id NOT IN ({_REPEATS[per]})"] if per else []


def once_unless(all_versions: bool, per: CountOnce) -> CountOnce | None:
    """How a query counts meetings: once ``per`` event or language, or every version (None)."""
    return None if all_versions else per


def repeats_any(db: sqlite3.Connection, per: CountOnce) -> bool:
    """Whether any stored document repeats a meeting already counted (a look-up, not a count)."""
    return db.execute(f"SELECT EXISTS ({_REPEATS[per]})").fetchone()[0] == 1


def repeated_versions(db: sqlite3.Connection, per: CountOnce) -> int:
    """How many stored documents repeat a meeting already counted (what counting once leaves out)."""
    return int(db.execute(f"SELECT COUNT(DISTINCT document_id) FROM ({_REPEATS[per]})").fetchone()[0])


class QueryError(ValueError):
    """A query that cannot run as asked (a bad value, a search the index cannot run), with a message a
    user can act on."""


def date_bound(value: str | None, name: str, end: bool = False) -> str | None:
    """An ISO date, year or year-month as the first (or, end=True, last) day it covers; QueryError
    for anything else ("yesterday", "2023-13-01")."""
    if value is None or not value.strip():
        return None
    match = _DATE.fullmatch(value.strip())
    if not match:
        raise QueryError(f"{name}: {value!r} is not a date (use {DATE_FORMS})")
    year, month, day = match.groups()
    try:
        first = date(int(year), int(month or 1), int(day or 1))
    except ValueError as exc:
        raise QueryError(f"{name}: {value!r} is not a date ({exc})") from None
    if not end or day:
        return first.isoformat()
    if month:
        return f"{year}-{month}-31"  # compared as text: the last day of any month sorts at or below it
    return f"{year}-12-31"


def choice(value: str | None, name: str, accepted: tuple[str, ...]) -> str | None:
    """The value when it is one of those accepted (case folded); QueryError naming them otherwise."""
    if value is None:
        return None
    if value.lower() not in accepted:
        raise QueryError(f"{name}: {value!r} is not one of {', '.join(accepted)}")
    return value.lower()


def speaker_persons(speaker: str) -> tuple[str, list[str]]:
    """A subquery of the ids of the persons a user means by a speaker: their id, a part of their
    name, or a part of a label printed for them; with its parameters."""
    like = f"%{speaker}%"
    return (
        "SELECT id FROM persons WHERE id = ? OR name LIKE ? UNION SELECT person_id FROM person_labels WHERE label LIKE ?",
        [speaker, like, like],
    )


def speaker_ids(db: sqlite3.Connection, speaker: str) -> list[str]:
    """The persons a user means by a speaker; QueryError with the closest known names when none."""
    ids = [row[0] for row in db.execute(*speaker_persons(speaker)) if row[0] is not None]
    if ids:
        return ids
    names = [row[0] for row in db.execute("SELECT name FROM persons UNION SELECT label FROM person_labels")]
    close = [name for name, score, _ in process.extract(speaker, names, scorer=fuzz.WRatio, limit=3) if score >= 60]
    hint = f"did you mean {' or '.join(repr(n) for n in close)}? " if close else ""
    raise QueryError(f"speaker: no one matches {speaker!r} ({hint}summitry speakers lists them)")


def turn_filters(
    db: sqlite3.Connection, speaker: str | None, since: str | None, until: str | None, once: CountOnce | None = None
) -> tuple[list[str], list[str]]:
    """SQL conditions (on segments ``s`` joined with documents ``d``) and their parameters for the
    filters every query takes: a speaker (see speaker_ids), a date range (see date_bound) and, with
    ``once``, each meeting counted once (see counted_once); QueryError for a value they cannot use."""
    where: list[str] = []
    params: list[str] = []
    if speaker:
        persons = speaker_ids(db, speaker)
        where.append(f"s.person_id IN ({', '.join('?' * len(persons))})")
        params += persons
    dates, date_params = date_filters(since, until)
    return where + dates + counted_once(once), params + date_params


def date_filters(since: str | None, until: str | None) -> tuple[list[str], list[str]]:
    """SQL conditions on ``d.date`` and their parameters for a date range (see date_bound)."""
    where: list[str] = []
    params: list[str] = []
    if first := date_bound(since, "since"):
        where.append("d.date >= ?")
        params.append(first)
    if last := date_bound(until, "until", end=True):
        where.append("d.date <= ?")
        params.append(last)
    return where, params
