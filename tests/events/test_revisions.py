"""Revisions: a site edits a transcript after publishing it; both states saved are one page of one
event, the latest its version, the earlier a revision that shows what changed. Pages written for this test."""

from __future__ import annotations

from summitry import Corpus, event_detail

TRANSCRIPT = """Talks with the President of the Republic of Testland

March 3, 2025, Moscow

Vladimir Putin held talks with President of Testland Ivan Testov.

Vladimir Putin: Mr President, welcome to Moscow. Our trade grew by 12 percent last year.

Ivan Testov: Thank you. We are glad to be here again.

Vladimir Putin: Let us begin with energy and transport.

Last updated: {updated}

Direct link: http://en.kremlin.ru/events/president/news/70001
"""


def ingest(tmp_path, pages: dict[str, str]) -> Corpus:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    corpus = Corpus(tmp_path / "c.db")
    corpus.ingest([folder])
    return corpus


def test_two_states_of_one_official_page_are_one_event_the_latest_its_version(tmp_path):
    first = TRANSCRIPT.format(updated="March 3, 2025, 18:00")
    edited = TRANSCRIPT.format(updated="March 4, 2025, 10:00").replace("12 percent", "14 percent").replace(
        "Let us begin with energy and transport.", "Let us begin with energy, transport and education."
    )
    # the earlier state is read second: the order comes from the pages' own times, not from reading
    with ingest(tmp_path, {"a_edited.txt": edited, "b_first.txt": first}) as corpus:
        rows = corpus.db.execute(
            """SELECT d.source, e.event_id, e.version FROM event_documents e JOIN documents d ON d.id = e.document_id
               ORDER BY d.source"""
        ).fetchall()
        assert len({event for _, event, _ in rows}) == 1  # not a second official version of its own event
        versions = {source.rsplit("/", 1)[-1]: version for source, _, version in rows}
        assert versions == {"a_edited.txt": "official", "b_first.txt": "revision"}
        detail = event_detail(corpus, rows[0][1])
        latest, earlier = detail["documents"]
        assert latest["canonical"] and latest["version"] == "official"
        assert earlier["adds"]["revision_of"] == latest["id"]
        assert earlier["adds"]["turns_changed"] == 2


def test_two_pages_of_one_site_with_different_ids_stay_two_events(tmp_path):
    other = TRANSCRIPT.format(updated="March 3, 2025, 19:00").replace("70001", "70002").replace(
        "Testland", "Otherland"
    ).replace("trade grew by 12 percent", "new bridge opened")
    with ingest(tmp_path, {"a.txt": TRANSCRIPT.format(updated="March 3, 2025, 18:00"), "b.txt": other}) as corpus:
        events = {e for (e,) in corpus.db.execute("SELECT event_id FROM event_documents")}
        assert len(events) == 2
        assert {v for (v,) in corpus.db.execute("SELECT version FROM event_documents")} == {"official"}
