"""Relationship analytics: the graph projected to networkx, and the algorithms people ask for.

The projection keeps what a relationship question is about and nothing else: domain entities as nodes, domain
relations (the subproperties of kg:relatedTo) as edges, no provenance, ontology or literal nodes. It is built
from SPARQL over the store, so it works the same on one report and on a corpus:

    node  = entity IRI      label_zh, label_en, aliases, cls, cls_zh, mentions, figures (how many observations),
                            measures (their measures), metrics [{measure, value, unit, period, surface}]
    edge  = (s, o, key)     key: the relation's local name; predicate, label_zh, label_en, status,
                            evidence [{sentence, quote, doc, start, end}]

Paths, neighbourhoods, ranks, communities and bridges read the projection as an undirected graph: "how is A
connected to B" does not care which way a relation was written. Names resolve as `kg entity` resolves them.
"""

from __future__ import annotations

import difflib
import itertools
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from .errors import QueryError
from .namespaces import report_iri
from .query import run
from .store import Store

KG = "https://w3id.org/shanghai-innovation-kg/ontology#"
EXPORT_FORMATS = ("graphml", "gexf", "nodelink")
_BETWEENNESS_BUDGET = 10_000_000  # edge visits: above it, betweenness is estimated from a sample of sources

_NODES = """
SELECT ?e ?cls ?cls_zh ?zh ?en ?n (GROUP_CONCAT(DISTINCT ?alias; separator="|") AS ?aliases)
WHERE {
  ?e kg:mentionCount ?n ; a ?cls ; rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh"))
  FILTER (?cls != kg:Entity)
  OPTIONAL { ?cls rdfs:label ?cls_zh . FILTER (langMatches(lang(?cls_zh), "zh")) }
  OPTIONAL { ?e rdfs:label ?en . FILTER (langMatches(lang(?en), "en")) }
  OPTIONAL { ?e skos:altLabel ?alias }
}
GROUP BY ?e ?cls ?cls_zh ?zh ?en ?n"""

_PREDICATES = """
SELECT ?p ?zh ?en WHERE {
  ?p rdfs:subPropertyOf kg:relatedTo .
  OPTIONAL { ?p rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh")) }
  OPTIONAL { ?p rdfs:label ?en . FILTER (langMatches(lang(?en), "en")) }
}"""

_EDGES = "SELECT ?s ?o WHERE { ?s <{p}> ?o }"

_TEXTS = "SELECT ?r ?text WHERE { ?r a kg:Report ; kg:text ?text }"

_NAMES = """
SELECT ?x ?name WHERE { { ?x skos:notation ?name } UNION { ?x skos:prefLabel ?name . FILTER (lang(?name) != "en") } }"""


