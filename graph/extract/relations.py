"""Relations between entities: typed, with the clause that states them and the status the text gives.

Clause patterns (each general to Chinese report prose):

    X和Y计划在Z共建W / X与Y在Z新建W      X, Y coBuilds W; W locatedIn Z; X partnersWith Y
    X与Y签署/签订…协议                   X partnersWith Y
    开展P,推动A、B、C等…                  A, B, C takesPartIn P      (P a program named in the sentence)
    聚焦A、B、C等N大产业                  subject focusesOn A, B, C
    与A、B等机构共同举办…                 A, B coHostsWith subject
    吸引…A、B…关注                       subject drawsAttentionFrom A, B
    X获批/认定为/入选Y                    X approvedAs Y
    X发布/印发《Y》                       X issues Y
    X支持/资助/扶持Y                      X supports Y
    大赛设A、B和C(赛道)                   competition hasTrack A, B, C
    X举办/主办/承办Y                      X organizes Y

Name patterns: a park or centre named after a university or company (交大科技园, 美敦力中国研发中心) is
operatedBy / affiliatedWith it; a bracketed place in a name (中以(上海)创新园) or a place right before a carrier
(闵行“大零号湾”) gives locatedIn. Two entities in one clause with a verb between them and no typed pattern give a
weaker coMentionedWith that keeps the verb.

"subject" above is the entity the sentence is about: one named before the verb, else its section's heading.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..document import Document, Sentence
from .entities import Mention, mentions_by_sentence, tokens
from .resolution import Entity

ORGANIZATIONS = {"Organization", "University", "ResearchInstitute", "Company", "FinancialInstitution", "Bank",
                 "GovernmentBody", "Fund", "Foundation", "Platform", "StartupTeam", "Incubator"}
CARRIERS = {"SciencePark", "InnovationPark", "Cluster", "RDCentre", "Complex", "Incubator", "Platform", "Project"}
PROGRAMS = {"Program", "FundingScheme", "SpecialProject", "Competition", "CompetitionTrack", "Voucher",
            "PolicyDocument", "Designation", "Project"}
PLACES = {"Place", "City", "District", "Area", "Country", "Province", "Cluster"}
EVENTS = {"Event", "Competition"}
AGENTS = ORGANIZATIONS | CARRIERS | {"District", "City"}

_STATUS = [
    ("approved", re.compile(r"获批|批准|认定为|入选")),
    ("planned", re.compile(r"计划|拟|将要|将在|筹建|规划建设")),
    ("under_way", re.compile(r"正在|开工|建设中|推进中|有序推进|在建|启动")),
    ("done", re.compile(r"已|建成|竣工|投入使用|落地|运营|签订|签署|完成|举办|举行|发布")),
]
_CLAUSE = re.compile(r"[,;:。!?]")


@dataclass(frozen=True)
class Relation:
    """subject --predicate--> object, stated by text[start:end]."""

    subject: str
    predicate: str
    object: str
    status: str
    start: int
    end: int
    sentence: int
    verb: str = ""


def _status(text: str) -> str:
    for status, pattern in _STATUS:
        if pattern.search(text):
            return status
    return ""


def _clauses(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in _CLAUSE.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if b > a]


class _Builder:
    """Collects relations for one document, dropping repeats (same triple and same evidence)."""

    def __init__(self, doc: Document, entities: dict[str, Entity]) -> None:
        self.doc, self.entities = doc, entities
        self.relations: list[Relation] = []
        self.seen: set[tuple[str, str, str, int]] = set()

    def add(self, s: Sentence, subject: str, predicate: str, obj: str, span: tuple[int, int], clause: str,
            verb: str = "") -> None:
        if not subject or not obj or subject == obj:
            return
        key = (subject, predicate, obj, s.index)
        if key in self.seen:
            return
        self.seen.add(key)
        start, end = s.span(*span)
        self.relations.append(Relation(subject, predicate, obj, _status(clause), start, end, s.index, verb))


def _between(s: Sentence, a: Mention, b: Mention) -> str:
    return s.clean[a.cend : b.cstart]


def _heading_subject(doc: Document, s: Sentence, by_sentence, classes: set[str]) -> Mention | None:
    """The entity a section is about: the first suitable one in the headings that set its topic."""
    for index in doc.topic_sections(s.section):
        heading = doc.sections[index].heading
        if heading is None:
            continue
        for sent in doc.sentences:
            if sent.block == heading.index:
                for m in by_sentence.get(sent.index, []):
                    if m.cls in classes:
                        return m
    return None


def extract(doc: Document, mentions: list[Mention], entities: dict[str, Entity]) -> list[Relation]:
    """All relations stated in a document."""
    b = _Builder(doc, entities)
    by_sentence = mentions_by_sentence(mentions)
    with_nested = mentions_by_sentence(mentions, nested=True)
    for s in doc.sentences:
        ms = by_sentence.get(s.index, [])
        _name_relations(b, s, with_nested.get(s.index, []))
        for c_start, c_end in _clauses(s.clean):
            clause_ms = [m for m in ms if c_start <= m.cstart and m.cend <= c_end]
            clause = s.clean[c_start:c_end]
            _clause_relations(b, doc, s, (c_start, c_end), clause, clause_ms, ms, by_sentence)
        _section_place(b, doc, s, ms, by_sentence)
    return b.relations


def _name_relations(b: _Builder, s: Sentence, ms: list[Mention]) -> None:
    """Relations written into names: 交大科技园 → 上海交通大学; 中以(上海)创新园 → 上海; 闵行“大零号湾”."""
    for outer in ms:
        entity = b.entities.get(outer.key)
        if entity is None or entity.cls not in CARRIERS | PROGRAMS | ORGANIZATIONS:
            continue
        span = (outer.cstart, outer.cend)
        for inner in ms:
            if inner is outer or not (outer.cstart <= inner.cstart and inner.cend <= outer.cend):
                continue
            if inner.key == outer.key or not (inner.nested or outer.nested):
                continue
            if outer.finder == "derived" and inner.cstart != outer.cstart:
                continue  # 同济大学、上海理工大学等…大学科技园: each park is its own university's
            if inner.cls == "Competition" and entity.cls in ("Competition", "CompetitionTrack"):
                # 中国创新创业大赛…专业赛: a contest named inside another's name is one of its tracks.
                b.add(s, inner.key, "hasTrack", outer.key, span, s.clean[span[0] : span[1]])
            elif inner.cls in ORGANIZATIONS and (entity.cls not in ORGANIZATIONS or inner.cstart == outer.cstart):
                # An organization named inside another's name at its start is its parent (中国科学院上海分院).
                operated = entity.cls in ("SciencePark", "InnovationPark") and inner.cls == "University"
                b.add(s, outer.key, "operatedBy" if operated else "affiliatedWith", inner.key, span,
                      s.clean[span[0] : span[1]])
            elif inner.cls in PLACES - {"Cluster"} and re.search(r"[(（]$", s.clean[: inner.cstart]):
                b.add(s, outer.key, "locatedIn", inner.key, span, s.clean[span[0] : span[1]])
    plain = [m for m in ms if not m.nested]
    for first, second in itertools.pairwise(plain):
        gap = s.clean[first.cend : second.cstart]
        if first.cls in PLACES - {"Cluster"} and second.cls in CARRIERS | {"Area", "Cluster"} and gap in ("", "“", '"'):
            span = (first.cstart, second.cend)
            b.add(s, second.key, "locatedIn", first.key, span, s.clean[span[0] : span[1]])


def _section_place(b: _Builder, doc: Document, s: Sentence, ms: list[Mention], by_sentence) -> None:
    """Under a heading that names a cluster or area (推进大零号湾创新创业集聚区建设), the carriers and projects the
    section's sentences report on are in that cluster, unless their sentence places them elsewhere."""
    if doc.blocks[s.block].kind == "heading":
        return
    heading = doc.sections[s.section].heading
    if heading is None:
        return
    places = [m for sent in doc.sentences if sent.block == heading.index for m in by_sentence.get(sent.index, [])
              if m.cls in ("Cluster", "Area", "District")]
    if not places:
        return
    place = places[0]
    for m in ms:
        # Skip what this sentence already places, and builders (美敦力中国研发中心计划…新建…): only what is built.
        placed = any(r.subject == m.key and r.predicate in ("locatedIn", "builds", "coBuilds", "partnersWith")
                     and r.sentence == s.index for r in b.relations)
        if m.cls in CARRIERS - {"Cluster", "Platform"} and m.key != place.key and not placed:
            start, end = _clauses_around(s.clean, m.cstart)
            b.add(s, m.key, "locatedIn", place.key, (start, end), s.clean[start:end])


