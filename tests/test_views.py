"""`graph/views.py`: one self-contained HTML file per view, opened in headless Chromium (Debian's chromium) with
the network blocked. Every kind of view (the whole graph, a neighbourhood, a path, a query's result, a metric's
sizes, a filtered large graph, hostile labels) must draw a non-blank canvas offline, request nothing that leaves
the machine, and keep text from reports as text.

Each browser test keeps a screenshot in tests/artifacts/views-*.png to look at."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import random
import re
import time
from pathlib import Path

import networkx as nx
import pytest
from playwright.sync_api import expect

from graph import views
from graph.analytics import neighbourhood, path_graph, paths
from graph.errors import QueryError
from graph.views import script_json, write_view

ARTIFACTS = Path(__file__).parent / "artifacts"
E = "https://w3id.org/shanghai-innovation-kg/id/entity/"
KG = "https://w3id.org/shanghai-innovation-kg/ontology#"


# -- graphs, built by hand as graph/analytics.py projects the store ------------------------------------------------
def entity(g: nx.MultiDiGraph, name: str, cls: str, cls_zh: str = "", en: str = "", mentions: int = 1,
           metrics: tuple = (), iri: str | None = None) -> str:
    iri = iri or E + name
    g.add_node(iri, label_zh=name, label_en=en, cls=cls, cls_zh=cls_zh, mentions=mentions, metrics=list(metrics))
    return iri


def relate(g: nx.MultiDiGraph, a: str, b: str, key: str, zh: str, en: str, *, status: str = "", quote: str = "",
           sentence: str = "", doc: str = "r2020-shanghai") -> None:
    evidence = [{"sentence": sentence or quote, "doc": doc, "start": 10, "end": 10 + len(quote), "quote": quote}]
    g.add_edge(a, b, key=key, predicate=KG + key, label_zh=zh, label_en=en, status=status,
               evidence=evidence if quote else [])


def metric(measure: str, value: float, unit: str, period: str, surface: str) -> dict:
    return {"measure": measure, "value": value, "unit": unit, "period": period, "surface": surface}


def parks_and_universities() -> nx.MultiDiGraph:
    """Three universities and the science parks they run, in Chinese, with firms-in-park figures."""
    g = nx.MultiDiGraph()
    sjtu = entity(g, "上海交通大学", "University", "高校", "Shanghai Jiao Tong University", 9)
    fudan = entity(g, "复旦大学", "University", "高校", "Fudan University", 6)
    tongji = entity(g, "同济大学", "University", "高校", "Tongji University", 4)
    sjtu_park = entity(g, "上海交通大学科技园", "SciencePark", "大学科技园", "", 5,
                       (metric("入驻企业", 120, "count:家", "2020", "120家"),))
    fudan_park = entity(g, "复旦大学科技园", "SciencePark", "大学科技园", "Fudan University Science Park", 3,
                        (metric("入驻企业", 80, "count:家", "2020", "80余家"),))
    tongji_park = entity(g, "同济大学国家大学科技园", "SciencePark", "大学科技园", "", 2,
                         (metric("入驻企业", 300, "count:家", "2019", "300家"),
                          metric("入驻企业", 220, "count:家", "2020", "220家"),
                          metric("孵化面积", 35000, "m2", "2020", "3.5万平方米")))
    for park, university, name in ((sjtu_park, sjtu, "交大"), (fudan_park, fudan, "复旦"), (tongji_park, tongji, "同济")):
        relate(g, park, university, "operatedBy", "运营方", "operated by", status="done",
               quote=f"{name}科技园", sentence=f"{name}科技园由{name}运营，聚焦人工智能与集成电路。")
    relate(g, sjtu_park, sjtu, "affiliatedWith", "隶属", "affiliated with")  # a second relation between one pair
    relate(g, sjtu_park, fudan_park, "coBuilds", "共建", "co-builds", status="planned",
           quote="交大科技园和复旦科技园计划共建", sentence="交大科技园和复旦科技园计划共建创新创业集聚区。")
    relate(g, fudan_park, tongji_park, "coBuilds", "共建", "co-builds", status="under_way", quote="共建")
    return g


SCRIPT = "</script><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HREF = '<a href="javascript:alert(2)">href</a>'
FLAG = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script><svg onload=\"window.__pwned=1\">"
QUOTES = "\"引号' & &amp; &lt;b&gt; <!-- {{TITLE}} \u2028 --> <b>粗</b>"
HOSTILE_TITLE = f"{SCRIPT} {IMG} {HREF} {QUOTES}"


def hostile() -> nx.MultiDiGraph:
    """Every text a report could carry into a view, written to break out of it: labels, ids, classes, metrics,
    relation labels, statuses, quotes and document names."""
    g = nx.MultiDiGraph()
    a = entity(g, SCRIPT, "<img src=x onerror=alert(3)>", HREF, IMG, 3,
               (metric(IMG, 5, SCRIPT, "2020", HREF), metric(FLAG, 7, QUOTES, SCRIPT, FLAG)), iri=E + SCRIPT)
    b = entity(g, IMG, "University", QUOTES, HREF, 2, iri=E + IMG)
    c = entity(g, "href", "Company", "", "", 1, iri=E + "href")
    d = entity(g, QUOTES, "SciencePark", "", FLAG, 1, iri="javascript:alert(4)")
    f = entity(g, FLAG, "Event", SCRIPT, "", 1, iri=E + FLAG)
    relate(g, a, b, "operatedBy", SCRIPT, IMG, status=HREF, quote=FLAG, sentence=SCRIPT + FLAG, doc=IMG)
    relate(g, b, c, "locatedIn", HREF, "href", status=QUOTES, quote=HREF)
    relate(g, c, d, "coBuilds", QUOTES, FLAG, quote=QUOTES, doc=SCRIPT)
    relate(g, d, f, "takesPartIn", FLAG, SCRIPT, status=IMG, quote=IMG)
    relate(g, f, a, FLAG, "", "")  # no labels: the key itself is the label
    return g


def random_graph(nodes: int, edges: int, seed: int = 7) -> nx.MultiDiGraph:
    """A sparse random graph of `nodes` entities of seven classes (one unknown to the palette) with Chinese names."""
    rng = random.Random(seed)
    classes = [("University", "高校"), ("Company", "企业"), ("SciencePark", "大学科技园"), ("Place", "地点"),
               ("Event", "活动"), ("Voucher", "券"), ("Laboratory", "实验室")]
    g = nx.MultiDiGraph()
    for i in range(nodes):
        cls, cls_zh = rng.choice(classes)
        entity(g, f"{cls_zh}{i}号", cls, cls_zh, "", rng.randint(1, 20))
    names = list(g.nodes)
    for u, v in nx.gnm_random_graph(nodes, edges, seed=seed).edges:
        relate(g, names[u], names[v], "coMentionedWith", "共现", "co-mentioned with")
    return g


def page_data(path: Path) -> dict:
    """The graph a written view carries: the JSON in its <script type="application/json">."""
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', text, re.S)[1])


# -- every kind of view, written once ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, tuple[Path, views.ViewSummary]]:
    folder = tmp_path_factory.mktemp("views")
    g = parks_and_universities()
    park, sjtu, tongji = E + "上海交通大学科技园", E + "上海交通大学", E + "同济大学"
    path = path_graph(g, paths(g, sjtu, tongji))
    result = g.subgraph([n for n, cls in g.nodes(data="cls") if cls == "SciencePark"])  # a query's rows
    specs = {
        "whole": (g, {"title": "上海大学科技园 · Shanghai university science parks"}),
        "neighbourhood": (neighbourhood(g, park), {"title": "上海交通大学科技园的关系", "highlight": [park]}),
        "path": (path, {"title": "从上海交通大学到同济大学", "highlight": path.graph["path"]}),
        "query": (result, {"title": "查询结果：大学科技园 · query result: science parks"}),
        "metric": (g, {"title": "按入驻企业数 · sized by firms in park", "size_by": "入驻企业"}),
        "hostile": (hostile(), {"title": HOSTILE_TITLE, "size_by": IMG, "highlight": [E + SCRIPT]}),
        "filtered": (random_graph(2000, 2600), {"title": "2,000 个实体，显示前 500 个"}),
    }
    return {kind: (folder / f"{kind}.html", write_view(graph, folder / f"{kind}.html", **options))
            for kind, (graph, options) in specs.items()}


KINDS = ["whole", "neighbourhood", "path", "query", "metric", "hostile", "filtered"]


# -- the files ------------------------------------------------------------------------------------------------------
def assert_refers_to_nothing_outside(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"https?://", text, re.I), "an http(s) URL in the file"
    markup = re.sub(r"(<script\b[^>]*>).*?</script>", r"\1</script>", text, flags=re.S)  # the page without its code
    assert not re.search(r"<(?:link|base|img|iframe|object|embed|a)\b", markup, re.I)
    assert not re.search(r"<[^>]+\s(?:src|href|srcset|action|formaction)\s*=", markup, re.I), "a tag refers elsewhere"
    assert not re.search(r"@import", text, re.I)
    assert "url(" not in markup.lower()  # the page's own CSS loads nothing
    for target in re.findall(r"url\(\s*[\"']([^\"']*)", text, re.I):  # the CSS vis-network injects
        assert target.startswith("data:"), f"CSS url({target[:40]})"
    assert "default-src 'none'" in text


@pytest.mark.parametrize("kind", KINDS)
def test_every_view_refers_to_nothing_outside_the_file(written, kind):
    """No "http://" or "https://" anywhere in the file, not even as text: vis-network's eight URL strings (its and
    Hammer.JS's licence comments, core-js's metadata) are inlined with `:\\/\\/`, and the data's IRIs with `\\/` (the
    same text to JavaScript). Besides, no tag has a src or href, there is no <link> and no @import, every CSS
    url() is a data: URL, and the page's Content-Security-Policy allows no fetch at all."""
    path, _ = written[kind]
    assert_refers_to_nothing_outside(path)
    assert path.read_text(encoding="utf-8").lower().count("<script") == 3


