"""Stage 1, read: paths (files, folders, globs, WARC archives, URLs and URL lists) to Pages, one at
a time (URLs are fetched by summitry.pipeline.fetch).

Nothing is loaded beyond the page in hand; a path that cannot be read yields a Failure and
the walk goes on.
"""

from __future__ import annotations

import glob
import gzip
import hashlib
import io
import mmap
import os
import stat
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO

from ..records import Failure, Page
from .fetch import Fetcher, FetchPolicy, url_list
from .warc_records import DamagedSpan, LargeMember, gzip_members, warc_records

HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
TEXT_SUFFIXES = {".txt", ".text"}
WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES
DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def sniff_media_type(name: str, data: bytes) -> str:
    """text/html or text/plain, from the file name and, failing that, the first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "text/html"
    head = data[:2048].lstrip().lower()
    for bom in (b"\xef\xbb\xbf",):
        head = head.removeprefix(bom)
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<body" in head:
        return "text/html"
    return "text/plain"


def make_page(source: str, data: bytes, media_type: str | None = None, url: str | None = None) -> Page:
    return Page(
        source=source,
        data=data,
        media_type=media_type or sniff_media_type(source, data),
        sha256=hashlib.sha256(data).hexdigest(),
        retrieved_at=_now(),
        url=url,
    )


def is_url(path: str) -> bool:
    return path.lower().startswith(("http://", "https://"))


def _is_warc(path: str) -> bool:
    return path.lower().endswith(WARC_SUFFIXES)


def printable_path(path: str) -> str:
    """A path as it can be shown and stored: bytes that are not UTF-8 (kept by the file system as
    surrogates) become U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _is_utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _folder_files(path: str) -> Iterator[str | Failure]:
    """The page files under a folder, sorted, recursively; a failure when there is none to read."""
    unreadable: list[OSError] = []
    found = skipped = 0
    for root, dirs, files in os.walk(path, onerror=unreadable.append):
        yield from (Failure(printable_path(e.filename or root), f"cannot read folder ({e.strerror or e})") for e in unreadable)
        found += len(unreadable)
        unreadable.clear()
        dirs.sort()
        for name in sorted(files):
            lower = name.lower()
            if Path(lower).suffix in PAGE_SUFFIXES or lower.endswith(WARC_SUFFIXES):
                full = os.path.join(root, name)
                found += 1
                yield full if _is_utf8(full) else Failure(printable_path(full), "file name is not valid UTF-8 (rename it)")
            else:
                skipped += 1
    yield from (Failure(printable_path(e.filename or path), f"cannot read folder ({e.strerror or e})") for e in unreadable)
    if not found and not unreadable:
        others = f"{skipped} other file{'s' * (skipped != 1)} skipped" if skipped else "it is empty"
        kinds = ", ".join(sorted(PAGE_SUFFIXES | set(WARC_SUFFIXES)))
        yield Failure(
            printable_path(path),
            f"no page to read in this folder ({others}; pages are {kinds}; name a ConvoKit folder or a TEI file itself)",
        )


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str | Failure]:
    """Files named, files under folders (sorted, recursively), and glob matches, lazily. A subfolder
    that cannot be read, and a file whose name is not UTF-8, are failures of their own."""
    for raw in paths:
        path = os.fspath(raw)
        if os.path.isdir(path):
            yield from _folder_files(path)
        elif os.path.exists(path) or is_url(path):
            yield path
        elif glob.has_magic(path):
            matches = sorted(glob.iglob(path, recursive=True))
            if not matches:
                yield Failure(path, "no file matches this pattern")
            for match in matches:
                yield from expand_paths([match])
        else:
            yield Failure(path, "no such file or folder")


def _read_warc(path: str) -> Iterator[Page | Failure]:
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:  # pragma: no cover - warcio is a declared dependency
        yield Failure(path, "WARC support needs the 'warcio' package")
        return
    try:
        with open(path, "rb") as stream:
            if os.fstat(stream.fileno()).st_size == 0:
                yield Failure(path, "empty WARC archive")
                return
            # mapped, not read: an archive of gigabytes is paged in by the system, one record at a time
            with mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ) as data:
                records = _checked_members(path, data, stream) if data[:2] == b"\x1f\x8b" else _checked_records(path, data)
                yield from _warc_pages(path, records, ArchiveIterator)
    except OSError as exc:
        yield Failure(path, f"cannot read ({exc.strerror or exc})")


def _checked_records(path: str, data: bytes | mmap.mmap, base: int | None = None) -> Iterator[BinaryIO | Failure]:
    """Each whole record of an uncompressed archive as a stream; a damaged one is a failure of its own
    (a source per record: failures are stored one per source), recorded as it is met. ``base``: the
    offset in a compressed archive of the member these records come from."""
    for item in warc_records(data):
        if isinstance(item, DamagedSpan):
            where = f"record at byte {item.offset}" if base is None else f"gzip member at byte {base}"
            yield Failure(f"{path}#{where}", f"damaged WARC record, skipped: {item.reason}")
        else:
            yield io.BytesIO(item)


