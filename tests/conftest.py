from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from .postgres_server import postgres_server

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


@pytest.fixture(scope="session")
def postgres():
    """The URL of a PostgreSQL server's maintenance database, for the session; skips without one."""
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'summitry[postgres]')")
    server = postgres_server()
    try:
        url = next(server)
    except RuntimeError as exc:
        pytest.skip(str(exc))
    yield url
    server.close()


@pytest.fixture
def postgres_db(postgres):
    """A new, empty database on that server, for one test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    yield postgres.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(postgres, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
