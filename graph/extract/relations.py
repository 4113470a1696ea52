"""Relations between entities: typed, with the clause that states them and the status the text gives.

Clause patterns (each general to Chinese report prose; one small function each, listed in PATTERNS):

    X和Y计划在Z共建W / 双方…共建W           X, Y coBuilds W; W locatedIn Z; X partnersWith Y
    甲支持乙建设W / X组建/成立W              甲 supports 乙; 乙 builds W
    A、B与C签署…协议 / A与B、C签约           A, B partnersWith C
    X与Y开展合作 / X携手Y                   X partnersWith Y
    X承担/参与/入围P                        X takesPartIn P
    开展P,推动A、B、C等…                    A, B, C takesPartIn P      (P a programme named in the sentence)
    X获批/认定为/备案为/入选/入围Y          X approvedAs Y
    X发布/印发《Y》                         X issues Y
    X支持/资助/扶持Y                        X supports Y
    园区引进Y / X入驻/落户/位于Y             Y locatedIn 园区 / X locatedIn Y
    聚焦A、B、C等N大产业                    subject focusesOn A, B, C
    与A、B等机构共同举办…                   A, B coHostsWith subject
    X举办/主办/承办Y                        X organizes Y
    吸引…A、B…关注                         subject drawsAttentionFrom A, B
    大赛设A、B和C(赛道)                     competition hasTrack A, B, C

Name patterns: a park or centre named after a university or company (交大科技园, 美敦力中国研发中心) is
operatedBy / affiliatedWith it; a bracketed place in a name (中以(上海)创新园) or a place right before a carrier
(闵行“大零号湾”) gives locatedIn; carriers reported under a heading that names a cluster are located in it.
Two entities in one clause with a verb between them and no typed pattern give a weaker coMentionedWith that keeps
the verb.

"subject" above is the entity the sentence is about: one named before the verb, else its section's heading.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..document import Document, Sentence
from .entities import DATE_LINE, Mention, mentions_by_sentence, tokens
from .resolution import Entity

ORGANIZATIONS = {"Organization", "University", "ResearchInstitute", "Company", "FinancialInstitution", "Bank",
                 "GovernmentBody", "Fund", "Foundation", "Platform", "StartupTeam", "Incubator"}
CARRIERS = {"SciencePark", "InnovationPark", "Cluster", "RDCentre", "Complex", "Incubator", "Platform", "Project"}
PROGRAMS = {"Program", "FundingScheme", "SpecialProject", "Competition", "CompetitionTrack", "Voucher",
            "PolicyDocument", "Designation", "Project"}
PLACES = {"Place", "City", "District", "Area", "Country", "Province", "Cluster"}
# A place at the start of their names is where they are (合肥滨湖科学城, 湘潭经开区, 苏州实验室). Not so for a
# university, company or government body: their place is often their founding region, brand or jurisdiction
# (西湖大学, 北京数据集团, 四川省人民政府), and readers do not list it as where they are. Nor a country.
SITED = CARRIERS | {"ResearchInstitute", "Area", "District"}
EVENTS = {"Event", "Competition"}
AGENTS = ORGANIZATIONS | CARRIERS | {"District", "City"}

_STATUS = [
    ("approved", re.compile(r"获批|批准|认定为|备案为|入选|入围")),
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
        self.in_sentence: dict[int, list[Relation]] = {}  # the relations of each sentence, by its index
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
        relation = Relation(subject, predicate, obj, _status(clause), start, end, s.index, verb)
        self.relations.append(relation)
        self.in_sentence.setdefault(s.index, []).append(relation)


def _between(s: Sentence, a: Mention, b: Mention) -> str:
    return s.clean[a.cend : b.cstart]


def _heading_subject(doc: Document, s: Sentence, by_sentence, classes: set[str]) -> Mention | None:
    """The entity a section is about: the first suitable one in the headings that set its topic."""
    for index in doc.topic_sections(s.section):
        heading = doc.sections[index].heading
        if heading is None:
            continue
        for sent in doc.block_sentences(heading.index):
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
        for c_start, c_end in _clauses(s.clean) if ms else ():  # a sentence that names nothing relates nothing
            clause_ms = [m for m in ms if c_start <= m.cstart and m.cend <= c_end]
            clause = s.clean[c_start:c_end]
            _clause_relations(b, doc, s, (c_start, c_end), clause, clause_ms, ms, by_sentence)
        _section_place(b, doc, s, ms, by_sentence)
    _signatories(b, doc, by_sentence)
    return b.relations


def _signatories(b: _Builder, doc: Document, by_sentence) -> None:
    """The bodies that sign an official document (a line of names by its date, under the title or at the end)
    issue the document its title names."""
    title = [m for s in doc.block_sentences(0) for m in by_sentence.get(s.index, [])
             if m.cls == "PolicyDocument" and m.cstart == 0]
    if not title:
        return
    for block in doc.blocks[1:]:
        sentences = doc.block_sentences(block.index)
        names = [m for s in sentences for m in by_sentence.get(s.index, [])]
        text = re.sub(r"[\s、,，]", "", "".join(s.clean for s in sentences))
        if not names or any(m.cls not in ORGANIZATIONS for m in names) \
                or sum(m.cend - m.cstart for m in names) != len(text):
            continue
        near = [doc.blocks[i] for i in (block.index - 1, block.index + 1) if 0 <= i < len(doc.blocks)]
        if any(DATE_LINE.fullmatch(doc.text[x.start : x.end].strip()) for x in near):
            s = sentences[0]
            for m in names:
                b.add(s, m.key, "issues", title[0].key, (m.cstart, m.cend), s.clean[m.cstart : m.cend])


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
            if inner.cls == "Designation" and inner.cend == outer.cend:
                # 湖南大学国家大学科技园: the title that closes a name was conferred on what it names.
                b.add(s, outer.key, "approvedAs", inner.key, span, s.clean[span[0] : span[1]])
            elif inner.cls in ORGANIZATIONS and entity.cls in ("PolicyDocument", "Document"):
                # 科技部关于印发…的通知: an official document's title opens with the body that issues it.
                b.add(s, inner.key, "issues", outer.key, span, s.clean[span[0] : span[1]])
            elif inner.cls == "Competition" and entity.cls in ("Competition", "CompetitionTrack"):
                # 中国创新创业大赛…专业赛: a contest named inside another's name is one of its tracks; an edition or
                # regional division of it (第四届中国创新创业大赛(重庆赛区)) is part of it.
                edition = re.fullmatch(r"(?:第[\d一二三四五六七八九十]+届|(?:19|20)\d{2}年?)?(?P<name>.+?)"
                                       r"(?:[(（][\u4e00-\u9fff]{1,8}赛区[)）])?", outer.label)
                part = edition is not None and edition.group("name") == inner.label
                b.add(s, outer.key if part else inner.key, "affiliatedWith" if part else "hasTrack",
                      inner.key if part else outer.key, span, s.clean[span[0] : span[1]])
            elif inner.cls in ORGANIZATIONS and (entity.cls not in ORGANIZATIONS or inner.cstart == outer.cstart):
                # An organization named inside another's name at its start is its parent (中国科学院上海分院).
                # A park a university runs; a phase of a project an organization builds (…研究院二期).
                operated = (entity.cls in ("SciencePark", "InnovationPark") and inner.cls == "University") or (
                    entity.cls == "Project" and re.search(r"[一二三四五六七八九十\d]期$", outer.label) is not None)
                b.add(s, outer.key, "operatedBy" if operated else "affiliatedWith", inner.key, span,
                      s.clean[span[0] : span[1]])
            elif inner.cls == "Cluster" and inner.cstart == outer.cstart and inner.cend < outer.cend:
                # A zone that opens a name: a park or cluster is in it (…高新区…产业集群), its 管委会 runs it, and a
                # centre, fund or body named after it is the zone's (珠海高新区双创中心, 成都高新区天使母基金).
                text = s.clean[span[0] : span[1]]
                if outer.label.endswith(("管委会", "管理委员会")):
                    b.add(s, inner.key, "operatedBy", outer.key, span, text)
                else:
                    b.add(s, outer.key, "locatedIn" if entity.cls in _IN_ZONE else "affiliatedWith", inner.key, span,
                          text)
            elif inner.cls in PLACES - {"Cluster"} and _in_opening_zone(inner, outer, ms):
                pass  # the zone's place (珠海 in 珠海高新区双创中心) is where the zone is, said of the zone
            elif inner.cls in PLACES - {"Cluster"} and (re.search(r"[(（]$", s.clean[: inner.cstart]) or (
                    inner.cls != "Country" and entity.cls in SITED and _opens_name(inner, outer, ms))):
                # 中以(上海)创新园, 合肥滨湖科学城: where a park, lab or institute is, written into its name.
                b.add(s, outer.key, "locatedIn", inner.key, span, s.clean[span[0] : span[1]])
    plain = [m for m in ms if not m.nested]
    for first, second in itertools.pairwise(plain):
        gap = s.clean[first.cend : second.cstart]
        if first.cls in PLACES - {"Cluster"} and second.cls in CARRIERS | {"Area", "Cluster"} and gap in ("", "“", '"'):
            span = (first.cstart, second.cend)
            b.add(s, second.key, "locatedIn", first.key, span, s.clean[span[0] : span[1]])


_IN_ZONE = {"SciencePark", "InnovationPark", "Cluster", "Complex", "Incubator", "Area", "Project"}


def _in_opening_zone(place: Mention, outer: Mention, ms: list[Mention]) -> bool:
    """Whether a place lies inside a zone's name that opens `outer`'s name (珠海 in 珠海高新区双创中心)."""
    return any(m.cls == "Cluster" and m.nested and m.cstart == outer.cstart < m.cend < outer.cend
               and m.cstart <= place.cstart and place.cend <= m.cend for m in ms)


def _opens_name(place: Mention, outer: Mention, ms: list[Mention]) -> bool:
    """A place opens a name, or follows the parent organization that opens it (中国科学院东莞材料…研究所)."""
    return place.cstart == outer.cstart or any(
        m.cstart == outer.cstart and m.cend == place.cstart and m.cls in ORGANIZATIONS for m in ms)


def _section_place(b: _Builder, doc: Document, s: Sentence, ms: list[Mention], by_sentence) -> None:
    """Under a heading that names a cluster or area (推进大零号湾创新创业集聚区建设), the carriers and projects the
    section's sentences report on are in that cluster, unless their sentence places them elsewhere."""
    if doc.blocks[s.block].kind == "heading":
        return
    heading = doc.sections[s.section].heading
    if heading is None:
        return
    places = [m for sent in doc.block_sentences(heading.index) for m in by_sentence.get(sent.index, [])
              if m.cls in ("Cluster", "Area", "District")]
    if not places:
        return
    place = places[0]
    # Skip what this sentence already places, and builders (美敦力中国研发中心计划…新建…): only what is built.
    placed = {r.subject for r in b.in_sentence.get(s.index, [])
              if r.predicate in ("locatedIn", "builds", "coBuilds", "partnersWith")}
    for m in ms:
        if m.cls in CARRIERS - {"Cluster", "Platform"} and m.key != place.key and m.key not in placed:
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


