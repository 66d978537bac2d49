"""Stage 7, enrich: each turn's figures, mentions and topic scores, and the words each speaker said
(counted per speaker for keyness).

A pure function of one document plus the data files (data/figures.yaml, gazetteer.yaml, persons.yaml,
places.yaml, topics.yaml), so it runs in worker processes like the stages before it, and again over
stored turns when the data files change (``summitry enrich``). Sentences are not kept: a sentence is
cut out of its turn when a query shows it (summitry.sentences).
"""

from __future__ import annotations

from collections import Counter

from .figures import find_figures
from .mentions import configured_ner, find_mentions, model_mentions
from .records import Document
from .tokens import plain_words
from .topics import Taxonomy, load_taxonomy, score_topics


def enrich_document(doc: Document, taxonomy: Taxonomy | None = None) -> Document:
    """Fill in the enrichment of every turn of a document (in place) and return it; topics from the
    taxonomy given, else the one in force (summitry.topics.taxonomy_path)."""
    taxonomy = taxonomy or load_taxonomy()
    turns = doc.turns
    speaker_words: dict[str, Counter[str]] = {}
    for turn in turns:
        text = turn.text
        plain = plain_words(text)
        words = plain.split()
        turn.figures = find_figures(text, doc.date, plain)
        turn.mentions = find_mentions(text)
        turn.topics = score_topics(words, plain, taxonomy)
        if turn.person_id:
            speaker_words.setdefault(turn.person_id, Counter()).update(words)
    model = configured_ner()
    if model is not None and turns:
        merged = model_mentions([t.text for t in turns], [t.mentions for t in turns], model)
        for turn, mentions in zip(turns, merged, strict=True):
            turn.mentions = mentions
    doc.speaker_words = speaker_words
    return doc