def project(store: Store, *, evidence: bool = True, metrics: bool = True, figures: bool = True) -> nx.MultiDiGraph:
    """The store's entities and relations as a networkx MultiDiGraph (see the module docstring). Every node has
    the summary of its figures (`figures`: how many, `measures`); `metrics` adds each figure, `evidence` each
    edge's sentences. Ranking and communities on a large corpus need none of the three: leave them out."""
    g = nx.MultiDiGraph()
    for e, cls, cls_zh, zh, en, n, aliases in run(store, _NODES).values():
        if e in g:  # an entity with two classes: keep the more specific (the one with a Chinese label) once
            continue
        g.add_node(e, label_zh=zh, label_en=en, cls=cls.rsplit("#", 1)[-1], cls_zh=cls_zh, mentions=int(n or 0),
                   aliases=sorted(a for a in aliases.split("|") if a), figures=0, measures=[], metrics=[])
    labels = {p: (zh, en) for p, zh, en in run(store, _PREDICATES).values()}
    for p, (zh, en) in labels.items():
        key = p.rsplit("#", 1)[-1]
        for s, o in run(store, _EDGES.replace("{p}", p)).values():
            if s in g and o in g:
                g.add_edge(s, o, key=key, predicate=p, label_zh=zh, label_en=en, status="", evidence=[])
    if not (evidence or figures or metrics):
        return g
    # Statements and observations come from the store's tables (graph.tables): on a 1,000-report corpus the
    # engine would spend minutes decoding the terms of every statement and figure.
    with store.tables() as tables:
        statements = tables.select("SELECT doc, s, p, o, status, start, \"end\" FROM statement") if evidence else []
        observations = tables.select("SELECT about, measure, value, unit, period, surface FROM figure"
                                     ) if figures or metrics else []
    texts = dict(run(store, _TEXTS).values()) if statements else {}
    for r in statements:
        key = r["p"].rsplit("#", 1)[-1]
        if not g.has_edge(r["s"], r["o"], key):
            continue
        edge = g.edges[r["s"], r["o"], key]
        edge["status"] = edge["status"] or r["status"]
        text = texts.get(str(report_iri(r["doc"])), "")
        edge["evidence"].append({"sentence": text[r["start"]:r["end"]], "doc": r["doc"], "start": r["start"],
                                 "end": r["end"]})
    names = dict(run(store, _NAMES).values()) if observations else {}
    summary: dict[str, list] = defaultdict(list)
    for r in observations:
        if r["about"] in g:
            summary[r["about"]].append(r)
    for e, rows in summary.items():
        node = g.nodes[e]
        if figures:
            node["figures"] = len(rows)
            node["measures"] = sorted({names[r["measure"]] for r in rows if r["measure"] in names})
        if metrics:
            node["metrics"] = [{"measure": names.get(r["measure"], ""), "value": r["value"],
                                "unit": r["unit"], "period": r["period"],
                                "surface": r["surface"]} for r in rows]
    return g


# -- names ------------------------------------------------------------------------------------------------------
def resolve(g: nx.MultiDiGraph, name: str) -> str:
    """The node `name` designates: an exact zh or en label or alias (any case), else the one label containing
    it, else the closest label. An ambiguous or unknown name is a QueryError that lists candidates."""
    wanted = name.strip().lower()
    if not wanted:
        raise QueryError("Give an entity name, e.g. 上海交通大学 or Medtronic.")
    names: dict[str, set[str]] = defaultdict(set)
    for node, data in g.nodes(data=True):
        for label in (data.get("label_zh"), data.get("label_en"), *data.get("aliases", [])):
            if label:
                names[label.lower()].add(node)
    exact = names.get(wanted, set())
    if len(exact) == 1:
        return next(iter(exact))
    containing = exact or {n for label, nodes in names.items() if wanted in label for n in nodes}
    if len(containing) == 1:
        return next(iter(containing))
    if containing:
        ranked = sorted(containing, key=lambda n: (-g.nodes[n].get("mentions", 0), _label(g, n)))
        listed = "; ".join(_label(g, n) for n in ranked[:6]) + ("; …" if len(ranked) > 6 else "")
        raise QueryError(f"'{name}' matches {len(ranked)} entities: {listed}. Give a longer name.")
    close = difflib.get_close_matches(wanted, names, n=5, cutoff=0.6)
    if close and (len(close) == 1 or difflib.SequenceMatcher(None, wanted, close[0]).ratio() >= 0.8):
        nodes = names[close[0]]
        if len(nodes) == 1:
            return next(iter(nodes))
    hints = difflib.get_close_matches(wanted, names, n=5, cutoff=0.3)
    listed = "; ".join(_label(g, next(iter(names[h]))) for h in hints)
    raise QueryError(f"No entity is named '{name}'." + (f" Close: {listed}." if listed else
                                                        " Try `kg entities` for the list."))


def _label(g: nx.MultiDiGraph, node: str) -> str:
    data = g.nodes[node]
    return data.get("label_zh") + (f" ({data['label_en']})" if data.get("label_en") else "")


# -- paths and neighbourhoods -----------------------------------------------------------------------------------
@dataclass
class Step:
    """One edge of a path, in the direction the path walks it; `forward` says whether the relation was stated
    that way (subject → object)."""

    source: str
    target: str
    relation: str
    label_zh: str
    label_en: str
    forward: bool
    status: str
    evidence: list[dict] = field(default_factory=list)


