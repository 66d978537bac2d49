"""Stated figures and mentions as tables, the datasette way: the rows of the analysis (queries.analysis)
filtered by the filters every query takes and by their own columns, sorted by any column, with facet
counts whose values filter, the state in the URL, and CSV and JSON downloads of every row.

Facets are counted over the rows kept (an analysis keeps at most TABLE_ROWS, and the page says so when
it stops there), not in SQL: they are the analysis's own values (a figure's unit and measure, a
mention's type and entity).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from ..queries import analysis
from ..queries.corpus import QueryError
from .analyses import AnalysisFilters, analysis_filters
from .downloads import download_response
from .params import Paging, paging
from .render import page

router = APIRouter(include_in_schema=False)
TABLE_ROWS = 20_000
FACET_VALUES = 12


@dataclass(frozen=True)
class Table:
    """What one table shows: its columns (key, heading), the columns it facets and filters by."""

    title: str
    columns: tuple[tuple[str, str], ...]
    facets: tuple[str, ...]


TABLES = {
    "figures": Table("Stated figures", (("date", "Date"), ("speaker", "Speaker"), ("text", "As said"), ("value", "Value"),
                                        ("unit", "Unit"), ("measure", "Measures"), ("qualifier", "Qualifier"),
                                        ("sentence", "Sentence")), ("unit", "kind", "measure", "speaker", "year")),
    "mentions": Table("Mentions", (("date", "Date"), ("speaker", "Speaker"), ("name", "Mentioned"), ("type", "Type"),
                                   ("sentence", "Sentence")), ("type", "name", "speaker", "year")),
}


def _rows(kind: str, request: Request, filters: AnalysisFilters) -> list[dict[str, Any]]:
    corpus = filters.corpus(request)
    if kind == "figures":
        return analysis.figures(corpus, None, None, None, filters.speaker, filters.since, filters.until, TABLE_ROWS,
                                filters.all_versions)
    return analysis.mentions(corpus, None, None, filters.speaker, filters.since, filters.until, TABLE_ROWS, filters.all_versions)


def _value(row: dict[str, Any], column: str) -> Any:
    return (row.get("date") or "")[:4] or None if column == "year" else row.get(column)


def _facets(rows: list[dict[str, Any]], table: Table, chosen: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    found = {}
    for column in table.facets:
        counts = Counter(str(v) for v in (_value(r, column) for r in rows) if v not in (None, ""))
        found[column] = [{"value": value, "count": n, "selected": chosen.get(column) == value}
                         for value, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]]
    return found


def _sort(rows: list[dict[str, Any]], sort: str, table: Table) -> list[dict[str, Any]]:
    column = sort.removeprefix("-")
    if column not in {key for key, _ in table.columns}:
        raise QueryError(f"sort: {sort!r} is not one of {', '.join(key for key, _ in table.columns)} (a leading - sorts down)")
    present = [r for r in rows if r.get(column) is not None]
    missing = [r for r in rows if r.get(column) is None]
    present.sort(key=lambda r: (isinstance(r[column], str), r[column]), reverse=sort.startswith("-"))
    return present + missing  # rows without the value last either way


@router.get("/figures")
@router.get("/mentions")
def table_page(
    request: Request,
    filters: Annotated[AnalysisFilters, Depends(analysis_filters)],
    pages: Annotated[Paging, Depends(paging)],
    sort: Annotated[str, Query(max_length=40)] = "date",
    download: Literal["csv", "json"] | None = None,
    unit: Annotated[str | None, Query(max_length=40)] = None,
    measure: Annotated[str | None, Query(max_length=100)] = None,
    type: Annotated[str | None, Query(max_length=40)] = None,
    name: Annotated[str | None, Query(max_length=200)] = None,
    year: Annotated[str | None, Query(pattern=r"^([0-9]{4})?$")] = None,
) -> Response:
    kind = request.url.path.strip("/")
    table = TABLES[kind]
    chosen = {k: v for k, v in {"unit": unit, "kind": request.query_params.get("figure_kind"), "measure": measure,
                                "type": type, "name": name, "year": year}.items() if v and k in table.facets}
    speaker_facet = request.query_params.get("speaker")
    if speaker_facet:
        chosen["speaker"] = speaker_facet
    rows = _rows(kind, request, filters)
    capped = len(rows) >= TABLE_ROWS  # the analysis stopped there: facets and totals count its first rows
    rows = [r for r in rows if all(column == "speaker" or str(_value(r, column)) == value for column, value in chosen.items())]
    rows = _sort(rows, sort, table)
    if download:
        return download_response(rows, download, f"summitry-{kind}")
    state = {k: v for k, v in request.query_params.items() if k not in ("page", "download")}
    shown = rows[pages.offset : pages.offset + pages.per_page]
    return page(request, "table.html", **{
        "kind": kind, "table": table, "rows": shown, "total": len(rows),
        "facets": _facets(rows, table, chosen), "chosen": chosen, "sort": sort, "state": state, "filters": filters,
        "links": pages.links(request, pages.offset + len(shown) < len(rows)),
        "facet_param": {"kind": "figure_kind"}, "capped": TABLE_ROWS if capped else None,
    })
