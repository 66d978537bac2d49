"""The map of meeting places on /events and its data, /api/places: a circle per city of the events the
filters select, sized by their number, each a link to those events; cities with no known position
listed under the map."""

from __future__ import annotations

import re

from summitry.queries.events import meeting_places


def test_api_places_counts_the_events_of_each_city_and_says_where_it_lies(events_client):
    body = events_client.get("/api/places").json()
    assert [(p["city"], p["events"]) for p in body["items"]] == [("Sochi", 2), ("Baku", 1)]
    sochi = body["items"][0]
    assert abs(sochi["latitude"] - 43.6) < 0.1 and abs(sochi["longitude"] - 39.7) < 0.1
    assert {"total", "limit", "offset", "next", "prev"} <= body.keys() and body["total"] == 2


def test_api_places_takes_the_events_filters(events_client):
    assert [p["city"] for p in events_client.get("/api/places", params={"place": "Baku"}).json()["items"]] == ["Baku"]
    assert events_client.get("/api/places", params={"since": "2999-01-01"}).json()["items"] == []
    assert events_client.get("/api/places", params={"since": "soon"}).status_code == 422


def test_the_events_page_draws_a_circle_per_city_linking_to_its_events(events_client):
    html = events_client.get("/events").text
    assert "Where they met: 2 cities" in html
    circles = re.findall(r'<a xlink:href="(/events\?place=[^"]+)"[^>]*>\s*<path aria-label="([^"]+)"', html)
    assert sorted(circles) == [("/events?place=Baku", "Baku: 1 event"), ("/events?place=Sochi", "Sochi: 2 events")]
    assert "<title>Sochi: 2 events</title>" in html  # the hover title
    assert events_client.get("/events?place=Sochi").text.count("<title>") >= 1


def test_a_city_with_no_known_position_is_listed_under_the_map_not_dropped():
    rows = [{"city": "Testgrad"}, {"city": "Testgrad"}, {"city": "Minsk"}, {"city": None}]
    places = meeting_places(rows)
    assert [(p["city"], p["events"], p["latitude"] is None) for p in places] == [("Testgrad", 2, True), ("Minsk", 1, False)]
