"""The web UI of `kg serve`: HTML pages built on the server, each from a few SPARQL queries.

    /                 the SPARQL editor (YASGUI, vendored under static/vendor/) with the named-query library as
                      examples, their default parameters bound, results as a table
    /search?q=…       entities whose zh/en label or alias contains q, or whose pinyin does (shanghaijiaotong, jiaoda)
    /api/search?q=…   the same as JSON (the header's search box suggests names from it)
    /entity/{key}     one entity (key: the last segment of its IRI): labels, classes, relations and metrics, each
                      with its sentence and the exact characters marked, linked to the report at that place
    /reports          the loaded reports
    /report/{doc}     a report's text with every extracted span (mentions, metric surfaces, relation evidence)
                      marked and linked

The graph holds each report's full text (`kg:text`) and every span's offsets into it (`oa:start`/`oa:end`, Python
string offsets, end exclusive), so a page marks text by slicing, never by searching for a quote. Every piece of
report or query text reaches the page escaped: Jinja2 autoescapes, and `mark_up` escapes what it assembles itself.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import heapq
import html
import json
import re
import threading
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import quote

import jinja2
import pyoxigraph as ox
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from ..namespaces import ID, PREFIXES
from ..query import Result, named_queries, prepare, with_prefixes

TEMPLATES = Path(__file__).parent / "templates"
ENTITY_BASE = str(ID) + "entity/"
REPORT_BASE = str(ID) + "report/"
DEFAULT_EXAMPLE = "universities-and-science-parks"
MAX_MENTIONS = 200
MAX_RESULTS = 100

templates = Jinja2Templates(env=jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True))


# -- addresses ---------------------------------------------------------------------------------------------------
def entity_key(iri: str) -> str | None:
    """The key of an entity IRI (its last path segment), or None for an IRI that is not an entity's."""
    if iri.startswith(ENTITY_BASE) and "/" not in iri[len(ENTITY_BASE):]:
        return iri[len(ENTITY_BASE):]
    return None


@functools.lru_cache(maxsize=65536)
def entity_url(iri: str) -> str | None:
    key = entity_key(iri)
    return None if key is None else "/entity/" + quote(key, safe="")


def doc_id(report: str) -> str:
    return report.removeprefix(REPORT_BASE)


def report_url(doc: str, start: int | None = None, end: int | None = None) -> str:
    url = "/report/" + quote(doc, safe="")
    return url if start is None else f"{url}#{span_anchor(start, end)}"


def span_anchor(start: int, end: int | None) -> str:
    return f"c{start}-{end}"


def anchor(prefix: str, iri: str) -> str:
    """A short, stable element id for a statement or an observation, the same on the entity and report pages."""
    return prefix + hashlib.sha1(iri.encode()).hexdigest()[:10]


_IRI = re.compile(r"[A-Za-z][\w+.-]*:[^\s<>\"{}|^`\\]+")
_KEY = re.compile(r"[^\s<>\"{}|^`\\/?#%]+")


