"""The web app through FastAPI's test client: every page and endpoint, bad parameters, read-only
mode, uploads (size, type, zip-slip) and the chart geometry. Pages are short invented transcripts."""

from __future__ import annotations

import asyncio
import html
import io
import json
import re
import socket
import sqlite3
import subprocess
import sys
import time
import zipfile
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import urlopen

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from summitry import Corpus
from summitry.cli import app as cli_app
from summitry.queries.events import compare_event
from summitry.store.filters import QueryError
from summitry.web import create_app
from summitry.web import search as search_module
from summitry.web import upload as upload_module
from summitry.web.charts import bar_chart, line_chart
from summitry.web.params import parse_search, search_filters
from summitry.web.search import date_bound

OFFICIAL = """Meeting with President of Freedonia Rufus Firefly

April 12, 2022, Sochi

Vladimir Putin met with President of Freedonia Rufus Firefly at the Bocharov Ruchei residence.

Vladimir Putin: Mr Firefly, welcome to Sochi. I am glad to see you again.

Our trade turnover grew by 12 percent last year and reached 3 billion dollars. The grain terminal in the port is almost finished, and our engineers are working on the new bridge.

Rufus Firefly: Thank you, Mr Putin. Freedonia values this cooperation very much.

We would like to discuss fertiliser supplies and the bridge across the river. Our farmers are waiting for the fertiliser.

Vladimir Putin: Of course. Let us start with the bridge and then talk about fertiliser and grain.
"""
TRANSLATION = """Vladimir Putin meets Rufus Firefly in Sochi

April 12, 2022, Sochi

Vladimir Putin: Mr Firefly, welcome to Sochi! I am happy to see you again.

Trade between us grew by 12 percent last year, to 3 billion dollars. The grain terminal in the port is nearly finished, and our engineers are building the new bridge.

Rufus Firefly: Thank you, Mr Putin. Freedonia values our cooperation highly.

We want to discuss fertiliser supplies and the bridge over the river.

Vladimir Putin: Certainly. We will start with the bridge and then discuss fertiliser and grain.
"""
OTHER = """Talks with President of Sylvania Marco Trentino

November 3, 2023, Moscow

Vladimir Putin held talks with President of Sylvania Marco Trentino in the Kremlin.

Vladimir Putin: Mr Trentino, good afternoon. Sylvania is an important partner for us in energy and in space research.

Marco Trentino: Good afternoon. We are grateful for the invitation. Sylvania wants to buy more wheat and to launch a satellite <script>alert(1)</script> together.

Vladimir Putin: We are ready to help with the satellite launch next year.
"""
PAGES = {"official.txt": OFFICIAL, "translation.txt": TRANSLATION, "other.txt": OTHER}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages")
    for name, text in PAGES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path_factory.mktemp("db") / "web.db"
    with Corpus(path) as corpus:
        report = corpus.ingest([folder])
    assert report.added == 3 and not report.failures
    return path


@pytest.fixture(scope="module")
def client(db_path):
    with TestClient(create_app(db_path)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def ids(db_path):
    with sqlite3.connect(db_path) as db:
        docs = dict(db.execute("SELECT title, id FROM documents").fetchall())
        event = db.execute("SELECT event_id FROM event_documents GROUP BY event_id HAVING COUNT(*) = 2").fetchone()[0]
    official = next(v for k, v in docs.items() if k.startswith("Meeting"))
    translation = next(v for k, v in docs.items() if k.startswith("Vladimir Putin meets"))
    other = next(v for k, v in docs.items() if k.startswith("Talks"))
    return {"official": official, "translation": translation, "other": other, "event": event}


# pages ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url, expected",
    [
        ("/", ["The corpus at a glance", "3</strong> documents", "Vladimir Putin", "Latest events", "2 versions"]),
        ("/search", ["Type words to find"]),
        ("/search?q=fertiliser", ["<mark>fertiliser</mark>", "Rufus Firefly", "2022-04-12"]),
        ("/documents", ["Meeting with President of Freedonia", "Talks with President of Sylvania"]),
        ("/speakers", ["Vladimir Putin", "Rufus Firefly"]),
        ("/speakers/vladimir-putin", ["Labels seen", "<svg", "Turns"]),
        ("/events", ["2022", "Sochi", "2 versions"]),
        ("/docs", ["/api/search", "/api/documents/{doc_id}", "openapi.json"]),
    ],
)
def test_pages_render(client, url, expected):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    for text in expected:
        assert text in response.text, text
    assert "cdn" not in response.text.lower()