def test_the_whole_graph_carries_classes_labels_relations_and_quotes(written):
    path, summary = written["whole"]
    assert (summary.shown, summary.total, summary.edges, summary.filtered) == (6, 6, 6, "")
    data = page_data(path)
    nodes = {n["id"]: n for n in data["nodes"]}
    park = nodes[E + "上海交通大学科技园"]
    assert (park["label"], park["shape"], park["color"]) == ("上海交通大学科技园", "square", "#d95f02")
    assert nodes[E + "上海交通大学"]["shape"] == "dot"
    assert "入驻企业: 120 count:家 (2020) «120家»" in park["title"]
    edges = [e for e in data["edges"] if e["from"] == E + "上海交通大学科技园" and e["to"] == E + "上海交通大学"]
    assert [e["label"] for e in edges] == ["运营方", "隶属"]
    assert edges[1]["smooth"]["type"] == "curvedCW"  # the second relation between the pair bends away
    assert edges[0]["title"].splitlines()[:3] == ["运营方 · operated by", "上海交通大学科技园 → 上海交通大学",
                                                  "状态 status: done"]
    assert "“交大科技园由交大运营，聚焦人工智能与集成电路。” — r2020-shanghai" in edges[0]["title"]
    assert data["options"]["physics"]["stabilization"]["iterations"] == 1000
    assert data["options"]["nodes"]["font"]["face"].startswith('"Noto Sans CJK SC", "WenQuanYi Micro Hei"')


