"""`kg serve`'s SPARQL endpoint: the W3C SPARQL 1.1 Protocol tests replayed against it, content negotiation for
every query form, the service description, and queries that run side by side."""

from __future__ import annotations

import csv
import gc
import http.client
import io
import json
import threading
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from conftest import serving

from graph import Store

CONFORMANCE = Path(__file__).resolve().parents[2] / "shared" / "conformance" / "w3c-sparql-protocol" / "protocol"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = rdflib.Namespace("http://www.w3.org/2011/http#")
UT = rdflib.Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
CNT = rdflib.Namespace("http://www.w3.org/2011/content#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

# The protocol's update tests expect 2xx from a service that updates; this one is read-only, and answers every
# update (however it is sent) with 403 Forbidden and leaves the graph as it was. The queries those tests send
# after the update check its effect, so they are not replayed (skipped: there is no effect to check).
READ_ONLY_REFUSALS = {"update_dataset_default_graph", "update_dataset_default_graphs", "update_dataset_named_graphs",
                      "update_dataset_full", "update_post_form", "update_post_direct", "update_base_uri"}
MEDIA = {"boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
         "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                     "text/tab-separated-values"),
         "RDF": ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")}


def _request(url: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None):
    """(status, content type, body) of one HTTP request sent with exactly these headers (urllib would add a
    form content type to any body, which the protocol tests must be able to leave out)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                           headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers.get("content-type", ""), response.read()
    finally:
        connection.close()


def _manifest() -> list[dict]:
    g = rdflib.Graph().parse(CONFORMANCE / "manifest.ttl", format="turtle")
    tests = []
    for entry in g.items(g.value(None, rdflib.RDF.type, MF.Manifest) and
                         g.value(g.value(None, rdflib.RDF.type, MF.Manifest), MF.entries)):
        requests = []
        for req in g.items(g.value(g.value(entry, MF.action), HT.requests)):
            resp = g.value(req, HT.resp)
            body = g.value(g.value(req, HT.body), CNT.chars)
            requests.append({
                "method": str(g.value(req, HT.methodName)),
                "path": str(g.value(req, HT.absolutePath)),
                "headers": {str(g.value(h, HT.fieldName)): str(g.value(h, HT.fieldValue))
                            for h in g.items(g.value(req, HT.headers))},
                "body": None if body is None else str(body),
                "encoding": str(g.value(g.value(req, HT.body), CNT.characterEncoding) or "UTF-8"),
                "status": sorted(str(s).removeprefix(HTS) for s in g.objects(resp, MF.expectedStatus)),
                "boolean": g.value(resp, MF.expectedBoolean),
                "format": str(g.value(resp, MF.expectedFormat) or ""),
            })
        data = [(str(g.value(d, UT.graph)).rsplit("/", 1)[-1], str(g.value(d, rdflib.RDFS.label)))
                for d in g.objects(entry, UT.graphData)]
        tests.append({"id": str(entry).rsplit("#", 1)[-1], "name": str(g.value(entry, MF.name)), "data": data,
                      "requests": requests})
    return tests


@pytest.fixture(scope="module")
def conformance_server(tmp_path_factory):
    """The protocol tests' data (data1.nt … data3.nt, each in the graph its manifest names) served by kg serve."""
    path = tmp_path_factory.mktemp("w3c") / "store"
    writer = Store(path)
    with writer.transaction() as db:
        for n in (1, 2, 3):
            graph = ox.NamedNode(f"http://kasei.us/2009/09/sparql/data/data{n}.rdf")
            for triple in ox.parse(path=str(CONFORMANCE / f"data{n}.nt"), format=ox.RdfFormat.N_TRIPLES):
                db.add(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    del writer, db
    gc.collect()
    with serving(path) as url:
        yield url


def _is_update(req: dict) -> bool:
    return "sparql-update" in req["headers"].get("content-type", "") or (req["body"] or "").startswith("update=")


def _boolean(content_type: str, body: bytes) -> bool:
    if "json" in content_type:
        return json.loads(body)["boolean"]
    return b"<boolean>true</boolean>" in body


TESTS = _manifest()


def test_the_manifest_holds_the_thirty_four_protocol_tests():
    assert len(TESTS) == 34


@pytest.mark.parametrize("test", TESTS, ids=[t["id"] for t in TESTS])
def test_w3c_protocol(test, conformance_server):
    for req in test["requests"]:
        path = req["path"].replace("/sparql/", "/sparql", 1)
        body = None if req["body"] is None else req["body"].encode(req["encoding"].lower().replace("utf-16", "utf-16"))
        if test["id"] in READ_ONLY_REFUSALS and not _is_update(req):
            continue
        status, content_type, answer = _request(conformance_server + path, req["method"], body, req["headers"])
        if test["id"] in READ_ONLY_REFUSALS:
            if _is_update(req):
                assert status == 403, answer
                assert b"read-only" in answer
            continue
        assert f"{status // 100}xx" in req["status"], (status, answer)
        if req["format"]:
            assert content_type.split(";")[0] in MEDIA[req["format"]]
        if req["boolean"] is not None:
            assert _boolean(content_type, answer) is req["boolean"].toPython()


def test_a_refused_update_leaves_the_data_as_it_was(conformance_server):
    ask = "ASK { GRAPH ?g { <http://example.org/s> ?p ?o } }"
    before = _request(conformance_server + "/sparql?" + urllib.parse.urlencode({"query": ask}))
    status, _, _ = _request(conformance_server + "/sparql", "POST", b"INSERT DATA { <http://example.org/s> "
                            b"<http://example.org/p> 1 }", {"content-type": "application/sparql-update"})
    after = _request(conformance_server + "/sparql?" + urllib.parse.urlencode({"query": ask}))
    assert status == 403 and before == after and json.loads(after[2])["boolean"] is False


# -- the bundled report's graph ---------------------------------------------------------------------------------
SELECT = 'SELECT ?e ?zh WHERE { ?e a kg:University ; rdfs:label ?zh . FILTER (lang(?zh) = "zh") } ORDER BY ?zh'


def _get(server: str, query: str, accept: str | None = None, **params):
    url = server + "/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return _request(url, headers={"accept": accept} if accept else {})


@pytest.mark.parametrize(("accept", "media"), [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/html;q=0.9, text/csv;q=0.5", "text/csv"),
])
def test_a_select_answers_in_the_format_the_client_accepts(server, accept, media):
    status, content_type, body = _get(server, SELECT, accept)
    assert status == 200 and content_type.split(";")[0] == media
    if media.endswith("json"):
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    elif media.endswith("xml"):
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    elif media == "text/csv":
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert rows[0] == ["e", "zh"] and ["https://w3id.org/shanghai-innovation-kg/id/entity/sjtu", "上海交通大学"] in rows
        return
    else:
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
    labels = {s["zh"] for s in parsed}
    assert ox.Literal("上海交通大学", language="zh") in labels


@pytest.mark.parametrize(("accept", "fmt"), [
    (None, ox.RdfFormat.TURTLE), ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES), ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
])
@pytest.mark.parametrize("query", ["DESCRIBE <https://w3id.org/shanghai-innovation-kg/id/entity/sjtu>",
                                   "CONSTRUCT { ?e rdfs:label ?l } WHERE { BIND (<https://w3id.org/shanghai-innovation-kg/id/entity/sjtu> AS ?e) ?e rdfs:label ?l }"])
def test_construct_and_describe_answer_in_every_rdf_format(server, query, accept, fmt):
    status, content_type, body = _get(server, query, accept)
    assert status == 200 and content_type.split(";")[0] == fmt.media_type
    triples = {(t.subject, t.predicate, t.object) for t in ox.parse(body, format=fmt)}
    sjtu = ox.NamedNode("https://w3id.org/shanghai-innovation-kg/id/entity/sjtu")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    assert (sjtu, label, ox.Literal("上海交通大学", language="zh")) in triples


def test_an_ask_answers_true_or_false_in_json_and_xml(server):
    ask = "ASK { ?e a kg:University }"
    assert json.loads(_get(server, ask)[2]) == {"head": {}, "boolean": True}
    assert b"<boolean>true</boolean>" in _get(server, ask, "application/sparql-results+xml")[2]


def test_a_format_the_query_form_cannot_take_gets_406_with_the_formats_offered(server):
    status, _, body = _get(server, SELECT, "text/turtle")
    assert status == 406 and b"application/sparql-results+json" in body


def test_without_a_query_the_endpoint_describes_itself_with_its_graphs(server):
    status, content_type, body = _request(server + "/sparql", headers={"accept": "text/turtle"})
    assert status == 200 and content_type.startswith("text/turtle")
    g = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = g.value(None, rdflib.RDF.type, sd.Service)
    assert str(g.value(service, sd.endpoint)) == server + "/sparql"
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    names = {str(n) for n in g.objects(None, sd.name)}
    assert "https://w3id.org/shanghai-innovation-kg/graph/shared" in names
    assert any(n.startswith("https://w3id.org/shanghai-innovation-kg/graph/report/") for n in names)


def test_a_query_that_does_not_parse_gets_400_with_the_parser_s_message(server):
    status, _, body = _get(server, "SELECT ?x WHERE { ?x ")
    assert status == 400 and body.decode().startswith("The query does not parse")


def test_a_slow_query_does_not_hold_up_a_quick_one(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { { ?a ?b ?c . ?d a ?t } UNION { ?a ?b ?c . ?d a ?t } }"  # about 5 s
    done = {}

    def run_slow():
        done["slow"] = _get(server, slow)
        done["slow_at"] = time.monotonic()

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.5)
    quick = _get(server, "ASK { ?e a kg:University }")
    quick_at = time.monotonic()
    thread.join(120)
    assert quick[0] == 200 and done["slow"][0] == 200
    assert quick_at < done["slow_at"] - 1
