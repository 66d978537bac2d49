"""What each document of an event is: its profile for linking, and its version kind.

A document's profile holds what linking compares: date, place, kind of event (from the title),
participants (the registry persons who speak or are named), the side whose official site published
it, and its text. Official sites and the side each speaks for are in ``data/event_kinds.yaml``.
Version kinds:

- official: published by an official site of the canonical text's side (the canonical is one);
- readout: published by the official site of another side;
- reprint: a third party's near-copy of an official or an earlier version;
- translation: a third party's transcript that is not (another rendering of the same speech);
- news: a third party's page with no transcript (narrative and quotes);
- revision: an earlier state of another member: the same site's page (same URL or site id) saved
  before the site edited it. The latest revision stands for the page (its version kind is one of the
  above); the earlier ones are kept, never canonical, never a second official version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from functools import cache, cached_property
from typing import Literal

from ..data.reference import data_dirs, load_reference, read_yaml
from ..pipeline.dates import days_mentioned, weekdays_mentioned, years_mentioned
from ..pipeline.place import venues_named
from .similarity import jaccard, persons_named, shingles

VersionKind = Literal["official", "readout", "translation", "reprint", "news", "revision"]
PHONE_FAMILY = "telephone"  # kinds of this family need no common place
REPRINT_SIMILARITY = 0.5  # Jaccard of shingles at or above which a text is a reprint


@dataclass(frozen=True)
class EventVocabulary:  # frozen, and cached_property needs a __dict__: not slots
    kinds: tuple[tuple[str, str, tuple[str, ...]], ...]  # kind, family, title words
    official: dict[str, str]  # host -> side
    announcing: tuple[str, ...] = ()  # headline words of a meeting to come: "will meet", "встретятся"
    visit_words: tuple[str, ...] = ()  # headline words of a whole visit: "visit", "визит"

    def names_visit(self, title: str | None) -> bool:
        """The headline is of a whole visit ("Lukashenko's working visit to Russia")."""
        text = f" {' '.join((title or '').casefold().split())} "
        return any(f" {w}" in text for w in self.visit_words)

    def kind_of(self, title: str | None) -> str | None:
        text = f" {' '.join((title or '').casefold().split())} "
        for kind, _family, words in self.kinds:
            if any(f" {w}" in text for w in words):
                return kind
        return None

    def family_of(self, kind: str | None) -> str | None:
        return self.families.get(kind or "")

    @cached_property
    def families(self) -> dict[str, str]:
        return {kind: family for kind, family, _ in reversed(self.kinds)}


@cache
def load_vocabulary() -> EventVocabulary:
    """``data/event_kinds.yaml`` and the event_kinds.yaml of each SUMMITRY_DATA folder; loaded once."""
    kinds: list[tuple[str, str, tuple[str, ...]]] = []
    official: dict[str, str] = {}
    announcing: list[str] = []
    visit_words: list[str] = []
    for folder in data_dirs():
        if (folder / "event_kinds.yaml").exists():
            raw = read_yaml(folder / "event_kinds.yaml") or {}
            kinds += [
                (k["kind"], k.get("family") or k["kind"], tuple(str(w).casefold() for w in k["words"]))
                for k in raw.get("kinds") or []
            ]
            official.update({str(h).lower(): str(s) for h, s in (raw.get("official") or {}).items()})
            announcing += [str(w).casefold() for w in raw.get("announcing") or []]
            visit_words += [str(w).casefold() for w in raw.get("visit_words") or []]
    return EventVocabulary(tuple(kinds), official, tuple(announcing), tuple(visit_words))


LEAD_WORDS = 12  # a paragraph this long is a lead, not a menu or a date line


@dataclass
class Profile:
    """One document (or one section of a digest page) as linking sees it."""

    id: int
    date: str | None
    city: str | None
    title: str | None
    publisher: str | None
    site_id: str | None
    turns: list[tuple[str | None, str]] = field(default_factory=list)  # (person id, text)
    narrative: list[str] = field(default_factory=list)
    speakers: frozenset[str] = frozenset()  # registry persons with turns
    section: int | None = None  # digest pages: which section this profile is
    url: str | None = None
    saved: str = ""  # when this state of the page was had: updated, published or retrieved (revisions' order)
    city_source: str | None = None  # where the city was read: "title", "lead", "agency dateline"...
    date_source: str | None = None  # how the date was had: "dateline", "published", "relative: …"...

    @property
    def page_key(self) -> tuple[str, str] | None:
        return page_key(self.publisher, self.site_id, self.url)

    @cached_property
    def day(self) -> int | None:
        try:
            return Date.fromisoformat(self.date).toordinal() if self.date else None
        except ValueError:
            return None

    @property
    def meeting_city(self) -> str | None:
        """The city the page puts the meeting in: not an agency's filing dateline ("MINSK, February 4.
        /TASS/ Lukashenko plans to meet Putin on February 7"), which says where the story was written."""
        return None if self.city_source == "agency dateline" else self.city

    @cached_property
    def kind(self) -> str | None:
        return load_vocabulary().kind_of(self.title)

    @cached_property
    def family(self) -> str | None:
        return load_vocabulary().family_of(self.kind)

    @cached_property
    def announces(self) -> bool:
        """The headline tells of a meeting to come ("Putin and Lukashenko will meet in Russia")."""
        title = f" {' '.join((self.title or '').casefold().split())} "
        return any(f" {w}" in title for w in load_vocabulary().announcing)

    @property
    def by_phone(self) -> bool:
        return self.family == PHONE_FAMILY

    @cached_property
    def side(self) -> str | None:
        return load_vocabulary().official.get((self.publisher or "").lower())

    @cached_property
    def participants(self) -> frozenset[str]:
        named = persons_named(" ".join([self.title or "", *self.narrative[:3]]))
        return self.speakers | named

    @cached_property
    def all_text(self) -> str:
        """The title, narrative and turns: where the page names days, years and venues."""
        return "\n".join([self.title or "", *self.narrative, *(t for _, t in self.turns)])

    @cached_property
    def days(self) -> frozenset[tuple[int, int]]:
        """The days of the year (month, day) the page names, its title included."""
        return days_mentioned(self.all_text)

    @cached_property
    def head_days(self) -> frozenset[tuple[int, int]]:
        """The days the page names in its headline and lead: its meeting's day, where a report says
        when it was; days further down are often of other meetings."""
        return days_mentioned(self.lead)

    @cached_property
    def lead(self) -> str:
        """The headline and the lead: the first paragraph of some length, past menus and date lines."""
        paragraph = next((p for p in self.narrative if len(p.split()) >= LEAD_WORDS), "")
        return f"{self.title or ''}\n{paragraph}"

    @cached_property
    def years(self) -> frozenset[int]:
        return years_mentioned(self.all_text)

    @cached_property
    def weekdays(self) -> frozenset[int]:
        """The days of the week the page names ("on Friday"), 0 (Monday) to 6."""
        return weekdays_mentioned(self.all_text)

    @cached_property
    def venues(self) -> frozenset[str]:
        """The known venues the page names anywhere ("in the Russian Museum")."""
        return venues_named(self.all_text, load_reference().places)

    @cached_property
    def text(self) -> str:
        return "\n".join(t for _, t in self.turns) if self.turns else "\n".join(self.narrative)

    @cached_property
    def shingles(self) -> frozenset[str]:
        return shingles(self.text)

    def sections(self) -> list[Profile]:
        """A page without turns that reports several meetings (a day's digest): one profile per
        meeting, split at separators or where a paragraph names other guests. Else [self]."""
        if self.turns or len(self.narrative) < 2:
            return [self]
        groups: list[list[str]] = []
        persons: list[frozenset[str]] = []
        for paragraph in self.narrative:
            named = persons_named(paragraph)
            # another meeting: a paragraph naming two or more persons, someone new among them, without
            # someone of the meeting before ("… Putin met Tokayev" after "Putin and Lukashenko …"); a
            # spokesman named alone is not a meeting
            if groups and not (len(named) >= 2 and named - persons[-1] and persons[-1] - named):
                groups[-1].append(paragraph)
                persons[-1] = persons[-1] | named
            else:
                groups.append([paragraph])
                persons.append(named)
        if sum(1 for p in persons if p) < 2:
            return [self]
        return [
            Profile(self.id, self.date, self.city, None, self.publisher, self.site_id, narrative=group, section=i,
                    city_source=self.city_source)
            for i, group in enumerate(groups)
            if persons[i]
        ]


