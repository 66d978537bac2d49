"""summitry: raw pages of meeting transcripts in, a structured and searchable corpus out.

    import summitry
    corpus = summitry.Corpus("summitry.db")
    corpus.ingest(["pages/"])
    corpus.search("weapons", speaker="Putin", since="2023-01-01")
"""

from . import analysis
from .analysis import AnalysisError, figures, keyness, kwic, mentions, speaker_stats, topics, trend
from .corpus import Corpus, IngestReport, QueryError
from .evaluate import evaluate
from .events import EventError, compare_documents, compare_event, event_detail, list_events
from .export import FORMATS as EXPORT_FORMATS
from .export import export
from .formats import ExportError, FormatError, Selection
from .imports import corpus_imports
from .link import LinkReport, link_documents, relink
from .pipeline import parse_file, parse_text, process_page
from .records import Document, Failure, Page, Person, Segment
from .trace import trace

__all__ = [
    "AnalysisError",
    "Corpus",
    "Document",
    "EXPORT_FORMATS",
    "EventError",
    "ExportError",
    "Failure",
    "FormatError",
    "IngestReport",
    "LinkReport",
    "Page",
    "Person",
    "QueryError",
    "Segment",
    "Selection",
    "compare_documents",
    "compare_event",
    "corpus_imports",
    "evaluate",
    "event_detail",
    "export",
    "figures",
    "keyness",
    "kwic",
    "link_documents",
    "list_events",
    "mentions",
    "parse_file",
    "parse_text",
    "process_page",
    "relink",
    "speaker_stats",
    "topics",
    "trace",
    "trend",
    "analysis",
]
__version__ = "0.1.0"
