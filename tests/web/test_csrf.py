"""CSRF: a page of another site cannot make a visitor's browser upload (issue 14, security)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from summitry.web import create_app
from summitry.web.csrf import TOKEN_COOKIE, TOKEN_FIELD

PAGE = ("files", ("t.txt", b"A. Lukashenko: Good afternoon.\nV. Putin: Thank you.\n"))
OWN = "http://testserver"


@pytest.fixture
def uploader(tmp_path):
    with TestClient(create_app(tmp_path / "csrf.db", allow_upload=True)) as client:
        yield client


def form_token(client: TestClient) -> str:
    return re.search(rf'name="{TOKEN_FIELD}" value="([^"]+)"', client.get("/ingest").text).group(1)


def test_the_form_post_with_its_token_from_this_site_is_taken(uploader):
    token = form_token(uploader)
    assert uploader.cookies.get(TOKEN_COOKIE) == token
    response = uploader.post("/ingest", files=[PAGE], data={TOKEN_FIELD: token}, headers={"Origin": OWN},
                             follow_redirects=False)
    assert response.status_code == 303


@pytest.mark.parametrize("headers", [{"Origin": "https://attacker.example"}, {"Origin": "null"},
                                     {"Referer": "https://attacker.example/upload.html"},
                                     {"Origin": "http://testserver.attacker.example"}])
def test_a_cross_site_form_post_is_refused_even_with_a_token(uploader, headers):
    token = form_token(uploader)
    response = uploader.post("/ingest", files=[PAGE], data={TOKEN_FIELD: token}, headers=headers)
    assert response.status_code == 403 and "cross-site" in response.text
    assert uploader.get("/api/stats").json()["documents"] == 0


def test_a_form_post_without_the_token_is_refused(uploader):
    form_token(uploader)  # the cookie is set; the attacker's form cannot know its value
    for data in ({}, {TOKEN_FIELD: "guessed" * 6}):
        response = uploader.post("/ingest", files=[PAGE], data=data, headers={"Origin": OWN})
        assert response.status_code == 403 and "token" in response.text


def test_a_form_post_without_the_cookie_is_refused(uploader):
    token = form_token(uploader)
    uploader.cookies.clear()
    response = uploader.post("/ingest", files=[PAGE], data={TOKEN_FIELD: token}, headers={"Origin": OWN})
    assert response.status_code == 403


def test_a_form_post_that_does_not_say_where_it_comes_from_is_refused(uploader):
    token = form_token(uploader)
    response = uploader.post("/ingest", files=[PAGE], data={TOKEN_FIELD: token})
    assert response.status_code == 403 and "Origin" in response.text


def test_the_api_refuses_a_cross_site_post_and_takes_a_program_s(uploader):
    refused = uploader.post("/api/ingest", files=[PAGE], headers={"Origin": "https://attacker.example"})
    assert refused.status_code == 403 and "cross-site" in refused.json()["error"]
    assert uploader.post("/api/ingest", files=[PAGE]).status_code == 202  # curl says no origin
