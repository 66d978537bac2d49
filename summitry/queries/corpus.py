"""The Python API over one corpus database: ingest pages, list and read documents, search turns.

    corpus = summitry.Corpus("summitry.db")
    report = corpus.ingest(["pages/"])
    corpus.documents(); corpus.document(1); corpus.search("weapons", speaker="Putin")

Every method returns plain records (dicts and dataclasses) that load straight into pandas.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, TypeVar

from ..events.link import document_events, link_documents
from ..formats.imports import corpus_imports, import_pages
from ..formats.selection import FormatError
from ..formats.shards import read_shard, shard_paths
from ..pipeline.core import process_pages
from ..pipeline.fetch import FetchPolicy
from ..pipeline.read import DEFAULT_MAX_BYTES, make_page, read_pages
from ..records import Document, Failure, Page
from ..store.corrections import CorrectionError, corrections, merge_persons, rename_person
from ..store.filters import Scope, counted_once, date_filters, scope_filters
from ..store.ingest_lock import ingest_lock
from ..store.sqlite import BatchLost, Store, default_db_path
from .limits import QueryError, time_limit
from .reparse import ReparseReport, differences, origin, readings
from .search import SearchSQL, search_sql
from .snippets import has_unspaced, match_pattern, snippet

T = TypeVar("T")
COMMIT_EVERY_PAGES = 500
COMMIT_EVERY_SECONDS = 2.0


@dataclass
class IngestReport:
    pages: int = 0  # pages read (failed reads included)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # pages of documents an analyst removed (summitry remove), left out
    turns: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    linked: int = 0  # documents linked to events at the end of the run
    link_seconds: float = 0.0

    @property
    def documents(self) -> int:
        return self.added + self.updated


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl+C (SIGINT) stopped an ingest; everything it stored until then is committed and kept.
    ``report`` counts what was stored."""

    def __init__(self, report: IngestReport) -> None:
        super().__init__(f"interrupted; {report.documents} pages stored")
        self.report = report


def _shard_results(shard: os.PathLike[str]) -> Iterator[tuple[Page, Document | Failure]]:
    """The pages of a shard; a shard that cannot be read is one failure, and the load goes on."""
    try:
        yield from read_shard(shard)
    except FormatError as exc:
        source = os.fspath(shard)
        yield make_page(source, b"", "text/plain"), Failure(source, str(exc).removeprefix(f"{source}: "))


