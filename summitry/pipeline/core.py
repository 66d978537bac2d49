"""The orchestrator. A page goes through the stages in this order:

1. read      (summitry.pipeline.read.read_pages)          paths -> Page
2. decode    (summitry.pipeline.decode.decode_text)       Page -> Text
3. extract   (summitry.pipeline.extract.extract_blocks)   Text -> Extracted (blocks with hints, markup metadata)
4. clean     (summitry.pipeline.clean.clean_blocks)       Extracted -> Extracted (each block given a role)
5. parse     (summitry.pipeline.parse.parse_document)     Extracted -> Document (metadata, segments)
6. speakers  (summitry.pipeline.speakers.resolve_speakers) Document -> Document (labels resolved to persons)
7. enrich    (summitry.enrich.document.enrich_document)   Document -> Document (sentences, figures, mentions, topics)
8. store     (summitry.store.sqlite.Store.add)          Document -> SQLite

Stages 2–7 are pure functions of one page plus the reference data, so ``process_page`` runs the
same in this process or in a pool of workers.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..data.reference import DataFileError
from ..enrich.document import enrich_document
from ..records import Document, Failure, Page, PageError
from .clean import clean_blocks
from .decode import decode_text
from .extract import extract_blocks
from .parse import parse_document
from .read import make_page
from .speakers import resolve_speakers
from .workers import watch_parent


def process_page(page: Page) -> Document:
    """Stages 2–7 for one page. Raises PageError with a one-line reason for a page that has none."""
    return enrich_document(resolve_speakers(parse_document(clean_blocks(extract_blocks(decode_text(page))))))


def parse_file(path: str | os.PathLike[str]) -> Document:
    """Read and parse one file (no database)."""
    with open(path, "rb") as handle:
        return process_page(make_page(os.fspath(path), handle.read()))


def parse_text(text: str, source: str = "<text>", media_type: str | None = None) -> Document:
    """Parse a page given as a string (a text dump or HTML)."""
    return process_page(make_page(source, text.encode("utf-8"), media_type))


def _safe_process(page: Page) -> Document | Failure:
    try:
        return process_page(page)
    except PageError as exc:
        return Failure(page.source, str(exc))
    except DataFileError:
        raise  # not this page's fault: every page would fail the same way
    except Exception as exc:  # a parser bug must not stop the batch; the reason is recorded
        return Failure(page.source, f"internal error while parsing ({exc.__class__.__name__}: {exc})")


def process_pages(pages: Iterable[Page], workers: int = 1) -> Iterator[tuple[Page, Document | Failure]]:
    """Stages 2–6 for each page, in order, lazily; with workers > 1 in a process pool, keeping a
    bounded window of pages in flight so memory stays flat."""
    if workers <= 1:
        for page in pages:
            yield page, _safe_process(page)
        return
    # the workers end with this process, however it ends, and ignore Ctrl+C (pipeline.workers)
    pool = ProcessPoolExecutor(max_workers=workers, initializer=watch_parent, initargs=(os.getpid(),))
    try:
        window: list[tuple[Page, Future[Document | Failure]]] = []
        for page in pages:
            window.append((page, pool.submit(_safe_process, page)))
            if len(window) >= workers * 16:
                yield from _drain(window[: workers * 8])
                del window[: workers * 8]
        yield from _drain(window)
    finally:  # also when the ingest stops early (Ctrl+C): pages not begun are dropped
        pool.shutdown(wait=True, cancel_futures=True)


def _drain(window: list[tuple[Page, Future[Document | Failure]]]) -> Iterator[tuple[Page, Document | Failure]]:
    for page, pending in window:
        yield page, pending.result()
