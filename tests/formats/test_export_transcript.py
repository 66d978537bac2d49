"""Markdown and HTML transcripts: one readable file per document and an index."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from summitry.formats.export import export

from ..invented_corpus import build

FILES = ["2022-03-04-doc-1", "2023-01-02-doc-2", "2023-05-06-doc-3"]


@pytest.fixture
def corpus(tmp_path):
    with build(tmp_path / "c.db") as c:
        yield c


class TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


@pytest.mark.parametrize(("kind", "suffix"), [("markdown", "md"), ("html", "html")])
def test_one_transcript_per_document_and_an_index(corpus, tmp_path, kind, suffix):
    assert export(corpus, kind, tmp_path / "out").documents == 3
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted([f"{f}.{suffix}" for f in FILES] + [f"index.{suffix}"])
    index = (tmp_path / "out" / f"index.{suffix}").read_text(encoding="utf-8")
    assert all(f"{f}.{suffix}" in index for f in FILES) and "Встреча с Президентом Фридонии" in index


def test_markdown_reads_as_a_transcript(corpus, tmp_path):
    export(corpus, "markdown", tmp_path / "out")
    talks = (tmp_path / "out" / "2022-03-04-doc-1.md").read_text(encoding="utf-8")
    assert talks.startswith("# Talks with the President of Freedonia & Sylvania\n")
    assert "- **Date:** 2022-03-04 11:30" in talks and "- **Place:** Lake House, Riverton" in talks
    assert "- **Geography:** Freedonia" in talks
    assert "**Ivan Petrov:** Good afternoon, Mr Firefly.\n\nTrade grew by 5% \\< 10% & more, says \\<the\\> report." in talks
    assert "**Rufus Firefly:** Thank you. \\*Really\\* \\[good\\] \\_news\\_." in talks
    assert "*The two presidents met at the\xa0Lake House.*" in talks and "> Photo: Before the talks." in talks
    assert "\n\\<…\\>\n" in talks and "\n* * *\n" in talks
    assert "**Second Speaker:** \\# Is this a heading? 1. No." in talks


def test_html_is_escaped_and_gives_each_speaker_a_colour(corpus, tmp_path):
    export(corpus, "html", tmp_path / "out")
    page = (tmp_path / "out" / "2022-03-04-doc-1.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "5% &lt; 10% &amp; more, says &lt;the&gt; report." in page
    assert 'href="https://news.example.org/talks/1?a=1&amp;b=2"' in page
    assert page.count('<div class="turn" style="color:#1f5f99">') == 2  # Ivan Petrov's two turns
    parser = TextOf()
    parser.feed(page)
    shown = "".join(parser.parts)
    assert "Ivan Petrov: Good afternoon, Mr Firefly." in shown and "Trade grew by 5% < 10% & more" in shown
