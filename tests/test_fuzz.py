"""Property-based fuzzing: whatever text, bytes or request comes in, the only exception that escapes is the
project's own (KGError), every offset stays inside the text, and the endpoint never answers 500."""

from __future__ import annotations

import gc
import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_server_sparql import _request

from graph import KGError, Store, load_reports, run
from graph.numbers import find_quantities
from graph.read import read_bytes

CJK = [*list("零一二两三四五六七八九十百千万亿元家项个人年月日约近超过余多%．，。、：；（）“”《》"), "\u200f", "\u202e", "\ufeff", "\x00"]
TEXT = st.text(alphabet=st.one_of(st.sampled_from(CJK), st.characters(codec="utf-8")), max_size=200)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_the_number_normalizer_keeps_every_quantity_inside_the_text(text):
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert text[q.start : q.end].strip()


@given(st.binary(max_size=2048), st.sampled_from(["r.txt", "r.md", "r.pdf", "r.html", "r.docx", "r"]))
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_report_reader_raises_only_its_own_error_for_any_bytes(data, name):
    try:
        text = read_bytes(data, name)
    except KGError:
        return
    assert isinstance(text.text, str)


@given(st.lists(TEXT, min_size=1, max_size=6))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
def test_the_loader_keeps_every_offset_inside_the_report_text(tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("fuzz")
    report = folder / "fuzzed-report.md"
    report.write_text("# 2021年某市科技报告\n\n" + "\n\n".join(lines), encoding="utf-8", errors="replace")
    writer = Store(folder / "store")
    try:
        load_reports(writer, [report])
    except KGError:
        return
    finally:
        writer.close()
        gc.collect()
    store = Store(folder / "store", read_only=True)
    [[text]] = run(store, "SELECT ?t WHERE { ?r kg:text ?t }").values()
    for start, end in run(store, "SELECT ?s ?e WHERE { ?p oa:start ?s ; oa:end ?e }").values():
        assert 0 <= int(start) <= int(end) <= len(text)
    store.close()


REQUEST = st.fixed_dictionaries({
    "method": st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"]),
    "params": st.lists(st.tuples(st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri",
                                                  "format", "x"]), TEXT), max_size=4),
    "body": st.one_of(st.binary(max_size=512), TEXT.map(lambda t: t.encode("utf-8", "replace"))),
    "content_type": st.sampled_from(["", "application/sparql-query", "application/x-www-form-urlencoded",
                                     "application/sparql-update", "text/plain; charset=utf-16",
                                     "application/sparql-query; charset=latin-1", "multipart/form-data"]),
    "accept": st.sampled_from(["", "*/*", "text/csv;q=0.1, application/json", "text/turtle", "x/y;q=abc", ";;,"]),
})


@given(REQUEST)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_endpoint_never_answers_500_whatever_the_request(server, request_spec):
    query = urllib.parse.urlencode(request_spec["params"])
    headers = {k: v for k, v in (("content-type", request_spec["content_type"]),
                                 ("accept", request_spec["accept"])) if v}
    body = request_spec["body"] if request_spec["method"] in ("POST", "PUT", "PATCH") else None
    status, _, _ = _request(f"{server}/sparql?{query}", request_spec["method"], body, headers)
    assert status < 500 or status == 503, status
