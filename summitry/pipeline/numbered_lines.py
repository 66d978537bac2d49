"""Part of stage 3, extract: a text dump in a court reporter's layout, read as prose.

Official transcripts of hearings and oral arguments number every line of a page (1 to 25, again on
each page) and repeat a header and a footer on every page; their text, copied from the PDF, is a
number, spaces and a piece of a sentence per line:

     Official - Subject to Final Review
     12
      1   JUSTICE KAGAN: And what would the rule be
      2   then? Because the statute says nothing
      3   about that.
      4   MR. JONES: Your Honor, the rule is --

``unnumbered`` takes the numbers away, drops the lines without one (headers, footers, page
numbers), and joins the pieces of a paragraph into one line: a paragraph starts where a speaker
label in capitals does ("JUSTICE KAGAN:"), a question or an answer ("Q.", "A."), a heading in
capitals ("ORAL ARGUMENT OF …", its lines joined) and the line after it, after a numbered blank line,
or after a line that ends a sentence well short of the page's width.
"""

from __future__ import annotations

import re
from itertools import pairwise

_NUMBERED = re.compile(r"^\s*(\d{1,2})(?:\s+(\S.*?))?\s*$")
_CAPITALS_LABEL = re.compile(r"^(?:[A-Z][A-Z.'’\- ]{1,40}|Q|A)[.:](?:\s|$)")
_SENTENCE_END = (".", "?", "!", "--", "—", ":", '"', "”")
_HEADING_WORDS = 3  # words of letters in a heading in capitals ("U.S.C. 2241" on a line is none)
MIN_NUMBERED_SHARE = 0.6  # of the non-blank lines
MIN_PAGES = 2  # numbering that starts again at 1 this many times at least
SHORT_LINE = 0.7  # of the page's usual line length: a line this short that ends a sentence ends its paragraph


def unnumbered(text: str) -> str | None:
    """The text without its line numbers and page furniture, a paragraph a line, blank lines between;
    None when the text is not in that layout (most pages: a glance at the first characters of each
    line tells)."""
    lines = text.splitlines()
    filled = [line for line in lines if line.strip()]
    sample = filled[:: max(1, len(filled) // 40)]
    if len(filled) < 20 or sum(line.lstrip()[:1].isdigit() for line in sample) < 0.4 * len(sample):
        return None
    numbered = [(int(m.group(1)), m.group(2) or "") for line in lines if (m := _NUMBERED.match(line))]
    if len(numbered) < MIN_NUMBERED_SHARE * len(filled) or not _in_sequence([n for n, _ in numbered]):
        return None
    # a number alone that does not follow the line before is the page's number
    pieces = [piece for (before, _), (n, piece) in pairwise([(0, ""), *numbered]) if piece or n == before + 1]
    usual = sorted(len(p) for p in pieces if p)[len([p for p in pieces if p]) * 3 // 4]
    paragraphs: list[list[str]] = []
    ends = True  # the paragraph under way has ended
    in_heading = False  # it is a heading in capitals: "ORAL ARGUMENT OF JANE DOE" / "ON BEHALF OF …"
    for piece in pieces:
        if not piece:
            ends = True
            continue
        heading = piece.isupper() and ":" not in piece and sum(w.isalpha() for w in piece.split()) >= _HEADING_WORDS
        if ends or _CAPITALS_LABEL.match(piece) or heading != in_heading:
            paragraphs.append([piece])
        else:
            paragraphs[-1].append(piece)
        ends, in_heading = piece.endswith(_SENTENCE_END) and len(piece) < SHORT_LINE * usual, heading
    return "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)


def _in_sequence(numbers: list[int]) -> bool:
    """Whether line numbers count up from 1, page after page: nearly every number follows the one
    before it or starts a page at 1, and pages start at least MIN_PAGES times."""
    restarts = sum(1 for n in numbers if n == 1)
    following = sum(1 for before, n in pairwise(numbers) if n in (before + 1, 1))
    return restarts >= MIN_PAGES and following >= 0.9 * (len(numbers) - 1)