def test_transcript_page(client, ids):
    page = client.get(f"/documents/{ids['official']}").text
    assert 'class="turn speaker-0" id="t' in page and "speaker-1" in page  # one colour per speaker
    assert 'class="narrative"' in page  # narrative apart from the turns
    assert f"/documents/{ids['translation']}" in page and f"/compare/{ids['official']}/{ids['translation']}" in page


def test_transcript_escapes_page_text(client, ids):
    page = client.get(f"/documents/{ids['other']}").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_event_and_compare_pages(client, ids):
    event = client.get(f"/events/{ids['event']}")
    assert event.status_code == 200 and "Versions" in event.text
    compare = client.get(f"/compare/{ids['official']}/{ids['translation']}")
    assert compare.status_code == 200
    assert "compare-grid" in compare.text and "Divergences" in compare.text


def test_search_hits_link_to_their_turn_and_the_url_holds_the_query(client):
    page = client.get("/search", params={"q": "bridge", "speaker": "Firefly", "since": "2022", "per_page": 1, "versions": "all"}).text
    turn_links = re.findall(r'href="(/documents/\d+\?q=bridge#t\d+)"', page)
    assert turn_links, "a hit links to its turn, the query with it"
    marked = client.get(turn_links[0].split("#")[0]).text
    assert "<mark>bridge</mark>" in marked and "Marked: “bridge”" in marked
    following = re.search(r'rel="next" href="([^"]+)"', page)
    assert following, "a second page"
    params = parse_qs(urlsplit(following.group(1).replace("&amp;", "&")).query)
    assert params == {
        "q": ["bridge"], "speaker": ["Firefly"], "since": ["2022"], "versions": ["all"], "per_page": ["1"], "page": ["2"]
    }


def test_search_works_without_javascript(client):
    page = client.get("/search?q=grain").text
    assert re.search(r'<form class="search-form" action="/search" method="get"', page)
    assert "<script" not in page  # reading and searching need no script


# API --------------------------------------------------------------------------------------------
def test_api_stats_and_documents(client, ids):
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 3 and stats["turns"] == 9 and stats["events"] == 2
    listing = client.get("/api/documents", params={"per_page": 2}).json()
    assert listing["total"] == 3 and len(listing["items"]) == 2 and listing["next"] and listing["prev"] is None
    second = client.get(listing["next"]).json()
    assert len(second["items"]) == 1 and second["next"] is None
    doc = client.get(f"/api/documents/{ids['official']}").json()
    assert [s["kind"] for s in doc["segments"]].count("turn") == 3
    assert doc["event"] == ids["event"] and doc["versions"][0]["document"] == ids["translation"]


@pytest.mark.parametrize(
    "params, speakers",
    [
        ({"q": "grain"}, {"Vladimir Putin"}),
        ({"q": "fertiliser", "speaker": "rufus-firefly"}, {"Rufus Firefly"}),
        ({"q": "satellite", "since": "2023-01", "until": "2023"}, {"Vladimir Putin", "Marco Trentino"}),
        ({"q": "satellite", "until": "2022-12-31"}, set()),
        ({"q": "grain", "place": "sochi"}, {"Vladimir Putin"}),
        ({"q": "satellite", "place": "Kremlin"}, {"Vladimir Putin", "Marco Trentino"}),
        ({"q": "welcome", "kind": "meeting"}, {"Vladimir Putin"}),
        ({"q": "welcome", "kind": "telephone call"}, set()),
        ({"q": "welcome", "language": "en"}, {"Vladimir Putin"}),
        ({"q": '"grain terminal"', "order": "relevance"}, {"Vladimir Putin"}),
        ({"q": "bridg*", "order": "oldest"}, {"Vladimir Putin", "Rufus Firefly"}),
    ],
)
def test_api_search_filters(client, params, speakers):
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert {hit["speaker"] for hit in body["items"]} == speakers
    for hit in body["items"]:
        assert "<mark>" in hit["snippet_html"] and "\x02" not in hit["snippet"]
        assert hit["link"] == f"/documents/{hit['document']}?{urlencode({'q': params['q']})}#t{hit['position']}"


