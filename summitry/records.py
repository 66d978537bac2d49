"""The typed records that flow between pipeline stages.

Page -> Text -> [Block] -> [Block with role] -> Document (with Segments) -> Document (speakers resolved).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

SegmentKind = Literal["turn", "narrative", "omission", "separator", "caption"]
BlockRole = Literal[
    "boilerplate", "title", "dateline", "caption", "lead", "body", "furniture"
]


@dataclass(frozen=True, slots=True)
class Page:
    """What was read: bytes and where they came from."""

    source: str
    data: bytes
    media_type: str  # "text/html" or "text/plain"
    sha256: str
    retrieved_at: str  # ISO timestamp
    url: str | None = None
    read_size: int | None = None  # bytes read, when ``data`` is not at hand (a page loaded from a shard)

    @property
    def size(self) -> int:
        return len(self.data) if self.read_size is None else self.read_size


@dataclass(frozen=True, slots=True)
class Text:
    """A decoded page: its text plus how it was decoded."""

    page: Page
    text: str
    encoding: str
    repaired: bool = False  # mojibake was repaired
    replaced: int = 0  # undecodable bytes replaced by U+FFFD (a damaged page kept, not refused)


@dataclass(slots=True)
class Block:
    """One line or element of a page, in reading order, with hints from its markup."""

    text: str
    hint: str = "paragraph"  # heading, paragraph, list_item, caption, tag_item, time, place, lead, …
    group: int = 0  # text dumps: index of the blank-line separated group the line belongs to
    bold_prefix: str | None = None  # HTML: the text of a leading <b>/<strong>, a likely speaker label
    in_body: bool | None = None  # HTML: inside the site's article body container (None: unknown)
    role: BlockRole = "boilerplate"


@dataclass(slots=True)
class Extracted:
    """The extract stage's output: blocks plus metadata the markup states directly."""

    text: Text
    blocks: list[Block]
    meta: dict[str, str] = field(default_factory=dict)  # canonical, og:title, published, site_name…
    tags: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Segment:
    kind: SegmentKind
    text: str = ""
    label: str | None = None  # raw label exactly as printed (turns only)
    person_id: str | None = None
    speaker: str | None = None  # canonical name
    words: int = 0  # whitespace-separated words of the text (U+00A0 counts as a space)
    # set by the enrich stage (turns only)
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    topics: list[TopicScore] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One published version of one event."""

    source: str
    sha256: str
    media_type: str
    title: str | None = None
    date: str | None = None  # ISO date of the event
    time: str | None = None  # HH:MM
    city: str | None = None
    venue: str | None = None
    publisher: str | None = None
    url: str | None = None
    site_id: str | None = None  # the site's own id for the page (kremlin: 71326)
    language: str | None = None
    published: str | None = None
    updated: str | None = None
    encoding: str | None = None
    tags: dict[str, list[str]] = field(default_factory=dict)
    captions: list[str] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    # where each metadata field was read: {"date": "dateline", "city": "lead", "title": "meta tag", …}
    sources: dict[str, str] = field(default_factory=dict)
    retrieved_at: str | None = None
    persons: dict[str, Person] = field(default_factory=dict)  # the speakers of its turns, by id
    speaker_words: dict[str, Counter[str]] = field(default_factory=dict)  # enrich: person id -> how often each word was said

    @property
    def turns(self) -> list[Segment]:
        return [s for s in self.segments if s.kind == "turn"]

    @property
    def narrative(self) -> list[Segment]:
        return [s for s in self.segments if s.kind == "narrative"]


@dataclass(frozen=True, slots=True)
class Role:
    role: str
    start: str | None
    end: str | None


@dataclass(slots=True)
class Person:
    id: str
    name: str
    given: list[str] = field(default_factory=list)
    family: list[str] = field(default_factory=list)
    patronymic: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    country: str | None = None
    roles: list[Role] = field(default_factory=list)
    origin: str = "registry"  # "registry" or "auto" (created for an unknown speaker)

    def roles_on(self, date: str | None) -> list[str]:
        """The roles this person held on an ISO date (all roles when date is None)."""
        if date is None:
            return [r.role for r in self.roles]
        return [
            r.role
            for r in self.roles
            if (r.start is None or r.start <= date) and (r.end is None or date <= r.end)
        ]


@dataclass(frozen=True, slots=True)
class Failure:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


class PageError(Exception):
    """A page that cannot be turned into a document; the message is the one-line reason."""


FIGURE_KINDS = ("money", "percent", "quantity", "count", "date")  # Figure.kind
ENTITY_TYPES = ("person", "organisation", "country", "place")  # Mention.type


@dataclass(slots=True)
class Figure:
    """A number stated in a turn: "almost US$50 billion" -> value 5e10, unit USD, qualifier "almost"."""

    kind: str  # money, percent, quantity, count, date
    text: str  # as printed, qualifier included
    value: float | None  # normalised (scale applied); None for dates
    unit: str  # USD, RUB, percent, percentage points, tonnes, count, date, …
    start: int  # offsets into the turn's text
    end: int
    value_to: float | None = None  # the upper end of a range ("5–7 percent")
    qualifier: str | None = None  # almost, about, more than, less than, up to, at least, at most
    measure: str | None = None  # what it measures: trade, investment, loan, price, growth, …
    noun: str | None = None  # what is counted ("Union programmes")
    dates: list[str] = field(default_factory=list)  # dates: the ISO dates named ("July 7–8" -> two)


@dataclass(slots=True)
class Mention:
    """An entity (person, organisation, country or place) named in a turn, with where it is named."""

    entity: str  # id: "eaeu", "BY", "vladimir-putin", "city:minsk", "ner:…" (found by the optional model)
    name: str  # canonical name
    type: str  # person, organisation, country, place
    spans: list[tuple[int, int]] = field(default_factory=list)  # (start, end) in the turn's text, in order


@dataclass(slots=True)
class TopicScore:
    topic: str  # taxonomy id
    hits: int  # words and phrases of the topic in the turn
    score: float  # the topic's share of the turn's topic hits (0–1)