def test_data_is_embedded_so_no_label_can_end_the_script():
    value = {"label": "</script><!-- \u2028\u2029 & <b> https://x"}
    text = script_json(value)
    assert not set("<>&\u2028\u2029") & set(text)
    assert "://" not in text
    assert json.loads(text) == value


def test_hostile_text_is_only_ever_escaped_in_the_file(written):
    path, _ = written["hostile"]
    text = path.read_text(encoding="utf-8")
    for raw in ("<img", "</script><script>alert", "<a href", "<svg onload", "<b>粗", "<!-- {{"):
        assert raw not in text
    assert text.count("</script>") == 3
    assert "{{TITLE}} " in re.search(r"<h1 id=\"kg-heading\">(.*?)</h1>", text, re.S)[1]  # not substituted
    data = page_data(path)
    assert {n["label"] for n in data["nodes"]} == {SCRIPT, IMG, "href", QUOTES, FLAG}
    assert E + SCRIPT in {n["id"] for n in data["nodes"]}


def test_a_view_over_the_node_limit_keeps_the_most_connected_and_says_so(written):
    path, summary = written["filtered"]
    assert (summary.shown, summary.total) == (500, 2000)
    assert summary.filtered == "显示 500 / 2000 个节点（按连接数）· showing 500 of 2,000 nodes by degree."
    assert '<p id="kg-filtered" role="status">显示 500 &#47; 2000 个节点（按连接数）' in path.read_text(encoding="utf-8")
    g = random_graph(2000, 2600)
    degrees = sorted((d for _, d in g.degree()), reverse=True)
    shown = {n["id"] for n in page_data(path)["nodes"]}
    assert min(g.degree(n) for n in shown) == degrees[499]
    assert sum(g.degree(n) for n in shown) == sum(degrees[:500])