@dataclass
class _Clause:
    """One clause of a sentence with its mentions in clause offsets; patterns read it and add relations."""

    b: _Builder
    doc: Document
    s: Sentence
    span: tuple[int, int]  # the clause in the sentence's clean text
    text: str
    local: list[Mention]  # the clause's mentions, offsets relative to the clause
    sentence_ms: list[Mention]  # the sentence's mentions, sentence offsets
    by_sentence: dict[int, list[Mention]]

    def add(self, subject: str, predicate: str, obj: str, verb: str = "") -> None:
        self.b.add(self.s, subject, predicate, obj, self.span, self.text, verb)

    def before(self, position: int, classes: set[str]) -> list[Mention]:
        return [m for m in self.local if m.cend <= position and m.cls in classes]

    def after(self, position: int, classes: set[str]) -> list[Mention]:
        return [m for m in self.local if m.cstart >= position and m.cls in classes]

    def earlier_in_sentence(self, position: int, classes: set[str]) -> list[Mention]:
        """Mentions of the sentence that end before `position` of this clause (earlier clauses included)."""
        return [m for m in self.sentence_ms if m.cend <= self.span[0] + position and m.cls in classes]

    def inside(self, match: re.Match[str], group: str | int, classes: set[str]) -> list[Mention]:
        """Mentions within a regex group of the clause (the investors in 由…领投)."""
        return [m for m in self.local if match.start(group) <= m.cstart < match.end(group) and m.cls in classes]

    def link_all(self, subjects: list[Mention], predicate: str, objects: list[Mention]) -> bool:
        """Every subject --predicate--> every object; True when anything was linked."""
        for subject in subjects:
            for obj in objects:
                self.add(subject.key, predicate, obj.key)
        return bool(subjects and objects)

    def heading_subject(self, classes: set[str]) -> Mention | None:
        return _heading_subject(self.doc, self.s, self.by_sentence, classes)


