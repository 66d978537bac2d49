"""Request parameters shared by the pages and the API: the search query and pagination."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from ..queries.search import WITHIN, Within
from ..store.filters import QueryError
from .render import with_query
from .search import ORDERS, VERSIONS, Order, SearchQuery, Versions, date_bound

MAX_PER_PAGE = 100
MAX_PAGE = 10_000
# the search parameters' longest values, as search_query declares them (parse_search checks them too)
MAX_LENGTHS = {"q": 500, "speaker": 200, "since": 10, "until": 10, "place": 200, "publisher": 200, "topic": 200,
               "kind": 50, "language": 10}


def blank_as_none(value: str | None) -> str | None:
    """An HTML form sends empty fields as empty strings: those are not filters."""
    if value is None:
        return None
    value = value.strip()
    return value or None


# an ISO date, year-month or year; empty is no bound (an HTML form sends its empty fields)
DATE_PATTERN = r"^([0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?)?$"
Since = Annotated[str | None, Query(max_length=10, pattern=DATE_PATTERN, description="From this date: YYYY-MM-DD, YYYY-MM or YYYY.")]
Until = Annotated[str | None, Query(max_length=10, pattern=DATE_PATTERN, description="Up to this date, inclusive: YYYY-MM-DD, YYYY-MM or YYYY.")]
# what a value that does not match a parameter's pattern is, in the error message
PATTERN_MEANING = {DATE_PATTERN: "is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)", r"\S": "has no words to search for"}
QUERY_HELP = 'Words, "a phrase", prefix*, AND/OR/NOT (FTS5).'


@dataclass(frozen=True)
class SearchFilters:
    """The search's filters, order and page: all but its words."""

    speaker: str | None
    since: str | None
    until: str | None
    place: str | None
    publisher: str | None
    topic: str | None
    kind: str | None
    language: str | None
    order: Order
    versions: Versions
    page: int
    per_page: int
    within: Within

    def query(self, q: str) -> SearchQuery:
        return SearchQuery(q=q.strip(), **{name: getattr(self, name) for name in self.__dataclass_fields__})


async def search_filters(  # async: called in the event loop, without a hop to a thread
    speaker: Annotated[str | None, Query(max_length=MAX_LENGTHS["speaker"], description="Name, id or printed label.")] = None,
    since: Since = None,
    until: Until = None,
    place: Annotated[str | None, Query(max_length=MAX_LENGTHS["place"], description="City or venue.")] = None,
    publisher: Annotated[str | None, Query(max_length=MAX_LENGTHS["publisher"], description="The site, e.g. en.kremlin.ru.")] = None,
    topic: Annotated[str | None, Query(max_length=MAX_LENGTHS["topic"], description="A topic the page is tagged with.")] = None,
    kind: Annotated[str | None, Query(max_length=MAX_LENGTHS["kind"], description="Event kind (meeting, talks, telephone call…).")] = None,
    language: Annotated[str | None, Query(max_length=MAX_LENGTHS["language"], description="ISO 639-1 code.")] = None,
    order: Annotated[Order, Query(description="newest (default), oldest or relevance.")] = "newest",
    versions: Annotated[Versions, Query(description="once: each meeting once per language (default); all: every stored version.")] = "once",
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 10,
    within: Annotated[Within, Query(alias="in", description="turns (default: what was said), narrative (readouts, leads, captions), titles, or all.")] = "turns",
) -> SearchFilters:
    date_bound(since, "since", end=False)  # raise now for a date that does not exist (2023-13-01)
    date_bound(until, "until", end=True)
    return SearchFilters(
        speaker=blank_as_none(speaker), since=blank_as_none(since), until=blank_as_none(until), place=blank_as_none(place),
        publisher=blank_as_none(publisher), topic=blank_as_none(topic), kind=blank_as_none(kind), language=blank_as_none(language),
        order=order, versions=versions, page=page, per_page=per_page, within=within,
    )


async def search_query(
    filters: Annotated[SearchFilters, Depends(search_filters)],
    q: Annotated[str, Query(max_length=MAX_LENGTHS["q"], description=QUERY_HELP + " Empty shows the search form.")] = "",
) -> SearchQuery:
    """The search page's query: without words it is the empty form."""
    return filters.query(q)


async def api_search_query(
    filters: Annotated[SearchFilters, Depends(search_filters)],
    q: Annotated[str, Query(min_length=1, max_length=MAX_LENGTHS["q"], pattern=r"\S", description=QUERY_HELP)],
) -> SearchQuery:
    """The API's query: words are required."""
    return filters.query(q)


_NUMBER = re.compile(r"^[0-9]{1,6}$")
_ISO_DATE = re.compile(DATE_PATTERN)


def parse_search(params: Mapping[str, str]) -> SearchQuery | None:
    """The query search_query would make of these parameters, read without FastAPI's per-request
    dependency solving (about half a millisecond of CPU); None unless the request is plainly valid
    and has words, so that everything else gets search_query's validation and its errors."""
    values: dict[str, Any] = {}
    for name, longest in MAX_LENGTHS.items():
        value = params.get(name)
        if value is not None:
            if len(value) > longest:
                return None
            values[name] = value
    for name, highest in (("page", MAX_PAGE), ("per_page", MAX_PER_PAGE)):
        value = params.get(name)
        if value is not None:
            if not _NUMBER.match(value) or not 1 <= int(value) <= highest:
                return None
            values[name] = int(value)
    order = params.get("order", "newest")
    versions = params.get("versions", "once")
    within = params.get("in", "turns")
    if order not in ORDERS or versions not in VERSIONS or within not in WITHIN or not values.get("q", "").strip():
        return None
    if not all(_ISO_DATE.match(values.get(name, "")) for name in ("since", "until")):
        return None
    try:
        date_bound(values.get("since"), "since", end=False)
        date_bound(values.get("until"), "until", end=True)
    except QueryError:
        return None
    return SearchQuery(
        q=values["q"].strip(), speaker=blank_as_none(values.get("speaker")), since=blank_as_none(values.get("since")),
        until=blank_as_none(values.get("until")), place=blank_as_none(values.get("place")), publisher=blank_as_none(values.get("publisher")),
        topic=blank_as_none(values.get("topic")), kind=blank_as_none(values.get("kind")), language=blank_as_none(values.get("language")),
        order=order, versions=versions, page=values.get("page", 1), per_page=values.get("per_page", 10),  # type: ignore[arg-type]
        within=within,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def links(self, request: Request, has_next: bool) -> dict[str, Any]:
        """page, per_page, and the URLs of the next and previous pages (None at either end)."""
        params = dict(request.query_params)

        def at(page: int) -> str:
            return with_query(request.url.path, {**params, "page": page})

        return {
            "page": self.page,
            "per_page": self.per_page,
            "limit": self.per_page,
            "offset": self.offset,
            "next": at(self.page + 1) if has_next else None,
            "prev": at(self.page - 1) if self.page > 1 else None,
        }


def paging(
    page: Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")] = 20,
) -> Paging:
    return Paging(page, per_page)


def event_filters(
    since: Since = None,
    until: Until = None,
    kind: Annotated[str | None, Query(max_length=50, description="Event kind.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="City or venue.")] = None,
    person: Annotated[str | None, Query(max_length=200, description="A participant's name.")] = None,
) -> dict[str, str | None]:
    """The filters of the events timeline (empty values dropped), as summitry.queries.events.list_events takes them."""
    return {"since": since or None, "until": until or None, "kind": kind or None, "place": place or None,
            "person": person or None}
