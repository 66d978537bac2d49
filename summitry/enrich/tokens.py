"""Words as the analyses count them: runs of letters, lower-cased (digits and punctuation split words).

The same words feed topic scores and per-speaker term counts (keyness); ``index_term`` turns a query
word into the form the full-text index (FTS5 unicode61, diacritics removed) stores, and ``index_text``
a text into what the index reads.
"""

from __future__ import annotations

import re
import string
import unicodedata

# every character that is not part of a word, as a space (str.translate and str.split run in C)
_BREAK_CHARS = string.punctuation + string.digits + "".join(map(chr, range(0x2000, 0x2070))) + "«»€₽£¥№°×±§\u00a0\u00ad"
WORD_BREAKS = str.maketrans(dict.fromkeys(_BREAK_CHARS, " "))
# the same as an expression: str.translate is fast on ASCII text only (a dict look-up per character
# otherwise), re.sub is several times faster on text with a single "’" or "–" in it
_BREAKS = re.compile(f"[{re.escape(_BREAK_CHARS)}]")


# the letters of the scripts written without spaces between words (kana, Han), for a character class
UNSPACED_LETTERS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")


def index_text(text: str | None) -> str | None:
    """A text as the full-text indexes read it: each character of a script written without spaces
    (kana, Han) a word of its own, so that "普京" is found inside "同普京总统会谈" (unicode61 takes a
    run of them for one word); any other text as it is. Registered in SQLite as ``index_text``."""
    if not text or text.isascii() or _UNSPACED.search(text) is None:
        return text
    return _UNSPACED.sub(lambda m: f" {m.group()} ", text)


def plain_words(text: str) -> str:
    """The text lower-cased, with everything that is not a letter as a space (mostly of the same length)."""
    lowered = text.lower()
    return lowered.translate(WORD_BREAKS) if lowered.isascii() else _BREAKS.sub(" ", lowered)


def tokens(text: str) -> list[str]:
    """The words of a text, lower-cased."""
    return plain_words(text).split()


def index_term(word: str) -> str:
    """A word as the full-text index stores it: lower case, Latin letters without diacritics."""
    return "".join(_plain_latin(c) for c in word.lower())


def _plain_latin(char: str) -> str:
    if char.isascii() or ord(char) > 0x24F:
        return char
    return unicodedata.normalize("NFD", char)[0]
