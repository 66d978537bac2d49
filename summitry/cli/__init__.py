"""The command line (`summitry …`), a thin layer over the queries, formats and web app.

Holds the Typer app (`main`) and the modules that add commands to it: `ingest` (ingest, load), `events` (events, event,
compare, trace, link), `analysis` (kwic, stats, trend, keyness, topics, figures, mentions),
`corrections` (reparse, remove, person merge|rename, corrections) and `serve` (the web server). The top layer: it may import every other subpackage; nothing imports it.
"""

from . import analysis, corrections, events, ingest, serve  # noqa: F401  (each adds its commands to `app`)
from .main import app, run

__all__ = ["app", "run"]
