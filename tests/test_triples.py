from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF

from graph import build, bundled_report_path, extract
from graph.namespaces import KG, OA


def test_building_the_same_report_twice_gives_identical_sorted_ntriples():
    first = sorted(build(extract(bundled_report_path())).serialize(format="nt").splitlines())
    second = sorted(build(extract(bundled_report_path())).serialize(format="nt").splitlines())
    assert first == second
    assert len(first) > 3000


def test_there_are_no_blank_nodes_and_iris_are_readable(bundled_extraction):
    g = build(bundled_extraction)
    assert not any(isinstance(term, BNode) for triple in g for term in triple)
    entities = {str(s) for s in g.subjects(RDF.type, KG.University)}
    assert "https://w3id.org/shanghai-innovation-kg/id/entity/sjtu" in entities


def test_every_evidence_quote_equals_the_text_at_its_offsets(bundled_extraction):
    g = build(bundled_extraction)
    text = bundled_extraction.document.text
    spans = set(g.subjects(RDF.type, KG.TextSpan))
    assert len(spans) > 100
    for span in spans:
        pos = URIRef(f"{span}#position")
        quote = URIRef(f"{span}#quote")
        start, end = int(g.value(pos, OA.start)), int(g.value(pos, OA.end))
        assert str(g.value(quote, OA.exact)) == text[start:end]


def test_every_observation_mention_and_statement_has_evidence(bundled_extraction):
    g = build(bundled_extraction)
    for cls in (KG.Observation, KG.Mention, KG.RelationStatement):
        nodes = set(g.subjects(RDF.type, cls))
        assert nodes
        assert all(g.value(n, KG.evidence) is not None for n in nodes)


def test_observations_carry_decimal_values_in_base_units(bundled_extraction):
    g = build(bundled_extraction)
    values = {str(g.value(o, KG.surface)): g.value(o, URIRef("http://qudt.org/schema/qudt/numericValue"))
              for o in g.subjects(RDF.type, KG.Observation)}
    assert values["56.14**亿元"] == Literal("5614000000", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
