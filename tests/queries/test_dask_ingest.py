"""Ingest through Dask (summitry.queries.dask_ingest): a LocalCluster of two worker processes turns
partitions of the input into Parquet shards, and the store loaded from them equals the one a plain
ingest makes; a worker killed mid-run loses nothing (the partition runs again, the load is
idempotent); the command line does the same with `ingest --engine dask` and `load`."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summitry import Corpus
from summitry.cli import app
from summitry.queries.dask_ingest import ingest_with_dask, partitions, shard_partition

from ..conftest import EVENTS, EXAMPLES, SHARED

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'summitry[dask]')")
SEEDS = SHARED / "seeds"
INPUT = [EXAMPLES, EVENTS, *([SEEDS] if SEEDS.is_dir() else [])]  # the seeds where ../shared is present
TABLES = ("pages", "documents", "segments", "utterances", "figures", "mentions", "utterance_topics", "persons",
          "person_labels", "speaker_words", "speaker_terms", "events", "event_documents", "visits", "failures")
UNSTABLE = {"id", "retrieved_at", "ingested_at", "at", "created_at"}  # when, and rowids of tables nothing refers to


def stored(db: Path) -> dict[str, list[tuple]]:
    """Every row of the tables an ingest writes, but for the moment it was read."""
    with sqlite3.connect(db) as connection:
        rows = {}
        for table in TABLES:
            columns = [r[1] for r in connection.execute(f"PRAGMA table_info({table})") if r[1] not in UNSTABLE]
            rows[table] = sorted(map(repr, connection.execute(f"SELECT {', '.join(columns)} FROM {table}")))
        rows["found"] = [r[0] for r in connection.execute(  # the full-text index too
            "SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH 'the OR trade OR и' ORDER BY rowid")]
        return rows


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=50) as local:
        yield local


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    path = tmp_path_factory.mktemp("plain") / "plain.db"
    with Corpus(path) as corpus:
        corpus.ingest(INPUT)
    return stored(path)


def test_partitions_keep_the_order_of_the_input_put_a_warc_alone_and_give_every_worker_work(tmp_path):
    names = [f"{letter}.html" for letter in "abcdefghi"] + ["z.warc"]
    for name in names:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found, failures = partitions([tmp_path, tmp_path / "missing"], pages=2)
    assert [[Path(p).name for p in part.paths] for part in found] == [names[0:2], names[2:4], names[4:6], names[6:8], names[8:9], ["z.warc"]]
    assert [part.number for part in found] == list(range(6)) and len({part.name for part in found}) == 6
    assert [f.reason for f in failures] == ["no such file or folder"]
    few, _ = partitions([tmp_path], pages=200, workers=1)  # nine files: four partitions or so, not one
    assert [len(part.paths) for part in few] == [3, 3, 3, 1]


def test_a_local_cluster_of_two_workers_stores_what_a_plain_ingest_stores(tmp_path, cluster, plain):
    with Corpus(tmp_path / "dask.db") as corpus:
        run = ingest_with_dask(corpus, INPUT, scheduler=cluster.scheduler_address, pages_per_partition=3)
    assert run.workers == 2 and run.partitions >= 4 and run.shards is None
    assert not list(tmp_path.glob(".summitry-shards-*"))  # the temporary shards are gone
    assert stored(tmp_path / "dask.db") == plain


def _dies_once(partition, folder, **options):
    """The work of a partition, but the worker running the second partition dies the first time."""
    marker = Path(folder) / f"died-{partition.number}"
    if partition.number == 1 and not marker.exists():
        marker.touch()
        os._exit(1)  # the whole worker process, as kill -9 would
    return shard_partition(partition, folder, **options)


def test_a_worker_killed_mid_run_loses_nothing_and_a_second_load_changes_nothing(tmp_path, cluster, plain):
    shards = tmp_path / "shards"
    with Corpus(tmp_path / "dask.db") as corpus:
        run = ingest_with_dask(corpus, INPUT, scheduler=cluster.scheduler_address, shards=shards,
                               pages_per_partition=3, task=_dies_once)
        assert (shards / "died-1").exists()  # the worker did die
        assert stored(tmp_path / "dask.db") == plain
        again = corpus.load([shards])
    assert run.shards == shards and again.documents == 0 and again.unchanged == run.report.documents
    assert stored(tmp_path / "dask.db") == plain


def test_the_command_line_ingests_through_dask_and_loads_the_shards_elsewhere(tmp_path, cluster, plain):
    runner = CliRunner()
    shards = tmp_path / "shards"
    first = runner.invoke(app, ["--db", str(tmp_path / "a.db"), "ingest", "-q", "--engine", "dask", "--scheduler",
                                cluster.scheduler_address, "--shards", str(shards), "--partition", "4",
                                *map(str, INPUT)])
    assert first.exit_code == 0, first.output
    assert re.search(r"\d+ partitions on [12] Dask workers?, shards in", " ".join(first.output.split()))
    loaded = runner.invoke(app, ["--db", str(tmp_path / "b.db"), "load", "-q", str(shards)])
    assert loaded.exit_code == 0, loaded.output
    assert stored(tmp_path / "a.db") == stored(tmp_path / "b.db") == plain
    bad = runner.invoke(app, ["--db", str(tmp_path / "b.db"), "load", str(tmp_path / "nothing")])
    assert bad.exit_code == 2 and "not a shard" in bad.output


def test_warc_archives_and_imported_corpora_go_through_dask_as_they_go_through_an_ingest(tmp_path, cluster):
    from summitry.formats import Selection
    from summitry.formats.export import export

    from ..pipeline.test_warc_records import warc_record

    with Corpus(tmp_path / "source.db") as source:
        source.ingest([EVENTS])
        export(source, "tei", tmp_path / "tei", Selection())
        export(source, "convokit", tmp_path / "convokit", Selection())
    pages = sorted(EXAMPLES.glob("*.html"))[:3]
    (tmp_path / "crawl.warc").write_bytes(b"".join(warc_record(f"https://example.org/{p.stem}", p.read_bytes()) for p in pages))
    inputs = [tmp_path / "crawl.warc", tmp_path / "convokit", *sorted((tmp_path / "tei").glob("*.xml"))[:2], tmp_path / "missing"]
    with Corpus(tmp_path / "plain.db") as corpus:
        corpus.ingest(inputs)
    with Corpus(tmp_path / "dask.db") as corpus:
        run = ingest_with_dask(corpus, inputs, scheduler=cluster.scheduler_address)
    assert run.partitions == 4 and run.report.documents > 3 and len(run.report.failures) == 1
    assert stored(tmp_path / "dask.db") == stored(tmp_path / "plain.db")


def _breaks_on_the_second(partition, folder, **options):
    if partition.number == 1:
        raise RuntimeError("the parser broke")
    return shard_partition(partition, folder, **options)


def test_a_partition_that_fails_is_recorded_as_its_pages_failures_and_the_run_goes_on(tmp_path, cluster):
    found, _ = partitions([EXAMPLES], pages=2)  # two a partition on one worker or two
    with Corpus(tmp_path / "dask.db") as corpus:
        run = ingest_with_dask(corpus, [EXAMPLES], scheduler=cluster.scheduler_address, pages_per_partition=2,
                               task=_breaks_on_the_second)
    assert {f.source for f in run.report.failures} == set(found[1].paths)
    assert all("its Dask partition failed (RuntimeError: the parser broke)" in f.reason for f in run.report.failures)
    assert run.report.documents == sum(len(p.paths) for p in found) - len(found[1].paths)


def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path, monkeypatch):
    from summitry.queries import dask_ingest

    monkeypatch.setattr(dask_ingest, "SCHEDULER_TIMEOUT", "1s")
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "c.db"), "ingest", "-q", "--engine", "dask",
                                      "--scheduler", "tcp://127.0.0.1:1", str(EXAMPLES)])
    assert result.exit_code == 2 and "--scheduler tcp://127.0.0.1:1: cannot reach the Dask scheduler" in result.output
