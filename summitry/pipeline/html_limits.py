"""Resource limits for HTML pages, checked on the decoded text before the parser sees it.

lexbor's cost grows with the square of one element's attribute count (80,000 attributes took 20 s)
and of the nesting depth (100,000 nested divs took 17 s, then overflowed the block walk). One scan of
the start and end tags, with a stack of open elements as the parser keeps it (void and self-closing
elements, and those a parser closes by itself such as <p> and <li>, do not nest), measures both; a page
over a limit is refused with a PageError saying which. The limits are data (summitry/data/limits.yaml).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from ..data.reference import read_yaml
from ..records import PageError

_TAG = re.compile(
    r"""<(/?)([A-Za-z][^\s/>]*)((?:\s*[^\s/>"'=][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?|\s*/)*)\s*(/?)>?"""
)
_ATTRIBUTE = re.compile(r"""[^\s/>"'=][^\s/>=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']*))?""")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "param", "keygen", "frame"}
_CLOSED_BY_PARSER = {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption",
                     "rb", "rt", "rp", "rtc"}
_NOT_NESTING = frozenset(_VOID | _CLOSED_BY_PARSER)
# The scan runs in Python, about 1 ms for a 25 KB page; these counts, taken at C speed, let through the
# pages whose parse cannot cost much: the parser's cost is felt from some 10,000 attributes on one
# element or elements inside one another.
_SCAN_TAGS = 10_000  # tags or "=" at which a page is scanned
_SCAN_RUN = 20_000  # characters between two "<" at which it is (one tag of very many attributes)
_SHORT_ATTRIBUTES = 40  # a start tag this long or shorter cannot hold more than a few attributes: not counted


@dataclass(frozen=True)
class HtmlLimits:
    max_characters: int
    max_attributes_per_element: int
    max_attributes: int
    max_depth: int


@cache
def html_limits() -> HtmlLimits:
    """The limits of summitry/data/limits.yaml."""
    data = read_yaml(Path(str(resources.files("summitry") / "data" / "limits.yaml")))
    return HtmlLimits(**{key: int(value) for key, value in data["html"].items()})


def check_html_limits(text: str, limits: HtmlLimits | None = None) -> None:
    """Raise PageError when a page is larger, holds more attributes, or nests deeper than the limits."""
    limits = limits or html_limits()
    if len(text) > limits.max_characters:
        raise PageError(f"HTML page too large to parse ({len(text):,} characters, limit {limits.max_characters:,})")
    if text.count("<") <= limits.max_depth and len(text) <= limits.max_attributes_per_element:
        return  # too few tags to nest that deep, too short for that many attributes
    if text.count("<") < _SCAN_TAGS and text.count("=") < _SCAN_TAGS and max(map(len, text.split("<"))) < _SCAN_RUN:
        return  # too few tags and attributes to cost the parser much (a walk too deep fails on its own)
    stack: list[str] = []
    open_count: dict[str, int] = {}
    attributes = 0
    for match in _TAG.finditer(text):
        closing, name, inside, self_closing = match.groups()
        name = name.lower()
        if closing:
            if open_count.get(name):
                while stack:
                    popped = stack.pop()
                    open_count[popped] -= 1
                    if popped == name:
                        break
            continue
        if len(inside) > _SHORT_ATTRIBUTES:
            count = len(_ATTRIBUTE.findall(inside))  # strings, not match objects: no collector runs for a million
            if count > limits.max_attributes_per_element:
                raise PageError(
                    f"HTML element <{name[:20]}> has too many attributes to parse ({count:,}, limit {limits.max_attributes_per_element:,})"
                )
            attributes += count
            if attributes > limits.max_attributes:
                raise PageError(f"HTML page has too many attributes to parse (over {limits.max_attributes:,})")
        if self_closing or name in _NOT_NESTING:
            continue
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > limits.max_depth:
            raise PageError(f"HTML nested too deep to parse (over {limits.max_depth:,} elements inside one another)")