def number(text: str) -> str:
    """A decimal as people read it: 5614000000 → 5,614,000,000; 62.70 → 62.7."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


templates.env.globals.update(entity_url=entity_url, report_url=report_url, number=number)


# -- marking text ------------------------------------------------------------------------------------------------
@dataclass
class Highlight:
    """Characters [start, end) of a report to wrap in `tag`. Lower `rank` nests outside higher on equal ranges;
    `after` is written after the closing tag (of the last piece, when the span had to be cut)."""

    start: int
    end: int
    rank: int
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    after: str = ""  # HTML


def plain(text: str) -> str:
    """Text as HTML, escaped; the `**` of Markdown bold stays (offsets count it) but is drawn faint."""
    return html.escape(text).replace("**", '<span class="md">**</span>')


def _open(tag: str, attrs: dict[str, str]) -> str:
    return f"<{tag}" + "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items() if v is not None) + ">"


def mark_up(text: str, base: int, highlights: Iterable[Highlight], fmt: Callable[[str], str] = plain) -> Markup:
    """`text` (whose first character is at offset `base` of the report) as HTML with each highlight's characters
    wrapped in its element. Elements nest; one that crosses the end of an enclosing one is cut in two there (the
    second piece without id). A link inside a link becomes a span, since HTML does not nest links."""
    spans = list(highlights)
    limit = base + len(text)
    heap = [(max(h.start, base), -min(h.end, limit), h.rank, i, True) for i, h in enumerate(spans)
            if max(h.start, base) < min(h.end, limit)]
    heapq.heapify(heap)
    out: list[str] = []
    stack: list[tuple[int, str, Highlight, bool]] = []  # end, tag written, highlight, last piece
    pos = base

    def text_to(upto: int) -> None:
        nonlocal pos
        if upto > pos:
            out.append(fmt(text[pos - base:upto - base]))
            pos = upto

    def close() -> None:
        end, tag, h, last = stack.pop()
        text_to(end)
        out.append(f"</{tag}>")
        if last and h.after and not any(t == "a" for _, t, _, _ in stack):
            out.append(h.after)

    while heap:
        start, neg_end, rank, i, first = heapq.heappop(heap)
        end = -neg_end
        while stack and stack[-1][0] <= start:
            close()
        text_to(start)
        last = True
        if stack and end > stack[-1][0]:
            heapq.heappush(heap, (stack[-1][0], -end, rank, i, False))
            end, last = stack[-1][0], False
        h = spans[i]
        tag, attrs = h.tag, dict(h.attrs)
        if tag == "a" and any(t == "a" for _, t, _, _ in stack):
            tag = "span"
            attrs.pop("href", None)
        if not first:
            attrs.pop("id", None)
        out.append(_open(tag, attrs))
        stack.append((end, tag, h, last))
    while stack:
        close()
    text_to(limit)
    return Markup("".join(out))


def cut_at_lines(h: Highlight, lines: list[tuple[int, int]], starts: list[int]) -> list[Highlight]:
    """The pieces of `h` inside each line it touches (block elements cannot sit inside inline ones)."""
    first = max(bisect_right(starts, h.start) - 1, 0)
    last = bisect_left(starts, h.end)
    pieces = []
    for ls, le in lines[first:last]:
        s, e = max(h.start, ls), min(h.end, le)
        if s < e:
            pieces.append(Highlight(s, e, h.rank, h.tag, dict(h.attrs)))
    if not pieces:
        return []
    for piece in pieces[1:]:
        piece.attrs.pop("id", None)
    pieces[-1].after = h.after
    return pieces


# -- queries -----------------------------------------------------------------------------------------------------
_ZH = 'FILTER (langMatches(lang({v}), "zh"))'
_EN = 'FILTER (langMatches(lang({v}), "en"))'

ENTITY = """
SELECT ?kind ?value ?zh ?en WHERE {
  { ?iri kg:mentionCount ?value . BIND ("mentions" AS ?kind) }
  UNION { ?iri rdfs:label ?value . BIND ("label" AS ?kind) }
  UNION { ?iri skos:altLabel ?value . BIND ("alias" AS ?kind) }
  UNION { ?iri a ?value . BIND ("class" AS ?kind)
          OPTIONAL { ?value rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh")) }
          OPTIONAL { ?value rdfs:label ?en . FILTER (langMatches(lang(?en), "en")) } }
  UNION { ?rec kg:describes ?iri ; prov:wasDerivedFrom ?value . BIND ("report" AS ?kind)
          OPTIONAL { ?rec kg:mentionsInReport ?zh } OPTIONAL { ?value dcterms:title ?en } }
}"""

# The evidence of each statement and observation: its position, its quote with the text around it, and the
# sentence that holds it (when the span is not a sentence itself). Queries state their required patterns first and
# their OPTIONAL ones last: the engine joins in the order written, and a pattern after an OPTIONAL is evaluated on
# its own before the join.
_EVIDENCE = """
  ?span oa:hasSelector ?pos , ?quote .
  ?pos a oa:TextPositionSelector ; oa:start ?es ; oa:end ?ee .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?prefix } OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?span kg:sentence ?sentence . ?sentence oa:hasSelector ?spos , ?squote .
             ?spos a oa:TextPositionSelector ; oa:start ?ss .
             ?squote a oa:TextQuoteSelector ; oa:exact ?stext . }
