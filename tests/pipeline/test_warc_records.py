"""Damaged WARC records (issue 14): a truncated record, a Content-Length running past its record,
garbage between records: each a failure naming the file, never a page stored cut short or merged with
the next record; the good records are read."""

from __future__ import annotations

import gzip
import io
import re

import pytest

from summitry.pipeline import warc_records
from summitry.pipeline.read import read_pages
from summitry.records import Failure, Page


def warc_record(url: str, body: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return buffer.getvalue()


def longer_by(record: bytes, extra: int) -> bytes:
    found = re.search(rb"Content-Length: (\d+)", record)
    assert found
    return record[:found.start(1)] + str(int(found.group(1)) + extra).encode() + record[found.end(1):]


A, B, C = (warc_record(f"http://example.org/{n}", f"<html><p>Page {n}</p></html>".encode()) for n in "abc")


@pytest.mark.parametrize(
    ("archive", "good", "reason"),
    [
        (A + B[:-30], ["a"], "truncated record"),
        (A + longer_by(B, 40) + C, ["a", "c"], "Content-Length does not end"),
        (A + b"garbage here\r\n\r\n" + B + C, ["a", "b", "c"], "between records"),
        (A + longer_by(B, 10_000) + C, ["a", "c"], "truncated record"),
    ],
)
def test_a_damaged_warc_record_is_a_failure_and_the_good_records_are_read(tmp_path, archive, good, reason):
    path = tmp_path / "crawl.warc"
    failure = the_one_failure(path, archive, good)
    assert reason in failure.reason and failure.source.startswith(f"{path}#record at byte ")


def the_one_failure(path, archive: bytes, good: list[str]) -> Failure:
    """Reads the archive: its good pages are these, none cut or merged, and it has one failure."""
    path.write_bytes(archive)
    items = list(read_pages([path]))
    pages = [i for i in items if isinstance(i, Page)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [p.source.rsplit("/", 1)[-1] for p in pages] == good
    assert all(p.data == f"<html><p>Page {p.source[-1]}</p></html>".encode() for p in pages)  # none cut or merged
    assert len(failures) == 1, failures
    return failures[0]


def test_each_damaged_record_of_an_archive_is_its_own_failure(tmp_path):
    path = tmp_path / "crawl.warc"
    path.write_bytes(A + b"junk\r\n" + longer_by(B, 40) + C + b"more junk\r\n")
    items = list(read_pages([path]))
    failures = [i for i in items if isinstance(i, Failure)]
    assert [p.source[-1] for p in items if isinstance(p, Page)] == ["a", "c"]
    assert len(failures) == 3 and len({f.source for f in failures}) == 3


GA, GB, GC = (gzip.compress(r) for r in (A, B, C))


@pytest.mark.parametrize(
    ("archive", "good", "reason"),
    [
        (GA + gzip.compress(longer_by(B, 40)) + GC, ["a", "c"], "truncated record"),
        (GA + gzip.compress(B[:-30]) + GC, ["a", "c"], "truncated record"),
        (GA + GB[: len(GB) // 2] + GC, ["a", "c"], "gzip member"),
        (GA + GB[: len(GB) // 2], ["a"], "gzip member cut short"),
        (GA + b"garbage!!" + GB + GC, ["a", "b", "c"], "between gzip members"),
    ],
)
def test_a_damaged_record_of_a_compressed_archive_is_a_failure_and_the_good_records_are_read(tmp_path, archive, good, reason):
    path = tmp_path / "crawl.warc.gz"
    failure = the_one_failure(path, archive, good)
    assert reason in failure.reason and failure.source.startswith(f"{path}#gzip member at byte ")


def test_an_archive_gzipped_whole_is_read_and_one_too_large_to_hold_is_streamed(tmp_path, monkeypatch):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(gzip.compress(A + B + C))  # `gzip crawl.warc`: one member, three records
    assert [p.source[-1] for p in read_pages([path])] == ["a", "b", "c"]
    monkeypatch.setattr(warc_records, "MAX_MEMBER_BYTES", 100)  # the second member is streamed, whole
    path.write_bytes(GA + gzip.compress(B + C))
    assert [p.source[-1] for p in read_pages([path])] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("archive", "expected"),
    [(A + B + C, 3), (gzip.compress(A) + gzip.compress(B), 2), (b"not a warc at all", 1)],
)
def test_count_pages_counts_what_reading_yields(tmp_path, archive, expected):
    from summitry.pipeline.read import count_pages

    path = tmp_path / "crawl.warc"
    path.write_bytes(archive)
    assert count_pages([path]) == expected == len(list(read_pages([path])))
