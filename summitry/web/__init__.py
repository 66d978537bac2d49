"""serve: the web UI and the HTTP API over one corpus (summitry serve).

May import the queries and every layer below them; never `cli`.
"""

from .app import create_app

__all__ = ["create_app"]
