"""Ingest on a Dask cluster (``summitry ingest --engine dask``): the pure stages of summitry.pipeline
(read → decode → extract → clean → parse → speakers → enrich) run as Dask tasks, one per partition
of the input, each writing a Parquet shard (summitry.formats.shards); this process loads the shards
into the store in partition order as they come (Corpus.store_results), then links, as an ingest does.

1. partition   (partitions)           paths -> Partition: so many page files each; a WARC archive, a
                                      URL, a ConvoKit folder or a TEI file alone
2. shard       (shard_partition)      Partition -> shard, on a worker
3. load        (Corpus.store_results) shards -> the store, idempotent (keyed by page hash and source)
4. link        (events.link)          blocked by date, after the load, as now

With no scheduler address a ``distributed.LocalCluster`` of one single-threaded worker process per
core is started, so a laptop uses every core the same way a cluster does. A worker that dies takes
its partition with it: the scheduler runs that partition again elsewhere, and since a shard appears
only when whole and loading is idempotent, nothing is lost or stored twice. On a cluster, the shard
folder must be one every worker and this process can reach (a shared file system).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..data.reference import DataFileError
from ..formats.imports import corpus_imports, import_pages
from ..formats.shards import read_shard, write_shard
from ..pipeline.core import process_pages
from ..pipeline.fetch import FetchPolicy
from ..pipeline.read import DEFAULT_MAX_BYTES, WARC_SUFFIXES, expand_paths, is_url, make_page, read_pages
from ..records import Document, Failure, Page
from ..store.ingest_lock import ingest_lock
from .corpus import Corpus, IngestReport
from .limits import QueryError

PAGES_PER_PARTITION = 200  # enough work per task to pay for its scheduling, small enough to spread
SCHEDULER_TIMEOUT = "10s"  # how long a scheduler named by address may take to answer


@dataclass(frozen=True)
class Partition:
    number: int  # its place in the input: shards are loaded in this order
    paths: tuple[str, ...]
    imported: bool = False  # a ConvoKit folder or a TEI file (summitry.formats.imports)

    @property
    def name(self) -> str:
        """The shard's name: its number and a digest of its paths, so another input never takes it."""
        digest = hashlib.sha256("\0".join(self.paths).encode("utf-8", "surrogateescape")).hexdigest()[:12]
        return f"part-{self.number:06d}-{digest}"


@dataclass
class DaskRun:
    report: IngestReport
    partitions: int
    workers: int  # the cluster's workers when the run began
    shards: Path | None  # where the shards were kept (None: removed after the load)


