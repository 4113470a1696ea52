"""A corpus of reports: shared facts are stored once, so loading the same reports again under other names brings
their own evidence and nothing else, and removing a report keeps whatever other reports still state."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import Store, bundled_report_path, load_reports, named_queries, remove_reports, run

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))
import corpus as generator

REPORTS = 20
EDGES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o . ?p rdfs:subPropertyOf kg:relatedTo }"


def _answers(store: Store, bindings: dict) -> dict[str, list[list[str]]]:
    def rows(result) -> list[list[str]]:
        return result.values() if result.kind == "select" else [[str(t)] for t in result.triples]

    return {name: sorted(rows(run(store, name, bindings.get(name, {})))) for name in named_queries()}


def _entities(store: Store) -> set[tuple[str, ...]]:
    """Entity-level facts: id, class and labels (mention counts left out: they count evidence)."""
    return {tuple(row[:4]) for row in run(store, "entities").values()}


def _edge_summaries(store: Store) -> tuple[set, set]:
    """Each edge's report count and statuses, as its summary in the shared graph gives them and as counted from
    the reports' own statements."""
    summary = run(store, """SELECT ?s ?p ?o ?n (GROUP_CONCAT(STR(?status)) AS ?statuses) WHERE {
        ?e a kg:Edge ; kg:edgeFrom ?s ; kg:edgeProperty ?p ; kg:edgeTo ?o ; kg:reportCount ?n .
        OPTIONAL { ?e kg:status ?status } } GROUP BY ?s ?p ?o ?n""").values()
    statements = run(store, """SELECT ?s ?p ?o ?r ?status WHERE { ?st a kg:RelationStatement ; rdf:subject ?s ;
        rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?r . OPTIONAL { ?st kg:status ?status } }""").values()
    by_edge: dict[tuple, tuple[set, set]] = {}
    for s, p, o, r, status in statements:
        reports, statuses = by_edge.setdefault((s, p, o), (set(), set()))
        reports.add(r)
        statuses |= {status} - {""}
    counted = {(*edge, str(len(reports)), tuple(sorted(statuses))) for edge, (reports, statuses) in by_edge.items()}
    return {(s, p, o, n, tuple(sorted(set(statuses.split())))) for s, p, o, n, statuses in summary}, counted


def _figure_summaries(store: Store) -> tuple[set, set]:
    """Each entity's figure count, report count and largest amount, from its summary and from the observations."""
    summary = run(store, """SELECT ?e ?n ?nr ?amount WHERE { ?e kg:figureCount ?n ; kg:figureReportCount ?nr .
        OPTIONAL { ?e kg:largestAmount/qudt:numericValue ?amount } }""").values()
    figures = run(store, """SELECT ?e ?o ?r ?u ?v WHERE { ?o kg:about ?e ; prov:wasDerivedFrom ?r ; qudt:unit ?u ;
        qudt:numericValue ?v . ?e kg:mentionCount ?m }""").values()
    by_entity: dict[str, list] = {}
    for e, _, r, u, v in figures:
        by_entity.setdefault(e, []).append((r, float(v) if u.endswith("/CCY_CNY") else None))
    counted = {(e, str(len(rows)), str(len({r for r, _ in rows})),
                str(max((v for _, v in rows if v is not None), default="")))
               for e, rows in by_entity.items()}
    return {(e, n, nr, str(float(a)) if a else "") for e, n, nr, a in summary}, counted


def _repeat_summaries(store: Store) -> tuple[set, set]:
    """Each figure stated in two places (report checksum and section): its first and last observation and its
    counts, from its summary and from the observations."""
    summary = run(store, """SELECT ?s ?m ?u ?period ?first ?last ?n ?nr WHERE { ?s kg:repeatedFigure ?f .
        ?f kg:firstFigure ?first ; kg:lastFigure ?last ; kg:repeatCount ?n ; kg:repeatReportCount ?nr .
        ?first kg:measure ?m ; qudt:unit ?u ; kg:period ?period }""").values()
    figures = run(store, """SELECT ?s ?m ?u ?period ?o ?r ?sha ?order WHERE { ?s kg:mentionCount ?c .
        ?o kg:about ?s ; kg:measure ?m ; qudt:unit ?u ; kg:period ?period ; prov:wasDerivedFrom ?r ;
           kg:evidence/kg:inSection/kg:order ?order . ?r kg:sha256 ?sha }""").values()
    by_figure: dict[tuple, list] = {}
    for s, m, u, period, o, r, sha, order in figures:
        by_figure.setdefault((s, m, u, period), []).append(((sha, int(order)), o, r))
    counted = set()
    for key, rows in by_figure.items():
        if len({place for place, _, _ in rows}) > 1:
            rows.sort()
            counted.add((*key, rows[0][1], rows[-1][1], str(len(rows)), str(len({r for *_, r in rows}))))
    return set(map(tuple, summary)), counted


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """A store with 20 generated reports, then the same 20 again under new file names; answers at each step."""
    root = tmp_path_factory.mktemp("corpus")
    files = generator.generate(REPORTS, root / "reports")
    copies = root / "copies"
    copies.mkdir()
    for f in files:
        shutil.copy(f, copies / f"copy-{f.name}")
    store = Store(root / "store")
    load_reports(store, files)
    bindings = generator.sample_bindings(store)
    first = {"answers": _answers(store, bindings), "entities": _entities(store),
             "edges": sorted(run(store, EDGES).values()), "rows": len(store)}
    load_reports(store, sorted(copies.iterdir()))
    second = {"answers": _answers(store, bindings), "entities": _entities(store),
              "edges": sorted(run(store, EDGES).values())}
    return store, files, bindings, first, second