def paths(g: nx.MultiDiGraph, source: str, target: str, *, every: bool = False) -> list[list[Step]]:
    """The shortest paths between two entities (one, or `every` one), each a list of labelled steps."""
    undirected = g.to_undirected(as_view=True)
    try:
        # Equal-length paths come in an order that depends on the engine's row order; rank them instead: the
        # best attested first (most evidence along the way), then by labels. A hub can have very many.
        node_paths = list(itertools.islice(nx.all_shortest_paths(undirected, source, target), 200))
    except nx.NetworkXNoPath:
        raise QueryError(f"{_label(g, source)} and {_label(g, target)} are not connected in the graph.") from None
    found = [[_step(g, a, b) for a, b in itertools.pairwise(nodes)] for nodes in node_paths]
    found.sort(key=lambda steps: (-sum(len(s.evidence) for s in steps), [_label(g, s.target) for s in steps]))
    return found if every else found[:1]


def _step(g: nx.MultiDiGraph, a: str, b: str) -> Step:
    """The best-attested edge between a and b, either way round."""
    candidates = [(a, b, k, d, True) for k, d in (g.get_edge_data(a, b) or {}).items()]
    candidates += [(b, a, k, d, False) for k, d in (g.get_edge_data(b, a) or {}).items()]
    _s, _o, key, data, forward = max(candidates, key=lambda c: (len(c[3]["evidence"]), c[4], c[2]))
    return Step(a, b, key, data["label_zh"], data["label_en"], forward, data["status"], data["evidence"])


def neighbourhood(g: nx.MultiDiGraph, center: str, hops: int = 1) -> nx.MultiDiGraph:
    """The entities within `hops` relations of `center` (either direction) and the relations among them."""
    if center not in g:
        raise QueryError(f"{center} is not an entity of the graph.")
    reach = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), center, cutoff=hops)
    return g.subgraph(reach).copy()


def path_graph(g: nx.MultiDiGraph, found: list[list[Step]]) -> nx.MultiDiGraph:
    """The entities of some paths with every relation between consecutive ones (for a view); the first path's
    entities, in order, are in `graph["path"]`."""
    h = nx.MultiDiGraph()
    for steps in found:
        for step in steps:
            for node in (step.source, step.target):
                h.add_node(node, **g.nodes[node])
            for s, o in ((step.source, step.target), (step.target, step.source)):
                for key, data in (g.get_edge_data(s, o) or {}).items():
                    h.add_edge(s, o, key=key, **data)
    h.graph["path"] = [found[0][0].source, *(step.target for step in found[0])] if found and found[0] else []
    return h


def subgraph_of(g: nx.MultiDiGraph, result) -> nx.MultiDiGraph:
    """The part of the projection a query's answer is about: the entities its rows (or triples, for CONSTRUCT and
    DESCRIBE) name, by IRI or by Chinese label, and the relations among them."""
    if result.kind == "graph":
        terms = {t.value for triple in result.triples for t in (triple.subject, triple.object) if hasattr(t, "value")}
    else:
        terms = {v for row in result.values() for v in row}
    nodes = {n for n, data in g.nodes(data=True) if n in terms or data.get("label_zh") in terms}
    if not nodes:
        raise QueryError("The query's answer names no entity of the graph, so there is nothing to draw.")
    return g.subgraph(nodes).copy()


