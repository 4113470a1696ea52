import pyoxigraph as ox

from graph import Store, build, bundled_report_path, corpus, extract, tables, validate


def _store_with(tmp_path, ex, quads) -> Store:
    """A store holding one report graph written as given (possibly broken on purpose)."""
    store = Store(tmp_path / "s")
    with store.transaction() as db:
        db.spool.mkdir()
        report = db.spool / "report.nq"
        report.write_bytes(corpus.ontology_nquads() + ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        corpus.bulk_write(db, [report])
        db.tables.replace(tables.rows(ex.document.report.doc_id, quads))
        corpus.refresh_shared(db, db.tables, corpus.touched_in(quads))
    return store


def test_the_bundled_report_conforms_to_the_shapes_and_checks(store):
    verdict = validate(store)
    assert verdict.violations == []
    assert verdict.checks and all(verdict.checks.values())
    assert verdict.conforms


def test_an_observation_with_two_values_is_reported(tmp_path):
    ex = extract(bundled_report_path())
    quads = build(ex)
    obs = next(q for q in quads if q.object == ox.Literal("56.14**亿元"))
    decimal = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
    quads.append(ox.Quad(obs.subject, ox.NamedNode("http://qudt.org/schema/qudt/numericValue"),
                         ox.Literal("1", datatype=decimal), obs.graph_name))
    store = _store_with(tmp_path, ex, quads)
    verdict = validate(store)
    assert not verdict.conforms
    # The violation names the observation and the property, and quotes the sentence the figure came from.
    assert any("/observation/" in v and "numericValue" in v and "贷款余额合计**56.14**亿元" in v
               for v in verdict.violations)
    assert verdict.checks["observation-components"] is False


def test_a_quote_that_does_not_match_the_text_fails_its_check(tmp_path):
    ex = extract(bundled_report_path())
    exact = ox.NamedNode("http://www.w3.org/ns/oa#exact")
    quads = build(ex)
    victim = next(q for q in quads if q.predicate == exact)
    quads = [q for q in quads if q != victim] + [ox.Quad(victim.subject, exact, ox.Literal("伪造"), victim.graph_name)]
    store = _store_with(tmp_path, ex, quads)
    assert validate(store).checks["quote-matches-text"] is False


def test_reports_with_physical_and_latin_units_validate(tmp_path):
    report = tmp_path / "energy-2022.md"
    report.write_text("全年新增光伏装机容量100万千瓦,算力规模达到3000PFlops,用电量20亿千瓦时。\n", encoding="utf-8")
    from graph import load_reports

    store = Store(tmp_path / "s")
    load_reports(store, [report])
    verdict = validate(store)
    assert verdict.conforms, verdict.violations[:3]


def test_a_broken_check_names_each_offending_node_with_its_sentence(tmp_path):
    report = tmp_path / "parts-2022.md"
    sentence = "全市共有企业10家(含外资企业3家),其中国有企业44家。"
    report.write_text(f"{sentence}\n", encoding="utf-8")
    from graph import load_reports

    store = Store(tmp_path / "s")
    load_reports(store, [report])
    verdict = validate(store)
    assert not verdict.conforms
    [line] = verdict.failures["part-exceeds-total"]
    assert "/id/report/parts-2022/observation/" in line and " 44 " in line
    assert f"«{sentence}» (parts-2022)" in line
