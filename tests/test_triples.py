import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from graph import build, bundled_report_path, extract, namespaces

KG, OA = Namespace(namespaces.KG), Namespace(namespaces.OA)


def _graph(ex) -> Graph:
    """The report's quads as an rdflib graph, to inspect them."""
    return Graph().parse(data=ox.serialize([q.triple for q in build(ex)], format=ox.RdfFormat.N_TRIPLES), format="nt")


def test_building_the_same_report_twice_gives_identical_sorted_nquads():
    first = sorted(str(q) for q in build(extract(bundled_report_path())))
    second = sorted(str(q) for q in build(extract(bundled_report_path())))
    assert first == second
    assert len(first) > 3000


def test_every_quad_lies_in_the_reports_own_graph(bundled_extraction):
    graphs = {q.graph_name.value for q in build(bundled_extraction)}
    assert graphs == {"https://w3id.org/shanghai-innovation-kg/graph/report/shanghai-st-progress-report-2020-excerpt"}


def test_there_are_no_blank_nodes_and_iris_are_readable(bundled_extraction):
    g = _graph(bundled_extraction)
    assert not any(isinstance(term, BNode) for triple in g for term in triple)
    described = {str(o) for s, o in g.subject_objects(KG.describes) if (s, KG.statedClass, KG.University) in g}
    assert "https://w3id.org/shanghai-innovation-kg/id/entity/sjtu" in described


def test_every_evidence_quote_equals_the_text_at_its_offsets(bundled_extraction):
    g = _graph(bundled_extraction)
    text = bundled_extraction.document.text
    spans = set(g.subjects(RDF.type, KG.TextSpan))
    assert len(spans) > 100
    for span in spans:
        pos = URIRef(f"{span}#position")
        quote = URIRef(f"{span}#quote")
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert str(g.value(quote, OA.exact)) == text[start:end]


def test_every_observation_mention_and_statement_has_evidence(bundled_extraction):
    g = _graph(bundled_extraction)
    for cls in (KG.Observation, KG.Mention, KG.RelationStatement):
        nodes = set(g.subjects(RDF.type, cls))
        assert nodes
        assert all(g.value(n, KG.evidence) is not None for n in nodes)


def test_observations_carry_decimal_values_in_base_units(bundled_extraction):
    g = _graph(bundled_extraction)
    values = {str(g.value(o, KG.surface)): g.value(o, URIRef("http://qudt.org/schema/qudt/numericValue"))
              for o in g.subjects(RDF.type, KG.Observation)}
    assert values["56.14**亿元"] == Literal("5614000000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