# -- centrality, communities, bridges ---------------------------------------------------------------------------
def rank(g: nx.MultiDiGraph, by: str = "degree", cls: str | None = None, top: int = 20) -> list[tuple[str, float]]:
    """Entities by degree, betweenness or PageRank (on the undirected simple graph), optionally of one class."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    if by == "degree":
        scores = dict(simple.degree())
    elif by == "betweenness":
        scores = betweenness(simple)
    elif by == "pagerank":
        scores = pagerank(simple)
    else:
        raise QueryError(f"Cannot rank by '{by}': choose degree, betweenness or pagerank.")
    if cls:
        known = {d["cls"] for _, d in g.nodes(data=True)}
        if cls not in known:
            raise QueryError(f"No entity has class '{cls}'. Classes in the graph: {', '.join(sorted(known))}.")
        scores = {n: s for n, s in scores.items() if g.nodes[n]["cls"] == cls}
    return sorted(scores.items(), key=lambda item: (-item[1], _label(g, item[0])))[:top]


def pagerank(simple: nx.Graph, damping: float = 0.85, tolerance: float = 1e-9) -> dict[str, float]:
    """PageRank by power iteration (networkx's own needs scipy, which this project does not otherwise use).
    Isolated entities spread their rank evenly, as networkx does with dangling nodes."""
    n = simple.number_of_nodes()
    if n == 0:
        return {}
    rank_of = dict.fromkeys(simple, 1.0 / n)
    degree = dict(simple.degree())
    for _ in range(200):
        dangling = damping * sum(rank_of[v] for v in simple if degree[v] == 0) / n
        new = {v: (1 - damping) / n + dangling + damping * sum(rank_of[u] / degree[u] for u in simple[v])
               for v in simple}
        if sum(abs(new[v] - rank_of[v]) for v in simple) < n * tolerance:
            return new
        rank_of = new
    return rank_of


def betweenness(simple: nx.Graph) -> dict[str, float]:
    """Betweenness centrality: exact while one search from every node stays within a budget of edge visits
    (about 10 s here), else estimated from as many sampled sources (fixed seed) as the budget allows."""
    n, m = simple.number_of_nodes(), max(simple.number_of_edges(), 1)
    k = None if n * m <= _BETWEENNESS_BUDGET else max(32, _BETWEENNESS_BUDGET // m)
    return nx.betweenness_centrality(simple, k=k, seed=0 if k else None)


@dataclass
class Community:
    name: str  # its most central members' labels
    members: list[str]  # IRIs, most central first


def communities(g: nx.MultiDiGraph, *, min_size: int = 2) -> list[Community]:
    """Modularity-based communities (Louvain, fixed seed), largest first, each named by its three most
    connected members."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    found = nx.community.louvain_communities(simple, seed=0) if simple.number_of_edges() else []
    result = []
    for members in found:
        if len(members) < min_size:
            continue
        ordered = sorted(members, key=lambda n: (-simple.degree(n), -g.nodes[n]["mentions"], _label(g, n)))
        result.append(Community(" · ".join(g.nodes[n]["label_zh"] for n in ordered[:3]), ordered))
    return sorted(result, key=lambda c: (-len(c.members), c.name))


def bridges(g: nx.MultiDiGraph, top: int = 20) -> list[tuple[str, float, bool]]:
    """Entities that hold the graph together: (IRI, betweenness, is an articulation point), the articulation
    points first, each group by betweenness."""
    simple = nx.Graph(g.to_undirected(as_view=True))
    cut = set(nx.articulation_points(simple))
    scores = betweenness(simple)
    ranked = sorted(simple, key=lambda n: (n not in cut, -scores[n], _label(g, n)))
    return [(n, scores[n], n in cut) for n in ranked[:top] if n in cut or scores[n] > 0]


# -- exports ----------------------------------------------------------------------------------------------------
def export(g: nx.MultiDiGraph, fmt: str, path: str | Path) -> None:
    """GraphML and GEXF (Gephi, Cytoscape) with list attributes as JSON text; node-link JSON (D3, sigma.js)."""
    if fmt == "nodelink":
        data = nx.node_link_data(g, edges="links")
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return
    flat = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        flat.add_node(node, **_scalars(data))
    for s, o, key, data in g.edges(keys=True, data=True):
        flat.add_edge(s, o, key=key, **_scalars(data))
    if fmt == "graphml":
        nx.write_graphml(flat, path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(flat, path, encoding="utf-8")
    else:
        raise QueryError(f"Unknown export format '{fmt}': choose one of {', '.join(EXPORT_FORMATS)}.")


def _scalars(data: dict) -> dict:
    """Attributes GraphML and GEXF can hold: lists and dicts as JSON text, and for the first piece of evidence
    its sentence as a plain attribute too (what a viewer shows on hover)."""
    out = {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v) for k, v in data.items()}
    if data.get("evidence"):
        out["sentence"] = data["evidence"][0]["sentence"]
    return out
