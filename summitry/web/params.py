"""Request parameters shared by the pages and the API: the search query and pagination."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Query, Request

from .render import with_query
from .search import ORDERS, BadParameter, Order, SearchQuery, date_bound

MAX_PER_PAGE = 100


def _clean(value: str | None) -> str | None:
    """An HTML form sends empty fields as empty strings: those are not filters."""
    if value is None:
        return None
    value = value.strip()
    return value or None


async def search_query(  # async: called in the event loop, without a hop to a thread
    q: Annotated[str, Query(max_length=500, description='Words, "a phrase", prefix*, AND/OR/NOT (FTS5).')] = "",
    speaker: Annotated[str | None, Query(max_length=200, description="Name, id or printed label.")] = None,
    since: Annotated[str | None, Query(max_length=10, description="From this date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Up to this date, inclusive.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="City or venue.")] = None,
    publisher: Annotated[str | None, Query(max_length=200, description="The site, e.g. en.kremlin.ru.")] = None,
    topic: Annotated[str | None, Query(max_length=200, description="A topic the page is tagged with.")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="Event kind (meeting, talks, telephone call…).")] = None,
    language: Annotated[str | None, Query(max_length=10, description="ISO 639-1 code.")] = None,
    order: Annotated[str, Query(description="newest (default), oldest or relevance.")] = "newest",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 10,
) -> SearchQuery:
    if order not in ORDERS:
        raise BadParameter(f"order: {order!r} is not one of {', '.join(ORDERS)}")
    date_bound(since, "since", end=False)  # raise now for a malformed date
    date_bound(until, "until", end=True)
    sort: Order = order  # type: ignore[assignment]
    return SearchQuery(
        q=q.strip(), speaker=_clean(speaker), since=_clean(since), until=_clean(until), place=_clean(place),
        publisher=_clean(publisher), topic=_clean(topic), kind=_clean(kind), language=_clean(language),
        order=sort, page=page, per_page=per_page,
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
            "next": at(self.page + 1) if has_next else None,
            "prev": at(self.page - 1) if self.page > 1 else None,
        }


def paging(
    page: Annotated[int, Query(ge=1, le=100_000, description="Page number, from 1.")] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE, description="Items per page.")] = 20,
) -> Paging:
    return Paging(page, per_page)


def event_filters(
    since: Annotated[str | None, Query(max_length=10, description="From this date.")] = None,
    until: Annotated[str | None, Query(max_length=10, description="Up to this date, inclusive.")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="Event kind.")] = None,
    place: Annotated[str | None, Query(max_length=200, description="City or venue.")] = None,
    person: Annotated[str | None, Query(max_length=200, description="A participant's name.")] = None,
) -> dict[str, str | None]:
    """The filters of the events timeline (empty values dropped), as summitry.events.list_events takes them."""
    return {"since": since or None, "until": until or None, "kind": kind or None, "place": place or None,
            "person": person or None}
