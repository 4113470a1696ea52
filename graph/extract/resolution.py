"""Entity resolution: a report's mentions grouped into one entity per real-world thing.

A mention's key comes from, in order: the gazetteer (交大 → 上海交通大学), a name already known from this or an
earlier report, the same name without a leading place (第二工业大学 → 上海第二工业大学), without a bracketed part
(中以创新园 → 中以(上海)创新园), without a cluster suffix (零号湾创新创业集聚区 → 大零号湾), or with a known short
form spelled out (交大科技园 → 上海交通大学科技园). A name nothing knows becomes a new entity keyed by its label.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from .. import gazetteer
from ..gazetteer import normalize_name
from .entities import Mention, tokens

# A name that opens with a bare level word (市科协, 省科技厅) names a body of the report's own province or city.
_RELATIVE = re.compile(r"[省市区县](?![级内外域属])")
_CLUSTER_SUFFIXES = ("全球创新创业集聚区", "创新创业集聚区", "科技创新策源功能区", "集聚区", "功能区", "科创街区")


@dataclass
class Entity:
    """One real-world thing and all its mentions; `key` is its stable id (IRI local name)."""

    key: str
    cls: str
    label_zh: str
    label_en: str = ""
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    in_gazetteer: bool = False
    cls_fixed: bool = False  # the class was settled by an earlier report


@cache
def _place_prefixes() -> tuple[str, ...]:
    """Names of countries, provinces and cities that may open an organization's full name (上海第二工业大学)."""
    names = {"全国", "国家"}
    for entry in gazetteer.entries():
        if entry.cls in ("Country", "Province", "City"):
            names.update(n for n in entry.names if re.fullmatch(r"[\u4e00-\u9fff]{2,}", n))
    return tuple(sorted(names, key=len, reverse=True))


def _slug(label: str) -> str:
    """A readable IRI-safe local name: the label itself, NFKC, with characters IRIs forbid removed."""
    text = unicodedata.normalize("NFKC", label)
    text = re.sub(r"[\s<>\"{}|\\^`“”‘’'《》#?%/\[\]]+", "", text)
    return text or "entity"


def _resolution_key(label: str, known: dict[str, str]) -> str:
    """The key of the entity a label names, given the keys already known by normalized name."""
    norm = normalize_name(label)
    if norm in known:
        return known[norm]
    candidates = [norm, re.sub(r"\([^)]*\)", "", norm)]
    # 2020年“创业在上海”国际创新创业大赛 is the contest the text also names without its year.
    yearless = re.sub(r"^(?:19|20)\d{2}年度?", "", norm)
    if yearless != norm and len(yearless) >= 6:
        candidates.append(yearless)
    # 市科协 names the body of the report's own city (entities.py spells it out where the report says which city):
    # another report's 上海市科协 is not it, so a name that opens with a bare level word takes no place before it.
    relative = _RELATIVE.match(norm) is not None
    for prefix in _place_prefixes():
        if norm.startswith(prefix) and len(norm) - len(prefix) >= 3:
            candidates.append(norm[len(prefix) :])
        if not relative:
            candidates.append(prefix + norm)
    for suffix in _CLUSTER_SUFFIXES:
        if norm.endswith(suffix) and len(norm) > len(suffix) + 1:
            core = norm[: -len(suffix)]
            candidates += [core, "大" + core, core.removeprefix("大")]
    # 北京字节跳动科技有限公司 is 字节跳动: a legal form, one generic business word and a place are not the name.
    # (控股 stays: a holding company is an entity of its own.)
    trade = re.sub(r"(股份有限公司|有限责任公司|有限公司|集团有限公司|公司)$", "", norm)
    if trade != norm:
        trade = re.sub(r"(科技|技术|信息技术|网络科技|智能科技)$", "", trade)
        candidates.append(trade)
        candidates += [trade[len(p) :] for p in _place_prefixes() if trade.startswith(p) and len(trade) > len(p) + 1]
    for candidate in candidates:
        if candidate in known:
            return known[candidate]
    return ""


def _place_forms(label: str, cls: str) -> set[str]:
    """A province or city goes by its name with or without its level: 广东省 and 广东, 深圳市 and 深圳, 香港特别行政区
    and 香港 (the divisions' own names where the place is one; else the level word added or dropped)."""
    suffix = {"Province": "省", "City": "市"}.get(cls)
    if suffix is None or not re.fullmatch(r"[\u4e00-\u9fff]{2,9}", label):
        return set()
    division = gazetteer.divisions().get(label)
    if division is not None and division.level != "county":
        return {division.name, gazetteer.divisions_short(division.name)}
    if cls == "Province" or len(label) > 4:
        return set()  # a region the divisions do not list (加州, 巴伐利亚) has no 省 to add or drop
    short = label.removesuffix(suffix)
    return {short, short + suffix} if len(short) >= 2 else set()


def _industry_forms(label: str, cls: str) -> set[str]:
    """An industry goes by its name with or without 产业: 集成电路产业 and 集成电路."""
    if cls != "Industry" or not re.fullmatch(r"[\u4e00-\u9fff]{4,12}", label) or not label.endswith("产业"):
        return set()
    core = label.removesuffix("产业")
    # 战略性新兴产业 is not 战略性新兴: only a core that ends in a noun names the industry by itself.
    return {label, core} if tokens(core)[-1][3][:1] == "n" else set()