class Corpus:
    def __init__(self, path: str | os.PathLike[str] | None = None, read_only: bool = False) -> None:
        """read_only: open an existing database that this object can never write to."""
        self.store = Store(path or default_db_path(), read_only)
        self.db = self.store.db
        self.scope = Scope()

    def scoped(
        self, event: str | None = None, publisher: str | None = None, language: str | None = None, kind: str | None = None
    ) -> Corpus:
        """The same corpus, its queries (search, documents, the analyses) reading only the documents of
        an event, a publisher (a part of its name), a language (its code) or an event kind; it shares
        this one's connection. A value that names nothing stored is a QueryError, with what is."""
        view = copy.copy(self)
        view.scope = Scope(event, publisher, language, kind)
        scope_filters(self.db, view.scope)  # checked now: a bad value is an error before any query
        return view

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ingest ---------------------------------------------------------------------------------
    def ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        workers: int = 1,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_page: Callable[[str, IngestReport], None] | None = None,
        on_wait: Callable[[], None] | None = None,
        fetch: FetchPolicy = "any",
    ) -> IngestReport:
        """Read, parse and store every page under the paths. A page that fails is recorded with its
        reason and skipped; pages already stored (same bytes) are not parsed again. One ingest into
        a database at a time: while another runs, this one waits, and calls on_wait() once first
        (summitry.store.ingest_lock). fetch says which URLs may be fetched: "any", "public" (public
        addresses only) or "none" (summitry.pipeline.fetch.FetchPolicy)."""
        with ingest_lock(self.store.path, on_wait):
            return self._ingest(paths, workers, max_bytes, on_page, fetch)

    def _ingest(
        self,
        paths: Iterable[str | os.PathLike[str]],
        workers: int,
        max_bytes: int,
        on_page: Callable[[str, IngestReport], None] | None,
        fetch: FetchPolicy = "any",
        again: set[str] | None = None,
    ) -> IngestReport:
        """Ingest the paths; ``again`` (a reparse): only the pages of these sources, each parsed and
        stored again even when its bytes are those stored."""
        report = IngestReport()
        self.store.reload()  # another ingest may have run while this one waited
        started = time.monotonic()
        store = self.store
        failed_reads: list[Failure] = []
        paths = list(paths)
        imports = [p for p in paths if corpus_imports(p)]  # ConvoKit folders and TEI files (summitry.formats.imports)

        def imported() -> Iterator[tuple[Page, Document | Failure]]:
            for path in imports:
                for page, result in import_pages(path):
                    if again is None or page.source in again:
                        report.pages += 1
                        yield page, result

        def new_pages() -> Iterator[Page]:
            for item in read_pages([p for p in paths if p not in imports], max_bytes, fetch):
                if again is not None and item.source not in again and not isinstance(item, Failure):
                    continue  # another page of a file that holds several (a WARC archive)
                report.pages += 1
                if isinstance(item, Failure):
                    failed_reads.append(item)
                elif item.source in store.corrections.removed:
                    report.removed += 1
                elif again is None and store.has_page(item.sha256, item.source):
                    report.unchanged += 1
                    if on_page:
                        on_page(item.source, report)
                else:
                    yield item

        parsed = process_pages(new_pages(), workers)
        self._store_all(chain(imported(), parsed), report, started, on_page, again is not None, failed_reads, parsed.close)
        return report

    def load(
        self, shards: Iterable[str | os.PathLike[str]], on_page: Callable[[str, IngestReport], None] | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Store the pages of Parquet shards (summitry.formats.shards: what ``ingest --engine dask``
        and its workers made), in order; then link, as an ingest does. Idempotent: a page stored
        already (same bytes, same source) is unchanged, so loading a shard twice changes nothing. A
        path that is not a shard is a QueryError naming it, before anything is stored."""
        try:
            found = shard_paths(shards)
        except FormatError as exc:
            raise QueryError(str(exc)) from None
        with ingest_lock(self.store.path, on_wait):
            return self.store_results(chain.from_iterable(_shard_results(shard) for shard in found), on_page)

    def store_results(
        self, results: Iterator[tuple[Page, Document | Failure]], on_page: Callable[[str, IngestReport], None] | None = None,
        close: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Store pages parsed elsewhere, each with its document or failure, then link; the caller
        holds the ingest lock. ``close`` stops whatever makes the results when storing stops early."""
        report = IngestReport()
        self.store.reload()

        def counted() -> Iterator[tuple[Page, Document | Failure]]:
            for item in results:
                report.pages += 1
                yield item

        self._store_all(counted(), report, time.monotonic(), on_page, False, [], close or (lambda: None))
        return report

    def _store_all(
        self, results: Iterator[tuple[Page, Document | Failure]], report: IngestReport, started: float,
        on_page: Callable[[str, IngestReport], None] | None, again: bool, failed_reads: list[Failure],
        close: Callable[[], None],
    ) -> None:
        """Store each result (the read failures found meanwhile recorded in turn), committing every
        COMMIT_EVERY_PAGES pages or COMMIT_EVERY_SECONDS; then merge the index and link the events.
        Stopped early (Ctrl+C, an error), what was stored is committed and ``close`` is called."""
        store = self.store
        last_commit, pending = started, 0
        store.begin()
        try:
            for page, result in results:
                self._record(page, result, report, again)
                while failed_reads:
                    self._fail(failed_reads.pop(0), report)
                if on_page:
                    on_page(page.source, report)
                pending += 1
                now = time.monotonic()
                if pending >= COMMIT_EVERY_PAGES or now - last_commit > COMMIT_EVERY_SECONDS:
                    store.commit()
                    store.begin()
                    last_commit, pending = now, 0
            while failed_reads:
                self._fail(failed_reads.pop(0), report)
            store.commit()
        except KeyboardInterrupt as exc:
            close()  # the workers stop first (pipeline.core)
            store.commit()  # keep what was stored before the interruption
            report.seconds = time.monotonic() - started
            raise IngestInterrupted(report) from exc
        except BaseException:
            close()
            store.commit()  # keep what was stored before an interruption
            raise
        store.merge_index(report.turns)
        linking = link_documents(self.db)
        report.linked, report.link_seconds = linking.documents, linking.seconds
        report.seconds = time.monotonic() - started

    def _fail(self, failure: Failure, report: IngestReport) -> None:
        report.failures.append(failure)
        self.store.record_failure(failure)

    def _record(self, page: Page, result: object, report: IngestReport, again: bool = False) -> None:
        if isinstance(result, Failure):
            self._fail(result, report)
            return
        try:
            outcome = self.store.add(page, result, again)  # type: ignore[arg-type]
        except BatchLost:
            raise  # the batch is gone: the ingest stops, what was committed before is kept
        except sqlite3.Error as exc:
            self._fail(Failure(page.source, f"cannot store ({exc})"), report)
            return
        setattr(report, outcome, getattr(report, outcome) + 1)
        if outcome in ("added", "updated"):
            report.turns += len(result.turns)  # type: ignore[attr-defined]

    # parsing again and correcting -----------------------------------------------------------
    def reparse(self, doc_ids: Iterable[int] | None = None, workers: int = 1) -> ReparseReport:
        """Parse the pages of stored documents (all, or these ids) again with the current data
        (persons, places, patterns, site profiles: SUMMITRY_DATA included) and store them again, the
        recorded corrections kept; the report lists what changed, field by field. A page that cannot
        be read again (its file gone) is a failure, and its document stays as it was."""
        started = time.monotonic()
        ids = None if doc_ids is None else list(doc_ids)
        if ids is None:
            sources = [row[0] for row in self.db.execute("SELECT source FROM documents ORDER BY id")]
        else:
            sources = [self._source_of(doc_id) for doc_id in ids]
        report = ReparseReport(documents=len(sources))
        if not sources:
            return report
        asked = None if ids is None else sources
        before = readings(self.db, asked)
        paths = list(dict.fromkeys(origin(source) for source in sources))
        with ingest_lock(self.store.path, None):
            ingested = self._ingest(paths, workers, DEFAULT_MAX_BYTES, None, again=set(sources))
        report.stored, report.failures = ingested.documents, ingested.failures
        report.changes = differences(before, readings(self.db, asked))
        report.seconds = time.monotonic() - started
        return report

    def _source_of(self, doc_id: int) -> str:
        row = self.db.execute("SELECT source FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise QueryError(f"document: no document has the id {doc_id} (summitry documents lists them)")
        return str(row[0])

    def remove_documents(self, doc_ids: Iterable[int]) -> list[str]:
        """Remove documents, recorded so that their pages stay out when ingested again; returns their
        sources. Their events are linked again."""
        try:
            sources = self.store.remove_documents(list(doc_ids))
        except CorrectionError as exc:
            raise QueryError(str(exc)) from None
        link_documents(self.db)
        return sources

    def merge_persons(self, merged: str, kept: str) -> int:
        """Give every turn of one person to another and drop the first, recorded so that pages parsed
        or ingested later do the same; returns how many turns moved."""
        return self._correct(lambda db: merge_persons(db, merged, kept))

    def rename_person(self, person: str, name: str) -> str:
        """Give a person another name, recorded so that pages parsed later keep it; returns the old one."""
        return self._correct(lambda db: rename_person(db, person, name))

    def corrections(self) -> list[dict[str, Any]]:
        """The recorded corrections, oldest first."""
        return corrections(self.db)

    def _correct(self, change: Callable[[sqlite3.Connection], T]) -> T:
        try:
            return self.store.correct(change)
        except CorrectionError as exc:
            raise QueryError(str(exc)) from None

    # reading --------------------------------------------------------------------------------
    def documents(
        self, limit: int | None = None, offset: int = 0, since: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        """The documents in date order (those of no date last), of the scope and date range given."""
        where, params = self._document_filters(since, until)
        rows = self.db.execute(
            f"""SELECT id, date, time, city, venue, title, publisher, language, url, source, turns, words,
                      (SELECT event_id FROM event_documents e WHERE e.document_id = d.id
                       ORDER BY score DESC LIMIT 1) AS event
               FROM documents d WHERE {where} ORDER BY date IS NULL, date, id LIMIT ? OFFSET ?""",
            (*params, -1 if limit is None else limit, offset),
        )
        return [dict(r) for r in rows]

    def documents_count(self, since: str | None = None, until: str | None = None) -> int:
        """How many documents ``documents`` lists with these arguments, over all its pages."""
        where, params = self._document_filters(since, until)
        return int(self.db.execute(f"SELECT COUNT(*) FROM documents d WHERE {where}", params).fetchone()[0])

    def _document_filters(self, since: str | None, until: str | None) -> tuple[str, list[str]]:
        dates, date_params = date_filters(since, until)
        scoped, scope_params = scope_filters(self.db, self.scope)
        return " AND ".join(["1", *dates, *scoped]), [*date_params, *scope_params]

    def document(self, doc_id: int, segment_limit: int | None = None, segment_offset: int = 0) -> dict[str, Any] | None:
        """One document with its metadata and segments, in page order: all of them, or
        ``segment_limit`` from ``segment_offset`` on (an API page)."""
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        doc = dict(row)
        doc["tags"] = json.loads(doc["tags"])
        doc["captions"] = json.loads(doc["captions"])
        doc["sources"] = json.loads(doc["sources"])
        doc["segments"] = [
            dict(r)
            for r in self.db.execute(
                """SELECT s.position, s.kind, s.label, s.person_id, p.name AS speaker, s.text, s.words
                   FROM segments s LEFT JOIN persons p ON p.id = s.person_id
                   WHERE s.document_id = ? ORDER BY s.position LIMIT ? OFFSET ?""",
                (doc_id, -1 if segment_limit is None else segment_limit, segment_offset),
            )
        ]
        doc.update(document_events(self.db, doc_id, doc["publisher"], doc["turns"]))  # event, events, version
        return doc

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Every document in full, one at a time (for exports)."""
        ids = [r[0] for r in self.db.execute("SELECT id FROM documents ORDER BY date IS NULL, date, id")]
        for doc_id in ids:
            doc = self.document(doc_id)
            if doc is not None:
                yield doc

    def failures(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.db.execute("SELECT source, reason, at FROM failures ORDER BY at, source")]

    def speakers(self, all_versions: bool = False) -> list[dict[str, Any]]:
        """Persons who speak in the corpus (its scope): labels seen, turns, words and documents, each
        meeting counted once, from its canonical version (``all_versions``: every stored version)."""
        scoped, params = scope_filters(self.db, self.scope)
        where = "".join(f" AND {c}" for c in [*scoped, *counted_once(None if all_versions else "event")])
        rows = self.db.execute(
            f"""SELECT p.id, p.name, p.origin, p.roles,
                      COUNT(s.id) AS turns, COALESCE(SUM(s.words), 0) AS words,
                      COUNT(DISTINCT s.document_id) AS documents
               FROM persons p JOIN segments s ON s.person_id = p.id AND s.kind = 'turn'
               JOIN documents d ON d.id = s.document_id WHERE 1{where}
               GROUP BY p.id ORDER BY words DESC""",
            params,
        ).fetchall()
        labels: dict[str, list[str]] = {}
        for person_id, label in self.db.execute(
            "SELECT person_id, label FROM person_labels ORDER BY turns DESC, label"
        ):
            labels.setdefault(person_id, []).append(label)
        return [
            {**dict(r), "roles": json.loads(r["roles"]), "labels": labels.get(r["id"], [])} for r in rows
        ]

    def search(
        self,
        query: str,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 20,
        offset: int = 0,
        marks: tuple[str, str] = ("[", "]"),
        stem: bool = False,
        all_versions: bool = False,
        within: str = "turns",
    ) -> list[dict[str, Any]]:
        """What matches a query, best first, with a snippet: turns, or (``within``) narrative, titles
        or all three (see queries.search; ``part`` says which a hit is). Filtered by speaker (name, id
        or label) and an ISO date range. Words, "a phrase", prefix*, AND/OR/NOT and NEAR(…) are query
        syntax; anything else is read as words (U.S., Putin's, 12%). ``stem`` also finds the other
        forms of each plain word that the corpus holds (sanction: sanctions, sanctioned). Each meeting
        is found once per language (its canonical version, or the first stored in that language);
        ``all_versions`` finds every stored version."""
        sql = self._search_sql(query, speaker, since, until, stem, all_versions, within, marks)
        hits = [dict(r) for r in self._searched(query, sql.hits, [*sql.hits_params, limit, offset])]
        self._unspaced_snippets(hits, query, marks)
        return hits

    def _unspaced_snippets(self, hits: list[dict[str, Any]], query: str, marks: tuple[str, str]) -> None:
        """The snippets of texts in kana or Han made again in Python: the index reads their characters
        one by one, FTS5's snippet() the text as stored, so it marks the wrong words."""
        ids = [hit["utterance"] for hit in hits if hit["utterance"] is not None]
        texts = dict(self.db.execute(f"SELECT id, text FROM segments WHERE id IN ({','.join('?' * len(ids))})", ids).fetchall())
        pattern = None
        for hit in hits:
            text = hit["title"] if hit["utterance"] is None else texts.get(hit["utterance"])
            if has_unspaced(text):
                pattern = pattern or match_pattern(query)
                hit["snippet"] = snippet(text, pattern, marks)

    def search_count(
        self,
        query: str,
        speaker: str | None = None,
        since: str | None = None,
        until: str | None = None,
        stem: bool = False,
        all_versions: bool = False,
        within: str = "turns",
    ) -> int:
        """How many hits ``search`` finds with these arguments, over all its pages."""
        sql = self._search_sql(query, speaker, since, until, stem, all_versions, within)
        return int(self._searched(query, sql.count, sql.count_params)[0][0])

    def _search_sql(
        self, query: str, speaker: str | None, since: str | None, until: str | None, stem: bool,
        all_versions: bool, within: str, marks: tuple[str, str] = ("[", "]"),
    ) -> SearchSQL:
        once = None if all_versions else "language"
        return search_sql(self.db, query, within, speaker, since, until, stem, once, marks, self.scope)

    def _searched(self, query: str, sql: str, params: list[Any]) -> list[sqlite3.Row]:
        try:
            with time_limit(self.db, f"search {query!r}"):
                return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            raise QueryError(
                f"cannot search for {query!r}: {exc}. Put phrases in double quotes; "
                "operators are AND, OR, NOT and a trailing * for prefixes."
            ) from None

    def stats(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "documents": one("SELECT COUNT(*) FROM documents").fetchone()[0],
            "turns": one("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0],
            "persons": one("SELECT COUNT(DISTINCT person_id) FROM segments WHERE kind = 'turn'").fetchone()[0],
            "failures": one("SELECT COUNT(*) FROM failures").fetchone()[0],
        }
