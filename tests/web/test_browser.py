"""The web app in headless Chromium: a server on a free port of 127.0.0.1 started with
--allow-upload over an empty database; the seed pages uploaded and ingested; then the search
page, a transcript and the compare view, each loaded by Chromium (reading and searching pages
carry no script, so they read the same with JavaScript off), and screenshots written to tests/screenshots/ (ignored by git).

Skips when chromium is not installed (tests/run.sh installs it where it can)."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import httpx
import pytest

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    db = tmp_path_factory.mktemp("browser") / "browser.db"
    command = [sys.executable, "-c", "from summitry.cli import run; run()",
               "--db", str(db), "serve", "--port", str(port), "--allow-upload"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urlopen(base + "/api/stats", timeout=1):
                    break
            except OSError:
                if process.poll() is not None:
                    pytest.fail(f"the server stopped: {process.stderr.read() if process.stderr else ''}")
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def chromium(url: str, name: str, *, height: int = 1200, width: int = 1280) -> tuple[Path, str]:
    """Load url; return the screenshot and the page's DOM as Chromium built it."""
    SCREENSHOTS.mkdir(exist_ok=True)
    shot = SCREENSHOTS / f"{name}.png"
    shot.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="summitry-chromium-") as profile:
        common = [
            CHROMIUM or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            f"--user-data-dir={profile}", f"--window-size={width},{height}",
        ]
        subprocess.run([*common, f"--screenshot={shot}", url], capture_output=True, timeout=90, check=False)
        dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, timeout=90, text=True, check=False).stdout
    assert shot.exists() and shot.stat().st_size > 5000, f"no screenshot of {url}"
    return shot, dom


@pytest.fixture
def ingested(server, shared):
    """The server with the seed pages in it: uploaded through the ingest form once."""
    if httpx.get(server + "/api/stats").json()["documents"]:
        return server
    seeds = sorted((shared / "seeds").glob("*.txt"))
    files = [("files", (p.name, p.read_bytes(), "text/plain")) for p in seeds]
    with httpx.Client() as browser:  # as a browser posts the form: its cookie, its token, its origin
        form = browser.get(server + "/ingest").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
        response = browser.post(server + "/ingest", files=files, data={"csrf_token": token},
                                headers={"Origin": server.rstrip("/")}, follow_redirects=False, timeout=60)
    assert response.status_code == 303, response.text
    job_page = server + response.headers["location"]
    job_id = job_page.rsplit("/", 1)[1]
    for _ in range(300):
        job = httpx.get(f"{server}/api/ingest/{job_id}").json()
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    assert job["status"] == "done" and job["added"] == len(seeds), job
    chromium(job_page, "ingest-done", height=700)
    return server


def test_ingest_page_in_the_browser(ingested):
    _, dom = chromium(ingested + "/ingest", "ingest-form", height=800)
    assert 'type="file"' in dom and "Recent uploads" in dom and "done" in dom


def test_home_and_search_without_javascript(ingested):
    # Chromium's headless mode cannot load a page with scripts switched off; these pages carry no
    # script at all, so what it shows here is what a reader without JavaScript sees.
    _, dom = chromium(ingested + "/", "home")
    assert "5</strong> documents" in dom
    query = urlencode({"q": "weapons", "speaker": "Putin"})
    _, dom = chromium(f"{ingested}/search?{query}", "search")
    assert "<mark>weapons</mark>" in dom and "Vladimir Putin" in dom
    assert 'href="/documents/' in dom and "#t" in dom  # each hit links to its turn
    assert "<script" not in dom


def test_transcript_in_the_browser(ingested):
    documents = httpx.get(ingested + "/api/documents").json()["items"]
    sochi = next(d for d in documents if d["publisher"] == "en.kremlin.ru" and d["date"] == "2023-06-09")
    _, dom = chromium(f"{ingested}/documents/{sochi['id']}", "transcript", height=1600)
    assert "speaker-0" in dom and "speaker-1" in dom and 'class="narrative"' in dom
    assert "Other versions of this event" in dom


def test_compare_view_in_the_browser(ingested):
    documents = httpx.get(ingested + "/api/documents").json()["items"]
    versions = sorted(d["id"] for d in documents if d["date"] == "2023-06-09")
    assert len(versions) == 2
    _, dom = chromium(f"{ingested}/compare/{versions[0]}/{versions[1]}", "compare", height=1600)
    assert "compare-grid" in dom and "Divergences" in dom
    comparison = httpx.get(f"{ingested}/api/compare/{versions[0]}/{versions[1]}").json()
    assert comparison["paired"] >= 10, json.dumps(comparison)[:300]


@pytest.mark.parametrize(("panel", "q"), [("contexts", "weapons"), ("frequencies", ""), ("trends", "weapons, grain")])
@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("phone", 390)])
def test_analysis_panels_in_the_browser(ingested, panel, q, device, width):
    query = urlencode({"panel": panel, "q": q, "speaker": "Putin" if panel == "contexts" else ""})
    _, dom = chromium(f"{ingested}/analyse?{query}", f"analyse-{panel}-{device}", height=1000, width=width)
    assert 'aria-current="page"' in dom and "download" in dom
    if panel == "contexts":
        assert "<mark>weapons</mark>" in dom and "/utterances/" in dom
    if panel == "frequencies":
        assert 'class="cloud"' in dom
    if panel == "trends":
        assert "<svg" in dom


@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("phone", 390)])
def test_charts_in_the_browser(ingested, device, width):
    query = urlencode({"term": "weapons", "about": "trade"})
    _, dom = chromium(f"{ingested}/charts?{query}", f"charts-{device}", height=1400, width=width)
    assert dom.count("<svg") >= 2 and 'role="graphics-symbol"' in dom and "Year" in dom
    _, dom = chromium(f"{ingested}/speakers/vladimir-putin", f"speaker-{device}", height=1200, width=width)
    assert "<svg" in dom and "each meeting counted once" in dom


@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("phone", 390)])
def test_documents_table_with_facets_in_the_browser(ingested, device, width):
    _, dom = chromium(f"{ingested}/documents?sort=-words", f"documents-{device}", height=1100, width=width)
    assert 'aria-label="Facets"' in dom and 'aria-sort="descending"' in dom and "download" in dom


@pytest.mark.parametrize(("device", "width"), [("desktop", 1280), ("phone", 390)])
def test_events_timeline_with_its_map_in_the_browser(ingested, device, width):
    _, dom = chromium(f"{ingested}/events", f"events-{device}", height=1300, width=width)
    assert "Where they met" in dom and 'xlink:href="/events?place=' in dom and 'class="timeline"' in dom
