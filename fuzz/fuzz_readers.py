"""atheris targets for longer fuzzing runs than CI's hypothesis smoke (tests/formats/test_fuzz_readers.py,
tests/pipeline/test_robustness.py).

    pip install atheris
    python fuzz/fuzz_readers.py page  [-max_total_time=3600] [CORPUS_DIR]   # process_page on any bytes
    python fuzz/fuzz_readers.py tei   [-max_total_time=3600]                # a TEI file of any bytes
    python fuzz/fuzz_readers.py convokit [-max_total_time=3600]             # a ConvoKit folder of any bytes

A finding is any exception other than summitry's PageError, and any failure reason over one line.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from summitry.formats.imports import import_pages
    from summitry.pipeline.core import process_page
    from summitry.pipeline.read import make_page
    from summitry.records import Failure, PageError


def page(data: bytes) -> None:
    name = ("page.txt", "page.html", "page.bin")[data[0] % 3] if data else "page.txt"
    try:
        process_page(make_page(name, data[1:]))
    except PageError as exc:
        assert "\n" not in str(exc)


def _imported(path: Path) -> None:
    for _, item in import_pages(path):
        if isinstance(item, Failure):
            assert item.reason and "\n" not in item.reason


def tei(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.xml"
        path.write_bytes(b'<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0">' + data)
        _imported(path)


def convokit(data: bytes) -> None:
    utterances, _, speakers = data.partition(b"\x00")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "utterances.jsonl").write_bytes(utterances)
        (root / "speakers.json").write_bytes(speakers or b"{}")
        _imported(root)


TARGETS = {"page": page, "tei": tei, "convokit": convokit}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TARGETS)}}} [atheris options]")
    target = TARGETS[sys.argv.pop(1)]
    atheris.Setup(sys.argv, target)
    atheris.Fuzz()
