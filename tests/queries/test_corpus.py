"""The store through the Python API: idempotent re-ingest, updates, failures, search."""

from __future__ import annotations

import sqlite3

import pytest

from summitry.queries.corpus import Corpus, QueryError

from ..conftest import EXAMPLES

TALKS = """Talks with President of Kazakhstan

March 3, 2021, Moscow

Vladimir Putin held talks with President of Kazakhstan Kassym-Jomart Tokayev.

Vladimir Putin: Good afternoon, Mr Tokayev. Our trade grows and our grain harvest was large.

Kassym-Jomart Tokayev: Thank you. We are ready to discuss transport and energy.

Vladimir Putin: Then let us begin.
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_ingest_stores_documents_turns_and_persons(corpus, tmp_path):
    report = corpus.ingest([write(tmp_path, "talks.txt", TALKS)])
    assert (report.pages, report.added, report.turns, report.failures) == (1, 1, 3, [])
    (doc,) = corpus.documents()
    assert (doc["date"], doc["city"], doc["turns"]) == ("2021-03-03", "Moscow", 3)
    full = corpus.document(doc["id"])
    assert [s["kind"] for s in full["segments"]] == ["narrative", "turn", "turn", "turn"]
    assert [s["speaker"] for s in full["segments"][1:]] == ["Vladimir Putin", "Kassym-Jomart Tokayev", "Vladimir Putin"]
    speakers = {s["name"]: s for s in corpus.speakers()}
    assert speakers["Vladimir Putin"]["turns"] == 2
    assert speakers["Kassym-Jomart Tokayev"]["labels"] == ["Kassym-Jomart Tokayev"]


def test_reingesting_the_same_page_changes_nothing(corpus, tmp_path):
    path = write(tmp_path, "talks.txt", TALKS)
    corpus.ingest([path])
    before = corpus.db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    report = corpus.ingest([path, tmp_path])
    assert (report.unchanged, report.added, report.updated) == (2, 0, 0)
    assert corpus.db.execute("SELECT COUNT(*) FROM segments").fetchone()[0] == before


def test_a_changed_page_replaces_its_document_and_its_index_entries(corpus, tmp_path):
    path = write(tmp_path, "talks.txt", TALKS)
    corpus.ingest([path])
    path.write_text(TALKS.replace("grain harvest", "cotton harvest"), encoding="utf-8")
    report = corpus.ingest([path])
    assert report.updated == 1
    assert len(corpus.documents()) == 1
    assert corpus.search("grain") == []
    assert len(corpus.search("cotton")) == 1


def test_failures_are_recorded_and_the_batch_goes_on(corpus, tmp_path):
    good = write(tmp_path, "good.txt", TALKS)
    empty = write(tmp_path, "empty.txt", "")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    report = corpus.ingest([empty, tmp_path / "missing.html", binary, good])
    assert report.added == 1
    reasons = {f.source.rsplit("/", 1)[-1]: f.reason for f in report.failures}
    assert reasons == {
        "empty.txt": "empty file",
        "missing.html": "no such file or folder",
        "binary.txt": "binary file (not a text or HTML page)",
    }
    assert len(corpus.failures()) == 3
    # once a failed page is fixed, its failure is forgotten
    empty.write_text(TALKS.replace("Moscow", "Sochi"), encoding="utf-8")
    corpus.ingest([empty])
    assert len(corpus.failures()) == 2


def test_a_page_without_a_transcript_is_a_document_without_turns(corpus):
    report = corpus.ingest([EXAMPLES / "belarus_readout.html"])
    assert report.added == 1 and report.turns == 0
    doc = corpus.document(corpus.documents()[0]["id"])
    assert any(s["kind"] == "narrative" for s in doc["segments"])


def test_search_filters_and_snippets(corpus):
    corpus.ingest([EXAMPLES])
    hits = corpus.search("energy", speaker="Putin")
    assert hits and all(h["speaker"] == "Vladimir Putin" for h in hits)
    assert all("[" in h["snippet"] for h in hits)
    assert corpus.search("energy", since="2030-01-01") == []
    dated = corpus.search("energy", since="2024-01-01", until="2024-12-31")
    assert dated and all("2024" <= h["date"] <= "2024-12-31" for h in dated)
    assert corpus.search("Путин OR Лукашенко OR энергоносители")


def test_an_unclosed_phrase_is_read_and_a_query_without_words_is_a_clear_error(corpus):
    assert corpus.search('"energy') == corpus.search('"energy"')
    with pytest.raises(QueryError, match="no word to look for"):
        corpus.search("* AND")
    with pytest.raises(QueryError, match="NOT needs words before it"):
        corpus.search("NOT energy")


def test_a_page_that_fails_to_store_is_rolled_back_alone(corpus, tmp_path, monkeypatch):
    store = corpus.store
    real = store._insert

    def broken(page, doc):
        if "bad" in page.source:
            real(page, doc)
            raise sqlite3.IntegrityError("simulated")
        real(page, doc)

    monkeypatch.setattr(store, "_insert", broken)
    a = write(tmp_path, "a.txt", TALKS)
    bad = write(tmp_path, "bad.txt", TALKS.replace("Moscow", "Minsk"))
    report = corpus.ingest([a, bad])
    assert report.added == 1
    assert [f.reason for f in report.failures] == ["cannot store (simulated)"]
    assert corpus.db.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 1
    assert corpus.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migrations_are_recorded_and_wal_is_on(corpus):
    from summitry.store.migrations import MIGRATIONS

    names = [r[0] for r in corpus.db.execute("SELECT name FROM migrations")]
    assert names == [name for name, _ in MIGRATIONS] and names[0] == "0001_initial"
    assert corpus.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_parallel_workers_give_the_same_corpus(tmp_path):
    from summitry import Corpus

    with Corpus(tmp_path / "one.db") as one, Corpus(tmp_path / "two.db") as two:
        one.ingest([EXAMPLES])
        two.ingest([EXAMPLES], workers=2)
        rows = "SELECT source, title, date, turns FROM documents ORDER BY source"
        assert [tuple(r) for r in one.db.execute(rows)] == [tuple(r) for r in two.db.execute(rows)]


def test_the_index_is_merged_when_an_ingest_grows_the_corpus_by_a_quarter(corpus, tmp_path, monkeypatch):
    merged: list[bool] = []
    real = type(corpus.store).merge_index

    def recorded(store, added: int) -> bool:
        merged.append(real(store, added))
        return merged[-1]

    monkeypatch.setattr(type(corpus.store), "merge_index", recorded)
    first = tmp_path / "first"
    first.mkdir()
    for crop in ("wheat", "maize", "rice", "millet"):
        write(first, f"{crop}.txt", TALKS.replace("grain", crop))
    corpus.ingest([first])  # 12 turns into an empty corpus
    corpus.ingest([write(tmp_path, "barley.txt", TALKS.replace("grain", "barley"))])  # 3 more: a fifth of 15
    corpus.ingest([write(tmp_path, f"{crop}.txt", TALKS.replace("grain", crop)) for crop in ("rye", "oats")])  # 6 of 21
    assert merged == [True, False, True]
    assert len(corpus.search("barley", all_versions=True)) == 1 and len(corpus.search("grain", all_versions=True)) == 0
    corpus.db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('integrity-check')")  # raises if damaged


def test_label_counts_do_not_grow_when_a_document_is_replaced(tmp_path):
    page = tmp_path / "p" / "talks.txt"
    page.parent.mkdir()
    with Corpus(tmp_path / "c.db") as corpus:
        for n in range(3):
            page.write_text(f"Talks {n}\n\nVladimir Putin: Good afternoon, number {n}.\n\nVladimir Putin: Thank you.\n", encoding="utf-8")
            corpus.ingest([page.parent])
        counts = dict(corpus.db.execute("SELECT label, turns FROM person_labels WHERE person_id = 'vladimir-putin'").fetchall())
        assert counts == {"Vladimir Putin": 2}


def test_a_file_changed_to_another_stored_pages_bytes_loses_its_stale_document(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "a.txt").write_text("Talks A\n\nVladimir Putin: Pomegranates and apricots.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Talks B\n\nVladimir Putin: Good afternoon.\n", encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([folder])
        (folder / "a.txt").write_bytes((folder / "b.txt").read_bytes())
        report = corpus.ingest([folder])
        assert report.updated == 1
        assert [s.rsplit("/", 1)[-1] for (s,) in corpus.db.execute("SELECT source FROM documents")] == ["b.txt"]
        assert corpus.search("pomegranates") == []
        assert dict(corpus.db.execute("SELECT label, turns FROM person_labels").fetchall()) == {"Vladimir Putin": 1}


SANCTIONS = """Talks with President of Kazakhstan

