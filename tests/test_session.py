"""`graph.open()`: named queries with keyword parameters, SPARQL text, rows as dicts and as a pandas DataFrame,
and the session following the store when a load commits."""

from __future__ import annotations

import gc
import sys

import pytest

import graph
from graph import Store, bundled_report_path, load_reports
from graph.errors import QueryError, StoreError


def test_a_named_query_takes_its_parameters_as_keywords(loaded_store_path):
    kg = graph.open(loaded_store_path)
    rows = list(kg.query("program-payouts", program_name="创新券"))
    assert rows and all(row["program"] == "科技创新券" for row in rows)
    assert {"program", "measure", "value", "unit"} <= set(rows[0])


def test_to_dataframe_gives_numbers_as_numbers(loaded_store_path):
    kg = graph.open(loaded_store_path)
    frame = kg.query("SELECT ?surface ?v WHERE { ?o kg:surface ?surface ; qudt:numericValue ?v } ORDER BY DESC(?v)"
                     ).to_dataframe()
    assert list(frame.columns) == ["surface", "v"] and len(frame) > 50
    assert frame["v"].dtype.kind in "if" and frame["v"].iloc[0] == frame["v"].max()


def test_pandas_is_imported_only_when_a_dataframe_is_asked_for(loaded_store_path):
    sys.modules.pop("pandas", None)
    kg = graph.open(loaded_store_path)
    kg.query("entities")
    assert "pandas" not in sys.modules
    kg.query("entities").to_dataframe()
    assert "pandas" in sys.modules


def test_an_unknown_parameter_names_the_ones_the_query_has(loaded_store_path):
    with pytest.raises(QueryError, match="program-payouts has no parameter place; its parameters: program_name"):
        graph.open(loaded_store_path).query("program-payouts", place="x")


def test_opening_a_folder_without_a_graph_says_so(tmp_path):
    with pytest.raises(StoreError, match="No graph at"):
        graph.open(tmp_path / "none")


def test_the_query_library_is_listed_with_titles_and_parameters(loaded_store_path):
    queries = graph.open(loaded_store_path).queries
    assert queries["program-payouts"].title_zh
    assert [p.name for p in queries["connections"].params] == ["from_name", "to_name"]


def test_a_session_sees_a_load_that_commits_after_it_opened(tmp_path):
    path = tmp_path / "store"
    load_reports(Store(path), [bundled_report_path()])
    gc.collect()
    kg = graph.open(path)
    before = kg.query("reports").values()
    copy = tmp_path / "second-report.md"
    copy.write_bytes(bundled_report_path().read_bytes())
    writer = Store(path)
    load_reports(writer, [copy])
    writer.close()
    after = kg.query("reports").values()
    assert len(before) == 1 and len(after) == 2
