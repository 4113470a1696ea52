"""Extraction quality on hand-annotated texts: what a reader listed against what the extractor found.

    python tests/quality.py tests/data/real [TEXTS_DIR:ANNOTATIONS_DIR …] [--json OUT.json] [--details]

Each `<slug>.expected.tsv` holds rows `metric surface value unit qualifier subject measure`, `entity name class`
and `relation subject predicate object` (see tests/data/real/SOURCES.md). A text is `<slug>.txt` or `<slug>.md`
in the texts folder; a folder given as TEXTS:ANNOTATIONS reads texts from one place and annotations from another
(news texts stay out of git; their annotations do not). The scores, per kind:

- metrics: found = an extracted observation overlaps the annotated surface with the same value and unit (an area
  in km2 or ha is the same figure in m2: 1.28平方公里 = 1280000 m2);
  then right qualifier; then right subject (the annotated name is a label or alias of the subject entity) and
  right measure (the names are equal, or one holds the other and is at least 60% of its length, once the words
  that only phrase a measure are set aside: a leading 全省/全市, a bracketed acronym (R&D), a trailing 数/人数/数量,
  and how a change is worded: 增长 = 增长率 = 增加量 = 提高, 下降 = 减少量, and 百分点变化 either);
- entities: found = an extracted entity has the annotated name as a label or alias; right class = the same class
  or a subclass of it; precision = extracted entities that a reader listed;
- relations: found = the same subject, predicate and object (either direction for symmetric predicates);
  precision = typed relation rows (not co-mentions) that a reader listed.
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from graph.gazetteer import normalize_name as _normalize  # noqa: E402
from graph.pipeline import extract  # noqa: E402

SYMMETRIC = {"partnersWith", "coHostsWith"}
KINDS = ("metric", "entity", "relation")


def normalize_name(name: str) -> str:
    """The graph's comparison key, without a title's book-title marks (annotations drop them, as quotes)."""
    return _normalize(name).strip("《》")


def annotation(path: Path) -> dict[str, list[list[str]]]:
    rows: dict[str, list[list[str]]] = {kind: [] for kind in (*KINDS, "place")}
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.rstrip("\n").split("\t")
        if line.startswith("#") or not line.strip() or cells[0] not in rows:
            continue
        rows[cells[0]].append(cells[1:])
    return rows


@functools.cache
def superclasses() -> dict[str, set[str]]:
    """Each ontology class with all its superclasses (itself included)."""
    import pyoxigraph as ox

    kg = "https://w3id.org/shanghai-innovation-kg/ontology#"
    store = ox.Store()
    store.load(path=str(HERE.parent / "ontology" / "kg.ttl"), format=ox.RdfFormat.TURTLE)
    parents: dict[str, set[str]] = {}
    for s, _, o, _ in store.quads_for_pattern(None, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                                               None):
        if s.value.startswith(kg) and isinstance(o, ox.NamedNode) and o.value.startswith(kg):
            parents.setdefault(s.value[len(kg):], set()).add(o.value[len(kg):])

    def up(cls: str) -> set[str]:
        found = {cls}
        for parent in parents.get(cls, ()):
            found |= up(parent)
        return found

    return {cls: up(cls) for cls in parents}


def _measure_core(name: str) -> str:
    """A measure name without what only words it: 全省…, …率 after a change, …数/人数/数量 after a count."""
    name = re.sub(r"^(?:全省|全市|全国|全区|我省|我市)", "", normalize_name(name))
    name = re.sub(r"\([a-z&]{2,8}\)", "", name)  # 研究与试验发展(R&D)经费: the acronym restates the words
    # A change is named by its direction however it is phrased: 经费增长 = 经费增加量 = 经费增长率 (the unit tells
    # an amount from a rate); 下降 = 减少量; a change in points (百分点变化) is either.
    name = re.sub(r"(?:增长率|增加量|增速|增幅|增加|提高|提升)$", "增长", name)
    name = re.sub(r"(?:下降率|减少量|减少|降低)$", "下降", name)
    name = re.sub(r"百分点变化$", "变化", name)
    return re.sub(r"(?:人数|数量|数)$", "", name)


def same_measure(expected: str, got: str) -> bool:
    a, b = _measure_core(expected), _measure_core(got)
    if a.endswith("变化") or b.endswith("变化"):
        a, b = (re.sub(r"(?:增长|下降|变化)$", "变化", x) for x in (a, b))
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return bool(short) and short in long_ and len(short) >= 0.6 * len(long_)


def score(text: Path, annotated: Path) -> dict:
    rows = annotation(annotated)
    # A text that never names its province or city (我省, 市科技局) is loaded as a user would load it: with the
    # place its publisher gives (kg load --place), recorded as a `place` row beside the source.
    ex = extract(text, place=rows["place"][0][0] if rows["place"] else "")
    doc_text = ex.document.text
    names = {}
    for e in ex.entities.values():
        for name in (e.label_zh, e.label_en, *e.aliases):
            if name:
                names.setdefault(normalize_name(name), e)

    def names_of(key: str) -> set[str]:
        e = ex.entities.get(key)
        return {normalize_name(n) for n in (e.label_zh, e.label_en, *e.aliases) if n} if e else set()

    # Metrics
    misses: dict[str, list] = {kind: [] for kind in KINDS}
    remaining = list(ex.observations)
    m = {"expected": len(rows["metric"]), "found": 0, "qualifier": 0, "subject": 0, "measure": 0,
         "subject_and_measure": 0, "extracted": len(ex.observations)}
    for surface, value, unit, qualifier, subject, measure in (r + [""] * (6 - len(r)) for r in rows["metric"]):
        spans = _occurrences(doc_text, surface)
        match = next((o for o in remaining if _in_m2(o.value, o.quantity.unit) == _in_m2(Decimal(value), unit)
                      and any(o.start < end and start < o.end for start, end in spans)), None)
        if match is None:
            misses["metric"].append(f"not found: {surface} {value} {unit}")
            continue
        remaining.remove(match)
        m["found"] += 1
        m["qualifier"] += match.quantity.qualifier == qualifier
        right_subject = normalize_name(subject) in names_of(match.subject)
        right_measure = same_measure(measure, match.measure or "")
        m["subject"] += right_subject
        m["measure"] += right_measure
        m["subject_and_measure"] += right_subject and right_measure
        if not (right_subject and right_measure):
            got = ex.entities[match.subject].label_zh if match.subject in ex.entities else "(section)"
            misses["metric"].append(f"{surface}: subject {subject!r} got {got!r}; measure {measure!r} got "
                                    f"{match.measure!r}")
    m["real"] = m["found"]  # every matched row is real; unmatched rows may be real figures a reader skipped

    # Entities
    wanted = {normalize_name(name): cls for name, cls, *_ in rows["entity"]}
    en = {"expected": len(wanted), "found": 0, "class": 0, "extracted": len(ex.entities)}
    for name, cls in wanted.items():
        e = names.get(name)
        if e is None:
            misses["entity"].append(f"not found: {name} ({cls})")
            continue
        en["found"] += 1
        if cls in superclasses().get(e.cls, {e.cls}):
            en["class"] += 1
        else:
            misses["entity"].append(f"{name}: class {cls} got {e.cls}")
    en["real"] = sum(1 for e in ex.entities.values() if names_of(e.key) & set(wanted))

    # Relations
    def key(name: str) -> str | None:
        e = names.get(normalize_name(name))
        return e.key if e else None

    expected = {(key(s), p, key(o)) for s, p, o, *_ in rows["relation"]}
    stated = {(r.subject, r.predicate, r.object) for r in ex.relations}
    stated |= {(o, p, s) for s, p, o in stated if p in SYMMETRIC}
    typed = {(r.subject, r.predicate, r.object) for r in ex.relations if r.predicate != "coMentionedWith"}
    wanted_rel = expected | {(o, p, s) for s, p, o in expected if p in SYMMETRIC}
    found_rel = [row for row in rows["relation"] if (key(row[0]), row[1], key(row[2])) in stated]
    misses["relation"] += [f"not found: {' '.join(row[:3])}" for row in rows["relation"] if row not in found_rel]
    misses["relation"] += [f"wrong: {' '.join(t)}" for t in sorted(typed - wanted_rel)]
    rel = {"expected": len(rows["relation"]), "found": len(found_rel), "extracted": len(typed),
           "correct": len(typed & wanted_rel)}
    return {"text": text.name, "metrics": m, "entities": en, "relations": rel, "misses": misses,
            "validates": _validates(text)}


_M2 = {"km2": Decimal(1_000_000), "ha": Decimal(10_000)}


def _in_m2(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """A figure's value and unit, with an area in m2 (annotators write areas either way)."""
    return (value * _M2[unit], "m2") if unit in _M2 else (value, unit)


