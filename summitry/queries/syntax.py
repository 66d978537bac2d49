"""What a user types into a search box, as an FTS5 MATCH expression.

Only what is query syntax is read as syntax: "double-quoted phrases", a trailing * on a word or a
phrase (prefix), AND / OR / NOT in capitals, NEAR(…) groups and parentheses. Everything else is words:
a chunk such as ``U.S.``, ``Putin's``, ``12%``, ``US$45`` or ``e-mail`` is split where the index splits
the text (unicode61: runs of letters and digits) and searched as the phrase of its parts, so it finds
what the text holds; each character of kana and Han is a word, as the index reads them. Operators with nothing on one side, unbalanced parentheses and lone stars are
dropped; a query with no word left, or one that starts with NOT (dropping it would invert the
question), is a QueryError.

``forms``, when given, turns a plain word into the word forms to search for instead (stemming: see
``word_forms``); phrases and prefixes are left as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..enrich.tokens import UNSPACED_LETTERS, index_text
from ..store.filters import QueryError

__all__ = ["match_expression"]

_TOKEN = re.compile(
    r"""(?P<phrase>"(?:[^"]|"")*(?:"|$)\*?)
      | (?P<near>\bNEAR\s*\()
      | (?P<open>\()
      | (?P<close>\))
      | (?P<comma>,)
      | (?P<chunk>[^\s"(),]+)""",
    re.VERBOSE,
)
_WORD = re.compile(r"[^\W_]+")
_UNSPACED = re.compile(f"[{UNSPACED_LETTERS}]")
_OPERATORS = frozenset({"AND", "OR", "NOT"})
Forms = Callable[[str], list[str]]


def _quoted(words: list[str], prefix: bool) -> str:
    return '"' + " ".join(words) + '"' + ("*" if prefix else "")


def _chunk(text: str, forms: Forms | None) -> str | None:
    """A chunk of plain text as a term: its words quoted as one phrase; None when it has no word."""
    words = _WORD.findall(index_text(text) or "")
    if not words:
        return None
    # a star after kana or Han asks for nothing more: each of their characters is a word already
    prefix = text.endswith("*") and bool(_WORD.fullmatch(text[-2:-1] or "_")) and not _UNSPACED.match(text[-2:-1])
    if forms and len(words) == 1 and not prefix:
        found = forms(words[0]) or [words[0]]
        if len(found) > 1:
            return "(" + " OR ".join(_quoted([w], False) for w in found) + ")"
    return _quoted(words, prefix)


def _phrase(text: str) -> str | None:
    body = text.rstrip("*")
    body = body[1:-1] if len(body) > 1 and body.endswith('"') else body[1:]
    prefix = text.endswith("*") and not _UNSPACED.match(body[-1:])  # as in _chunk
    inner = index_text(body.replace('""', '"')) or ""
    if not _WORD.search(inner):
        return None
    return '"' + inner.replace('"', '""') + '"' + ("*" if prefix else "")


def _near(tokens: list[tuple[str, str]], at: int) -> tuple[str | None, int]:
    """The NEAR group opening at tokens[at]: its phrases and distance, and where it ends."""
    terms: list[str] = []
    distance = None
    at += 1
    while at < len(tokens) and tokens[at][0] != "close":
        kind, text = tokens[at]
        if kind == "comma" and at + 1 < len(tokens) and tokens[at + 1][1].isdigit():
            distance = tokens[at + 1][1]
            at += 1
        elif kind == "phrase":
            terms += [t for t in [_phrase(text)] if t]
        elif kind == "chunk" and text not in _OPERATORS and (term := _chunk(text, None)):
            terms.append(term)
        at += 1
    if not terms:
        return None, at + 1
    return "NEAR(" + " ".join(terms) + (f", {distance}" if distance else "") + ")", at + 1


def _tidy(items: list[str]) -> list[str]:
    """Drop operators with nothing on one side, empty and unbalanced parentheses."""
    depth, kept = 0, []
    for item in items:  # a ) that closes nothing goes first: it would hide what stands beside it
        if item == ")" and depth == 0:
            continue
        depth += {"(": 1, ")": -1}.get(item, 0)
        kept.append(item)
    items = kept
    changed = True
    while changed:
        changed = False
        out: list[str] = []
        for item in items:
            previous = out[-1] if out else None
            if item in _OPERATORS and (previous is None or previous in _OPERATORS or previous == "("):
                if item == "NOT" and previous is None:
                    raise QueryError("NOT needs words before it (sanctions NOT oil)")
                changed = True
                continue
            if item == ")" and previous in _OPERATORS:
                out.pop()
                changed = True
            if item == ")" and out and out[-1] == "(":
                out.pop()
                changed = True
                continue
            out.append(item)
        while out and (out[-1] in _OPERATORS or out[-1] == "("):
            out.pop()
            changed = True
        items = out
    depth, balanced = 0, []
    for item in items:
        depth += {"(": 1, ")": -1}.get(item, 0)
        if balanced and balanced[-1] not in _OPERATORS and balanced[-1] != "(" and item not in _OPERATORS and item != ")":
            balanced.append("AND")  # FTS5 reads side by side terms as AND, but not a term beside a group
        balanced.append(item)
    return balanced + [")"] * depth


def match_expression(query: str, forms: Forms | None = None) -> str:
    """The FTS5 MATCH expression for a user's query; QueryError when it holds no word to look for."""
    tokens = [(m.lastgroup or "", m.group()) for m in _TOKEN.finditer(query)]
    items: list[str] = []
    at = 0
    while at < len(tokens):
        kind, text = tokens[at]
        term: str | None = None
        if kind == "near":
            term, at = _near(tokens, at)
            items += [term] if term else []
            continue
        if kind == "phrase":
            term = _phrase(text)
        elif kind == "open":
            term = "("
        elif kind == "close":
            term = ")"
        elif kind == "chunk":
            term = text if text in _OPERATORS else _chunk(text, forms)
        items += [term] if term else []
        at += 1
    shown = query if len(query) <= 60 else query[:57] + "..."
    try:
        items = _tidy(items)
    except QueryError as exc:
        raise QueryError(f"search {shown!r}: {exc}") from None
    if not any(item not in _OPERATORS and item not in "()" for item in items):
        raise QueryError(f"search {shown!r}: no word to look for (give a word, a \"phrase\" or a prefix*)")
    return " ".join(items)
