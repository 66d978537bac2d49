"""Parquet shards (summitry.formats.shards): what the pure stages made of pages, written whole or not
at all, and read back as the very documents and failures they were made of."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from summitry.formats.selection import FormatError
from summitry.formats.shards import read_shard, schemas, shard_paths, write_shard
from summitry.pipeline.core import process_pages
from summitry.pipeline.read import make_page, read_pages
from summitry.records import Failure

from ..conftest import EVENTS, EXAMPLES


def _parsed(*paths):
    return list(process_pages(p for p in read_pages(paths) if not isinstance(p, Failure)))


@pytest.fixture(scope="module")
def parsed():
    return _parsed(EXAMPLES, EVENTS)


def test_a_shard_gives_back_every_document_as_it_was_parsed(tmp_path, parsed):
    failure = (make_page("gone.html", b"", "text/plain"), Failure("gone.html", "no such file or folder"))
    shard = write_shard([*parsed, failure], tmp_path, "part-000000-x")
    back = list(read_shard(shard))
    assert [doc for _, doc in back] == [doc for _, doc in parsed] + [failure[1]]
    assert [(p.source, p.sha256, p.size, p.media_type) for p, _ in back[:-1]] == [
        (p.source, p.sha256, len(p.data), p.media_type) for p, _ in parsed]
    assert sum(len(d.segments) for _, d in parsed) == pq.read_metadata(shard / "segments.parquet").num_rows
    assert sum(len(s.figures) for _, d in parsed for s in d.segments) == pq.read_metadata(shard / "figures.parquet").num_rows


def test_the_seeds_survive_a_shard_exactly(tmp_path, shared):
    pages = _parsed(shared / "seeds", shared / "corpora" / "debates-dev" / "pages")
    assert [doc for _, doc in read_shard(write_shard(pages, tmp_path, "s"))] == [doc for _, doc in pages]


def test_a_shard_written_again_is_kept_and_a_partial_one_is_no_shard(tmp_path, parsed):
    first = write_shard(parsed[:2], tmp_path, "p")
    assert write_shard(parsed[:1], tmp_path, "p") == first  # a retry: the whole shard already there stays
    assert len(list(read_shard(first))) == 2
    (tmp_path / ".q.half").mkdir()  # what a worker killed while writing leaves
    assert shard_paths([tmp_path]) == [first]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".p.")]  # no temporary folder left


def test_a_path_that_is_no_shard_and_a_damaged_shard_are_one_line_naming_them(tmp_path, parsed):
    with pytest.raises(FormatError, match=f"{tmp_path / 'nothing'}: not a shard"):
        shard_paths([tmp_path / "nothing"])
    shard = write_shard(parsed[:1], tmp_path, "d")
    (shard / "mentions.parquet").write_bytes(b"not parquet")
    with pytest.raises(FormatError, match=f"{shard}: cannot read its mentions table"):
        list(read_shard(shard))


def test_the_tables_read_as_plain_parquet(tmp_path, parsed):
    shard = write_shard(parsed, tmp_path, "t")
    for table, schema in schemas().items():
        assert pq.read_schema(shard / f"{table}.parquet").names == schema.names


def test_a_damaged_shard_is_one_failure_and_the_load_goes_on(tmp_path, parsed):
    from summitry import Corpus

    good = write_shard(parsed[:2], tmp_path / "shards", "part-000000-a")
    bad = write_shard(parsed[2:3], tmp_path / "shards", "part-000001-b")
    (bad / "segments.parquet").write_bytes(b"not parquet")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.load([tmp_path / "shards"])
        assert report.documents == 2 and [f.source for f in report.failures] == [str(bad)]
        assert "cannot read its segments table" in report.failures[0].reason
        assert corpus.failures()[0]["source"] == str(bad)
    assert good.exists()
