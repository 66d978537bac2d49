"""What enrichment costs at ingest, and how fast the analyses answer over 100,000 utterances.

    python3 benchmarks/bench_analysis.py [--pages 1000] [--utterances 100000] [--workdir DIR] [--rounds 3]

1. Enrichment cost: ingests --pages synthetic HTML pages (benchmarks/generate_pages.py) into a new
   database in this process, once with the enrich stage and once with it replaced by nothing, --rounds
   times each, interleaved; reports the CPU time of each (the best round) and what enrichment adds, as a
   share and in milliseconds per page.
2. Queries: ingests enough synthetic pages for --utterances turns (kept in --workdir between runs),
   then times kwic, keyness, trend and the other analyses through the Python API: the first run and
   the best of --rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_pages import generate  # noqa: E402

import summitry.pipeline.core as pipeline  # noqa: E402
import summitry.store.sqlite as store  # noqa: E402
from summitry import analysis  # noqa: E402
from summitry.queries.corpus import Corpus  # noqa: E402

TURNS_PER_PAGE = 16.6  # what generate_pages writes on average


def pages_in(work: Path, count: int) -> Path:
    folder = work / f"html-{count}"
    if not (work / f"html-{count}.json").exists():
        started = time.perf_counter()
        generate(folder, count, kind="html", manifest=work / f"html-{count}.json")
        print(f"generated {count} pages in {time.perf_counter() - started:.1f} s")
    return folder


def ingest_seconds(pages: Path, enrich: bool) -> float:
    real_enrich, real_write = pipeline.enrich_document, store.write_document_enrichment
    if not enrich:
        pipeline.enrich_document = lambda doc: doc  # type: ignore[assignment]
        store.write_document_enrichment = lambda *args: None  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.process_time()
            with Corpus(Path(tmp) / "bench.db") as corpus:
                report = corpus.ingest([pages])
            seconds = time.process_time() - started
            assert not report.failures, report.failures[:3]
            return seconds
    finally:
        pipeline.enrich_document, store.write_document_enrichment = real_enrich, real_write


def enrichment_cost(work: Path, count: int, rounds: int) -> None:
    pages = pages_in(work, count)
    best = {False: float("inf"), True: float("inf")}
    for _ in range(rounds):
        for enrich in (False, True):
            best[enrich] = min(best[enrich], ingest_seconds(pages, enrich))
    added = best[True] / best[False] - 1
    print(f"ingest of {count} pages, CPU seconds: without enrichment {best[False]:.2f}, with {best[True]:.2f} "
          f"({count / best[False]:.0f} and {count / best[True]:.0f} pages/s): enrichment adds {added:.0%} "
          f"({(best[True] - best[False]) / count * 1000:.2f} ms per page, its rows and word counts included)")


def corpus_of(work: Path, utterances: int) -> Path:
    count = int(utterances / TURNS_PER_PAGE) + 1
    db = work / f"analysis-{utterances}.db"
    if not db.exists():
        pages = pages_in(work, count)
        started = time.perf_counter()
        with Corpus(db) as corpus:
            corpus.ingest([pages], workers=os.cpu_count() or 1)
        print(f"ingested {count} pages in {time.perf_counter() - started:.1f} s")
    return db


def time_query(name: str, query: Callable[[], list[dict]], rounds: int) -> None:
    times, rows = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        rows = query()
        times.append(time.perf_counter() - started)
    print(f"  {name:48} first {times[0]:6.3f} s   best {min(times):6.3f} s   {len(rows):6} rows")


def query_speed(work: Path, utterances: int, rounds: int) -> None:
    db = corpus_of(work, utterances)
    with Corpus(db) as corpus:
        turns = corpus.db.execute("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0]
        print(f"queries over {turns} utterances ({db.stat().st_size / 1e6:.0f} MB):")
        queries: list[tuple[str, Callable[[], list[dict]]]] = [
            ('kwic "Union State" --width 60', lambda: analysis.kwic(corpus, "Union State", 60)),
            ("kwic trade (a frequent word)", lambda: analysis.kwic(corpus, "trade", 60)),
            ("keyness --speaker Lukashenko --vs Putin", lambda: analysis.keyness(corpus, "Lukashenko", "Putin")),
            ("keyness --speaker Lukashenko (vs everyone else)", lambda: analysis.keyness(corpus, "Lukashenko")),
            ("trend sanctions --by year --per-speaker", lambda: analysis.trend(corpus, "sanctions", "year", True)),
            ("trend trade --by month --per-speaker", lambda: analysis.trend(corpus, "trade", "month", True)),
            ('trend "Union State" --by year', lambda: analysis.trend(corpus, "Union State", "year")),
            ("figures --unit USD --about trade --limit 1000", lambda: analysis.figures(corpus, "USD", "trade", limit=1000)),
            ("mentions EAEU --limit 1000", lambda: analysis.mentions(corpus, "EAEU", limit=1000)),
            ("topics --by year", lambda: analysis.topics(corpus, "year")),
            ("stats", lambda: analysis.speaker_stats(corpus)),
            ("collocates trade --window 5", lambda: analysis.collocates(corpus, "trade", 5)),
            ('collocates "Union State"', lambda: analysis.collocates(corpus, "Union State", 5)),
            ("frequencies (the whole corpus)", lambda: analysis.frequencies(corpus)),
            ("frequencies --speaker Lukashenko --since 2020", lambda: analysis.frequencies(corpus, "Lukashenko", "2020")),
            ("frequencies --publisher kremlin (a scope: counted from every turn)", lambda: analysis.frequencies(corpus.scoped(publisher="kremlin"))),
            ("kwic trade --limit 10000 (what /api/kwic pages through)", lambda: analysis.kwic(corpus, "trade", 60, limit=10_000)),
        ]
        for name, query in queries:
            time_query(name, query, rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages for the enrichment cost (0: skip)")
    parser.add_argument("--utterances", type=int, default=100_000, help="utterances for the query timings (0: skip)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="keep pages and databases here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="summitry-analysis-"))
    work.mkdir(parents=True, exist_ok=True)
    print(json.dumps({"cores": os.cpu_count(), "python": sys.version.split()[0]}))
    try:
        if args.pages:
            enrichment_cost(work, args.pages, args.rounds)
        if args.utterances:
            query_speed(work, args.utterances, args.rounds)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
