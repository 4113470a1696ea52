"""IRIs: the ontology's namespace and the readable, stable IRIs of everything the loader creates.

Instances live under `https://w3id.org/shanghai-innovation-kg/id/`. Nothing is a blank node and nothing is random:
an entity's IRI is its gazetteer id or its Chinese label, a span's IRI is its report id and character offsets, so
building the same report twice gives the same triples.
"""

from __future__ import annotations

import re
import unicodedata

from .measures import concept_key


class Namespace(str):
    """An IRI prefix; `NS.name` and `NS["name"]` are full IRIs (plain strings: no RDF library needed to import
    this module, so `kg query` starts fast)."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self + name

    def __getitem__(self, name: str) -> str:  # type: ignore[override]
        return self + name


URIRef = str

BASE = "https://w3id.org/shanghai-innovation-kg/"
KG = Namespace(BASE + "ontology#")
KGU = Namespace(BASE + "unit/")
ID = Namespace(BASE + "id/")
OA = Namespace("http://www.w3.org/ns/oa#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SCHEMA = Namespace("https://schema.org/")

ONTOLOGY_GRAPH = URIRef(BASE + "graph/ontology")
PREFIXES = {
    "kg": str(KG), "kgu": str(KGU), "id": str(ID), "oa": str(OA), "qudt": str(QUDT), "unit": str(UNIT),
    "schema": str(SCHEMA), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#", "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/", "owl": "http://www.w3.org/2002/07/owl#",
}
SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

# Units with a QUDT IRI; the others (counts with their counter word, people, ratios) are ours.
_QUDT_UNITS = {"CNY": "CCY_CNY", "USD": "CCY_USD", "EUR": "CCY_EUR", "HKD": "CCY_HKD", "percent": "PERCENT",
               "m2": "M2", "km2": "KiloM2", "ha": "HA", "W": "W", "Wh": "W-HR", "t": "TONNE", "km": "KiloM",
               "m3": "M3"}


def iri_safe(text: str) -> str:
    """Text usable inside an IRI path segment: NFKC, without the characters IRIs forbid."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s<>\"{}|\\^`“”‘’'《》#?%/\[\]]+", "", text) or "_"


def report_graph(doc_id: str) -> URIRef:
    return URIRef(f"{BASE}graph/report/{doc_id}")


def report_iri(doc_id: str) -> URIRef:
    return ID[f"report/{doc_id}"]


def section_iri(doc_id: str, index: int) -> URIRef:
    return ID[f"report/{doc_id}/section/{index}"]


def span_iri(doc_id: str, start: int, end: int) -> URIRef:
    return ID[f"report/{doc_id}/span/{start}-{end}"]


def entity_iri(key: str) -> URIRef:
    return ID[f"entity/{iri_safe(key)}"]


def measure_iri(label: str) -> URIRef:
    """The measure concept a phrase names: phrases for the same quantity share it (see `graph.measures`)."""
    return ID[f"measure/{iri_safe(concept_key(label)) if label else 'unspecified'}"]


def unit_iri(unit: str) -> URIRef:
    if unit in _QUDT_UNITS:
        return UNIT[_QUDT_UNITS[unit]]
    return KGU[iri_safe(unit.replace(":", "-"))]


def unit_key(iri: str) -> str:
    """The short unit name shown to users (CNY, percent, count:家) for a unit IRI."""
    for key, local in _QUDT_UNITS.items():
        if iri == str(UNIT[local]):
            return key
    local = iri.removeprefix(str(KGU))
    return local.replace("count-", "count:", 1) if local.startswith("count-") else local
