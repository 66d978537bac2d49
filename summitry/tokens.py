"""Words as the analyses count them: runs of letters, lower-cased (digits and punctuation split words).

The same words feed topic scores and per-speaker term counts (keyness); ``index_term`` turns a query
word into the form the full-text index (FTS5 unicode61, diacritics removed) stores.
"""

from __future__ import annotations

import string
import unicodedata

# every character that is not part of a word, as a space (str.translate and str.split run in C)
WORD_BREAKS = str.maketrans(
    dict.fromkeys(
        string.punctuation + string.digits + "".join(map(chr, range(0x2000, 0x2070))) + "«»€₽£¥№°×±§\u00a0\u00ad",
        " ",
    )
)


def plain_words(text: str) -> str:
    """The text lower-cased, with everything that is not a letter as a space (mostly of the same length)."""
    return text.lower().translate(WORD_BREAKS)


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
