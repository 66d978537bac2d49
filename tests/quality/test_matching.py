"""The alignment's matching blocks are difflib's, found faster."""

from __future__ import annotations

from difflib import SequenceMatcher

from hypothesis import given, settings
from hypothesis import strategies as st

from summitry.quality.matching import matching_blocks

words = st.lists(st.sampled_from("abcd"), max_size=40)


def difflib_blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    return [tuple(m) for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()[:-1]]  # type: ignore[misc]


@settings(max_examples=400, deadline=None)
@given(words, words)
def test_the_same_blocks_as_difflib(a, b):
    assert matching_blocks(a, b) == difflib_blocks(a, b)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from("abcdefgh"), min_size=20, max_size=200), st.data())
def test_the_same_blocks_on_a_copy_with_edits(a, data):
    b = list(a)
    for _ in range(data.draw(st.integers(0, 8))):
        at = data.draw(st.integers(0, len(b)))
        if data.draw(st.booleans()):
            b[at:at] = data.draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=5))
        else:
            del b[at : at + data.draw(st.integers(1, 5))]
    assert matching_blocks(a, b) == difflib_blocks(a, b)


def test_ties_go_to_the_first_block_in_a_then_in_b():
    assert matching_blocks(list("xyxy"), list("xy")) == [(0, 0, 2)]
    assert matching_blocks(list("xy"), list("xyxy")) == [(0, 0, 2)]
    assert matching_blocks([], list("ab")) == [] and matching_blocks(list("ab"), list("ba")) == [(0, 1, 1)]
