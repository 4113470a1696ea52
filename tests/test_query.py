import pytest

from graph import run
from graph.errors import QueryError
from graph.query import bind, named_queries

METRIC_COLUMNS = ["id", "subject", "subject_label", "measure", "value", "unit", "qualifier", "period", "surface",
                  "doc", "start", "end", "sentence"]


def test_every_named_query_has_a_title_and_runs(store):
    for q in named_queries().values():
        assert q.title and q.description, q.name
        run(store, q.name)


def test_the_metrics_query_has_the_documented_columns_in_order(store):
    result = run(store, "metrics")
    assert result.columns == METRIC_COLUMNS
    assert len(result.rows) >= 60


def test_metric_evidence_equals_the_report_text_at_its_offsets(store):
    text = run(store, "SELECT ?t WHERE { ?r a kg:Report ; kg:text ?t }").values()[0][0]
    for row in run(store, "metrics").records():
        assert text[int(row["start"]) : int(row["end"])] == row["surface"]
        assert row["surface"] in row["sentence"]


def test_relation_evidence_equals_the_report_text_at_its_offsets(store):
    text = run(store, "SELECT ?t WHERE { ?r a kg:Report ; kg:text ?t }").values()[0][0]
    rows = run(store, "relations").records()
    assert len(rows) >= 20
    for row in rows:
        assert text[int(row["start"]) : int(row["end"])] == row["sentence"]


def test_bindings_filter_a_named_query(store):
    rows = run(store, "metrics", {"subject_name": "科技创新券"}).records()
    assert rows and all(r["subject_label"] == "科技创新券" for r in rows)
    assert {"18.6亿元", "4540.72万元"} <= {r["surface"] for r in rows}


def test_the_connections_query_answers_how_medtronic_meets_sjtu(store):
    rows = run(store, "connections", {"from_name": "Medtronic", "to_name": "上海交通大学"}).records()
    assert {"美敦力医疗机器人研发中心"} <= {r["via"] for r in rows}


def test_universities_and_their_parks_include_the_national_one(store):
    rows = run(store, "universities-and-science-parks").records()
    assert {"university": "上海第二工业大学", "park": "上海第二工业大学科技园", "designation": "国家大学科技园",
            "status": "approved"} in rows


@pytest.mark.parametrize("bad", ["SELECT ?x WHERE {", "no-such-query", "DROP ALL"])
def test_bad_queries_raise_a_query_error(store, bad):
    with pytest.raises(QueryError):
        run(store, bad)


def test_bindings_are_substituted_as_escaped_literals_and_names_checked():
    bound = bind("SELECT ?y WHERE { { SELECT ?y WHERE { FILTER (?x = ?x2 || $x = 1) } } }", {"x": 'a"b'})
    assert bound == 'SELECT ?y WHERE { { SELECT ?y WHERE { FILTER ("a\\"b" = ?x2 || "a\\"b" = 1) } } }'
    with pytest.raises(QueryError):
        bind("SELECT ?x WHERE { }", {"x }": "1"})


def test_ask_queries_answer_yes_or_no(store):
    assert run(store, "ASK { ?s a kg:Report }").boolean is True


def test_iri_bindings_are_substituted_as_iris_and_checked():
    assert bind("SELECT * WHERE { ?iri ?p ?o }", {"iri": "https://example.org/e/1"}) == \
        "SELECT * WHERE { <https://example.org/e/1> ?p ?o }"
    assert bind("ASK { ?a ?p ?from_iri }", {"from_iri": "<urn:x:1>"}) == "ASK { ?a ?p <urn:x:1> }"
    with pytest.raises(QueryError, match="is not an IRI"):
        bind("SELECT * WHERE { ?iri ?p ?o }", {"iri": "x> } DROP ALL { <y"})


def test_an_entity_s_relations_start_from_it_in_both_directions(store):
    sjtu = run(store, "SELECT ?e WHERE { ?e rdfs:label \"上海交通大学\"@zh }").values()[0][0]
    rows = run(store, "entity-relations", {"iri": sjtu}).records()
    assert {r["direction"] for r in rows} == {"in", "out"}
    assert all(r["quote"] and r["other_label"] != "上海交通大学" for r in rows)
