"""Issue 14, server 5: /api/documents/{id} on a 150k-turn document answered all of it (112 s, 90 MB);
its segments now come in pages, with the total and the next page's offset."""

from __future__ import annotations

import sqlite3

import pytest
from fastapi.testclient import TestClient

from summitry import Corpus
from summitry.web import create_app

from .test_web import PAGES

MANY_TURNS = 30_000


@pytest.fixture(scope="module")
def long_document(tmp_path_factory):
    """A stored document given MANY_TURNS more turns, inserted as rows; its id and the client."""
    folder = tmp_path_factory.mktemp("pages")
    name, text = next(iter(PAGES.items()))
    (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("db") / "long.db"
    with Corpus(path) as corpus:
        assert corpus.ingest([folder]).added == 1
    with sqlite3.connect(path) as db:
        doc_id, start = db.execute("SELECT document_id, MAX(position) + 1 FROM segments").fetchone()
        db.executemany(
            "INSERT INTO segments (document_id, position, kind, text, words) VALUES (?, ?, 'turn', ?, 3)",
            ((doc_id, start + k, f"Turn number {k}.") for k in range(MANY_TURNS)),
        )
        total = db.execute("SELECT count(*) FROM segments WHERE document_id = ?", (doc_id,)).fetchone()[0]
    with TestClient(create_app(path)) as client:
        yield client, doc_id, total


def test_a_long_document_comes_in_pages(long_document):
    client, doc_id, total = long_document
    first = client.get(f"/api/documents/{doc_id}").json()
    assert len(first["segments"]) == 500 and first["segments_total"] == total > MANY_TURNS
    assert first["segments_offset"] == 0 and first["segments_next"] == 500
    second = client.get(f"/api/documents/{doc_id}", params={"offset": first["segments_next"], "limit": 2000}).json()
    assert len(second["segments"]) == 2000 and second["segments_next"] == 2500
    assert second["segments"][0]["position"] == first["segments"][-1]["position"] + 1
    last = client.get(f"/api/documents/{doc_id}", params={"offset": total - 10, "limit": 2000}).json()
    assert len(last["segments"]) == 10 and last["segments_next"] is None
    beyond = client.get(f"/api/documents/{doc_id}", params={"offset": total + 5}).json()
    assert beyond["segments"] == [] and beyond["segments_next"] is None and beyond["title"]


@pytest.mark.parametrize("params", [{"limit": 2001}, {"limit": 0}, {"offset": -1}])
def test_segment_pages_are_bounded(long_document, params):
    client, doc_id, _ = long_document
    answer = client.get(f"/api/documents/{doc_id}", params=params)
    assert answer.status_code == 422
