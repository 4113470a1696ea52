from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace
from rdflib.namespace import SKOS

from graph import namespaces

KG = Namespace(namespaces.KG)

SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY = Path(__file__).resolve().parents[1] / "ontology"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY / "kg.ttl")


def _terms(g: Graph, kind) -> set:
    return {s for s in g.subjects(RDF.type, kind) if str(s).startswith(str(KG))}


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty])
def test_every_class_and_property_has_zh_and_en_labels_and_a_definition(ontology, kind):
    terms = _terms(ontology, kind)
    assert terms
    for term in terms:
        languages = {label.language for label in ontology.objects(term, RDFS.label)}
        assert {"zh", "en"} <= languages, term
        assert ontology.value(term, SKOS.definition) is not None, term


def test_the_ontology_reuses_standard_vocabularies(ontology):
    parents = {str(o) for o in ontology.objects(None, RDFS.subClassOf)}
    for namespace in ("http://www.w3.org/ns/prov#", "http://www.w3.org/ns/oa#", "https://schema.org/",
                      "http://www.w3.org/ns/org#", "http://www.w3.org/2004/02/skos/core#"):
        assert any(p.startswith(namespace) for p in parents), namespace
    assert any(str(s).startswith("http://qudt.org/vocab/unit/") for s in ontology.subjects(RDF.type, None))


def test_every_class_the_extractors_emit_is_declared(ontology, bundled_extraction):
    declared = {str(c).split("#")[1] for c in _terms(ontology, OWL.Class)}
    assert {e.cls for e in bundled_extraction.entities.values()} <= declared
    from graph.extract.entities import CATEGORY_NOUNS, HEADS

    assert set(HEADS.values()) | set(CATEGORY_NOUNS.values()) <= declared


def test_the_shapes_parse_and_target_the_core_classes():
    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    targets = {str(o).split("#")[1] for o in shapes.objects(None, SH.targetClass)}
    assert {"Observation", "Entity", "Mention", "RelationStatement", "TextSpan", "Report"} <= targets