def test_the_limit_ranks_by_mentions_when_sizing_by_mentions_and_keeps_highlighted_nodes(tmp_path):
    g = nx.MultiDiGraph()
    hub = entity(g, "枢纽", "Company", mentions=1)
    quiet = entity(g, "少见", "Company", mentions=1)
    loud = [entity(g, f"常见{i}", "Place", mentions=50 + i) for i in range(3)]
    for i in range(5):
        relate(g, hub, entity(g, f"邻居{i}", "Company", mentions=2), "coMentionedWith", "共现", "co-mentioned")
    summary = write_view(g, tmp_path / "v.html", size_by="mentions", node_limit=3, highlight=[quiet])
    assert summary.filtered == "显示 3 / 10 个节点（按提及次数）· showing 3 of 10 nodes by mentions."
    assert {n["id"] for n in page_data(tmp_path / "v.html")["nodes"]} == {quiet, loud[2], loud[1]}
    summary = write_view(g, tmp_path / "v.html", node_limit=1)
    assert [n["id"] for n in page_data(tmp_path / "v.html")["nodes"]] == [hub]


def test_a_class_filter_shows_only_those_classes_and_says_so(tmp_path):
    summary = write_view(parks_and_universities(), tmp_path / "v.html", classes=["University"])
    assert (summary.shown, summary.edges) == (3, 0)
    assert summary.filtered == "只显示这些类别：University · only these classes: University."


def test_nodes_are_sized_by_a_metric_from_its_latest_period(written, tmp_path):
    sizes = {n["label"]: n["size"] for n in page_data(written["metric"][0])["nodes"]}
    assert sizes["同济大学国家大学科技园"] == views.SIZE_MAX  # 220 in 2020 (not 300 in 2019) is the largest
    assert sizes["上海交通大学科技园"] > sizes["复旦大学科技园"] > sizes["上海交通大学"] == views.SIZE_MIN
    tooltip = next(n["title"] for n in page_data(written["metric"][0])["nodes"] if n["label"] == "复旦大学科技园")
    assert "大小 size: 入驻企业 = 80" in tooltip
    with pytest.raises(ValueError, match=r"no node has a metric '营业收入'.*入驻企业, 孵化面积"):
        write_view(parks_and_universities(), tmp_path / "v.html", size_by="营业收入")


def test_sizes_grow_with_the_square_root_unless_values_span_orders_of_magnitude():
    size = views.sizer([80, 220, None])
    assert size(220) == views.SIZE_MAX and size(None) == size(0) == size(-3) == views.SIZE_MIN
    assert size(80) == round(views.SIZE_MIN + (views.SIZE_MAX - views.SIZE_MIN) * math.sqrt(80 / 220), 1)
    size = views.sizer([1e4, 5.6e9])
    assert size(1e4) == round(views.SIZE_MIN + (views.SIZE_MAX - views.SIZE_MIN) * math.log1p(1e4) / math.log1p(5.6e9), 1)
    assert views.sizer([None, 0])(5) == views.SIZE_MIN


def test_classes_the_palette_does_not_know_are_grey_dots_under_their_own_name(written):
    path, _ = written["hostile"]
    node = next(n for n in page_data(path)["nodes"] if n["label"] == SCRIPT)
    assert (node["shape"], node["color"]["background"], node["borderWidth"]) == ("dot", "#a0a0a0", 4)
    assert "&lt;img src=x onerror=alert(3)&gt;" in path.read_text(encoding="utf-8")


