"""The HTML pages: server-rendered, usable with JavaScript off."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ..queries.analysis import figures, trend
from ..queries.corpus import QueryError
from ..queries.events import EventError, event_detail, list_visits, meeting_places, summary
from . import reader as queries
from .api import event_rows, search_results
from .charts import bar_chart, line_chart, place_map
from .comparing import bounded_comparison, bounded_event_divergences
from .csrf import TOKEN_FIELD, form_token, set_token_cookie
from .document_table import DocumentFilters, Sort, document_filters, document_rows, facets
from .downloads import DOWNLOAD_ROWS, download_response
from .params import MAX_PER_PAGE, Paging, event_filters, paging, search_query
from .render import page, speaker_classes, templates, with_query
from .search import BadParameter, SearchQuery, answer_search, search
from .upload import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, receive_upload, upload_jobs
from .write_access import FORM_FIELD, tokens_required

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)


@router.get("/")
def index(request: Request) -> Response:
    corpus = request.app.state.reader.corpus()

    def overview(db: object) -> dict[str, Any]:
        return {"stats": corpus.stats(), "events": queries.count_events(corpus.db),
                "latest_events": event_rows(corpus, None, None, None, None, None)[:8],
                "latest": queries.latest_documents(corpus.db), "speakers": corpus.speakers()[:8]}

    return page(request, "index.html", **request.app.state.reader.cached("overview", overview))


@router.get("/search")
async def search_page(request: Request, query: Annotated[SearchQuery, Depends(search_query)]) -> Response:
    # async on purpose: searches run one after another in the event loop (see summitry.web.search)
    return await answer_search(request, query, search_page_answer)


@router.get("/search.{form}")
def search_download(
    request: Request, form: Literal["csv", "json"], query: Annotated[SearchQuery, Depends(search_query)]
) -> Response:
    """Every hit of a search (up to SEARCH_DOWNLOAD), in its order, as CSV or JSON: the page's rows
    with their links, the snippets without marks."""
    db = request.app.state.reader.corpus().db
    rows: list[dict[str, Any]] = []
    page_number = 1
    while len(rows) < SEARCH_DOWNLOAD:
        found = search(db, replace(query, page=page_number, per_page=MAX_PER_PAGE))
        rows += [{k: v for k, v in hit.items() if k != "snippet_html"} for hit in search_results(request, found)["items"]]
        if not found.has_next:
            break
        page_number += 1
    return download_response(rows[:SEARCH_DOWNLOAD], form, "summitry-search")


SEARCH_DOWNLOAD = 2_000  # hits a search download holds at most


def datalists(db: sqlite3.Connection) -> Markup:
    """The search form's suggestions as HTML: a few hundred escaped options, the same for every search
    until the corpus changes, so rendered once per version (Reader.cached) rather than per page."""
    return Markup(templates.get_template("datalists.html").render(choices=queries.choices(db)))


def search_page_answer(request: Request, query: SearchQuery) -> Response:
    corpus = request.app.state.reader.corpus()
    results, error = None, None
    try:
        results = search_results(request, search(corpus.db, query)) if query.q else None
    except (QueryError, BadParameter) as exc:  # shown above the form, so that the query can be fixed
        error = str(exc)
    reader = request.app.state.reader
    response = page(request, "search.html", query=query, results=results, error=error,
                    choices=reader.cached("choices", queries.choices), datalists=reader.cached("datalists", datalists))
    if error:
        response.status_code = 400
    return response


@router.get("/documents")
def documents_page(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    filters: Annotated[DocumentFilters, Depends(document_filters)],
    sort: Sort = "-date",
    download: Literal["csv", "json"] | None = None,
) -> Response:
    """The documents as a table: sortable columns, facets with counts, filters in the URL, downloads."""
    db = request.app.state.reader.corpus().db
    if download:
        rows, _ = document_rows(db, filters, sort, DOWNLOAD_ROWS, 0)
        return download_response(rows, download, "summitry-documents")
    rows, total = document_rows(db, filters, sort, pages.per_page, pages.offset)
    state = {k: v for k, v in request.query_params.items() if k not in ("page", "download")}
    return page(request, "documents.html", rows=rows, total=total, filters=filters, facets=facets(db, filters),
                sort=sort, state=state, links=pages.links(request, pages.offset + len(rows) < total))


@router.get("/documents/{doc_id}")
def document_page(
    request: Request,
    doc_id: Annotated[int, Path(ge=1, le=2**62)],
    q: Annotated[str | None, Query(max_length=500, description="Words to mark in the transcript (a search's query).")] = None,
) -> Response:
    corpus = request.app.state.reader.corpus()
    record = corpus.document(doc_id)
    if record is None:
        raise HTTPException(404, f"no document {doc_id}")
    record.update(queries.versions(corpus.db, doc_id))
    captions = record["captions"] + [s["text"] for s in record["segments"] if s["kind"] == "caption"]
    return page(request, "document.html", doc=record, colours=speaker_classes(record["segments"]),
                captions=list(dict.fromkeys(captions)), q=(q or "").strip())


@router.get("/speakers")
def speakers_page(request: Request, pages: Annotated[Paging, Depends(paging)]) -> Response:
    rows, total = queries.speakers_page(request.app.state.reader, pages.per_page, pages.offset)
    return page(request, "speakers.html", rows=rows, total=total,
                links=pages.links(request, pages.offset + len(rows) < total))


@router.get("/speakers/{person_id}")
def speaker_page(
    request: Request,
    person_id: Annotated[str, Path(max_length=200)],
    pages: Annotated[Paging, Depends(paging)],
    year: Annotated[str | None, Query(pattern=r"^\d{4}$", description="Only the turns of this year.")] = None,
) -> Response:
    db = request.app.state.reader.corpus().db
    person = queries.speaker(db, person_id)
    if person is None:
        raise HTTPException(404, f"no speaker {person_id!r}")
    corpus = request.app.state.reader.corpus()
    person["distinctive"] = request.app.state.reader.cached(
        f"distinctive:{person_id}", lambda _: queries.distinctive_terms(corpus, person_id)
    )
    turns = queries.speaker_turns(db, person_id, pages.per_page + 1, pages.offset, year)
    here = f"/speakers/{quote(person_id)}"
    chart = bar_chart(
        [(y["year"], y["words"], with_query(here, year=y["year"]) + "#turns") for y in person["by_year"]], "words"
    ) if person["by_year"] else None
    return page(request, "speaker.html", person=person, turns=turns[: pages.per_page], chart=chart, year=year,
                links=pages.links(request, len(turns) > pages.per_page))


@router.get("/ingest")
def ingest_form(request: Request) -> Response:
    jobs = upload_jobs(request)
    token = form_token(request)
    response = page(request, "ingest.html", jobs=jobs.recent(), suffixes=UPLOAD_SUFFIXES, max_bytes=MAX_UPLOAD_BYTES,
                    csrf_field=TOKEN_FIELD, csrf_token=token, api_token_field=FORM_FIELD if tokens_required(request) else None)
    set_token_cookie(response, token)
    return response


@router.post("/ingest")
async def ingest_upload(request: Request) -> Response:
    job = await receive_upload(request, from_form=True)
    return RedirectResponse(f"/ingest/{job.id}", status_code=303)


@router.get("/ingest/{job_id}")
def ingest_progress(request: Request, job_id: Annotated[str, Path(max_length=64)]) -> Response:
    jobs = request.app.state.jobs
    job = jobs.get(job_id) if jobs is not None else None
    if job is None:
        raise HTTPException(404, f"no ingest job {job_id!r}")
    return page(request, "ingest_job.html", job=job)


@router.get("/docs")
def api_docs(request: Request) -> Response:
    return page(request, "api_docs.html", spec=request.app.openapi())


@router.get("/events")
def events_page(
    request: Request,
    pages: Annotated[Paging, Depends(paging)],
    filters: Annotated[dict[str, str | None], Depends(event_filters)],
) -> Response:
    rows = event_rows(request.app.state.reader.corpus(), **filters)
    chunk = rows[pages.offset : pages.offset + pages.per_page]
    places = meeting_places(rows)
    placed = [p for p in places if p["latitude"] is not None]
    chart = place_map([(p["city"], p["latitude"], p["longitude"], p["events"], with_query("/events", filters, place=p["city"]))
                       for p in placed]) if placed else None
    days = [e["date"] for e in chunk if e["visit"]]  # the visits of this page's sessions only
    visits = {v["id"]: v for v in list_visits(request.app.state.reader.corpus(), min(days), max(days))} if days else {}
    return page(request, "events.html", rows=chunk, total=len(rows), filters=filters, places=places, map=chart, visits=visits,
                kinds=request.app.state.reader.cached("choices", queries.choices)["kind"], links=pages.links(request, pages.offset + len(chunk) < len(rows)))


@router.get("/events/{event_id}")
def event_page(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> Response:
    try:
        event = event_detail(request.app.state.reader.corpus(), event_id)
    except EventError as exc:
        raise HTTPException(404, str(exc)) from None
    for doc in event["documents"]:
        doc["summary"] = summary(doc["adds"])
    return page(request, "event.html", event=event)


@router.get("/compare/{event_id}")
async def event_compare_page(request: Request, event_id: Annotated[str, Path(max_length=200)]) -> Response:
    """Every divergence among an event's versions, the unsupported claims first."""
    found = await bounded_event_divergences(request, event_id)
    titles = dict(request.app.state.reader.corpus().db.execute(
        "SELECT d.id, d.title FROM event_documents x JOIN documents d ON d.id = x.document_id WHERE x.event_id = ?", (event_id,)
    ).fetchall())
    return page(request, "compare_event.html", found=found, titles=titles)


