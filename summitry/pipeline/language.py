"""A document's language (ISO 639-1), identified by py3langid from the text it prints.

py3langid ships its model (byte n-gram naive Bayes, 139 languages) in its wheel: nothing is
downloaded. The model is loaded once per process, at first use (about a second), so a worker of a
process pool loads its own the first time it needs one. Classifying costs about half a millisecond
per thousand bytes (a pure-Python walk over them), so a document is judged on a sample of its spoken
and narrative text taken from a few places of the body, never the whole of a long transcript: a quick
look at ``QUICK_SAMPLE_CHARS``, and ``SAMPLE_CHARS`` when that look is not sure.

The candidates are the ``languages`` list in ``summitry/data/patterns.yaml`` (users add their own
with ``SUMMITRY_DATA``); an empty list lets the model choose among all the languages it knows.
Text too short or too ambiguous to tell gives ``None``, not a guess.
"""

from __future__ import annotations

import copy
import re
import warnings
from collections.abc import Iterable, Sequence
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ..records import Document

QUICK_SAMPLE_CHARS = 300  # classified first; on the real pages no answer this sure was ever wrong
SURE = 0.99  # the probability at which the quick look is the answer
SAMPLE_CHARS = 2000  # classified when the quick look is unsure
SAMPLE_PIECES = 4  # a longer text is sampled at this many evenly spaced places
MIN_LETTERS = 12  # fewer letters than this (a name, a date, "* * *") tell no language
MIN_CONFIDENCE = 0.5  # the model's probability below which the answer is None
NOT_A_LANGUAGE = frozenset({"zxx", "und"})  # the model's labels for text in no language
LANGUAGE_SEGMENTS = frozenset({"turn", "narrative"})  # what a document says; not captions, not menus
_ENOUGH_LETTERS = re.compile(rf"(?:[^\W\d_][\W\d_]*){{{MIN_LETTERS}}}")  # stops at the MIN_LETTERS-th letter


@cache
def _full_identifier() -> LanguageIdentifier:
    """The model shipped in the py3langid wheel, loaded once per process."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    """An identifier restricted to the candidate languages the model knows (all when none is named)."""
    full = _full_identifier()
    if not languages:
        return full
    known = set(full.labels)
    unknown = sorted(set(languages) - known)
    if unknown:
        warnings.warn(f"language codes the py3langid model does not know, ignored: {', '.join(unknown)}", stacklevel=3)
    candidates = [code for code in dict.fromkeys(languages) if code in known]
    if not candidates:
        return full
    restricted = copy.copy(full)  # set_languages replaces the copy's arrays; the full model stays as it was
    restricted.set_languages(candidates)
    return restricted


def identify_language(text: str, languages: Sequence[str] = ()) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, among ``languages`` (all the
    model knows when empty); None when the text has too few letters or the model is unsure."""
    if not _ENOUGH_LETTERS.search(text):
        return None
    identifier = _identifier(tuple(languages))
    code, confidence = identifier.classify(sample_text([text], QUICK_SAMPLE_CHARS))
    if confidence < SURE and len(text) > QUICK_SAMPLE_CHARS:
        code, confidence = identifier.classify(sample_text([text], SAMPLE_CHARS))
    if code in NOT_A_LANGUAGE or confidence < MIN_CONFIDENCE:
        return None
    return code


def document_language(doc: Document, languages: Sequence[str] = ()) -> str | None:
    """The language of a document's turns, narrative and title (captions and menus left out)."""
    parts = [s.text for s in doc.segments if s.kind in LANGUAGE_SEGMENTS]
    if doc.title:
        parts.append(doc.title)
    return identify_language(sample_text(parts, SAMPLE_CHARS), languages)


def sample_text(parts: Iterable[str], limit: int) -> str:
    """The parts joined by line breaks, or, when that is longer than ``limit``, ``SAMPLE_PIECES``
    stretches of it from evenly spaced places (start, middle, ...), cut at spaces, ``limit`` in all."""
    text = "\n".join(p for p in parts if p)
    if len(text) <= limit:
        return text
    piece = limit // SAMPLE_PIECES
    stride = len(text) // SAMPLE_PIECES
    pieces = []
    for start in range(0, stride * SAMPLE_PIECES, stride):
        stretch = text[start : start + piece]
        if start:
            stretch = stretch.partition(" ")[2] or stretch  # no word cut at its start...
        pieces.append(stretch.rpartition(" ")[0] or stretch)  # ...nor at its end
    return "\n".join(pieces)