ANY = ORGANIZATIONS | CARRIERS | PROGRAMS | PLACES | EVENTS | {"Industry", "ResearchInstitute", "Designation"}


def _opens_its_clause(text: str, m: Mention) -> bool:
    """True when no verb stands before the mention in its own clause: 甲与乙签署协议 (甲 and 乙 act), not
    持续支持甲、乙发展 (甲 and 乙 are what is supported)."""
    start, _ = _clauses_around(text, m.cstart)
    return not any(tag.startswith("v") for _, _, _, tag in tokens(text[start : m.cstart]))


def _co_building(c: _Clause) -> bool:
    """X和Y计划在Z共建W; 双方…共建W; 甲支持乙建设W (甲 supports 乙, 乙 builds W)."""
    build = _BUILD.search(c.text)
    if not build:
        return False
    agents = [m for m in c.before(build.start(), AGENTS) if not re.search(r"在[^在]*$", c.text[: m.cstart])]
    built = c.after(build.end(), CARRIERS | {"ResearchInstitute"})
    place = next((m for m in c.before(build.start(), PLACES) if re.search(r"在$|在[^,]{0,3}$", c.text[: m.cstart])),
                 None)
    opens_with_verb = not c.text[: build.start()].strip("将拟计划并共同联合")
    if not agents and (re.search(r"双方|三方|多方|各方|两家|两者", c.text[: build.start()]) or opens_with_verb):
        # 双方计划…共建, or a clause that opens with the verb (…签署协议,共建联合实验室): the builders are the
        # organizations named earlier in the sentence.
        agents = [m for m in c.earlier_in_sentence(0, ORGANIZATIONS) if _opens_its_clause(c.s.clean, m)]
    if not (built and agents):
        return False
    promote = re.search(r"推动|推进|支持|鼓励|引导|促成", c.text[: build.start()])
    supporters = [m for m in agents if promote and m.cend <= promote.start()]
    builders = [m for m in agents if m not in supporters]
    if not builders:  # 闵行区推动…签订共建…协议: the one who promotes supports what is built
        for agent in agents:
            c.add(agent.key, "supports", built[0].key)
    for supporter in supporters:
        for builder in builders:
            c.add(supporter.key, "supports", builder.key)
    # 共建, or builders joined by 与/和/共同/联合 act together; 支持A、B等高校建设X has each build its own.
    before_verb = c.text[: build.end()]
    joint = (len(builders) > 1 and bool(re.search(r"共|联合|合作|携手|与|和|及", before_verb))
             and not re.search(r"等[^,;]{0,6}(?:高校|大学|企业|机构|单位|院所)", before_verb))
    for builder in builders:
        c.add(builder.key, "coBuilds" if joint else "builds", built[0].key)
    for other in builders[1:] if joint else []:
        c.add(builders[0].key, "partnersWith", other.key)
    if place:
        c.add(built[0].key, "locatedIn", place.key)
    return True


