"""summitry: raw pages of meeting transcripts in, a structured and searchable corpus out.

    import summitry
    corpus = summitry.Corpus("summitry.db")
    corpus.ingest(["pages/"])
    corpus.search("weapons", speaker="Putin", since="2023-01-01")
"""

from .events.link import LinkReport, link_documents, relink
from .events.trace import trace
from .formats import ExportError, FormatError, Selection
from .formats.export import FORMATS as EXPORT_FORMATS
from .formats.export import export
from .formats.imports import corpus_imports
from .pipeline.core import parse_file, parse_text, process_page
from .quality.evaluate import evaluate
from .queries import analysis
from .queries.analysis import AnalysisError, figures, keyness, kwic, mentions, speaker_stats, topics, trend
from .queries.corpus import Corpus, IngestReport, QueryError
from .queries.events import EventError, compare_documents, compare_event, event_detail, list_events
from .records import Document, Failure, Page, Person, Segment
from .version import __version__ as __version__

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