def partitions(paths: Iterable[str | os.PathLike[str]], pages: int = PAGES_PER_PARTITION,
               workers: int = 1) -> tuple[list[Partition], list[Failure]]:
    """The input in partitions of up to ``pages`` page files, in the order an ingest stores them, and
    smaller when there are too few files to give each of the ``workers`` four partitions; a WARC
    archive, a URL, a ConvoKit folder and a TEI file are partitions of their own. Paths that name
    nothing readable are failures."""
    units: list[tuple[str, bool]] = []  # (path, alone), in input order; a ConvoKit or TEI path: alone and imported
    imported: set[str] = set()
    failures: list[Failure] = []
    for raw in paths:
        if corpus_imports(raw):
            units.append((os.fspath(raw), True))
            imported.add(os.fspath(raw))
            continue
        for item in expand_paths([raw]):
            if isinstance(item, Failure):
                failures.append(item)
            else:
                units.append((item, is_url(item) or item.lower().endswith(WARC_SUFFIXES)))
    units.sort(key=lambda unit: unit[0] not in imported)  # imported corpora first, as Corpus.ingest stores them
    files = sum(not alone for _, alone in units)
    size = max(1, min(pages, -(-files // (4 * max(1, workers)))))
    found: list[Partition] = []
    batch: list[str] = []
    for path, alone in [*units, ("", True)]:  # the sentinel closes the last batch
        if batch and (alone or len(batch) >= size):
            found.append(Partition(len(found), tuple(batch)))
            batch = []
        if not alone:
            batch.append(path)
        elif path:
            found.append(Partition(len(found), (path,), imported=path in imported))
    return found, failures


def partition_results(partition: Partition, max_bytes: int = DEFAULT_MAX_BYTES,
                      fetch: FetchPolicy = "any") -> Iterator[tuple[Page, Document | Failure]]:
    """Each page of a partition with its document, or the reason it gave none."""
    if partition.imported:
        yield from import_pages(partition.paths[0])
        return
    for item in read_pages(partition.paths, max_bytes, fetch):
        if isinstance(item, Failure):
            yield make_page(item.source, b"", "text/plain"), item
        else:
            yield from process_pages([item])


def shard_partition(partition: Partition, folder: str, max_bytes: int = DEFAULT_MAX_BYTES, fetch: FetchPolicy = "any") -> str:
    """The Dask task: parse a partition and write its shard into ``folder``; returns the shard's path."""
    return os.fspath(write_shard(partition_results(partition, max_bytes, fetch), folder, partition.name))


def ingest_with_dask(
    corpus: Corpus,
    paths: Iterable[str | os.PathLike[str]],
    scheduler: str | None = None,
    workers: int | None = None,
    shards: str | os.PathLike[str] | None = None,
    pages_per_partition: int = PAGES_PER_PARTITION,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetch: FetchPolicy = "any",
    on_page: Callable[[str, IngestReport], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    task: Callable[..., str] = shard_partition,
) -> DaskRun:
    """Ingest the paths through Dask: on the scheduler at ``scheduler``, or on a LocalCluster of
    ``workers`` processes (default: one per core). Shards go to ``shards`` and are kept there, or to
    a temporary folder beside the database, removed after the load. ``task`` is the work of one
    partition (shard_partition)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise QueryError("--engine dask: Dask is not installed (pip install 'summitry[dask]')") from None
    folder = Path(shards) if shards else Path(tempfile.mkdtemp(prefix=".summitry-shards-", dir=Path(corpus.store.path).parent))
    folder.mkdir(parents=True, exist_ok=True)
    cluster = None
    try:
        with ingest_lock(corpus.store.path, on_wait):
            if scheduler is None:
                cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.CRITICAL)
            run = uuid.uuid4().hex[:8]  # a scheduler keeps finished keys a while: each run's are its own
            try:
                client = Client(scheduler or cluster, set_as_default=False, timeout=SCHEDULER_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise QueryError(f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc.__class__.__name__})") from None
            with client:
                running = len(client.nthreads())
                found, failures = partitions(paths, pages_per_partition, running)
                futures = client.map(task, found, folder=os.fspath(folder), max_bytes=max_bytes, fetch=fetch,
                                     key=[f"summitry-{p.name}-{run}" for p in found], retries=1)

                def results() -> Iterator[tuple[Page, Document | Failure]]:
                    for failure in failures:
                        yield make_page(failure.source, b"", "text/plain"), failure
                    for partition, future in zip(found, futures, strict=True):  # in order, each as soon as it is done
                        try:
                            shard = future.result()
                        except DataFileError:
                            raise  # every partition would fail the same way
                        except Exception as exc:  # the partition's worker died again and again, or the task broke
                            reason = f"its Dask partition failed ({exc.__class__.__name__}: {' '.join(str(exc).split())[:300]})"
                            for path in partition.paths:
                                yield make_page(path, b"", "text/plain"), Failure(path, reason)
                            continue
                        yield from read_shard(shard)

                report = corpus.store_results(results(), on_page, close=lambda: client.cancel(futures))
    finally:
        if cluster is not None:
            cluster.close()
        if not shards:
            shutil.rmtree(folder, ignore_errors=True)
    return DaskRun(report, len(found), running, Path(shards) if shards else None)
