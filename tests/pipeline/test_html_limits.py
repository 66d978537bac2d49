"""Hostile HTML (a million attributes on one element, 100,000 nested divs) is refused before the
parser sees it, in one line, and the batch goes on; real pages pass the same checks."""

from __future__ import annotations

import time

import pytest

from summitry.pipeline.core import process_page, process_pages
from summitry.pipeline.html_limits import HtmlLimits, check_html_limits
from summitry.pipeline.read import make_page
from summitry.records import Failure, PageError

from ..conftest import EXAMPLES

TURN = "<p>Vladimir Putin: Good afternoon.</p>"


def _attributes(count: int) -> str:
    return "<html><body><div " + " ".join(f'a{i}=">"' for i in range(count)) + f">{TURN}</div></body></html>"


def _nested(depth: int, tag: str = "div") -> str:
    return f"<html><body>{f'<{tag}>' * depth}{TURN}{f'</{tag}>' * depth}</body></html>"


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (_attributes(1_000_000), "has too many attributes to parse (1,000,000, limit 1,000)"),
        (_nested(100_000), "nested too deep to parse"),
        (_nested(100_000, "span"), "nested too deep to parse"),
        (_nested(3_000), "nested too deep to read"),  # too few tags to scan: the block walk says so
        ("<html><body>" + '<p a="1" b="2" c="3" d="4" e="5" f="6" g="7" h="8">x</p>' * 70_000 + "</body></html>",
         "has too many attributes to parse (over 500,000)"),
    ],
)
def test_hostile_html_is_refused_quickly_with_its_reason(html, reason):
    started = time.monotonic()
    with pytest.raises(PageError, match=r"^HTML .*") as caught:
        process_page(make_page("hostile.html", html.encode()))
    assert reason in str(caught.value) and "\n" not in str(caught.value)
    assert time.monotonic() - started < 5


def test_a_page_over_the_size_limit_is_refused():
    limits = HtmlLimits(max_characters=100, max_attributes_per_element=10, max_attributes=100, max_depth=10)
    with pytest.raises(PageError, match="too large to parse"):
        check_html_limits("<p>x</p>" * 20, limits)


def test_within_the_limits_a_page_is_read():
    doc = process_page(make_page("deep.html", _nested(400).encode()))
    assert [t.text for t in doc.turns] == ["Good afternoon."]
    doc = process_page(make_page("attrs.html", _attributes(900).encode()))
    assert [t.text for t in doc.turns] == ["Good afternoon."]


def test_unclosed_paragraphs_and_list_items_do_not_count_as_nesting():
    check_html_limits("<html><body>" + "<p>para<li>item<td>cell<br><img src=x>" * 5_000 + "</body></html>")


def test_every_example_page_is_within_the_limits():
    for path in EXAMPLES.rglob("*.htm*"):
        check_html_limits(path.read_text(encoding="utf-8", errors="replace"))


def test_a_hostile_page_fails_alone_and_the_batch_goes_on():
    pages = [make_page("hostile.html", _nested(100_000).encode()), make_page("good.html", f"<html><body>{TURN}</body></html>".encode())]
    results = [result for _, result in process_pages(pages)]
    assert isinstance(results[0], Failure) and "nested too deep" in results[0].reason
    assert not isinstance(results[1], Failure) and len(results[1].turns) == 1
