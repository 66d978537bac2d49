from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from summitry.queries.corpus import Corpus
from summitry.web import create_app

from ..conftest import EVENTS


@pytest.fixture(scope="module")
def events_client(tmp_path_factory):
    """The web app over the event fixtures (tests/fixtures/events), ingested once per module."""
    path = tmp_path_factory.mktemp("events-web") / "corpus.db"
    with Corpus(path) as corpus:
        corpus.ingest([EVENTS])
    with TestClient(create_app(path)) as test_client:
        yield test_client
