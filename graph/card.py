"""Entity cards: everything the graph knows about one entity, found by a zh or en label or alias (fuzzy)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from .errors import QueryError
from .query import run
from .store import Store


@dataclass
class EntityCard:
    iri: str
    label_zh: str
    label_en: str
    classes: list[str]
    aliases: list[str]
    mentions: int
    reports: list[str]
    relations: list[dict[str, str]] = field(default_factory=list)
    metrics: list[dict[str, str]] = field(default_factory=list)


def find_entity(store: Store, name: str) -> str:
    """The IRI of the entity `name` designates: an exact label or alias (any case), else the closest match."""
    name = name.strip()
    if not name:
        raise QueryError("Give an entity name, e.g. 上海交通大学 or Medtronic.")
    rows = run(store, "entity-lookup", {"name": name}).records()
    if rows and (rows[0]["exact"] == "1" or len({r["id"] for r in rows}) == 1):
        return rows[0]["id"]
    names = run(store, """
        SELECT DISTINCT ?e ?n WHERE { ?e a ?c . ?c rdfs:subClassOf* kg:Entity . ?e rdfs:label|skos:altLabel ?n }""")
    by_name = {n.lower(): e for e, n in names.values()}
    close = difflib.get_close_matches(name.lower(), by_name, n=1, cutoff=0.6)
    if close:
        return by_name[close[0]]
    if rows:
        return rows[0]["id"]
    raise QueryError(f"No entity matches '{name}'. Try `kg entities` for the list.")


def entity_card(store: Store, name: str) -> EntityCard:
    iri = find_entity(store, name)
    [profile] = run(store, "entity-profile", {"iri": iri}).records()
    return EntityCard(
        iri=iri,
        label_zh=profile["label_zh"],
        label_en=profile["label_en"],
        classes=sorted(c for c in profile["classes"].split("|") if c and c != "Entity"),
        aliases=sorted(a for a in profile["aliases"].split("|") if a),
        mentions=int(profile["mentions"] or 0),
        reports=sorted(r for r in profile["reports"].split("|") if r),
        relations=run(store, "entity-relations", {"iri": iri}).records(),
        metrics=run(store, "metrics-of-entity", {"iri": iri, "name": ""}).records(),
    )