@router.get("/compare/{a}/{b}")
async def compare_page(
    request: Request, a: Annotated[int, Path(ge=1, le=2**62)], b: Annotated[int, Path(ge=1, le=2**62)]
) -> Response:
    comparison, doc_a, doc_b = await bounded_comparison(request, a, b)
    marked = {(d["document"], d["position"]) for d in comparison["divergences"]}
    texts = {d["text"] for d in comparison["divergences"]}
    return page(request, "compare.html", c=comparison, a=doc_a, b=doc_b, marked=marked, texts=texts,
                colours=speaker_classes(doc_a["segments"] + doc_b["segments"]))


@router.get("/utterances/{utterance}")
def utterance_page(
    request: Request,
    utterance: Annotated[int, Path(ge=1, le=2**62)],
    q: Annotated[str | None, Query(max_length=500, description="Words to mark in the transcript.")] = None,
) -> Response:
    """An utterance's place: its turn inside its transcript (the query's words marked)."""
    row = request.app.state.reader.corpus().db.execute(
        "SELECT document_id, position FROM segments WHERE id = ?", (utterance,)
    ).fetchone()
    if row is None:
        raise HTTPException(404, f"no utterance {utterance}")
    return RedirectResponse(with_query(f"/documents/{row[0]}", q=(q or "").strip()) + f"#t{row[1]}", status_code=303)


