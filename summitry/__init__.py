"""summitry: raw pages of meeting transcripts in, a structured and searchable corpus out."""

from .pipeline import parse_file, parse_text, process_page
from .records import Document, Failure, Page, Person, Segment

__all__ = ["Document", "Failure", "Page", "Person", "Segment", "parse_file", "parse_text", "process_page"]
__version__ = "0.1.0"
