"""The same filters everywhere (issue 15, one command line): a scope of event, publisher, language
and event kind reaches documents, search and every analysis through ``Corpus.scoped``; a value that
names nothing stored is an error with what is."""

from __future__ import annotations

import pytest

from summitry.queries import analysis
from summitry.queries.corpus import QueryError


def _documents_of(corpus, rows) -> set[int]:
    return {r["document"] for r in rows}


def test_a_scope_keeps_the_documents_it_names(linked):
    everything = linked.documents()
    for language in {d["language"] for d in everything if d["language"]}:
        kept = linked.scoped(language=language).documents()
        assert kept and {d["language"] for d in kept} == {language}
        assert linked.scoped(language=language).documents_count() == len(kept)
    event = next(d["event"] for d in everything if d["event"])
    of_event = {d["id"] for d in linked.scoped(event=event).documents()}
    members = {row[0] for row in linked.db.execute("SELECT document_id FROM event_documents WHERE event_id = ?", (event,))}
    assert of_event == members
    publisher = next(d["publisher"] for d in everything if d["publisher"])
    assert all(publisher in d["publisher"] for d in linked.scoped(publisher=publisher).documents())


def test_search_and_the_analyses_read_only_the_scope(linked):
    event = next(d["event"] for d in linked.documents() if d["event"] and d["turns"])
    scoped = linked.scoped(event=event)
    kept = {d["id"] for d in scoped.documents()}
    assert kept and kept < {d["id"] for d in linked.documents()}
    word = "the"
    hits = scoped.search(word, all_versions=True, limit=1000)
    assert hits and _documents_of(linked, hits) <= kept
    assert _documents_of(linked, linked.search(word, all_versions=True, limit=1000)) - kept  # others hold it too
    assert _documents_of(linked, analysis.kwic(scoped, word, all_versions=True)) <= kept
    for rows in (analysis.mentions(scoped, all_versions=True), analysis.figures(scoped, all_versions=True)):
        assert {r["document"] for r in rows} <= kept
    assert {r["document"] for r in analysis.speaker_stats(scoped, by="document")} <= kept


def test_trend_and_stats_take_a_date_range(linked):
    dates = sorted(d["date"] for d in linked.documents() if d["date"])
    year = dates[-1][:4]
    assert {r["year"] for r in analysis.trend(linked, "the", since=year)} == {year}
    assert analysis.speaker_stats(linked, since="2999") == []


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"language": "xx"}, "language: no document is in 'xx' (stored: "),
        ({"publisher": "nosuch.example"}, "publisher: no document's publisher matches 'nosuch.example'"),
        ({"event": "1999-01-01-nowhere"}, "event: no event has the id '1999-01-01-nowhere'"),
        ({"kind": "picnic"}, "kind: no event is of kind 'picnic' (stored: "),
    ],
)
def test_a_scope_that_names_nothing_stored_is_an_error(linked, filters, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(")):
        linked.scoped(**filters)


def test_a_scoped_keyness_counts_the_words_of_the_scope(linked):
    speaker = analysis.speaker_stats(linked)[0]["person_id"]
    whole = analysis.keyness(linked, speaker, min_count=1, min_log_likelihood=0, limit=None)
    language = linked.db.execute(
        """SELECT d.language FROM segments s JOIN documents d ON d.id = s.document_id
           WHERE s.person_id = ? GROUP BY 1 ORDER BY COUNT(*) DESC""", (speaker,)
    ).fetchone()[0]
    scoped = linked.scoped(language=language)
    part = analysis.keyness(scoped, speaker, min_count=1, min_log_likelihood=0, limit=None)
    assert part and sum(r["count"] for r in part) <= sum(r["count"] for r in whole) + sum(r["count"] for r in part)