def test_every_library_query_answers_the_first_twenty_reports(corpus_store):
    _, _, _, first, _ = corpus_store
    empty = [name for name, rows in first["answers"].items() if not rows]
    assert empty == []


def test_loading_the_same_reports_again_at_most_doubles_any_answer(corpus_store):
    _, _, _, first, second = corpus_store
    for name, rows in first["answers"].items():
        assert len(second["answers"][name]) <= 2 * len(rows), name


def test_entities_their_classes_and_direct_relations_are_unchanged_by_the_copies(corpus_store):
    _, _, _, first, second = corpus_store
    assert second["entities"] == first["entities"]
    assert second["edges"] == first["edges"]
    assert len(first["entities"]) > 200 and len(first["edges"]) > 200


def test_each_shared_fact_is_stored_once_in_the_shared_graph(corpus_store):
    store = corpus_store[0]
    labels = run(store, """SELECT ?e (COUNT(*) AS ?n) WHERE { ?e kg:mentionCount ?c ; rdfs:label ?l .
        FILTER (langMatches(lang(?l), "zh")) } GROUP BY ?e HAVING (COUNT(*) > 1)""").values()
    assert labels == []
    graphs = run(store, """SELECT DISTINCT ?g WHERE { GRAPH ?g { ?e kg:mentionCount ?c } }""").values()
    assert graphs == [["https://w3id.org/shanghai-innovation-kg/graph/shared"]]


def test_mention_counts_add_up_across_reports(corpus_store):
    store, _, _, first, _ = corpus_store
    before = {row[0]: int(row[5]) for row in first["answers"]["entities"]}
    after = {row[0]: int(row[5]) for row in run(store, "entities").values()}
    assert after == {iri: 2 * n for iri, n in before.items()}


def test_each_edge_each_entity_s_figures_and_each_repeated_figure_are_summarized_as_the_reports_state_them(corpus_store):
    store = corpus_store[0]
    summary, counted = _edge_summaries(store)
    assert summary == counted
    assert {n for _, _, _, n, _ in summary} >= {"2", "4"}  # each report twice; some edges stated in two reports
    assert any(statuses for *_, statuses in summary)
    summary, counted = _figure_summaries(store)
    assert summary == counted and len(summary) > 50
    summary, counted = _repeat_summaries(store)
    assert summary == counted and len(summary) > 50


def test_removing_the_copies_gives_back_exactly_the_first_answers(corpus_store, tmp_path):
    store, files, bindings, first, _ = corpus_store
    remove_reports(store, [f"copy-{f.stem}" for f in files])
    assert _answers(store, bindings) == first["answers"]
    assert len(store) == first["rows"]


def test_removing_one_report_keeps_every_entity_the_others_mention(corpus_store):
    store = corpus_store[0]
    victim = store.report_ids()[0]
    only_victim = {row[0] for row in run(store, f"""SELECT ?e WHERE {{
        ?rec kg:describes ?e ; prov:wasDerivedFrom <https://w3id.org/shanghai-innovation-kg/id/report/{victim}> .
        FILTER NOT EXISTS {{ ?other kg:describes ?e ; prov:wasDerivedFrom ?r .
                             FILTER (?r != <https://w3id.org/shanghai-innovation-kg/id/report/{victim}>) }} }}""").values()}
    remove_reports(store, [victim])
    mentioned = {row[0] for row in run(store, "SELECT DISTINCT ?e WHERE { ?m kg:mentionOf ?e }").values()}
    present = {row[0] for row in run(store, "SELECT ?e WHERE { ?e kg:mentionCount ?n }").values()}
    assert mentioned == present
    assert only_victim and not only_victim & present
    assert victim not in store.report_ids()
    assert _edge_summaries(store)[0] == _edge_summaries(store)[1]
    assert _figure_summaries(store)[0] == _figure_summaries(store)[1]
    assert _repeat_summaries(store)[0] == _repeat_summaries(store)[1]


def test_removing_a_report_that_is_not_loaded_says_so_and_changes_nothing(corpus_store):
    from graph.errors import ReportError

    store = corpus_store[0]
    before = len(store)
    with pytest.raises(ReportError, match="No report 'nothing-here'"):
        remove_reports(store, ["nothing-here"])
    assert len(store) == before


def test_a_load_that_fits_one_file_takes_no_more_disk_than_a_raw_bulk_load_of_its_quads(tmp_path):
    # Written in one part, not in parts then compacted: the engine compacts into levels it leaves uncompressed
    # (a store bulk-loaded in two parts and compacted is 1.7× this one).
    store = Store(tmp_path / "s")
    load_reports(store, [bundled_report_path()])
    dump = tmp_path / "dump.nq"
    dump.write_bytes(store.dump(ox.RdfFormat.N_QUADS))
    raw = ox.Store(str(tmp_path / "raw"))
    raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    raw.optimize()
    del raw
    raw_bytes = sum(f.stat().st_size for f in (tmp_path / "raw").rglob("*") if f.is_file())
    assert store.size_on_disk() <= 1.1 * raw_bytes
