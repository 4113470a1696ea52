"""The SPARQL 1.1 Protocol endpoint at /sparql, read-only.

A query comes three ways (https://www.w3.org/TR/sparql11-protocol/#query-operation):

    GET  /sparql?query=…                                       query in the URL
    POST /sparql  application/x-www-form-urlencoded  query=…  query in a form body
    POST /sparql  application/sparql-query                    query as the body, dataset in the URL

with `default-graph-uri` and `named-graph-uri` choosing the dataset (else: every graph, merged into the default
graph). The answer's format follows the Accept header (or a `format` parameter): SPARQL results JSON, XML, CSV
or TSV for SELECT and ASK; Turtle, N-Triples, JSON-LD or RDF/XML for CONSTRUCT and DESCRIBE. Updates are refused
with 403: this service only reads. Called with no query, it describes itself (SPARQL 1.1 Service Description).

Guards: SERVICE is refused (the endpoint never calls out); a request body over 1 MiB gets 413; each query runs in
a worker process under a time limit (workers.py) and stops reading rows at a cap, saying so in the
`X-Result-Truncated` header.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .. import formats
from ..errors import KGError, QueryError, StoreError
from ..sparql_text import has_keyword
from .workers import Job

_OFFERED = {
    "table": ["sparql-json", "sparql-xml", "sparql-csv", "sparql-tsv"],
    "graph": ["turtle", "ntriples", "jsonld", "rdfxml"],
}
_ALIASES = {"application/json": "sparql-json", "text/plain": "ntriples", "application/xml": "sparql-xml",
            "text/xml": "sparql-xml", "application/x-turtle": "turtle"}
# The `format` parameter's short names, per query form (clients such as SPARQLWrapper send format=json, =xml, =n3).
_FORMAT_PARAM = {
    "table": {"json": "sparql-json", "xml": "sparql-xml", "csv": "sparql-csv", "tsv": "sparql-tsv"},
    "graph": {"ttl": "turtle", "n3": "turtle", "nt": "ntriples", "json": "jsonld", "json-ld": "jsonld",
              "xml": "rdfxml", "rdf": "rdfxml"},
}
_RESULT_FORMATS = {"sparql-json": "SPARQL_Results_JSON", "sparql-xml": "SPARQL_Results_XML",
                   "sparql-csv": "SPARQL_Results_CSV", "sparql-tsv": "SPARQL_Results_TSV", "turtle": "Turtle",
                   "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML"}


class ProtocolError(KGError):
    """A request the protocol does not allow; `status` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


MAX_BODY = 1024 * 1024  # bytes; a longer request body gets 413


async def endpoint(request: Request) -> Response:
    try:
        if request.method not in ("GET", "POST"):
            raise ProtocolError(405, f"{request.method} is not a SPARQL Protocol operation; use GET or POST.")
        params, query = await _operation(request)
        if query is None:
            return _description(request)
        refuse_outside_access(query)
        pool = request.app.state.pool
        answer = await pool.run(Job(query, str(request.url.replace(query="")), params.get("default-graph-uri"),
                                    params.get("named-graph-uri"), request.headers.get("accept", ""),
                                    (params.get("format") or [None])[0], pool.max_rows))
        headers = {"X-Result-Truncated": str(pool.max_rows)} if answer.truncated else None
        return Response(answer.body, status_code=answer.status, media_type=answer.media_type, headers=headers)
    except ProtocolError as exc:
        headers = {"Allow": "GET, POST"} if exc.status == 405 else None
        return PlainTextResponse(f"{exc}\n", status_code=exc.status, headers=headers)
    except QueryError as exc:
        return PlainTextResponse(f"{exc}\n", status_code=400)
    except StoreError as exc:
        return PlainTextResponse(f"{exc}\n", status_code=503)


# What a query may not do here: call another service. (FROM and FROM NAMED name graphs of this store; Oxigraph
# never dereferences them. LOAD is an update, refused with every update.)
def refuse_outside_access(query: str) -> None:
    if has_keyword(query, "SERVICE"):
        raise ProtocolError(403, "SERVICE is not allowed: this endpoint answers from its own graph only.")


