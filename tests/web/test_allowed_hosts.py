"""DNS rebinding: a request whose Host header names another site gets 400 (issue 14, security)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from summitry.web import create_app
from summitry.web.allowed_hosts import ANY_HOST, default_allowed_hosts, host_name


@pytest.fixture
def loopback_client(tmp_path):
    app = create_app(tmp_path / "hosts.db", allow_upload=True, allowed_hosts=default_allowed_hosts("127.0.0.1"))
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize("host", ["rebind.attacker.example", "rebind.attacker.example:8000", "127.0.0.1.nip.io",
                                  "", "localhost.attacker.example", "[::2]:8000"])
def test_a_rebound_host_name_gets_400(loopback_client, host):
    response = loopback_client.get("/api/stats", headers={"Host": host})
    assert response.status_code == 400
    assert "allowed-hosts" in response.json()["error"]


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost", "LOCALHOST:8000", "[::1]:8000"])
def test_the_names_loopback_implies_are_answered(loopback_client, host):
    assert loopback_client.get("/api/stats", headers={"Host": host}).status_code == 200


def test_the_default_follows_the_listening_address():
    assert set(default_allowed_hosts("127.0.0.1")) == {"127.0.0.1", "localhost", "::1"}
    assert default_allowed_hosts("localhost") == default_allowed_hosts("::1")
    assert default_allowed_hosts("192.0.2.7") == ["192.0.2.7"]
    assert default_allowed_hosts("0.0.0.0") == [ANY_HOST]
    assert host_name("Example.ORG:443") == "example.org"


def test_named_hosts_replace_the_default(tmp_path):
    app = create_app(tmp_path / "named.db", allow_upload=True, allowed_hosts=["corpus.example.org"])
    with TestClient(app) as client:
        assert client.get("/api/stats", headers={"Host": "corpus.example.org"}).status_code == 200
        assert client.get("/api/stats", headers={"Host": "127.0.0.1"}).status_code == 400