def _forms(label: str, cls: str) -> set[str]:
    return _place_forms(label, cls) | _industry_forms(label, cls)


_QUOTED_KIND = re.compile(r"“(?P<name>[^“”]{2,16})”(?:行动|计划|工程|产品|品牌|服务|系列活动)")


def _quoted_short_form(label: str) -> str:
    """“万名博士后聚江淮”行动 goes by the quoted name alone."""
    match = _QUOTED_KIND.fullmatch(label)
    return match.group("name") if match else ""


def _expand_short_form(label: str) -> str:
    """交大科技园 → 上海交通大学科技园: a known short form at the start of a longer name is spelled out."""
    norm = normalize_name(label)
    for alias, full in _university_short_forms():
        if norm.startswith(alias) and len(norm) > len(alias) + 1 and not norm.startswith(full):
            return full + label[len(alias) :]
    return label


@cache
def _university_short_forms() -> list[tuple[str, str]]:
    return [(alias, entry.label_zh) for entry in gazetteer.entries() if entry.cls == "University"
            for alias in entry.aliases if len(alias) >= 2]


_CLASS_PRIORITY = ["Bank", "University", "SciencePark", "InnovationPark", "Cluster", "RDCentre", "Complex",
                   "Competition", "CompetitionTrack", "Voucher", "FundingScheme", "SpecialProject", "Project",
                   "PolicyDocument", "Document", "Company", "Foundation", "Fund", "ResearchInstitute",
                   "GovernmentBody", "Platform", "StartupTeam", "Incubator", "FinancialInstitution", "Event",
                   "District", "City", "Province", "Country", "Area", "Industry", "Organization"]


def resolve(mentions: list[Mention], previous: dict[str, Entity] | None = None) -> dict[str, Entity]:
    """Group a report's mentions into entities. `previous` holds entities of reports loaded before (labels,
    aliases, class; not changed here): a name they know resolves to the same key, so one real-world thing is one
    node across reports."""
    previous = previous or {}
    entities: dict[str, Entity] = {}
    known: dict[str, str] = {}
    for entity in previous.values():
        for name in (entity.label_zh, *entity.aliases):
            if name == entity.label_zh or not _RELATIVE.match(name):  # 市科协 was another report's city's
                known.setdefault(normalize_name(name), entity.key)
    for entry in gazetteer.entries():
        for name in entry.names:
            known.setdefault(normalize_name(name), entry.id)
    gazetteer_ids = {e.id for e in gazetteer.entries()}
    # Longest labels first, so a full name exists before its short forms look for it; a declared other name
    # (以下简称Y, A暨B) before that, so it holds its entity's key wherever else it occurs (a headline above).
    for mention in sorted(mentions, key=lambda m: (m.finder != "alias", -len(m.label), m.start)):
        keep = mention.finder in ("gazetteer", "anaphor")
        label = mention.alias_of or (mention.label if keep else _expand_short_form(mention.label))
        if mention.finder == "anaphor" and mention.key not in entities and mention.key not in gazetteer_ids:
            mention.key = known.get(normalize_name(mention.key), "")
        forms = sorted(_forms(label, mention.cls), key=len)  # 广州 before 广州市
        key = (mention.key or _resolution_key(label, known) or _resolution_key(mention.label, known)
               or next((known[normalize_name(f)] for f in forms if normalize_name(f) in known), ""))
        if not key:
            # A province or city is keyed by its short name, so 广州市 in one report and 广州 in another are one
            # node even when the reports are read apart (in parallel, or before either is in the store).
            key = _slug(forms[0] if forms else label)
            known[normalize_name(label)] = key
        if key not in entities:
            gazetteer_entry = next((e for e in gazetteer.entries() if e.id == key), None)
            if key in previous and not gazetteer_entry:
                old = previous[key]
                entities[key] = Entity(key, old.cls, old.label_zh, old.label_en, set(), in_gazetteer=False)
                entities[key].cls_fixed = True
            elif gazetteer_entry:
                entities[key] = Entity(key, gazetteer_entry.cls, gazetteer_entry.label_zh, gazetteer_entry.label_en,
                                       set(), in_gazetteer=True)
            else:
                entities[key] = Entity(key, mention.cls, label)
        entity = entities[key]
        mention.key = key
        entity.mentions.append(mention)
        if mention.finder != "anaphor" and normalize_name(mention.label) != normalize_name(entity.label_zh):
            entity.aliases.add(mention.label)
        known[normalize_name(mention.label)] = key
        short = _quoted_short_form(mention.label)
        if short:
            known.setdefault(normalize_name(short), key)
            entity.aliases.add(short)
        for form in _forms(mention.alias_of or mention.label, mention.cls):
            known.setdefault(normalize_name(form), key)
            if normalize_name(form) != normalize_name(entity.label_zh) and mention.finder != "anaphor":
                entity.aliases.add(form)
    for entity in entities.values():
        entity.mentions.sort(key=lambda m: m.start)
        if not entity.in_gazetteer and not entity.cls_fixed:
            classes = Counter(m.cls for m in entity.mentions)
            entity.cls = min(classes, key=lambda c: (-classes[c] if c != "Organization" else 0,
                                                     _CLASS_PRIORITY.index(c) if c in _CLASS_PRIORITY else 99))
    return entities