def _agreements(c: _Clause) -> bool:
    """A、B与C签署…协议, A与B、C签约: each party before 与 signs with each after it; without 与, neighbours sign
    together (not with 签约 alone, which also counts signed projects); a clause that opens with 与 (…, 与MIT等高校签署
    备忘录) has the sentence's topic as the first party. 分别与 pairs them in a way the text does not give."""
    split = re.search(r"与|同|和", c.text)
    signed = bool(re.search(r"签署|签订", c.text) and re.search(r"协议|合同|备忘录", c.text))
    if not (signed or (split and re.search(r"签约", c.text[split.end():]))):
        return False
    if split and c.text[: split.start()].endswith("分别"):
        return False  # A、B分别与C、D签约: who signs with whom, the text does not say
    signers = ORGANIZATIONS | {"City", "District", "Province"}
    parties = c.before(len(c.text), signers)
    left = [m for m in parties if split and m.cend <= split.start()]
    right = [m for m in parties if split and m.cstart >= split.end()]
    if split and not left:
        left = c.earlier_in_sentence(0, signers)[:1]
    pairs = ([(x, y) for x in left for y in right] if left and right else
             list(itertools.pairwise(parties)) if signed else [])
    for x, y in pairs:
        c.add(x.key, "partnersWith", y.key)
    return bool(pairs)


