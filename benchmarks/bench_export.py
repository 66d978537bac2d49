"""Time and peak memory of `summitry export`, on a synthetic corpus of a million utterances.

    python3 benchmarks/bench_export.py [--utterances 1000000] [--formats parquet,csv] [--workdir DIR]

Builds a corpus database by inserting rows directly (documents of 50 turns, 20-200 words each, a
few hundred speakers; no parsing), then runs `summitry export --format F` for each format in a
child process and reports wall time, the child's peak resident memory and the output's size. With
--utterances also at a quarter of the size, memory that stays flat shows as the same peak.
The target: parquet over 1,000,000 utterances under 500 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from child import measure  # noqa: E402

from summitry.store.sqlite import connect

TURNS_PER_DOCUMENT = 50
SPEAKERS = 300
WORDS = """the of and to in we our with trade cooperation president meeting agreement energy gas security union state
economic investment project projects billion percent growth region regions partners talks question issue issues
today year years important relations country countries support develop development first second new many"""
VOCABULARY = WORDS.split()


def build(db_path: Path, utterances: int, seed: int = 7) -> None:
    """A corpus database with `utterances` turns, inserted directly through the schema's tables."""
    rng = random.Random(seed)
    db = connect(db_path)
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO persons (id, name, origin, roles) VALUES (?, ?, 'auto', ?)",
        [(f"speaker-{i}", f"Speaker {i}", json.dumps([{"role": "President", "from": "2000-01-01", "to": None}])) for i in range(SPEAKERS)],
    )
    documents = -(-utterances // TURNS_PER_DOCUMENT)
    written = 0
    for doc in range(1, documents + 1):
        date = f"{2000 + doc % 25}-{1 + doc % 12:02d}-{1 + doc % 28:02d}"
        db.execute(
            "INSERT INTO pages (id, source, sha256, media_type, size, retrieved_at) VALUES (?, ?, ?, 'text/html', 0, '2024-01-01')",
            (doc, f"bench/{doc}.html", f"{doc:064x}"),
        )
        turns = min(TURNS_PER_DOCUMENT, utterances - written)
        pair = rng.sample(range(SPEAKERS), 2)
        rows = []
        for position in range(turns):
            text = " ".join(rng.choices(VOCABULARY, k=rng.randint(20, 200))).capitalize() + "."
            rows.append((doc, position, f"Speaker {pair[position % 2]}", f"speaker-{pair[position % 2]}", text, len(text.split())))
        db.execute(
            """INSERT INTO documents (id, page_id, source, title, date, city, publisher, language, turns, words)
               VALUES (?, ?, ?, ?, ?, 'Minsk', 'bench.example.org', 'en', ?, ?)""",
            (doc, doc, f"bench/{doc}.html", f"Talks number {doc}", date, turns, sum(r[-1] for r in rows)),
        )
        db.executemany("INSERT INTO segments (document_id, position, kind, label, person_id, text, words) VALUES (?, ?, 'turn', ?, ?, ?, ?)", rows)
        written += turns
        if doc % 2000 == 0:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    db.close()


def export(db: Path, kind: str, out: Path) -> tuple[float, float, str]:
    """Run `summitry export` in a child; return seconds, peak RSS in MB and its last line."""
    if out.exists():
        shutil.rmtree(out) if out.is_dir() else out.unlink()
    command = ["summitry", "--db", str(db), "export", "--format", kind, "-o", str(out)]
    return measure(command)


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--utterances", type=int, default=1_000_000)
    parser.add_argument("--formats", default="parquet,csv", help="comma-separated export formats")
    parser.add_argument("--workdir", type=Path, help="keep the databases and exports here (default: a temporary folder)")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="summitry-bench-export-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    try:
        for count in (args.utterances // 4, args.utterances):
            db = work / f"corpus-{count}.db"
            if not db.exists():
                started = time.perf_counter()
                build(db, count)
                print(f"built {count} utterances ({size_mb(db):.0f} MB database) in {time.perf_counter() - started:.1f} s")
            for kind in args.formats.split(","):
                out = work / (f"{kind}-{count}" + (".jsonl" if kind == "jsonl" else ""))
                seconds, peak, summary = export(db, kind, out)
                print(f"{kind:8} {count:8} utterances: {seconds:6.1f} s, {count / seconds:8.0f} utterances/s, "
                      f"peak memory {peak:5.0f} MB, output {size_mb(out):6.0f} MB")
                print(f"    {summary}")
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
