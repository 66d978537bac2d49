"""Stage 8, store: the SQLite database (`sqlite`), its named migrations (`migrations`) and the enrich
stage's rows (`enrichment`).

May import `records`, `data`, `enrich` and `pipeline`; never events, formats, queries or above.
"""
