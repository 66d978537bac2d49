"""The filters every query takes, checked before they reach SQL: a date range, a speaker, and which
versions of a meeting count.

A value that cannot be understood is an error naming it and what is accepted, never an empty
answer: "--since yesterday" is not a date, and a speaker no one in the corpus matches gets the
closest known names suggested (rapidfuzz).
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, fields
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
    hint = _closest(db, "SELECT name FROM persons UNION SELECT label FROM person_labels", speaker)
    raise QueryError(f"speaker: no one matches {speaker!r} ({hint}summitry speakers lists them)")


@dataclass(frozen=True)
class Scope:
    """Which documents a query reads, beyond dates and speakers: those of one event, of a publisher
    (a part of its name: kremlin.ru), in a language (its code: ru), of an event kind (talks)."""

    event: str | None = None
    publisher: str | None = None
    language: str | None = None
    kind: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


def scope_filters(db: sqlite3.Connection, scope: Scope | None) -> tuple[list[str], list[str]]:
    """SQL conditions on documents ``d`` and their parameters for a scope; QueryError for a value that
    names nothing stored (with what is), never an empty answer."""
    where: list[str] = []
    params: list[str] = []
    if not scope:
        return where, params
    if scope.event:
        if db.execute("SELECT 1 FROM events WHERE id = ?", (scope.event,)).fetchone() is None:
            raise QueryError(f"event: no event has the id {scope.event!r} ({_closest(db, 'SELECT id FROM events', scope.event)}summitry events lists them)")
        where.append("d.id IN (SELECT document_id FROM event_documents WHERE event_id = ?)")
        params.append(scope.event)
    if scope.publisher:
        like = f"%{scope.publisher.strip()}%"
        if db.execute("SELECT 1 FROM documents WHERE publisher LIKE ? LIMIT 1", (like,)).fetchone() is None:
            close = _closest(db, "SELECT DISTINCT publisher FROM documents WHERE publisher IS NOT NULL", scope.publisher)
            raise QueryError(f"publisher: no document's publisher matches {scope.publisher!r} ({close}summitry documents lists them)")
        where.append("d.publisher LIKE ?")
        params.append(like)
    if scope.language:
        code = scope.language.strip().lower()
        if db.execute("SELECT 1 FROM documents WHERE language = ? LIMIT 1", (code,)).fetchone() is None:
            stored = [row[0] for row in db.execute("SELECT DISTINCT language FROM documents WHERE language IS NOT NULL ORDER BY 1")]
            raise QueryError(f"language: no document is in {scope.language!r} (stored: {', '.join(stored) or 'none'})")
        where.append("d.language = ?")
        params.append(code)
    if scope.kind:
        kind = " ".join(scope.kind.split()).lower()
        kinds = [row[0] for row in db.execute("SELECT DISTINCT kind FROM events WHERE kind IS NOT NULL ORDER BY 1")]
        if kind not in kinds:
            raise QueryError(f"kind: no event is of kind {scope.kind!r} (stored: {', '.join(kinds) or 'none; link events first'})")
        where.append("d.id IN (SELECT x.document_id FROM event_documents x JOIN events e ON e.id = x.event_id WHERE e.kind = ?)")
        params.append(kind)
    return where, params


def _closest(db: sqlite3.Connection, sql: str, value: str) -> str:
    names = [row[0] for row in db.execute(sql)]
    close = [name for name, score, _ in process.extract(value, names, scorer=fuzz.WRatio, limit=3) if score >= 60]
    return f"did you mean {' or '.join(repr(n) for n in close)}? " if close else ""


def turn_filters(
    db: sqlite3.Connection, speaker: str | None, since: str | None, until: str | None, once: CountOnce | None = None,
    scope: Scope | None = None,
) -> tuple[list[str], list[str]]:
    """SQL conditions (on segments ``s`` joined with documents ``d``) and their parameters for the
    filters every query takes: a speaker (see speaker_ids), a date range (see date_bound), a scope
    (see scope_filters) and, with ``once``, each meeting counted once (see counted_once); QueryError
    for a value they cannot use."""
    where: list[str] = []
    params: list[str] = []
    if speaker:
        persons = speaker_ids(db, speaker)
        where.append(f"s.person_id IN ({', '.join('?' * len(persons))})")
        params += persons
    dates, date_params = date_filters(since, until)
    scoped, scope_params = scope_filters(db, scope)
    return where + dates + scoped + counted_once(once), params + date_params + scope_params


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
