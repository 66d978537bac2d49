"""An uncompressed WARC archive split into its records by their own Content-Length, checked: a
record cut short, one whose Content-Length runs past its end (into the next record), and bytes
between records that are no record are each a damaged span, reported with its byte offset; reading
goes on at the next "WARC/1." line, so the good records are all read and none is merged with another.

A compressed archive is read gzip member by gzip member (a WARC writer compresses each record as a
member of its own): a member that does not decompress, is cut short, or bytes between members that
are none are damaged spans too, and reading goes on at the next member; each member's records are
then checked as above. A member larger than MAX_MEMBER_BYTES (an archive gzipped whole) is left to
the streaming reader, unchecked.
"""

from __future__ import annotations

import mmap
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

RECORD_START = re.compile(rb"WARC/1\.[0-9]\r?\n")
CONTENT_LENGTH = re.compile(rb"^content-length:[ \t]*([0-9]+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)
HEADER_END = re.compile(rb"\r?\n\r?\n")
RECORD_END = re.compile(rb"\r?\n\r?\n")
GZIP_MAGIC = b"\x1f\x8b\x08"
MAX_MEMBER_BYTES = 64 * 2**20
_CHUNK = 2**16


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


@dataclass(frozen=True, slots=True)
class LargeMember:
    """A gzip member over MAX_MEMBER_BYTES once decompressed, from ``offset`` to the file's end."""

    offset: int


def gzip_members(data: bytes | mmap.mmap) -> Iterator[tuple[int, bytes] | DamagedSpan | LargeMember]:
    """(offset, decompressed bytes) of each gzip member of a compressed archive, a DamagedSpan for
    what does not decompress, or a LargeMember, after which nothing more is yielded."""
    offset = 0
    while offset < len(data):
        if data[offset:offset + 3] != GZIP_MAGIC:
            resume = data.find(GZIP_MAGIC, offset + 1)
            resume = len(data) if resume < 0 else resume
            if _NOT_SPACE.search(data, offset, resume) and data[offset:resume].strip(b"\0"):
                yield DamagedSpan(offset, f"{resume - offset} bytes between gzip members that are none")
            offset = resume
            continue
        member = _decompress_member(data, offset)
        if isinstance(member, LargeMember):
            yield member
            return
        if isinstance(member, DamagedSpan):
            yield member
            resume = data.find(GZIP_MAGIC, offset + 1)
            offset = len(data) if resume < 0 else resume
            continue
        end, content = member
        yield offset, content
        offset = end


def _decompress_member(data: bytes | mmap.mmap, offset: int) -> tuple[int, bytes] | DamagedSpan | LargeMember:
    """The member at ``offset``: (the offset after it, its content), or what is wrong with it."""
    inflate = zlib.decompressobj(wbits=31)
    pieces: list[bytes] = []
    size, at = 0, offset
    try:
        while not inflate.eof:
            if at >= len(data):
                return DamagedSpan(offset, "a gzip member cut short (the file ends first)")
            chunk = data[at:at + _CHUNK]
            at += len(chunk)
            while chunk and not inflate.eof:
                piece = inflate.decompress(chunk, MAX_MEMBER_BYTES + 1 - size)
                pieces.append(piece)
                size += len(piece)
                if size > MAX_MEMBER_BYTES:
                    return LargeMember(offset)
                chunk = inflate.unconsumed_tail
    except zlib.error as exc:
        return DamagedSpan(offset, f"a gzip member that does not decompress ({exc})")
    return at - len(inflate.unused_data), b"".join(pieces)