def test_neighbourhood_follows_relations_either_way_and_path_keeps_only_the_chain():
    g = parks_and_universities()
    near = neighbourhood(g, E + "复旦大学科技园")
    assert set(near) == {E + n for n in ("复旦大学科技园", "复旦大学", "上海交通大学科技园", "同济大学国家大学科技园")}
    assert set(neighbourhood(g, E + "复旦大学科技园", hops=2)) == set(g)
    chain = path_graph(g, paths(g, E + "上海交通大学", E + "同济大学"))
    assert chain.graph["path"] == [E + n for n in ("上海交通大学", "上海交通大学科技园", "复旦大学科技园",
                                                   "同济大学国家大学科技园", "同济大学")]
    assert sorted(k for *_, k in chain.edges(keys=True)) == ["affiliatedWith", "coBuilds", "coBuilds", "operatedBy",
                                                             "operatedBy"]
    g.add_node(E + "孤岛", label_zh="孤岛", cls="Place")
    with pytest.raises(QueryError, match="not connected"):
        paths(g, E + "上海交通大学", E + "孤岛")
    with pytest.raises(QueryError, match="not an entity"):
        neighbourhood(g, E + "不存在")


def test_the_vendored_vis_network_is_the_documented_file():
    folder = Path(views.__file__).parent / "static" / "vis-network"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((folder / "vis-network.min.js").read_bytes()).hexdigest()
    assert f"`vis-network.min.js` has sha256 `{digest}`" in readme
    assert "@version 10.1.5" in (folder / "vis-network.min.js").read_text(encoding="utf-8")[:300]
    assert (folder / "LICENSE-MIT").exists() and (folder / "LICENSE-APACHE-2.0").exists()
    assert views.stabilization_iterations(100) == 1000 and views.stabilization_iterations(2000) == 125


# -- in the browser ---------------------------------------------------------------------------------------------
@contextlib.contextmanager
def offline_page(browser, path: Path, *, bypass_csp: bool = False):
    """The view opened from disk in a context that is offline, with every request that is not for a file aborted
    and recorded. Yields (page, record) once the layout has stabilized; the record's lists must stay empty."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN", offline=True,
                                  bypass_csp=bypass_csp)
    page = context.new_page()
    record: dict[str, list[str]] = {"requests": [], "dialogs": [], "errors": []}
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file://", "data:"))
               else (record["requests"].append(route.request.url), route.abort()))
    page.on("dialog", lambda dialog: (record["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: record["errors"].append(str(error)))
    page.on("console", lambda message: message.type == "error" and record["errors"].append(message.text))
    try:
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-stabilized], body[data-error]", state="attached", timeout=60_000)
        assert page.evaluate("document.body.dataset.error || ''") == ""
        yield page, record
    finally:
        context.close()


DRAWN_PIXELS = """() => {
  const canvas = document.querySelector("#kg-network canvas");
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let drawn = 0;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) drawn++;
  return drawn;
}"""

NODE_ON_SCREEN = """(id) => {
  const network = window.kgNetwork, box = document.querySelector("#kg-network canvas").getBoundingClientRect();
  const at = network.canvasToDOM(network.getPosition(id));
  return [box.left + at.x, box.top + at.y];
}"""


def screenshot(page, kind: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"views-{kind}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_view_draws_its_graph_offline_in_chromium(browser, written, kind):
    path, summary = written[kind]
    with offline_page(browser, path) as (page, record):
        assert page.evaluate(DRAWN_PIXELS) > 1_000
        assert page.evaluate("window.kgNetwork.body.data.nodes.length") == summary.shown
        assert page.evaluate("window.kgNetwork.physics.options.enabled") is False  # stopped after stabilizing
        expect(page.locator("#kg-status")).to_have_text("布局完成 · laid out")
        expect(page.locator("#kg-legend li").first).to_be_visible()
        if summary.filtered:
            expect(page.locator("#kg-filtered")).to_have_text(summary.filtered)
        else:
            expect(page.locator("#kg-filtered")).to_have_count(0)
        screenshot(page, kind)
        assert record == {"requests": [], "dialogs": [], "errors": []}


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with its CSP", "with its CSP bypassed"])
def test_hostile_labels_stay_inert_text_in_the_browser(browser, written, bypass_csp):
    """Escaping alone keeps them inert: the same checks pass with the page's Content-Security-Policy switched off."""
    path, _ = written["hostile"]
    with offline_page(browser, path, bypass_csp=bypass_csp) as (page, record):
        assert page.evaluate(DRAWN_PIXELS) > 1_000
        expect(page.locator("#kg-heading")).to_have_text(HOSTILE_TITLE)
        assert page.title() == HOSTILE_TITLE
        expect(page.locator("#kg-legend")).to_contain_text("<img src=x onerror=alert(3)>")
        expect(page.locator("#kg-size")).to_contain_text(f"指标「{IMG}」")
        # Nothing was injected: only the page's three scripts and its legend's symbols, no element with a handler.
        assert page.evaluate("document.querySelectorAll('script').length") == 3
        assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, a, link, base, form').length") == 0
        assert page.evaluate("document.querySelectorAll('svg').length") == page.locator("#kg-legend li").count()
        assert page.evaluate("[...document.querySelectorAll('*')].filter(e => [...e.attributes].some("
                             "a => a.name.startsWith('on'))).length") == 0
        assert page.evaluate("window.__pwned") is None
        # Every tooltip is an element holding text only.
        tooltips = page.evaluate("""() => [...window.kgNetwork.body.data.nodes.get(),
                                           ...window.kgNetwork.body.data.edges.get()].map(
                                    item => [item.title instanceof HTMLDivElement, item.title.childElementCount,
                                             item.title.textContent])""")
        assert all(is_div and children == 0 for is_div, children, _ in tooltips)
        texts = "\n".join(text for *_, text in tooltips)
        for raw in (SCRIPT, IMG, HREF, QUOTES, FLAG, "href"):
            assert raw in texts

        # Hovering shows the tooltip as text; clicking fills the details panel with the same text.
        x, y = page.evaluate(NODE_ON_SCREEN, E + SCRIPT)
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y)
        tooltip = page.locator("#kg-network div.vis-tooltip")
        expect(tooltip).to_be_visible()
        expect(tooltip).to_contain_text(SCRIPT)
        expect(tooltip).to_contain_text(f"{IMG}: 5 {SCRIPT} (2020) «{HREF}»")
        assert tooltip.locator("*").count() == 1  # the one text-only <div class="kg-tip">
        page.mouse.click(x, y)
        expect(page.locator("#kg-details-text")).to_contain_text(f"{IMG}: 5 {SCRIPT} (2020) «{HREF}»")
        screenshot(page, "hostile-tooltip-no-csp" if bypass_csp else "hostile-tooltip")
        assert page.evaluate("window.__pwned") is None
        assert record == {"requests": [], "dialogs": [], "errors": []}


