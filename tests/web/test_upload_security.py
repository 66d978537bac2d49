"""The upload's defences, each against the hostile input that broke it (issue 14, security)."""

from __future__ import annotations

import io
import struct
import time
import zipfile

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


# malformed uploads: a 400 with the reason, never a 500 ---------------------------------------------
PAGE = "A. Lukashenko: Good afternoon.\nV. Putin: Thank you.\n"


def _zip(name: str, text: str = PAGE) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        member = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        archive.writestr(member, text)
    return buffer.getvalue()


def _with_bad_crc() -> bytes:
    data = _zip("pages/crc.txt")
    at = data.index(PAGE.encode())
    return data[:at] + b"X" + data[at + 1:]  # the stored bytes changed, the CRC kept


def _patched(name: str, local_offset: int, central_offset: int, value: int) -> bytes:
    """A one-member zip with a 2-byte field of its local header and central directory entry set."""
    data = bytearray(_zip(name))
    for signature, offset in ((b"PK\x03\x04", local_offset), (b"PK\x01\x02", central_offset)):
        at = data.index(signature) + offset
        data[at:at + 2] = struct.pack("<H", value)
    return bytes(data)


HOSTILE_ZIPS = {
    "a 300-character member name": (lambda: _zip("n" * 296 + ".txt"), "longer than 200 characters"),
    "a member 2,100 folders deep": (lambda: _zip("d/" * 2100 + "deep.txt"), "2100 folders deep"),
    "a bad CRC": (_with_bad_crc, "Bad CRC-32"),
    "an encrypted member": (lambda: _patched("secret.txt", 6, 8, 0x1), "encrypted"),  # general purpose flag bit 0
    "an unknown compression": (lambda: _patched("method.txt", 8, 10, 99), "unknown compression (method 99)"),
    "a truncated archive": (lambda: _zip("cut.txt")[:-10], "not"),
}


@pytest.fixture(scope="module")
def uploader(tmp_path_factory):
    with TestClient(create_app(tmp_path_factory.mktemp("malformed") / "up.db", allow_upload=True)) as client:
        yield client


@pytest.mark.parametrize("kind", HOSTILE_ZIPS)
def test_a_malformed_zip_gets_400_with_its_reason(uploader, kind):
    build, reason = HOSTILE_ZIPS[kind]
    response = uploader.post("/api/ingest", files={"files": ("hostile.zip", build())})
    assert response.status_code in (400, 415), response.text
    assert reason in response.json()["error"], response.json()["error"]
    assert len(response.text) < 2000


def test_a_malformed_member_is_skipped_with_its_reason_beside_good_pages(uploader):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("good.txt", PAGE)
        archive.writestr("n" * 296 + ".txt", PAGE)
        archive.writestr("d/" * 2100 + "deep.txt", PAGE)
    response = uploader.post("/api/ingest", files={"files": ("mixed.zip", buffer.getvalue())})
    assert response.status_code == 202, response.text
    reasons = " | ".join(s["reason"] for s in response.json()["skipped"])
    assert "longer than 200" in reasons and "folders deep" in reasons


def test_an_upload_name_of_300_characters_gets_400(uploader):
    response = uploader.post("/api/ingest", files={"files": ("p" * 296 + ".txt", PAGE.encode())})
    assert response.status_code == 400 and "300 characters" in response.json()["error"]
