"""Remote engines: the graph pushed to a real Oxigraph server answers every library query with the same rows as
the embedded store, and so does `kg serve` through SPARQLWrapper; bad endpoints get one-line errors."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from conftest import free_port

from graph import named_queries, open, run
from graph.errors import QueryError, StoreError
from graph.remote import push

OXIGRAPH = shutil.which("oxigraph") or str(Path(__import__("sys").executable).parent / "oxigraph")


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """A real Oxigraph server (the `oxigraph` package from PyPI) on 127.0.0.1, with a store in a temporary
    folder; the default graph is the union of all graphs, as the project's queries expect."""
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            assert process.poll() is None, process.stderr.read().decode()
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def pushed(oxigraph_server, loaded_store_path):
    from graph import Store

    sent = push(Store(loaded_store_path, read_only=True), oxigraph_server + "/store")
    return oxigraph_server, sent


def _comparable(result) -> list:
    """Rows (or triples) in a form two engines agree on: blank nodes by position, sorted."""
    if result.kind == "ask":
        return [result.boolean]
    if result.kind == "graph":
        return sorted(str(t) for t in result.triples if not isinstance(t.subject, ox.BlankNode))
    return sorted(tuple("_:b" if isinstance(t, ox.BlankNode) else str(t) for t in row) for row in result.rows)


def test_pushing_sends_every_graph_of_the_store(pushed, store):
    _, sent = pushed
    assert sorted(sent) == store.graph_names()
    assert sum(sent.values()) == len(store)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_library_query_gives_the_same_rows_embedded_on_oxigraph_server_and_through_kg_serve(
        name, pushed, store, server):
    oxigraph_url, _ = pushed
    embedded = run(store, name)
    assert len(embedded) > 0, f"{name} has no answer on the bundled graph"
    on_oxigraph = open(endpoint=oxigraph_url + "/query").query(name)
    through_serve = open(endpoint=server + "/sparql").query(name)
    assert on_oxigraph.kind == embedded.kind == through_serve.kind
    if embedded.kind == "select":
        assert on_oxigraph.columns == embedded.columns == through_serve.columns
    assert _comparable(on_oxigraph) == _comparable(embedded) == _comparable(through_serve)


def test_a_query_whose_comments_name_an_update_is_still_sent_as_a_query(pushed, store):
    # SPARQLWrapper's own guess took the word "loaded" in a comment for a LOAD update.
    oxigraph_url, _ = pushed
    sparql = "# reports loaded so far\n# (an insert adds more)\nSELECT (COUNT(*) AS ?n) WHERE { ?r a kg:Report }"
    assert open(endpoint=oxigraph_url + "/query").query(sparql).values() == run(store, sparql).values() == [["1"]]


def test_kg_query_endpoint_binds_parameters_and_prints_the_remote_rows(pushed, kg):
    oxigraph_url, _ = pushed
    result = kg("query", "program-payouts", "--param", "program_name=创新券", "--endpoint", oxigraph_url + "/query",
                "--format", "csv")
    local = kg("query", "program-payouts", "--param", "program_name=创新券", "--format", "csv")
    assert result.exit_code == 0 and sorted(result.output.splitlines()) == sorted(local.output.splitlines())
    assert "科技创新券" in result.output


def test_kg_push_by_sparql_update_gives_the_same_graph(oxigraph_server, loaded_store_path, kg, store):
    result = kg("push", "--endpoint", oxigraph_server + "/update", "--via", "update")
    assert result.exit_code == 0, result.output
    assert f"{len(store)} triples" in result.output
    remote = open(endpoint=oxigraph_server + "/query")
    assert remote.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").values() == [[str(len(store))]]


def test_an_unreachable_endpoint_is_a_one_line_error_within_the_timeout(kg):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    result = kg("query", "entities", "--endpoint", f"http://127.0.0.1:{port}/sparql", "--timeout", "5")
    assert result.exit_code == QueryError.exit_code and time.monotonic() - started < 10
    assert result.output.startswith("error: http://127.0.0.1:") and "cannot reach" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_pushing_to_a_url_that_is_not_a_graph_store_names_the_http_status(oxigraph_server, kg):
    result = kg("push", "--endpoint", oxigraph_server + "/no-such-service")
    assert result.exit_code == StoreError.exit_code
    assert result.output.startswith(f"error: {oxigraph_server}/no-such-service: HTTP 404")


def test_a_remote_query_that_does_not_parse_reports_the_server_s_answer(pushed):
    oxigraph_url, _ = pushed
    with pytest.raises(QueryError, match=r"^http://127\.0\.0\.1:\d+/query: "):
        open(endpoint=oxigraph_url + "/query").query("SELECT ?x WHERE { ?x")


def test_an_endpoint_that_is_not_http_is_refused():
    with pytest.raises(QueryError, match="not an http"):
        open(endpoint="file:///etc/passwd").query("entities")
