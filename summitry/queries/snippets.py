"""Snippets made in Python: the words of a query marked in a window of the text around the first.

The web app makes every snippet this way (FTS5's snippet() reruns the query for each row); the
command line and the API do so for a text in kana or Han, whose characters the index reads one by
one (enrich.tokens.index_text), so that FTS5's own snippet would mark the wrong words.
"""

from __future__ import annotations

import re

from ..enrich.tokens import UNSPACED_LETTERS

SNIPPET_CHARS = 200
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")
_PHRASE = re.compile(r'"((?:[^"]|"")*)"')


def has_unspaced(text: str | None) -> bool:
    """Whether a text holds a character of a script written without spaces (kana, Han)."""
    return bool(text) and not text.isascii() and _UNSPACED.search(text) is not None  # type: ignore[union-attr]


def match_pattern(q: str) -> re.Pattern[str] | None:
    """A regular expression for the words of an FTS5 query (phrases split into words, word* and
    "a phrase"* as prefixes), to mark them in a snippet. Words in kana or Han are found inside a run
    of such characters, as the index finds them."""
    parts, unspaced = [], []
    for phrase in _PHRASE.findall(q):  # "普 京", as match_expression writes 普京: the characters in a row
        words = re.findall(r"\w+", phrase)
        if has_unspaced(phrase) and words:
            unspaced.append(r"\s*".join(map(re.escape, words)))
    q = _PHRASE.sub(lambda m: " " if has_unspaced(m.group(1)) else m.group(), q)
    for word, star in re.findall(r'(\w+)"?(\*?)', re.sub(r"\b\w+\s*:", " ", q)):
        if has_unspaced(word):
            unspaced.append(re.escape(word))
        elif word not in _OPERATORS:
            parts.append(re.escape(word) + (r"\w*" if star else ""))
    alternatives = ([r"\b(?:" + "|".join(sorted(set(parts))) + r")\b"] if parts else []) + sorted(set(unspaced), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def snippet(text: str, pattern: re.Pattern[str] | None, marks: tuple[str, str], size: int = SNIPPET_CHARS) -> str:
    """About `size` characters around the first match, the matches between the marks."""
    text = text.replace("\n\n", " ")
    first = pattern.search(text) if pattern else None
    start = 0 if first is None else max(0, first.start() - size // 6)
    if start:
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + size)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    if pattern:
        window = pattern.sub(lambda m: marks[0] + m.group() + marks[1], window)
    return ("…" if start else "") + window + ("…" if end < len(text) else "")
