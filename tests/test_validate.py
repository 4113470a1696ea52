from rdflib import Graph, Literal, URIRef

from graph import Store, build, bundled_report_path, extract, validate
from graph.namespaces import KG, QUDT, report_graph


def test_the_bundled_report_conforms_to_the_shapes_and_checks(store):
    verdict = validate(store)
    assert verdict.violations == []
    assert verdict.checks and all(verdict.checks.values())
    assert verdict.conforms


def test_an_observation_with_two_values_is_reported(tmp_path):
    ex = extract(bundled_report_path())
    g: Graph = build(ex)
    obs = next(g.subjects(predicate=KG.surface, object=Literal("56.14**亿元")))
    g.add((obs, QUDT.numericValue, Literal("1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))))
    store = Store(tmp_path / "s")
    store.replace_graphs({report_graph(ex.document.report.doc_id): g})
    verdict = validate(store)
    assert not verdict.conforms
    assert any("56.14" not in v and "numericValue" in v for v in verdict.violations)
    assert verdict.checks["observation-components"] is False


def test_a_quote_that_does_not_match_the_text_fails_its_check(tmp_path):
    ex = extract(bundled_report_path())
    g = build(ex)
    quote = next(s for s in g.subjects() if str(s).endswith("#quote"))
    g.remove((quote, URIRef("http://www.w3.org/ns/oa#exact"), None))
    g.add((quote, URIRef("http://www.w3.org/ns/oa#exact"), Literal("伪造")))
    store = Store(tmp_path / "s")
    store.replace_graphs({report_graph(ex.document.report.doc_id): g})
    assert validate(store).checks["quote-matches-text"] is False


def test_reports_with_physical_and_latin_units_validate(tmp_path):
    report = tmp_path / "energy-2022.md"
    report.write_text("全年新增光伏装机容量100万千瓦,算力规模达到3000PFlops,用电量20亿千瓦时。\n", encoding="utf-8")
    from graph import load_reports

    store = Store(tmp_path / "s")
    load_reports(store, [report])
    verdict = validate(store)
    assert verdict.conforms, verdict.violations[:3]
