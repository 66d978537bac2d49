"""Visits on the web: the sessions of one stay grouped under it on the events timeline, and
/api/visits (the pages of tests/events/test_visits.py: a two-day visit of three sessions, and a
meeting in another city a week later)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from summitry import Corpus
from summitry.web.app import create_app

from ..events.test_visits import A_WEEK_LATER, NEWS_CONFERENCE, NEXT_DAY, TALKS


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    folder = tmp_path_factory.mktemp("visits")
    pages = folder / "pages"
    pages.mkdir()
    for name, text in {"1.txt": TALKS, "2.txt": NEWS_CONFERENCE, "3.txt": NEXT_DAY, "4.txt": A_WEEK_LATER}.items():
        (pages / name).write_text(text, encoding="utf-8")
    with Corpus(folder / "c.db") as corpus:
        corpus.ingest([pages])
    with TestClient(create_app(folder / "c.db")) as test_client:
        yield test_client


def test_the_timeline_groups_a_visits_sessions_under_it(client):
    html = client.get("/events").text
    visits = re.findall(r'<li class="visit">(.*?)</li>', html, re.S)
    assert len(visits) == 1
    assert "<time>2025-03-12</time> – <time>2025-03-13</time>" in visits[0] and "Visit to Sochi" in visits[0] and "3 sessions" in visits[0]
    assert html.count('class="event in-visit"') == 3 and html.count('class="event"') == 1  # the Moscow meeting stands alone


def test_api_visits_lists_each_visit_with_its_sessions(client):
    body = client.get("/api/visits").json()
    assert body["total"] == 1 and {"items", "limit", "offset", "next", "prev"} <= body.keys()
    visit = body["items"][0]
    assert (visit["start"], visit["end"], visit["city"]) == ("2025-03-12", "2025-03-13", "Sochi")
    assert [s["date"] for s in visit["sessions"]] == ["2025-03-12", "2025-03-12", "2025-03-13"]
    assert client.get("/api/visits", params={"since": "2025-03-14"}).json()["items"] == []
    assert client.get("/api/visits", params={"since": "soon"}).status_code == 400
