"""Result formats: the W3C results formats parse back to the same terms (language tags, datatypes, unbound
values kept); plain formats give values; CONSTRUCT and DESCRIBE come out as Turtle, N-Triples and JSON-LD."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from graph import run
from graph.errors import QueryError
from graph.formats import serialize

# Terms of every kind, and a row where one variable is unbound.
MIXED = """SELECT ?iri ?zh ?n ?x ?plain WHERE {
  VALUES (?iri ?zh ?n ?x ?plain) {
    (<https://w3id.org/shanghai-innovation-kg/id/entity/sjtu> "上海交通大学"@zh 3739 1500.0 "tab\\there, \\"quoted\\"")
    (<https://example.org/b> "B"@en 2 UNDEF "")
  } }"""
RESULTS_FORMATS = {"sparql-json": ox.QueryResultsFormat.JSON, "sparql-xml": ox.QueryResultsFormat.XML,
                   "sparql-tsv": ox.QueryResultsFormat.TSV}


@pytest.mark.parametrize("fmt", sorted(RESULTS_FORMATS))
def test_w3c_results_formats_parse_back_to_the_same_terms(store, fmt):
    result = run(store, MIXED)
    parsed = ox.parse_query_results(serialize(result, fmt), format=RESULTS_FORMATS[fmt])
    assert [v.value for v in parsed.variables] == result.columns
    assert [[s[c] for c in result.columns] for s in parsed] == [list(row) for row in result.rows]


def test_sparql_csv_has_values_only_and_crlf_line_ends(store):
    text = serialize(run(store, MIXED), "sparql-csv").decode()
    assert text.split("\r\n")[0] == "iri,zh,n,x,plain"
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["https://w3id.org/shanghai-innovation-kg/id/entity/sjtu", "上海交通大学", "3739", "1500",
                       'tab\there, "quoted"']
    assert rows[2][3] == ""


def test_plain_json_gives_one_object_per_row_with_empty_strings_for_unbound(store):
    rows = json.loads(serialize(run(store, MIXED), "json"))
    assert rows[0]["zh"] == "上海交通大学" and rows[1]["x"] == ""


def test_an_ask_answer_in_each_results_format(store):
    result = run(store, "ASK { ?e a kg:University }")
    assert json.loads(serialize(result, "sparql-json")) == {"head": {}, "boolean": True}
    assert bool(ox.parse_query_results(serialize(result, "sparql-xml"), format=ox.QueryResultsFormat.XML))
    assert serialize(result, "sparql-csv").decode().splitlines() == ["_askResult", "true"]


@pytest.mark.parametrize(("fmt", "rdf"), [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                          ("jsonld", ox.RdfFormat.JSON_LD), ("rdfxml", ox.RdfFormat.RDF_XML)])
def test_a_described_entity_round_trips_through_every_rdf_format(store, fmt, rdf):
    result = run(store, "DESCRIBE <https://w3id.org/shanghai-innovation-kg/id/entity/sjtu>")
    triples = {(t.subject, t.predicate, t.object) for t in ox.parse(serialize(result, fmt), format=rdf)}
    assert triples == {(t.subject, t.predicate, t.object) for t in result.triples}
    assert (ox.NamedNode("https://w3id.org/shanghai-innovation-kg/id/entity/sjtu"),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("Shanghai Jiao Tong University", language="en")) in triples


def test_a_table_cannot_be_written_as_turtle(store):
    with pytest.raises(QueryError, match="cannot be written as turtle"):
        serialize(run(store, "entities"), "turtle")


@pytest.mark.parametrize("fmt", ["sparql-json", "sparql-xml", "sparql-csv", "sparql-tsv", "csv", "tsv", "json"])
def test_kg_query_writes_each_tabular_format(kg, fmt):
    result = kg("query", "universities-and-science-parks", "--format", fmt)
    assert result.exit_code == 0 and "上海交通大学" in result.output


def test_kg_query_writes_a_construct_as_json_ld(kg):
    result = kg("query", "CONSTRUCT { ?e rdfs:label ?l } WHERE { ?e a kg:University ; rdfs:label ?l }",
                "--format", "jsonld")
    assert result.exit_code == 0
    labels = {t.object.value for t in ox.parse(result.output.encode(), format=ox.RdfFormat.JSON_LD)}
    assert "上海交通大学" in labels
