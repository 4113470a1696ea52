"""SHACL validation (pySHACL) of the whole store, plus the integrity checks in `queries/checks/`.

Each check is a SELECT that lists what breaks it, the offending node first. Every violation, of a shape or a
check, is reported with the node, what is wrong, and the sentence of the report the node came from, so a reader
can find it in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph

from .query import queries_dir, run, term_text
from .store import Store, ontology_dir

_SENTENCE = """
SELECT ?quote ?doc WHERE {
  { ?node kg:evidence ?span } UNION { BIND (?node AS ?span) ?span a kg:TextSpan }
  OPTIONAL { ?span kg:sentence ?sentence }
  BIND (COALESCE(?sentence, ?span) AS ?where)
  ?where oa:hasSelector ?q ; oa:hasSource ?r . ?q a oa:TextQuoteSelector ; oa:exact ?quote .
  BIND (STRAFTER(STR(?r), "/id/report/") AS ?doc)
} LIMIT 1
"""


@dataclass
class Verdict:
    conforms: bool
    violations: list[str] = field(default_factory=list)  # SHACL: "node path: message «sentence» (doc)"
    checks: dict[str, bool] = field(default_factory=dict)  # check name → passed
    failures: dict[str, list[str]] = field(default_factory=dict)  # check name → "node detail «sentence» (doc)"


def _union_graph(store: Store) -> Graph:
    """All graphs of the store merged into one rdflib graph (the ontology included, for sh:class checks)."""
    lines = "\n".join(f"{quad.triple} ." for quad in store.quads())
    return Graph().parse(data=lines, format="nt")


def validate(store: Store) -> Verdict:
    """Validate the store's union graph against `ontology/shapes.ttl` and run the integrity checks."""
    data = _union_graph(store)
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, report_graph, _ = shacl_validate(data, shacl_graph=shapes, advanced=True, inference="none",
                                               allow_warnings=True)
    violations = [f"{line}{where(store, focus)}" for focus, line in _violations(report_graph)]
    checks, failures = {}, {}
    for path in sorted((queries_dir() / "checks").glob("*.rq")):
        rows = run(store, str(path)).values()
        checks[path.stem] = not rows
        if rows:
            failures[path.stem] = [" ".join(row).strip() + where(store, row[0]) for row in rows]
    return Verdict(bool(conforms) and all(checks.values()), violations, checks, failures)


def where(store: Store, node: str) -> str:
    """` «sentence» (doc)` for a node that came from a report's text, else ''."""
    if not node.startswith(("http://", "https://")):
        return ""
    rows = run(store, _SENTENCE.replace("?node", f"<{node}>")).rows
    if not rows:
        return ""
    quote, doc = (term_text(t) for t in rows[0])
    return f" «{quote}» ({doc})"


def _violations(report: Graph) -> list[tuple[str, str]]:
    rows = report.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?message WHERE {
            ?r a sh:ValidationResult ; sh:focusNode ?focus .
            OPTIONAL { ?r sh:resultPath ?path }
            OPTIONAL { ?r sh:resultMessage ?message }
        } ORDER BY ?focus""")
    return [(str(r.focus), f"{r.focus} {r.path or ''}: {r.message or 'violates a shape'}".replace("  ", " "))
            for r in rows]