def _cooperation(c: _Clause) -> bool:
    """X与Y(开展)合作, X携手Y, X联合Y, X会同Y (not 联合成立/联合建设, which is building)."""
    cooperate = _COOPERATE.search(c.text)
    if not cooperate or re.search(r"签署|签订|共同(?:举办|主办|承办)", c.text):
        return False
    if _BUILD.match(c.text, cooperate.end()) and c.after(cooperate.end(), CARRIERS | {"ResearchInstitute"}):
        return False  # 与Y合作建设W is building, stated by _co_building
    before = c.before(cooperate.start(), ORGANIZATIONS)
    after = c.after(cooperate.start() + 1, ORGANIZATIONS)
    if not before and cooperate.group().startswith("与"):
        before = c.earlier_in_sentence(0, ORGANIZATIONS)[:1]  # …发布…,并与A、B共同开展研究: the sentence's topic
    for other in after[:3] if before else []:
        c.add(before[-1].key, "partnersWith", other.key)
    return bool(before and after)


def _link_around_verb(c: _Clause, verb: str, predicate: str, subjects: set[str], objects: set[str]) -> bool:
    """The last name of `subjects` before the verb, with the names listed with it (佛山、江门入选…), --predicate-->
    the first name of `objects` after it."""
    match = re.search(verb, c.text)
    before = c.before(match.start(), subjects) if match else []
    after = c.after(match.end(), objects) if match else []
    if before and after:
        for subject in _listed_with(c.text, before):
            c.add(subject.key, predicate, after[0].key)
    return bool(before and after)


def _listed_with(text: str, names: list[Mention]) -> list[Mention]:
    """The last of `names` and those listed right before it, joined only by 、和与及 (甲、乙和丙)."""
    run = [names[-1]]
    for m in reversed(names[:-1]):
        if m.cend > run[0].cstart or not re.fullmatch(r"[、和与及]|以及", text[m.cend : run[0].cstart]):
            break
        run.insert(0, m)
    return run


def _undertaking(c: _Clause) -> bool:
    """X承担/参与/参加/入围 a programme named after the verb."""
    return _link_around_verb(c, r"承担|参与|参加|入围|牵头承担", "takesPartIn", ORGANIZATIONS,
                             PROGRAMS - {"Designation"})


def _approval(c: _Clause) -> bool:
    """X获批/认定为/备案为/入选/获评Y; X入围Y, where Y is a title or a ranking, not a programme (承担/入围 a programme
    is taking part in it)."""
    approved = r"获批(?:为|成为)?|被?认定为|被?备案为|入选|获评(?:为)?|被评为"
    return (_link_around_verb(c, approved, "approvedAs", ANY, ANY)
            or _link_around_verb(c, r"入围", "approvedAs", ANY, ANY - (PROGRAMS - {"Designation"})))


