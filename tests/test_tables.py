"""The store's tables hold, as rows, exactly what the report graphs say about figures and relation statements,
and follow every load, replacement, removal and failure of the store."""

from __future__ import annotations

import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from graph import Store, load_reports, remove_reports, run
from graph.errors import ReportError, StoreError
from graph.namespaces import unit_key

FIGURES = """SELECT ?o ?about ?measure ?value ?unit ?surface WHERE {
  ?o a kg:Observation ; kg:about ?about ; kg:measure ?measure ; qudt:numericValue ?value ; qudt:unit ?unit ;
     kg:surface ?surface }"""
STATEMENTS = """SELECT ?st ?s ?p ?o WHERE {
  ?st a kg:RelationStatement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }"""


def _rows(store: Store, sql: str) -> list:
    with store.tables() as tables:
        return tables.select(sql)


def test_each_figure_row_says_what_the_report_graph_says(store):
    graph = {r["o"]: r for r in run(store, FIGURES).records()}
    rows = {r["o"]: r for r in _rows(store, "SELECT * FROM figure")}
    assert len(rows) == len(graph) == 71
    for o, r in rows.items():
        g = graph[o]
        assert (r["about"], r["measure"], r["unit"], r["surface"]) == \
            (g["about"], g["measure"], unit_key(g["unit"]), g["surface"])
        assert Decimal(r["value"]) == Decimal(g["value"])


def test_each_statement_row_says_what_the_report_graph_says(store):
    graph = sorted(tuple(r) for r in run(store, STATEMENTS).values())
    rows = sorted(tuple(r) for r in _rows(store, "SELECT st, s, p, o FROM statement"))
    assert rows == graph and len(rows) == 49


def test_each_record_row_says_what_a_report_states_about_a_shared_thing(store):
    graph = sorted((str(e), str(v)) for e, v in run(store, """SELECT ?e ?v WHERE {
        ?rec kg:describes ?e ; kg:statedLabel ?v }""").values())
    rows = sorted(tuple(r) for r in _rows(store, "SELECT thing, value FROM record WHERE p = 'label'"))
    assert rows == graph
    assert len(_rows(store, "SELECT thing FROM record WHERE p = 'entity'")) == 64
    units = {u for (u,) in _rows(store, "SELECT thing FROM record WHERE p = 'unit'")}
    assert units == {str(u) for (u,) in run(store, "SELECT DISTINCT ?u WHERE { ?o qudt:unit ?u }").values()}
    assert {unit_key(u) for u in units} >= {"CNY", "count:家"}


def test_a_figure_row_gives_its_offsets_and_its_sentence(store):
    text = run(store, "SELECT ?t WHERE { ?r a kg:Report ; kg:text ?t }").values()[0][0]
    sentences = dict(run(store, """SELECT ?o ?sentence WHERE { ?o a kg:Observation ; kg:evidence ?span .
        OPTIONAL { ?span kg:sentence/oa:hasSelector/oa:exact ?whole } ?span oa:hasSelector/oa:exact ?exact
        BIND (COALESCE(?whole, ?exact) AS ?sentence) }""").values())
    for r in _rows(store, "SELECT * FROM figure"):
        assert text[r["start"]:r["end"]] == r["surface"]
        assert text[r["sentence_start"]:r["sentence_end"]] == sentences[r["o"]]


def test_loading_again_replaces_the_rows_and_removing_drops_them(tmp_path, report_paths):
    store = Store(tmp_path / "s")
    load_reports(store, report_paths[:3], workers=1)
    before = _rows(store, "SELECT doc, COUNT(*) AS n FROM figure GROUP BY doc ORDER BY doc")
    load_reports(store, report_paths[:1], workers=1)  # the same report again: replaced, not added
    assert _rows(store, "SELECT doc, COUNT(*) AS n FROM figure GROUP BY doc ORDER BY doc") == before
    first = before[0]["doc"]
    remove_reports(store, [first])
    assert [r["doc"] for r in _rows(store, "SELECT doc FROM report ORDER BY doc")] == [r["doc"] for r in before[1:]]
    assert _rows(store, f"SELECT COUNT(*) AS n FROM statement WHERE doc = '{first}'")[0]["n"] == 0
    assert sorted(p.name for p in store.path.iterdir() if ".tables" in p.name) == [f"{store.generation}.tables"]


def test_a_failed_load_leaves_the_tables_as_they_were(tmp_path, report_paths):
    store = Store(tmp_path / "s")
    load_reports(store, report_paths[:2], workers=1)
    before = (store.path / f"{store.generation}.tables").read_bytes()
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"\x00\x01binary")
    with pytest.raises(ReportError):
        load_reports(store, [report_paths[2], broken], workers=1)
    assert (store.path / f"{store.generation}.tables").read_bytes() == before
    assert not list(store.path.glob("*.tables-new"))


def test_a_store_without_tables_says_so_and_the_next_load_rebuilds_them(tmp_path, report_paths):
    store = Store(tmp_path / "s")
    load_reports(store, report_paths[:2], workers=1)
    expected = _rows(store, "SELECT * FROM figure ORDER BY o")
    (store.path / f"{store.generation}.tables").unlink()  # as a store written by an earlier version
    with pytest.raises(StoreError, match=r"figure tables are missing.*kg load"):
        store.tables()
    load_reports(store, report_paths[2:3], workers=1)
    rebuilt = _rows(store, f"SELECT * FROM figure WHERE doc != '{report_paths[2].stem}' ORDER BY o")
    assert [tuple(r) for r in rebuilt] == [tuple(r) for r in expected]


def test_tables_of_an_earlier_version_are_rebuilt_by_the_next_load(tmp_path, report_paths):
    store = Store(tmp_path / "s")
    load_reports(store, report_paths[:2], workers=1)
    expected = _rows(store, "SELECT * FROM figure ORDER BY o")
    with sqlite3.connect(store.path / f"{store.generation}.tables") as db:
        db.execute("PRAGMA user_version = 1")
    with pytest.raises(StoreError, match=r"another version.*kg load"):
        store.tables()
    load_reports(store, report_paths[2:3], workers=1)
    rebuilt = _rows(store, f"SELECT * FROM figure WHERE doc != '{report_paths[2].stem}' ORDER BY o")
    assert [tuple(r) for r in rebuilt] == [tuple(r) for r in expected]
    assert all(r["section"] > 0 for r in rebuilt)


@pytest.fixture(scope="module")
def report_paths(tmp_path_factory):
    """Three texts of the test data."""
    root = tmp_path_factory.mktemp("texts")
    sources = sorted((Path(__file__).parent / "data").glob("*.txt"))[:3]
    return [Path(shutil.copy(s, root / s.name)) for s in sources]
