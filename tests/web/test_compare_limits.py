"""Issue 14, server 4: a compare on the server is bounded. Too long a document is refused at once,
an alignment past the time limit is stopped, and one whose client has gone stops computing."""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import time

import pytest
from fastapi.testclient import TestClient

from summitry import Corpus
from summitry.web import comparing
from summitry.web.app import create_app

WORDS = ["trade", "energy", "budget", "border", "treaty", "pipeline", "grain", "tariff", "summit", "security"]


def transcript(title: str, turns: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = [title, "", "March 3, 2022, Minsk", ""]
    for k in range(turns):
        speaker = ("Vladimir Putin", "Alexander Lukashenko")[k % 2]
        lines += [f"{speaker}: On item {k} we spoke of " + " ".join(rng.choice(WORDS) + str(rng.randrange(90)) for _ in range(9)) + ".", ""]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def long_pair(tmp_path_factory):
    folder = tmp_path_factory.mktemp("long")
    (folder / "a.txt").write_text(transcript("Talks with the President of Belarus", 1600, 1), encoding="utf-8")
    (folder / "b.txt").write_text(transcript("Meeting with the President of Belarus", 1600, 2), encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "long.db"
    with Corpus(db) as corpus:
        assert corpus.ingest([folder]).failures == []
    with sqlite3.connect(db) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM documents ORDER BY id")]
        assert con.execute("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0] == 3200
    return db, ids


def test_a_document_over_the_turn_limit_is_refused_before_any_work(long_pair, monkeypatch):
    db, (a, b) = long_pair
    monkeypatch.setattr(comparing, "MAX_COMPARE_TURNS", 1000)
    with TestClient(create_app(db)) as client:
        for path in (f"/api/compare/{a}/{b}", f"/compare/{a}/{b}"):
            started = time.monotonic()
            response = client.get(path)
            assert response.status_code == 400 and time.monotonic() - started < 1
            assert f"document {a} has 1,600 turns; the server compares at most 1,000 a side" in response.text


def test_a_compare_past_the_time_limit_is_stopped(long_pair, monkeypatch):
    db, (a, b) = long_pair
    monkeypatch.setattr(comparing, "COMPARE_SECONDS", 0.2)
    with TestClient(create_app(db)) as client:
        started = time.monotonic()
        response = client.get(f"/api/compare/{a}/{b}")
    assert response.status_code == 400 and time.monotonic() - started < 1.5
    assert response.json()["error"].endswith(f"was stopped: it ran over 0.2 s (summitry compare {a} {b} has no limit)")


def test_a_compare_whose_client_has_gone_stops_computing(long_pair, monkeypatch):
    db, (a, b) = long_pair
    monkeypatch.setattr(comparing, "DISCONNECT_POLL_SECONDS", 0.05)
    app = create_app(db)
    sent: list[dict] = []
    requested: list[bool] = []

    async def leave_soon() -> dict:
        if not requested:
            requested.append(True)
            return {"type": "http.request", "body": b"", "more_body": False}
        if time.monotonic() < leaves_at:  # as a server's receive: waits until it has news
            await asyncio.sleep(leaves_at - time.monotonic())
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": f"/api/compare/{a}/{b}", "raw_path": f"/api/compare/{a}/{b}".encode(), "query_string": b"",
             "root_path": "", "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    started = time.monotonic()
    leaves_at = started + 0.3  # the client hangs up while the alignment runs
    asyncio.run(app(scope, leave_soon, send))
    elapsed = time.monotonic() - started
    with TestClient(create_app(db)) as client:  # the whole alignment, for the measure
        started = time.monotonic()
        assert client.get(f"/api/compare/{a}/{b}").status_code == 200
        whole = time.monotonic() - started
    assert elapsed < 1.5 and elapsed < whole / 2, (elapsed, whole)
    body = json.loads(b"".join(m.get("body", b"") for m in sent if m.get("type") == "http.response.body"))
    assert "its client left" in body["error"]
