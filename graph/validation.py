"""SHACL validation (pySHACL) of the whole store, plus the integrity checks in `queries/checks/`."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph

from .query import queries_dir, run
from .store import Store, ontology_dir


@dataclass
class Verdict:
    conforms: bool
    violations: list[str] = field(default_factory=list)
    checks: dict[str, bool] = field(default_factory=dict)  # check name → passed


def _union_graph(store: Store) -> Graph:
    """All graphs of the store merged into one rdflib graph (the ontology included, for sh:class checks)."""
    lines = "\n".join(f"{quad.triple} ." for quad in store.quads())
    return Graph().parse(data=lines, format="nt")


def validate(store: Store) -> Verdict:
    """Validate the store's union graph against `ontology/shapes.ttl` and run the ASK checks."""
    data = _union_graph(store)
    shapes = Graph().parse(ontology_dir() / "shapes.ttl", format="turtle")
    conforms, report_graph, _ = shacl_validate(data, shacl_graph=shapes, advanced=True, inference="none",
                                               allow_warnings=True)
    violations = _violations(report_graph)
    checks = {}
    for path in sorted((queries_dir() / "checks").glob("*.rq")):
        # Each check asks "is there a violation?": true means the check failed.
        checks[path.stem] = not run(store, str(path)).boolean
    return Verdict(bool(conforms) and all(checks.values()), violations, checks)


def _violations(report: Graph) -> list[str]:
    rows = report.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?message WHERE {
            ?r a sh:ValidationResult ; sh:focusNode ?focus .
            OPTIONAL { ?r sh:resultPath ?path }
            OPTIONAL { ?r sh:resultMessage ?message }
        } ORDER BY ?focus""")
    return [f"{r.focus} {r.path or ''}: {r.message or 'violates a shape'}".replace("  ", " ") for r in rows]
