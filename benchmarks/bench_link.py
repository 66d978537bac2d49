"""Time and peak memory of linking documents to events, on a synthetic corpus.

    python3 benchmarks/bench_link.py [--documents 100000] [--years 20] [--new 1000] [--db PATH]

Writes N synthetic documents straight into a new database (not by parsing pages): events spread
over the years, each published as one to four versions (the official transcript, another
translation, a reprint, a news report, the other side's readout), some a day later, with turns and
narrative naming registry persons. Then, each in a child process so that its peak memory is its
own: `summitry link` over the whole corpus, and the incremental linking that ingest runs, for
--new more documents added to the linked corpus. Reports seconds, peak resident memory, and how
many events were found against how many were generated.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from child import measure  # noqa: E402

CITIES = ["Moscow", "St Petersburg", "Sochi", "Minsk", "Kazan", "Astana", "Tashkent", "Bishkek", "Baku", "Yerevan",
          "Beijing", "New Delhi", "Tehran", "Ankara", "Dushanbe", "Ashgabat", "Vladivostok", "Samarkand", "Almaty"]
KINDS = ["Meeting with", "Talks with", "Telephone conversation with", "Conversation with"]


def vocabulary(rng: random.Random, size: int = 3000) -> list[str]:
    letters = "abcdefghijklmnoprstuvw"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(4, 10))) for _ in range(size)]


def generate(path: Path, documents: int, years: int, seed: int = 1, start_id: int = 0) -> int:
    """Write synthetic documents into the database at path; returns the number of events made."""
    from summitry.pipeline.speakers import load_registry
    from summitry.store.sqlite import connect

    rng = random.Random(seed + start_id)
    words = vocabulary(random.Random(seed))
    db = connect(path)
    persons = load_registry().persons
    db.executemany(
        "INSERT OR IGNORE INTO persons (id, name, origin) VALUES (?, ?, 'registry')",
        [(p.id, p.name) for p in persons.values()],
    )
    host = persons["vladimir-putin"]
    guests = [p for p in persons.values() if p.id != host.id]
    first = date(2005, 1, 1).toordinal()
    days = 365 * years
    db.execute("BEGIN")
    made = doc_id = 0
    while doc_id < documents:
        made += 1
        day = date.fromordinal(first + rng.randrange(days))
        guest, city, kind = rng.choice(guests), rng.choice(CITIES), rng.choice(KINDS)
        title = f"{kind} {guest.name}"
        turns = [(host if i % 2 == 0 else guest, " ".join(rng.choices(words, k=rng.randint(15, 40))) + ".")
                 for i in range(rng.randint(2, 6))]
        lead = f"{host.name} had a meeting with {guest.name}."
        versions = ["official"] + rng.sample(["translation", "reprint", "news", "readout"], rng.choice([0, 0, 1, 1, 2, 3]))
        for version in versions:
            if doc_id >= documents:
                break
            doc_id += 1
            ident = start_id + doc_id
            when = day + timedelta(days=1) if version != "official" and rng.random() < 0.1 else day
            publisher = {"official": "en.kremlin.ru", "readout": "president.gov.by"}.get(version, "example.net")
            if version == "translation":
                text = [(p, " ".join(w if rng.random() > 0.3 else rng.choice(words) for w in t.split())) for p, t in turns]
            else:
                text = turns
            segments = [("narrative", None, lead)]
            if version in ("official", "translation", "reprint"):
                segments += [("turn", p.id, t) for p, t in text]
            else:
                segments += [("narrative", None, f"“{t}” said {p.name}.") for p, t in text[:2]]
            page = db.execute(
                "INSERT INTO pages (source, sha256, media_type, size, retrieved_at) VALUES (?,?,?,?,?)",
                (f"synthetic/{start_id}-{made}/{ident}", f"{ident:064x}", "text/plain", 0, "2025-01-01T00:00:00"),
            ).lastrowid
            doc = db.execute(
                """INSERT INTO documents (page_id, source, title, date, city, publisher, site_id, language, turns)
                   VALUES (?,?,?,?,?,?,?,?,?)""",
                (page, f"synthetic/{start_id}-{made}/{ident}", title, when.isoformat(), city, publisher,
                 str(ident) if version == "official" else None, "en", sum(1 for s in segments if s[0] == "turn")),
            ).lastrowid
            db.executemany(
                "INSERT INTO segments (document_id, position, kind, person_id, text) VALUES (?,?,?,?,?)",
                [(doc, i, k, p, t) for i, (k, p, t) in enumerate(segments)],
            )
    db.execute("COMMIT")
    db.close()
    return made


def agreement(path: Path) -> tuple[float, float]:
    """Share of found events holding one generated event's documents only, and share of generated
    events whose documents all landed in one found event (a digest-free corpus: one event each)."""
    found: dict[str, set[str]] = {}
    made: dict[str, set[str]] = {}
    for event_id, source in sqlite3.connect(path).execute(
        "SELECT e.event_id, d.source FROM event_documents e JOIN documents d ON d.id = e.document_id"
    ):
        generated = source.split("/")[1]
        found.setdefault(event_id, set()).add(generated)
        made.setdefault(generated, set()).add(event_id)
    pure = sum(1 for g in found.values() if len(g) == 1) / len(found)
    whole = sum(1 for e in made.values() if len(e) == 1) / len(made)
    return pure, whole


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--new", type=int, default=1000, help="documents added after, linked incrementally")
    parser.add_argument("--db", type=Path, help="database to create (default: in a temporary folder)")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench_link.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    events = generate(db, args.documents, args.years)
    print(f"generated {args.documents} documents of {events} events over {args.years} years "
          f"in {time.perf_counter() - started:.1f} s ({db})")

    seconds, peak, output = measure(["summitry", "--db", str(db), "link", "--format", "json"])
    report = json.loads(output)
    found = sqlite3.connect(db).execute("SELECT COUNT(*) FROM events").fetchone()[0]
    pure, whole = agreement(db)
    print(f"summitry link: {args.documents} documents in {seconds:.1f} s (linking itself {report['seconds']:.1f} s), "
          f"peak memory {peak:.0f} MB; {found} events found for {events} generated; "
          f"{pure:.1%} of found events are one generated event, {whole:.1%} of generated events were found whole")

    if args.new:
        generate(db, args.new, args.years, start_id=args.documents)
        code = "import sqlite3,sys,json; from summitry.events.link import link_documents; from summitry.store.sqlite import connect;" \
               "r = link_documents(connect(sys.argv[1])); print(json.dumps(r.__dict__))"
        seconds, peak, output = measure([sys.executable, "-c", code, str(db)])
        report = json.loads(output)
        print(f"incremental: {report['documents']} new documents linked in {report['seconds']:.2f} s "
              f"(process {seconds:.1f} s), peak memory {peak:.0f} MB; {report['joined']} joined existing events")


if __name__ == "__main__":
    main()
