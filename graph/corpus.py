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
function of the records, statements and observations of all report graphs (`_derive`, which reads them from the
store's tables: the same facts as rows, see `graph.tables`; so a load derives the shared graph before it writes).
Replacing or removing a report recomputes the shared facts of just the things it touched, so an entity or edge
that only that report supported goes, and everything another report still states stays.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from .namespaces import BASE, ONTOLOGY_GRAPH, QUDT, report_graph, unit_key
from .numbers import is_count_unit
from .store import ontology_dir
from .tables import Tables
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
_DESCRIBES = kg("describes")
_ENTITY_RECORD = kg("EntityRecord")
_UNIT = iri(QUDT.unit)
_NAME_KEY = kg("nameKey")
_EDGE, _EDGE_FROM, _EDGE_PROPERTY, _EDGE_TO, _STATUS, _REPORT_COUNT = (
    kg(p) for p in ("Edge", "edgeFrom", "edgeProperty", "edgeTo", "status", "reportCount"))
_ABOUT = kg("about")
_REPEATED, _REPEATED_FIGURE = kg("repeatedFigure"), kg("RepeatedFigure")
_TOUCHING = frozenset({_DESCRIBES, RDF_SUBJECT, _UNIT, _ABOUT})


def ontology_nquads() -> bytes:
    """The ontology graph as N-Quads, from `ontology/kg.ttl`: a load writes it afresh with its reports."""
    return ox.serialize(_ontology(), format=ox.RdfFormat.N_QUADS)


@functools.cache
def _ontology() -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ONTOLOGY)
            for t in ox.parse(path=str(ontology_dir() / "kg.ttl"), format=ox.RdfFormat.TURTLE)]


@functools.cache
def _ontology_triples() -> frozenset[tuple]:
    return frozenset((q.subject, q.predicate, q.object) for q in _ontology())


def touched_by(db: ox.Store, graph: ox.NamedNode) -> set[ox.NamedNode]:
    """The shared things a report graph in the store says something about."""
    return touched_in(itertools.chain.from_iterable(
        db.quads_for_pattern(None, predicate, None, graph) for predicate in _TOUCHING))


def touched_in(quads: Iterable[ox.Quad]) -> set[ox.NamedNode]:
    """The shared things some quads of a report say something about: entities and measures it describes,
    subjects of its relation statements and observations, units of its observations."""
    return {q.object for q in quads if q.predicate in _TOUCHING and isinstance(q.object, ox.NamedNode)}


def clear_for(db: ox.Store, doc_ids: list[str]) -> set[ox.NamedNode]:
    """Remove what a load of these reports writes afresh: the ontology graph and earlier versions of the
    reports. Returns the shared things the earlier versions touched (the new versions' are `touched_in` their
    quads); call `refresh_shared` with all of them, then `bulk_write` the new graphs."""
    if db.contains_named_graph(ONTOLOGY):
        db.clear_graph(ONTOLOGY)
    touched: set[ox.NamedNode] = set()
    for doc_id in doc_ids:
        graph = iri(report_graph(doc_id))
        if db.contains_named_graph(graph):
            touched |= remove_graph(db, graph)
    return touched


def bulk_write(db: ox.Store, nquads: list[Path], threads: int = 1) -> None:
    """Bulk-load N-Quads files, side by side on `threads` cores: one bulk load of a large file would use the
    cores too, but holds gigabytes in memory while it sorts. Bulk loads write compressed, sorted table files; a
    transactional write would go through the log and an uncompressed level-0 file that nothing compacts
    (atomicity comes from the store's generations)."""
    def load(path: Path) -> None:
        # lenient: the files were serialized by the engine from terms it had already checked
        db.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS, lenient=True)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(load, nquads))


def remove_graph(db: ox.Store, graph: ox.NamedNode) -> set[ox.NamedNode]:
    """Drop a report graph; returns the shared things it touched (their shared facts still need a refresh)."""
    touched = touched_by(db, graph)
    db.remove_graph(graph)
    return touched


def remove_report(db: ox.Store, tables: Tables, doc_id: str) -> bool:
    """Remove one report, its table rows and whatever only it supported. False when no such report is loaded."""
    graph = iri(report_graph(doc_id))
    if not db.contains_named_graph(graph):
        return False
    tables.remove(doc_id)
    refresh_shared(db, tables, remove_graph(db, graph))
    return True