March 4, 2021, Moscow

Vladimir Putin: The U.S. sanctions hurt trade. Putin's critics say so, and they sanctioned banks by e-mail.

Kassym-Jomart Tokayev: Our trade grew by 12% this year, to US$45 billion.
"""

SANCTIONS_RU = """Переговоры с Президентом Казахстана

4 марта 2021 года, Москва

Владимир Путин: Санкции мешают торговле. Мы говорили о санкциях и о новых санкциях против банков.

Касым-Жомарт Токаев: Торговля выросла, несмотря на санкции.
"""


@pytest.mark.parametrize("query", ["U.S.", "Putin's", "12%", "US$45", "e-mail", "hurt AND", "(sanctions"])
def test_search_reads_plain_words_as_words(corpus, tmp_path, query):
    corpus.ingest([write(tmp_path, "sanctions.txt", SANCTIONS)])
    assert len(corpus.search(query)) == 1


def test_search_stems_on_request_in_each_language_of_the_corpus(corpus, tmp_path):
    corpus.ingest([write(tmp_path, "sanctions.txt", SANCTIONS), write(tmp_path, "sanctions_ru.txt", SANCTIONS_RU)])
    assert corpus.search("sanction") == []
    assert len(corpus.search("sanction", stem=True)) == 1  # sanctions, sanctioned
    assert len(corpus.search("санкция", stem=True)) == 2  # санкции, санкциях
    assert len(corpus.search('"sanction"', stem=True)) == 0  # a quoted word is that word


@pytest.mark.parametrize("query", ["*", "NOT trade", '""'])
def test_search_without_a_word_is_an_error(corpus, query):
    with pytest.raises(QueryError, match="search"):
        corpus.search(query)
