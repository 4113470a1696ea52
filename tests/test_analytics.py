"""Relationship analytics: the projection holds the domain entities and relations and nothing else, paths carry
their evidence, names resolve or say which entities they could mean, and the exports open in graph tools."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from graph import analytics, run
from graph.errors import QueryError

SJTU = "https://w3id.org/shanghai-innovation-kg/id/entity/sjtu"
MEDTRONIC = "https://w3id.org/shanghai-innovation-kg/id/entity/medtronic"


@pytest.fixture(scope="module")
def g(store):
    return analytics.project(store)


def test_the_projection_has_one_node_per_entity_and_one_edge_per_direct_relation(store, g):
    entities = run(store, "SELECT ?e WHERE { ?e kg:mentionCount ?n }").values()
    edges = run(store, "SELECT ?s ?p ?o WHERE { ?p rdfs:subPropertyOf kg:relatedTo . ?s ?p ?o }").values()
    assert set(g.nodes) == {e for [e] in entities}
    assert g.number_of_edges() == len(edges) == 46


def test_the_projection_holds_no_provenance_ontology_or_literal_nodes(g):
    assert all(n.startswith("https://w3id.org/shanghai-innovation-kg/id/entity/") for n in g)


def test_nodes_carry_labels_class_mentions_and_metrics(g):
    sjtu = g.nodes[SJTU]
    assert (sjtu["label_zh"], sjtu["label_en"], sjtu["cls"], sjtu["cls_zh"]) == (
        "上海交通大学", "Shanghai Jiao Tong University", "University", "高校")
    assert sjtu["mentions"] == 5 and sjtu["aliases"] == ["交大"]
    voucher = next(d for _, d in g.nodes(data=True) if d["label_zh"] == "科技创新券")
    assert any(m["surface"].startswith("3739") for m in voucher["metrics"])
    assert voucher["figures"] == len(voucher["metrics"]) == 15 and "发放总额" in voucher["measures"]


def test_each_edge_carries_its_relation_labels_status_and_evidence_sentences(store, g):
    data = [d for s, o, d in g.edges(data=True) if o == SJTU and s.endswith("美敦力中国研发中心")]
    assert len(data) == 1
    edge = data[0]
    assert (edge["label_zh"], edge["label_en"], edge["status"]) == ("合作", "partners with", "planned")
    [evidence] = edge["evidence"]
    text = run(store, "SELECT ?t WHERE { ?r kg:text ?t }").values()[0][0]
    assert text[evidence["start"]:evidence["end"]] == evidence["sentence"]
    assert "上海交通大学在零号湾区域新建美敦力医疗机器人研发中心" in evidence["sentence"]


def test_the_path_from_medtronic_to_sjtu_names_each_relation_with_its_sentence(g):
    [path] = analytics.paths(g, analytics.resolve(g, "美敦力"), analytics.resolve(g, "上海交通大学"))
    assert [g.nodes[s.target]["label_zh"] for s in path] == ["美敦力中国研发中心", "上海交通大学"]
    assert [(s.label_en, s.forward) for s in path] == [("affiliated with", False), ("partners with", True)]
    assert all(s.evidence for s in path)


def test_kg_path_prints_the_steps_and_their_evidence(kg):
    result = kg("path", "美敦力", "上海交通大学")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "美敦力 (Medtronic)"
    assert "合作 partners with [planned] → 上海交通大学 (Shanghai Jiao Tong University)" in result.output
    assert "“美敦力中国研发中心计划与南滨江公司、上海交通大学在零号湾区域新建美敦力医疗机器人研发中心”" in result.output


def test_an_ambiguous_name_lists_the_entities_it_could_mean(kg):
    result = kg("path", "大学科技园", "美敦力")
    assert result.exit_code == QueryError.exit_code
    assert result.output.startswith("error: '大学科技园' matches ") and "同济大学科技园" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_unknown_name_is_a_one_line_error(kg):
    result = kg("neighbors", "不存在的机构名称")
    assert result.exit_code == QueryError.exit_code and result.output.startswith("error: No entity is named")


def test_names_resolve_by_english_label_alias_and_close_spelling(g):
    assert analytics.resolve(g, "shanghai jiao tong university") == SJTU
    assert analytics.resolve(g, "交大") == SJTU
    assert analytics.resolve(g, "Medtronc") == MEDTRONIC


def test_neighbours_within_two_hops_of_sjtu_reach_the_zero_bay_cluster(kg):
    one = kg("neighbors", "上海交通大学").output
    two = kg("neighbors", "上海交通大学", "--hops", "2").output
    assert "大零号湾" not in one and "2  Cluster" in two and "大零号湾" in two


def test_ranking_by_degree_puts_the_most_connected_entity_first(g):
    simple = nx.Graph(g.to_undirected())
    _top, score = analytics.rank(g, "degree")[0]
    assert score == max(d for _, d in simple.degree())
    assert analytics.rank(g, "degree", cls="University")[0][0] == SJTU


def test_pagerank_sums_to_one_and_agrees_with_degree_on_the_leader(g):
    scores = dict(analytics.rank(g, "pagerank", top=10_000))
    assert abs(sum(scores.values()) - 1) < 1e-6
    assert max(scores, key=scores.get) == analytics.rank(g, "degree")[0][0]


def test_an_unknown_class_lists_the_classes_in_the_graph(kg):
    result = kg("rank", "--class", "Spaceship")
    assert result.exit_code == QueryError.exit_code and "University" in result.output


def test_communities_cover_every_connected_entity_once_and_are_named_by_members(g):
    found = analytics.communities(g)
    members = [m for c in found for m in c.members]
    assert len(members) == len(set(members))
    connected = {n for n in g if g.degree(n) > 0}
    assert connected <= set(members)
    assert all(c.name.split(" · ")[0] == g.nodes[c.members[0]]["label_zh"] for c in found)


def test_bridges_are_articulation_points_whose_removal_splits_the_graph(g):
    simple = nx.Graph(g.to_undirected())
    parts = nx.number_connected_components(simple)
    for node, _, cut in analytics.bridges(g):
        if cut:
            assert nx.number_connected_components(nx.restricted_view(simple, [node], [])) > parts


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_exports_read_back_with_the_same_entities_relations_and_labels(kg, g, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = kg("export", "--format", fmt, "-o", str(out))
    assert result.exit_code == 0
    if fmt == "graphml":
        back = nx.read_graphml(out)
    elif fmt == "gexf":
        back = nx.read_gexf(out)
    else:
        back = nx.node_link_graph(json.loads(out.read_text(encoding="utf-8")), edges="links")
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    assert back.nodes[SJTU]["label_zh"] == "上海交通大学"
    evidence = [d.get("sentence") or (d["evidence"][0]["sentence"] if d.get("evidence") else "")
                for _, _, d in back.edges(data=True)]
    assert any("美敦力医疗机器人研发中心" in e for e in evidence)


@pytest.mark.parametrize(("args", "shown"), [
    ((), "64 of 64 entities"),
    (("--entity", "交大", "--hops", "2"), "7 of 7 entities"),
    (("--path", "美敦力", "上海交通大学"), "entities"),
    (("--query", "universities-and-science-parks"), "entities"),
    (("--limit", "10"), "10 of 64 entities"),
])
def test_kg_view_writes_one_self_contained_page_for_each_kind_of_view(kg, tmp_path, args, shown):
    out = tmp_path / "view.html"
    result = kg("view", "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    assert shown in result.output
    page = out.read_text(encoding="utf-8")
    assert "vis-network" in page and "http://" not in page and "https://" not in page
    assert "上海交通大学" in page or "--limit" in args


def test_kg_view_of_a_path_draws_both_ends_in_the_browser(kg, tmp_path, browser):
    out = tmp_path / "path.html"
    kg("view", "-o", str(out), "--path", "美敦力", "上海交通大学")
    page = browser.new_page()
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
               else (outside.append(route.request.url), route.abort()))
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-stabilized='true']", timeout=60_000)
    drawn = page.evaluate("""() => { const c = document.querySelector('canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }""")
    artifacts = Path(__file__).parent / "artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "kg-view-path.png"))
    page.close()
    assert drawn > 1000 and outside == []


def test_a_query_whose_answer_names_no_entity_has_nothing_to_draw(kg, tmp_path):
    result = kg("view", "-o", str(tmp_path / "v.html"), "--query", "ASK { ?s ?p ?o }")
    assert result.exit_code == QueryError.exit_code and "nothing to draw" in result.output
