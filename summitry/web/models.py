"""The shapes of the API's answers, as the OpenAPI description shows them."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class ErrorBody(BaseModel):
    error: str
    detail: Any = None


class Paged(BaseModel, Generic[T]):
    items: list[T]
    page: int
    per_page: int
    limit: int  # = per_page
    offset: int  # the first item's place in the whole list, from 0
    total: int | None = None
    next: str | None = None
    prev: str | None = None


class Stats(BaseModel):
    documents: int
    turns: int
    persons: int
    failures: int
    events: int | None = None


class DocumentSummary(BaseModel):
    id: int
    date: str | None
    city: str | None
    venue: str | None
    title: str | None
    publisher: str | None
    turns: int
    words: int
    url: str | None = None
    language: str | None = None
    event: str | None = None  # the event it is a version of (its best-scored), if any
    version: str | None = None  # official, readout, translation, reprint or news


class Segment(BaseModel):
    position: int
    kind: str
    label: str | None
    person_id: str | None
    speaker: str | None
    text: str
    words: int


class Version(BaseModel):
    document: int
    title: str | None
    publisher: str | None
    version: str | None = None


class Document(BaseModel):
    id: int
    source: str
    title: str | None
    date: str | None
    time: str | None
    city: str | None
    venue: str | None
    publisher: str | None
    url: str | None
    site_id: str | None
    language: str | None
    published: str | None
    updated: str | None
    tags: dict[str, list[str]]
    captions: list[str]
    turns: int
    words: int
    segments: list[Segment]  # one page of them: `limit` from `offset` on
    segments_total: int = 0  # segments in the document
    segments_offset: int = 0
    segments_next: int | None = None  # the offset of the next page (None: this is the last)
    event: str | None = None
    versions: list[Version] = []


class SearchHit(BaseModel):
    utterance: int | None  # None for a title
    document: int
    position: int | None  # None for a title
    date: str | None
    city: str | None
    venue: str | None
    title: str | None
    publisher: str | None
    person_id: str | None
    speaker: str | None
    label: str | None
    words: int | None
    snippet: str  # plain text
    snippet_html: str  # escaped, with the matches in <mark>
    link: str  # the turn (or passage) inside its transcript; the document, for a title
    part: str = "turn"  # turn, narrative, caption or title (search ?in=)


class SearchResults(Paged[SearchHit]):
    query: dict[str, Any]
    matches: int  # utterances that match the words and pass the filters
    exact: bool  # False: counting stopped early, there are at least `matches`


class Speaker(BaseModel):
    id: str
    name: str
    origin: str
    roles: list[dict[str, Any]]
    labels: list[str]
    turns: int
    words: int
    documents: int


class YearCount(BaseModel):
    year: str
    turns: int
    words: int
    documents: int


class SpeakerDetail(BaseModel):
    id: str
    name: str
    origin: str
    country: str | None
    aliases: list[str]
    roles: list[dict[str, Any]]
    labels: list[dict[str, Any]]
    turns: int
    words: int
    documents: int
    by_year: list[YearCount]
    distinctive: list[dict[str, Any]] | None = None  # None: not available in this build


class Turn(BaseModel):
    utterance: int
    document: int
    position: int
    date: str | None
    title: str | None
    city: str | None
    words: int
    excerpt: str


class IngestJob(BaseModel):
    id: str
    status: str
    files: list[str]
    pages_total: int
    pages: int
    added: int
    updated: int
    unchanged: int
    turns: int
    failures: list[dict[str, str]]
    skipped: list[dict[str, str]]
    error: str | None
    seconds: float
