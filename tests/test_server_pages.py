"""The web UI of `kg serve`: pages in a real headless browser (Debian's chromium) with every request that does not
go to the server blocked, and plain HTTP checks of what the pages say and escape.

Each browser test keeps a full-page screenshot in tests/artifacts/ to look at."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from markupsafe import Markup
from playwright.sync_api import expect

from graph.query import run
from graph.server import pages
from graph.server.pages import Highlight, mark_up
from graph.sparql_text import query_form

ARTIFACTS = Path(__file__).parent / "artifacts"
DOC = "shanghai-st-progress-report-2020-excerpt"
SERVER = Path(pages.__file__).parent


@pytest.fixture
def offline(browser, server):
    """A page that may reach the server only: anything else is aborted and listed. Yields (page, blocked,
    errors); the test asserts both lists are empty at its end."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    blocked: list[str] = []
    errors: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else (blocked.append(route.request.url), route.abort()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, blocked, errors
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def report_text(store) -> str:
    [[text]] = run(store, f"SELECT ?t WHERE {{ <{pages.REPORT_BASE}{DOC}> kg:text ?t }}").values()
    return text


# -- in the browser ----------------------------------------------------------------------------------------------
def test_editor_runs_a_library_query_offline(offline, server):
    page, blocked, errors = offline
    page.goto(server + "/")
    expect(page.locator(".yasqe .CodeMirror")).to_be_visible()
    examples = page.locator("button.example")
    expect(examples).to_have_count(len(pages.library()))
    expect(examples.first).to_contain_text("哪些高校运营大学科技园")

    page.locator("button.example[data-name=universities-and-science-parks]").click()
    rows = page.locator(".yasr table tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.locator(".yasr table tbody")).to_contain_text("上海交通大学科技园")
    cells = page.locator(".yasr table tbody td").all_inner_texts()
    assert any("上海交通大学" in c and "科技园" not in c for c in cells)
    assert rows.count() == len(run_library(server, "universities-and-science-parks"))

    # The editor holds the query self-contained: the project's prefixes written out, its header kept on top.
    text = page.evaluate("window.kgYasgui.getTab().getQuery()")
    assert text.startswith("# title: Which universities run science parks")
    assert "PREFIX kg: <https://w3id.org/shanghai-innovation-kg/ontology#>" in text
    assert page.evaluate("window.kgYasgui.getTab().getEndpoint()") == server + "/sparql"
    # Only the completers that work offline are on.
    assert page.evaluate("Object.keys(Yasgui.Yasqe.Autocompleters).sort()") == ["prefixes", "variables"]
    screenshot(page, "editor")

    # Entity IRIs in results open the entity's page here, not the IRI's address on the web.
    page.evaluate("""() => { const tab = window.kgYasgui.getTab();
        tab.setQuery('SELECT ?e WHERE { ?e kg:mentionCount ?n ; rdfs:label "上海交通大学"@zh }'); tab.query(); }""")
    expect(page.locator(".yasr table tbody a[href='/entity/sjtu']")).to_have_count(1)
    assert blocked == []
    assert errors == []


def test_search_by_pinyin_then_entity_page_marks_the_exact_characters(offline, server, store):
    page, blocked, errors = offline
    page.goto(server + "/search")
    page.locator(".search-big input[name=q]").fill("jiaoda")
    page.locator(".search-big input[name=q]").press("Enter")
    expect(page.locator("ol.results")).to_contain_text("上海交通大学")
    screenshot(page, "search")

    page.get_by_role("link", name="上海交通大学", exact=True).click()
    expect(page).to_have_url(server + "/entity/sjtu")
    expect(page.locator("h1")).to_contain_text("上海交通大学")
    expect(page.locator("h1")).to_contain_text("Shanghai Jiao Tong University")
    expect(page.locator(".classes")).to_contain_text("高校")

    # Each relation's evidence is marked inside its sentence, character for character.
    quotes = {r["quote"] for r in run(store, "entity-relations", {"iri": pages.ENTITY_BASE + "sjtu"}).records()}
    marks = page.locator("#relations li.relation")
    expect(marks.first).to_be_visible()
    assert marks.count() == len(run(store, "entity-relations", {"iri": pages.ENTITY_BASE + "sjtu"}))
    for item in marks.all():
        mark = item.locator("blockquote.sentence mark.ev")
        sentence = item.locator("blockquote.sentence").inner_text()
        assert mark.count() == 1
        assert mark.inner_text() in quotes
        assert mark.inner_text() in sentence
    # and its own mentions, 上海交通大学 and 交大, in the sentences and in the list of mentions
    assert set(page.locator("#mentions mark.ev").all_inner_texts()) == {"上海交通大学", "交大"}
    assert "交大" in page.locator("#relations .ent.self").all_inner_texts()
    screenshot(page, "entity")

    # The link to the report lands on the same characters there.
    link = page.locator("#relations a.source").first
    href = link.get_attribute("href")
    start, end = map(int, re.search(r"#c(\d+)-(\d+)$", href).groups())
    link.click()
    expect(page).to_have_url(server + href)
    target = page.locator(f"[id='c{start}-{end}']")
    expect(target).to_be_visible()
    assert target.inner_text() == report_text(store)[start:end]
    assert blocked == []
    assert errors == []


def test_report_page_marks_every_span_and_links_to_entities(offline, server, store):
    page, blocked, errors = offline
    page.goto(server + "/reports")
    expect(page.locator("table.data")).to_contain_text(DOC)
    page.locator("a.report-link").first.click()
    expect(page).to_have_url(server + "/report/" + DOC)
    expect(page.locator(".report-text")).to_contain_text("创新投贷联动融资服务模式")

    counts = {r["doc"]: r for r in run(store, "reports").records()}[DOC]
    legend = page.locator(".legend").inner_text()
    assert f"{counts['observations']}" in legend and f"{counts['statements']}" in legend
    mentions = page.locator(".report-text a.hl.mention")
    metrics = page.locator(".report-text .hl.metric")
    relations = page.locator(".report-text .hl.relation")
    assert mentions.count() > 50 and metrics.count() >= 60 and relations.count() > 10
    expect(page.locator(".report-text h2.sec, .report-text h3.sec, .report-text h4.sec").first).to_be_visible()

    # Every marked span shows exactly the characters its offsets select.
    text = report_text(store)
    marked = page.evaluate("""() => [...document.querySelectorAll('.report-text .hl[id^=c]')]
                                     .map(el => [el.id, el.textContent])""")
    assert len(marked) > 150
    exact = sum(text[int(s):int(e)] == shown for (s, e), shown
                in ((ident[1:].split("-"), shown) for ident, shown in marked))
    assert exact == len(marked)
    title = page.locator(".report-text .hl.metric").first.get_attribute("title")
    assert title.startswith("指标 metric: ")
    screenshot(page, "report")

    page.locator(".report-text a.hl.mention", has_text=re.compile("^上海交通大学$")).first.click()
    expect(page).to_have_url(server + "/entity/sjtu")
    expect(page.locator("h1")).to_contain_text("上海交通大学")
    assert blocked == []
    assert errors == []


# -- over plain HTTP ---------------------------------------------------------------------------------------------
def run_library(server: str, name: str) -> list:
    """A library query sent as YASGUI sends it: its Accept header for tables, or for graphs (CONSTRUCT)."""
    [example] = [e for e in pages.library() if e["name"] == name]
    graph_form = query_form(example["text"]) in ("CONSTRUCT", "DESCRIBE")
    accept = "text/turtle,*/*;q=0.9" if graph_form else "application/sparql-results+json,*/*;q=0.9"
    answer = httpx.post(server + "/sparql", data={"query": example["text"]}, headers={"Accept": accept}, timeout=30)
    assert answer.status_code == 200, answer.text
    if graph_form:
        return [t for t in ox.parse(answer.content, format=ox.RdfFormat.TURTLE)]
    return answer.json()["results"]["bindings"]


def test_every_library_query_runs_as_the_editor_sends_it(server):
    for example in pages.library():
        assert run_library(server, example["name"]), example["name"]


def test_unknown_entity_and_report_are_404_in_both_languages(server):
    for path, word in (("/entity/no-such-entity", "实体"), ("/report/no-such-report", "报告"),
                       ("/entity/" + quote("不存在的实体"), "实体")):
        answer = httpx.get(server + path)
        assert answer.status_code == 404
        assert answer.headers["content-type"].startswith("text/html")
        assert f"未找到该{word}" in answer.text and "No such" in answer.text


def test_html_in_a_query_string_is_escaped(server):
    for path in ("/search?q=", "/api/search?q="):
        answer = httpx.get(server + path + quote("<script>alert(1)</script>"))
        assert answer.status_code == 200
        assert "<script>alert(1)</script>" not in answer.text
    assert httpx.get(server + "/api/search", params={"q": "<b>"}).json()["q"] == "<b>"
    page = httpx.get(server + "/search", params={"q": '"><img src=x onerror=alert(1)>'}).text
    assert "<img" not in page and "&lt;img" in page
    missing = httpx.get(server + "/entity/" + quote("<b>x</b>")).text
    assert "<b>x</b>" not in missing


def test_search_finds_labels_aliases_and_pinyin(server):
    def first(q: str) -> dict:
        results = httpx.get(server + "/api/search", params={"q": q}).json()["results"]
        assert results, q
        return results[0]

    for q in ("上海交通大学", "交大", "shanghai jiao tong", "SHANGHAI JIAO TONG UNIVERSITY", "jiaoda",
              "shanghaijiaotong", "Shàng hǎi jiāo tōng", "sjtu"):
        assert first(q)["url"] == "/entity/sjtu", q
    assert first("Medtronic")["label_zh"] == "美敦力"
    assert httpx.get(server + "/api/search", params={"q": "zzzzqqq"}).json()["results"] == []
    page = httpx.get(server + "/search", params={"q": "交大"}).text
    assert 'href="/entity/sjtu"' in page


def test_every_entity_has_a_page(server, store):
    entities = run(store, "entities").records()
    assert len(entities) > 50
    with httpx.Client(base_url=server, timeout=30) as client:
        for e in entities:
            url = pages.entity_url(e["id"])
            answer = client.get(url)
            assert answer.status_code == 200, url
            assert e["label_zh"] in answer.text


def test_entity_pages_at_readable_addresses(server):
    park = httpx.get(server + "/entity/" + quote("上海交通大学科技园"))
    assert park.status_code == 200
    assert "上海交通大学科技园" in park.text and 'href="/entity/sjtu"' in park.text
    voucher = httpx.get(server + "/entity/innovation-voucher").text
    assert "科技创新券" in voucher and "5195万元" in voucher and "51,950,000" in voucher
    assert '<mark class="ev">5195万元</mark>' in voucher


def test_pages_reach_nothing_outside_the_server(server):
    """No address outside this server in the UI's own files or the pages (the vendored bundle is checked in the
    browser tests: no request leaves)."""
    own = [*SERVER.glob("templates/*"), *SERVER.glob("static/css/*"), *SERVER.glob("static/js/*")]
    assert own
    for path in own:
        assert not re.search(r"https?://|//[a-z]", path.read_text(encoding="utf-8")), path
    for path in ("/", "/search?q=交大", "/entity/sjtu", "/reports", "/report/" + DOC):
        html = httpx.get(server + path).text
        assert not re.search(r"""(?:src|href|action)=["'](?:https?:)?//""", html), path
    for asset in ("/static/vendor/yasgui/yasgui.min.js", "/static/vendor/yasgui/yasgui.min.css",
                  "/static/css/site.css", "/static/js/editor.js", "/static/js/site.js", "/static/favicon.svg"):
        assert httpx.get(server + asset).status_code == 200, asset
    library = re.search(r'<script type="application/json" id="library">(.*?)</script>',
                        httpx.get(server + "/").text, re.S).group(1)
    assert json.loads(library) == pages.library()


# -- marking text ------------------------------------------------------------------------------------------------
def test_mark_up_escapes_nests_and_cuts_crossing_spans():
    assert mark_up("a<b>&c", 10, [Highlight(11, 14, 1, "mark")]) == Markup("a<mark>&lt;b&gt;</mark>&amp;c")
    # equal ranges nest by rank; a link inside a link becomes a span
    html = mark_up("上海交通大学", 0, [Highlight(0, 6, 2, "a", {"href": "/x", "id": "c0-6"}),
                                   Highlight(0, 6, 1, "a", {"href": "/y"})])
    assert html == '<a href="/y"><span id="c0-6">上海交通大学</span></a>'
    # a span that crosses the end of another is cut there; the second piece has no id
    html = mark_up("abcdef", 0, [Highlight(0, 3, 1, "b", {"id": "one"}), Highlight(2, 5, 2, "i", {"id": "two"})])
    assert html == '<b id="one">ab<i id="two">c</i></b><i>de</i>f'
    # Markdown's ** stays (offsets count it) but faint, attributes are escaped
    html = mark_up("**370**户", 0, [Highlight(2, 8, 1, "mark", {"title": 'a"<b>'})])
    assert html == ('<span class="md">**</span><mark title="a&quot;&lt;b&gt;">370<span class="md">**</span>户</mark>')
