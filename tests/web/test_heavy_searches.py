"""The costliest searches run on a thread of their own (summitry.web.search.is_heavy), so that they do
not hold up the cheap ones the event loop answers in turn (issue 14: denial of service by one query)."""

from __future__ import annotations

import asyncio
import threading

import pytest

from summitry.web.search import SearchQuery, answer_search, is_heavy


@pytest.mark.parametrize(
    ("query", "heavy"),
    [
        (SearchQuery("trade"), False),
        (SearchQuery('"Union State"'), False),
        (SearchQuery("gas*"), False),
        (SearchQuery("trade", order="relevance"), False),
        (SearchQuery("con* OR pre*"), True),
        (SearchQuery("NEAR(gas oil, 5)"), True),
        (SearchQuery("trade", page=101, per_page=10), True),
    ],
)
def test_what_counts_as_heavy(query, heavy):
    assert is_heavy(query) is heavy


def test_a_heavy_search_answers_off_the_event_loop_and_a_cheap_one_on_it():
    def where(request: object, query: SearchQuery) -> str:
        return threading.current_thread().name

    async def both() -> tuple[str, str]:
        loop_thread = threading.current_thread().name
        cheap = await answer_search(None, SearchQuery("trade"), where)
        heavy = await answer_search(None, SearchQuery("con* OR pre*"), where)
        return cheap == loop_thread, heavy

    on_loop, heavy_thread = asyncio.run(both())
    assert on_loop and heavy_thread.startswith("summitry-heavy-search")
