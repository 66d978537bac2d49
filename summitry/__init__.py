"""summitry: raw pages of meeting transcripts in, a structured and searchable corpus out.

    import summitry
    corpus = summitry.Corpus("summitry.db")
    corpus.ingest(["pages/"])
    corpus.search("weapons", speaker="Putin", since="2023-01-01")
"""

from .corpus import Corpus, IngestReport, QueryError
from .evaluate import evaluate
from .pipeline import parse_file, parse_text, process_page
from .records import Document, Failure, Page, Person, Segment

__all__ = [
    "Corpus",
    "Document",
    "Failure",
    "IngestReport",
    "Page",
    "Person",
    "QueryError",
    "Segment",
    "evaluate",
    "parse_file",
    "parse_text",
    "process_page",
]
__version__ = "0.1.0"