def load_profiles(db: sqlite3.Connection, ids: Iterable[int]) -> dict[int, Profile]:
    """Profiles of the documents with these ids, in two queries per 500 documents."""
    ids = list(ids)
    profiles: dict[int, Profile] = {}
    registry = _registry_ids(db)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            f"""SELECT d.id, d.date, d.city, d.title, d.publisher, d.site_id, d.url,
                       COALESCE(d.updated, d.published, p.retrieved_at, ''), json_extract(d.sources, '$.city'),
                       json_extract(d.sources, '$.date')
                FROM documents d JOIN pages p ON p.id = d.page_id WHERE d.id IN ({marks})""",
            chunk,
        ):
            profiles[row[0]] = Profile(*row[:6], url=row[6], saved=row[7], city_source=row[8], date_source=row[9])
        for doc_id, kind, person_id, text in db.execute(
            f"""SELECT document_id, kind, person_id, text FROM segments
                WHERE document_id IN ({marks}) AND kind IN ('turn', 'narrative') ORDER BY document_id, position""",
            chunk,
        ):
            profile = profiles[doc_id]
            if kind == "turn":
                profile.turns.append((person_id, text))
            else:
                profile.narrative.append(text)
    for profile in profiles.values():
        profile.speakers = frozenset(p for p, _ in profile.turns if p in registry)
    return profiles


