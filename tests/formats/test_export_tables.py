"""CSV and Parquet exports: one table per record kind with the documented columns, read back with
pyarrow, DuckDB and the csv module; filters; chunked writing."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from summitry.formats import Selection
from summitry.formats import tables as tables_module
from summitry.formats.export import export
from summitry.formats.tables import table_specs

from ..invented_corpus import build

DOCUMENT_COLUMNS = [
    "id", "source", "title", "date", "time", "city", "venue", "publisher", "url", "site_id", "language", "published",
    "updated", "tags", "captions", "narrative", "turns", "words", "event", "version",
]
UTTERANCE_COLUMNS = ["id", "document_id", "event", "position", "person_id", "speaker", "label", "text", "words", "date", "city", "publisher", "language"]
PERSON_COLUMNS = ["id", "name", "origin", "country", "aliases", "roles"]


@pytest.fixture
def corpus(tmp_path):
    with build(tmp_path / "c.db") as c:
        yield c


def read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_table(folder, name: str, kind: str) -> list[dict]:
    if kind == "parquet":
        return pq.read_table(folder / f"{name}.parquet").to_pylist()
    return read_csv(folder / f"{name}.csv")


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_tables_hold_every_record_kind_with_the_documented_columns(corpus, tmp_path, kind):
    result = export(corpus, kind, tmp_path / "out")
    assert result.documents == 3
    assert {"documents", "utterances", "persons", "events", "figures", "mentions"} <= set(result.tables)
    for name, columns in (("documents", DOCUMENT_COLUMNS), ("utterances", UTTERANCE_COLUMNS), ("persons", PERSON_COLUMNS)):
        path = tmp_path / "out" / f"{name}.{kind}"
        names = pq.read_schema(path).names if kind == "parquet" else list(read_csv(path)[0])
        assert names == columns
    documents = read_table(tmp_path / "out", "documents", kind)
    assert [d["title"] for d in documents] == [
        "Talks with the President of Freedonia & Sylvania", "Встреча с Президентом Фридонии", "Telephone conversation",
    ]
    talks = documents[0]
    assert json.loads(talks["tags"]) == {"geography": ["Freedonia"], "topics": ["Trade & transport"]}
    assert talks["narrative"] == "The two presidents met at the\xa0Lake House."
    utterances = read_table(tmp_path / "out", "utterances", kind)
    assert len(utterances) == 6
    first = utterances[0]
    assert first["speaker"] == "Ivan Petrov" and first["label"] == "President of Freedonia Ivan Petrov"
    assert first["text"] == "Good afternoon, Mr Firefly.\n\nTrade grew by 5% < 10% & more, says <the> report."
    assert str(first["words"]) == "15"
    persons = {p["id"]: p for p in read_table(tmp_path / "out", "persons", kind)}
    assert set(persons) == {"ivan-petrov", "rufus-firefly", "2nd-speaker"}
    assert json.loads(persons["ivan-petrov"]["roles"])[0] == {"role": "Prime Minister of Freedonia", "from": "2008-05-08", "to": "2012-05-07"}


def test_parquet_reads_back_in_duckdb(corpus, tmp_path):
    duckdb = pytest.importorskip("duckdb")
    export(corpus, "parquet", tmp_path / "out")
    utterances = str(tmp_path / "out" / "utterances.parquet")
    rows = duckdb.sql(f"SELECT speaker, COUNT(*), SUM(words) FROM '{utterances}' GROUP BY speaker ORDER BY speaker").fetchall()
    assert rows == [("Ivan Petrov", 3, 23), ("Rufus Firefly", 2, 6), ("Second Speaker", 1, 7)]
    joined = duckdb.sql(
        f"SELECT d.city, COUNT(*) FROM '{utterances}' u JOIN '{tmp_path / 'out' / 'documents.parquet'}' d ON d.id = u.document_id "
        "GROUP BY d.city ORDER BY d.city"
    ).fetchall()
    assert joined == [("Riverton", 4), ("Москва", 2)]


@pytest.mark.parametrize(
    ("selection", "titles"),
    [
        (Selection(speaker="Firefly"), {"Talks with the President of Freedonia & Sylvania", "Встреча с Президентом Фридонии"}),
        (Selection(speaker="2nd-speaker"), {"Talks with the President of Freedonia & Sylvania"}),
        (Selection(since="2023-01-01"), {"Встреча с Президентом Фридонии", "Telephone conversation"}),
        (Selection(until="2023-01"), {"Talks with the President of Freedonia & Sylvania", "Встреча с Президентом Фридонии"}),
        (Selection(since="2023", until="2023-03-01"), {"Встреча с Президентом Фридонии"}),
        (Selection(publisher="gov.example"), {"Telephone conversation"}),
        (Selection(event="2023-05-06-call"), {"Telephone conversation"}),
        (Selection(since="2100"), set()),
    ],
)
@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_filters_choose_documents_and_the_rows_that_belong_to_them(corpus, tmp_path, selection, titles, kind):
    corpus.db.execute("INSERT INTO events (id, date) VALUES ('2023-05-06-call', '2023-05-06')")
    corpus.db.execute("INSERT INTO event_documents (event_id, document_id, version, score) VALUES ('2023-05-06-call', 3, 'official', 1.0)")
    result = export(corpus, kind, tmp_path / "out", selection)
    documents = read_table(tmp_path / "out", "documents", kind)
    assert {d["title"] for d in documents} == titles and result.documents == len(titles)
    ids = {str(d["id"]) for d in documents}
    assert {str(u["document_id"]) for u in read_table(tmp_path / "out", "utterances", kind)} <= ids
    events = read_table(tmp_path / "out", "events", kind)
    assert [e["id"] for e in events] == (["2023-05-06-call"] if "Telephone conversation" in titles else [])
    if events:
        assert {d["event"] for d in documents if d["title"] == "Telephone conversation"} == {"2023-05-06-call"}


def test_parquet_is_written_in_row_groups_of_a_chunk(corpus, tmp_path, monkeypatch):
    monkeypatch.setattr(tables_module, "CHUNK_ROWS", 2)
    export(corpus, "parquet", tmp_path / "out")
    utterances = pq.ParquetFile(tmp_path / "out" / "utterances.parquet")
    assert utterances.metadata.num_row_groups == 3
    assert [row["position"] for row in utterances.read().to_pylist()] == [2, 3, 5, 7, 0, 1]


def test_columns_a_table_gains_later_come_after_the_listed_ones(corpus):
    spec = next(s for s in table_specs() if s.name == "persons")
    open_ended = tables_module.TableSpec(spec.name, spec.table, spec.rows, spec.order, "", True, spec.columns[1:])
    corpus.db.execute("ALTER TABLE persons ADD COLUMN born TEXT")
    names = [c.name for c in tables_module.resolve_columns(corpus.db, open_ended)]
    assert names == [*(c[0] for c in spec.columns[1:]), "id", "born"]


def test_a_column_the_database_lacks_is_written_empty(corpus, tmp_path):
    spec = next(s for s in table_specs() if s.name == "persons")
    odd = tables_module.TableSpec(spec.name, spec.table, spec.rows, spec.order, "", False, (*spec.columns, ("born", "string", None, ())))
    columns = tables_module.resolve_columns(corpus.db, odd)
    rows = [row for chunk in tables_module.iter_chunks(corpus.db, odd, columns, Selection().subquery(corpus.db)) for row in chunk]
    assert columns[-1].sql == "NULL" and {row[-1] for row in rows} == {None}
