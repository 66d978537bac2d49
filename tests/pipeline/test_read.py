from __future__ import annotations

import gzip
import io
import os

import pytest

from summitry.pipeline.read import expand_paths, read_pages, sniff_media_type
from summitry.records import Failure, Page


def test_folders_globs_and_missing_paths(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("Vladimir Putin: Hello.")
    (tmp_path / "a" / "two.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "a" / "skip.png").write_bytes(b"\x89PNG")
    items = list(read_pages([tmp_path / "a", str(tmp_path / "a" / "*.txt"), tmp_path / "missing.txt", str(tmp_path / "none*.txt")]))
    pages = [i for i in items if isinstance(i, Page)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [p.source.rsplit("/", 1)[-1] for p in pages] == ["one.txt", "two.html", "one.txt"]
    assert [p.media_type for p in pages] == ["text/plain", "text/html", "text/plain"]
    assert [f.reason for f in failures] == ["no such file or folder", "no file matches this pattern"]


@pytest.mark.parametrize(
    "files, says",
    [({}, "it is empty"), ({"photo.jpg": b"\xff\xd8", "notes.doc": b"x"}, "2 other files skipped")],
)
def test_a_folder_with_nothing_to_read_says_so(tmp_path, files, says):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    (item,) = expand_paths([tmp_path])
    assert isinstance(item, Failure) and item.source == str(tmp_path)
    assert item.reason.startswith("no page to read in this folder") and says in item.reason and ".html" in item.reason


def test_a_file_over_the_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (item,) = read_pages([big])
    assert isinstance(item, Failure)
    assert "file too large (52.4 MB" in item.reason


def test_sniffing_html_without_a_suffix():
    assert sniff_media_type("page", b"\xef\xbb\xbf<!DOCTYPE html><html>") == "text/html"
    assert sniff_media_type("page", b"Vladimir Putin: <b>") == "text/plain"


def test_warc_archives(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for i in range(2):
            body = f"<html><body><h1>Talks {i}</h1><p>Vladimir Putin: Hello {i}.</p></body></html>".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            record = writer.create_warc_record(f"http://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
    pages = list(read_pages([path]))
    assert [p.url for p in pages] == ["http://example.org/0", "http://example.org/1"]
    assert all(p.media_type == "text/html" for p in pages)


def test_a_damaged_warc_is_one_failure(tmp_path):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(b"not a warc at all"))
    items = list(read_pages([path]))
    assert len(items) == 1 and isinstance(items[0], Failure)
    assert "WARC" in items[0].reason


def _failures(paths) -> dict[str, str]:
    return {os.path.basename(i.source): i.reason for i in read_pages(paths) if isinstance(i, Failure)}


def test_a_fifo_and_a_link_to_a_device_fail_alone_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    (tmp_path / "page.txt").write_text("Vladimir Putin: Good afternoon.\n", encoding="utf-8")
    failures = _failures([tmp_path])
    assert failures == {"pipe.txt": "not a regular file (a FIFO)", "zero.txt": "not a regular file (a character device)"}


def test_a_file_name_that_is_not_utf8_fails_alone(tmp_path):
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"Vladimir Putin: Good afternoon.\n")
    (tmp_path / "page.txt").write_text("Vladimir Putin: Good afternoon.\n", encoding="utf-8")
    failures = _failures([tmp_path])
    assert failures == {"caf\ufffd.txt": "file name is not valid UTF-8 (rename it)"}


def test_an_unreadable_subfolder_is_a_failure_and_the_rest_is_read(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "page.txt").write_text("Vladimir Putin: Good afternoon.\n", encoding="utf-8")
    real = os.scandir

    def scandir(path):  # as root, chmod cannot lock a folder: the refusal is simulated
        if os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(expand_paths([tmp_path]))
    assert [os.path.basename(i) for i in items if isinstance(i, str)] == ["page.txt"]
    assert [(os.path.basename(f.source), f.reason) for f in items if isinstance(f, Failure)] == [
        ("locked", "cannot read folder (Permission denied)")
    ]


def test_count_pages_counts_a_url_list_by_its_urls(tmp_path):
    from summitry.pipeline.read import count_pages

    (tmp_path / "urls.txt").write_text("https://example.org/a\nhttps://example.org/b\n# a comment\nhttps://example.org/c\n")
    (tmp_path / "page.html").write_text("<html><p>Vladimir Putin: Hello.</p></html>")
    assert count_pages([tmp_path]) == 4
    assert count_pages([tmp_path / "missing"]) == 1  # a failure of its own
