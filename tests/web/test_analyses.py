"""The analyses on the web (issue 16): the API's kwic, collocates, frequencies and keyness in the page
shape, and the /analyse page's panels with their filters, sorting, downloads and links."""

from __future__ import annotations

import csv
import io
import re

import pytest

PAGE_SHAPE = {"items", "total", "page", "per_page", "limit", "offset", "next", "prev"}


@pytest.fixture
def client(events_client):
    return events_client


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/kwic", {"q": "grain"}),
        ("/api/collocates", {"q": "grain", "min_count": 1}),
        ("/api/frequencies", {}),
        ("/api/keyness", {"speaker": "Putin", "min_count": 1}),
        ("/api/documents", {}),
        ("/api/events", {}),
        ("/api/speakers", {}),
        ("/api/trend", {"term": "grain"}),
        ("/api/failures", {}),
        ("/api/figures", {}),
        ("/api/events/{event}/divergences", {}),
    ],
)
def test_every_list_endpoint_has_the_same_page_shape(client, path, params):
    if "{event}" in path:
        path = path.format(event=client.get("/api/events").json()["items"][0]["id"])
    body = client.get(path, params={**params, "per_page": 2}).json()
    assert set(body) >= PAGE_SHAPE, (path, body)
    assert body["limit"] == 2 and body["offset"] == 0 and len(body["items"]) <= 2
    if body["total"] and body["total"] > 2:
        second = client.get(path, params={**params, "per_page": 2, "page": 2}).json()
        assert second["offset"] == 2 and second["items"] != body["items"]


def test_frequencies_leave_stopwords_out_unless_asked(client):
    words = [r["term"] for r in client.get("/api/frequencies", params={"per_page": 100}).json()["items"]]
    assert words and not {"the", "and", "we", "said", "think"} & set(words)
    kept = [r["term"] for r in client.get("/api/frequencies", params={"per_page": 100, "stopwords": True}).json()["items"]]
    assert "the" in kept


def test_an_analysis_of_a_value_that_names_nothing_is_a_400(client):
    for path, params in [("/api/kwic", {"q": "grain", "language": "xx"}), ("/api/frequencies", {"event": "nosuch"}),
                         ("/api/keyness", {}), ("/api/collocates", {"q": "grain", "speaker": "Nobody"})]:
        response = client.get(path, params=params)
        assert response.status_code == 400 and response.json()["error"], (path, response.text)


@pytest.mark.parametrize("panel", ["contexts", "collocates", "frequencies", "distinctive", "trends"])
def test_each_panel_renders_with_its_filters_in_the_url(client, panel):
    params = {"panel": panel, "q": "grain" if panel != "trends" else "grain, bridge", "speaker": "Putin", "versions": "all"}
    page = client.get("/analyse", params=params)
    assert page.status_code == 200
    assert 'aria-current="page"' in page.text and 'name="versions"' in page.text
    if panel == "trends":
        assert "<svg" in page.text
    else:
        assert "download" in page.text and "Nothing found" not in page.text, page.text[-2000:]


def test_contexts_sort_by_the_words_around_the_match_and_link_to_the_marked_turn(client):
    lines = client.get("/api/kwic", params={"q": "the", "per_page": 100}).json()["items"]
    page = client.get("/analyse", params={"panel": "contexts", "q": "the", "sort": "right", "per_page": 100}).text
    rights = re.findall(r'</mark></a></td><td>([^<]*)</td>', page)
    firsts = [r.split()[0].lower() if r.split() else "" for r in rights]
    assert len(rights) == len(lines) and firsts == sorted(firsts)
    link = re.search(r'href="(/utterances/\d+\?q=the)"', page).group(1)
    transcript = client.get(link)
    assert transcript.status_code == 200 and "<mark>" in transcript.text


def test_a_panel_downloads_as_csv_and_json_with_the_same_filters(client):
    params = {"panel": "frequencies", "speaker": "Putin"}
    as_json = client.get("/analyse", params={**params, "download": "json"}).json()
    as_csv = list(csv.DictReader(io.StringIO(client.get("/analyse", params={**params, "download": "csv"}).text)))
    assert as_json and len(as_csv) == len(as_json) and as_csv[0]["term"] == as_json[0]["term"]
    assert as_json == client.get("/api/frequencies", params={"speaker": "Putin", "per_page": 100}).json()["items"][: len(as_json)]


def test_trends_of_several_terms_a_line_per_speaker(client):
    page = client.get("/analyse", params={"panel": "trends", "q": "grain, bridge", "per_speaker": "true"}).text
    lines = set(re.findall(r"<text[^>]*>([^<]* · [^<]*)</text>", page)) - {"Term · speaker"}
    assert lines and {name.split(" · ")[0] for name in lines} <= {"grain", "bridge"} and "Term · speaker" in page
