"""schemathesis against the API's own /openapi.json: no request the schema allows gets a 5xx, and every
response matches the schema (status codes our API documents as errors, 400 and 404, are answers)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from summitry import Corpus
from summitry.web.app import create_app

from ..conftest import EXAMPLES

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[test]')")
checks = pytest.importorskip("schemathesis.checks")


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    db = tmp_path_factory.mktemp("st") / "c.db"
    with Corpus(db) as corpus:
        corpus.ingest([EXAMPLES])
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(db))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_the_schema_allows_breaks_the_api(case):
    case.call_and_validate(
        checks=[checks.not_a_server_error, checks.response_schema_conformance, checks.content_type_conformance]
    )
