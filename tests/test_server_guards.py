"""`kg serve` under hostile requests: it never calls out (SERVICE, FROM, LOAD), stops a query at its time limit
and then answers at once, refuses bodies over 1 MiB, caps result rows and says so, and sends no CORS headers
unless told to."""

from __future__ import annotations

import http.server
import json
import threading
import time
import urllib.parse
import urllib.request
from typing import ClassVar

import pytest
from conftest import serving
from test_server_sparql import _request


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []  # every request any instance handled

    def _record(self):
        _Recorder.requests.append(f"{self.command} {self.path}")
        self.send_response(200)
        self.send_header("content-type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"LEAKED"}}]}}')

    do_GET = do_POST = _record

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def recorder():
    """An HTTP server on 127.0.0.1 that records every request it gets (there must be none)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def guarded(loaded_store_path):
    """The bundled graph served with a 3 s time limit and a 5-row cap."""
    with serving(loaded_store_path, "--timeout", "3", "--max-rows", "5") as url:
        yield url


def _send(server: str, how: str, query: str):
    if how == "get":
        return _request(server + "/sparql?" + urllib.parse.urlencode({"query": query}))
    if how == "form":
        return _request(server + "/sparql", "POST", urllib.parse.urlencode({"query": query}).encode(),
                        {"content-type": "application/x-www-form-urlencoded"})
    return _request(server + "/sparql", "POST", query.encode(), {"content-type": "application/sparql-query"})


def _service_queries(target: str) -> list[str]:
    return [f"SELECT * WHERE {{ SERVICE <{target}/sparql> {{ ?s ?p ?o }} }}",
            f"select * where {{ service <{target}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ # a comment\n  SeRvIcE\tSILENT\n<{target}/sparql>{{?s ?p ?o}} }}",
            f"PREFIX r: <{target}/>\nSELECT * WHERE {{\n\n  SERVICE    r:sparql {{ ?s ?p ?o }} }}"]


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_service_calls_are_refused_and_nothing_reaches_the_other_server(guarded, recorder, how):
    _Recorder.requests.clear()
    for query in _service_queries(recorder):
        status, _, body = _send(guarded, how, query)
        assert status == 403 and b"SERVICE is not allowed" in body
    assert _Recorder.requests == []


def test_the_word_service_inside_a_string_or_comment_is_not_a_service_call(guarded):
    status, _, body = _send(guarded, "get", 'SELECT ("SERVICE" AS ?x) WHERE { } # SERVICE <http://x/>')
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["x"]["value"] == "SERVICE"


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_from_and_from_named_read_only_this_store_and_fetch_nothing(guarded, recorder, tmp_path, how):
    secret = tmp_path / "secret.ttl"
    secret.write_text('<http://example.org/s> <http://example.org/p> "TOP-SECRET" .\n', encoding="utf-8")
    _Recorder.requests.clear()
    for query in (f"SELECT * FROM <{recorder}/data.ttl> WHERE {{ ?s ?p ?o }}",
                  f"select * from named <{recorder}/data.ttl> where {{ graph ?g {{ ?s ?p ?o }} }}",
                  f"SELECT * FROM <{secret.as_uri()}> WHERE {{ ?s ?p ?o }}"):
        status, _, body = _send(guarded, how, query)
        assert status == 200 and json.loads(body)["results"]["bindings"] == []
        assert b"TOP-SECRET" not in body and b"LEAKED" not in body
    assert _Recorder.requests == []


def test_load_is_an_update_and_is_refused_without_a_request(guarded, recorder):
    _Recorder.requests.clear()
    for body, media in ((f"LOAD <{recorder}/data.ttl>", "application/sparql-update"),
                        (urllib.parse.urlencode({"update": f"load <{recorder}/data.ttl>"}),
                         "application/x-www-form-urlencoded")):
        status, _, answer = _request(guarded + "/sparql", "POST", body.encode(), {"content-type": media})
        assert status == 403 and b"read-only" in answer
    assert _Recorder.requests == []


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://example.org/p>|!<http://example.org/p>)* ?b . ?c ?d ?e }",
])
def test_a_query_over_the_time_limit_is_stopped_and_the_next_one_answers_at_once(guarded, query):
    started = time.monotonic()
    status, _, body = _send(guarded, "get", query)
    stopped = time.monotonic() - started
    assert status == 503 and b"time limit" in body and stopped < 15
    started = time.monotonic()
    assert json.loads(_send(guarded, "get", "ASK { }")[2])["boolean"] is True
    assert time.monotonic() - started < 3


def test_a_body_over_one_mebibyte_gets_413(guarded):
    query = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (1024 * 1024)
    status, _, _ = _request(guarded + "/sparql", "POST", query.encode(), {"content-type": "application/sparql-query"})
    assert status == 413


def test_an_answer_over_the_row_cap_is_cut_and_says_so(guarded):
    url = guarded + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a kg:Observation }"})
    connection_status, _, body = _request(url)
    assert connection_status == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    with urllib.request.urlopen(url, timeout=30) as response:
        assert response.headers["X-Result-Truncated"] == "5"
    small = guarded + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?s WHERE { ?s a kg:University } LIMIT 5"})
    with urllib.request.urlopen(small, timeout=30) as response:
        assert response.headers.get("X-Result-Truncated") is None


def test_no_cross_origin_headers_unless_an_origin_is_allowed(guarded, loaded_store_path):
    query = guarded + "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(query, headers={"Origin": "http://evil.example"})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers.get("Access-Control-Allow-Origin") is None
    with serving(loaded_store_path, "--cors", "http://friend.example") as url:
        for origin, allowed in (("http://friend.example", "http://friend.example"), ("http://evil.example", None)):
            request = urllib.request.Request(url + "/sparql?query=ASK%7B%7D", headers={"Origin": origin})
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.headers.get("Access-Control-Allow-Origin") == allowed