@pytest.mark.parametrize("plan", ["probe", "walk", "sort", "speaker"])
@pytest.mark.parametrize("order", ["newest", "oldest"])
@pytest.mark.parametrize("filters", [{}, {"since": "2022", "until": "2022"}, {"place": "Sochi"}, {"speaker": "Putin"}])
def test_every_search_plan_finds_the_same_turns(client, monkeypatch, plan, order, filters):
    if plan == "speaker" and "speaker" not in filters:
        pytest.skip("the speaker-first plan needs a speaker filter")
    params = {"q": "grain OR bridge OR satellite OR welcome", "order": order, "per_page": 2, **filters}

    def pages() -> list[list[int]]:
        found, url = [], "/api/search"
        query: dict | None = params
        while url:
            body = client.get(url, params=query).json()
            found.append([hit["utterance"] for hit in body["items"]])
            url, query = body["next"], None
        return found

    expected = pages()  # few matches: sorted outright, without estimating the plans
    chosen: list[str] = []
    estimated = search_module.Estimate.costs

    def forced(estimate) -> dict[str, float]:  # the plan under test costs nothing, the others a lot
        costs = {name: 0.0 if name == plan else 1e12 for name in estimated(estimate)}
        chosen.append(min(costs, key=costs.__getitem__))
        return costs

    monkeypatch.setattr(search_module, "SORT_ALL_BELOW", 0)
    monkeypatch.setattr(search_module.Estimate, "costs", forced)
    assert pages() == expected
    assert set(chosen) == {plan}
    assert sum(len(p) for p in expected) >= 2


_VALUES = st.one_of(
    st.sampled_from(["", " ", "grain", " grain ", '"Union State"', "gas*", "0", "1", "2", "100", "101", "10000", "-1",
                     "2022", "2022-13", "2022-02-30", "2023-06", "newest", "oldest", "relevance", "best", "x" * 501]),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["q", "speaker", "since", "until", "place", "publisher", "topic", "kind",
                                        "language", "order", "page", "per_page"]), _VALUES))
def test_the_lean_search_route_reads_parameters_as_the_documented_one(params):
    """What the lean route accepts, the documented route reads the same; the rest goes to the latter."""
    lean = parse_search(params)
    if lean is None:
        return
    typed = {k: int(v) if k in ("page", "per_page") else v for k, v in params.items()}
    q = typed.pop("q")
    assert asyncio.run(search_filters(**typed)).query(q) == lean


def test_the_lean_and_documented_search_routes_answer_alike(client):
    lean = client.get("/api/search", params={"q": "grain OR welcome", "per_page": "3"})
    documented = client.get("/api/search", params={"q": "grain OR welcome", "per_page": " 3"})  # left to the router
    assert parse_search({"q": "grain", "per_page": " 3"}) is None
    assert lean.status_code == documented.status_code == 200
    assert lean.headers["content-type"] == documented.headers["content-type"] == "application/json"
    assert lean.json()["items"] and lean.json()["items"] == documented.json()["items"]
    assert client.get("/api/search", params={"q": "grain", "per_page": "3x"}).status_code == 422


def test_api_search_orders(client):
    newest = client.get("/api/search", params={"q": "welcome OR invitation"}).json()["items"]
    oldest = client.get("/api/search", params={"q": "welcome OR invitation", "order": "oldest"}).json()["items"]
    assert [h["date"] for h in newest] == sorted((h["date"] for h in newest), reverse=True)
    assert [h["date"] for h in oldest] == sorted(h["date"] for h in oldest)


