"""Corpora in other tools' formats, brought in: a ConvoKit corpus directory or a Parla-CLARIN /
ParlaMint TEI file becomes Documents that go through the normal store.

Imported documents are enriched like parsed pages (summitry.enrich.document); speakers keep the ids the
corpus gives them. Each is stored with a synthetic Page: its source is the path and the document's
id in it (``corpus/#doc-12``), its bytes the document's content in a canonical JSON form, so
importing the same corpus again changes nothing, and the same text found twice (a TEI root and its
per-document file) is stored once.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Literal

from ..enrich.document import enrich_document
from ..pipeline.read import make_page
from ..records import Document, Failure, Page
from .convokit import count_conversations, is_convokit_dir, read_convokit
from .selection import FormatError
from .tei_import import is_tei_file, read_tei

ImportKind = Literal["convokit", "tei"]
MEDIA_TYPES = {"convokit": "application/x-convokit", "tei": "application/tei+xml"}
TEI_SUFFIXES = (".xml", ".tei")
_TEI_START = re.compile(rb"<(?:[\w.-]+:)?TEI[\s>/]")  # a TEI text, in a teiCorpus or alone


def corpus_imports(path: str | os.PathLike[str]) -> ImportKind | None:
    """The kind of corpus at a path: "convokit" for a ConvoKit corpus directory, "tei" for a TEI
    file, None for anything else (pages, folders of pages, archives)."""
    candidate = Path(path)
    if is_convokit_dir(candidate):
        return "convokit"
    if candidate.suffix.lower() in TEI_SUFFIXES and is_tei_file(candidate):
        return "tei"
    return None


def count_documents(path: str | os.PathLike[str]) -> int:
    """How many documents import_pages reads from a corpus, for a progress bar: a ConvoKit folder's
    conversations, a TEI file's TEI texts (at least one: a corpus that cannot be read is one failure)."""
    candidate = Path(path)
    try:
        if corpus_imports(candidate) == "convokit":
            return max(1, count_conversations(candidate))
        return max(1, len(_TEI_START.findall(candidate.read_bytes())))
    except (OSError, FormatError):
        return 1


def content_bytes(doc: Document) -> bytes:
    """A document's content, canonical: what was read, not where from or when."""
    record = asdict(doc)
    for key in ("source", "sha256", "media_type", "retrieved_at", "encoding"):
        record.pop(key)
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")


def import_pages(path: str | os.PathLike[str]) -> Iterator[tuple[Page, Document | Failure]]:
    """Each document of a ConvoKit directory or TEI file with its synthetic Page; a corpus that
    cannot be read gives one Failure (documents read before it are kept)."""
    kind = corpus_imports(path)
    source = os.fspath(path)
    if kind is None:
        yield make_page(source, b"", "text/plain"), Failure(source, "not a ConvoKit corpus folder or a TEI file")
        return
    documents = read_convokit(Path(path)) if kind == "convokit" else read_tei(Path(path))
    try:
        for doc in documents:
            page = make_page(doc.source, content_bytes(doc), MEDIA_TYPES[kind])
            doc.sha256, doc.retrieved_at = page.sha256, page.retrieved_at
            yield page, enrich_document(doc)  # sentences, figures, mentions, topics, as parsed pages get
    except FormatError as exc:
        yield make_page(source, b"", MEDIA_TYPES[kind]), Failure(source, str(exc))
    except RecursionError:  # elements or JSON nested deeper than Python's stack
        yield make_page(source, b"", MEDIA_TYPES[kind]), Failure(source, "nested too deep to read")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = f"cannot import ({exc.__class__.__name__}: {exc})"
        yield make_page(source, b"", MEDIA_TYPES[kind]), Failure(source, reason)