"""

RELATIONS = """
SELECT ?st ?direction ?p ?p_zh ?p_en ?other ?other_zh ?other_en ?status_zh ?status_en ?doc
       ?es ?ee ?exact ?prefix ?suffix ?ss ?stext WHERE {
  VALUES (?direction ?this_end ?other_end) { ("out" rdf:subject rdf:object) ("in" rdf:object rdf:subject) }
  ?st ?this_end ?iri ; ?other_end ?other ; a kg:RelationStatement ; rdf:predicate ?p ; kg:evidence ?span ;
      prov:wasDerivedFrom ?doc .
  ?other rdfs:label ?other_zh . FILTER (langMatches(lang(?other_zh), "zh"))
""" + _EVIDENCE + """
  OPTIONAL { ?other rdfs:label ?other_en . FILTER (langMatches(lang(?other_en), "en")) }
  OPTIONAL { ?p rdfs:label ?p_zh . FILTER (langMatches(lang(?p_zh), "zh")) }
  OPTIONAL { ?p rdfs:label ?p_en . FILTER (langMatches(lang(?p_en), "en")) }
  OPTIONAL { ?st kg:status ?status .
             OPTIONAL { ?status skos:prefLabel ?status_zh . FILTER (langMatches(lang(?status_zh), "zh")) }
             OPTIONAL { ?status skos:prefLabel ?status_en . FILTER (langMatches(lang(?status_en), "en")) } }
}
ORDER BY ?direction ?p ?doc ?es"""

METRICS = """
SELECT ?obs ?change ?measure ?value ?unit ?q_zh ?q_en ?period ?surface ?doc
       ?es ?ee ?exact ?prefix ?suffix ?ss ?stext WHERE {
  ?obs kg:about ?iri ; a kg:Observation ; kg:measure ?m ; qudt:numericValue ?value ; qudt:unit/skos:notation ?unit ;
       kg:qualifier ?q ; kg:period ?period ; kg:surface ?surface ; prov:wasDerivedFrom ?doc ; kg:evidence ?span .
""" + _EVIDENCE + """
  OPTIONAL { ?m skos:prefLabel ?measure . FILTER (langMatches(lang(?measure), "zh")) }
  OPTIONAL { ?q skos:prefLabel ?q_zh . FILTER (langMatches(lang(?q_zh), "zh")) }
  OPTIONAL { ?q skos:prefLabel ?q_en . FILTER (langMatches(lang(?q_en), "en")) }
  BIND (EXISTS { ?obs a kg:ChangeObservation } AS ?change)
}
ORDER BY ?doc ?es"""

MENTIONS = """
SELECT ?e ?doc ?s ?end ?exact ?prefix ?suffix WHERE {
  VALUES ?e { %s }
  ?m kg:mentionOf ?e ; a kg:Mention ; kg:evidence ?span .
  ?span oa:hasSource ?doc ; oa:hasSelector ?pos , ?quote .
  ?pos a oa:TextPositionSelector ; oa:start ?s ; oa:end ?end .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  OPTIONAL { ?quote oa:prefix ?prefix } OPTIONAL { ?quote oa:suffix ?suffix }
}
ORDER BY ?doc ?s"""

REPORT = """
SELECT ?text ?title ?file ?format ?year WHERE {
  ?doc_iri a kg:Report ; kg:text ?text .
  OPTIONAL { ?doc_iri dcterms:title ?title } OPTIONAL { ?doc_iri kg:fileName ?file }
  OPTIONAL { ?doc_iri dcterms:format ?format } OPTIONAL { ?doc_iri kg:year ?year }
}"""

# Every span the page marks, in one query: mentions, observations, relation statements and section headings. Each
# branch reads the span's position as soon as it has the span (the engine joins in the order written).
_POS = "?span oa:hasSelector ?pos . ?pos a oa:TextPositionSelector ; oa:start ?s ; oa:end ?e ."
SPANS = """
SELECT ?kind ?item ?s ?e ?target ?label ?label_en ?measure ?value ?unit ?qualifier ?period ?p_zh ?p_en
       ?object ?object_label ?status ?level ?title WHERE {
  {
    ?span oa:hasSource ?doc_iri . ?item kg:evidence ?span ; a kg:Mention ; kg:mentionOf ?target .
    POS
    ?target rdfs:label ?label . FILTER (langMatches(lang(?label), "zh"))
    OPTIONAL { ?target rdfs:label ?label_en . FILTER (langMatches(lang(?label_en), "en")) }
    BIND ("mention" AS ?kind)
  } UNION {
    ?item prov:wasDerivedFrom ?doc_iri ; a kg:Observation ; kg:evidence ?span ; kg:about ?target ; kg:measure ?m ;
          qudt:numericValue ?value ; qudt:unit/skos:notation ?unit ; kg:qualifier ?q ; kg:period ?period .
    POS
    ?target rdfs:label ?label . FILTER (langMatches(lang(?label), "zh"))
    OPTIONAL { ?m skos:prefLabel ?measure . FILTER (langMatches(lang(?measure), "zh")) }
    OPTIONAL { ?q skos:prefLabel ?qualifier . FILTER (langMatches(lang(?qualifier), "zh")) }
    BIND ("metric" AS ?kind)
  } UNION {
    ?item prov:wasDerivedFrom ?doc_iri ; a kg:RelationStatement ; kg:evidence ?span ; rdf:subject ?target ;
          rdf:predicate ?p ; rdf:object ?object .
    POS
    ?target rdfs:label ?label . FILTER (langMatches(lang(?label), "zh"))
    ?object rdfs:label ?object_label . FILTER (langMatches(lang(?object_label), "zh"))
    OPTIONAL { ?p rdfs:label ?p_zh . FILTER (langMatches(lang(?p_zh), "zh")) }
    OPTIONAL { ?p rdfs:label ?p_en . FILTER (langMatches(lang(?p_en), "en")) }
    OPTIONAL { ?item kg:status/skos:prefLabel ?status . FILTER (langMatches(lang(?status), "zh")) }
    BIND ("relation" AS ?kind)
  } UNION {
    ?item a kg:Section ; kg:evidence ?span ; kg:level ?level ; dcterms:title ?title .
    ?span oa:hasSource ?doc_iri .
    POS
    BIND ("section" AS ?kind)
  }
}""".replace("POS", _POS)

NAMES = """
SELECT ?e ?name ?zh ?en ?n ?class WHERE {
  ?e kg:mentionCount ?n ; rdfs:label|skos:altLabel ?name .
  ?e rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh"))
  OPTIONAL { ?e rdfs:label ?en . FILTER (langMatches(lang(?en), "en")) }
  OPTIONAL { ?e a ?c . FILTER (?c != kg:Entity) ?c rdfs:label ?class . FILTER (langMatches(lang(?class), "zh")) }
}"""


def _text(term) -> str:
    if term is None:
        return ""
    return term.value if hasattr(term, "value") else str(term)


def _int(term) -> int:
    return int(_text(term))


def _rows(result: Result) -> list[dict]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


async def _select(request: Request, sparql: str, **bindings: str) -> list[dict]:
    service = request.app.state.service
    return _rows(await run_in_threadpool(service.run, sparql, bindings or None))


def _not_found(request: Request, what_zh: str, what_en: str, name: str) -> Response:
    return templates.TemplateResponse(request, "not_found.jinja",
                                      {"what_zh": what_zh, "what_en": what_en, "name": name}, status_code=404)


# -- the editor --------------------------------------------------------------------------------------------------
def library() -> list[dict]:
    """The named queries as editor examples: their text with default parameters bound and the project's prefixes
    written out (YASGUI's editor does not know the ones the endpoint predeclares), unused prefixes left out."""
    examples = []
    for name, q in named_queries().items():
        bound = prepare(name)
        text = with_prefixes(bound)
        added = text.count("\n") - bound.count("\n")
        lines = text.splitlines(keepends=True)
        body = lines[added:]
        used = [line for line in lines[:added]
                if re.search(rf"(?<![\w.-]){re.escape(line.split()[1])}", "".join(body))]
        header = 0  # the query's comment header (title, description, parameters) stays on top
        while header < len(body) and body[header].startswith("#"):
            header += 1
        examples.append({"name": name, "title": q.title, "title_zh": q.title_zh or q.title,
                         "description": q.description, "text": "".join(body[:header] + used + body[header:]),
                         "params": [{"name": p.name, "default": p.default, "description": p.description}
                                    for p in q.params]})
    examples.sort(key=lambda e: e["name"] != DEFAULT_EXAMPLE)
    return examples


async def index(request: Request) -> Response:
    return templates.TemplateResponse(request, "index.jinja", {
        "library": library(), "prefixes": PREFIXES, "entity_base": ENTITY_BASE, "report_base": REPORT_BASE})


# -- search ------------------------------------------------------------------------------------------------------
def _fold(text: str) -> str:
    """Text to compare: NFKC, lower case, tone marks and spaces and apostrophes dropped."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return re.sub(r"[\s'’·・-]+", "", "".join(c for c in text if not unicodedata.combining(c)))


@dataclass
class _Name:
    iri: str
    name: str
    folded: str
    pinyin: str
    initials: str


@dataclass
class _Names:
    generation: object
    names: list[_Name]
    entities: dict[str, dict]


_names_cache: dict[int, _Names] = {}
_names_lock = threading.Lock()


def _pinyin(text: str) -> tuple[str, str]:
    from pypinyin import lazy_pinyin

    syllables = [_fold(s) for s in lazy_pinyin(text, errors="default")]
    full = "".join(syllables)
    initials = "".join(s[0] for s in syllables if s) if any(unicodedata.category(c) == "Lo" for c in text) else ""
    return full, initials


def _name_table(service) -> _Names:
    """Every label and alias with its pinyin, computed once per generation of the store."""
    generation = getattr(service.current(), "generation", None)
    with _names_lock:
        cached = _names_cache.get(id(service))
        if cached and cached.generation == generation:
            return cached
        names, entities, seen = [], {}, set()
        for row in _rows(service.run(NAMES)):
            iri = _text(row["e"])
            entity = entities.setdefault(iri, {"iri": iri, "url": entity_url(iri), "key": entity_key(iri),
                                               "label_zh": _text(row["zh"]), "label_en": _text(row["en"]),
                                               "mentions": _int(row["n"]), "classes": []})
            cls = _text(row["class"])
            if cls and cls not in entity["classes"]:
                entity["classes"].append(cls)
            key = entity_key(iri) or ""
            for name in (_text(row["name"]), key if key.isascii() else ""):
                if name and (iri, name) not in seen:
                    seen.add((iri, name))
                    full, initials = _pinyin(name)
                    names.append(_Name(iri, name, _fold(name), full, initials))
        table = _Names(generation, names, entities)
        _names_cache[id(service)] = table
        return table


def search_entities(service, query: str) -> list[dict]:
    """Entities matching `query`, best first: a label or alias equal to it, starting with it, containing it, then
    the pinyin of one containing it (the query's letters, or the sound of its characters), then its initials."""
    q = _fold(query)
    if not q:
        return []
    table = _name_table(service)
    latin = bool(re.fullmatch(r"[a-z0-9]+", q))
    han = sum(unicodedata.category(c) == "Lo" for c in q)
    sound = _pinyin(q)[0] if han >= 2 else ""
    best: dict[str, tuple[int, str, str]] = {}
    for n in table.names:
        if n.folded == q:
            score, how = 0, "exact"
        elif n.folded.startswith(q):
            score, how = 1, "prefix"
        elif q in n.folded:
            score, how = 2, "contains"
        elif latin and len(q) >= 2 and q in n.pinyin:
            score, how = 3, "pinyin"
        elif sound and sound in n.pinyin:
            score, how = 4, "pinyin"
        elif latin and len(q) >= 2 and n.initials.startswith(q):
            score, how = 5, "initials"
        else:
            continue
        if n.iri not in best or score < best[n.iri][0]:
            best[n.iri] = (score, n.name, how)
    ranked = sorted(best.items(), key=lambda kv: (kv[1][0], -table.entities[kv[0]]["mentions"],
                                                   table.entities[kv[0]]["label_zh"]))
    return [{**table.entities[iri], "matched": name, "how": how} for iri, (_, name, how) in ranked[:MAX_RESULTS]]


async def search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    service = request.app.state.service
    results = await run_in_threadpool(search_entities, service, query) if query else []
    return templates.TemplateResponse(request, "search.jinja", {"q": query, "results": results})


async def api_search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    service = request.app.state.service
    results = await run_in_threadpool(search_entities, service, query) if query else []
    # HTML's special characters as JSON escapes: the answer is safe even where it is mistaken for HTML.
    body = json.dumps({"q": query, "results": results}, ensure_ascii=False)
    body = body.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(body, media_type="application/json")


# -- entity pages ------------------------------------------------------------------------------------------------
def _context(prefix, suffix) -> tuple[str, str]:
    """The text a quote selector keeps around a span, within the span's line."""
    return _text(prefix).rsplit("\n", 1)[-1], _text(suffix).split("\n", 1)[0]


def _evidence(row: dict, marks: list[Highlight]) -> Markup:
    """The sentence of an evidence span (or the span with the text around it) with the span's characters marked,
    and the other highlights given."""
    es, ee = _int(row["es"]), _int(row["ee"])
    if row.get("stext") is not None:
        text, base = _text(row["stext"]), _int(row["ss"])
        context = []
    else:
        prefix, suffix = _context(row.get("prefix"), row.get("suffix"))
        text, base = prefix + _text(row["exact"]) + suffix, es - len(prefix)
        context = [Highlight(base, es, 0, "span", {"class": "ctx"}),
                   Highlight(ee, base + len(text), 0, "span", {"class": "ctx"})]
    mark = Highlight(es, ee, 1, "mark", {"class": "ev"})
    return mark_up(text, base, [*context, mark, *marks])


def _mention_marks(mentions: dict[tuple[str, str], list[tuple[int, int]]], doc: str,
                   ends: list[tuple[str, str | None, str]]) -> list[Highlight]:
    marks = []
    for iri, url, cls in ends:
        for s, e in mentions.get((iri, doc), []):
            attrs = {"class": f"ent {cls}"}
            if url:
                attrs["href"] = url
            marks.append(Highlight(s, e, 2, "a" if url else "b", attrs))
    return marks


async def entity(request: Request) -> Response:
    key = request.path_params["key"]
    if not _KEY.fullmatch(key) or not _IRI.fullmatch(ENTITY_BASE + key):
        return _not_found(request, "实体", "entity", key)
    iri = ENTITY_BASE + key
    facts, relations, metrics = await asyncio.gather(
        _select(request, ENTITY, iri=iri), _select(request, RELATIONS, iri=iri), _select(request, METRICS, iri=iri))
    if not any(_text(r["kind"]) == "mentions" for r in facts):
        return _not_found(request, "实体", "entity", key)

    page: dict = {"iri": iri, "key": key, "label_zh": "", "label_en": "", "labels": [], "aliases": [], "classes": [],
                  "mentions": 0, "reports": []}
    for row in facts:
        kind, value = _text(row["kind"]), row["value"]
        if kind == "mentions":
            page["mentions"] = _int(value)
        elif kind == "label":
            lang = value.language if isinstance(value, ox.Literal) else None
            if lang == "zh" and not page["label_zh"]:
                page["label_zh"] = value.value
            elif lang == "en" and not page["label_en"]:
                page["label_en"] = value.value
            else:
                page["labels"].append(value.value)
        elif kind == "alias":
            page["aliases"].append(_text(value))
        elif kind == "class" and row["zh"] is not None and not _text(value).endswith("#Entity"):
            page["classes"].append({"zh": _text(row["zh"]), "en": _text(row["en"]), "name": _text(value)})
        elif kind == "report":
            page["reports"].append({"doc": doc_id(_text(value)), "title": _text(row["en"]) or doc_id(_text(value)),
                                    "mentions": _text(row["zh"])})
    page["aliases"] = sorted(set(page["aliases"]) | set(page["labels"]))
    page["classes"].sort(key=lambda c: c["name"])
    page["reports"].sort(key=lambda r: r["doc"])

    # Mentions of this entity and of the entities its relations reach, to mark both ends in each sentence.
    others = {_text(r["other"]) for r in relations}
    wanted = [i for i in [iri, *sorted(others)] if _IRI.fullmatch(i)]
    mention_rows = await _select(request, MENTIONS % " ".join(f"<{i}>" for i in wanted))
    mentions: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for row in mention_rows:
        mentions.setdefault((_text(row["e"]), doc_id(_text(row["doc"]))), []).append((_int(row["s"]), _int(row["end"])))

    items, seen = [], set()
    for row in relations:
        st = _text(row["st"])
        if st in seen:
            continue
        seen.add(st)
        doc, other = doc_id(_text(row["doc"])), _text(row["other"])
        marks = _mention_marks(mentions, doc, [(iri, None, "self"), (other, entity_url(other), "other")])
        items.append({
            "id": anchor("r-", st), "direction": _text(row["direction"]),
            "p_zh": _text(row["p_zh"]), "p_en": _text(row["p_en"]) or _text(row["p"]).rsplit("#", 1)[-1],
            "other": other, "other_url": entity_url(other), "other_zh": _text(row["other_zh"]),
            "other_en": _text(row["other_en"]), "status_zh": _text(row["status_zh"]),
            "status_en": _text(row["status_en"]), "doc": doc,
            "link": report_url(doc, _int(row["es"]), _int(row["ee"])), "sentence": _evidence(row, marks)})

    observations, seen = [], set()
    for row in metrics:
        obs = _text(row["obs"])
        if obs in seen:
            continue
        seen.add(obs)
        doc = doc_id(_text(row["doc"]))
        observations.append({
            "id": anchor("m-", obs), "change": _text(row["change"]) == "true", "measure": _text(row["measure"]),
            "value": number(_text(row["value"])), "unit": _text(row["unit"]), "q_zh": _text(row["q_zh"]),
            "q_en": _text(row["q_en"]), "period": _text(row["period"]), "surface": _text(row["surface"]),
            "doc": doc, "link": report_url(doc, _int(row["es"]), _int(row["ee"])),
            "sentence": _evidence(row, _mention_marks(mentions, doc, [(iri, None, "self")]))})

    own = []
    for row in mention_rows:
        if _text(row["e"]) != iri:
            continue
        doc, s, e = doc_id(_text(row["doc"])), _int(row["s"]), _int(row["end"])
        prefix, suffix = _context(row["prefix"], row["suffix"])
        text = prefix + _text(row["exact"]) + suffix
        base = s - len(prefix)
        own.append({"doc": doc, "link": report_url(doc, s, e), "html": mark_up(text, base, [
            Highlight(base, s, 0, "span", {"class": "ctx"}), Highlight(s, e, 1, "mark", {"class": "ev"}),
            Highlight(e, base + len(text), 0, "span", {"class": "ctx"})])})

    return templates.TemplateResponse(request, "entity.jinja", {
        **page, "relations": items, "metrics": observations, "own_mentions": own[:MAX_MENTIONS],
        "more_mentions": max(len(own) - MAX_MENTIONS, 0)})


# -- reports -----------------------------------------------------------------------------------------------------
async def reports(request: Request) -> Response:
    rows = await _select(request, "reports")
    return templates.TemplateResponse(request, "reports.jinja", {"reports": [
        {k: _text(v) for k, v in row.items()} for row in rows]})


def _line_tag(text: str, start: int, end: int, heading: int | None) -> tuple[str, str]:
    if heading is not None:
        return f"h{min(max(heading, 1) + 1, 6)}", "sec"
    line = text[start:end].lstrip()
    if line.startswith("|"):
        return "p", "row"
    if re.match(r"[-*+•]\s|\d+[.、)]\s", line):
        return "p", "item"
    return "p", "para"


def report_html(text: str, rows: list[dict]) -> tuple[Markup, dict]:
    """The report's text as HTML: one block per line (a heading where a section's heading lies), every mention a
    link to its entity, every metric surface a link to the figure on its subject's page (its reading in the
    tooltip), every relation's evidence underlined with a link to the statement on its subject's page."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    starts = [s for s, _ in lines]
    headings: dict[int, tuple[int, str]] = {}
    sections = []
    groups: dict[tuple[str, int, int], list[dict]] = {}
    for row in rows:
        kind, s, e = _text(row["kind"]), _int(row["s"]), _int(row["e"])
        if kind == "section":
            i = bisect_right(starts, s) - 1
            if i >= 0 and s < lines[i][1]:
                section_id = "sec-" + _text(row["item"]).rsplit("/", 1)[-1]
                headings.setdefault(i, (_int(row["level"]), section_id))
                sections.append({"id": headings[i][1], "title": _text(row["title"]), "level": _int(row["level"]),
                                 "start": s})
        else:
            groups.setdefault((kind, s, e), []).append(row)

    highlights: list[Highlight] = []
    counts = {"mention": 0, "metric": 0, "relation": 0}
    for (kind, s, e), group in groups.items():
        first = group[0]
        counts[kind] += len({_text(r["item"]) for r in group})
        target = _text(first["target"])
        if kind == "mention":
            labels = []
            for r in group:
                label = _text(r["label"]) + (f" · {_text(r['label_en'])}" if r["label_en"] is not None else "")
                if label not in labels:
                    labels.append(label)
            highlights.append(Highlight(s, e, 3, "a", {
                "class": "hl mention", "href": entity_url(target), "title": "实体 entity: " + " | ".join(labels)}))
        elif kind == "metric":
            tips = []
            for r in group:
                tip = (f"{_text(r['measure']) or '指标'}: {number(_text(r['value']))} {_text(r['unit'])}"
                       f"（{_text(r['qualifier'])}，{_text(r['period'])}）— {_text(r['label'])}")
                if tip not in tips:
                    tips.append(tip)
            url = entity_url(target)
            highlights.append(Highlight(s, e, 2, "a", {
                "class": "hl metric", "href": url and f"{url}#{anchor('m-', _text(first['item']))}",
                "title": "指标 metric: " + "\n".join(tips)}))
        else:
            tips, links = [], []
            for r in group:
                st = _text(r["item"])
                tip = (f"{_text(r['label'])} → {_text(r['p_zh']) or _text(r['p_en'])} {_text(r['p_en'])} → "
                       f"{_text(r['object_label'])}" + (f"（{_text(r['status'])}）" if r["status"] is not None else ""))
                if tip in tips:
                    continue
                tips.append(tip)
                url = entity_url(_text(r["target"]))
                if url:
                    # The ⇄ is drawn by CSS, so the text of the page stays the report's, character for character.
                    label = html.escape("关系 relation: " + tip)
                    links.append(f'<a class="rel-link" href="{html.escape(url)}#{anchor("r-", st)}" '
                                 f'title="{label}" aria-label="{label}"></a>')
            after = f'<sup class="rel-refs">{"".join(links)}</sup>' if links else ""
            highlights.append(Highlight(s, e, 1, "span", {"class": "hl relation",
                                                           "title": "关系 relation: " + "\n".join(tips)}, after))
    ids: set[str] = set()
    pieces: list[Highlight] = []
    for h in sorted(highlights, key=lambda h: (h.start, -h.end, h.rank)):
        ident = span_anchor(h.start, h.end)
        if ident not in ids:
            ids.add(ident)
            h.attrs = {"id": ident, **h.attrs}
        pieces.extend(cut_at_lines(h, lines, starts))
    for i, (s, e) in enumerate(lines):
        heading = headings.get(i)
        tag, cls = _line_tag(text, s, e, heading[0] if heading else None)
        attrs = {"class": cls}
        if heading:
            attrs["id"] = heading[1]
        pieces.append(Highlight(s, e, 0, tag, attrs))
    sections.sort(key=lambda x: x["start"])
    return mark_up(text, 0, pieces), {"counts": counts, "sections": sections}


async def report(request: Request) -> Response:
    doc = request.path_params["doc_id"]
    doc_iri = REPORT_BASE + doc
    if not _KEY.fullmatch(doc) or not _IRI.fullmatch(doc_iri):
        return _not_found(request, "报告", "report", doc)
    meta, rows = await asyncio.gather(_select(request, REPORT, doc_iri=doc_iri),
                                      _select(request, SPANS, doc_iri=doc_iri))
    if not meta:
        return _not_found(request, "报告", "report", doc)
    text = _text(meta[0]["text"])
    html, info = await run_in_threadpool(report_html, text, rows)
    return templates.TemplateResponse(request, "report.jinja", {
        "doc": doc, "title": _text(meta[0]["title"]) or doc, "file": _text(meta[0]["file"]),
        "format": _text(meta[0]["format"]), "year": _text(meta[0]["year"]), "chars": len(text), "html": html, **info})


routes = [
    Route("/", index, name="index"),
    Route("/search", search, name="search"),
    Route("/api/search", api_search, name="api_search"),
    Route("/entity/{key}", entity, name="entity"),
    Route("/reports", reports, name="reports"),
    Route("/report/{doc_id}", report, name="report"),
]
