"""Stage 7, enrich: each turn's figures, mentions and topic scores, and the words each speaker said
(counted per speaker for keyness).

A pure function of one document plus the data files (data/figures.yaml, gazetteer.yaml, persons.yaml,
places.yaml, topics.yaml), so it runs in worker processes like the stages before it, and again over
stored turns when the data files change (``summitry enrich``). Sentences are not kept: a sentence is
cut out of its turn when a query shows it (summitry.enrich.sentences).

It runs on every page, so the work per word stays in C: str.translate (or re.sub) and str.split give
each turn's words once; topics pick the few that matter out of them with a set; each speaker's words are
counted once per document. Mentions are found in one scan of all the turns, figures only where a digit
stands (summitry.enrich.figures).
"""

from __future__ import annotations

from collections import Counter
from itertools import chain

from ..records import Document
from .figures import find_figures
from .mentions import configured_ner, find_mentions_in, model_mentions
from .tokens import plain_words
from .topics import Taxonomy, load_taxonomy, score_topics


def enrich_document(doc: Document, taxonomy: Taxonomy | None = None) -> Document:
    """Fill in the enrichment of every turn of a document (in place) and return it; topics from the
    taxonomy given, else the one in force (summitry.enrich.topics.taxonomy_path)."""
    taxonomy = taxonomy or load_taxonomy()
    turns = doc.turns
    texts = [turn.text for turn in turns]
    plains = [plain_words(text) for text in texts]
    words = [plain.split() for plain in plains]
    # one kind of work at a time over all the turns; mentions in one scan of them all
    speakers = {turn.person_id for turn in turns if turn.person_id}
    for turn, mentions in zip(turns, find_mentions_in(texts, speakers), strict=True):
        turn.mentions = mentions
    for turn, text, plain in zip(turns, texts, plains, strict=True):
        turn.figures = find_figures(text, doc.date, plain)
    for turn, turn_words, plain in zip(turns, words, plains, strict=True):
        turn.topics = score_topics(turn_words, plain, taxonomy)
    said: dict[str, list[list[str]]] = {}  # person id -> the words of each of their turns
    for turn, turn_words in zip(turns, words, strict=True):
        if turn.person_id:
            said.setdefault(turn.person_id, []).append(turn_words)
    model = configured_ner()
    if model is not None and turns:
        merged = model_mentions(texts, [t.mentions for t in turns], model)
        for turn, mentions in zip(turns, merged, strict=True):
            turn.mentions = mentions
    doc.speaker_words = {person: Counter(chain.from_iterable(lists)) for person, lists in said.items()}
    return doc
