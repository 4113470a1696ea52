"""Remote SPARQL engines: run the library's queries on another server, and push the graph there.

    query(endpoint, sparql)   SPARQLWrapper over the SPARQL 1.1 Protocol; JSON results for SELECT and ASK,
                              N-Triples for CONSTRUCT and DESCRIBE, turned into the same `Result` as a local run
    push(store, url)          every graph of the store, by the Graph Store Protocol (PUT ?graph=…, each graph
                              replaced) or, for servers that offer only SPARQL Update, by DROP + INSERT DATA

The project's queries read the union of all graphs as their default graph (the corpus keeps shared facts and each
report in graphs of their own), so the remote store must do the same: Oxigraph `serve --union-default-graph`,
Fuseki `tdb2:unionDefaultGraph true`, GraphDB and Virtuoso by default (see the README).
"""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .query import Result, with_prefixes
from .sparql_text import query_form
from .store import Store

TIMEOUT = 60.0
_GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


def query(endpoint: str, sparql: str, timeout: float = TIMEOUT) -> Result:
    """Run SPARQL text (prefixes are written out here) on the endpoint at `endpoint`, within `timeout` seconds in
    all: a refused connection or a 502/503/504 is tried again, at most RETRIES times, while time is left; an answer
    over MAX_ANSWER bytes, or one that is not valid results, is an error."""
    _check_url(endpoint)
    sparql = with_prefixes(sparql)
    form = query_form(sparql)
    graph_form = form in _GRAPH_FORMS
    deadline = time.monotonic() + timeout
    for attempt in range(RETRIES + 1):
        try:
            body, media_type = _ask(endpoint, sparql, form, deadline)
            break
        except _Retry as exc:
            wait = 0.5 * 2**attempt
            if attempt == RETRIES or time.monotonic() + wait >= deadline:
                raise QueryError(f"{endpoint}: {exc}") from None
            time.sleep(wait)
    return _parse(endpoint, body, media_type, graph_form)


RETRIES = 2
MAX_ANSWER = 256 * 1024 * 1024  # bytes


class _Retry(Exception):
    """A failure worth one more try: the server may come back."""


def _ask(endpoint: str, sparql: str, form: str, deadline: float) -> tuple[bytes, str]:
    from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import EndPointInternalError, SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    # SPARQLWrapper guesses the form from the text, and its guess trips over comments: a comment that says
    # "loaded" made it send a query as a LOAD update. The form read by `query_form` is the one sent.
    client.queryType = form
    graph_form = form in _GRAPH_FORMS
    client.setMethod(POST)  # library queries are too long for some servers' URL limits
    client.setOnlyConneg(True)  # the Accept header says the format; no format=/output= parameters
    client.setTimeout(max(1, int(deadline - time.monotonic())))
    client.setReturnFormat(N3 if graph_form else JSON)
    client.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9" if graph_form else
                               "application/sparql-results+json, application/sparql-results+xml;q=0.5")
    try:
        response = client.query().response
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        chunks, size = [], 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            if size > MAX_ANSWER:
                raise QueryError(f"{endpoint}: the answer is over {MAX_ANSWER >> 20} MiB; add a LIMIT.")
            if time.monotonic() > deadline:
                raise TimeoutError
            chunks.append(chunk)
        return b"".join(chunks), media_type
    except EndPointInternalError as exc:
        raise QueryError(f"{endpoint}: the server failed ({_first_line(exc)})") from None
    except SPARQLWrapperException as exc:
        raise QueryError(f"{endpoint}: {_first_line(exc)}") from None
    except urllib.error.HTTPError as exc:
        if exc.code in (502, 503, 504):
            raise _Retry(f"HTTP {exc.code} {exc.reason}") from None
        raise QueryError(f"{endpoint}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, TimeoutError):
            raise QueryError(f"{endpoint}: no answer within the timeout.") from None
        raise _Retry(f"cannot reach the endpoint ({_first_line(reason) or 'connection failed'}).") from None
    except (TimeoutError, http.client.HTTPException) as exc:
        raise QueryError(f"{endpoint}: no complete answer within the timeout ({_first_line(exc) or 'timed out'})."
                         ) from None


def _parse(endpoint: str, body: bytes, media_type: str, graph_form: bool) -> Result:
    try:
        if graph_form:
            fmt = ox.RdfFormat.TURTLE if media_type == "text/turtle" else ox.RdfFormat.N_TRIPLES
            return Result("graph", triples=[q.triple for q in ox.parse(body, format=fmt)])
        # Oxigraph's parsers expand no entities: an XML answer cannot blow up on an entity bomb.
        fmt = ox.QueryResultsFormat.XML if media_type.endswith("xml") else ox.QueryResultsFormat.JSON
        answer = ox.parse_query_results(body, format=fmt)
        if isinstance(answer, ox.QueryBoolean):
            return Result("ask", boolean=bool(answer))
        columns = [v.value for v in answer.variables]
        return Result("select", columns=columns, rows=[[s[c] for c in columns] for s in answer])
    except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
        raise QueryError(f"{endpoint}: the answer is not valid SPARQL results ({_first_line(exc)}).") from None


def push(store: Store, url: str, via: str = "gsp", timeout: float = TIMEOUT) -> dict[str, int]:
    """Upload every graph of `store` to `url`: a Graph Store Protocol endpoint (`via="gsp"`, each graph replaced
    with PUT) or a SPARQL Update endpoint (`via="update"`). Returns triples sent per graph."""
    _check_url(url)
    sent = {}
    for name in store.graph_names():
        triples = [q.triple for q in store.quads(name)]
        if via == "gsp":
            body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
            target = f"{url}{'&' if '?' in url else '?'}{urllib.parse.urlencode({'graph': name})}"
            _send(target, "PUT", body, "application/n-triples", timeout)
        else:
            _send(url, "POST", f"DROP SILENT GRAPH <{name}>".encode(), "application/sparql-update", timeout)
            for chunk in _chunks(triples, 20_000):
                data = ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
                update = f"INSERT DATA {{ GRAPH <{name}> {{\n{data}}} }}"
                _send(url, "POST", update.encode("utf-8"), "application/sparql-update", timeout)
        sent[name] = len(triples)
    return sent


def _send(url: str, method: str, body: bytes, media_type: str, timeout: float) -> None:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": media_type})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        detail = _first_line(exc.read().decode("utf-8", "replace"))
        raise StoreError(f"{url.split('?')[0]}: HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
                         ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StoreError(f"{url.split('?')[0]}: cannot reach the server ({_first_line(reason) or 'timed out'})."
                         ) from None


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _check_url(url: str) -> None:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise QueryError(f"{url!r} is not an http(s) URL of a SPARQL endpoint.")


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0][:200] if text else ""
