"""Search latency of `summitry serve` under 50 concurrent searches, on a 100,000-utterance corpus.

    python3 benchmarks/bench_web.py [--pages 6300] [--clients 50] [--requests 20] [--workdir DIR]

Generates synthetic transcripts (benchmarks/generate_pages.py; 6,300 pages hold about 105,000
turns), ingests them with `summitry ingest`, starts `summitry serve` on a free port of 127.0.0.1,
and has --clients concurrent clients (keep-alive connections) each send --requests searches, one
after another, drawn from a fixed list of analyst queries (words, phrases, prefixes, boolean
queries, with and without speaker, date, place and publisher filters, some asking for pages 2-5).
Three runs: the JSON API and the HTML page in date order (the default, newest first, and oldest
first), then the API ranked by relevance. Reports latency percentiles (send to full answer, on
keep-alive connections of raw asyncio streams: a light client, as it shares the machine's cores with
the server), throughput, and the CPU time per search of the server processes and of the client.
Every search is answered afresh: the server keeps no result cache. A fourth run is the hostile mix:
--hostile (5% by default) of the API searches are replaced by the heaviest requests the server
accepts or must refuse (six-prefix NEAR groups and ORs, a 60-prefix NEAR, deep pages, figures about an
absent word, a document's 2,000 segments, a compare of two long versions); the normal searches' and
the hostile requests' latencies are reported apart. All traffic stays on this machine, and the run is
bounded by its request count.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_pages import generate  # noqa: E402

WORDS = ["grain", "fertilisers", "pipeline", "nuclear", "satellite", "tourism", "microelectronics", "cement",
         "vladivostok", "sochi", "kazan", "hydropower", "pharmaceuticals", "logistics", "copper", "investment",
         "sanctions", "rubles", "automotive", "gas", "CSTO", "SCO", "BRICS", "university", "checkpoints"]
PHRASES = ['"trade turnover"', '"grain terminal"', '"copper smelter"', '"Union State"', '"information security"',
           '"North–South transport corridor"', '"nuclear power plant"', '"joint venture"']
BOOLEAN = ["gas AND price*", "grain OR fertilisers", "energy NOT nuclear", "pharma*", "microelectron*",
           "kazan AND pipeline", "logistics AND hub", "tourism OR flights"]
FILTERS = [{}, {}, {"speaker": "Putin"}, {"speaker": "Lukashenko"}, {"since": "2015", "until": "2018"},
           {"since": "2020-01-01"}, {"place": "Moscow"}, {"publisher": "kremlin"}, {"speaker": "Tokayev", "since": "2019"}]
DATE_ORDERS = [None, None, None, "oldest"]  # the default (newest first) and its reverse
HOSTILE = [  # the heaviest forms of request the audit found, each allowed by the schema
    "/api/search?" + urlencode({"q": "NEAR(a* e* i* o* s* t*, 50)"}),  # refused: one-letter prefixes
    "/api/search?" + urlencode({"q": "NEAR(con* pre* int* sta* res* dev*, 50)"}),
    "/api/search?" + urlencode({"q": "con* OR pre* OR int* OR sta* OR res* OR dev*", "order": "relevance"}),
    "/api/search?" + urlencode({"q": "NEAR(" + "a* " * 60 + ")"}),  # refused: too many prefixes
    "/api/search?" + urlencode({"q": "the OR of OR and", "page": "100", "per_page": "100"}),
    "/api/figures?" + urlencode({"about": "zzzzquux"}),
    "/api/figures?" + urlencode({"about": "trade", "page": "50", "per_page": "100"}),
    "/api/documents/{doc}?limit=2000",
    "/api/compare/{a}/{b}",
]


def queries(count: int, orders: list[str | None], seed: int = 7) -> list[str]:
    """A fixed list of search query strings."""
    rng = random.Random(seed)
    urls = []
    for _ in range(count):
        params: dict[str, str] = {"q": rng.choice(rng.choice([WORDS, WORDS, PHRASES, BOOLEAN]))}
        params.update(rng.choice(FILTERS))
        order = rng.choice(orders)
        if order:
            params["order"] = order
        if rng.random() < 0.15:
            params["page"] = str(rng.randint(2, 5))
        urls.append(urlencode(params))
    return urls


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_corpus(workdir: Path, pages: int) -> Path:
    db = workdir / f"bench-{pages}.db"
    if db.exists():
        return db
    folder = workdir / f"pages-{pages}"
    if not folder.exists():
        generate(folder, pages, "mixed", 0)
    subprocess.run(["summitry", "--db", str(db), "ingest", "-q", "--workers", str(os.cpu_count() or 1), str(folder)],
                   check=True, stdout=subprocess.DEVNULL)
    return db


async def fetch(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> tuple[int, float]:
    started = time.perf_counter()
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length"))
    await reader.readexactly(length)
    return status, time.perf_counter() - started


async def load(port: int, paths: list[list[str]], hostile: frozenset[str] = frozenset()) -> tuple[list[float], list[float]]:
    """One client per list of paths, all at once; returns the latencies in seconds of the normal
    requests (each must answer 200) and of the hostile ones (any answer but a 5xx)."""
    normal: list[float] = []
    heavy: list[float] = []

    async def client(mine: list[str]) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            for path in mine:
                status, seconds = await fetch(reader, writer, path)
                if status != 200 and (path not in hostile or status >= 500):
                    raise SystemExit(f"{path}: HTTP {status}")
                (heavy if path in hostile else normal).append(seconds)
        finally:
            writer.close()

    await asyncio.gather(*(client(p) for p in paths))
    return normal, heavy


def hostile_paths(db: Path) -> list[str]:
    """HOSTILE with ids of this corpus: its longest document, and two long documents to compare."""
    with sqlite3.connect(db) as con:
        longest = [row[0] for row in con.execute(
            "SELECT document_id FROM segments GROUP BY document_id ORDER BY COUNT(*) DESC LIMIT 2")]
    return [path.format(doc=longest[0], a=longest[0], b=longest[-1]) for path in HOSTILE]


def with_hostile(pool: list[str], share: float, hostile: list[str], seed: int = 11) -> list[str]:
    """The pool with about ``share`` of its requests replaced by hostile ones, in turn."""
    rng = random.Random(seed)
    out, k = [], 0
    for path in pool:
        if rng.random() < share:
            out.append(hostile[k % len(hostile)])
            k += 1
        else:
            out.append(path)
    return out


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process and its children have used so far (Linux; 0 elsewhere)."""
    total = 0.0
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        for p in [pid, *map(int, children)]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return 0.0
    return total


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=6300, help="synthetic pages (6,300 hold about 105,000 turns)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=20, help="searches per client and endpoint")
    parser.add_argument("--server-workers", type=int, default=os.cpu_count() or 1, help="summitry serve --workers")
    parser.add_argument("--hostile", type=float, default=0.05, help="share of hostile requests in the fourth run")
    parser.add_argument("--workdir", type=Path, help="keep pages and database here (default: a temporary folder)")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="summitry-bench-web-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db = build_corpus(workdir, args.pages)
    subprocess.run(["summitry", "--db", str(db), "migrate"], check=True, stdout=subprocess.DEVNULL)  # a kept corpus of an older version
    with sqlite3.connect(db) as con:
        turns = con.execute("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0]
    print(f"corpus: {db} — {turns:,} utterances; server: {args.server_workers} process(es); load average {os.getloadavg()[0]:.1f}")
    port = free_port()
    server = subprocess.Popen(["summitry", "--db", str(db), "serve", "--port", str(port), "--workers", str(args.server_workers)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        date_order = queries(args.clients * args.requests, DATE_ORDERS)
        relevance = queries(args.clients * args.requests, ["relevance"])
        hostile = hostile_paths(db)
        mixed = with_hostile([f"/api/search?{q}" for q in date_order], args.hostile, hostile)
        runs = [("/api/search", [f"/api/search?{q}" for q in date_order], "newest/oldest"),
                ("/search", [f"/search?{q}" for q in date_order], "newest/oldest"),
                ("/api/search", [f"/api/search?{q}" for q in relevance], "relevance"),
                ("/api/search", mixed, f"+{args.hostile:.0%} hostile")]
        for endpoint, pool, label in runs:
            asyncio.run(load(port, [pool[:2]], frozenset(hostile)))  # the server's first requests
            plan = [pool[c * args.requests : (c + 1) * args.requests] for c in range(args.clients)]
            started, server_cpu, client_cpu = time.perf_counter(), cpu_seconds(server.pid), time.process_time()
            normal, heavy = asyncio.run(load(port, plan, frozenset(hostile)))
            wall = time.perf_counter() - started
            server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
            ms = [x * 1000 for x in normal]
            done = len(normal) + len(heavy)
            print(f"{endpoint:11} {label:13} {args.clients} clients, {len(ms)} searches: "
                  f"p50 {percentile(ms, 50):.1f} ms  p95 {percentile(ms, 95):.1f} ms  p99 {percentile(ms, 99):.1f} ms  "
                  f"max {max(ms):.1f} ms  [{done / wall:.0f} requests/s; CPU per request: server "
                  f"{1000 * server_cpu / done:.2f} ms, client {1000 * client_cpu / done:.2f} ms]")
            if heavy:
                hard = [x * 1000 for x in heavy]
                print(f"{'':11} {'hostile':13} {len(hard)} requests: p50 {percentile(hard, 50):.1f} ms  "
                      f"p95 {percentile(hard, 95):.1f} ms  max {max(hard):.1f} ms")
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
