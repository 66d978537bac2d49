"""One regular expression for many literal words, shaped as a trie.

An alternation of words tries every word at every position; a trie tries one branch per character,
so scanning costs the same whatever the number of words. Longer words are preferred where one word
begins another; a space in a word matches any run of spaces (U+00A0 too).
"""

from __future__ import annotations

import re
from typing import Any


def trie_pattern(words: list[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + build(child) for c, child in sorted(node.items()) if c]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie) or "(?!)"
