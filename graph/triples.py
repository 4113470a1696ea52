"""Triples with provenance: an `Extraction` becomes the quads of one report's named graph.

Every observation, mention and relation statement has `kg:evidence`, a `kg:TextSpan` with a W3C Web Annotation
`oa:TextPositionSelector` (start/end: Python string offsets, end-exclusive, into the decoded text) and an
`oa:TextQuoteSelector` (the exact text with a little context), the sentence it lies in and its section.

What the report says about shared things (an entity's class, labels and aliases; a measure's label) is written as
*records* inside the report's graph (`kg:EntityRecord`, `kg:MeasureRecord`); `corpus.py` derives the one shared
copy of those facts from the records of every report (see the layout there). Quads are pyoxigraph terms, written
straight to the engine.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

from .document import Document
from .namespaces import (
    KG,
    OA,
    QUDT,
    entity_iri,
    measure_iri,
    report_graph,
    report_iri,
    section_iri,
    span_iri,
    unit_iri,
)
from .numbers import format_value
from .pipeline import Extraction

_CONTEXT = 12  # characters of prefix and suffix kept in each quote selector

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
RDF_PREDICATE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate")
RDF_OBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#object")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_PREF = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
SKOS_NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
SKOS_IN_SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
DCT_TITLE = ox.NamedNode("http://purl.org/dc/terms/title")
DCT_PART_OF = ox.NamedNode("http://purl.org/dc/terms/isPartOf")
PROV_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER, _DECIMAL, _BOOLEAN = (ox.NamedNode(XSD + t) for t in ("integer", "decimal", "boolean"))
_DATE, _YEAR = ox.NamedNode(XSD + "date"), ox.NamedNode(XSD + "gYear")


def iri(term) -> ox.NamedNode:
    """An rdflib URIRef or a string as a pyoxigraph IRI."""
    return ox.NamedNode(str(term))


def kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(f"{KG}{local}")


def integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_INTEGER)


def zh(text: str) -> ox.Literal:
    return ox.Literal(text, language="zh")


OA_SOURCE, OA_SELECTOR, OA_START, OA_END, OA_EXACT, OA_PREFIX, OA_SUFFIX, OA_TARGET, OA_BODY = (
    iri(OA[name]) for name in ("hasSource", "hasSelector", "start", "end", "exact", "prefix", "suffix", "hasTarget",
                               "hasBody"))
OA_POSITION, OA_QUOTE = iri(OA.TextPositionSelector), iri(OA.TextQuoteSelector)
OA_FRAGMENT = iri(OA.FragmentSelector)
RDF_VALUE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#value")
DCT_CONFORMS_TO = ox.NamedNode("http://purl.org/dc/terms/conformsTo")
DCT_FORMAT = ox.NamedNode("http://purl.org/dc/terms/format")
PDF_FRAGMENTS = ox.NamedNode("http://tools.ietf.org/rfc/rfc3778")


class _Quads:
    """Collects the quads of one report graph; `add(s, p, o)` with s, p, o as pyoxigraph terms."""

    def __init__(self, doc_id: str) -> None:
        self.graph = iri(report_graph(doc_id))
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))


class _Spans:
    """Adds each evidence span once, with its selectors, sentence and section."""

    def __init__(self, out: _Quads, doc: Document) -> None:
        self.out, self.doc = out, doc
        self.doc_id = doc.report.doc_id
        self.report = iri(report_iri(self.doc_id))
        self.done: set[tuple[int, int]] = set()

    def __call__(self, start: int, end: int, sentence: int | None = None, section: int | None = None) -> ox.NamedNode:
        span = iri(span_iri(self.doc_id, start, end))
        if (start, end) in self.done:
            return span
        self.done.add((start, end))
        add, text = self.out.add, self.doc.text
        position, quote = ox.NamedNode(f"{span.value}#position"), ox.NamedNode(f"{span.value}#quote")
        add(span, RDF_TYPE, kg("TextSpan"))
        add(span, OA_SOURCE, self.report)
        add(span, OA_SELECTOR, position)
        add(span, OA_SELECTOR, quote)
        add(position, RDF_TYPE, OA_POSITION)
        add(position, OA_START, integer(start))
        add(position, OA_END, integer(end))
        add(quote, RDF_TYPE, OA_QUOTE)
        add(quote, OA_EXACT, ox.Literal(text[start:end]))
        add(quote, OA_PREFIX, ox.Literal(text[max(0, start - _CONTEXT) : start]))
        add(quote, OA_SUFFIX, ox.Literal(text[end : end + _CONTEXT]))
        page = self.doc.report.page_at(start)
        if page is not None:
            # The page as the W3C Web Annotation model anchors it: a fragment `page=N` of the PDF (RFC 3778).
            fragment = ox.NamedNode(f"{span.value}#page")
            add(span, kg("page"), integer(page))
            add(span, OA_SELECTOR, fragment)
            add(fragment, RDF_TYPE, OA_FRAGMENT)
            add(fragment, RDF_VALUE, ox.Literal(f"page={page}"))
            add(fragment, DCT_CONFORMS_TO, PDF_FRAGMENTS)
        if sentence is not None:
            s = self.doc.sentences[sentence]
            if (s.start, s.end) != (start, end):
                add(span, kg("sentence"), self(s.start, s.end, None, s.section))
            section = s.section if section is None else section
        if section is not None:
            add(span, kg("inSection"), iri(section_iri(self.doc_id, section)))
        return span


def entity_record(doc_id: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{report_iri(doc_id)}/entity/{entity_iri(key).rsplit('/', 1)[-1]}")


def measure_record(doc_id: str, measure: ox.NamedNode) -> ox.NamedNode:
    return ox.NamedNode(f"{report_iri(doc_id)}/measure/{measure.value.rsplit('/', 1)[-1]}")


def build(ex: Extraction) -> list[ox.Quad]:
    """The quads of one report's graph: report, sections, entity records, mentions, observations, statements."""
    doc = ex.document
    report = doc.report
    out = _Quads(report.doc_id)
    add = out.add
    r_iri = iri(report_iri(report.doc_id))
    spans = _Spans(out, doc)

    add(r_iri, RDF_TYPE, kg("Report"))
    add(r_iri, DCT_TITLE, ox.Literal(report.title))
    add(r_iri, kg("fileName"), ox.Literal(report.path.name))
    add(r_iri, kg("text"), ox.Literal(report.text))
    add(r_iri, kg("sha256"), ox.Literal(report.sha256))
    if report.encoding:
        add(r_iri, kg("encoding"), ox.Literal(report.encoding))
    add(r_iri, DCT_FORMAT, ox.Literal(report.media_type))
    if report.year:
        add(r_iri, kg("year"), ox.Literal(str(report.year), datatype=_YEAR))

    for section in doc.sections:
        s_iri = iri(section_iri(report.doc_id, section.index))
        add(s_iri, RDF_TYPE, kg("Section"))
        add(s_iri, DCT_TITLE, ox.Literal(section.title))
        add(s_iri, kg("level"), integer(section.level))
        add(s_iri, kg("order"), integer(section.index))
        parent = r_iri if section.parent is None else iri(section_iri(report.doc_id, section.parent))
        add(s_iri, DCT_PART_OF, parent)
        add(s_iri, RDFS_LABEL, zh(section.title))
        if section.heading is not None:
            add(s_iri, kg("evidence"), spans(section.heading.start, section.heading.end, None, section.index))

    # What this report says each entity is: the shared graph is derived from these records (corpus.py).
    counts = Counter(m.key for m in ex.mentions if m.key)
    for entity in ex.entities.values():
        rec = entity_record(report.doc_id, entity.key)
        add(rec, RDF_TYPE, kg("EntityRecord"))
        add(rec, kg("describes"), iri(entity_iri(entity.key)))
        add(rec, PROV_DERIVED, r_iri)
        add(rec, kg("statedClass"), kg(entity.cls))
        add(rec, kg("statedLabel"), zh(entity.label_zh))
        if entity.label_en:
            add(rec, kg("statedLabel"), ox.Literal(entity.label_en, language="en"))
        for alias in sorted(entity.aliases):
            add(rec, kg("statedAlias"), zh(alias))
        add(rec, kg("mentionsInReport"), integer(counts[entity.key]))

    for mention in ex.mentions:
        if not mention.key:
            continue
        e_iri = iri(entity_iri(mention.key))
        m_iri = ox.NamedNode(f"{r_iri.value}/mention/{mention.start}-{mention.end}-{e_iri.value.split('/')[-1]}")
        add(m_iri, RDF_TYPE, kg("Mention"))
        add(m_iri, kg("mentionOf"), e_iri)
        add(m_iri, kg("evidence"), spans(mention.start, mention.end, mention.sentence))
        add(m_iri, OA_TARGET, iri(span_iri(report.doc_id, mention.start, mention.end)))
        add(m_iri, OA_BODY, e_iri)

    # Each measure concept with every form this report writes it in (专利申请量 and 专利申请数 are one concept).
    measures: dict[str, set[str]] = {}
    for obs in ex.observations:
        _observation(out, ex, obs, spans)
        measures.setdefault(iri(measure_iri(obs.measure)).value, set()).add(obs.measure or "未指明")
    for measure, labels in sorted(measures.items()):
        rec = measure_record(report.doc_id, ox.NamedNode(measure))
        add(rec, RDF_TYPE, kg("MeasureRecord"))
        add(rec, kg("describes"), ox.NamedNode(measure))
        add(rec, PROV_DERIVED, r_iri)
        for label in sorted(labels):
            add(rec, kg("statedLabel"), zh(label))

    index: Counter[tuple[int, int]] = Counter()
    for rel in ex.relations:
        subject, obj, predicate = iri(entity_iri(rel.subject)), iri(entity_iri(rel.object)), kg(rel.predicate)
        n = index[(rel.start, rel.end)]
        index[(rel.start, rel.end)] += 1
        st = ox.NamedNode(f"{r_iri.value}/statement/{rel.start}-{rel.end}-{n}")
        add(st, RDF_TYPE, kg("RelationStatement"))
        add(st, RDF_SUBJECT, subject)
        add(st, RDF_PREDICATE, predicate)
        add(st, RDF_OBJECT, obj)
        add(st, kg("evidence"), spans(rel.start, rel.end, rel.sentence))
        add(st, PROV_DERIVED, r_iri)
        if rel.status:
            add(st, kg("status"), kg(rel.status))
        if rel.verb:
            add(st, kg("verb"), ox.Literal(rel.verb))
    return list(dict.fromkeys(out.quads))


