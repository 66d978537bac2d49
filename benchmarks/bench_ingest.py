"""Pages per second and peak memory of `summitry ingest`, on synthetic pages.

    python3 benchmarks/bench_ingest.py [--pages 2000] [--memory-pages 20000] [--workdir DIR] [--workers 1]
                                       [--without-enrichment] [--vs-trafilatura [--rounds 3]] [--dask]

Generates N HTML pages and N text pages (20-30 KB each, benchmarks/generate_pages.py), ingests each
set into a new SQLite database with the installed `summitry` command in a child process, and reports
wall time, pages per second and the child's peak resident memory. With --memory-pages it also ingests
that many mixed pages to show that memory stays flat as the corpus grows. Checks that every page was
stored with the turns the generator wrote. With --without-enrichment each set is ingested a second
time by the same command with the enrich stage replaced by nothing (the foundation's stages alone:
read, decode, extract, clean, parse, speakers, store, link), to show what enrichment costs.

With --vs-trafilatura (pip install trafilatura lxml_html_clean) the HTML pages are also read by
trafilatura's bare_extraction(with_metadata=True) in a child process of its own (reading the files
included, storing nothing), alternately with `summitry ingest` in one process and with the default
--workers, each run --rounds times; it prints the best times and the ratios: how many times
trafilatura's time summitry's whole process (parse, enrich, store, link) takes. With --dask each set
is ingested once more with `--engine dask` (a LocalCluster of one worker process per core, shards
in a temporary folder, loaded by the command) and compared with the run above it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from child import measure  # noqa: E402
from generate_pages import generate  # noqa: E402


def ingest(pages_dir: Path, db: Path, workers: int | str, enrich: bool = True, engine: str = "local") -> tuple[float, float, str]:
    """Run `summitry ingest` in a child; return seconds, peak RSS in MB and its summary line."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    arguments = ["--db", str(db), "ingest", "-q", "--workers", str(workers), "--engine", engine, str(pages_dir)]
    command = ["summitry", *arguments] if enrich else [sys.executable, __file__, "--child-without-enrichment", *arguments]
    return measure(command)  # parser workers are the child's children: their memory is not counted


def run_without_enrichment(arguments: list[str]) -> None:
    """In the child: `summitry ARGUMENTS` with the enrich stage and its rows replaced by nothing."""
    import summitry.cli
    import summitry.pipeline.core
    import summitry.store.sqlite

    summitry.pipeline.core.enrich_document = lambda doc: doc  # type: ignore[assignment]
    summitry.store.sqlite.write_document_enrichment = lambda *args: None  # type: ignore[assignment]
    sys.argv = ["summitry", *arguments]
    summitry.cli.run()


def check(db: Path, manifest: Path) -> None:
    import sqlite3

    want = json.loads(manifest.read_text())["turns"]
    with sqlite3.connect(db) as con:
        got = con.execute("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0]
    status = "ok" if got == want else "MISMATCH"
    print(f"    turns stored: {got}, generated: {want} [{status}]")


TRAFILATURA = """
import sys
from pathlib import Path
from trafilatura import bare_extraction
read = 0
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix == ".html":
        bare_extraction(path.read_text(encoding="utf-8"), with_metadata=True)
        read += 1
print(f"trafilatura read {read} pages")
"""


def vs_trafilatura(pages_dir: Path, work: Path, rounds: int, workers: int) -> None:
    """trafilatura and summitry on the same pages, alternately; the best of each, and the ratios."""
    best: dict[str, float] = {}
    runs = {"trafilatura": lambda: measure([sys.executable, "-c", TRAFILATURA, str(pages_dir)]),
            "summitry, one process": lambda: ingest(pages_dir, work / "vs.db", 1),
            f"summitry, --workers {workers}": lambda: ingest(pages_dir, work / "vs.db", workers)}
    for _ in range(rounds):
        for name, run in runs.items():
            seconds, _, _ = run()
            best[name] = min(best.get(name, seconds), seconds)
    count = len(list(pages_dir.glob("*.html")))
    for name, seconds in best.items():
        ratio = "" if name == "trafilatura" else f"  {best['trafilatura'] / seconds:.2f}x trafilatura's speed"
        print(f"  {name:26} {seconds:6.1f} s  {count / seconds:6.0f} pages/s{ratio}")


def main() -> None:
    if sys.argv[1:2] == ["--child-without-enrichment"]:
        run_without_enrichment(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages per kind for the speed runs")
    parser.add_argument("--memory-pages", type=int, default=0, help="mixed pages for the memory run (e.g. 20000)")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--without-enrichment", action="store_true", help="also time the foundation's stages alone")
    parser.add_argument("--workdir", type=Path, help="keep pages and databases here (default: a temporary folder)")
    parser.add_argument("--vs-trafilatura", action="store_true", help="time trafilatura on the HTML pages alongside")
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each, with --vs-trafilatura")
    parser.add_argument("--dask", action="store_true",
                        help="also ingest each set with --engine dask (a LocalCluster, one worker per core)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="summitry-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; workers: {args.workers}")
    runs = [("html", args.pages), ("text", args.pages)]
    if args.memory_pages:
        runs.append(("mixed", args.memory_pages))
    try:
        for kind, count in runs:
            pages_dir = work / f"{kind}-{count}"
            manifest = work / f"{kind}-{count}.json"
            if not manifest.exists():
                started = time.perf_counter()
                generate(pages_dir, count, kind=kind, manifest=manifest)
                print(f"generated {count} {kind} pages in {time.perf_counter() - started:.1f} s")
            size = sum(p.stat().st_size for p in pages_dir.iterdir()) / count / 1024
            seconds, peak, summary = ingest(pages_dir, work / f"{kind}.db", args.workers)
            print(f"{kind:5} {count:6} pages of {size:.1f} KB: {seconds:6.1f} s, {count / seconds:6.0f} pages/s, peak memory {peak:6.0f} MB")
            print(f"    {summary}")
            check(work / f"{kind}.db", manifest)
            if args.dask:
                spread, peak, summary = ingest(pages_dir, work / f"{kind}-dask.db", "auto", engine="dask")
                print(f"    --engine dask: {spread:6.1f} s, {count / spread:6.0f} pages/s, {seconds / spread:.2f}x this run's "
                      f"speed (--workers {args.workers}); peak memory of its largest process (the loader or a worker) {peak:6.0f} MB")
                print(f"    {summary}")
                check(work / f"{kind}-dask.db", manifest)
            if args.without_enrichment and kind != "mixed":
                bare, _, _ = ingest(pages_dir, work / f"{kind}-bare.db", args.workers, enrich=False)
                print(f"    without enrichment: {bare:6.1f} s, {count / bare:6.0f} pages/s; enrichment adds {seconds / bare - 1:.0%}")
                check(work / f"{kind}-bare.db", manifest)
            if args.vs_trafilatura and kind == "html":
                print(f"side by side on the same {count} HTML pages (best of {args.rounds}):")
                vs_trafilatura(pages_dir, work, args.rounds, max(args.workers, os.cpu_count() or 1))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
