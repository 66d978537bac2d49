"""Sentences of a turn, as (start, end) spans of its text: a sentence ends at . ! ? or … followed by a
space and a capital letter, a digit or an opening quote, and at a paragraph break; never after an
abbreviation (data/sentences.yaml) or an initial ("A. Lukashenko")."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from ..data.reference import data_dirs, read_yaml

_BOUNDARY = re.compile(r"[.!?…]+[\"»”’')\]]*(?=\s+[\"«“‘(\[]?[A-ZА-ЯЁІЎ0-9])|\n\s*\n")
_LAST_WORD = re.compile(r"([\w.]+)\.$")


@cache
def abbreviations() -> frozenset[str]:
    words: set[str] = set()
    for folder in data_dirs():
        path = folder / "sentences.yaml"
        if path.exists():
            words.update(str(w).casefold() for w in (read_yaml(path) or {}).get("abbreviations") or [])
    return frozenset(words)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentence spans of a text, leading and trailing spaces excluded; empty sentences dropped."""
    spans: list[tuple[int, int]] = []
    start, known = 0, abbreviations()
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.end()
        if text[boundary.start()] == ".":
            word = _LAST_WORD.search(text, max(start, end - 12), boundary.start() + 1)
            if word and (word[1].casefold() in known or (len(word[1]) == 1 and word[1].isupper())):
                continue
        _add(text, start, end, spans)
        start = end
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_of(spans: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    """The span holding an offset (the nearest before it when it falls between sentences)."""
    index = bisect_right(spans, offset, key=lambda span: span[0]) - 1
    return spans[index] if index >= 0 else (0, 0)
