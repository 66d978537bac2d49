"""API tokens, the keys to write through the web server (uploads), and the audit of those writes.

A token is 32 random bytes, shown once when it is made; the database keeps its SHA-256 only (a token
carries its own entropy: a slow hash adds nothing), so a copy of the database gives no token away. A
revoked token stays listed, and is refused.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import sqlite3
from datetime import datetime, timezone
from typing import Any

PREFIX = "smt_"  # tokens say what they are, so that a leaked one is recognised


class TokenError(ValueError):
    """A token that cannot be made or revoked as asked, with the reason."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(db: sqlite3.Connection, name: str) -> str:
    """A new token under a name (unique); returns it in clear, the only time it is seen."""
    name = " ".join(name.split())
    if not name:
        raise TokenError("name: a token needs a name (who or what uses it)")
    if db.execute("SELECT 1 FROM tokens WHERE name = ?", (name,)).fetchone():
        raise TokenError(f"name: a token named {name!r} exists already (summitry token list)")
    token = PREFIX + secrets.token_urlsafe(32)
    db.execute("INSERT INTO tokens (name, hash, created) VALUES (?, ?, ?)", (name, _digest(token), _now()))
    return token


def revoke_token(db: sqlite3.Connection, name: str) -> None:
    if db.execute("UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL", (_now(), name)).rowcount == 0:
        known = db.execute("SELECT revoked FROM tokens WHERE name = ?", (name,)).fetchone()
        raise TokenError(f"name: {name!r} is revoked already" if known else f"name: no token is named {name!r} (summitry token list)")


def list_tokens(db: sqlite3.Connection) -> list[dict[str, Any]]:
    return [dict(r) for r in db.execute("SELECT name, created, revoked FROM tokens ORDER BY id")]


def tokens_exist(db: sqlite3.Connection) -> bool:
    """Whether a token was ever made: from then on every write needs a valid one (revoking the last
    token closes the server to writes, it does not open it again)."""
    return db.execute("SELECT EXISTS (SELECT 1 FROM tokens)").fetchone()[0] == 1


def token_owner(db: sqlite3.Connection, token: str) -> str | None:
    """The name of the token given, when it is one and not revoked; None otherwise."""
    row = db.execute("SELECT name FROM tokens WHERE hash = ? AND revoked IS NULL", (_digest(token),)).fetchone()
    return None if row is None else str(row[0])


def record_write(db: sqlite3.Connection, who: str, action: str, detail: dict[str, Any]) -> None:
    db.execute("INSERT INTO audit (at, who, action, detail) VALUES (?, ?, ?, ?)",
               (_now(), who, action, json.dumps(detail, ensure_ascii=False)))


def audit_log(db: sqlite3.Connection, limit: int | None = None) -> list[dict[str, Any]]:
    """The writes made through the server, newest first."""
    rows = db.execute("SELECT at, who, action, detail FROM audit ORDER BY id DESC LIMIT ?", (-1 if limit is None else limit,))
    return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]
