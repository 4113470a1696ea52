"""Triples with provenance: an `Extraction` becomes one RDF graph per report.

Every observation, mention and relation statement has `kg:evidence`, a `kg:TextSpan` with a W3C Web Annotation
`oa:TextPositionSelector` (start/end: Python string offsets, end-exclusive, into the decoded text) and an
`oa:TextQuoteSelector` (the exact text with a little context), the sentence it lies in and its section.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .document import Document
from .namespaces import (
    KG,
    OA,
    QUDT,
    entity_iri,
    measure_iri,
    report_iri,
    section_iri,
    span_iri,
    unit_iri,
)
from .numbers import format_value
from .pipeline import Extraction

_CONTEXT = 12  # characters of prefix and suffix kept in each quote selector


class _Spans:
    """Adds each evidence span once, with its selectors, sentence and section."""

    def __init__(self, g: Graph, doc: Document) -> None:
        self.g, self.doc = g, doc
        self.doc_id = doc.report.doc_id
        self.report = report_iri(self.doc_id)
        self.done: set[tuple[int, int]] = set()

    def __call__(self, start: int, end: int, sentence: int | None = None, section: int | None = None) -> URIRef:
        iri = span_iri(self.doc_id, start, end)
        if (start, end) in self.done:
            return iri
        self.done.add((start, end))
        g, text = self.g, self.doc.text
        position, quote = URIRef(f"{iri}#position"), URIRef(f"{iri}#quote")
        g.add((iri, RDF.type, KG.TextSpan))
        g.add((iri, OA.hasSource, self.report))
        g.add((iri, OA.hasSelector, position))
        g.add((iri, OA.hasSelector, quote))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(start)))
        g.add((position, OA.end, Literal(end)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(text[start:end])))
        g.add((quote, OA.prefix, Literal(text[max(0, start - _CONTEXT) : start])))
        g.add((quote, OA.suffix, Literal(text[end : end + _CONTEXT])))
        if sentence is not None:
            s = self.doc.sentences[sentence]
            if (s.start, s.end) != (start, end):
                g.add((iri, KG.sentence, self(s.start, s.end, None, s.section)))
            section = s.section if section is None else section
        if section is not None:
            g.add((iri, KG.inSection, section_iri(self.doc_id, section)))
        return iri


def build(ex: Extraction) -> Graph:
    """The RDF graph of one report: report, sections, entities, mentions, observations, relations."""
    g = Graph()
    doc = ex.document
    report = doc.report
    r_iri = report_iri(report.doc_id)
    spans = _Spans(g, doc)

    g.add((r_iri, RDF.type, KG.Report))
    g.add((r_iri, DCTERMS.title, Literal(report.title)))
    g.add((r_iri, KG.fileName, Literal(report.path.name)))
    g.add((r_iri, KG.text, Literal(report.text)))
    g.add((r_iri, KG.sha256, Literal(report.sha256)))
    g.add((r_iri, KG.encoding, Literal(report.encoding)))
    if report.year:
        g.add((r_iri, KG.year, Literal(str(report.year), datatype=XSD.gYear)))

    for section in doc.sections:
        s_iri = section_iri(report.doc_id, section.index)
        g.add((s_iri, RDF.type, KG.Section))
        g.add((s_iri, DCTERMS.title, Literal(section.title)))
        g.add((s_iri, KG.level, Literal(section.level)))
        g.add((s_iri, KG.order, Literal(section.index)))
        parent = r_iri if section.parent is None else section_iri(report.doc_id, section.parent)
        g.add((s_iri, DCTERMS.isPartOf, parent))
        g.add((s_iri, RDFS.label, Literal(section.title, lang="zh")))
        if section.heading is not None:
            g.add((s_iri, KG.evidence, spans(section.heading.start, section.heading.end, None, section.index)))

    counts = Counter(m.key for m in ex.mentions if m.key)
    for entity in ex.entities.values():
        e_iri = entity_iri(entity.key)
        g.add((e_iri, RDF.type, KG[entity.cls]))
        g.add((e_iri, RDFS.label, Literal(entity.label_zh, lang="zh")))
        g.add((e_iri, SKOS.prefLabel, Literal(entity.label_zh, lang="zh")))
        if entity.label_en:
            g.add((e_iri, RDFS.label, Literal(entity.label_en, lang="en")))
            g.add((e_iri, SKOS.prefLabel, Literal(entity.label_en, lang="en")))
        for alias in sorted(entity.aliases):
            g.add((e_iri, SKOS.altLabel, Literal(alias, lang="zh")))
        g.add((e_iri, KG.mentionCount, Literal(counts[entity.key])))
        g.add((e_iri, PROV.wasDerivedFrom, r_iri))

    for mention in ex.mentions:
        if not mention.key:
            continue
        entity_name = entity_iri(mention.key).split("/")[-1]
        m_iri = URIRef(f"{report_iri(report.doc_id)}/mention/{mention.start}-{mention.end}-{entity_name}")
        g.add((m_iri, RDF.type, KG.Mention))
        g.add((m_iri, KG.mentionOf, entity_iri(mention.key)))
        g.add((m_iri, KG.evidence, spans(mention.start, mention.end, mention.sentence)))
        g.add((m_iri, OA.hasTarget, span_iri(report.doc_id, mention.start, mention.end)))
        g.add((m_iri, OA.hasBody, entity_iri(mention.key)))

    for obs in ex.observations:
        _observation(g, ex, obs, spans)

    index: Counter[tuple[int, int]] = Counter()
    for rel in ex.relations:
        subject, obj, predicate = entity_iri(rel.subject), entity_iri(rel.object), KG[rel.predicate]
        g.add((subject, predicate, obj))
        n = index[(rel.start, rel.end)]
        index[(rel.start, rel.end)] += 1
        st = URIRef(f"{report_iri(report.doc_id)}/statement/{rel.start}-{rel.end}-{n}")
        g.add((st, RDF.type, KG.RelationStatement))
        g.add((st, RDF.subject, subject))
        g.add((st, RDF.predicate, predicate))
        g.add((st, RDF.object, obj))
        g.add((st, KG.evidence, spans(rel.start, rel.end, rel.sentence)))
        g.add((st, PROV.wasDerivedFrom, r_iri))
        if rel.status:
            g.add((st, KG.status, KG[rel.status]))
        if rel.verb:
            g.add((st, KG.verb, Literal(rel.verb)))
    return g


def observation_iri(doc_id: str, obs_id: str) -> URIRef:
    return URIRef(f"{report_iri(doc_id)}/observation/{obs_id}")


def _observation(g: Graph, ex: Extraction, obs, spans: _Spans) -> None:
    doc_id = ex.document.report.doc_id
    o_iri = observation_iri(doc_id, obs.id)
    q = obs.quantity
    g.add((o_iri, RDF.type, KG.Observation))
    if obs.kind == "change":
        g.add((o_iri, RDF.type, KG.ChangeObservation))
    elif obs.kind == "share":
        g.add((o_iri, RDF.type, KG.ShareObservation))
    g.add((o_iri, QUDT.numericValue, Literal(format_value(q.value), datatype=XSD.decimal)))
    unit = unit_iri(q.unit)
    g.add((o_iri, QUDT.unit, unit))
    # Every unit is described where it is used, so a report's graph is valid on its own (counter words and
    # units such as PFlops are open-ended; the ontology names the common ones with labels).
    g.add((unit, RDF.type, QUDT.Unit))
    g.add((unit, SKOS.notation, Literal(q.unit)))
    g.add((o_iri, KG.qualifier, KG[q.qualifier]))
    g.add((o_iri, KG.period, Literal(obs.period.label)))
    if obs.period.start:
        g.add((o_iri, KG.periodStart, Literal(obs.period.start.isoformat(), datatype=XSD.date)))
    if obs.period.end:
        g.add((o_iri, KG.periodEnd, Literal(obs.period.end.isoformat(), datatype=XSD.date)))
    if obs.period.cumulative:
        g.add((o_iri, KG.cumulative, Literal(True)))
    about = entity_iri(obs.subject) if obs.subject else section_iri(doc_id, obs.section)
    g.add((o_iri, KG.about, about))
    measure = measure_iri(obs.measure)
    g.add((o_iri, KG.measure, measure))
    g.add((measure, RDF.type, KG.Measure))
    g.add((measure, SKOS.inScheme, KG.Measures))
    g.add((measure, SKOS.prefLabel, Literal(obs.measure or "未指明", lang="zh")))
    g.add((o_iri, KG.surface, Literal(ex.document.text[obs.start : obs.end])))
    g.add((o_iri, KG.evidence, spans(obs.start, obs.end, obs.sentence)))
    g.add((o_iri, PROV.wasDerivedFrom, report_iri(doc_id)))
    for prop, target in ((KG.changeOf, obs.change_of), (KG.partOf, obs.part_of), (KG.replacedBy, obs.replaced_by)):
        if target:
            g.add((o_iri, prop, observation_iri(doc_id, target)))
