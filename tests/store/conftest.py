from __future__ import annotations

import uuid

import pytest

from .postgres_server import postgres_server


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
