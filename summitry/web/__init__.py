"""serve: the web UI and the HTTP API over one corpus (summitry serve)."""

from .app import create_app

__all__ = ["create_app"]