def _issuing(c: _Clause) -> bool:
    """X发布/印发/出台《Y》."""
    # The verb outside any title: 贯彻落实《市人民政府办公厅关于印发…的通知》 issues nothing (the title names
    # its own issuer, linked where titles are read).
    issue = next((m for m in re.finditer(r"发布|印发|出台|颁布|制定", c.text)
                  if c.text.count("《", 0, m.start()) == c.text.count("》", 0, m.start())), None)
    if not issue:
        return False
    issuers = c.before(issue.start(), ORGANIZATIONS)  # 市财政局、市科委联合出台…: every issuer
    return c.link_all(issuers, "issues", c.after(0, {"PolicyDocument", "Document"}))


def _programme_members(c: _Clause) -> bool:
    """开展P,推动/支持/组织A、B、C…: the organizations enumerated take part in the programme of the sentence."""
    programs = [m for m in c.sentence_ms if m.cls in PROGRAMS - {"PolicyDocument", "Designation", "CompetitionTrack"}]
    lead = re.search(r"推动|支持|组织|鼓励|引导|遴选|带动|动员", c.text)
    if not (lead and programs):
        return False
    members = [m for m in _enumeration_after(c.text, c.local, lead.end())
               if m.cls in ORGANIZATIONS - {"GovernmentBody"}]
    start = min(c.span[0], programs[0].cstart)
    for member in members:
        c.b.add(c.s, member.key, "takesPartIn", programs[0].key, (start, c.span[1]), c.s.clean[start : c.span[1]])
    return bool(members)


def _runner_of_programme(c: _Clause) -> bool:
    """A government body written right before a programme runs it (科技部“科技助力经济2020”重点专项)."""
    found = False
    for x, y in itertools.pairwise(c.local):
        if x.cls == "GovernmentBody" and y.cls in PROGRAMS and c.text[x.cend : y.cstart] in ("", "的"):
            c.add(x.key, "supports", y.key)
            found = True
    return found


def _support(c: _Clause) -> bool:
    """X支持/资助/扶持A、B…."""
    support = re.search(r"支持|资助|扶持|资金支持", c.text)
    if not support:
        return False
    givers = c.before(support.start(), ORGANIZATIONS)[-1:]
    takers = [m for m in _enumeration_after(c.text, c.local, support.end()) if m.cls in AGENTS]
    return c.link_all(givers, "supports", takers)


def _investment(c: _Clause) -> bool:
    """X投资/注资/孵化Y; Y获得X投资/融资; …融资,由X领投: the investor supports the investee."""
    found = False
    got = re.search(r"获得(?P<x>[^,;]{1,30}?)(?:投资|融资|注资|资助)", c.text)
    if got:
        investees = c.before(got.start(), ORGANIZATIONS | CARRIERS)[-1:]
        found |= c.link_all(c.inside(got, "x", ORGANIZATIONS), "supports", investees)
    led = re.search(r"由(?P<x>[^,;]{1,30}?)(?:领投|投资|跟投|注资)", c.text)
    if led:
        investees = c.earlier_in_sentence(0, ORGANIZATIONS)[:1]
        found |= c.link_all(c.inside(led, "x", ORGANIZATIONS), "supports", investees)
    # The verb, not the word inside a name (产业投资基金) or a noun (投资金额).
    invest = next((m for m in re.finditer(r"投资|注资|孵化|领投|参投", c.text)
                   if not any(x.cstart <= m.start() < x.cend for x in c.local)
                   and not re.match(r"基金|机构|集团|公司|金额|额|规模|建设|兴建|新建", c.text[m.end() :])), None)
    if invest:
        investors = c.before(invest.start(), ORGANIZATIONS)[-1:]
        investees = [m for m in _enumeration_after(c.text, c.local, invest.end())
                     if m.cls in ORGANIZATIONS | CARRIERS | {"Project"}]
        found |= c.link_all(investors, "supports", investees)
    return found


