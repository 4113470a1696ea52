import shutil

import pytest

from graph import Store, load_reports, run
from graph.errors import ReportError, StoreError
from graph.report import bundled_report_path

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _count(store: Store) -> int:
    return int(run(store, COUNT).values()[0][0])


def test_each_report_is_a_named_graph_beside_the_ontology(store):
    names = store.graph_names()
    assert "https://w3id.org/shanghai-innovation-kg/graph/ontology" in names
    assert store.report_ids() == ["shanghai-st-progress-report-2020-excerpt"]


def test_loading_the_same_report_twice_keeps_the_same_triples(tmp_path):
    store = Store(tmp_path / "s")
    load_reports(store, [bundled_report_path()])
    first = sorted(str(q) for q in store.quads())
    load_reports(store, [bundled_report_path()])
    assert sorted(str(q) for q in store.quads()) == first


def test_a_changed_report_replaces_its_graph(tmp_path):
    report = tmp_path / "r2021.md"
    report.write_text("全年新增企业300家。\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    load_reports(store, [report])
    report.write_text("全年新增企业400家,专利1200件。\n", encoding="utf-8")
    load_reports(store, [report])
    values = run(store, "SELECT ?v WHERE { ?o qudt:numericValue ?v } ORDER BY ?v").values()
    assert values == [["400"], ["1200"]]


def test_a_bad_file_among_good_ones_leaves_the_store_exactly_as_it_was(tmp_path):
    store = Store(tmp_path / "s")
    load_reports(store, [bundled_report_path()])
    before = sorted(str(q) for q in store.quads())
    good = tmp_path / "good.md"
    good.write_text("全年新增企业300家。\n", encoding="utf-8")
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"\x00\x01binary")
    with pytest.raises(ReportError):
        load_reports(store, [good, bad])
    assert sorted(str(q) for q in store.quads()) == before


def test_queries_still_work_when_the_report_file_is_gone(tmp_path):
    report = tmp_path / "copy-2020.md"
    shutil.copy(bundled_report_path(), report)
    load_reports(Store(tmp_path / "s"), [report])
    report.unlink()
    reader = Store(tmp_path / "s", read_only=True)
    assert int(run(reader, "SELECT (COUNT(?o) AS ?n) WHERE { ?o a kg:Observation }").values()[0][0]) >= 60


def test_opening_a_missing_store_read_only_says_to_load_first(tmp_path):
    with pytest.raises(StoreError, match="run `kg load` first"):
        Store(tmp_path / "nothing", read_only=True)


def test_a_folder_that_is_not_a_store_is_refused(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match="is not a graph store"):
        Store(tmp_path)


def test_a_store_in_use_by_another_writer_is_reported(tmp_path):
    first = Store(tmp_path / "s")
    with pytest.raises(StoreError, match=r"in use by another process|Cannot open"):
        Store(tmp_path / "s")
    del first


def test_export_formats_parse_back(store):
    import pyoxigraph as ox
    from rdflib import Dataset, Graph

    ttl = store.export(ox.RdfFormat.TURTLE)
    assert len(Graph().parse(data=ttl, format="turtle")) > 3000
    nq = store.export(ox.RdfFormat.N_QUADS)
    assert len(list(Dataset().parse(data=nq, format="nquads").graphs())) >= 2
    assert store.export(ox.RdfFormat.JSON_LD).lstrip().startswith((b"{", b"["))


def test_an_entity_named_differently_in_two_reports_is_one_node(tmp_path):
    first = tmp_path / "report-2020.md"
    first.write_text("全面推进中以（上海）创新园建设,已引入32家企业。\n\n苏州纳米城科技发展有限公司入驻。\n", encoding="utf-8")
    second = tmp_path / "report-2021.md"
    second.write_text("中以创新园新引入企业40家。\n\n纳米城科技发展有限公司再获融资。\n", encoding="utf-8")
    store = Store(tmp_path / "s")
    load_reports(store, [first])
    load_reports(store, [second])
    rows = run(store, """SELECT ?e (COUNT(DISTINCT ?r) AS ?reports) WHERE {
        ?m kg:mentionOf ?e ; kg:evidence/oa:hasSource ?r . ?e rdfs:label ?l . FILTER (CONTAINS(?l, "中以")) }
        GROUP BY ?e""").values()
    assert len(rows) == 1 and rows[0][1] == "2"
