"""Linking documents to events: versions, digests, incremental linking, the seeds' events."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from summitry import Corpus
from summitry.events.link import link_documents, relink
from summitry.events.pairs import pair_score, participant_overlap
from summitry.events.versions import Profile
from summitry.formats.export import export_jsonl

from ..conftest import EVENTS, doc_of

SOCHI, SOCHI_2, BAKU = "2025-03-12-sochi", "2025-03-12-sochi-2", "2025-03-12-baku"


@pytest.mark.parametrize(
    ("page", "events", "version"),
    [
        ("a_official.txt", [SOCHI], "official"),
        ("a_translation.txt", [SOCHI], "translation"),
        ("a_readout.html", [SOCHI], "readout"),
        ("b_official.txt", [SOCHI_2], "official"),
        ("b_reprint.txt", [SOCHI_2], "reprint"),
        ("d_digest.html", [SOCHI, SOCHI_2], "news"),
        ("n_unrelated.txt", [BAKU], "translation"),
    ],
)
def test_each_page_joins_its_events_with_its_version_kind(linked, page, events, version):
    doc = doc_of(linked, page)
    assert sorted(doc["events"]) == events
    assert doc["event"] in events
    assert doc["version"] == version


def test_an_event_of_three_versions_has_the_official_transcript_canonical(linked):
    row = linked.db.execute("SELECT canonical_id, kind, city, participants FROM events WHERE id = ?", (SOCHI,)).fetchone()
    assert row[0] == doc_of(linked, "a_official.txt")["id"]
    assert (row[1], row[2]) == ("meeting", "Sochi")
    assert json.loads(row[3]) == ["alexander-lukashenko", "vladimir-putin"]
    versions = {v for (v,) in linked.db.execute("SELECT version FROM event_documents WHERE event_id = ?", (SOCHI,))}
    assert {"official", "translation", "readout"} <= versions


def test_a_page_that_matches_no_event_founds_its_own(linked):
    members = linked.db.execute("SELECT COUNT(*) FROM event_documents WHERE event_id = ?", (BAKU,)).fetchone()[0]
    assert members == 1


def test_documents_lists_the_event_and_jsonl_carries_event_and_version(linked):
    assert {d["event"] for d in linked.documents()} == {SOCHI, SOCHI_2, BAKU}
    out = io.StringIO()
    export_jsonl(linked, out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all({"event", "version"} <= set(r) for r in records)
    assert {(r["event"], r["version"]) for r in records if r["source"].endswith("b_reprint.txt")} == {(SOCHI_2, "reprint")}


def test_relinking_gives_the_same_events(linked):
    before = linked.db.execute("SELECT event_id, document_id, version FROM event_documents ORDER BY 1, 2").fetchall()
    report = relink(linked.db)
    after = linked.db.execute("SELECT event_id, document_id, version FROM event_documents ORDER BY 1, 2").fetchall()
    assert [tuple(r) for r in before] == [tuple(r) for r in after]
    assert (report.documents, report.events, report.digests) == (7, 3, 1)


def test_linking_is_incremental_a_new_page_joins_an_existing_event(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        first = corpus.ingest([EVENTS / "a_official.txt", EVENTS / "n_unrelated.txt"])
        assert first.linked == 2
        second = corpus.ingest([EVENTS / "a_translation.txt"])
        assert second.linked == 1  # only the new page is linked
        assert doc_of(corpus, "a_translation.txt")["events"] == [SOCHI]
        assert link_documents(corpus.db).documents == 0  # nothing left to link


def test_a_replaced_page_is_linked_again_and_no_event_is_left_empty(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a_official.txt", "a_translation.txt"):
        shutil.copy(EVENTS / name, pages / name)
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([pages])
        official = pages / "a_official.txt"
        official.write_text(official.read_text(encoding="utf-8").replace("48 billion", "49 billion"), encoding="utf-8")
        report = corpus.ingest([pages])
        assert (report.updated, report.linked) == (1, 1)
        rows = corpus.db.execute("SELECT e.id, e.canonical_id, COUNT(d.document_id) FROM events e "
                                 "LEFT JOIN event_documents d ON d.event_id = e.id GROUP BY e.id").fetchall()
        assert [(r[0], r[2]) for r in rows] == [(SOCHI, 2)]
        assert rows[0][1] == doc_of(corpus, "a_official.txt")["id"]


def test_a_document_without_a_date_is_left_unlinked(tmp_path):
    page = tmp_path / "undated.txt"
    page.write_text("Notes from a meeting\n\nVladimir Putin: Good afternoon, colleagues.\n"
                    "Alexander Lukashenko: Good afternoon.\n", encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([page])
        doc = corpus.document(1)
        assert doc["date"] is None and doc["event"] is None and doc["events"] == []
        assert doc["version"] == "translation" and report.linked == 0


def profile(doc_id: int, date: str, city: str | None, title: str, turns: list[tuple[str, str]]) -> Profile:
    p = Profile(doc_id, date, city, title, "example.net", None, turns=turns)
    p.speakers = frozenset(person for person, _ in turns)
    return p


TALK = [("vladimir-putin", "We have agreed on the new railway bridge across the river and on the grain terminal."),
        ("alexander-lukashenko", "The engineers will finish the bridge by the autumn, and the terminal next spring.")]
OTHER = [("vladimir-putin", "Let us talk about the football championship and the new stadium in the capital."),
         ("alexander-lukashenko", "The stadium is ready, and the tickets were sold out within a single hour.")]


@pytest.mark.parametrize(
    ("a", "b", "matches"),
    [
        (("2025-03-12", "Sochi", "Meeting with Lukashenko", TALK), ("2025-03-12", "Sochi", "Talks with Lukashenko", TALK), True),
        (("2025-03-12", "Sochi", "Meeting", TALK), ("2025-03-12", None, "Meeting", TALK), True),
        (("2025-03-12", "Sochi", "Meeting", TALK), ("2025-03-13", "Sochi", "Meeting", TALK), True),
        (("2025-03-12", "Sochi", "Meeting", TALK), ("2025-03-13", "Sochi", "Meeting", OTHER), False),
        (("2025-03-12", "Sochi", "Meeting", TALK), ("2025-03-14", "Sochi", "Meeting", TALK), False),
        (("2025-03-12", "Sochi", "Meeting", TALK), ("2025-03-12", "Minsk", "Meeting", TALK), False),
        (("2025-03-12", "Sochi", "Telephone conversation", TALK), ("2025-03-12", "Minsk", "Telephone conversation", TALK), True),
        (("2025-03-12", "Sochi", "Telephone conversation", TALK), ("2025-03-12", "Sochi", "Meeting", TALK), False),
        (("2025-03-12", "Sochi", "Meeting", TALK), ("2025-03-12", "Sochi", "Meeting", [("kassym-jomart-tokayev", TALK[1][1])]), False),
    ],
)
def test_pair_score(a, b, matches):
    score = pair_score(profile(1, *a), profile(2, *b))
    assert (score is not None and score >= 0.55) is matches


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [({"p", "l"}, {"p", "l"}, 1.0), ({"p"}, {"p", "l"}, 1.0), ({"p", "l"}, {"p", "t"}, 0.25),
     ({"l"}, {"t"}, 0.0), (set(), {"p"}, None)],
)
def test_participant_overlap(a, b, expected):
    assert participant_overlap(frozenset(a), frozenset(b)) == expected


def test_seeds_make_four_events_with_the_kremlin_page_canonical(shared, tmp_path):
    gold = json.loads((shared / "gold" / "seeds.gold.json").read_text(encoding="utf-8"))
    with Corpus(tmp_path / "seeds.db") as corpus:
        corpus.ingest([shared / "seeds"])
        by_name = {Path(d["source"]).name: corpus.document(d["id"]) for d in corpus.documents()}
        for name, doc in by_name.items():
            assert doc["events"] == [gold["documents"][name]["event"]], name
        sochi = by_name["000_00dc86cf2edbb3d1.txt"]["event"]
        assert by_name["001_3af79274a3307788.txt"]["event"] == sochi
        row = corpus.db.execute("SELECT canonical_id FROM events WHERE id = ?", (sochi,)).fetchone()
        assert row[0] == by_name["001_3af79274a3307788.txt"]["id"]
        assert by_name["001_3af79274a3307788.txt"]["version"] == "official"
        assert by_name["000_00dc86cf2edbb3d1.txt"]["version"] == "translation"
        assert corpus.db.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 4


RU_AGENCY_REPORT = """Путин и Лукашенко провели переговоры в Сочи

СОЧИ, 12 марта 2025. /Агентство/. Президент России Владимир Путин и президент Белоруссии Александр Лукашенко
провели переговоры в Сочи. Путин заявил, что товарооборот двух стран вырос на 6 процентов, до 48 миллиардов
долларов, и пообещал поставить Белоруссии новые ракетные комплексы до конца года.
"""


def test_a_russian_agency_report_joins_the_english_transcript_of_its_meeting(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(EVENTS / "a_official.txt", folder)
    (folder / "ru_agency.txt").write_text(RU_AGENCY_REPORT, encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest([folder])
        rows = dict(corpus.db.execute(
            "SELECT d.source, e.event_id FROM documents d JOIN event_documents e ON e.document_id = d.id"
        ).fetchall())
        events = {source.rsplit("/", 1)[-1]: event for source, event in rows.items()}
        assert events == {"a_official.txt": SOCHI, "ru_agency.txt": SOCHI}
