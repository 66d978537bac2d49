"""The mention scanner's trie-shaped regular expression against Aho-Corasick (pyahocorasick), on the
same turns: is a compiled automaton worth putting on the hot path?

    python3 benchmarks/bench_scanners.py [--pages 300] [--rounds 5] [PAGE_FOLDER...]

Parses synthetic pages (benchmarks/generate_pages.py), or the folders named, and times, best of
--rounds: the whole mention stage (summitry.enrich.mentions.find_mentions_in: scan, word boundaries,
resolution), the scan alone (the gazetteer's expression over each document's turns), and
pyahocorasick's automaton of the same aliases over the same text, all its matches (``iter``) and the
leftmost longest (``iter_long``), before the boundary checks and the resolution the stage adds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_pages import generate  # noqa: E402


def best(rounds: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    from summitry.enrich.mentions import find_mentions_in, load_gazetteer
    from summitry.pipeline.core import process_pages
    from summitry.pipeline.read import read_pages
    from summitry.records import Document

    folders = args.folders or [Path(tempfile.mkdtemp(prefix="summitry-scan-"))]
    if not args.folders:
        generate(folders[0], args.pages, kind="mixed")
    texts = [[t.text for t in doc.turns] for _, doc in process_pages(p for p in read_pages(folders) if not hasattr(p, "reason"))
             if isinstance(doc, Document)]
    joined = ["\0".join(turns) for turns in texts]
    chars = sum(map(len, joined))
    gazetteer = load_gazetteer()
    print(f"{len(texts)} documents, {sum(map(len, texts))} turns, {chars / 1e6:.1f} M characters, "
          f"{len(gazetteer.by_alias) + len(gazetteer.shared)} aliases")
    results = {
        "mention stage (scan, boundaries, resolution)": best(args.rounds, lambda: [find_mentions_in(t) for t in texts]),
        "trie expression, scan alone": best(args.rounds, lambda: [list(gazetteer.pattern.finditer(j)) for j in joined]),
    }
    try:
        import ahocorasick
    except ImportError:
        print("pyahocorasick is not installed (pip install pyahocorasick): the regular expression alone")
    else:
        automaton = ahocorasick.Automaton()
        for alias in [*gazetteer.by_alias, *gazetteer.shared]:
            automaton.add_word(alias, alias)
        automaton.make_automaton()
        results["Aho-Corasick, every match (iter)"] = best(args.rounds, lambda: [list(automaton.iter(j)) for j in joined])
        results["Aho-Corasick, leftmost longest (iter_long)"] = best(args.rounds, lambda: [list(automaton.iter_long(j)) for j in joined])
    for name, seconds in results.items():
        print(f"  {name:45} {seconds * 1000:7.1f} ms  {chars / seconds / 1e6:6.1f} M characters/s")


if __name__ == "__main__":
    main()
