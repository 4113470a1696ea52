"""The corpus layout: which named graph holds what, so a graph of a thousand reports stays as fast as one.

    graph/ontology       the OWL ontology (classes, properties, labels, the units and statuses it names)
    graph/shared         each shared fact once, however many reports state it: an entity's class, labels,
                         aliases, lower-cased names (kg:nameKey) and total mention count, the direct edges
                         between entities (kg:coBuilds, …), measure concepts and the units the ontology does
                         not name; and summaries of what the reports say, so that a query reads one node
                         instead of every report's statements: one kg:Edge per direct edge (the statuses the
                         reports give it, how many reports state it), each entity's figures (how many, in
                         how many reports, the largest amount and the largest count) and each figure stated
                         in two places (kg:RepeatedFigure: its first and last place, how many times and in
                         how many reports)
    graph/report/<doc>   one report's own facts: the report and its text, sections, evidence spans, mentions,
                         observations, relation statements, and records of what it says about shared things
                         (kg:EntityRecord, kg:MeasureRecord)

Queries run over the union of the graphs. A triple lives in one graph only, so the union never repeats it and a
join never multiplies rows. The shared graph is derived: for every entity, measure and unit, its shared facts are a
function of the records, statements and observations of all report graphs (`_derive`). Replacing or removing a
report recomputes the shared facts of just the things it touched, so an entity or edge that only that report
supported goes, and everything another report still states stays.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from .namespaces import BASE, ONTOLOGY_GRAPH, PREFIXES, QUDT, report_graph, unit_key
from .store import ontology_dir
from .triples import (
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS_LABEL,
    SKOS_ALT,
    SKOS_IN_SCHEME,
    SKOS_NOTATION,
    SKOS_PREF,
    integer,
    iri,
    kg,
)

SHARED_GRAPH = ox.NamedNode(BASE + "graph/shared")
ONTOLOGY = iri(ONTOLOGY_GRAPH)
_DESCRIBES, _STATED_CLASS, _STATED_LABEL, _STATED_ALIAS, _MENTIONS = (
    kg(p) for p in ("describes", "statedClass", "statedLabel", "statedAlias", "mentionsInReport"))
_ENTITY_RECORD = kg("EntityRecord")
_UNIT = iri(QUDT.unit)
_NAME_KEY = kg("nameKey")
_EDGE, _EDGE_FROM, _EDGE_PROPERTY, _EDGE_TO, _STATUS, _REPORT_COUNT = (
    kg(p) for p in ("Edge", "edgeFrom", "edgeProperty", "edgeTo", "status", "reportCount"))
_ABOUT = kg("about")
_REPEATED, _REPEATED_FIGURE = kg("repeatedFigure"), kg("RepeatedFigure")
_TOUCHING = frozenset({_DESCRIBES, RDF_SUBJECT, _UNIT, _ABOUT})


def load_ontology(db: ox.Store) -> None:
    """(Re)write the ontology graph from `ontology/kg.ttl`. Bulk, like every write of a load: transactional
    writes leave uncompressed level-0 files under which later bulk writes stay uncompressed too."""
    if db.contains_named_graph(ONTOLOGY):
        db.clear_graph(ONTOLOGY)
    db.bulk_load(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY)


def touched_by(db: ox.Store, graph: ox.NamedNode) -> set[ox.NamedNode]:
    """The shared things a report graph in the store says something about."""
    return touched_in(itertools.chain.from_iterable(
        db.quads_for_pattern(None, predicate, None, graph) for predicate in _TOUCHING))


def touched_in(quads: Iterable[ox.Quad]) -> set[ox.NamedNode]:
    """The shared things some quads of a report say something about: entities and measures it describes,
    subjects of its relation statements and observations, units of its observations."""
    return {q.object for q in quads if q.predicate in _TOUCHING and isinstance(q.object, ox.NamedNode)}


def write_reports(db: ox.Store, doc_ids: list[str], nquads: list[Path], threads: int = 1) -> set[ox.NamedNode]:
    """Bulk-write the report graphs in some N-Quads files, each replacing an earlier version of the same report;
    returns the shared things the earlier versions touched (the new versions' are `touched_in` their quads).
    Call `refresh_shared` with all of them once the graphs are written."""
    touched: set[ox.NamedNode] = set()
    for doc_id in doc_ids:
        graph = iri(report_graph(doc_id))
        if db.contains_named_graph(graph):
            touched |= remove_graph(db, graph)

    def load(path: Path) -> None:
        # lenient: the files were serialized by the engine from terms it had already checked
        db.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)

    # Files of a few tens of megabytes, loaded side by side on all cores: one bulk load of a large file would use
    # the cores too, but holds gigabytes in memory while it sorts.
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(load, nquads))
    return touched


def remove_graph(db: ox.Store, graph: ox.NamedNode) -> set[ox.NamedNode]:
    """Drop a report graph; returns the shared things it touched (their shared facts still need a refresh)."""
    touched = touched_by(db, graph)
    db.remove_graph(graph)
    return touched


def remove_report(db: ox.Store, doc_id: str) -> bool:
    """Remove one report and whatever only it supported. False when no such report is loaded."""
    graph = iri(report_graph(doc_id))
    if not db.contains_named_graph(graph):
        return False
    refresh_shared(db, remove_graph(db, graph))
    return True


def refresh_shared(db: ox.Store, things: Iterable[ox.NamedNode]) -> None:
    """Make the shared graph's facts about `things` equal to what the report graphs now support."""
    things = sorted(set(things), key=lambda t: t.value)
    # Chunk by chunk, so memory holds one chunk's facts. The derivation reads only report graphs, so writing the
    # shared graph in between changes nothing it reads.
    for start in range(0, len(things), _CHUNK):
        remove: list[ox.Quad] = []
        add: list[ox.Quad] = []
        for thing, facts in _derive(db, things[start:start + _CHUNK]).items():
            # A thing's facts include the summaries of its edges and repeated figures, which are nodes of their own.
            subjects = [thing, *(q.subject for q in db.quads_for_pattern(None, _EDGE_FROM, thing, SHARED_GRAPH)),
                        *(q.object for q in db.quads_for_pattern(thing, _REPEATED, None, SHARED_GRAPH))]
            have = {q for subject in subjects for q in db.quads_for_pattern(subject, None, None, SHARED_GRAPH)}
            want = {ox.Quad(s, p, o, SHARED_GRAPH) for s, p, o in facts
                    if ox.Quad(s, p, o, ONTOLOGY) not in db}
            remove += have - want
            add += want - have
        for quad in remove:
            db.remove(quad)
        if add:
            # Bulk: written as compressed, sorted table files. (A transactional write would go through the log
            # and an uncompressed level-0 file that nothing compacts; atomicity comes from the store's
            # generations.)
            db.bulk_extend(add)


# What the report graphs say about some things, aggregated by the engine: one row per distinct stated fact with
# the number of records stating it, not one per record (a name a thousand reports state is one row).
_CHUNK = 500
_RECORD_FACTS = """
SELECT ?thing ?p ?o (COUNT(*) AS ?n) WHERE {
    VALUES ?thing { %s }
    GRAPH ?g { ?rec kg:describes ?thing ; ?p ?o }
    FILTER (?p IN (kg:statedClass, kg:statedLabel, kg:statedAlias, kg:mentionsInReport)
            || (?p = rdf:type && ?o = kg:EntityRecord))
} GROUP BY ?thing ?p ?o"""
_STATED_EDGES = """
SELECT ?thing ?p ?o (COUNT(DISTINCT ?g) AS ?n) (GROUP_CONCAT(DISTINCT STR(?status)) AS ?statuses) WHERE {
    VALUES ?thing { %s }
    GRAPH ?g { ?st rdf:subject ?thing ; rdf:predicate ?p ; rdf:object ?o . OPTIONAL { ?st kg:status ?status } }
} GROUP BY ?thing ?p ?o"""
# Each figure's key sorts by value (the integer part zero-padded to 20 digits), then by its text, and ends with
# the figure itself, so MAX of the keys is the largest figure.
_FIGURES = """
SELECT ?thing (COUNT(?obs) AS ?n) (COUNT(DISTINCT ?g) AS ?reports) (MAX(?amount_key) AS ?amount)
       (MAX(?count_key) AS ?count) WHERE {
    VALUES ?thing { %s }
    GRAPH ?g { ?obs kg:about ?thing ; qudt:numericValue ?v ; qudt:unit ?u ; kg:surface ?text }
    BIND (STR(xsd:integer(?v)) AS ?digits)
    BIND (CONCAT(SUBSTR("00000000000000000000", STRLEN(?digits) + 1), ?digits, "|", STR(?v), "|", ?text, "|",
                 STR(?obs)) AS ?key)
    BIND (IF(?u = unit:CCY_CNY, ?key, "") AS ?amount_key)
    BIND (IF(STRSTARTS(STR(?u), STR(kgu:count-)) || ?u IN (kgu:person, kgu:person_time), ?key, "") AS ?count_key)
} GROUP BY ?thing"""
# Figures of one subject, measure, unit and period that stand in two places (a place: a report's checksum and a
# section's position, so two copies of one file are one place). A figure's key sorts by place, then by IRI.
_REPEATS = """
SELECT ?thing ?m ?u ?period (COUNT(?obs) AS ?n) (COUNT(DISTINCT ?r) AS ?reports) (MIN(?key) AS ?first)
       (MAX(?key) AS ?last) WHERE {
    VALUES ?thing { %s }
    GRAPH ?g {
        ?obs kg:about ?thing ; a kg:Observation ; kg:measure ?m ; qudt:unit ?u ; kg:period ?period ;
             qudt:numericValue ?v ; kg:surface ?text ; prov:wasDerivedFrom ?r ; kg:evidence ?span .
        ?r a kg:Report ; kg:sha256 ?sha .
        ?span kg:inSection ?sec ; oa:hasSelector/oa:start ?start .
        ?sec a kg:Section ; dcterms:title ?title ; kg:order ?order .
    }
    BIND (CONCAT(?sha, " ", SUBSTR("000000", STRLEN(STR(?order))), STR(?order)) AS ?place)
    BIND (CONCAT(?place, " ", STR(?obs)) AS ?key)
} GROUP BY ?thing ?m ?u ?period HAVING (COUNT(DISTINCT ?place) > 1)"""
_UNITS = """SELECT DISTINCT ?thing WHERE { VALUES ?thing { %s } GRAPH ?g { ?obs qudt:unit ?thing } }"""


def _derive(db: ox.Store, things: list[ox.NamedNode]) -> dict[ox.NamedNode, list[tuple]]:
    """The shared facts (subject, predicate, object) about each of some entities, measures and units, from every
    report graph that supports it (a thing no report supports any more gets none). The subject is the thing, or
    one of its edges' summaries."""
    values = " ".join(str(t) for t in things)
    classes: dict[ox.NamedNode, Counter] = {t: Counter() for t in things}
    labels: dict[ox.NamedNode, Counter] = {t: Counter() for t in things}
    aliases: dict[ox.NamedNode, set] = {t: set() for t in things}
    mentions: Counter = Counter()
    described: set[ox.NamedNode] = set()
    entities: set[ox.NamedNode] = set()
    for thing, p, o, n in db.query(_RECORD_FACTS % values, prefixes=PREFIXES):
        described.add(thing)
        count = int(n.value)
        if p == _STATED_CLASS:
            classes[thing][o] += count
        elif p == _STATED_LABEL:
            labels[thing][o] += count
        elif p == _STATED_ALIAS:
            aliases[thing].add(o)
        elif p == _MENTIONS:
            mentions[thing] += int(o.value) * count
        else:
            entities.add(thing)
    facts: dict[ox.NamedNode, list[tuple]] = {t: [] for t in things}
    for thing in described:
        is_entity = thing in entities
        # One class and one label per language: the one most reports state (ties: the first in sort order), so
        # a join on labels or classes gives one row per entity. Other labels become aliases.
        if is_entity:
            facts[thing].append((RDF_TYPE, _most_stated(classes[thing])))
        else:
            facts[thing] += [(RDF_TYPE, kg("Measure")), (SKOS_IN_SCHEME, kg("Measures"))]
        for language in sorted({label.language for label in labels[thing]}):
            stated = Counter({label: n for label, n in labels[thing].items() if label.language == language})
            best = _most_stated(stated)
            facts[thing] += [(RDFS_LABEL, best), (SKOS_PREF, best)] if is_entity else [(SKOS_PREF, best)]
            # An entity's other names are its aliases; a measure's other written forms its alternative labels.
            aliases[thing] |= {label for label in stated if label != best}
        facts[thing] += [(SKOS_ALT, alias) for alias in aliases[thing]]
        if is_entity:
            facts[thing].append((kg("mentionCount"), integer(mentions[thing])))
            names = {name.value.lower() for name in itertools.chain(labels[thing], aliases[thing])}
            facts[thing] += [(_NAME_KEY, ox.Literal(name)) for name in names]
    for (thing,) in db.query(_UNITS % values, prefixes=PREFIXES):
        facts[thing] += [(RDF_TYPE, iri(QUDT.Unit)), (SKOS_NOTATION, ox.Literal(unit_key(thing.value)))]
    for thing, n, reports, amount, count in db.query(_FIGURES % values, prefixes=PREFIXES):
        if thing in entities:
            facts[thing] += [(kg("figureCount"), n), (kg("figureReportCount"), reports)]
            facts[thing] += [(kg(p), ox.NamedNode(key.value.rsplit("|", 1)[1]))
                             for p, key in (("largestAmount", amount), ("largestCount", count)) if key and key.value]
    triples = {t: [(t, p, o) for p, o in pairs] for t, pairs in facts.items()}
    for thing, m, u, period, n, reports, first, last in db.query(_REPEATS % values, prefixes=PREFIXES):
        if thing in entities:
            node = _summary("repeat", thing, m, u, period)
            triples[thing] += [(thing, _REPEATED, node), (node, RDF_TYPE, _REPEATED_FIGURE),
                               (node, kg("firstFigure"), ox.NamedNode(first.value.rsplit(" ", 1)[1])),
                               (node, kg("lastFigure"), ox.NamedNode(last.value.rsplit(" ", 1)[1])),
                               (node, kg("repeatCount"), n), (node, kg("repeatReportCount"), reports)]
    for thing, p, o, n, statuses in db.query(_STATED_EDGES % values, prefixes=PREFIXES):
        edge = _summary("edge", thing, p, o)
        triples[thing] += [(thing, p, o), (edge, RDF_TYPE, _EDGE), (edge, _EDGE_FROM, thing),
                           (edge, _EDGE_PROPERTY, p), (edge, _EDGE_TO, o), (edge, _REPORT_COUNT, n)]
        triples[thing] += [(edge, _STATUS, ox.NamedNode(s)) for s in (statuses.value if statuses else "").split()]
    return triples


def _summary(kind: str, thing: ox.NamedNode, *key: ox.Term) -> ox.NamedNode:
    """The IRI of a summary node (an edge, a repeated figure): a function of what it summarizes, so every load
    names it alike."""
    digest = hashlib.sha1(" ".join([thing.value, *(str(k) for k in key)]).encode()).hexdigest()[:20]
    return ox.NamedNode(f"{BASE}id/{kind}/{digest}")


def _most_stated(counts: Counter) -> ox.Term:
    return min(counts, key=lambda term: (-counts[term], term.value))

