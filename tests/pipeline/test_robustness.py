"""Whatever the bytes, a page becomes a document or a one-line PageError, never a crash."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitry.pipeline.core import process_page
from summitry.pipeline.read import make_page
from summitry.records import PageError

LINES = st.sampled_from(
    [
        "Vladimir Putin: Good afternoon.",
        "A. Lukashenko: Thank you.",
        "June 9, 2023",
        "14:30",
        "Sochi",
        "* * *",
        "<…>",
        "Geography",
        "  • Belarus",
        "Publication date: June 9, 2023, 14:30",
        "Font size:",
        ": colon first",
        "Question:",
        "",
    ]
)


def check(data: bytes, name: str) -> None:
    try:
        doc = process_page(make_page(name, data))
    except PageError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    for turn in doc.turns:
        assert turn.label is not None and turn.person_id


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINES, st.text(max_size=80)), max_size=40))
def test_any_text_dump(lines):
    check("\n".join(lines).encode("utf-8", "surrogatepass"), "page.txt")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(LINES, st.text(max_size=40)), max_size=20), st.sampled_from(["p", "b", "div", "li", "br", "article"]))
def test_any_html(lines, tag):
    body = "".join(f"<{tag}>{line}</{tag}>" for line in lines)
    check(f"<html><body><article>{body}</article></body></html>".encode("utf-8", "surrogatepass"), "page.html")


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    check(data, "page.bin")
