"""An uncompressed WARC archive split into its records by their own Content-Length, checked: a
record cut short, one whose Content-Length runs past its end (into the next record), and bytes
between records that are no record are each a damaged span, reported with its byte offset; reading
goes on at the next "WARC/1." line, so the good records are all read and none is merged with another.
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterator
from dataclasses import dataclass

RECORD_START = re.compile(rb"WARC/1\.[0-9]\r?\n")
CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*([0-9]+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
HEADER_END = re.compile(rb"\r?\n\r?\n")
RECORD_END = re.compile(rb"\r?\n\r?\n")


@dataclass(frozen=True, slots=True)
class DamagedSpan:
    offset: int
    reason: str


def _next_start(data: bytes, after: int) -> int:
    """Offset of the next "WARC/1.x" line starting at a line start after ``after``, or len(data)."""
    for found in RECORD_START.finditer(data, after):
        if found.start() == 0 or data[found.start() - 1:found.start()] == b"\n":
            return found.start()
    return len(data)


_NOT_SPACE = re.compile(rb"\S")


def warc_records(data: bytes | mmap.mmap) -> Iterator[bytes | DamagedSpan]:
    """Each whole record of an uncompressed WARC archive (its bytes), or a DamagedSpan."""
    offset = 0
    while offset < len(data):
        if not _NOT_SPACE.search(data, offset):  # only white space left (no copy of the rest)
            return
        if not RECORD_START.match(data, offset):
            resume = _next_start(data, offset + 1)
            yield DamagedSpan(offset, f"{resume - offset} bytes between records that are no WARC record")
            offset = resume
            continue
        header_end = HEADER_END.search(data, offset)
        length = CONTENT_LENGTH.search(data, offset, header_end.start() + 1) if header_end else None
        if header_end is None or length is None:
            yield DamagedSpan(offset, "a record without complete headers or Content-Length")
            offset = _next_start(data, offset + 1)
            continue
        block_end = header_end.end() + int(length.group(1))
        if block_end > len(data):
            resume = _next_start(data, offset + 1)
            yield DamagedSpan(offset, f"a truncated record (Content-Length {int(length.group(1))}, the file ends first)")
            offset = resume
            continue
        record_end = RECORD_END.match(data, block_end)
        if record_end is None:
            resume = _next_start(data, offset + 1)
            yield DamagedSpan(offset, "a record whose Content-Length does not end where the record does")
            offset = resume
            continue
        yield data[offset:record_end.end()]
        offset = record_end.end()