def observation_iri(doc_id: str, obs_id: str) -> ox.NamedNode:
    return ox.NamedNode(f"{report_iri(doc_id)}/observation/{obs_id}")


def _observation(out: _Quads, ex: Extraction, obs, spans: _Spans) -> None:
    add = out.add
    doc_id = ex.document.report.doc_id
    o_iri = observation_iri(doc_id, obs.id)
    q = obs.quantity
    add(o_iri, RDF_TYPE, kg("Observation"))
    if obs.kind == "change":
        add(o_iri, RDF_TYPE, kg("ChangeObservation"))
    elif obs.kind == "share":
        add(o_iri, RDF_TYPE, kg("ShareObservation"))
    add(o_iri, iri(QUDT.numericValue), ox.Literal(format_value(q.value), datatype=_DECIMAL))
    add(o_iri, iri(QUDT.unit), iri(unit_iri(q.unit)))
    add(o_iri, kg("qualifier"), kg(q.qualifier))
    add(o_iri, kg("period"), ox.Literal(obs.period.label))
    if obs.period.start:
        add(o_iri, kg("periodStart"), ox.Literal(obs.period.start.isoformat(), datatype=_DATE))
    if obs.period.end:
        add(o_iri, kg("periodEnd"), ox.Literal(obs.period.end.isoformat(), datatype=_DATE))
    if obs.period.cumulative:
        add(o_iri, kg("cumulative"), ox.Literal("true", datatype=_BOOLEAN))
    about = entity_iri(obs.subject) if obs.subject else section_iri(doc_id, obs.section)
    add(o_iri, kg("about"), iri(about))
    add(o_iri, kg("measure"), iri(measure_iri(obs.measure)))
    add(o_iri, kg("surface"), ox.Literal(ex.document.text[obs.start : obs.end]))
    add(o_iri, kg("evidence"), spans(obs.start, obs.end, obs.sentence))
    add(o_iri, PROV_DERIVED, iri(report_iri(doc_id)))
    for prop, target in (("changeOf", obs.change_of), ("partOf", obs.part_of), ("replacedBy", obs.replaced_by)):
        if target:
            add(o_iri, kg(prop), observation_iri(doc_id, target))