@router.get("/charts")
def charts_page(
    request: Request,
    term: Annotated[str | None, Query(max_length=200, description="A word or phrase (word* for a prefix).")] = None,
    by: Annotated[Literal["year", "month"], Query()] = "year",
    about: Annotated[str | None, Query(max_length=100, description="Figures about this word (trade, gas…).")] = None,
    unit: Annotated[str | None, Query(max_length=20)] = None,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    corpus = request.app.state.reader.corpus()
    term_chart = figure_chart = None
    if not queries.has_table(corpus.db, "enrichment"):
        raise HTTPException(409, "this corpus has no enrichment yet (run summitry enrich, or ingest again)")
    if term and term.strip():
        term_chart = trend_chart(trend(corpus, term.strip(), by=by, per_speaker=True, speaker=speaker or None), term.strip(), by)
    figure_unit, units = None, []
    if about and about.strip() or unit and unit.strip():
        stated = figures(corpus, about=(about or "").strip() or None, speaker=speaker or None, limit=5000)
        figure_chart, figure_unit, units = figures_chart(corpus.db, stated, unit)
    return page(request, "charts.html", term=term or "", by=by, about=about or "", unit=unit or "", speaker=speaker or "",
                term_chart=term_chart, figure_chart=figure_chart, figure_unit=figure_unit, units=units)


def trend_chart(rows: list[dict[str, Any]], term: str, by: str, top: int = 6) -> Any:
    """Hits per 10,000 words over time, one line for each of the `top` speakers with most hits; each
    point lists that period's turns by that speaker."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["person_id"]] = totals.get(r["person_id"], 0) + r["hits"]
    chosen = [p for p, n in sorted(totals.items(), key=lambda kv: -kv[1]) if n][:top]
    series: dict[str, list[tuple[str, float, str, str]]] = {}
    for r in rows:
        if r["person_id"] in chosen:
            period = r[by]
            link = with_query("/search", q=term, speaker=r["person_id"], since=period, until=period)
            title = f"{r['speaker']}, {period}: {r['hits']} hits, {r['per_10k']} per 10,000 words"
            series.setdefault(r["speaker"] or r["person_id"], []).append((period, r["per_10k"], link, title))
    return line_chart(series, "per 10,000 words", legend="Speaker") if series else None


def figures_chart(
    db: sqlite3.Connection, rows: list[dict[str, Any]], unit: str | None
) -> tuple[Any, str | None, list[tuple[str, int]]]:
    """Stated figures of one unit over time (the unit asked for, or the most stated one), a series for
    each measure and pair of countries; each point opens the sentence's turn. Returns the chart, its
    unit, and every unit found with its count."""
    by_unit: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        if r["date"] and isinstance(r["value"], (int, float)):
            by_unit.setdefault(r["unit"] or "number", []).append(r)
    units = sorted(((u, len(rs)) for u, rs in by_unit.items()), key=lambda x: -x[1])
    chosen = next((u for u, _ in units if unit and u.lower() == unit.lower()), units[0][0] if units else None)
    if chosen is None:
        return None, None, units
    parties = _parties(db, {r["document"] for r in by_unit[chosen]})
    series: dict[str, list[tuple[str, float, str, str]]] = {}
    for r in by_unit[chosen]:  # one series per measure and the countries that speak: never a line through unrelated figures
        name = " · ".join(x for x in (r["measure"] or r["noun"] or "other", parties.get(r["document"])) if x)
        series.setdefault(name, []).append(
            (r["date"], r["value"], f"/utterances/{r['utterance']}", f"{r['date']} {r['speaker'] or ''}: {r['sentence']}"))
    shown = dict(sorted(series.items(), key=lambda kv: -len(kv[1]))[:FIGURE_SERIES])
    lines = all(len(points) <= 60 for points in shown.values())
    return line_chart(shown, chosen, lines=lines, legend="What it measures · between whom"), chosen, units


FIGURE_SERIES = 8  # series of one figures chart, the most stated first


def _parties(db: sqlite3.Connection, documents: set[int]) -> dict[int, str]:
    """The countries whose persons speak in each document ("BY–RU"), from the person registry."""
    found: dict[int, str] = {}
    ids = sorted(documents)
    for at in range(0, len(ids), 500):
        chunk = ids[at : at + 500]
        for document, countries in db.execute(
            f"""SELECT s.document_id, GROUP_CONCAT(DISTINCT p.country) FROM segments s JOIN persons p ON p.id = s.person_id
                WHERE s.kind = 'turn' AND p.country IS NOT NULL AND s.document_id IN ({','.join('?' * len(chunk))})
                GROUP BY s.document_id""",
            chunk,
        ):
            found[document] = "–".join(sorted(set(countries.split(","))))
    return found
