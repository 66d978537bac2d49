"""A reader's way through the web app in headless Chromium, driven by Playwright with Debian's
chromium (nothing downloaded): search → transcript with the query marked → the event's divergences
→ a divergence in its transcript; the documents table filtered by a facet and downloaded as CSV; and
axe-core's accessibility check of every page on the way, with no serious or critical violation.

Uses the browser tests' server with the seed pages in it (tests/web/test_browser.py); skips without
chromium, Playwright or axe-playwright-python (tests/run.sh installs them where it can)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .test_browser import CHROMIUM, SCREENSHOTS, ingested, server  # noqa: F401  (the fixtures)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_module = pytest.importorskip("axe_playwright_python.sync_playwright", reason="axe-playwright-python is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

PAGES = ["/", "/search?q=weapons", "/documents", "/analyse?q=weapons", "/analyse?panel=frequencies",
         "/analyse?panel=trends&q=weapons,+grain", "/charts?term=weapons&about=trade", "/events", "/speakers",
         "/speakers/vladimir-putin", "/figures", "/mentions?type=person"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _serious(page) -> list[str]:
    found = axe_module.Axe().run(page).response["violations"]
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['html'][:120]}" for v in found if v["impact"] in ("serious", "critical")]


def test_search_to_transcript_to_divergence(ingested, browser):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{ingested}/search?q=weapons")
    assert not _serious(page)
    page.locator("ol.hits li a.title").first.click()
    page.wait_for_load_state()
    assert "q=weapons" in page.url and page.locator("mark", has_text="weapons").count() >= 1
    assert not _serious(page)
    page.screenshot(path=str(SCREENSHOTS / "click-transcript.png"))
    event = page.locator('a[href^="/events/"]').first.get_attribute("href")
    page.goto(f"{ingested}/compare/{event.rsplit('/', 1)[1]}")
    assert "divergence" in page.content() and not _serious(page)
    page.screenshot(path=str(SCREENSHOTS / "click-divergences.png"))
    page.locator("table.list tbody tr td a").first.click()
    page.wait_for_load_state()
    assert re.search(r"/documents/\d+", page.url)
    page.close()


def test_documents_filtered_by_a_facet_and_downloaded(ingested, browser):  # noqa: F811
    page = browser.new_page()
    page.goto(f"{ingested}/documents")
    before = int(page.locator("h1 .meta").inner_text().replace(",", ""))
    page.locator("aside.facets section", has_text="Year").locator("li a").first.click()
    page.wait_for_load_state()
    after = int(page.locator("h1 .meta").inner_text().replace(",", ""))
    assert "year=" in page.url and 0 < after < before
    with page.expect_download() as download:
        page.locator("a", has_text="CSV").first.click()
    rows = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,") and len(rows) == after + 1
    page.close()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [1280, 390])
def test_no_serious_accessibility_violation(ingested, browser, path, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(ingested + path)
    assert not _serious(page), path
    if width < 500:  # nothing sticks out sideways on a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1, path
    page.close()
