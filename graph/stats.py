"""Counts that describe the store: triples per graph, entities per class, observations, relations."""

from __future__ import annotations

from .query import run
from .store import Store


def stats(store: Store) -> dict[str, list[tuple[str, int]]]:
    per_graph = run(store, """
        SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g""")
    per_class = run(store, """
        SELECT ?cls (COUNT(DISTINCT ?e) AS ?n) WHERE {
            ?e a ?c . ?c rdfs:subClassOf* kg:Entity .
            FILTER NOT EXISTS { ?e a ?sub . ?sub rdfs:subClassOf+ ?c . FILTER (?sub != ?c) }
            BIND (STRAFTER(STR(?c), "#") AS ?cls)
        } GROUP BY ?cls ORDER BY DESC(?n) ?cls""")
    totals = run(store, """
        SELECT (COUNT(DISTINCT ?o) AS ?observations) (COUNT(DISTINCT ?st) AS ?statements)
               (COUNT(DISTINCT ?m) AS ?mentions) (COUNT(DISTINCT ?r) AS ?reports) WHERE {
            { ?o a kg:Observation } UNION { ?st a kg:RelationStatement } UNION { ?m a kg:Mention }
            UNION { ?r a kg:Report }
        }""")
    return {
        "triples per graph": [(g, int(n)) for g, n in per_graph.values()],
        "entities per class": [(c, int(n)) for c, n in per_class.values()],
        "totals": [(name, int(value)) for name, value in zip(totals.columns, totals.values()[0], strict=True)],
    }
