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


def unindexed_turns(db: sqlite3.Connection) -> list[int]:
    return [row[0] for row in db.execute(
        """SELECT id FROM segments WHERE kind = 'turn'
           AND id NOT IN (SELECT id FROM utterances_fts_docsize) ORDER BY id"""
    )]


def orphan_index_rows(db: sqlite3.Connection) -> list[int]:
    return [row[0] for row in db.execute(
        """SELECT id FROM utterances_fts_docsize
           WHERE id NOT IN (SELECT id FROM segments WHERE kind = 'turn') ORDER BY id"""
    )]


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
    try:
        db.execute("INSERT INTO utterances_fts (utterances_fts, rank) VALUES ('integrity-check', 0)")
    except sqlite3.DatabaseError as exc:
        problems.append(f"full-text index: {exc}")
    return problems


def check(db: sqlite3.Connection) -> CheckReport:
    """Every drift found, one line each; nothing changed."""
    report = CheckReport()
    for problem in integrity_problems(db):
        report.findings.append(f"integrity: {problem}")
    turns = db.execute("SELECT COUNT(*) FROM segments WHERE kind = 'turn'").fetchone()[0]
    indexed = db.execute("SELECT COUNT(*) FROM utterances_fts_docsize").fetchone()[0]
    if turns != indexed:
        report.findings.append(f"count: {turns} turns, {indexed} full-text rows")
    missing = unindexed_turns(db)
    if missing:
        documents = [row[0] for row in db.execute(
            f"SELECT DISTINCT document_id FROM segments WHERE id IN ({','.join('?' * len(missing))}) ORDER BY 1",
            missing,
        )]
        report.findings.append(
            f"unindexed: {len(missing)} turns of {len(documents)} documents have no full-text row "
            f"(documents {_ids(documents)})"
        )
    orphans = orphan_index_rows(db)
    if orphans:
        report.findings.append(f"orphan: {len(orphans)} full-text rows have no turn (rows {_ids(orphans)})")
    miscounted = miscounted_documents(db)
    if miscounted:
        report.findings.append(
            f"counts: {len(miscounted)} documents' turns or words differ from their segments (documents {_ids(miscounted)})"
        )
    return report


def repair(db: sqlite3.Connection) -> CheckReport:
    """Check, mend what was found in one transaction, and check again: the report's findings are what
    is left (a damaged file that only a backup mends), its repairs what was done."""
    found = check(db)
    if found.clean:
        return found
    repairs: list[str] = []
    db.execute("BEGIN IMMEDIATE")
    try:
        damaged_index = any(f.startswith("integrity: full-text index") for f in found.findings)
        if orphan_index_rows(db) or damaged_index:
            db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('delete-all')")
            db.execute("INSERT INTO utterances_fts (rowid, text) SELECT id, text FROM segments WHERE kind = 'turn'")
            repairs.append("rebuilt the full-text index from the turns")
        else:
            missing = db.execute(
                """INSERT INTO utterances_fts (rowid, text) SELECT id, text FROM segments WHERE kind = 'turn'
                   AND id NOT IN (SELECT id FROM utterances_fts_docsize)"""
            ).rowcount
            if missing:
                repairs.append(f"indexed {missing} turns")
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