def _attraction(c: _Clause) -> bool:
    """A place or park 引进/引入 a project or firm, which is then located in it."""
    attract = re.search(r"引进|引入|招引", c.text)
    if not attract:
        return False
    hosts = c.before(attract.start(), PLACES | CARRIERS)
    guests = c.after(attract.end(), ORGANIZATIONS | CARRIERS | {"Project"})[:3] if hosts else []
    for guest in guests:
        c.add(guest.key, "locatedIn", hosts[-1].key)
    return bool(guests)


def _venue(c: _Clause) -> bool:
    """An event 在 a venue 举行/举办/召开: the event is located there."""
    held = re.search(r"在(?P<venue>[^,;]{2,20}?)(?:隆重)?(?:举行|举办|召开|开幕)", c.text)
    if not held:
        return False
    events = c.before(held.start(), EVENTS)
    venues = [m for m in c.local if held.start("venue") <= m.cstart < held.end("venue")
              and m.cls in PLACES | CARRIERS | {"Platform"}]
    if events and venues:
        c.add(events[-1].key, "locatedIn", venues[0].key)
    return bool(events and venues)


def _settling(c: _Clause) -> bool:
    """X入驻/落户/落地/位于Y."""
    settle = re.search(r"入驻|落户|落地|位于|坐落于|迁入|进驻", c.text)
    if not settle:
        return False
    settlers = c.before(settle.start(), AGENTS | {"ResearchInstitute"})
    hosts = c.after(settle.end(), PLACES | CARRIERS)
    if settlers and hosts and settlers[-1].key != hosts[0].key:
        c.add(settlers[-1].key, "locatedIn", hosts[0].key)
        return True
    return False


def _focus(c: _Clause) -> bool:
    """聚焦/围绕/重点发展A、B等产业; the owner may be named in an earlier clause or the heading."""
    focus = _FOCUS.search(c.text)
    industries = c.after(focus.end(), {"Industry"}) if focus else []
    if not industries:
        return False
    # The owner: an organization, park or district named before (浦东新区聚焦…), not a country or an industry.
    earlier = c.earlier_in_sentence(focus.start(), ANY - {"Industry", "Country", "Area", "Place"})
    owner = earlier[-1] if earlier else c.heading_subject(CARRIERS | ORGANIZATIONS)
    for industry in industries if owner else []:
        c.add(owner.key, "focusesOn", industry.key)
    return owner is not None


def _co_hosting(c: _Clause) -> bool:
    """与A、B等机构共同举办…: A and B co-host with the clause's or the section's host."""
    cohost = re.search(r"与(.+?)共同(?:举办|主办|承办|组织)", c.text)
    if not cohost:
        return False
    partners = c.inside(cohost, 1, AGENTS)
    hosts = c.before(cohost.start(), AGENTS)
    host = hosts[0] if hosts else c.heading_subject(CARRIERS | ORGANIZATIONS)
    for partner in partners if host else []:
        c.add(partner.key, "coHostsWith", host.key)
    return bool(host and partners)


def _organizing(c: _Clause) -> bool:
    """X举办/主办/承办an event or competition."""
    organize = re.search(r"举办|主办|承办|组织", c.text)
    if not organize or re.search(r"与(.+?)共同", c.text):
        return False
    organizers = c.before(organize.start(), AGENTS)  # 市科协和复旦大学联合承办…: every organizer
    return c.link_all(organizers, "organizes", c.after(organize.end(), EVENTS))


def _organized_by(c: _Clause) -> bool:
    """(The event …,) 由A、B指导, C主办, D承办: the roles come after the event, each closing its clause. Hosts
    (主办/承办/协办) and guides (指导) organize the event; the hosts of one clause co-host it."""
    role = re.search(r"(?:联合|共同)?(?P<role>指导|主办|承办|协办)(?:单位)?$", c.text)
    if not role:
        return False
    agents = c.before(role.start(), AGENTS | {"GovernmentBody"})
    earlier = c.earlier_in_sentence(0, EVENTS)
    event = earlier[0] if earlier else _previous_event(c) or c.heading_subject(EVENTS)
    if event is None or not agents:
        return False
    for agent in agents:
        c.add(agent.key, "organizes", event.key)
    if role.group("role") != "指导":
        for other in agents[1:]:
            c.add(agents[0].key, "coHostsWith", other.key)
    return True