def refresh_shared(db: ox.Store, tables: Tables, things: Iterable[ox.NamedNode],
                   write: Callable[[list[ox.Quad]], None] | None = None) -> None:
    """Make the shared graph's facts about `things` equal to what the reports in `tables` support (which must
    already hold the rows of every report the store will hold). Outdated facts are removed from `db`; new ones go
    to `write` (by default a bulk write into `db`; a load spools them with its report graphs, so that they are
    written in one bulk load)."""
    write = write or db.bulk_extend
    things = sorted(set(things), key=lambda t: t.value)
    # Chunk by chunk, so memory holds one chunk's facts. The derivation reads only the tables, so writing the
    # shared graph in between changes nothing it reads.
    for start in range(0, len(things), _CHUNK):
        remove: list[ox.Quad] = []
        add: list[ox.Quad] = []
        for thing, facts in _derive(tables, things[start:start + _CHUNK]).items():
            # A thing's facts include the summaries of its edges and repeated figures, which are nodes of their own.
            subjects = [thing, *(q.subject for q in db.quads_for_pattern(None, _EDGE_FROM, thing, SHARED_GRAPH)),
                        *(q.object for q in db.quads_for_pattern(thing, _REPEATED, None, SHARED_GRAPH))]
            have = {q for subject in subjects for q in db.quads_for_pattern(subject, None, None, SHARED_GRAPH)}
            want = {ox.Quad(s, p, o, SHARED_GRAPH) for s, p, o in facts if (s, p, o) not in _ontology_triples()}
            remove += have - want
            add += want - have
        for quad in remove:
            db.remove(quad)
        if add:
            write(add)


_CHUNK = 500  # things derived at a time


def _derive(tables: Tables, things: list[ox.NamedNode]) -> dict[ox.NamedNode, list[tuple]]:
    """The shared facts (subject, predicate, object) about each of some entities, measures and units, from every
    report that supports it (a thing no report supports any more gets none): its records, figures and relation
    statements, read from the tables, which hold the same rows as the report graphs. The subject is the thing,
    or one of its summaries (an edge, a repeated figure)."""
    by_iri = {t.value: t for t in things}
    classes: dict[ox.NamedNode, Counter] = {t: Counter() for t in things}
    labels: dict[ox.NamedNode, Counter] = {t: Counter() for t in things}
    aliases: dict[ox.NamedNode, set] = {t: set() for t in things}
    mentions: Counter = Counter()
    described: set[ox.NamedNode] = set()
    entities: set[ox.NamedNode] = set()
    units: set[ox.NamedNode] = set()
    # One row per distinct stated fact with the number of records stating it (a name a thousand reports state
    # is one row).
    for key, p, value, language, count in tables.select(
            f"SELECT thing, p, value, lang, COUNT(*) FROM record WHERE thing IN ({_placeholders(by_iri)}) "
            f"GROUP BY thing, p, value, lang", list(by_iri)):
        thing = by_iri[key]
        if p == "unit":
            units.add(thing)
            continue
        described.add(thing)
        if p == "class":
            classes[thing][ox.NamedNode(value)] += count
        elif p == "label":
            labels[thing][ox.Literal(value, language=language or None)] += count
        elif p == "alias":
            aliases[thing].add(ox.Literal(value, language=language or None))
        elif p == "mentions":
            mentions[thing] += int(value) * count
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
    for thing in units:
        facts[thing] += [(RDF_TYPE, iri(QUDT.Unit)), (SKOS_NOTATION, ox.Literal(unit_key(thing.value)))]
    triples = {t: [(t, p, o) for p, o in pairs] for t, pairs in facts.items()}
    for thing, figures in _figures(tables, [t for t in things if t in entities]).items():
        triples[thing] += _figure_summaries(thing, figures)
    for thing, p, o, n, statuses in _stated_edges(tables, things):
        edge = _summary("edge", thing, p, o)
        triples[thing] += [(thing, p, o), (edge, RDF_TYPE, _EDGE), (edge, _EDGE_FROM, thing),
                           (edge, _EDGE_PROPERTY, p), (edge, _EDGE_TO, o), (edge, _REPORT_COUNT, integer(n))]
        triples[thing] += [(edge, _STATUS, kg(status)) for status in sorted(set(statuses.split(",")) - {""})]
    return triples


