"""The upload's defences, each against the hostile input that broke it (issue 14, security)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from summitry.pipeline.fetch import NOT_FETCHED
from summitry.web import create_app
from tests.pipeline.test_public_address import _serve


def wait_for(client: TestClient, job_id: str) -> dict:
    for _ in range(400):
        job = client.get(f"/api/ingest/{job_id}").json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the ingest job did not finish")


@pytest.mark.parametrize("allow_fetch", [False, True])
def test_an_uploaded_url_list_never_reaches_an_internal_address(tmp_path, allow_fetch):
    for url, handler in _serve("127.0.0.1"):
        url_list = f"# internal\n{url}secret\nhttp://localhost:{url.rsplit(':', 1)[1]}\n".encode()
        with TestClient(create_app(tmp_path / "up.db", allow_upload=True, allow_fetch=allow_fetch)) as client:
            response = client.post("/api/ingest", files={"files": ("urls.txt", url_list)})
            assert response.status_code == 202, response.text
            job = wait_for(client, response.json()["id"])
        assert handler.hits == []
        reasons = [failure["reason"] for failure in job["failures"]]
        assert len(reasons) == 2 and job["added"] == 0
        if allow_fetch:
            assert all("loopback address" in reason for reason in reasons), reasons
        else:
            assert all(reason == NOT_FETCHED for reason in reasons), reasons