def _previous_event(c: _Clause) -> Mention | None:
    """The event the last three sentences named last (本届大赛由…主办 after a sentence naming it)."""
    for index in range(c.s.index - 1, max(-1, c.s.index - 4), -1):
        events = [m for m in c.by_sentence.get(index, []) if m.cls in EVENTS]
        if events:
            return events[0]
    return None


def _attention(c: _Clause) -> bool:
    """(The event) 吸引…A、B…关注/参展."""
    attention = re.search(r"吸引(.+)(?:关注|参展|参会|参评)", c.text)
    if not attention:
        return False
    watchers = c.inside(attention, 1, AGENTS)
    earlier = c.earlier_in_sentence(attention.start(), (EVENTS | PROGRAMS) - {"CompetitionTrack"})
    event = earlier[-1] if earlier else c.heading_subject(EVENTS | PROGRAMS)
    for watcher in watchers if event else []:
        c.add(event.key, "drawsAttentionFrom", watcher.key)
    return bool(event and watchers)


def _tracks(c: _Clause) -> bool:
    """(大赛)设A、B和C赛道: the sentence's or the section's competition has these tracks."""
    tracks = c.after(0, {"CompetitionTrack"})
    if not tracks:
        return False
    competition = next((m for m in c.sentence_ms if m.cls == "Competition"), None)
    competition = competition or c.heading_subject({"Competition"})
    for track in tracks if competition else []:
        c.add(competition.key, "hasTrack", track.key)
    return competition is not None


# Typed clause patterns, each a small function that adds what it finds and says whether it found anything.
PATTERNS = (_co_building, _agreements, _cooperation, _undertaking, _approval, _issuing, _programme_members,
            _runner_of_programme, _support, _investment, _attraction, _venue, _settling, _focus, _co_hosting,
            _organizing, _organized_by, _attention, _tracks)
_BUILD = re.compile(r"共建|新建|合作建设|联合建设|共同建设|建设|打造|设立|组建|成立|建立|筹建|创建")
_COOPERATE = re.compile(
    r"与(?P<y>[^,;]{1,30}?)(?:(?:开展|深化|加强|达成)?(?:战略)?合作|共同(?:开展|推进|研发|研究|攻关))"
    r"|携手|会同|联合(?!体|实验室|研究院|创新中心)")
_FOCUS = re.compile(r"聚焦|围绕|重点发展|重点开展|主要开展|致力于|主攻|专注于?|面向")


def _clause_relations(b: _Builder, doc: Document, s: Sentence, span: tuple[int, int], clause: str,
                      ms: list[Mention], sentence_ms: list[Mention], by_sentence) -> None:
    c0 = span[0]
    local = [Mention(m.start, m.end, m.label, m.cls, m.sentence, m.finder, m.key, m.cstart - c0, m.cend - c0)
             for m in ms]
    c = _Clause(b, doc, s, span, clause, local, sentence_ms, by_sentence)
    typed = [pattern(c) for pattern in PATTERNS]
    if any(typed):
        return
    # Fallback: two entities with a linking verb between them, the verb kept.
    for x, y in itertools.pairwise(local):
        gap = clause[x.cend : y.cstart]
        verbs = [w for _, _, w, tag in tokens(gap) if tag.startswith("v")] if gap else []
        modifier = y.cls in PLACES and re.match(r"企业|公司|机构|高校|人才|团队|项目|产品|专家", clause[y.cend :])
        anaphoric = "anaphor" in (x.finder, y.finder)  # 全市拥有…: no second name to link
        if verbs and x.key != y.key and not modifier and not anaphoric:  # 引进德国企业: 德国 qualifies the firms
            c.add(x.key, "coMentionedWith", y.key, verbs[-1])