def _clauses_around(text: str, position: int) -> tuple[int, int]:
    for start, end in _clauses(text):
        if start <= position < end:
            return start, end
    return 0, len(text)


def _enumeration_after(clause: str, ms: list[Mention], position: int) -> list[Mention]:
    """Mentions that follow `position` joined only by 、和与及 and quotes (an enumeration)."""
    out: list[Mention] = []
    cursor = position
    for m in sorted(ms, key=lambda m: m.cstart):
        if m.cstart < position:
            continue
        gap = clause[cursor:m.cstart] if out else ""
        if out and not re.fullmatch(r"[、和与及以“”\"\s]*|以及", gap):
            break
        if not out and m.cstart - position > 6:
            break
        out.append(m)
        cursor = m.cend
    return out


def _clause_relations(b: _Builder, doc: Document, s: Sentence, span: tuple[int, int], clause: str,
                      ms: list[Mention], sentence_ms: list[Mention], by_sentence) -> None:
    c0 = span[0]
    local = [Mention(m.start, m.end, m.label, m.cls, m.sentence, m.finder, m.key, m.cstart - c0, m.cend - c0)
             for m in ms]
    typed = False

    def add(subj: str, pred: str, obj: str, verb: str = "") -> None:
        b.add(s, subj, pred, obj, span, clause, verb)

    # Co-building: agents before the verb, the built carrier after it, an optional 在 place between.
    build = re.search(r"(共建|新建|合作建设|联合建设|共同建设|建设|打造|设立|组建|成立|建立|筹建|创建)", clause)
    if build:
        agents = [m for m in local if m.cend <= build.start() and m.cls in AGENTS
                  and not re.search(r"在[^在]*$", clause[: m.cstart])]
        built = [m for m in local if m.cstart >= build.end() and m.cls in CARRIERS | {"ResearchInstitute"}]
        place = next((m for m in local if m.cend <= build.start() and m.cls in PLACES
                      and re.search(r"在$|在[^,]{0,3}$", clause[: m.cstart])), None)
        opens_with_verb = not clause[: build.start()].strip("将拟计划并共同联合")
        if not agents and (re.search(r"双方|三方|多方|各方|两家|两者", clause[: build.start()]) or opens_with_verb):
            # 双方计划…共建, or a clause that opens with the verb (…签署协议,共建联合实验室): the builders are the
            # organizations named earlier in the sentence.
            agents = [m for m in sentence_ms if m.cend <= c0 and m.cls in ORGANIZATIONS]
        if built and agents:
            typed = True
            # 浦东新区人民政府支持上海交通大学建设临港研究院: who supports and who builds.
            promote = re.search(r"推动|推进|支持|鼓励|引导|促成", clause[: build.start()])
            supporters = [m for m in agents if promote and m.cend <= promote.start()]
            builders = [m for m in agents if m not in supporters]
            if not builders:
                supporters, builders = [], []
                for agent in agents:
                    add(agent.key, "supports", built[0].key)
            for supporter in supporters:
                for builder in builders:
                    add(supporter.key, "supports", builder.key)
            for builder in builders:
                add(builder.key, "coBuilds" if len(builders) > 1 else "builds", built[0].key)
            for other in builders[1:]:
                add(builders[0].key, "partnersWith", other.key)
            if place:
                add(built[0].key, "locatedIn", place.key)
    # Agreements.
    if re.search(r"签署|签订", clause) and re.search(r"协议|合同|备忘录", clause):
        parties = [m for m in local if m.cls in ORGANIZATIONS]
        # A、B与C签署…: each party before 与 signs with each after it; without 与, neighbours sign together.
        split = re.search(r"与|同|和", clause)
        left = [m for m in parties if split and m.cend <= split.start()]
        right = [m for m in parties if split and m.cstart >= split.end()]
        pairs = [(x, y) for x in left for y in right] if left and right else list(itertools.pairwise(parties))
        for x, y in pairs:
            typed = True
            add(x.key, "partnersWith", y.key)
    # Cooperation without an agreement: X与Y(开展)合作, X携手/联合Y.
    cooperate = re.search(
        r"与(?P<y>[^,;]{1,30}?)(?:开展|深化|加强|达成)?(?:战略)?合作|携手|联合(?!体|实验室|研究院|创新中心)", clause)
    if cooperate and not re.search(r"签署|签订", clause) and not (build and re.match(build.group(), clause[
            cooperate.end() : cooperate.end() + len(build.group())])):
        parties = [m for m in local if m.cls in ORGANIZATIONS]
        before = [m for m in parties if m.cend <= cooperate.start()]
        after = [m for m in parties if m.cstart >= cooperate.start() + 1]
        if before and after and not re.search(r"共同(?:举办|主办|承办)", clause):
            typed = True
            for other in after[:3]:
                add(before[-1].key, "partnersWith", other.key)
    # Taking part: X承担/参与/参加/入围 a programme named after the verb.
    undertake = re.search(r"承担|参与|参加|入围|牵头承担", clause)
    if undertake:
        doers = [m for m in local if m.cend <= undertake.start() and m.cls in ORGANIZATIONS]
        programmes = [m for m in local if m.cstart >= undertake.end() and m.cls in PROGRAMS - {"Designation"}]
        if doers and programmes:
            typed = True
            add(doers[-1].key, "takesPartIn", programmes[0].key)
    # Approved as.
    approved = re.search(r"获批(?:为|成为)?|被?认定为|入选|获评(?:为)?|被评为", clause)
    if approved:
        before = [m for m in local if m.cend <= approved.start()]
        after = [m for m in local if m.cstart >= approved.end()]
        if before and after:
            typed = True
            add(before[-1].key, "approvedAs", after[0].key)
    # Issues a document.
    issue = re.search(r"发布|印发|出台|颁布|制定", clause)
    if issue:
        issuers = [m for m in local if m.cend <= issue.start() and m.cls in ORGANIZATIONS]
        docs = [m for m in local if m.cls in ("PolicyDocument", "Document")]
        for d in docs:
            for issuer in issuers[-1:]:
                typed = True
                add(issuer.key, "issues", d.key)
    # Programs: 开展/实施 P … 推动/支持/组织 A、B、C …: the enumerated take part.
    programs = [m for m in sentence_ms if m.cls in PROGRAMS - {"PolicyDocument", "Designation", "CompetitionTrack"}]
    lead = re.search(r"推动|支持|组织|鼓励|引导|遴选|带动|动员", clause)
    if lead and programs:
        members = [m for m in _enumeration_after(clause, local, lead.end())
                   if m.cls in ORGANIZATIONS - {"GovernmentBody"}]
        for member in members:
            typed = True
            b.add(s, member.key, "takesPartIn", programs[0].key, (min(span[0], programs[0].cstart), span[1]),
                  s.clean[min(span[0], programs[0].cstart) : span[1]])
    # Org directly before a program names who runs it (科技部“科技助力经济2020”重点专项).
    for x, y in itertools.pairwise(local):
        if x.cls == "GovernmentBody" and y.cls in PROGRAMS and clause[x.cend : y.cstart] in ("", "的"):
            typed = True
            add(x.key, "supports", y.key)
    # Supports / funds.
    support = re.search(r"支持|资助|扶持|资金支持", clause)
    if support:
        givers = [m for m in local if m.cend <= support.start() and m.cls in ORGANIZATIONS]
        takers = [m for m in _enumeration_after(clause, local, support.end()) if m.cls in AGENTS]
        for giver in givers[-1:]:
            for taker in takers:
                typed = True
                add(giver.key, "supports", taker.key)
    # Attracting: a place or park 引进/引入 a project or firm, which is then in it.
    attract = re.search(r"引进|引入|招引", clause)
    if attract:
        hosts = [m for m in local if m.cend <= attract.start() and m.cls in PLACES | CARRIERS]
        guests = [m for m in local if m.cstart >= attract.end() and m.cls in ORGANIZATIONS | CARRIERS | {"Project"}]
        for guest in guests[:3] if hosts else []:
            typed = True
            add(guest.key, "locatedIn", hosts[-1].key)
    # Settling in: X入驻/落户/落地/位于Y.
    settle = re.search(r"入驻|落户|落地|位于|坐落于|迁入|进驻", clause)
    if settle:
        settlers = [m for m in local if m.cend <= settle.start() and m.cls in AGENTS | {"ResearchInstitute"}]
        hosts = [m for m in local if m.cstart >= settle.end() and m.cls in PLACES | CARRIERS]
        if settlers and hosts and settlers[-1].key != hosts[0].key:
            typed = True
            add(settlers[-1].key, "locatedIn", hosts[0].key)
    # Focus industries; the owner may be named in an earlier clause (…成立杭州创新研究院,聚焦航空航天).
    focus = re.search(r"聚焦|围绕|重点发展|重点开展|主要开展|致力于|主攻|专注于?|面向", clause)
    industries = [m for m in local if m.cls == "Industry" and focus and m.cstart >= focus.end()]
    if industries:
        earlier = [m for m in sentence_ms if m.cend <= c0 + focus.start()
                   and m.cls not in {"Industry"} | (PLACES - {"Cluster"})]
        owner = earlier[-1] if earlier else None
        owner = owner or _heading_subject(doc, s, by_sentence, CARRIERS | ORGANIZATIONS)
        if owner:
            typed = True
            for industry in industries:
                add(owner.key, "focusesOn", industry.key)
    # Co-hosting: 与A、B等机构共同举办.
    cohost = re.search(r"与(.+?)共同(?:举办|主办|承办|组织|开展)", clause)
    if cohost:
        partners = [m for m in local if cohost.start(1) <= m.cstart < cohost.end(1) and m.cls in AGENTS]
        host = next((m for m in local if m.cend <= cohost.start() and m.cls in AGENTS), None)
        host = host or _heading_subject(doc, s, by_sentence, CARRIERS | ORGANIZATIONS)
        if host:
            for partner in partners:
                typed = True
                add(partner.key, "coHostsWith", host.key)
    # Organizes an event.
    organize = re.search(r"举办|主办|承办|组织", clause)
    if organize and not cohost:
        organizers = [m for m in local if m.cend <= organize.start() and m.cls in AGENTS]
        events = [m for m in local if m.cstart >= organize.end() and m.cls in EVENTS]
        for organizer in organizers[-1:]:
            for event in events:
                typed = True
                add(organizer.key, "organizes", event.key)
    # Attention: 吸引…A、B…关注.
    attention = re.search(r"吸引(.+)关注", clause)
    if attention:
        watchers = [m for m in local if attention.start(1) <= m.cstart < attention.end(1) and m.cls in AGENTS]
        earlier = [m for m in sentence_ms if m.cend <= c0 + attention.start()
                   and m.cls in (EVENTS | PROGRAMS) - {"CompetitionTrack"}]
        event = earlier[-1] if earlier else _heading_subject(doc, s, by_sentence, EVENTS | PROGRAMS)
        if event:
            for watcher in watchers:
                typed = True
                add(event.key, "drawsAttentionFrom", watcher.key)
    # Competition tracks: (大赛)设A、B和C.
    tracks = [m for m in local if m.cls == "CompetitionTrack"]
    if tracks:
        competition = next((m for m in sentence_ms if m.cls == "Competition"), None)
        competition = competition or _heading_subject(doc, s, by_sentence, {"Competition"})
        if competition:
            typed = True
            for track in tracks:
                add(competition.key, "hasTrack", track.key)
    if typed:
        return
    # Fallback: two entities with a linking verb between them.
    for x, y in itertools.pairwise(local):
        gap = clause[x.cend : y.cstart]
        verbs = [w for _, _, w, tag in tokens(gap) if tag.startswith("v")] if gap else []
        if verbs and x.key != y.key:
            add(x.key, "coMentionedWith", y.key, verbs[-1])
