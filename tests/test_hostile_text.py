"""Hostile report text: markup and script in names, a very long line, control characters, right-to-left marks,
the same name in NFC and NFD and in full-width letters. The graph keeps one entity per name, every export parses
back, and the web pages and views show the payloads as text: no dialog opens, no element is injected."""

from __future__ import annotations

import gc
import json
import unicodedata
import urllib.parse

import networkx as nx
import pyoxigraph as ox
import pytest
from conftest import serving

from graph import Store, analytics, load_reports, run, views

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
CAFE = "Café科技有限公司"
REPORT = f"""# 2022年某市科技创新报告

## 一、企业创新

{CAFE}与复旦大学共建联合实验室，全年研发投入1.2亿元。{unicodedata.normalize("NFD", CAFE)}新增专利35项。

ＡＢＣ智能科技有限公司与ABC智能科技有限公司同为一家企业，全年营业收入3.5亿元。

上海{SCRIPT}科技有限公司与同济大学签署合作协议，项目总投资2亿元。

{IMG}创新中心落户张江科学城，引进团队12个。

上海\u202e反转\u202c科技有限公司获得创新券50万元。控制字符\x07\x1b在这里。

{"长" * 20000}句子没有标点{"很" * 20000}

## 二、"><svg onload=alert(3)> 平台建设

全市新建"&lt;b&gt;"众创空间15家。
"""


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    report = folder / "hostile-2022.md"
    report.write_text(REPORT, encoding="utf-8")
    writer = Store(folder / "store")
    load_reports(writer, [report])
    writer.close()
    gc.collect()
    return folder / "store"


def _labels(store) -> dict[str, str]:
    return dict(run(store, "SELECT ?e ?l WHERE { ?e kg:mentionCount ?n ; rdfs:label ?l . "
                           "FILTER (lang(?l) = 'zh') }").values())


def test_a_name_typed_with_combining_accents_is_read_as_the_precomposed_name(hostile_store):
    store = Store(hostile_store, read_only=True)
    [[text]] = run(store, "SELECT ?t WHERE { ?r kg:text ?t }").values()
    assert text.count(CAFE) == 2 and unicodedata.normalize("NFD", CAFE) not in text


def test_full_width_and_ascii_forms_of_a_name_are_one_entity(hostile_store):
    labels = list(_labels(Store(hostile_store, read_only=True)).values())
    assert sum(1 for label in labels if unicodedata.normalize("NFKC", label).lower() == "abc智能科技有限公司") == 1


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld"])
def test_every_rdf_export_parses_back_to_the_same_number_of_triples(hostile_store, kg, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    assert kg("export", "--format", fmt, "-o", str(out), store=hostile_store).exit_code == 0
    rdf = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nq": ox.RdfFormat.N_QUADS,
           "trig": ox.RdfFormat.TRIG, "jsonld": ox.RdfFormat.JSON_LD}[fmt]
    parsed = list(ox.parse(path=str(out), format=rdf))
    assert len(parsed) == len(Store(hostile_store, read_only=True))
    assert any(SCRIPT in q.object.value for q in parsed if isinstance(q.object, ox.Literal))


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_every_graph_export_parses_back(hostile_store, kg, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    assert kg("export", "--format", fmt, "-o", str(out), store=hostile_store).exit_code == 0
    if fmt == "nodelink":
        back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    else:
        back = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    assert back.number_of_nodes() == len(_labels(Store(hostile_store, read_only=True)))


def _inert(page, url: str, blocked: list, dialogs: list) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    injected = page.evaluate("""() => ({
        images: document.querySelectorAll('img').length,
        svgs: [...document.querySelectorAll('svg')].filter(s => s.getAttribute('onload')).length,
        handlers: [...document.querySelectorAll('*')].filter(e => [...e.attributes].some(
            a => a.name.startsWith('on'))).length,
        scripts: [...document.querySelectorAll('script')].filter(s => s.textContent.includes('alert(')).length})""")
    assert injected == {"images": 0, "svgs": 0, "handlers": 0, "scripts": 0}, url
    assert dialogs == [] and blocked == []


def test_web_pages_show_hostile_names_as_text(hostile_store, browser):
    store = Store(hostile_store, read_only=True)
    keys = [iri.rsplit("/", 1)[-1] for iri in _labels(store)]
    doc = "hostile-2022"
    with serving(hostile_store) as url:
        page = browser.new_page()
        blocked, dialogs = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(url)
                   else (blocked.append(r.request.url), r.abort()))
        _inert(page, f"{url}/report/{doc}", blocked, dialogs)
        assert SCRIPT in page.inner_text("body")
        for key in keys:
            _inert(page, f"{url}/entity/{urllib.parse.quote(key, safe='')}", blocked, dialogs)
        _inert(page, f"{url}/search?q={urllib.parse.quote(SCRIPT)}", blocked, dialogs)
        page.close()


def test_a_view_of_the_hostile_graph_stays_inert(hostile_store, browser, tmp_path):
    g = analytics.project(Store(hostile_store, read_only=True))
    out = tmp_path / "hostile.html"
    views.write_view(g, out, title=f"{SCRIPT}{IMG}")
    page = browser.new_page()
    dialogs, outside = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:"))
               else (outside.append(r.request.url), r.abort()))
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-stabilized='true']", timeout=60_000)
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert SCRIPT in page.inner_text("h1") and dialogs == [] and outside == []
    page.close()
