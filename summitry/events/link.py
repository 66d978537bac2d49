"""Stage 9, link: documents to events, and events to visits (``events.visits``).

A document joins the event it matches best among the events dated within a day of it (time zones,
publication lag), or founds a new one. Two documents match when their places are compatible, their
participants overlap, the kinds of event their titles name are compatible, and their texts are
similar (shingles of content stems, which two translations of one speech share). A day
apart, only similar texts match. One official site publishes one page per event, so a second page of
the same site founds its own event. A page without turns that reports several meetings (a digest)
links each of its sections on its own. A page whose lead dates its meeting relative to the page
("yesterday", "on Friday": ``events.relative``), or that announces a meeting without its day
(``events.announced``), is linked after the others; undated pages last (``events.undated``).

Linking is blocked by date: a document is compared with the events of three days only, so the
cost grows with the corpus, not its square. Documents are linked in date order, official pages
first, so an event is founded by its best text; an event is written (canonical text, version kinds,
participants) once no later document can join it.

    link_documents(db)   # the documents not linked yet (at the end of each ingest)
    relink(db)           # the whole corpus again
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import timedelta
from typing import Any

from ..data.reference import load_reference
from ..pipeline.speakers import slug
from .announced import HOW, announced_event, announces_undated_meeting
from .pairs import pair_score, participant_overlap, same_page
from .relative import resolve_meeting_day
from .undated import TOGETHER, Candidate, best_event, together
from .versions import (
    Profile,
    canonical_of,
    load_profiles,
    load_vocabulary,
    record_source,
    repeat_flags,
    standalone_kind,
    version_kinds,
)
from .visits import group_visits

LINK_THRESHOLD = 0.55  # a document joins an event at or above this score
MAX_CANDIDATES = 200  # dated events an undated page is weighed against, at most


@dataclass
class LinkReport:
    documents: int = 0  # documents linked in this run
    joined: int = 0  # of which joined an event that already had documents
    events: int = 0  # events founded
    digests: int = 0  # pages linked to more than one event
    undated: int = 0  # documents without a date, left unlinked
    visits: int = 0  # visits (two sessions or more) written
    seconds: float = 0.0


@dataclass
class Event:
    id: str
    day: int
    city: str | None
    members: dict[int, float] = field(default_factory=dict)  # document id -> score
    date: str | None = None  # a day of the year without its year ("XXXX-08-22"): undated pages only


class Linker:
    """One linking run over one database; events are read by day as they are needed."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.events: dict[str, Event] = {}
        self.by_day: dict[int, list[str]] = {}
        self.loaded_days: set[int] = set()
        self.profiles: dict[int, Profile] = {}
        self.dirty: set[str] = set()
        self.written_days: set[int] = set()  # the days of the events written: their visits are regrouped
        self.report = LinkReport()

    # reading --------------------------------------------------------------------------------
    def events_near(self, day: int) -> list[Event]:
        for d in (day - 1, day, day + 1):
            if d not in self.loaded_days:
                self.loaded_days.add(d)
                self._load_day(d)
        return [self.events[i] for d in (day - 1, day, day + 1) for i in self.by_day.get(d, [])]

    def _load_day(self, day: int) -> None:
        rows = self.db.execute(
            """SELECT e.id, e.city, d.document_id, d.score FROM events e
               JOIN event_documents d ON d.event_id = e.id WHERE e.date = ?""",
            (Date.fromordinal(day).isoformat(),),
        )
        for event_id, city, doc_id, score in rows:
            event = self.events.get(event_id)
            if event is None:
                event = self.events[event_id] = Event(event_id, day, city)
                self.by_day.setdefault(day, []).append(event_id)
            event.members[doc_id] = score

    def members(self, event: Event) -> list[Profile]:
        missing = [i for i in event.members if i not in self.profiles]
        if missing:
            self.profiles.update(load_profiles(self.db, missing))
        return [self.profiles[i] for i in event.members if i in self.profiles]

    # linking --------------------------------------------------------------------------------
    def link(self, doc_ids: list[int]) -> LinkReport:
        started = time.monotonic()
        undated: list[int] = []
        late: list[int] = []  # dated pages reporting a meeting of another day (announced, "yesterday")
        order = self._in_link_order(doc_ids)
        for start in range(0, len(order), 2000):
            chunk = order[start : start + 2000]
            self.profiles.update(load_profiles(self.db, [i for i, _ in chunk]))
            for doc_id, day in chunk:
                if day is None:
                    undated.append(doc_id)
                    continue
                if announces_undated_meeting(self.profiles[doc_id]) or resolve_meeting_day(self.db, self.profiles[doc_id]):
                    late.append(doc_id)  # linked after the others: its meeting is not of its own day
                    continue
                self._link_one(self.profiles[doc_id])
                self._write_settled(before=day - 1)
        self._write_settled(before=None)
        for start in range(0, len(undated), 2000):
            self._forget()  # what was read of the events is written: read it afresh
            chunk_ids = undated[start : start + 2000]
            profiles = load_profiles(self.db, chunk_ids)
            unlinked = [profiles[i] for i in chunk_ids if not self._link_undated(profiles[i])]
            self.report.undated += len(unlinked) - self._group_undated(unlinked)
            self._write_settled(before=None)
        self._forget()
        for profile in load_profiles(self.db, late).values():
            if announces_undated_meeting(profile):
                self._link_announcing(profile)
            else:
                self._link_one(profile)
        self._write_settled(before=None)
        self.report.visits = group_visits(self.db, self.written_days)
        self.report.seconds = time.monotonic() - started
        return self.report

    def _link_undated(self, profile: Profile) -> bool:
        """An undated page joins the dated event of the same persons it gives the most evidence for
        (``events.undated``: the days, weekdays, years and venues it names, its city and its words); its
        date is then the event's, inferred, and its sources say so. No event standing out: unlinked."""
        if not profile.participants:
            return False
        found = best_event(profile, self._undated_candidates(profile))
        if found is None:
            return False
        candidate = found[0]
        event = next(e for e in self.events_near(Date.fromisoformat(candidate.date).toordinal()) if e.id == candidate.event_id)
        event.members[profile.id] = LINK_THRESHOLD
        profile.date = candidate.date
        profile.__dict__.pop("day", None)  # the cached day, read before the date was had
        self.profiles[profile.id] = profile
        self.dirty.add(event.id)
        self.db.execute("UPDATE documents SET date = ? WHERE id = ?", (candidate.date, profile.id))
        record_source(self.db, profile.id, "date", "event (what the page names fits this event best: days, weekdays, venues, city, words)")
        self.report.documents += 1
        self.report.joined += 1
        return True

    def _link_announcing(self, profile: Profile) -> None:
        """A page announcing a meeting joins the one it announces (``events.announced``), and says so;
        none standing out, it is linked by its own date."""
        found = announced_event(self.db, profile)
        if found is None:
            self._link_one(profile)
            return
        event_id, day = found
        near = self._partial_events(day) if day.startswith("X") else self.events_near(Date.fromisoformat(day).toordinal())
        event = next(e for e in near if e.id == event_id)
        event.members[profile.id] = LINK_THRESHOLD
        self.profiles[profile.id] = profile
        self.dirty.add(event.id)
        record_source(self.db, profile.id, "event", HOW)
        self.report.documents += 1
        self.report.joined += 1

    def _undated_candidates(self, profile: Profile) -> list[Candidate]:
        """The dated events an undated page may report: those of a day it names (or the day either
        side), and, when it names a weekday, a venue or a year, those of its city or its venues' cities
        (of the years it names, when there are too many), at most ``MAX_CANDIDATES``; each with the same
        persons as the page."""
        days = {(Date(2000, m, d) + timedelta(days=k)).strftime("%m-%d") for m, d in profile.days for k in (-1, 0, 1)}
        rows = self.db.execute(
            f"SELECT id, date, city, venue, participants FROM events WHERE substr(date, 6, 5) IN ({','.join('?' * len(days))})"
            " AND date NOT LIKE 'X%'",
            sorted(days),
        ).fetchall() if days else []
        places = load_reference().places
        cities = {profile.meeting_city} | {places.venues[v.casefold()].city for v in profile.venues if v.casefold() in places.venues}
        cities.discard(None)
        if cities and (profile.weekdays or profile.venues or profile.years):
            where = f"city IN ({','.join('?' * len(cities))}) AND date NOT LIKE 'X%'"
            in_city = self.db.execute(
                f"SELECT id, date, city, venue, participants FROM events WHERE {where} LIMIT ?", [*sorted(cities), MAX_CANDIDATES + 1]
            ).fetchall()
            if len(in_city) > MAX_CANDIDATES and profile.years:  # too many: those of the years it names
                in_city = self.db.execute(
                    f"SELECT id, date, city, venue, participants FROM events WHERE {where} AND date >= ? AND date < ? LIMIT ?",
                    [*sorted(cities), f"{min(profile.years) - 1}", f"{max(profile.years) + 2}", MAX_CANDIDATES + 1],
                ).fetchall()
            rows += in_city
        candidates = {}
        for event_id, day, city, venue, participants in rows:
            if event_id in candidates or not participant_overlap(profile.participants, frozenset(json.loads(participants))):
                continue
            event = next((e for e in self.events_near(Date.fromisoformat(day).toordinal()) if e.id == event_id), None)
            if event is not None:
                candidates[event_id] = Candidate(event_id, day, city, venue, tuple(self.members(event)))
            if len(candidates) > MAX_CANDIDATES:
                return []  # a page that fits this many events tells none of them
        return list(candidates.values())

    def _group_undated(self, pages: list[Profile]) -> int:
        """Undated pages no dated event fits are one meeting when they give ``events.undated.together``
        enough evidence: a day of the year both name, their city... Their event is dated with that day
        and an unknown year, as ISO 8601-2 (EDTF) writes it: "XXXX-08-22". A page joins such an event
        of an earlier run the same way. Returns the pages linked."""
        by_day: dict[tuple[int, int], list[Profile]] = {}
        for page in pages:
            if page.participants:
                for day in page.days:
                    by_day.setdefault(day, []).append(page)
        group: dict[int, str] = {}  # page id -> event id
        linked = 0
        for (month, day), same_day in sorted(by_day.items()):
            partial = f"XXXX-{month:02d}-{day:02d}"
            stored = self._partial_events(partial)
            for page in same_day[:MAX_CANDIDATES]:
                if page.id in group:
                    continue
                best: tuple[int, Event | None, Profile | None] = (0, None, None)  # score, event, other page
                for event in stored:
                    score = max((self._together(page, m) or 0 for m in self.members(event)), default=0)
                    if score >= TOGETHER and score > best[0]:
                        best = (score, event, None)
                for other in same_day[:MAX_CANDIDATES]:
                    score = self._together(page, other) or 0 if other.id != page.id else 0
                    if score >= TOGETHER and score > best[0]:
                        best = (score, self.events.get(group.get(other.id, "")), other)
                if not best[0]:
                    continue
                event = best[1] or self._partial_event(partial, page.meeting_city or (best[2] and best[2].meeting_city))
                for member in (page, best[2]):
                    if member is not None and member.id not in event.members:
                        event.members[member.id] = LINK_THRESHOLD
                        self.profiles[member.id] = member
                        group[member.id] = event.id
                        linked += 1
                if event not in stored:
                    stored.append(event)
                self.dirty.add(event.id)
        self.report.documents += linked
        return linked

    @staticmethod
    def _together(a: Profile, b: Profile) -> int | None:
        if not participant_overlap(a.participants, b.participants):
            return None
        return together(a, b)

    def _partial_events(self, partial: str) -> list[Event]:
        """The stored events of a day of the year without its year, with their members."""
        events = []
        for (event_id,) in self.db.execute("SELECT id FROM events WHERE date = ?", (partial,)).fetchall():
            if event_id not in self.events:
                event = self.events[event_id] = Event(event_id, 0, None, date=partial)
                event.members.update(self.db.execute("SELECT document_id, score FROM event_documents WHERE event_id = ?", (event_id,)).fetchall())
            events.append(self.events[event_id])
        return events

    def _partial_event(self, partial: str, city: str | None) -> Event:
        """A new event of a partial date, named after it and its city."""
        base = f"{partial}-{slug(city or 'event')}"
        event_id, n = base, 1
        while event_id in self.events or self._stored(event_id):
            n += 1
            event_id = f"{base}-{n}"
        event = self.events[event_id] = Event(event_id, 0, city, date=partial)
        self.report.events += 1
        return event

    def _forget(self) -> None:
        self.events.clear()
        self.by_day.clear()
        self.loaded_days.clear()
        self.profiles.clear()

    def _in_link_order(self, doc_ids: list[int]) -> list[tuple[int, int | None]]:
        """By date, official pages first, then the fullest text: the best text founds an event."""
        rows = []
        official = load_vocabulary().official
        for start in range(0, len(doc_ids), 500):
            chunk = doc_ids[start : start + 500]
            rows += self.db.execute(
                f"SELECT id, date, publisher, turns FROM documents WHERE id IN ({','.join('?' * len(chunk))})", chunk
            ).fetchall()
        rows.sort(key=lambda r: (r[1] or "9999", (r[2] or "").lower() not in official, -r[3], r[0]))
        return [(r[0], Profile(r[0], r[1], None, None, None, None).day) for r in rows]

    def _link_one(self, profile: Profile) -> None:
        linked: set[str] = set()
        joined = False
        for section in profile.sections():
            best, best_score = None, LINK_THRESHOLD
            for event in self.events_near(section.day or 0):
                score = self._score(section, event)
                if score is not None and score >= best_score:
                    best, best_score = event, score
            if best is None:
                best, best_score = self._found(section), 1.0
            else:
                joined = joined or any(i != profile.id for i in best.members)
            best.members[profile.id] = max(best_score, best.members.get(profile.id, 0.0))
            linked.add(best.id)
            self.dirty.add(best.id)
        self.report.documents += 1
        self.report.joined += joined
        self.report.digests += len(linked) > 1

    def _score(self, profile: Profile, event: Event) -> float | None:
        if event.city and profile.city and event.city != profile.city and not profile.by_phone:
            return None  # the place the event was founded with: no need to read its documents
        members = [m for m in self.members(event) if m.id != profile.id]
        if not members:
            return None
        if profile.side is not None and any(
            m.publisher == profile.publisher and not same_page(profile, m) for m in members
        ):
            return None  # one site, two pages: two events
        scores = [s for s in (pair_score(profile, m) for m in members) if s is not None]
        return max(scores, default=None)

    def _found(self, profile: Profile) -> Event:
        base = f"{profile.date}-{slug(profile.city or profile.kind or 'event')}"
        event_id, n = base, 1
        while event_id in self.events or self._stored(event_id):
            n += 1
            event_id = f"{base}-{n}"
        event = self.events[event_id] = Event(event_id, profile.day or 0, profile.city)
        self.by_day.setdefault(event.day, []).append(event_id)
        self.report.events += 1
        return event

    def _stored(self, event_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone() is not None

    # writing --------------------------------------------------------------------------------
    def _write_settled(self, before: int | None) -> None:
        """Write the changed events that no later document can join (all of them when before is
        None), and forget the profiles of their documents."""
        for event_id in sorted(self.dirty):
            event = self.events[event_id]
            if before is None or event.day < before:
                self._write(event)
                self.dirty.discard(event_id)
        if before is not None:
            for day in [d for d in self.by_day if d < before - 1]:
                for event_id in self.by_day.pop(day):
                    event = self.events.pop(event_id)
                    for doc_id in event.members:
                        self.profiles.pop(doc_id, None)

    def _write(self, event: Event) -> None:
        if event.day:
            self.written_days.add(event.day)
        members = self.members(event)
        if not members:
            self.db.execute("DELETE FROM events WHERE id = ?", (event.id,))
            return
        # members first: a counted member leaving clears the event's canonical text (a trigger)
        self.db.execute("DELETE FROM event_documents WHERE event_id = ?", (event.id,))
        canonical = canonical_of(members)
        kinds = version_kinds(members)
        ids = [m.id for m in members]
        languages = dict(self.db.execute(f"SELECT id, language FROM documents WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall())
        repeats = repeat_flags(canonical.id, {doc_id: languages.get(doc_id) for doc_id in ids})
        participants = set(canonical.participants)
        for member in members:
            participants |= member.speakers
        row = self.db.execute("SELECT time, venue FROM documents WHERE id = ?", (canonical.id,)).fetchone()
        kind = canonical.kind or next((m.kind for m in members if m.kind), None)
        self.db.execute(
            """INSERT INTO events (id, date, time, city, venue, kind, title, participants, canonical_id)
               VALUES (?,?,?,?,?,?,?,?,?)
               ON CONFLICT (id) DO UPDATE SET date = excluded.date, time = excluded.time, city = excluded.city,
                   venue = excluded.venue, kind = excluded.kind, title = excluded.title,
                   participants = excluded.participants, canonical_id = excluded.canonical_id""",
            (
                event.id, event.date or canonical.date or Date.fromordinal(event.day).isoformat(), row[0], canonical.city or event.city, row[1], kind, canonical.title,
                json.dumps(sorted(participants)), canonical.id,
            ),
        )
        self.db.executemany(
            "INSERT INTO event_documents (event_id, document_id, version, score, repeats) VALUES (?,?,?,?,?)",
            [(event.id, m.id, kinds[m.id], round(event.members[m.id], 3), repeats[m.id]) for m in members],
        )


def _forget_stale(db: sqlite3.Connection, linker: Linker) -> None:
    """Events left without documents are dropped; events whose canonical text was replaced are
    written again."""
    db.execute("DELETE FROM events WHERE NOT EXISTS (SELECT 1 FROM event_documents d WHERE d.event_id = events.id)")
    for event_id, day in db.execute("SELECT id, date FROM events WHERE canonical_id IS NULL AND date NOT LIKE 'X%'").fetchall():
        linker.events_near(Date.fromisoformat(day).toordinal())
        if event_id in linker.events:
            linker.dirty.add(event_id)


def link_documents(db: sqlite3.Connection, doc_ids: list[int] | None = None) -> LinkReport:
    """Link the given documents (default: every document not linked yet) to events."""
    with _transaction(db):
        linker = Linker(db)
        _forget_stale(db, linker)
        if doc_ids is None:
            doc_ids = [
                row[0]
                for row in db.execute(
                    """SELECT id FROM documents
                       WHERE NOT EXISTS (SELECT 1 FROM event_documents d WHERE d.document_id = documents.id)"""
                )
            ]
        return linker.link(doc_ids)


def relink(db: sqlite3.Connection) -> LinkReport:
    """Link the whole corpus again, from scratch, in one transaction."""
    with _transaction(db):
        db.execute("DELETE FROM event_documents")
        db.execute("DELETE FROM events")
        db.execute("DELETE FROM visits")
        return Linker(db).link([row[0] for row in db.execute("SELECT id FROM documents")])


class _transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.own = not db.in_transaction

    def __enter__(self) -> None:
        if self.own:
            self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *rest: object) -> None:
        if self.own:
            self.db.execute("ROLLBACK" if kind else "COMMIT")


def document_events(db: sqlite3.Connection, doc_id: int, publisher: str | None, turns: int) -> dict[str, Any]:
    """The events a document is linked to (best first; a digest has several), and its version kind."""
    rows = db.execute(
        "SELECT event_id, version FROM event_documents WHERE document_id = ? ORDER BY score DESC, event_id",
        (doc_id,),
    ).fetchall()
    return {
        "event": rows[0][0] if rows else None,
        "events": [r[0] for r in rows],
        "version": rows[0][1] if rows else standalone_kind(publisher, turns),
    }
