"""The corpus in the formats the field's tools read and write: tables (CSV, Parquet), ConvoKit
corpus directories, Parla-CLARIN TEI, readable Markdown/HTML transcripts.

Every writer takes the corpus and a Selection (which documents) and streams: one document, or one
chunk of rows, in memory at a time. `export` picks the writer; `imports` reads ConvoKit and TEI back.

May import `records`, `data`, `enrich`, `pipeline` and `store`; never events, queries or above.
"""

from .selection import ExportError, FormatError, Selection

__all__ = ["ExportError", "FormatError", "Selection"]