def _stated_edges(tables: Tables, things: list[ox.NamedNode]) -> Iterable[tuple]:
    """Each direct edge the relation statements give from one of some things: (thing, property, other thing,
    how many reports state it, the statuses they give it, comma-separated), from the statement table."""
    by_iri = {t.value: t for t in things}
    for s, p, o, n, statuses in tables.select(
            f"SELECT s, p, o, COUNT(DISTINCT doc), GROUP_CONCAT(DISTINCT status) FROM statement "
            f"WHERE s IN ({_placeholders(by_iri)}) GROUP BY s, p, o", list(by_iri)):
        yield by_iri[s], ox.NamedNode(p), ox.NamedNode(o), n, statuses or ""


def _figures(tables: Tables, entities: list[ox.NamedNode]) -> dict[ox.NamedNode, list[sqlite3.Row]]:
    """The figures about some entities, from the store's figure table: the same rows as the report graphs'
    observations, read without a dictionary lookup per term (see `graph.tables`)."""
    found: dict[ox.NamedNode, list[sqlite3.Row]] = {}
    by_iri = {e.value: e for e in entities}
    for row in tables.select(f"SELECT f.about, f.measure, f.unit, f.period, f.value, f.surface, f.o, f.doc, "
                             f"f.section, r.sha256 FROM figure f JOIN report r USING (doc) "
                             f"WHERE f.about IN ({_placeholders(by_iri)})", list(by_iri)):
        found.setdefault(by_iri[row["about"]], []).append(row)
    return found


def _figure_summaries(thing: ox.NamedNode, figures: list[sqlite3.Row]) -> list[tuple]:
    """An entity's figure counts, its largest amount and count, and a kg:RepeatedFigure for each figure (one
    subject, measure, unit and period) stated in two places: a place is a report's checksum and a section's
    position, so two copies of one file are one place."""
    out = [(thing, kg("figureCount"), integer(len(figures))),
           (thing, kg("figureReportCount"), integer(len({f["doc"] for f in figures})))]
    for p, units in (("largestAmount", lambda unit: unit == "CNY"), ("largestCount", is_count_unit)):
        largest = max((f for f in figures if units(f["unit"])), key=_size, default=None)
        if largest is not None:
            out.append((thing, kg(p), ox.NamedNode(largest["o"])))
    same: dict[tuple, list[sqlite3.Row]] = {}
    for f in figures:
        same.setdefault((f["measure"], f["unit"], f["period"]), []).append(f)
    for key, stated in sorted(same.items()):
        if len({(f["sha256"], f["section"]) for f in stated}) < 2:
            continue
        stated.sort(key=lambda f: (f["sha256"], f["section"], f["o"]))
        node = _summary("repeat", thing, *key)
        out += [(thing, _REPEATED, node), (node, RDF_TYPE, _REPEATED_FIGURE),
                (node, kg("firstFigure"), ox.NamedNode(stated[0]["o"])),
                (node, kg("lastFigure"), ox.NamedNode(stated[-1]["o"])),
                (node, kg("repeatCount"), integer(len(stated))),
                (node, kg("repeatReportCount"), integer(len({f["doc"] for f in stated})))]
    return out


def _placeholders(values: dict) -> str:
    return ", ".join("?" * len(values))


def _size(figure: sqlite3.Row) -> tuple:
    """A figure's order among an entity's figures: by value (its integer part), then as written, then by IRI."""
    value = figure["value"]
    return int(Decimal(value)), value, figure["surface"], figure["o"]


def _summary(kind: str, thing: ox.NamedNode, *key: ox.Term | str) -> ox.NamedNode:
    """The IRI of a summary node (an edge, a repeated figure): a function of what it summarizes, so every load
    names it alike."""
    digest = hashlib.sha1(" ".join([thing.value, *(str(k) for k in key)]).encode()).hexdigest()[:20]
    return ox.NamedNode(f"{BASE}id/{kind}/{digest}")


def _most_stated(counts: Counter) -> ox.Term:
    return min(counts, key=lambda term: (-counts[term], term.value))

