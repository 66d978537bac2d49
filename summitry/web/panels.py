"""The analysis page (`/analyse`): Voyant's panels over the corpus, one at a time, each with the filters
every query takes, its rows downloadable as CSV or JSON, and the page's URL holding its whole state.

Panels: contexts (kwic, sortable by the words left or right of the match), collocates, word
frequencies with a term cloud, distinctive words of a speaker, and trends of several terms on one
chart. Each term links to its contexts, each context to its turn in the transcript.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..queries import analysis
from ..queries.corpus import QueryError
from .analyses import AnalysisFilters, analysis_filters
from .charts import line_chart
from .downloads import download_response
from .params import Paging, paging
from .render import page, with_query

router = APIRouter(include_in_schema=False)
Panel = Literal["contexts", "collocates", "frequencies", "distinctive", "trends"]
PANELS: dict[str, str] = {
    "contexts": "Contexts", "collocates": "Collocates", "frequencies": "Frequencies", "distinctive": "Distinctive words",
    "trends": "Trends",
}
CLOUD_WORDS = 60
CLOUD_SIZES = 5
MAX_TERMS = 6  # terms on one trend chart
MAX_SERIES = 10  # lines on it, per speaker: those with most hits
ROWS_AT_MOST = 10_000


def _rows(panel: str, q: str, filters: AnalysisFilters, request: Request, sort: str, vs: str | None, by: str,
          per_speaker: bool = False) -> list[dict[str, Any]]:
    corpus = filters.corpus(request)
    once = filters.all_versions
    if panel == "frequencies":
        return analysis.frequencies(corpus, filters.speaker, filters.since, filters.until, filters.stopwords, once)
    if panel == "distinctive":
        if not filters.speaker:
            return []  # the form asks for one
        return analysis.keyness(corpus, filters.speaker, vs, None, 3, 3.84, once, filters.stopwords)
    if not q:
        return []
    if panel == "contexts":
        rows = analysis.kwic(corpus, q, 60, filters.speaker, filters.since, filters.until, ROWS_AT_MOST, once)
        if sort == "left":
            rows.sort(key=lambda r: (r["left"].split()[-1:] or [""])[0].lower())
        elif sort == "right":
            rows.sort(key=lambda r: (r["right"].split()[:1] or [""])[0].lower())
        return rows
    if panel == "collocates":
        return analysis.collocates(corpus, q, 5, filters.speaker, filters.since, filters.until, None, 2, filters.stopwords, once)
    terms = [t.strip() for t in q.split(",") if t.strip()][:MAX_TERMS]
    return [
        {"term": term, **row}
        for term in terms
        for row in analysis.trend(corpus, term, by, per_speaker, filters.speaker, once, filters.since, filters.until)  # type: ignore[arg-type]
    ]


def _cloud(rows: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The most frequent words, each with a size from 1 to CLOUD_SIZES growing with the logarithm of
    its count (a CSS class: the pages allow no inline style), in alphabetical order."""
    top = rows[:CLOUD_WORDS]
    if not top:
        return []
    high, low = math.log(top[0]["count"] + 1), math.log(top[-1]["count"] + 1)
    span = high - low or 1.0
    return sorted((r["term"], 1 + round((CLOUD_SIZES - 1) * (math.log(r["count"] + 1) - low) / span)) for r in top)


def _trend_chart(rows: list[dict[str, Any]], by: str, filters: AnalysisFilters) -> Any:
    series: dict[str, list[tuple[str, float, str, str]]] = {}
    spoken = {(r["term"], r.get("person_id")) for r in rows if r["hits"]}  # a speaker's line only where they say it
    for r in rows:
        if "person_id" in r and (r["term"], r["person_id"]) not in spoken:
            continue
        period, who = r[by], r.get("speaker")
        name = f"{r['term']} · {who}" if "person_id" in r else r["term"]
        link = with_query("/search", q=r["term"], speaker=r.get("person_id") or filters.speaker, since=period, until=period)
        title = f"{name}, {period}: {r['hits']} hits, {r['per_10k']} per 10,000 words"
        series.setdefault(name, []).append((period, r["per_10k"], link, title))
    if len(series) > MAX_SERIES:  # the lines with most hits
        hits = {name: sum(p[1] for p in points) for name, points in series.items()}
        series = {name: series[name] for name in sorted(hits, key=lambda n: -hits[n])[:MAX_SERIES]}
    legend = "Term · speaker" if any("person_id" in r for r in rows) else "Term"
    return line_chart(series, "per 10,000 words", legend=legend) if any(p[1] for points in series.values() for p in points) else None


@router.get("/analyse")
def analyse_page(
    request: Request,
    filters: Annotated[AnalysisFilters, Depends(analysis_filters)],
    pages: Annotated[Paging, Depends(paging)],
    panel: Panel = "contexts",
    q: Annotated[str, Query(max_length=500)] = "",
    vs: Annotated[str | None, Query(max_length=200)] = None,
    sort: Literal["date", "left", "right"] = "date",
    by: Literal["year", "month"] = "year",
    per_speaker: bool = False,
    download: Literal["csv", "json"] | None = None,
) -> Response:
    q = q.strip()
    error = None
    try:
        rows = _rows(panel, q, filters, request, sort, (vs or "").strip() or None, by, per_speaker)
    except QueryError as exc:
        if download:
            raise
        rows, error = [], str(exc)
    if download:
        return download_response(rows, download, f"summitry-{panel}")
    state = {k: v for k, v in request.query_params.items() if k not in ("page", "download")}
    shown = rows[pages.offset : pages.offset + pages.per_page]
    links = pages.links(request, pages.offset + len(shown) < len(rows))
    return page(request, "analyse.html", **{
        "panel": panel, "panels": PANELS, "q": q, "vs": vs or "",
        "sort": sort, "by": by, "per_speaker": per_speaker, "filters": filters, "rows": shown, "total": len(rows), "links": links, "error": error,
        "state": state, "cloud": _cloud(rows) if panel == "frequencies" else [],
        "chart": _trend_chart(rows, by, filters) if panel == "trends" and rows else None,
    })
