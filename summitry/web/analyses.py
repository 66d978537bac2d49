"""The analyses as JSON, one endpoint each, for the web's panels and for scripts: contexts (kwic),
collocates, word frequencies, distinctive words (keyness). Each list comes in the API's page shape
(``items``, ``total``, ``page``, ``per_page``, ``limit``, ``offset``, ``next``, ``prev``) and takes the
filters every query takes (speaker, dates, event, publisher, language, event kind, versions)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from ..queries import analysis
from ..queries.corpus import Corpus, QueryError
from .models import Paged
from .params import Paging, Since, Until, blank_as_none, paging

router = APIRouter(prefix="/api", tags=["analyses"])
Term = Annotated[str, Query(min_length=1, max_length=200, pattern=r"\S", description='A word or phrase; word* for a prefix.')]
ANALYSED_AT_MOST = 10_000  # rows an analysis gives before it is paged (kwic lines)


@dataclass(frozen=True)
class AnalysisFilters:
    """The filters of an analysis: whose words, when, in which documents, and which versions."""

    speaker: str | None
    since: str | None
    until: str | None
    event: str | None
    publisher: str | None
    language: str | None
    kind: str | None
    versions: Literal["once", "all"]
    stopwords: bool

    def corpus(self, request: Request) -> Corpus:
        """The server's corpus, its queries reading only the documents these filters keep."""
        corpus: Corpus = request.app.state.reader.corpus()
        return corpus.scoped(self.event, self.publisher, self.language, self.kind)

    @property
    def all_versions(self) -> bool:
        return self.versions == "all"


def analysis_filters(
    speaker: Annotated[str | None, Query(max_length=200, description="Name, id or printed label.")] = None,
    since: Since = None,
    until: Until = None,
    event: Annotated[str | None, Query(max_length=200, description="An event id.")] = None,
    publisher: Annotated[str | None, Query(max_length=200, description="A part of the publisher's name.")] = None,
    language: Annotated[str | None, Query(max_length=10, description="A language code: en, ru.")] = None,
    kind: Annotated[str | None, Query(max_length=50, description="An event kind: talks, meeting…")] = None,
    versions: Annotated[Literal["once", "all"], Query(description="once: each meeting once per language; all: every version.")] = "once",
    stopwords: Annotated[bool, Query(description="Keep stopwords (left out by default).")] = False,
) -> AnalysisFilters:
    clean = blank_as_none
    return AnalysisFilters(clean(speaker), clean(since), clean(until), clean(event), clean(publisher), clean(language),
                           clean(kind), versions, stopwords)


Filters = Annotated[AnalysisFilters, Depends(analysis_filters)]
Pages = Annotated[Paging, Depends(paging)]


def paged_rows(request: Request, pages: Paging, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One page of rows in the API's page shape."""
    chunk = rows[pages.offset : pages.offset + pages.per_page]
    return {"items": chunk, "total": len(rows), **pages.links(request, pages.offset + len(chunk) < len(rows))}


@router.get("/kwic", response_model=Paged[dict[str, Any]], summary="Contexts: each occurrence of a word or phrase, in date order")
def contexts(request: Request, q: Term, filters: Filters, pages: Pages,
             width: Annotated[int, Query(ge=10, le=200, description="Characters of context on each side.")] = 60) -> dict[str, Any]:
    corpus = filters.corpus(request)
    return paged_rows(request, pages, analysis.kwic(
        corpus, q, width, filters.speaker, filters.since, filters.until, ANALYSED_AT_MOST, filters.all_versions))


@router.get("/collocates", response_model=Paged[dict[str, Any]], summary="Words said near a word or phrase, most attracted first")
def collocates(request: Request, q: Term, filters: Filters, pages: Pages,
               window: Annotated[int, Query(ge=1, le=20, description="Words on each side.")] = 5,
               min_count: Annotated[int, Query(ge=1, le=1000)] = 2) -> dict[str, Any]:
    corpus = filters.corpus(request)
    return paged_rows(request, pages, analysis.collocates(
        corpus, q, window, filters.speaker, filters.since, filters.until, None, min_count, filters.stopwords, filters.all_versions))


@router.get("/frequencies", response_model=Paged[dict[str, Any]], summary="The words said most often")
def frequencies(request: Request, filters: Filters, pages: Pages) -> dict[str, Any]:
    corpus = filters.corpus(request)
    return paged_rows(request, pages, analysis.frequencies(
        corpus, filters.speaker, filters.since, filters.until, filters.stopwords, filters.all_versions))


@router.get("/keyness", response_model=Paged[dict[str, Any]], summary="Words distinctive of a speaker: log-likelihood and log ratio")
def keyness(request: Request, filters: Filters, pages: Pages,
            vs: Annotated[str | None, Query(max_length=200, description="Against this speaker (default: everyone else).")] = None,
            min_count: Annotated[int, Query(ge=1, le=1000)] = 3) -> dict[str, Any]:
    """The speaker (``speaker``, required here) against another (``vs``) or everyone else."""
    if not filters.speaker:
        raise QueryError("speaker: keyness needs the speaker whose words are looked at")
    corpus = filters.corpus(request)
    return paged_rows(request, pages, analysis.keyness(
        corpus, filters.speaker, vs or None, None, min_count, 3.84, filters.all_versions, filters.stopwords))