def _checked_members(path: str, data: mmap.mmap, stream: BinaryIO) -> Iterator[BinaryIO | Failure]:
    """The records of a compressed archive, member by member and checked as an uncompressed one's;
    from a member too large to hold (an archive gzipped whole) on, warcio streams the rest."""
    for item in gzip_members(data):
        if isinstance(item, DamagedSpan):
            yield Failure(f"{path}#gzip member at byte {item.offset}", f"damaged WARC record, skipped: {item.reason}")
        elif isinstance(item, LargeMember):
            stream.seek(item.offset)
            yield gzip.GzipFile(fileobj=stream, mode="rb")  # warcio reads it as an uncompressed archive
        else:
            yield from _checked_records(path, item[1], base=item[0])


def _warc_pages(path: str, streams: Iterable[BinaryIO | Failure], archive_iterator: Any) -> Iterator[Page | Failure]:
    found = damaged = 0
    try:
        for stream in streams:
            if isinstance(stream, Failure):
                damaged += 1
                yield stream
                continue
            with stream:
                for record in archive_iterator(stream):
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    if record.rec_type != "response" or not url or not _text_response(record):
                        continue
                    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                    data = record.content_stream().read()
                    media = "text/html" if "html" in ctype else None
                    found += 1
                    yield make_page(f"{path}#{url}", data, media, url=url)
    except Exception as exc:  # warcio raises several kinds for a damaged archive
        yield Failure(path, f"unreadable WARC archive ({exc.__class__.__name__}: {exc})")
        return
    if not found and not damaged:
        yield Failure(path, "no HTML or text responses in this WARC archive")


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Page | Failure:
    """A regular file's bytes (links followed), at most ``max_bytes``: a FIFO, a device (a link to
    /dev/zero), a socket is a failure, never opened, so it can neither block nor stream forever."""
    too_large = f"file too large (limit {max_bytes / 1e6:.1f} MB; see --max-size)"
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return Failure(path, f"not a regular file ({_file_kind(info.st_mode)})")
        if info.st_size > max_bytes:
            return Failure(path, f"file too large ({info.st_size / 1e6:.1f} MB, limit {max_bytes / 1e6:.1f} MB; see --max-size)")
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # a file that grows while read is cut at the limit
    except OSError as exc:
        return Failure(path, f"cannot read file ({exc.strerror or exc})")
    if len(data) > max_bytes:
        return Failure(path, too_large)
    return make_page(path, data)


def _file_kind(mode: int) -> str:
    for test, kind in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return kind
    return "a special file"


def count_pages(paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES) -> int:
    """How many pages (and failures) read_pages will yield for these paths, for a progress bar: a URL
    list counts its URLs and a WARC archive its HTML and text responses (its headers are read, not its
    payloads); a damaged archive counts as one."""
    total = 0
    for item in expand_paths(paths):
        if isinstance(item, Failure) or is_url(item):
            total += 1
        elif _is_warc(item):
            total += max(1, _warc_responses(item))
        else:
            page = read_file(item, max_bytes)
            urls = url_list(page.data) if isinstance(page, Page) and page.media_type == "text/plain" else None
            total += len(urls) if urls else 1
    return total


def _warc_responses(path: str) -> int:
    try:
        from warcio.archiveiterator import ArchiveIterator

        with open(path, "rb") as stream:
            return sum(
                1
                for record in ArchiveIterator(stream)
                if record.rec_type == "response" and record.rec_headers.get_header("WARC-Target-URI")
                and _text_response(record)
            )
    except Exception:  # a damaged archive: its reading says why
        return 0


def _text_response(record: Any) -> bool:
    ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
    return not ctype or "html" in ctype or "text" in ctype


def read_pages(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES, fetch: FetchPolicy = "any"
) -> Iterator[Page | Failure]:
    """Stage entry point: every page found under the given paths, or a Failure for each bad path. fetch
    says which URLs may be fetched (summitry.pipeline.fetch.FetchPolicy)."""
    fetcher = Fetcher(max_bytes, make_page, policy=fetch)
    for item in expand_paths(paths):
        if isinstance(item, Failure):
            yield item
        elif is_url(item):
            yield fetcher.fetch(item)
        elif _is_warc(item):
            yield from _read_warc(item)
        else:
            page = read_file(item, max_bytes)
            urls = url_list(page.data) if isinstance(page, Page) and page.media_type == "text/plain" else None
            if urls is None:
                yield page
            else:
                yield from fetcher.fetch_all(urls, listed_in=item)
