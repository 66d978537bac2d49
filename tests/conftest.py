from __future__ import annotations

import json
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "pages"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def load_expected(path: Path) -> dict:
    return json.loads(path.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def shared() -> Path:
    if not (SHARED / "gold" / "seeds.gold.json").exists():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture
def corpus(tmp_path):
    from summitry import Corpus

    with Corpus(tmp_path / "test.db") as c:
        yield c


EVENTS = Path(__file__).parent / "fixtures" / "events"


@pytest.fixture(scope="module")
def linked(tmp_path_factory):
    """A corpus of the event fixtures (tests/fixtures/events), ingested and linked once per module."""
    from summitry import Corpus

    with Corpus(tmp_path_factory.mktemp("events") / "events.db") as corpus:
        corpus.ingest([EVENTS])
        yield corpus


def doc_of(corpus, name: str) -> dict:
    """The stored document read from the fixture file of that name."""
    doc_id = corpus.db.execute("SELECT id FROM documents WHERE source LIKE ?", (f"%{name}",)).fetchone()[0]
    return corpus.document(doc_id)
