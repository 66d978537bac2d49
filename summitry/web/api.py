"""JSON endpoints under /api/: everything the pages show, paginated, described by OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..queries.analysis import figures, trend
from ..queries.events import EventError, event_detail, list_events, list_visits, meeting_places
from . import reader as queries
from .analyses import paged_rows
from .comparing import bounded_comparison, bounded_event_divergences
from .document_table import DocumentFilters, Sort, document_filters, document_rows, facets
from .models import (
    Document,
    DocumentSummary,
    ErrorBody,
    IngestJob,
    Paged,
    SearchResults,
    Speaker,
    SpeakerDetail,
    Stats,
    Turn,
)
from .params import Paging, Since, Until, api_search_query, event_filters, paging, parse_search
from .render import highlight, with_query
from .search import MARKS, SearchPage, SearchQuery, answer_search, date_bound, search
from .upload import receive_upload

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter that cannot be used"},
    404: {"model": ErrorBody, "description": "No such item"},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type or out of range"},
}
SEGMENTS_PER_PAGE, MAX_SEGMENTS_PER_PAGE = 500, 2000  # /documents/{id}: a 150k-turn document comes in pages

router = APIRouter(prefix="/api", tags=["api"], responses=ERRORS)
SpeakerId = Annotated[str, Path(max_length=200, description="Person id, as /api/speakers lists them.")]


def _reader(request: Request) -> queries.Reader:
    return request.app.state.reader


def search_results(request: Request, found: SearchPage) -> dict[str, Any]:
    """A search page as the API gives it (the HTML page renders the same dict)."""
    items = []
    for hit in found.hits:
        snippet = hit.get("snippet") or ""
        items.append({
            **hit,
            "snippet": snippet.replace(MARKS[0], "").replace(MARKS[1], ""),
            "snippet_html": str(highlight(snippet)),
            "link": with_query(f"/documents/{hit['document']}", q=found.query.q)
            + (f"#t{hit['position']}" if hit.get("position") is not None else ""),
            "part": hit.get("part", "turn"),
        })
    query = found.query
    return {
        "query": {"q": query.q, **query.filters(), "order": query.order, "versions": query.versions, "in": query.within},
        "matches": found.matches,
        "exact": found.exact,
        "items": items,
        **Paging(query.page, query.per_page).links(request, found.has_next),
    }


@router.get("/stats", response_model=Stats, summary="Counts: documents, turns, speakers, failures, events")
def stats(request: Request) -> dict[str, Any]:
    corpus = _reader(request).corpus()
    return _reader(request).cached("stats", lambda db: {**corpus.stats(), "events": queries.count_events(db)})


@router.get("/documents", response_model=Paged[DocumentSummary], summary="Documents, filtered and sorted (newest first)")
def documents(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    filters: Annotated[DocumentFilters, Depends(document_filters)],
    sort: Sort = "-date",
) -> dict[str, Any]:
    rows, total = document_rows(_reader(request).corpus().db, filters, sort, pages.per_page, pages.offset)
    return {"items": rows, "total": total, **pages.links(request, pages.offset + len(rows) < total)}


@router.get("/documents/facets", summary="Facet counts of the documents the filters keep: year, publisher, language, version, speaker, topic")
def document_facets(request: Request, filters: Annotated[DocumentFilters, Depends(document_filters)]) -> dict[str, Any]:
    return facets(_reader(request).corpus().db, filters)


@router.get("/documents/{doc_id}", response_model=Document, summary="One document: metadata and segments")
def document(
    request: Request,
    doc_id: Annotated[int, Path(ge=1, le=2**62)],
    limit: Annotated[int, Query(ge=1, le=MAX_SEGMENTS_PER_PAGE, description="Segments in this answer.")] = SEGMENTS_PER_PAGE,
    offset: Annotated[int, Query(ge=0, le=2**31, description="Segments skipped (page order).")] = 0,
) -> dict[str, Any]:
    corpus = _reader(request).corpus()
    record = corpus.document(doc_id, segment_limit=limit, segment_offset=offset)
    if record is None:
        raise HTTPException(404, f"no document {doc_id}")
    record.update(queries.versions(corpus.db, doc_id))
    total = corpus.db.execute("SELECT count(*) FROM segments WHERE document_id = ?", (doc_id,)).fetchone()[0]
    following = offset + len(record["segments"])
    record.update(segments_total=total, segments_offset=offset, segments_next=following if following < total else None)
    return record


@router.get("/search", response_model=SearchResults, summary="Turns matching a full-text query, with filters")
async def search_turns(request: Request, query: Annotated[SearchQuery, Depends(api_search_query)]) -> Any:
    # async on purpose: searches run one after another in the event loop (see summitry.web.search)
    return await answer_search(request, query, search_answer)


def search_answer(request: Request, query: SearchQuery) -> Response:
    """The search's JSON, returned as is: it is built to SearchResults' shape, and validating it again
    costs time; orjson writes the same JSON as json.dumps, in a tenth of the time."""
    found = search_results(request, search(_reader(request).corpus().db, query))
    return Response(orjson.dumps(found), media_type="application/json")


FULL = "summitry.full"  # set in the scope of a search the lean route hands back to the router


class LeanSearch:
    """Serves a documented search route (GET) without FastAPI's per-request dependency solving, which
    costs about as much CPU as a typical search: parse_search reads the parameters; a request it does
    not accept as plainly valid goes back to the router, which then skips the lean route and answers
    it with the documented one, so that errors, their status and their wording stay the same."""

    def __init__(self, router: ASGIApp, answer: Callable[[Request, SearchQuery], Response]) -> None:
        self.router = router
        self.answer = answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        query = parse_search(request.query_params) if scope["method"] == "GET" else None
        if query is None:
            await self.router({**scope, FULL: True}, receive, send)
            return
        # async on purpose: searches run one after another in the event loop (see summitry.web.search)
        await (await answer_search(request, query, self.answer))(scope, receive, send)


class LeanRoute(Route):
    """The lean route of a search path: put before the documented route; steps aside for FULL."""

    def __init__(self, path: str, router: ASGIApp, answer: Callable[[Request, SearchQuery], Response]) -> None:
        super().__init__(path, LeanSearch(router, answer), methods=["GET"], include_in_schema=False)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope.get(FULL):
            return Match.NONE, {}
        return super().matches(scope)


@router.get("/filters", summary="The values the search filters take in this corpus")
def filters(request: Request) -> dict[str, list[str]]:
    return _reader(request).cached("choices", queries.choices)


@router.get("/speakers", response_model=Paged[Speaker], summary="Persons who speak, most words first")
def speakers(request: Request, pages: Annotated[Paging, Depends(paging)]) -> dict[str, Any]:
    rows, total = queries.speakers_page(_reader(request), pages.per_page, pages.offset)
    return {"items": rows, "total": total, **pages.links(request, pages.offset + len(rows) < total)}


@router.get("/speakers/{person_id}", response_model=SpeakerDetail, summary="One speaker: names, roles, turns by year")
def speaker(request: Request, person_id: SpeakerId) -> dict[str, Any]:
    reader = _reader(request)
    person = queries.speaker(reader.corpus().db, person_id)
    if person is None:
        raise HTTPException(404, f"no speaker {person_id!r}")
    person["distinctive"] = reader.cached(f"distinctive:{person_id}", lambda _: queries.distinctive_terms(reader.corpus(), person_id))
    return person


@router.get("/speakers/{person_id}/turns", response_model=Paged[Turn], summary="One speaker's turns, newest first")
def speaker_turns(request: Request, person_id: SpeakerId, pages: Annotated[Paging, Depends(paging)]) -> dict[str, Any]:
    db = _reader(request).corpus().db
    if queries.speaker(db, person_id) is None:
        raise HTTPException(404, f"no speaker {person_id!r}")
    rows = queries.speaker_turns(db, person_id, pages.per_page + 1, pages.offset)
    return {"items": rows[: pages.per_page], **pages.links(request, len(rows) > pages.per_page)}


@router.get("/failures", response_model=Paged[dict[str, Any]], summary="Pages that could not be read or parsed, with the reason")
def failures(request: Request, pages: Annotated[Paging, Depends(paging)]) -> dict[str, Any]:
    return paged_rows(request, pages, _reader(request).corpus().failures())


UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                    "required": ["files"],
                }
            }
        },
    }
}


@router.post(
    "/ingest", status_code=202, response_model=IngestJob, openapi_extra=UPLOAD_BODY,
    summary="Upload pages (.html, .htm, .txt or a .zip of them) to ingest; only with --allow-upload",
    responses={403: {"model": ErrorBody}, 411: {"model": ErrorBody}, 413: {"model": ErrorBody}, 415: {"model": ErrorBody}},
)
async def ingest(request: Request) -> Any:
    job = await receive_upload(request)
    return JSONResponse(job.as_dict(), status_code=202, headers={"Location": f"/api/ingest/{job.id}"})


@router.get("/ingest/{job_id}", response_model=IngestJob, summary="Progress of one upload's ingest")
def ingest_job(request: Request, job_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    jobs = request.app.state.jobs
    job = jobs.get(job_id) if jobs is not None else None
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return job.as_dict()


# events (summitry.queries.events) ------------------------------------------------------------------------
def event_rows(corpus: Any, since: str | None, until: str | None, kind: str | None, place: str | None,
               person: str | None) -> list[dict[str, Any]]:
    """Events between two dates, newest first, narrowed by kind, place and participant."""
    if queries.count_events(corpus.db) is None:
        return []
    rows = list_events(corpus, date_bound(since, "since", end=False), date_bound(until, "until", end=True))
    place_, person_ = (place or "").casefold(), (person or "").casefold()
    return [
        r for r in reversed(rows)
        if (not kind or r["kind"] == kind)
        and (not place_ or place_ in f"{r['city'] or ''} {r['venue'] or ''}".casefold())
        and (not person_ or any(person_ in name.casefold() for name in r["participants"]))
    ]


EventId = Annotated[str, Path(max_length=200, description="Event id, as /api/events lists them.")]


@router.get("/events", response_model=Paged[dict[str, Any]], summary="Meetings, newest first, filterable")
def events(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    filters: Annotated[dict[str, str | None], Depends(event_filters)],
) -> dict[str, Any]:
    rows = event_rows(_reader(request).corpus(), **filters)
    return paged_rows(request, pages, rows)


@router.get("/visits", response_model=Paged[dict[str, Any]], summary="Visits: the sessions of one stay, oldest first")
def visits(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    since: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
    until: Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD, YYYY-MM or YYYY.")] = None,
) -> dict[str, Any]:
    """Each visit (two sessions or more of one stay): first and last day, city, participants, its
    sessions in order, and the documents that report it whole."""
    corpus = _reader(request).corpus()
    rows = list_visits(corpus, since, until) if queries.count_events(corpus.db) is not None else []
    return paged_rows(request, pages, rows)


@router.get("/places", response_model=Paged[dict[str, Any]], summary="Where meetings were held: cities, events, position")
def places(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    filters: Annotated[dict[str, str | None], Depends(event_filters)],
) -> dict[str, Any]:
    """The cities of the events these filters select, most events first, each with its latitude and
    longitude (null where it cannot be placed): the data of the map on /events."""
    rows = meeting_places(event_rows(_reader(request).corpus(), **filters))
    return paged_rows(request, pages, rows)


@router.get("/events/{event_id}", summary="One event: its versions and what each adds")
def event(request: Request, event_id: EventId) -> dict[str, Any]:
    try:
        return event_detail(_reader(request).corpus(), event_id)
    except EventError as exc:
        raise HTTPException(404, str(exc)) from None


@router.get("/events/{event_id}/divergences", summary="Where an event's versions disagree, unsupported claims first")
async def event_divergences(request: Request, event_id: EventId, pages: Annotated[Paging, Depends(paging)]) -> dict[str, Any]:
    """The canonical text against each other version, and every version's narrative against all the
    turns (claims no turn supports, quotes no turn holds), in the API's page shape. Bounded as the
    compare of two documents."""
    found = await bounded_event_divergences(request, event_id)
    return {**found, **paged_rows(request, pages, found["items"])}


@router.get("/compare/{a}/{b}", summary="Two versions aligned turn by turn and sentence by sentence, with divergences")
async def compare(
    request: Request, a: Annotated[int, Path(ge=1, le=2**62)], b: Annotated[int, Path(ge=1, le=2**62)]
) -> dict[str, Any]:
    """Refused (400) for a document with more than 10,000 turns, and stopped after 30 s or when the
    client has gone; `summitry compare` has no such bound."""
    comparison, _, _ = await bounded_comparison(request, a, b)
    return comparison


# analysis (summitry.queries.analysis) --------------------------------------------------------------------
def _enriched(request: Request) -> Any:
    corpus = _reader(request).corpus()
    if not queries.has_table(corpus.db, "enrichment"):
        raise HTTPException(409, "this corpus has no enrichment yet (run summitry enrich, or ingest again)")
    return corpus


@router.get("/trend", response_model=Paged[dict[str, Any]], summary="How often a term is said per year or month (and per speaker): the points of the term chart")
def term_trend(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    term: Annotated[str, Query(min_length=1, max_length=200, description="A word or phrase; word* for a prefix.")],
    by: Annotated[Literal["year", "month"], Query()] = "year",
    per_speaker: bool = True,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
) -> dict[str, Any]:
    rows = trend(_enriched(request), term, by=by, per_speaker=per_speaker, speaker=speaker or None)
    return paged_rows(request, pages, rows)


@router.get("/figures", response_model=Paged[dict[str, Any]], summary="Stated figures in date order: the points of the figure chart")
def stated_figures(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    about: Annotated[str | None, Query(max_length=100, description="Figures about this word (trade, gas…).")] = None,
    unit: Annotated[str | None, Query(max_length=20)] = None,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    rows = figures(_enriched(request), unit=unit or None, about=about or None, speaker=speaker or None,
                   since=date_bound(since, "since", end=False), until=date_bound(until, "until", end=True),
                   limit=pages.offset + pages.per_page + 1)
    chunk = rows[pages.offset : pages.offset + pages.per_page]
    return {"items": chunk, **pages.links(request, len(rows) > pages.offset + pages.per_page)}
