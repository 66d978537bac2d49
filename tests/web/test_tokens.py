"""Writes behind a token (issue 18, item 2): once the database holds an API token, every upload brings
one (Authorization: Bearer, or the ingest form's token field); unknown and revoked tokens get a 401;
tokens are stored hashed; uploads are rate-limited; every write is in the audit table."""

from __future__ import annotations

import re
import time

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from summitry.cli import app
from summitry.queries.corpus import Corpus
from summitry.web import create_app
from summitry.web.write_access import RateLimit

runner = CliRunner(env={"COLUMNS": "250"})
PAGE = b"Talks number one\n\n5 April 2023, Moscow\n\nVladimir Putin: Good afternoon.\n\nAlexander Lukashenko: Thank you.\n"


def _cli(db, *args):
    result = runner.invoke(app, ["--db", str(db), *args])
    assert "Traceback" not in result.output
    return result


def _wait(client: TestClient, job_id: str) -> dict:
    for _ in range(200):
        job = client.get(f"/api/ingest/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not end")


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "team.db"
    with Corpus(path):
        pass
    return path


def test_a_token_is_shown_once_and_stored_hashed(db):
    made = _cli(db, "token", "create", "--name", "alice")
    assert made.exit_code == 0
    token = made.stdout.strip()
    assert token.startswith("smt_") and len(token) > 40
    stored = b"".join(f.read_bytes() for f in db.parent.glob("team.db*"))
    assert token.encode() not in stored and token.split("_", 1)[1].encode() not in stored
    listed = _cli(db, "token", "list", "-f", "json")
    assert '"name": "alice"' in listed.stdout and token not in listed.stdout
    again = _cli(db, "token", "create", "--name", "alice")
    assert again.exit_code == 2 and "exists already" in again.output


def test_uploads_need_a_valid_token_once_one_exists(db):
    with TestClient(create_app(db, allow_upload=True)) as client:
        first = client.post("/api/ingest", files={"files": ("a.txt", PAGE)})
        assert first.status_code == 202  # no token made yet: this machine writes
        assert _wait(client, first.json()["id"])["status"] == "done"
        made = _cli(db, "token", "create", "--name", "alice")
        assert made.exit_code == 0, made.output
        token = made.stdout.strip()
        refused = client.post("/api/ingest", files={"files": ("b.txt", PAGE)})
        assert refused.status_code == 401 and "API token is needed" in refused.json()["error"]
        assert refused.headers["www-authenticate"].startswith("Bearer")
        wrong = client.post("/api/ingest", files={"files": ("b.txt", PAGE)}, headers={"Authorization": "Bearer smt_wrong"})
        assert wrong.status_code == 401 and "not one this server knows" in wrong.json()["error"]
        taken = client.post("/api/ingest", files={"files": ("b.txt", PAGE.replace(b"one", b"two"))},
                            headers={"Authorization": f"Bearer {token}"})
        assert taken.status_code == 202
        assert _wait(client, taken.json()["id"])["status"] == "done"
        assert _cli(db, "token", "revoke", "alice").exit_code == 0
        revoked = client.post("/api/ingest", files={"files": ("c.txt", PAGE)}, headers={"Authorization": f"Bearer {token}"})
        assert revoked.status_code == 401
    audit = _cli(db, "audit", "-f", "json")
    assert '"who": "alice"' in audit.stdout and '"action": "upload"' in audit.stdout


def test_the_ingest_form_asks_for_the_token_and_checks_it(db):
    token = _cli(db, "token", "create", "--name", "bob").stdout.strip()
    with TestClient(create_app(db, allow_upload=True)) as client:
        form = client.get("/ingest").text
        assert 'name="api_token"' in form
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        origin = {"Origin": "http://testserver"}
        without = client.post("/ingest", files={"files": ("a.txt", PAGE)}, data={"csrf_token": csrf}, headers=origin,
                              follow_redirects=False)
        assert without.status_code == 401
        with_token = client.post("/ingest", files={"files": ("a.txt", PAGE)}, data={"csrf_token": csrf, "api_token": token},
                                 headers=origin, follow_redirects=False)
        assert with_token.status_code == 303


def test_uploads_are_rate_limited_per_writer(db):
    with TestClient(create_app(db, allow_upload=True)) as client:
        client.app.state.upload_limit = RateLimit(limit=2)
        codes = [client.post("/api/ingest", files={"files": (f"{n}.txt", PAGE)}).status_code for n in range(3)]
        assert codes == [202, 202, 429]
        limited = client.post("/api/ingest", files={"files": ("x.txt", PAGE)})
        assert "at most 2 a minute" in limited.json()["error"] and int(limited.headers["retry-after"]) > 0


def test_a_server_open_to_other_machines_needs_a_token_to_take_uploads(db):
    result = _cli(db, "serve", "--host", "0.0.0.0", "--allow-upload")
    assert result.exit_code == 2 and "need an API token" in result.output


def test_a_private_server_reads_only_for_a_token(db):
    token = _cli(db, "token", "create", "--name", "carol").stdout.strip()
    with TestClient(create_app(db, private=True)) as client:
        for path in ("/", "/api/stats", "/search?q=x", "/api/documents"):
            refused = client.get(path)
            assert refused.status_code == 401 and "this corpus is private" in refused.json()["error"]
        assert client.get("/api/stats", headers={"Authorization": "Bearer smt_nope"}).status_code == 401
        assert client.get("/api/stats", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert client.get("/static/style.css").status_code == 200
        first = client.get(f"/documents?sort=title&token={token}", follow_redirects=False)
        assert first.status_code == 303 and first.headers["location"] == "/documents?sort=title"
        assert "HttpOnly" in first.headers["set-cookie"] and "SameSite=Strict" in first.headers["set-cookie"]
        assert client.get("/documents?sort=title").status_code == 200  # the cookie from now on
    assert _cli(db, "token", "revoke", "carol").exit_code == 0
    with TestClient(create_app(db, private=True)) as client:
        assert client.get("/api/stats", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_private_server_without_a_token_refuses_to_start(db):
    result = _cli(db, "serve", "--private")
    assert result.exit_code == 2 and "no API token exists yet" in result.output