def record_source(db: sqlite3.Connection, doc_id: int, field: str, how: str) -> None:
    """Record in the document's sources how one of its fields (its date, its event) was had."""
    row = db.execute("SELECT sources FROM documents WHERE id = ?", (doc_id,)).fetchone()
    db.execute("UPDATE documents SET sources = ? WHERE id = ?", (json.dumps({**json.loads(row[0] or "{}"), field: how}), doc_id))


def _registry_ids(db: sqlite3.Connection) -> frozenset[str]:
    return frozenset(row[0] for row in db.execute("SELECT id FROM persons WHERE origin = 'registry'"))


def page_key(publisher: str | None, site_id: str | None, url: str | None) -> tuple[str, str] | None:
    """What names a page on its site, across revisions: its site id, else its URL; None without both."""
    if site_id:
        return (publisher or "", f"id:{site_id}")
    return (publisher or "", f"url:{url}") if url else None


def revisions(members: list[Profile]) -> dict[int, int]:
    """The members that are earlier revisions of another member (same site, same site id or URL), each
    with the latest revision of its page: {earlier id: latest id}."""
    pages: dict[tuple[str, str], list[Profile]] = {}
    for profile in members:
        if profile.page_key is not None:
            pages.setdefault(profile.page_key, []).append(profile)
    earlier: dict[int, int] = {}
    for states in pages.values():
        latest = max(states, key=lambda p: (p.saved, p.id))
        earlier.update((p.id, latest.id) for p in states if p is not latest)
    return earlier


def canonical_of(members: list[Profile], earlier: dict[int, int] | None = None) -> Profile:
    """The event's canonical text: an official page first (the first-listed side's site first), then
    the one with the most turns, then the earliest stored; never an earlier revision of a page
    (``earlier``: the members' ``revisions``, when known)."""
    order = {side: i for i, side in enumerate(dict.fromkeys(load_vocabulary().official.values()))}
    earlier = revisions(members) if earlier is None else earlier
    return min(
        (m for m in members if m.id not in earlier),
        key=lambda p: (p.side is None, order.get(p.side or "", len(order)), -len(p.turns), p.id),
    )


def repeat_flags(canonical_id: int, languages: dict[int, str | None]) -> dict[int, int]:
    """How each member of one event (its id and language) repeats the meeting, as stored in
    event_documents.repeats: 0 for the canonical text; bit 1 for every other version; bit 2 as well
    for a version that is not the one counted in its language (the canonical one where it is in that
    language, else the first stored)."""
    counted: dict[str | None, int] = {}
    for doc_id in sorted(languages):
        counted.setdefault(languages[doc_id], doc_id)
    counted[languages[canonical_id]] = canonical_id
    return {
        doc_id: 0 if doc_id == canonical_id else 1 | (0 if counted[language] == doc_id else 2)
        for doc_id, language in languages.items()
    }


def version_kinds(members: list[Profile]) -> dict[int, VersionKind]:
    """The version kind of each member of one event."""
    earlier = revisions(members)
    canonical = canonical_of(members, earlier)
    kinds: dict[int, VersionKind] = {}
    for profile in members:
        if profile.id in earlier:
            kinds[profile.id] = "revision"
        elif profile.side is not None:
            kinds[profile.id] = "official" if profile.side == canonical.side else "readout"
        elif not profile.turns:
            kinds[profile.id] = "news"
        elif any(
            (other.side is not None or other.id < profile.id)
            and other.id not in earlier
            and other.turns
            and jaccard(profile.shingles, other.shingles) >= REPRINT_SIMILARITY
            for other in members
            if other.id != profile.id
        ):
            kinds[profile.id] = "reprint"
        else:
            kinds[profile.id] = "translation"
    return kinds


def standalone_kind(publisher: str | None, turns: int) -> VersionKind:
    """The version kind of a document linked to no event (one without a date)."""
    if load_vocabulary().official.get((publisher or "").lower()):
        return "official"
    return "translation" if turns else "news"