@pytest.mark.parametrize(
    "url",
    [
        "/api/filters", "/api/speakers", "/api/speakers/vladimir-putin", "/api/speakers/vladimir-putin/turns",
        "/api/events", "/api/events?kind=meeting&place=sochi&person=putin&since=2022", "/api/failures", "/openapi.json",
    ],
)
def test_api_endpoints_answer_json(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"


def test_api_event_and_compare(client, ids):
    event = client.get(f"/api/events/{ids['event']}").json()
    assert {d["id"] for d in event["documents"]} == {ids["official"], ids["translation"]}
    compared = client.get(f"/api/compare/{ids['official']}/{ids['translation']}").json()
    assert compared["paired"] == 3 and all(p["a"] and p["b"] for p in compared["pairs"])
    assert isinstance(compared["divergences"], list)


def test_openapi_describes_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/stats", "/api/documents", "/api/documents/{doc_id}", "/api/search", "/api/speakers",
                 "/api/speakers/{person_id}", "/api/events", "/api/events/{event_id}", "/api/compare/{a}/{b}", "/api/ingest"):
        assert path in paths, path
    assert not any(p.startswith("/search") or p == "/" for p in paths)  # pages are not API


# bad parameters ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url, status, words",
    [
        ("/api/search?q=*", 400, "no word to look for"),
        ("/api/search?q=AND", 400, "no word to look for"),
        ("/api/search?q=grain&speaker=Nobody", 400, "speaker: no one matches 'Nobody'"),
        ("/api/search?q=nosuchword&speaker=Putn", 400, "did you mean 'Vladimir Putin'"),
        ("/api/search?q=NEAR(" + "a*%20" * 60 + ")", 400, "asks too much: 60 prefix terms"),
        ("/api/search?q=trade&since=2023-13-01", 400, "since"),
        ("/api/search?q=trade&until=yesterday", 422, "until: 'yesterday' is not a date"),
        ("/api/search?q=trade&order=random", 422, "order"),
        ("/api/search?q=%20%20", 422, "q: '  ' has no words"),
        ("/api/figures?since=2020-1", 422, "since: '2020-1' is not a date"),
        ("/api/search?q=trade&page=0", 422, "page"),
        ("/api/search?q=trade&per_page=1000", 422, "per_page"),
        ("/api/search?q=trade&page=5000", 400, "too deep"),
        ("/api/search", 422, "q"),
        ("/api/documents/999", 404, "no document 999"),
        ("/api/documents/abc", 422, "doc_id"),
        ("/api/speakers/nobody", 404, "no speaker"),
        ("/api/speakers/nobody/turns", 404, "no speaker"),
        ("/api/events/1999-01-01-nowhere", 404, "no event"),
        ("/api/events?since=soon", 422, "since: 'soon' is not a date"),
        ("/api/events?since=2023-02-30", 400, "since"),
        ("/api/compare/1/1", 400, "same document"),
        ("/api/compare/1/999", 404, "no document"),
        ("/api/ingest/nope", 404, "no ingest job"),
        ("/api/nothing", 404, "nothing at"),
    ],
)
def test_api_bad_parameters(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status, response.text
    assert words in response.json()["error"]


@pytest.mark.parametrize(
    "url, status, words",
    [
        ("/search?q=NOT+trade", 400, "NOT needs words before it"),
        ("/search?q=x&since=2023-02-30", 400, "since"),
        ("/documents/999", 404, "no document 999"),
        ("/documents/abc", 422, "doc_id"),
        ("/speakers/nobody", 404, "no speaker"),
        ("/speakers/vladimir-putin?year=20x", 422, "year"),
        ("/events/nowhere", 404, "no event"),
        ("/compare/1/999", 404, "no document"),
        ("/nowhere", 404, "nothing at /nowhere"),
    ],
)
def test_pages_bad_parameters(client, url, status, words):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert words in response.text


def test_search_errors_keep_the_form(client):
    page = client.get("/search?q=NOT+%22trade%22").text
    assert 'role="alert"' in page and 'name="q" value="NOT &#34;trade&#34;"' in page


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x' OR 1=1; DROP TABLE documents; --"},
        {"q": "grain", "speaker": "%' OR '1'='1"},
        {"q": "grain", "place": "'); DELETE FROM segments; --"},
        {"q": "grain", "topic": "\" OR 1=1 --", "publisher": "%"},
    ],
)
def test_injection_is_inert(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["items"] == [] or params.get("publisher") == "%"
    assert client.get("/api/stats").json()["documents"] == 3


@pytest.mark.parametrize("path", ["/static/../web.db", "/static/%2e%2e/app.py", "/static/..%2Fapp.py"])
def test_static_paths_stay_inside(client, path):
    assert client.get(path).status_code == 404


def test_date_bounds():
    assert date_bound("2023", "since", end=False) == "2023-01-01"
    assert date_bound("2023", "until", end=True) == "2023-12-31"
    assert date_bound("2024-02", "until", end=True) == "2024-02-31"
    assert date_bound(" ", "since", end=False) is None
    with pytest.raises(QueryError, match="since"):
        date_bound("2024-02-30", "since", end=False)


# read-only --------------------------------------------------------------------------------------
def test_read_only_by_default(client):
    corpus = client.app.state.reader.corpus()
    with pytest.raises(sqlite3.OperationalError, match="readonly|read-only|query_only"):
        corpus.db.execute("DELETE FROM documents")
    for url in ("/api/ingest", "/ingest"):
        response = client.post(url, files={"files": ("a.txt", b"x")})
        assert response.status_code == 403 and "--allow-upload" in response.text
    assert client.get("/ingest").status_code == 403


def test_a_missing_database_is_refused_without_upload(tmp_path):
    with pytest.raises(sqlite3.OperationalError, match="no database"):
        create_app(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize(
    "args, words",
    [
        (["serve", "--db", "{tmp}/missing.db"], "cannot serve this database"),
        (["serve", "--db", "{tmp}/x.db", "--workers", "2", "--allow-upload"], "do not go together"),
        (["serve", "--port", "70000"], "65535"),
    ],
)
def test_serve_command_fails_in_one_line(tmp_path, args, words):
    result = CliRunner().invoke(cli_app, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.exit_code == 2
    assert words in result.output and "Traceback" not in result.output


# uploads ----------------------------------------------------------------------------------------
@pytest.fixture
def uploader(tmp_path):
    with TestClient(create_app(tmp_path / "up.db", allow_upload=True)) as test_client:
        yield test_client


def wait_for(client: TestClient, job_id: str) -> dict:
    for _ in range(200):
        job = client.get(f"/api/ingest/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the ingest job did not finish")


def zipped(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_upload_pages_and_watch_progress(uploader):
    response = uploader.post("/api/ingest", files=[("files", ("official.txt", OFFICIAL.encode())),
                                                   ("files", ("other.txt", OTHER.encode()))])
    assert response.status_code == 202, response.text
    job = wait_for(uploader, response.json()["id"])
    assert job["status"] == "done" and job["added"] == 2 and job["pages"] == 2
    assert uploader.get("/api/stats").json()["documents"] == 2
    page = uploader.get(f"/ingest/{job['id']}").text
    assert "done" in page and "2</span> new" in page


def test_upload_form_redirects_to_its_progress(uploader):
    form = uploader.get("/ingest").text
    assert 'enctype="multipart/form-data"' in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    response = uploader.post("/ingest", files={"files": ("t.txt", TRANSLATION.encode())}, data={"csrf_token": token},
                             headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/ingest/")
    wait_for(uploader, response.headers["location"].rsplit("/", 1)[1])


def test_upload_zip_skips_what_is_not_a_page_and_stays_inside(uploader, tmp_path):
    archive = zipped({"pages/official.txt": OFFICIAL, "../escape.txt": OTHER, "/etc/absolute.txt": OTHER,
                      "notes.exe": "MZ", "pages/other.txt": OTHER})
    response = uploader.post("/api/ingest", files={"files": ("batch.zip", archive)})
    assert response.status_code == 202, response.text
    job = wait_for(uploader, response.json()["id"])
    assert job["added"] == 2
    reasons = {s["file"]: s["reason"] for s in job["skipped"]}
    assert reasons["batch.zip/../escape.txt"] == reasons["batch.zip//etc/absolute.txt"] == "path leaves the archive"
    assert reasons["batch.zip/notes.exe"].startswith("not a page")
    assert not (tmp_path / "escape.txt").exists()


@pytest.mark.parametrize(
    "files, status, words",
    [
        ({"files": ("tool.exe", b"MZ")}, 415, "not a page or a zip"),
        ({"files": ("fake.zip", b"not a zip")}, 415, "not a zip archive"),
        ({"other": ("a.txt", b"x")}, 400, "no files"),
        ({"files": ("only.zip", zipped({"a.pdf": "x"}))}, 400, "no pages"),
    ],
)
def test_upload_refusals(uploader, files, status, words):
    response = uploader.post("/api/ingest", files=files)
    assert response.status_code == status and words in response.json()["error"]


def test_upload_size_limits(uploader, monkeypatch):
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_BYTES", 1000)
    response = uploader.post("/api/ingest", files={"files": ("big.txt", b"x" * 2000)})
    assert response.status_code == 413 and "at most 1,000" in response.json()["error"]
    monkeypatch.setattr(upload_module, "MAX_UPLOAD_BYTES", 10**6)
    monkeypatch.setattr(upload_module, "MAX_PAGE_BYTES", 100)
    response = uploader.post("/api/ingest", files={"files": ("page.txt", b"y" * 500)})
    assert response.status_code == 413 and "page.txt: larger than 100" in response.json()["error"]


@pytest.mark.parametrize(
    "url, circles",
    [("/charts?term=grain", 1), ("/charts?term=bridge&by=month", 1), ("/charts?about=trade", 1), ("/charts?unit=percent", 1)],
)
def test_chart_pages_link_every_point(client, url, circles):
    page = client.get(url).text
    points = re.findall(r'<a xlink:href="([^"]+)"><path aria-label="[^"]+" role="graphics-symbol"[^>]*><title>', page)
    assert len(points) >= circles
    assert all(html.unescape(p).startswith(("/search?", "/utterances/")) for p in points)


def test_utterance_opens_its_turn(client, ids):
    response = client.get("/utterances/1", follow_redirects=False)
    assert response.status_code == 303 and re.fullmatch(r"/documents/\d+#t\d+", response.headers["location"])
    with_words = client.get("/utterances/1", params={"q": "grain"}, follow_redirects=False)
    assert re.fullmatch(r"/documents/\d+\?q=grain#t\d+", with_words.headers["location"])


@pytest.mark.parametrize(
    "url, status",
    [("/api/trend?term=grain", 200), ("/api/trend?term=grain&by=month&per_speaker=false", 200), ("/api/figures?about=trade", 200),
     ("/api/trend?term=grain&by=week", 422), ("/api/trend", 422), ("/api/figures?since=later", 422), ("/charts?by=day", 422),
     ("/utterances/99999", 404)],
)
def test_analysis_endpoints(client, url, status):
    assert client.get(url, follow_redirects=False).status_code == status


# charts -----------------------------------------------------------------------------------------
def _axis_labels(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _links(svg: str) -> list[str]:
    return [html.unescape(link) for link in re.findall(r'<a xlink:href="([^"]+)">', svg)]


def test_a_bar_chart_has_a_bar_per_period_with_a_link_and_a_titled_axis():
    chart = bar_chart([("2022", 50, "/a"), ("2023", 100, "/b")], "words")
    assert _links(chart.svg) == ["/a", "/b"] and chart.points == 2
    labels = _axis_labels(chart.svg)
    assert {"2022", "2023", "Year", "words", "100"} <= set(labels)
    assert "<script" not in chart.svg and "style=" not in chart.svg  # the pages' CSP allows neither


def test_a_line_chart_ticks_every_year_keeps_series_apart_and_titles_every_point():
    chart = line_chart({"A": [("2020", 1, "/1", "one"), ("2022", 3, "/3", "three")], "B": [("2021", 2, "/2?x=1&y=2", "two")]},
                       "per 10,000 words", legend="Speaker")
    labels = _axis_labels(chart.svg)
    assert [label for label in labels if label.isdigit() and len(label) == 4] == ["2020", "2021", "2022"]
    assert {"Year", "per 10,000 words", "Speaker", "A", "B"} <= set(labels)  # axis titles and a legend
    assert sorted(_links(chart.svg)) == ["/1", "/2?x=1&y=2", "/3"]
    assert re.findall(r"<title>([^<]*)</title>", chart.svg)[-3:] and {"one", "two", "three"} <= set(re.findall(r"<title>([^<]*)</title>", chart.svg))
    months = line_chart({"A": [("2024-01", 1, "/1", "one"), ("2024-04", 2, "/2", "two")]}, "hits")
    assert {"Jan 2024", "Feb 2024", "Mar 2024", "Apr 2024", "Month"} <= set(_axis_labels(months.svg))


def test_figures_chart_a_series_per_measure_and_pair_of_countries(client):
    page = client.get("/charts", params={"unit": "percent"}).text
    assert "What it measures · between whom" in page


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a listening socket per process is for Linux")
def test_serve_with_two_processes_answers_and_stops_cleanly(db_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from summitry.cli import run; run()",
               "--db", str(db_path), "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:  # the server listens once both processes do
            try:
                with urlopen(base + "/api/stats", timeout=5):
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        for _ in range(10):  # a connection each: spread over the two processes
            with urlopen(base + "/api/search?q=grain", timeout=10) as response:
                assert response.status == 200 and json.load(response)["items"]
    finally:
        server.terminate()
        server.wait(timeout=20)
    with socket.socket() as after:  # no process is left listening on the port
        after.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        after.bind(("127.0.0.1", port))


@pytest.mark.parametrize(
    "params",
    [
        {"q": "grain"},
        {"q": "welcome", "kind": "telephone call"},
        {"q": "satellite", "until": "2022-12-31"},
        {"q": "grain OR bridge OR satellite OR welcome", "speaker": "Putin"},
        {"q": "grain OR bridge OR satellite OR welcome", "place": "Sochi", "per_page": 1},
    ],
)
def test_the_match_count_is_the_count_of_the_filtered_list(client, params):
    body = client.get("/api/search", params=params).json()
    everything = client.get("/api/search", params={**params, "per_page": 100}).json()
    assert body["exact"] is True
    assert body["matches"] == len(everything["items"])
    page = client.get("/search", params=params).text
    if body["matches"]:
        assert f"{body['matches']} turn" in page
    else:
        assert "No turn contains these words" in page


def test_a_count_that_stopped_early_says_at_least(client, monkeypatch):
    monkeypatch.setattr("summitry.web.search.MATCHES_COUNTED", 1)
    monkeypatch.setattr("summitry.web.search.DENSE", 0.0)
    body = client.get("/api/search", params={"q": "grain OR bridge OR satellite OR welcome"}).json()
    assert body["exact"] is False and body["matches"] == 2
    assert "At least 2 turns contain these words." in client.get("/search", params={"q": "grain OR welcome"}).text


def test_search_finds_each_meeting_once_per_language_unless_all_versions(client):
    once = client.get("/api/search", params={"q": "bridge", "speaker": "Firefly"}).json()
    every = client.get("/api/search", params={"q": "bridge", "speaker": "Firefly", "versions": "all"}).json()
    assert once["query"]["versions"] == "once" and every["query"]["versions"] == "all"
    assert len(once["items"]) < len(every["items"])
    assert (once["matches"], every["matches"]) == (len(once["items"]), len(every["items"]))
    assert client.get("/api/search", params={"q": "bridge", "versions": "some"}).status_code == 422
    page = client.get("/search", params={"q": "bridge", "versions": "all"}).text
    assert '<option value="all" selected>' in page


def test_event_divergences_on_the_api_and_the_compare_page(client, ids):
    found = client.get(f"/api/events/{ids['event']}/divergences")
    assert found.status_code == 200, found.text
    body = found.json()
    with Corpus(client.app.state.reader.path) as corpus:
        expected = compare_event(corpus, ids["event"])
    assert body["canonical"] == ids["official"] and body["compared"] == [ids["translation"]]
    assert body["total"] == len(body["items"]) == len(expected.divergences) > 0
    assert [d["text"] for d in body["items"]] == [d.text for d in expected.divergences]  # what `summitry compare EVENT` lists
    page = client.get(f"/compare/{ids['event']}")
    assert page.status_code == 200
    assert all(d["text"] in page.text for d in body["items"]) and f"/compare/{ids['official']}/{ids['translation']}" in page.text
    assert f'href="/compare/{ids["event"]}"' in client.get(f"/events/{ids['event']}").text
    for missing in ("/api/events/1999-01-01-nowhere/divergences", "/compare/1999-01-01-nowhere"):
        assert client.get(missing).status_code == 404


def test_unsupported_claims_come_first():
    from summitry.events.align import Divergence
    from summitry.web.comparing import divergence_order

    found = [Divergence("unpaired turn", 0.9, 1, 2, 0, "a"), Divergence("unsupported claim", 0.5, 2, None, 1, "b")]
    assert [d.text for d in sorted(found, key=divergence_order)] == ["b", "a"]


def test_search_looks_in_what_was_written_when_asked(client):
    said = client.get("/api/search", params={"q": "Bocharov"}).json()  # named by the lead alone
    assert said["matches"] == 0
    written = client.get("/api/search", params={"q": "Bocharov OR Freedonia", "in": "all", "per_page": 100}).json()
    assert written["matches"] == len(written["items"]) > 0
    assert {i["part"] for i in written["items"]} >= {"narrative", "title"} and written["query"]["in"] == "all"
    title = next(i for i in written["items"] if i["part"] == "title")
    assert title["link"] == f"/documents/{title['document']}?q=Bocharov+OR+Freedonia" and title["position"] is None
    narrative = next(i for i in written["items"] if i["part"] == "narrative")
    assert client.get(narrative["link"].split("#")[0]).status_code == 200 and "#t" in narrative["link"]
    page = client.get("/search", params={"q": "Bocharov"})
    assert "Look in readouts, captions and titles too" in page.text and "in=all" in page.text
    page = client.get("/search", params={"q": "Bocharov", "in": "all"})
    assert "passage contains these words" in page.text and "<mark>Bocharov</mark>" in page.text
    assert client.get("/api/search", params={"q": "Bocharov", "in": "menus"}).status_code == 422
    refused = client.get("/api/search", params={"q": "Bocharov", "in": "titles", "speaker": "Putin"})
    assert refused.status_code == 400 and "titles have no speaker" in refused.json()["error"]


def test_a_search_downloads_every_hit_as_csv_and_json(client):
    import csv
    import io

    matches = client.get("/api/search", params={"q": "grain", "versions": "all"}).json()["matches"]
    as_json = client.get("/search.json", params={"q": "grain", "versions": "all"}).json()
    as_csv = list(csv.DictReader(io.StringIO(client.get("/search.csv", params={"q": "grain", "versions": "all"}).text)))
    assert len(as_json) == len(as_csv) == matches > 0
    assert all("\x02" not in row["snippet"] and row["link"].startswith("/documents/") for row in as_json)
    page = client.get("/search", params={"q": "grain"}).text
    assert "/search.csv?q=grain" in page and "/search.json?q=grain" in page
    assert client.get("/search.xml", params={"q": "grain"}).status_code == 422