def tiny_graphs() -> dict[str, nx.Graph]:
    one = nx.MultiDiGraph()
    entity(one, "孤岛", "Place", "地点")
    plain = nx.Graph()  # not what analytics.py gives, but networkx's own kind: int and tuple ids, no attributes
    plain.add_edges_from([(1, 2), (2, (3, 4))])
    return {"nothing": nx.MultiDiGraph(), "one node": one, "a plain graph": plain}


@pytest.mark.parametrize("kind", ["nothing", "one node", "a plain graph"])
def test_a_view_of_nothing_one_node_or_a_plain_graph_settles_too(browser, tmp_path, kind):
    summary = write_view(tiny_graphs()[kind], tmp_path / "v.html")
    assert_refers_to_nothing_outside(summary.path)
    with offline_page(browser, summary.path) as (page, record):
        assert page.evaluate("window.kgNetwork.body.data.nodes.length") == summary.shown
        assert (page.evaluate(DRAWN_PIXELS) > 100) == (summary.shown > 0)
        assert record == {"requests": [], "dialogs": [], "errors": []}


def test_a_2000_node_view_opens_and_stabilizes_within_a_minute(browser, tmp_path):
    g = random_graph(2000, 3000, seed=11)
    started = time.monotonic()
    summary = write_view(g, tmp_path / "big.html", title="2,000 个实体 · 2,000 entities", node_limit=2000)
    written_in = time.monotonic() - started
    assert (summary.shown, summary.edges, summary.filtered) == (2000, 3000, "")
    assert_refers_to_nothing_outside(summary.path)
    with offline_page(browser, summary.path) as (page, record):
        elapsed = time.monotonic() - started
        assert elapsed < 60, f"{elapsed:.1f} s"
        assert page.evaluate(DRAWN_PIXELS) > 10_000
        assert page.evaluate("window.kgNetwork.body.data.nodes.length") == 2000
        screenshot(page, "2000-nodes")
        assert record == {"requests": [], "dialogs": [], "errors": []}
    print(f"2,000-node view: written in {written_in:.1f} s, stabilized in the browser after {elapsed:.1f} s")
