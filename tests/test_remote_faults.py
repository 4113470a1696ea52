"""Remote endpoints that misbehave: one that never answers, answers 500, drops the connection, sends malformed or
hostile results or too much: each gives a one-line error within the timeout; a server that is briefly unavailable
is tried again, a bounded number of times."""

from __future__ import annotations

import socket
import threading
import time

import pytest

import graph.remote
from graph import open
from graph.errors import QueryError

JSON_OK = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"ok"}}]}}'
BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b'<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head><results>'
        b'<result><binding name="x"><literal>&lol4;</literal></binding></result></results></sparql>')


class FakeEndpoint:
    """A raw TCP server on 127.0.0.1 that reads each request and then does what `behave(n)` says for the n-th."""

    def __init__(self, behave):
        self.behave, self.requests = behave, 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.requests += 1
            threading.Thread(target=self._handle, args=(conn, self.requests), daemon=True).start()

    def _handle(self, conn, n):
        conn.settimeout(10)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            self.behave(conn, n)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.sock.close()


def reply(status: str, media_type: str, body: bytes):
    def send(conn, _n):
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: {media_type}\r\nContent-Length: {len(body)}\r\n"
                     "Connection: close\r\n\r\n".encode() + body)
    return send


def silent(conn, _n):
    time.sleep(30)


def drop(conn, _n):
    conn.shutdown(socket.SHUT_RDWR)


def flood(conn, _n):
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nConnection: close\r\n\r\n")
    chunk = b" " * 65536
    for _ in range(200):  # 13 MB of whitespace: never a complete answer
        conn.sendall(chunk)


@pytest.fixture
def endpoint():
    made = []

    def make(behave):
        made.append(FakeEndpoint(behave))
        return made[-1]

    yield make
    for e in made:
        e.close()


def _fails_in_one_line(url: str, timeout: float = 3) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(QueryError) as caught:
        open(endpoint=url, timeout=timeout).query("SELECT ?x WHERE { ?x ?p ?o } LIMIT 1")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(url)
    return message, time.monotonic() - started


def test_a_server_that_never_answers_is_given_up_within_the_timeout(endpoint):
    message, elapsed = _fails_in_one_line(endpoint(silent).url, timeout=3)
    assert elapsed < 6 and "timeout" in message


def test_a_server_error_is_reported_with_its_status(endpoint):
    server = endpoint(reply("500 Internal Server Error", "text/plain", b"boom"))
    message, _ = _fails_in_one_line(server.url)
    assert "failed" in message or "500" in message


def test_a_dropped_connection_is_tried_again_a_bounded_number_of_times_then_reported(endpoint):
    server = endpoint(drop)
    message, elapsed = _fails_in_one_line(server.url, timeout=10)
    assert server.requests == graph.remote.RETRIES + 1 and elapsed < 10 and "cannot reach" in message


def test_a_briefly_unavailable_server_is_tried_again_until_it_answers(endpoint):
    server = endpoint(lambda conn, n: reply("503 Service Unavailable", "text/plain", b"busy")(conn, n) if n < 3
                      else reply("200 OK", "application/sparql-results+json", JSON_OK)(conn, n))
    rows = open(endpoint=server.url, timeout=10).query("SELECT ?x WHERE { ?x ?p ?o }").values()
    assert rows == [["ok"]] and server.requests == 3


@pytest.mark.parametrize("body", [b"{not json", b'{"head": {"vars": ["x"]}, "results": 7}', b"\xff\xfe\x00garbage"])
def test_malformed_results_are_reported_not_raised(endpoint, body):
    message, _ = _fails_in_one_line(endpoint(reply("200 OK", "application/sparql-results+json", body)).url)
    assert "not valid SPARQL results" in message


def test_an_xml_entity_bomb_is_not_expanded(endpoint):
    server = endpoint(reply("200 OK", "application/sparql-results+xml", BOMB))
    started = time.monotonic()
    try:
        rows = open(endpoint=server.url, timeout=5).query("SELECT ?x WHERE { ?x ?p ?o }").values()
        assert all(len(v) < 1000 for row in rows for v in row)
    except QueryError as exc:
        assert "not valid SPARQL results" in str(exc)
    assert time.monotonic() - started < 5


def test_an_answer_over_the_size_cap_is_refused(endpoint, monkeypatch):
    monkeypatch.setattr(graph.remote, "MAX_ANSWER", 1024 * 1024)
    message, _ = _fails_in_one_line(endpoint(flood).url, timeout=20)
    assert "over 1 MiB" in message


def test_kg_query_against_a_silent_endpoint_exits_with_one_line(endpoint, kg):
    server = endpoint(silent)
    result = kg("query", "entities", "--endpoint", server.url, "--timeout", "2")
    assert result.exit_code == QueryError.exit_code
    assert result.output.startswith(f"error: {server.url}:") and len(result.output.strip().splitlines()) == 1