def _occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Where the annotated surface is in the text (bold markers and line breaks ignored)."""
    plain, offsets = [], []
    for i, ch in enumerate(text):
        if ch in "*\r\n":
            continue
        plain.append(ch)
        offsets.append(i)
    plain_text = "".join(plain)
    found, start = [], plain_text.find(surface)
    while start >= 0 and surface:
        found.append((offsets[start], offsets[start + len(surface) - 1] + 1))
        start = plain_text.find(surface, start + 1)
    return found


def _validates(text: Path) -> bool:
    """Whether the text loaded alone passes `kg validate`."""
    import tempfile

    from graph import Store, load_reports
    from graph.validation import validate

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "kg")
        load_reports(store, [text])
        return validate(store).conforms


def totals(results: list[dict]) -> dict:
    out = {}
    for kind in ("metrics", "entities", "relations"):
        keys = results[0][kind].keys() if results else ()
        out[kind] = {k: sum(r[kind][k] for r in results) for k in keys}
    m, e, r = out["metrics"], out["entities"], out["relations"]
    out["rates"] = {
        "metrics_found": m["found"] / max(m["expected"], 1),
        "metrics_qualifier": m["qualifier"] / max(m["expected"], 1),
        "metrics_subject": m["subject"] / max(m["expected"], 1),
        "metrics_measure": m["measure"] / max(m["expected"], 1),
        "metrics_subject_and_measure": m["subject_and_measure"] / max(m["expected"], 1),
        "entities_found": e["found"] / max(e["expected"], 1),
        "entities_class": e["class"] / max(e["expected"], 1),
        "entities_precision": e["real"] / max(e["extracted"], 1),
        "relations_found": r["found"] / max(r["expected"], 1),
        "relations_precision": r["correct"] / max(r["extracted"], 1),
    }
    out["texts"] = len(results)
    out["validate"] = sum(r["validates"] for r in results)
    return out


def pairs(spec: str) -> list[tuple[Path, Path]]:
    texts, _, notes = spec.partition(":")
    texts_dir, notes_dir = Path(texts), Path(notes or texts)
    found = []
    for note in sorted(notes_dir.glob("*.expected.tsv")):
        slug = note.name.removesuffix(".expected.tsv")
        text = next((texts_dir / f"{slug}{ext}" for ext in (".txt", ".md") if (texts_dir / f"{slug}{ext}").exists()),
                    None)
        if text is not None:
            found.append((text, note))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", help="TEXTS or TEXTS:ANNOTATIONS")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--details", action="store_true", help="print what each text missed")
    args = parser.parse_args()
    results = [score(text, note) for spec in args.folders for text, note in pairs(spec)]
    print(f"{'text':45} {'metrics v/u q s+m':>20} {'entities f cls prec':>22} {'relations f prec':>18} valid")
    for r in results:
        m, e, rel = r["metrics"], r["entities"], r["relations"]
        print(f"{r['text'][:45]:45} {m['found']:>4}/{m['expected']:<3} {m['qualifier']:>3} {m['subject_and_measure']:>3}"
              f"     {e['found']:>3}/{e['expected']:<3} {e['class']:>3} {e['real']:>3}/{e['extracted']:<3}"
              f"  {rel['found']:>3}/{rel['expected']:<3} {rel['correct']:>3}/{rel['extracted']:<3} "
              f"{'yes' if r['validates'] else 'NO'}")
        if args.details:
            for kind in KINDS:
                for miss in r["misses"][kind]:
                    print(f"    {kind}: {miss}")
    summary = totals(results)
    print()
    for name, rate in summary["rates"].items():
        print(f"{name:32} {rate:6.1%}")
    print(f"{'texts that validate':32} {summary['validate']}/{summary['texts']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"totals": summary, "texts": results}, ensure_ascii=False, indent=2) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
