"""`summitry check`: find drift between the stored rows and the full-text index, and mend it.

Drift is what a consistent corpus never holds: a turn without its full-text row (search misses it),
a full-text row whose turn is gone (search finds nothing behind it), a document whose turn count is
not that of its turns, and whatever SQLite's own integrity check and FTS5's find in the files.
Each finding is one line. Repair indexes the missing turns again (or, when the index holds rows of
no turn or is damaged itself, rebuilds it from the turns), and sets documents' counts from their turns.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from .migrations import FULL_TEXT_INDEXES, UNINDEXED_TITLES, register_functions

SHOWN_IDS = 10  # ids named in one finding


@dataclass
class CheckReport:
    findings: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.findings


def _ids(rows: list[int]) -> str:
    shown = ", ".join(str(i) for i in rows[:SHOWN_IDS])
    return shown + (f" and {len(rows) - SHOWN_IDS} more" if len(rows) > SHOWN_IDS else "")


# What each full-text index holds, named in findings: its segments' kinds (see FULL_TEXT_INDEXES).
INDEX_NAMES = {"utterances_fts": "turns", "writing_fts": "narrative segments"}


def unindexed(db: sqlite3.Connection, index: str) -> list[int]:
    return [row[0] for row in db.execute(
        f"""SELECT id FROM segments WHERE kind IN {FULL_TEXT_INDEXES[index]}
            AND id NOT IN (SELECT id FROM {index}_docsize) ORDER BY id"""
    )]


def orphan_index_rows(db: sqlite3.Connection, index: str) -> list[int]:
    return [row[0] for row in db.execute(
        f"""SELECT id FROM {index}_docsize
            WHERE id NOT IN (SELECT id FROM segments WHERE kind IN {FULL_TEXT_INDEXES[index]}) ORDER BY id"""
    )]


def title_drift(db: sqlite3.Connection) -> bool:
    """The titles' index holds another set of documents than those with a title."""
    return db.execute(
        """SELECT EXISTS (SELECT id FROM documents WHERE title <> '' EXCEPT SELECT id FROM titles_fts_docsize)
           OR EXISTS (SELECT id FROM titles_fts_docsize EXCEPT SELECT id FROM documents WHERE title <> '')"""
    ).fetchone()[0] == 1


def miscounted_documents(db: sqlite3.Connection) -> list[int]:
    return [row[0] for row in db.execute(
        """SELECT d.id FROM documents d LEFT JOIN
             (SELECT document_id, COUNT(*) AS turns, SUM(words) AS words FROM segments
              WHERE kind = 'turn' GROUP BY document_id) s ON s.document_id = d.id
           WHERE d.turns != COALESCE(s.turns, 0) OR d.words != COALESCE(s.words, 0) ORDER BY d.id"""
    )]


def integrity_problems(db: sqlite3.Connection) -> list[str]:
    """SQLite's integrity check of the file, and FTS5's of the index's own structure."""
    problems = [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    for index in [*FULL_TEXT_INDEXES, "titles_fts"]:
        try:
            db.execute(f"INSERT INTO {index} ({index}, rank) VALUES ('integrity-check', 0)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"full-text index {index}: {exc}")
    return problems


def check(db: sqlite3.Connection) -> CheckReport:
    """Every drift found, one line each; nothing changed."""
    register_functions(db)
    report = CheckReport()
    for problem in integrity_problems(db):
        report.findings.append(f"integrity: {problem}")
    for index, what in INDEX_NAMES.items():
        _check_index(db, index, what, report)
    if title_drift(db):
        report.findings.append("titles: the titles' full-text rows are not those of the documents' titles")
    miscounted = miscounted_documents(db)
    if miscounted:
        report.findings.append(
            f"counts: {len(miscounted)} documents' turns or words differ from their segments (documents {_ids(miscounted)})"
        )
    return report


def _check_index(db: sqlite3.Connection, index: str, what: str, report: CheckReport) -> None:
    kinds = FULL_TEXT_INDEXES[index]
    stored = db.execute(f"SELECT COUNT(*) FROM segments WHERE kind IN {kinds}").fetchone()[0]
    indexed = db.execute(f"SELECT COUNT(*) FROM {index}_docsize").fetchone()[0]
    if stored != indexed:
        report.findings.append(f"count: {stored} {what}, {indexed} full-text rows")
    missing = unindexed(db, index)
    if missing:
        documents = [row[0] for row in db.execute(
            f"SELECT DISTINCT document_id FROM segments WHERE id IN ({','.join('?' * len(missing))}) ORDER BY 1",
            missing,
        )]
        report.findings.append(
            f"unindexed: {len(missing)} {what} of {len(documents)} documents have no full-text row "
            f"(documents {_ids(documents)})"
        )
    orphans = orphan_index_rows(db, index)
    if orphans:
        report.findings.append(f"orphan: {len(orphans)} full-text rows have no {what[:-1]} (rows {_ids(orphans)})")


def repair(db: sqlite3.Connection) -> CheckReport:
    """Check, mend what was found in one transaction, and check again: the report's findings are what
    is left (a damaged file that only a backup mends), its repairs what was done."""
    found = check(db)
    if found.clean:
        return found
    repairs: list[str] = []
    db.execute("BEGIN IMMEDIATE")
    try:
        for index, what in INDEX_NAMES.items():
            _repair_index(db, index, what, found, repairs)
        if title_drift(db) or any(f.startswith("integrity: full-text index titles_fts") for f in found.findings):
            db.execute("DELETE FROM titles_fts")
            db.execute(UNINDEXED_TITLES)
            repairs.append("rebuilt the titles' full-text index")
        miscounted = miscounted_documents(db)
        if miscounted:
            db.execute(
                f"""UPDATE documents SET
                      turns = (SELECT COUNT(*) FROM segments s WHERE s.document_id = documents.id AND s.kind = 'turn'),
                      words = (SELECT COALESCE(SUM(words), 0) FROM segments s
                               WHERE s.document_id = documents.id AND s.kind = 'turn')
                    WHERE id IN ({','.join('?' * len(miscounted))})""",
                miscounted,
            )
            repairs.append(f"set the turn and word counts of {len(miscounted)} documents from their segments")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    after = check(db)
    after.repairs = repairs
    return after


def _repair_index(db: sqlite3.Connection, index: str, what: str, found: CheckReport, repairs: list[str]) -> None:
    """Rebuild the index from its segments when it holds rows of none or is damaged itself, else index
    the segments it misses."""
    kinds = FULL_TEXT_INDEXES[index]
    damaged = any(f.startswith(f"integrity: full-text index {index}") for f in found.findings)
    if orphan_index_rows(db, index) or damaged:
        db.execute(f"INSERT INTO {index} ({index}) VALUES ('delete-all')")
        db.execute(f"INSERT INTO {index} (rowid, text) SELECT id, index_text(text) FROM segments WHERE kind IN {kinds}")
        repairs.append(f"rebuilt the full-text index of the {what} from them")
        return
    missing = db.execute(
        f"""INSERT INTO {index} (rowid, text) SELECT id, index_text(text) FROM segments WHERE kind IN {kinds}
            AND id NOT IN (SELECT id FROM {index}_docsize)"""
    ).rowcount
    if missing:
        repairs.append(f"indexed {missing} {what}")
