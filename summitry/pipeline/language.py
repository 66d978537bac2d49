"""A document's language (ISO 639-1), identified by py3langid from the text it prints.

py3langid ships its model (byte n-gram naive Bayes, 139 languages) in its wheel: nothing is
downloaded. The model is loaded once per process, at first use, so a worker of a process pool loads
its own the first time it needs one. The wheel's copy is LZMA-compressed and takes about a second to
unpack; the first load keeps the unpacked arrays in the user's cache folder (``SUMMITRY_CACHE``, else
``$XDG_CACHE_HOME/summitry`` or ``~/.cache/summitry``; about 70 MB), from which later processes load
it in about a fifth of that. A cache that cannot be written or read is passed over: the wheel's copy
is always the source. Classifying costs about half a millisecond
per thousand bytes (a pure-Python walk over them), so a document is judged on a sample of its spoken
and narrative text taken from a few places of the body, never the whole of a long transcript: a quick
look at ``QUICK_SAMPLE_CHARS``, and ``SAMPLE_CHARS`` when that look is not sure.

The candidates are the ``languages`` list in ``summitry/data/patterns.yaml`` (users add their own
with ``SUMMITRY_DATA``); an empty list lets the model choose among all the languages it knows.
Text too short or too ambiguous to tell gives ``None``, not a guess.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..records import Document

if TYPE_CHECKING:  # numpy and the model are imported when a page first needs them: 40 ms of start-up
    import numpy as np
    from py3langid.langid import LanguageIdentifier

QUICK_SAMPLE_CHARS = 300  # classified first; on the real pages no answer this sure was ever wrong
SURE = 0.99  # the probability at which the quick look is the answer
SAMPLE_CHARS = 2000  # classified when the quick look is unsure
SAMPLE_PIECES = 4  # a longer text is sampled at this many evenly spaced places
MIN_LETTERS = 12  # fewer letters than this (a name, a date, "* * *") tell no language
MIN_CONFIDENCE = 0.5  # the model's probability below which the answer is None
NOT_A_LANGUAGE = frozenset({"zxx", "und"})  # the model's labels for text in no language
LANGUAGE_SEGMENTS = frozenset({"turn", "narrative"})  # what a document says; not captions, not menus
_ENOUGH_LETTERS = re.compile(rf"(?:[^\W\d_][\W\d_]*){{{MIN_LETTERS}}}")  # stops at the MIN_LETTERS-th letter


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "row", "output")  # load_model's tuple, in its order


def cache_folder() -> Path:
    """Where derived files (the unpacked language model) are kept between runs."""
    if os.environ.get("SUMMITRY_CACHE"):
        return Path(os.environ["SUMMITRY_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "summitry"


def _unpacked_model_path() -> Path:
    """The cache file of the wheel's model, named after the model file's size and time."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    stat = (MODEL_DIR / MODEL_FILE).stat()
    return cache_folder() / f"py3langid-model-{stat.st_size}-{stat.st_mtime_ns}.npz"


def _load_model_arrays() -> tuple:
    """The model's arrays as ``py3langid.modelio.load_model`` gives them, from the cache when it has them."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    cached = _unpacked_model_path()
    try:
        with np.load(cached, allow_pickle=False) as data:
            ptc, pc, classes, nextmove, row, output = (data[name] for name in _MODEL_ARRAYS)
        return ptc, pc, classes.tolist(), _stdlib_array(nextmove), _stdlib_array(row), output.tolist()
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        pass  # not there yet, or damaged: unpack the wheel's copy
    model = load_model(MODEL_DIR / MODEL_FILE)
    partial = None
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cached.parent, suffix=".npz", delete=False) as out:
            partial = Path(out.name)
            np.savez(out, **{name: np.asarray(value) for name, value in zip(_MODEL_ARRAYS, model, strict=True)})
        os.replace(partial, cached)  # whole or not at all, for processes loading it meanwhile
    except OSError:  # a read-only home or a full disk: every process unpacks its own
        if partial is not None:
            partial.unlink(missing_ok=True)
    return model


def _stdlib_array(values: np.ndarray):
    """A numpy array of unsigned integers as the ``array.array`` the model's automaton walks."""
    from array import array

    import numpy as np

    out = array({2: "H", 4: "I", 8: "L"}[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).tobytes())
    return out


@cache
def _full_identifier() -> LanguageIdentifier:
    """The model shipped in the py3langid wheel, loaded once per process."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = _load_model_arrays()
    return LanguageIdentifier(np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row)


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
