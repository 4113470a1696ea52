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
    """Run SPARQL text (prefixes are written out here) on the endpoint at `endpoint`."""
    from SPARQLWrapper import JSON, N3, POST, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    _check_url(endpoint)
    sparql = with_prefixes(sparql)
    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setMethod(POST)  # library queries are too long for some servers' URL limits
    client.setOnlyConneg(True)  # the Accept header says the format; no format=/output= parameters
    client.setTimeout(int(timeout))
    graph_form = query_form(sparql) in _GRAPH_FORMS  # SPARQLWrapper's own guess trips over header comments
    client.setReturnFormat(N3 if graph_form else JSON)
    if graph_form:
        client.addCustomHttpHeader("Accept", "application/n-triples, text/turtle;q=0.9")
    try:
        response = client.query()
        body = response.response.read()
        media_type = response.response.headers.get("content-type", "").split(";")[0].strip()
    except SPARQLWrapperException as exc:
        raise QueryError(f"{endpoint}: {_first_line(exc)}") from None
    except urllib.error.HTTPError as exc:
        raise QueryError(f"{endpoint}: HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise QueryError(f"{endpoint}: cannot reach the endpoint ({_first_line(reason) or 'timed out'}).") from None
    try:
        if graph_form:
            fmt = ox.RdfFormat.TURTLE if media_type == "text/turtle" else ox.RdfFormat.N_TRIPLES
            return Result("graph", triples=[q.triple for q in ox.parse(body, format=fmt)])
        answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise QueryError(f"{endpoint}: the answer is not valid SPARQL results ({_first_line(exc)}).") from None
    if isinstance(answer, ox.QueryBoolean):
        return Result("ask", boolean=bool(answer))
    columns = [v.value for v in answer.variables]
    return Result("select", columns=columns, rows=[[s[c] for c in columns] for s in answer])


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
