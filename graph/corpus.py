"""The corpus layout: which named graph holds what, so a graph of a thousand reports stays as fast as one.

    graph/ontology       the OWL ontology (classes, properties, labels, the units and statuses it names)
    graph/shared         each shared fact once, however many reports state it: an entity's class, labels,
                         aliases and total mention count, the direct edges between entities (kg:coBuilds, …),
                         measure concepts and the units the ontology does not name
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

from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import BASE, ONTOLOGY_GRAPH, QUDT, report_graph, unit_key
from .store import ontology_dir
from .triples import (
    RDF_OBJECT,
    RDF_PREDICATE,
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


def load_ontology(db: ox.Store) -> None:
    """(Re)write the ontology graph from `ontology/kg.ttl`. Bulk, like every write of a load: transactional
    writes leave uncompressed level-0 files under which later bulk writes stay uncompressed too."""
    if db.contains_named_graph(ONTOLOGY):
        db.clear_graph(ONTOLOGY)
    db.bulk_load(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY)


def touched_by(db: ox.Store, graph: ox.NamedNode) -> set[ox.NamedNode]:
    """The shared things a report graph says something about: entities and measures it describes, subjects of
    its relation statements, units of its observations."""
    found = {q.object for q in db.quads_for_pattern(None, _DESCRIBES, None, graph)}
    found |= {q.object for q in db.quads_for_pattern(None, RDF_SUBJECT, None, graph)}
    found |= {q.object for q in db.quads_for_pattern(None, _UNIT, None, graph)}
    return {t for t in found if isinstance(t, ox.NamedNode)}


def write_reports(db: ox.Store, batch: list[tuple[str, bytes]]) -> set[ox.NamedNode]:
    """Bulk-write report graphs given as (doc id, N-Quads), each replacing an earlier version; returns the shared
    things the old and new versions touch. Call `refresh_shared` with them once every batch is written."""
    graphs = [iri(report_graph(doc_id)) for doc_id, _ in batch]
    touched: set[ox.NamedNode] = set()
    for graph in graphs:
        if db.contains_named_graph(graph):
            touched |= remove_graph(db, graph)
    db.bulk_load(input=b"".join(nquads for _, nquads in batch), format=ox.RdfFormat.N_QUADS)
    for graph in graphs:
        touched |= touched_by(db, graph)
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
    remove: list[ox.Quad] = []
    add: list[ox.Quad] = []
    for thing in things:
        have = set(db.quads_for_pattern(thing, None, None, SHARED_GRAPH))
        want = {ox.Quad(thing, p, o, SHARED_GRAPH) for p, o in _derive(db, thing)
                if ox.Quad(thing, p, o, ONTOLOGY) not in db}
        remove += have - want
        add += want - have
    for quad in remove:
        db.remove(quad)
    if add:
        # Bulk: written as compressed, sorted table files. (A transactional write would go through the log and
        # an uncompressed level-0 file that nothing compacts; atomicity comes from the store's generations.)
        db.bulk_extend(add)


def _derive(db: ox.Store, thing: ox.NamedNode) -> list[tuple[ox.NamedNode, ox.Term]]:
    """The shared facts about one entity, measure or unit, from every report graph that supports it."""
    facts: list[tuple] = []
    records = [q.subject for q in db.quads_for_pattern(None, _DESCRIBES, thing, None)]
    classes: Counter = Counter()
    labels: Counter = Counter()
    aliases: set = set()
    mentions = 0
    is_entity = False
    for rec in records:
        for q in db.quads_for_pattern(rec, None, None, None):
            p, o = q.predicate, q.object
            if p == _STATED_CLASS:
                classes[o] += 1
            elif p == _STATED_LABEL:
                labels[o] += 1
            elif p == _STATED_ALIAS:
                aliases.add(o)
            elif p == _MENTIONS:
                mentions += int(o.value)
            elif p == RDF_TYPE and o == _ENTITY_RECORD:
                is_entity = True
    if records:
        # One class and one label per language: the one most reports state (ties: the first in sort order), so
        # a join on labels or classes gives one row per entity. Other labels become aliases.
        if is_entity:
            facts.append((RDF_TYPE, _most_stated(classes)))
        else:
            facts += [(RDF_TYPE, kg("Measure")), (SKOS_IN_SCHEME, kg("Measures"))]
        for language in sorted({label.language for label in labels}):
            stated = Counter({label: n for label, n in labels.items() if label.language == language})
            best = _most_stated(stated)
            facts += [(RDFS_LABEL, best), (SKOS_PREF, best)] if is_entity else [(SKOS_PREF, best)]
            # An entity's other names are its aliases; a measure's other written forms its alternative labels.
            aliases |= {label for label in stated if label != best}
        facts += [(SKOS_ALT, alias) for alias in aliases]
        if is_entity:
            facts.append((kg("mentionCount"), integer(mentions)))
    for st in db.quads_for_pattern(None, RDF_SUBJECT, thing, None):
        predicate = next(db.quads_for_pattern(st.subject, RDF_PREDICATE, None, st.graph_name), None)
        obj = next(db.quads_for_pattern(st.subject, RDF_OBJECT, None, st.graph_name), None)
        if predicate and obj:
            facts.append((predicate.object, obj.object))
    if next(db.quads_for_pattern(None, _UNIT, thing, None), None) is not None:
        facts += [(RDF_TYPE, iri(QUDT.Unit)), (SKOS_NOTATION, ox.Literal(unit_key(thing.value)))]
    return facts


def _most_stated(counts: Counter) -> ox.Term:
    return min(counts, key=lambda term: (-counts[term], term.value))

