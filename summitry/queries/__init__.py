"""The questions asked of a corpus: `corpus` (the Python API: ingest, documents, search), `analysis`
(kwic, statistics, trends, keyness, topics, figures, mentions) and `events` (events, their documents,
comparisons).

May import every layer below: `records`, `data`, `enrich`, `pipeline`, `store`, `events`, `formats`;
never `quality`, `web` or `cli`.
"""
