"""The documents as a table, the datasette way (issue 16, facets and tables): sortable columns, facet
counts whose values filter, the page's state in its URL, downloads and the API with the same rows."""

from __future__ import annotations

import csv
import io
import re

import pytest


@pytest.fixture
def client(events_client):
    return events_client


def _items(client, **params):
    return client.get("/api/documents", params={"per_page": 100, **params}).json()["items"]


@pytest.mark.parametrize("column", ["date", "title", "turns", "words", "id"])
def test_every_column_sorts_up_and_down(client, column):
    up = [d[column] for d in _items(client, sort=column) if d[column] is not None]
    down = [d[column] for d in _items(client, sort=f"-{column}") if d[column] is not None]
    assert up == sorted(up) and down == sorted(down, reverse=True) and len(up) > 1


def test_a_facet_value_filters_to_its_count(client):
    facets = client.get("/api/documents/facets").json()
    assert {"year", "publisher", "language", "version", "speaker", "topic"} <= set(facets)
    for name in ("year", "language", "version", "speaker"):
        for value in facets[name][:3]:
            kept = client.get("/api/documents", params={name: value["value"], "per_page": 1}).json()["total"]
            assert kept == value["count"], (name, value)


def test_the_page_links_facets_sorts_and_downloads_keeping_its_state(client):
    page = client.get("/documents", params={"language": "en", "sort": "title"}).text
    assert 'aria-sort="ascending"' in page and "language: en ✕" in page
    facet_links = [link.replace("&amp;", "&") for link in re.findall(r'<a href="(/documents\?[^"]+)">', page)]
    assert any("language=en" in link and "year=" in link for link in facet_links)
    assert any("sort=-title" in link for link in facet_links)
    as_csv = list(csv.DictReader(io.StringIO(client.get("/documents", params={"language": "en", "download": "csv"}).text)))
    as_json = client.get("/documents", params={"language": "en", "download": "json"}).json()
    assert len(as_csv) == len(as_json) == client.get("/api/documents", params={"language": "en"}).json()["total"]


@pytest.mark.parametrize(("params", "status", "says"), [
    ({"language": "xx"}, 400, "language: no document is in 'xx'"),
    ({"speaker": "Nobody"}, 400, "no one matches 'Nobody'"),
    ({"sort": "colour"}, 422, "sort"),
    ({"version": "poem"}, 422, "version"),
])
def test_a_filter_that_names_nothing_is_an_error(client, params, status, says):
    response = client.get("/api/documents", params=params)
    assert response.status_code == status and says in response.text


@pytest.mark.parametrize("kind", ["figures", "mentions"])
def test_figures_and_mentions_as_tables_with_facets_sorts_and_downloads(client, kind):
    page = client.get(f"/{kind}").text
    total = int(re.search(r'<h1>[^<]*<span class="meta">([\d,]+)', page).group(1).replace(",", ""))
    assert total > 0 and 'aria-label="Facets"' in page
    facet = re.search(rf'<a href="(/{kind}\?[^"]*(?:unit|type)=[^"]+)">[^<]+</a> <span class="meta">(\d+)', page)
    narrowed = client.get(facet.group(1).replace("&amp;", "&")).text
    assert int(re.search(r'<h1>[^<]*<span class="meta">([\d,]+)', narrowed).group(1)) == int(facet.group(2))
    rows = client.get(f"/{kind}", params={"download": "json", "sort": "-date"}).json()
    dates = [r["date"] for r in rows if r["date"]]
    assert len(rows) == total and dates == sorted(dates, reverse=True)
    assert client.get(f"/{kind}", params={"sort": "colour"}).status_code == 400
    assert client.get(f"/{kind}", params={"language": "xx"}).status_code == 400


@pytest.mark.parametrize("kind", ["figures", "mentions"])
def test_a_table_cut_at_its_row_limit_says_so(client, kind, monkeypatch):
    from summitry.web import tables

    assert "The first" not in client.get(f"/{kind}").text
    monkeypatch.setattr(tables, "TABLE_ROWS", 2)
    page = client.get(f"/{kind}").text
    assert "The first 2 rows of the analysis, oldest first" in page
