"""The analyses analysts run over a corpus: stated figures, mentions, topic shares, concordance (KWIC),
collocates, word frequencies, keyness between speakers, term trends and speaker statistics.

Every function takes a Corpus and returns a list of plain dicts (``pandas.DataFrame(rows)`` or
``polars.DataFrame(rows)`` loads them as they are). Speakers are given as a name, a part of one, a
person id or a label ("Lukashenko", "vladimir-putin"). Dates are ISO ``YYYY-MM-DD``.

Each meeting is counted once: of the versions of an event (the original, its translations, reprints)
only the canonical one counts for figures, mentions, topics and speaker statistics, and one per
language for words (kwic, keyness, trends: a Russian word is counted in the Russian version, an
English one in the English translation). A document linked to no event counts for itself.
``all_versions=True`` counts every stored document.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Literal

from ..data.stopwords import all_stopwords
from ..enrich.mentions import load_gazetteer
from ..enrich.tokens import index_term, tokens
from ..enrich.topics import topic_names
from ..records import ENTITY_TYPES, FIGURE_KINDS
from ..store.filters import choice, counted_once, date_filters, once_unless, scope_filters
from .concordance import collocates as collocates  # the analyses, one module each (these two re-exported)
from .concordance import kwic as kwic
from .corpus import Corpus
from .corpus import QueryError as QueryError  # what an analysis raises for a value it cannot use
from .turns import (
    UTTERANCE_COLUMNS,
    UTTERANCE_FROM,
    AnalysisError,
    Row,
    filters_of,
    fts_phrase,
    phrase_pattern,
    query_words,
    sentence_at,
    source_of,
    speaker_ids,
)
from .words import frequencies as frequencies
from .words import log_likelihood, log_ratio, word_counts


def figures(
    corpus: Corpus,
    unit: str | None = None,
    about: str | None = None,
    kind: str | None = None,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    all_versions: bool = False,
) -> list[Row]:
    """Stated figures, in date order: value (normalised), value_to (a range's upper end), unit, kind,
    qualifier, measure, noun, dates, the text as printed, its sentence, speaker, date and source.
    ``about`` keeps figures whose measure is that word or whose sentence holds it ("trade")."""
    kind = choice(kind, "kind", FIGURE_KINDS)
    about = re.sub(r"[\x00-\x1f\x7f]", " ", about).strip() or None if about else None  # control characters split words
    where, params = filters_of(corpus, speaker, since, until, once_unless(all_versions, "event"))
    where.append("e.figures IS NOT NULL")
    if unit:
        where.append("lower(json_extract(f.value, '$[4]')) = lower(?)")
        params.append(unit)
    if kind:
        where.append("json_extract(f.value, '$[0]') = ?")
        params.append(kind)
    about_words = tokens(about) if about else []
    if about_words:  # the index narrows to turns holding the word; the sentence is checked below
        where.append("""(json_extract(f.value, '$[6]') = ?
                         OR s.id IN (SELECT rowid FROM utterances_fts WHERE utterances_fts MATCH ?))""")
        params += [about.lower(), fts_phrase(about_words, prefix=True)]  # type: ignore[union-attr]
    sql = f"""SELECT {UTTERANCE_COLUMNS}, f.value AS figure FROM enrichment e JOIN segments s ON s.id = e.segment_id
              JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id,
              json_each(e.figures) f
              WHERE {" AND ".join(where)} ORDER BY d.date IS NULL, d.date, s.document_id, s.position, f.key"""
    about_word = re.compile(rf"\b{re.escape(about)}", re.IGNORECASE) if about else None
    found: list[Row] = []
    sentences: dict[str, list[tuple[int, int]]] = {}
    for row in corpus.db.execute(sql, params):
        kind_, text, value, value_to, unit_, qualifier, measure, noun, dates, start = json.loads(row["figure"])
        sentence = sentence_at(row["text"], start, sentences)
        if about_word and measure != about.lower() and not about_word.search(sentence):  # type: ignore[union-attr]
            continue
        found.append({
            "value": value, "value_to": value_to, "unit": unit_, "kind": kind_, "qualifier": qualifier,
            "measure": measure, "noun": noun, "dates": dates or [], "text": text, "sentence": sentence, **source_of(row),
        })
        if limit is not None and len(found) >= limit:
            break
    return found


# mentions -----------------------------------------------------------------------------------
def resolve_entity(corpus: Corpus, query: str) -> str:
    """The entity id a user means by an id, a canonical name or an alias; an error when none."""
    entity = load_gazetteer().lookup(query)
    if entity:
        return entity.id
    row = corpus.db.execute(
        "SELECT entity FROM mentions WHERE entity = ? OR lower(name) = lower(?) LIMIT 1", (query, query)
    ).fetchone()
    if row is None:
        raise AnalysisError(f"no entity matches {query!r} (an id, a name or an alias from the gazetteer)")
    return str(row[0])


def mentions(
    corpus: Corpus,
    entity: str | None = None,
    type: str | None = None,
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int | None = None,
    all_versions: bool = False,
) -> list[Row]:
    """Each time an entity is named: entity id, canonical name, type, the text as printed, its sentence,
    speaker, date and source, in date order. ``entity``: an id, a name or an alias ("EAEU")."""
    type = choice(type, "type", ENTITY_TYPES)
    where, params = filters_of(corpus, speaker, since, until, once_unless(all_versions, "event"))
    where.append("e.mentions IS NOT NULL")
    wanted = resolve_entity(corpus, entity) if entity else None
    if wanted:
        where.append("e.mentions LIKE ?")
        params.append(f'%{json.dumps(wanted)}%')
    sql = f"""SELECT {UTTERANCE_COLUMNS}, e.mentions FROM enrichment e JOIN segments s ON s.id = e.segment_id
              JOIN documents d ON d.id = s.document_id LEFT JOIN persons p ON p.id = s.person_id
              WHERE {" AND ".join(where)} ORDER BY d.date IS NULL, d.date, s.document_id, s.position"""
    found: list[Row] = []
    sentences: dict[str, list[tuple[int, int]]] = {}
    for row in corpus.db.execute(sql, params):
        text = row["text"]
        for entity_id, name, kind, spans in json.loads(row["mentions"]):
            if (wanted and entity_id != wanted) or (type and kind != type):
                continue
            for start, end in zip(spans[::2], spans[1::2], strict=True):
                found.append({
                    "entity": entity_id, "name": name, "type": kind, "text": text[start:end],
                    "sentence": sentence_at(text, start, sentences), **source_of(row),
                })
                if limit is not None and len(found) >= limit:
                    return found
    return found


# topics -------------------------------------------------------------------------------------
def topics(
    corpus: Corpus,
    by: Literal["meeting", "document", "year"] = "meeting",
    speaker: str | None = None,
    since: str | None = None,
    until: str | None = None,
    all_versions: bool = False,
) -> list[Row]:
    """Topic shares by meeting (an event, or a document linked to none), by document or by year: for
    each, every topic's hits, the utterances that touch it and its share of all topic hits there."""
    if by not in ("meeting", "document", "year"):
        raise AnalysisError(f"topics by {by!r}: choose meeting, document or year")
    where, params = filters_of(corpus, speaker, since, until, once_unless(all_versions, "event"))
    where.append("e.topics IS NOT NULL")
    group = {
        "meeting": "COALESCE(ed.event_id, 'document:' || d.id)", "document": "d.id", "year": "substr(d.date, 1, 4)"
    }[by]
    rows = corpus.db.execute(
        f"""SELECT {group} AS period, MIN(d.id) AS document, MIN(ed.event_id) AS event, MIN(d.date) AS date,
                   MIN(d.title) AS title, t.key AS topic, SUM(t.value) AS hits, COUNT(DISTINCT s.id) AS utterances
            FROM enrichment e JOIN segments s ON s.id = e.segment_id JOIN documents d ON d.id = s.document_id
                 LEFT JOIN event_documents ed ON ed.document_id = d.id,
                 json_each(e.topics) t
            WHERE {" AND ".join(where)} GROUP BY period, topic ORDER BY date IS NULL, date, period, hits DESC, topic""",
        params,
    ).fetchall()
    totals: dict[Any, int] = {}
    for r in rows:
        totals[r["period"]] = totals.get(r["period"], 0) + r["hits"]
    names = topic_names()
    found = []
    for r in rows:
        place: Row = {"year": r["period"]}
        if by != "year":
            place = {"event": r["event"], "document": r["document"], "date": r["date"], "title": r["title"]}
        found.append({
            **place, "topic": r["topic"], "name": names.get(r["topic"], r["topic"]), "hits": r["hits"],
            "utterances": r["utterances"], "share": round(r["hits"] / totals[r["period"]], 4),
        })
    return found


# keyness ------------------------------------------------------------------------------------
def keyness(
    corpus: Corpus,
    speaker: str,
    vs: str | None = None,
    limit: int | None = 30,
    min_count: int = 3,
    min_log_likelihood: float = 3.84,
    all_versions: bool = False,
    stopwords: bool = False,
) -> list[Row]:
    """Words distinctive of a speaker against another (``vs``) or against everyone else: count and
    frequency per 10,000 words on each side, log-likelihood (G2; 3.84 is p < 0.05, 10.83 p < 0.001, the
    least kept is ``min_log_likelihood``) and log ratio (effect size: +1 is twice as frequent), strongest
    first. Stopwords (data/stopwords.yaml) are left out unless ``stopwords``."""
    target_ids = speaker_ids(corpus, speaker)
    target = word_counts(corpus, target_ids, all_versions=all_versions)
    reference = (
        word_counts(corpus, speaker_ids(corpus, vs), all_versions=all_versions) if vs
        else word_counts(corpus, target_ids, exclude=True, all_versions=all_versions)
    )
    c, d = sum(target.values()), sum(reference.values())
    if not c or not d:
        side = speaker if not c else (vs or "everyone else")
        raise AnalysisError(f"no words counted for {side!r} (run summitry enrich if the corpus predates it)")
    found = []
    left_out = frozenset() if stopwords else all_stopwords()
    for term, a in target.items():
        b = reference.get(term, 0)
        if a < min_count or a / c <= b / d or term in left_out:
            continue
        score = log_likelihood(a, b, c, d)
        if score < min_log_likelihood:
            continue
        found.append({
            "term": term, "count": a, "ref_count": b, "per_10k": round(a / c * 1e4, 2), "ref_per_10k": round(b / d * 1e4, 2),
            "log_likelihood": round(score, 2), "log_ratio": round(log_ratio(a, b, c, d), 2),
        })
    found.sort(key=lambda r: (-r["log_likelihood"], r["term"]))
    return found[:limit] if limit is not None else found


# trends -------------------------------------------------------------------------------------
def trend(
    corpus: Corpus,
    term: str,
    by: Literal["year", "month"] = "year",
    per_speaker: bool = False,
    speaker: str | None = None,
    all_versions: bool = False,
    since: str | None = None,
    until: str | None = None,
) -> list[Row]:
    """How often a word or phrase is said per period (and per speaker): hits, words said and hits per
    10,000 words, for every period with speech (zero hits included), within a date range."""
    if by not in ("year", "month"):
        raise AnalysisError(f"trend by {by!r}: choose year or month")
    words, prefix = query_words(term)
    width = 4 if by == "year" else 7
    persons = set(speaker_ids(corpus, speaker)) if speaker else None
    dates, date_params = date_filters(since, until)
    scoped, scope_params = scope_filters(corpus.db, corpus.scope)
    counted = " AND ".join(["d.date IS NOT NULL", *dates, *scoped, *counted_once(once_unless(all_versions, "language"))])
    periods = {
        row[0]: row[1][:width]
        for row in corpus.db.execute(f"SELECT d.id, d.date FROM documents d WHERE {counted}", [*date_params, *scope_params])
    }

    def key(document: int, person: str | None) -> tuple[str, str | None] | None:
        if document not in periods or (persons is not None and person not in persons):
            return None
        return periods[document], person if per_speaker else None

    hits: Counter[tuple[str, str | None]] = Counter()
    if len(words) == 1:  # every occurrence is in the index's vocabulary: count them there
        first = index_term(words[0])
        condition, bounds = ("v.term >= ? AND v.term < ?", [first, first + "\U0010ffff"]) if prefix else ("v.term = ?", [first])
        for document, person, n in corpus.db.execute(
            f"""SELECT s.document_id, s.person_id, COUNT(*) FROM utterances_vocab v JOIN segments s ON s.id = v.doc
                WHERE {condition} GROUP BY s.document_id, s.person_id""",
            bounds,
        ):
            if (k := key(document, person)) is not None:
                hits[k] += n
    else:
        pattern = phrase_pattern(words, prefix)
        for document, person, text in corpus.db.execute(
            """SELECT s.document_id, s.person_id, s.text FROM utterances_fts JOIN segments s ON s.id = utterances_fts.rowid
               WHERE utterances_fts MATCH ?""",
            [fts_phrase(words, prefix)],
        ):
            if (k := key(document, person)) is not None:
                hits[k] += len(pattern.findall(text))
    said: Counter[tuple[str, str | None]] = Counter()
    for document, person, n in corpus.db.execute(
        "SELECT document_id, person_id, SUM(words) FROM segments WHERE kind = 'turn' GROUP BY document_id, person_id"
    ):
        if (k := key(document, person)) is not None:
            said[k] += n
    names = dict(corpus.db.execute("SELECT id, name FROM persons").fetchall()) if per_speaker else {}
    found = []
    for (period, person), n_said in sorted(said.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        n = hits.get((period, person), 0)
        row: Row = {by: period}
        if per_speaker:
            row.update(speaker=names.get(person), person_id=person)
        row.update(hits=n, words=n_said, per_10k=round(n / n_said * 1e4, 3) if n_said else 0.0)
        found.append(row)
    return found


# speaker statistics -------------------------------------------------------------------------
def speaker_stats(
    corpus: Corpus, by: Literal["overall", "event", "document", "meeting"] = "overall", all_versions: bool = False,
    since: str | None = None, until: str | None = None,
) -> list[Row]:
    """Turns and words per speaker and their share of all turns and words: over the whole corpus,
    within each event (a document linked to no event stands for a meeting of its own), or within
    each document. "meeting" means "event". Overall and by event, each meeting counts once."""
    by = "event" if by == "meeting" else by
    if by not in ("overall", "event", "document"):
        raise AnalysisError(f"stats by {by!r}: choose overall, event or document")
    dates, date_params = date_filters(since, until)
    scoped, scope_params = scope_filters(corpus.db, corpus.scope)
    scoped, scope_params = dates + scoped, date_params + scope_params
    once = "".join(f" AND {c}" for c in counted_once(once_unless(all_versions or by == "document", "event")) + scoped)
    group, where, events = {
        "overall": ("", once, ""),
        "document": ("d.id AS meeting, ", "", ""),
        "event": (
            "COALESCE(e.id, 'document:' || d.id) AS meeting, e.id AS event, ",
            once,
            " LEFT JOIN event_documents ed ON ed.document_id = d.id LEFT JOIN events e ON e.id = ed.event_id",
        ),
    }[by]
    grouped = "" if by == "overall" else "meeting, "
    rows = corpus.db.execute(
        f"""SELECT {group} s.person_id, p.name AS speaker, COUNT(*) AS turns, SUM(s.words) AS words,
                   COUNT(DISTINCT s.document_id) AS documents, MIN(d.id) AS document, MIN(d.date) AS date,
                   MIN(d.title) AS title
            {UTTERANCE_FROM}{events} WHERE s.kind = 'turn'{where}{"".join(f" AND {c}" for c in scoped) if by == "document" else ""}
            GROUP BY {grouped} s.person_id ORDER BY {grouped} words DESC""",
        scope_params,
    ).fetchall()
    totals: dict[Any, list[int]] = {}
    for r in rows:
        total = totals.setdefault(r["meeting"] if grouped else None, [0, 0])
        total[0] += r["turns"]
        total[1] += r["words"]
    found = []
    for r in rows:
        turns, words = totals[r["meeting"] if grouped else None]
        row: Row = {}
        if by == "event":
            row.update(event=r["event"])
        if grouped:
            row.update(document=r["document"], date=r["date"], title=r["title"])
        row.update(
            speaker=r["speaker"], person_id=r["person_id"], turns=r["turns"], words=r["words"],
            turn_share=round(r["turns"] / turns, 4) if turns else 0.0,
            word_share=round(r["words"] / words, 4) if words else 0.0,
        )
        if by == "overall":
            row["documents"] = r["documents"]
        found.append(row)
    return found