async def _operation(request: Request) -> tuple[dict[str, list[str]], str | None]:
    """The request's parameters (URL and form) and its query text, checked as the protocol says."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    media_type, _, options = request.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    charset = dict(o.strip().lower().partition("=")[::2] for o in options.split(";") if "=" in o).get("charset")
    body = await _body(request) if request.method == "POST" else b""
    if charset and charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"The request body must be UTF-8, not {charset}.")
    text = _decode(body)
    direct = None
    if request.method == "POST":
        if media_type == "application/x-www-form-urlencoded":
            for key, values in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media_type == "application/sparql-query":
            direct = text
        elif media_type == "application/sparql-update" or "update" in params:
            raise ProtocolError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
        else:
            raise ProtocolError(415, "POST a query as application/x-www-form-urlencoded (query=…) or as "
                                     "application/sparql-query.")
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise ProtocolError(403, "This endpoint is read-only: SPARQL Update is not accepted.")
    queries = params.get("query", []) + ([direct] if direct is not None else [])
    if len(queries) > 1:
        raise ProtocolError(400, "Send exactly one query per request.")
    return params, (queries[0] if queries else None)


async def _body(request: Request) -> bytes:
    """The request body, refused with 413 past MAX_BODY bytes (whether or not Content-Length says so)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY:
        raise ProtocolError(413, f"The request body is over {MAX_BODY // 1024} KiB.")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY:
            raise ProtocolError(413, f"The request body is over {MAX_BODY // 1024} KiB.")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "The request body is not UTF-8.") from None


def negotiate(accept: str, format_param: str | None, kind: str) -> str:
    """The format to answer in: the `format` parameter if given, else the best of the Accept header's media
    types this query form can take (its first format when the header is empty or says */*); 406 otherwise."""
    offered = _OFFERED[kind]
    if format_param:
        wanted = format_param.lower()
        fmt = _FORMAT_PARAM[kind].get(wanted, wanted)
        if fmt not in offered:
            raise ProtocolError(406, f"format={wanted} is not offered for this query; choose one of "
                                     f"{', '.join(offered)}.")
        return fmt
    accept = accept.strip()
    if not accept:
        return offered[0]
    ranges = []
    for i, part in enumerate(accept.split(",")):
        media, *options = (p.strip() for p in part.split(";"))
        q = 1.0
        for option in options:
            if option.startswith("q="):
                try:
                    q = float(option[2:])
                except ValueError:
                    q = 0.0
        ranges.append((-q, i, media.lower()))
    for neg_q, _, media in sorted(ranges):
        if neg_q == 0:
            break
        if media in ("*/*", "*"):
            return offered[0]
        for fmt in offered:
            if media in (formats.MEDIA_TYPES[fmt], formats.MEDIA_TYPES[fmt].split("/")[0] + "/*") \
                    or _ALIASES.get(media) == fmt:
                return fmt
    types = ", ".join(formats.MEDIA_TYPES[f] for f in offered)
    raise ProtocolError(406, f"None of the accepted media types is offered for this query; offered: {types}.")


def media_type(fmt: str) -> str:
    return formats.MEDIA_TYPES[fmt] + ("; charset=utf-8" if fmt.startswith("sparql-") and fmt != "sparql-json" else "")


def _description(request: Request) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in Turtle (or another RDF format on request)."""
    url = str(request.url.replace(query=""))
    graphs = request.app.state.service.current().graph_names()
    result_formats = ", ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in _RESULT_FORMATS.values())
    named = "".join(f"\n    sd:namedGraph [ a sd:NamedGraph ; sd:name <{g}> ] ;" for g in graphs)
    turtle = f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{url}> a sd:Service ;
  dcterms:title "Shanghai innovation knowledge graph (read-only)"@en, "上海科技创新知识图谱（只读）"@zh ;
  sd:endpoint <{url}> ;
  sd:supportedLanguage sd:SPARQL11Query ;
  sd:feature sd:UnionDefaultGraph ;
  sd:resultFormat {result_formats} ;
  sd:defaultDataset [ a sd:Dataset ;
    sd:defaultGraph [ a sd:Graph ] ;{named}
  ] .
"""
    try:
        fmt = negotiate(request.headers.get("accept", ""), None, "graph")
    except ProtocolError:
        fmt = "turtle"
    if fmt == "turtle":
        return Response(turtle, media_type=media_type(fmt))
    triples = [q.triple for q in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)]
    return Response(formats.serialize(formats.Result("graph", triples=triples), fmt), media_type=media_type(fmt))


routes = [Route("/sparql", endpoint, methods=["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"])]
