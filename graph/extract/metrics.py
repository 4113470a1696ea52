"""Metric observations: each quantity in a sentence, with what it measures, what it is about, and when.

For each quantity (see `numbers.find_quantities`) in a sentence:

- measure: the noun phrase before the number in its clause (贷款余额合计56.14亿元 → 贷款余额), or, for a count
  written number-first, the thing counted and its verb (11807家企业申报 → 企业申报数);
- subject: the entity named in the clause, else in the sentence, else the list item's lead-in, else the
  enclosing headings; failing all, the section itself;
- period: the time phrase before it (截至9月底, 全年, 累计, a date range), else the report year;
- structure: growth rates are change observations linked to the level they modify (比上年增长62.7%),
  其中 links a part to its total, 分别 pairs measures with values in order, 由X提升至Y links old to new.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

from ..document import Document, Sentence
from ..numbers import CLAUSE_BREAK, HEDGE_WORDS, Quantity, find_quantities
from .entities import NAME_VERBS, PLACE_CLASSES, Mention, home_place, mentions_by_sentence, tokens
from .time import Period, find_period, year_period

_CHANGE_WORDS = re.compile(
    r"(?P<base>比上年|较上年度|较上年|比去年|同比|环比|年内|比\d{4}年|较\d{4}年)?[^,;]{0,4}?"
    r"(?P<verb>增长|增加|提高|提升|上升|增幅|增速|下降|减少|降低|回落|下滑|降幅)(?:了|为|达|约|近|超)?$"
)
_DECREASE = ("下降", "减少", "降低", "回落", "下滑", "降幅")
_FROM_TO = re.compile(r"(?:提升|提高|增加|增长|上调|扩大|下降|减少|降低|调整)(?:至|到|为)$")
_CONNECTORS = ("合计", "共计", "总计", "累计", "共有", "达到", "约为", "分别为", "分别是", "分别达", "分别", "实现",
               "完成", "超过", "不少于", "不到", "将近", "接近", "大约", "约", "近", "超", "逾", "达", "为", "是",
               "有", "共", "计", "了", "总", "全年", "年内", "当年", "全市", "全省", "其中", "以上", "至", "由", "从")
_LEADING = ("全年", "年内", "当年", "全市", "全省", "全国", "全社会", "其中", "累计", "实际", "共有", "拥有", "共",
            "总", "另有", "此外", "力争", "预计", "预期", "确保")
_LEADING_VERBS = ("有", "共有", "实现", "完成", "达到", "拥有", "投入")
# What a figure says of the thing the figure before it measures, when named alone (投入强度, 比重).
_ATTRIBUTE = re.compile(r"(?:投入)?强度|比重|密度")
_LONGEST_MEASURE = 14  # characters: 研究与试验发展经费投入强度 is 13
_STOP_TAGS = {"p", "c", "uj", "ul", "r", "x", "m", "t", "f", "d", "q", "u", "y", "e", "ad"}
_COUNT_NOUN_TAGS = ("n", "nz", "nt", "vn", "j", "l")
_SUBJECT_CLASSES_LAST = ("Industry", "City", "Country", "District", "Area", "Province", "Designation",
                         "CompetitionTrack")


@dataclass
class Observation:
    """One metric observation. `start`/`end` are offsets into the report text covering number and unit."""

    id: str
    start: int
    end: int
    sentence: int
    section: int
    quantity: Quantity
    measure: str
    subject: str  # entity key, or "" when the subject is the section
    period: Period
    kind: str = "level"  # "level" | "change" | "share"
    change_of: str = ""  # id of the observation a change modifies
    part_of: str = ""  # id of the total a part (其中) belongs to
    replaced_by: str = ""  # id of the new value in 由X提升至Y

    @property
    def value(self) -> Decimal:
        return self.quantity.value


_MAGNITUDE = re.compile(r"[十百千万亿]+")
_GRADE = re.compile(r"[\u4e00-\u9fff]{1,4}级(?:以上|及以上)?")  # 先进级, 国家级, 省级以上: a grade before a kind


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = 0
    for match in CLAUSE_BREAK.finditer(text):
        if match.start() < position:
            start = match.end()
        else:
            return start, match.start()
    return start, len(text)


def _strip_connectors(phrase: str) -> str:
    changed = True
    while changed and phrase:
        changed = False
        for word in _CONNECTORS if phrase.endswith(_CONNECTORS) else ():
            if phrase.endswith(word) and (phrase == word or len(phrase) - len(word) >= 2):
                phrase, changed = phrase[: -len(word)], True
        for word in _LEADING if phrase.startswith(_LEADING) else ():
            # Keep at least two characters: 总量 stays 总量.
            if phrase.startswith(word) and len(phrase) - len(word) >= 2:
                phrase, changed = phrase[len(word) :], True
    return phrase


def _measure_before(prefix: str, mentions: list[Mention], counted: Mention | None = None) -> str:
    """The noun phrase that ends right before the number: last tokens up to a particle, number or name.

    In 向3739家中小企业发放总额 the nouns after 向 are whom, not what: the phrase starts at the verb. The kind a
    count counts (`counted`, 现代产业学院) is one noun of the phrase, whatever its words' tags.
    """
    # 比率降至13.6%: a level the measure moves to is named by what moves, not by the verb.
    prefix = re.sub(r"(?:下降|降低|减少|上升|提升|提高|增长|扩大|[降升减增])(?:至|到)$", "", prefix)
    # R&D经费与国内生产总值(GDP)之比, 社会物流总费用与地区生产总值的比率: a ratio is named by both its terms.
    ratio = re.search(r"(?:与|和)([^,;，；与和]{1,16}?)(?:之比|的比率|的比例|的比值)$", _strip_connectors(prefix))
    if ratio:
        return _measure_before(prefix[: ratio.start()], mentions) + ratio.group(0)
    # Trim only the end here: token offsets must stay aligned with the mentions' clause offsets.
    stripped = _strip_connectors(prefix)
    prefix = prefix[: prefix.rindex(stripped) + len(stripped)] if stripped and stripped in prefix else prefix
    toks = _bracketed(tokens(prefix))
    if len(toks) >= 2 and toks[-2][2] == "占" and toks[-1][2] == "比":  # 产业占比 (jieba: 占 v, 比 p) is the noun 占比
        toks = (*toks[:-2], (toks[-2][0], toks[-1][1], "占比", "n"))
    # 投入强度(与国内生产总值之比)为: a bracket right before the number explains the measure and is not part of it.
    while toks and toks[-1][3] == "bracket":
        toks = toks[:-1]
    first = len(toks)
    for i in range(len(toks) - 1, -1, -1):
        t_start, _, word, tag = toks[i]
        latin_code = tag == "m" and i + 1 < len(toks) and toks[i + 1][3] == "eng"  # 5G基站
        # 研究与试验发展经费: a 与 or 和 between two nouns of the phrase joins a term, not two measures.
        # So does one after a noun and a verb that make a noun (概念验证和中试平台, 成果转化和产业化).
        nominal = i > 0 and (toks[i - 1][3].startswith(_COUNT_NOUN_TAGS) or (
            i > 1 and toks[i - 1][3] == "v" and toks[i - 2][3].startswith(_COUNT_NOUN_TAGS)))
        joined = word in ("与", "和") and 0 < i < len(toks) - 1 and nominal \
            and toks[i + 1][3].startswith(_COUNT_NOUN_TAGS) and "分别" not in prefix
        joined = joined or (word == "所" and i + 1 < len(toks) and toks[i + 1][2].startswith("占"))  # 所占比重
        # 省级以上众创空间: a level and 以上 qualify the noun; 在孵企业, 在研项目: 在 and a verb say its status.
        # 规模以上企业: so does 以上 between two nouns.
        joined = joined or (word in ("以上", "以下") and i > 0 and (toks[i - 1][2].endswith("级") or (
            i + 1 < len(toks) and toks[i - 1][3].startswith(_COUNT_NOUN_TAGS)
            and toks[i + 1][3].startswith(_COUNT_NOUN_TAGS))))
        # 专精特新“小巨人”企业 (jieba: 特新 d): an adverb does not stand between two nouns; it is part of a term.
        joined = joined or (tag == "d" and 0 < i < len(toks) - 1 and toks[i - 1][3].startswith(_COUNT_NOUN_TAGS)
                            and toks[i + 1][3].startswith(_COUNT_NOUN_TAGS))
        joined = joined or (word == "在" and i + 1 < len(toks) and len(toks[i + 1][2]) == 1
                            and toks[i + 1][3].startswith("v"))
        # 领航级智能工厂, 卓越级智能工厂: a grade (jieba: 级 a measure word) qualifies the noun after it.
        joined = joined or (word == "级" and 0 < i < len(toks) - 1 and toks[i + 1][3].startswith(_COUNT_NOUN_TAGS))
        # 千亿级产业链: so does a size class (the magnitude before its 级).
        joined = joined or (i + 1 < len(toks) and toks[i + 1][2] == "级" and _MAGNITUDE.fullmatch(word) is not None)
        # A name ends the phrase, but an industry is part of it: 数字经济增加值, 生产性服务业占服务业比重.
        in_counted = counted is not None and counted.cstart <= t_start < counted.cend
        if not in_counted and ((tag in _STOP_TAGS and word not in ("总额", "金额") and not latin_code and not joined)
                               or any(m.cstart <= t_start < m.cend and not _in_measure(m, prefix) for m in mentions)):
            break
        first = i
        # An abbreviation in brackets (R&D) does not count towards the length of the phrase.
        if sum(len(t[2]) for t in toks[first:] if t[3] != "bracket") >= _LONGEST_MEASURE:
            break
    taken = toks[first:]
    while taken and taken[0][3] == "bracket":
        taken = taken[1:]
    # 每万人发明专利拥有量, 人均研发经费: a rate's base belongs to the measure.
    # 每万名就业人员中研发人员: the population a rate is counted in belongs to it too.
    rate = re.search(r"(?:每(?:十万|万|千|百)?(?:名|个|户)?(?:[\u4e00-\u9fff]{2,6}中)?|人均"
                     r"|(?<![\d.])(?:十万|万|千|百))$", prefix[: toks[first][0]] if first < len(toks) else "")
    if rate and taken:
        taken = (*((rate.start(), rate.end(), rate.group(), "m"),), *taken)
    # (投入强度 is a measure of its own: intensity, not what was invested.)
    while len(taken) > 1 and (taken[0][2] in _LEADING_VERBS or taken[0][2] in ("期", "批", "届")) \
            and [t[2] for t in taken] != ["投入", "强度"]:
        taken = taken[1:]
    if any(t[3] == "p" for t in toks[:first]) and any(t[3] == "v" for t in taken):
        while taken and taken[0][3] != "v":
            taken = taken[1:]
    return _strip_connectors("".join(t[2] for t in taken))


_APPROVED_AFTER = re.compile(r"(?:“[^“”]+”|[和与、])*立项")


def _in_measure(m: Mention, prefix: str) -> bool:
    """An industry is part of a measure's name (数字经济增加值), and so is a programme projects are approved under
    (省“尖兵”“领雁”立项数)."""
    return m.cls == "Industry" or (m.cls == "Program" and _APPROVED_AFTER.match(prefix, m.cend) is not None)


def _bracketed(toks: tuple[tuple[int, int, str, str], ...]) -> tuple[tuple[int, int, str, str], ...]:
    """Tokens with each closed bracket group of at most 16 characters made one token tagged "bracket", each quoted
    term one noun, and each Latin abbreviation written with & or - (R&D) one token."""
    out: list[tuple[int, int, str, str]] = []
    i = 0
    while i < len(toks):
        if i + 2 < len(toks) and toks[i][3] == "eng" and toks[i + 1][2] in ("&", "-") and toks[i + 2][3] == "eng":
            out.append((toks[i][0], toks[i + 2][1], "".join(t[2] for t in toks[i : i + 3]), "eng"))  # R&D
            i += 3
            continue
        if toks[i][2] in ("“", '"'):
            # 专精特新“小巨人”企业: a quoted term inside a measure's name is one word of it.
            close = next((j for j in range(i + 1, min(len(toks), i + 8)) if toks[j][2] in ("”", '"')), None)
            if close is not None and 2 <= toks[close][1] - toks[i][0] <= 12:
                out.append((toks[i][0], toks[close][1], "".join(t[2] for t in toks[i : close + 1]), "nz"))
                i = close + 1
                continue
        if toks[i][2] in ("(", "（"):
            close = next((j for j in range(i + 1, min(len(toks), i + 16)) if toks[j][2] in (")", "）")), None)
            if close is not None and toks[close][1] - toks[i][0] <= 16:
                out.append((toks[i][0], toks[close][1], "".join(t[2] for t in toks[i : close + 1]), "bracket"))
                i = close + 1
                continue
        out.append(toks[i])
        i += 1
    return tuple(out)


def _measure_after(rest: str, mentions: list[Mention], offset: int) -> tuple[str, str, bool]:
    """For 11807家企业申报: the counted noun phrase and the verb that follows it (企业, 申报). The flag says
    whether the verb has an object after it (5家高校建设大学科技园), in which case the verb is not the measure."""
    # 10个“数字领航”企业: a quoted term is one noun of the phrase.
    toks = [t for t in _bracketed(tokens(rest))[:8] if t[2] not in ("的", "各类", "各", ")", "）")]
    def modifier(i: int) -> bool:  # 60多个交大师生创新创业项目: the name only qualifies the counted noun
        return i + 1 < len(toks) and toks[i + 1][3].startswith(("n", "j")) and not any(
            m.cstart <= offset + toks[i + 1][0] < m.cend for m in mentions)

    # 100个先进级智能工厂: a kind after its grade is what is counted, not a name the count stops at.
    graded = {id(m) for m in mentions if _GRADE.fullmatch(rest[: m.cstart - offset])}
    named = [i for i, t in enumerate(toks) if any(m.cstart <= offset + t[0] < m.cend and id(m) not in graded
                                                  for m in mentions) and not modifier(i)]
    if named and named[0] == 0:
        return "", "", False  # a name follows the number: 6万平方米的交大科技园 measures the named thing
    if named:
        toks = toks[: named[0]]
    noun, verb, has_object = "", "", False
    for i, (_, _, word, tag) in enumerate(toks):
        next_is_noun = i + 1 < len(toks) and toks[i + 1][3].startswith((*_COUNT_NOUN_TAGS, "a"))
        nounish = ((tag.startswith(_COUNT_NOUN_TAGS) and not (noun and tag == "vn"))
                   or (tag in ("a", "b") and next_is_noun))
        if word in ("和", "与", "及", "、"):
            break
        # 3个千亿级产业集群, 100个先进级智能工厂: a grade or size class is part of the counted noun.
        if (i + 1 < len(toks) and toks[i + 1][2] == "级" and i + 2 < len(toks)) or (word == "级" and noun):
            noun += word
            continue
        if nounish or (tag.startswith("v") and ((word in NAME_VERBS and noun) or (next_is_noun and not noun))):
            if len(noun) + len(word) > _LONGEST_MEASURE:
                break
            noun += word
        elif noun and tag.startswith("v"):
            verb = word
            has_object = i + 1 < len(toks) and toks[i + 1][3].startswith(("n", "v"))
            break
        else:
            break
    return noun, verb, has_object


# Verbs of making or granting (新培育…10个, 建成…): a list of counts shares the first one's.
_MAKING_VERBS = "新建|新增|培育|建成|认定|获批|引进|组建|设立|入选|打造"
_MAKING = re.compile(rf"^新?(?:{_MAKING_VERBS})")
# Actions a count of what follows can come after (建设44家…, 布局4个…, 落地35支…): jieba tags several as nouns.
_ACTION_END = re.compile(rf"(?:{_MAKING_VERBS}|建设|布局|落地|打造|引育|入选|创建|实施|攻关|招引|签约|备案|评选|遴选|"
                         r"孵化|服务|支持)$")
# The words that join a thing to its count (高新技术企业达7.4万家, 智能工厂增至22家).
_TO_COUNT_VERBS = r"增至|增加[到至]|增长[到至]|提高[到至]|提升[到至]|升至|达到|突破|超过|[达为有约近超]"
_GENERIC_MEASURE_WORDS = {"总量", "数量", "总数", "规模", "总额", "总值", "量", "数"}
_GENERIC_MEASURE = {"CNY": "金额", "USD": "金额", "m2": "面积", "km2": "面积", "ha": "面积", "mu": "面积",
                    "person": "人数", "person_time": "人次"}


def _measure(q: Quantity, clause: str, q_start: int, q_end: int, mentions: list[Mention], after_count: int) -> str:
    """What the quantity at clause[q_start:q_end] measures, as a short noun phrase (贷款余额, 企业申报数).

    The phrase before the number comes first; the thing counted after a number-first count next; a name right
    before or after the number fills in a bare 总量 or an empty phrase; counts end in 数, people in 人数.
    """
    if q.unit.startswith("count:") and "大" in clause[q_start:q_end] and clause[q_start:q_end].endswith(q.unit[6:]):
        return q.unit[6:] + "数"  # 三大产业, 三大先导产业
    prefix = clause[:q_start]
    prefix = re.sub(rf"(?:最高|最低|最多)?(?:{'|'.join(HEDGE_WORDS)})?$", "", prefix) or prefix
    # 地区生产总值连续迈上4个万亿元台阶、达14.2万亿元: an item that is only a verb shares the clause's topic.
    item = prefix.rsplit("、", 1)[-1] if "、" in prefix else ""
    topic = _clause_topic(clause) if item and not _strip_connectors(item) else ""
    if topic:
        return _with_unit_word(q, topic)
    # 由去年的2000万元: the comparison base's time and particle are not part of the measure.
    prefix = re.sub(r"(由|从)?(去年|上年|上一年|前年|\d{4}年)?(的)?$", "", prefix) or prefix
    # In 542家企业16个团队 the noun before 16 belongs to 542: look after the number instead.
    after_previous = prefix[after_count:] if after_count >= 0 else ""
    owned_by_previous = (after_count >= 0 and len(after_previous) <= 4
                         and not after_previous.startswith(("、", "和", "及")))
    # 新建概念验证和中试平台20家, 国家卓越级智能工厂增至22家: the kind a count counts is the head of its measure,
    # with the grade and the action before it (a place is not counted: 浦东新区20家 is the district's).
    stem = re.sub(rf"(?:{_TO_COUNT_VERBS})+$", "", prefix)
    kind = next((m for m in mentions if q.is_count and m.cend == len(stem) and m.cls not in PLACE_CLASSES), None)
    measure = "" if owned_by_previous else _measure_before(prefix, [m for m in mentions if m is not kind], kind)
    # A verbal noun (经费, 投资 tagged vn) names a thing; a bare verb (支持) needs a noun after it.
    # 新建, 新培育: "newly" and a verb is a verb too (jieba tags 新建 a place name, 培育 a verbal noun).
    newly = measure.startswith("新") and len(measure) <= 3 and all(
        t[3] in ("v", "vd", "vn") for t in tokens(measure[1:]))
    single_verb = newly or (len(tokens(measure)) == 1 and tokens(measure)[0][3] in ("v", "vd") if measure else False)
    # 牵头建设44家全国重点实验室, 布局4个基础科学中心: a count after an action counts what follows it.
    named = next((m for m in mentions if m.cend == len(prefix.rstrip("达为有约近超"))), None)
    if not measure and named is not None and q.is_count and named.cls not in PLACE_CLASSES:
        # 国家级科技企业孵化器59家; 新培育科技型中小企业3000家: what was done to how many (拥有: how many there are).
        before = tokens(prefix[: named.cstart])
        verb = before[-1][2] if before and before[-1][3] in ("v", "vn") and before[-1][2] not in _LEADING_VERBS \
            else ""
        if verb and len(before) > 1 and before[-2][2] == "新":
            verb = "新" + verb
        return f"{verb}{named.label}数"
    # 新建产业创新综合体20个: what was done to what; 全球灯塔工厂增至10家: how many of the thing there are now.
    named = named or next((m for m in mentions if m.cend == len(stem)), None)
    verb_only = bool(measure) and all(t[3][:1] in ("v", "d") for t in tokens(measure))
    if verb_only and named is not None and q.is_count and named.cls not in PLACE_CLASSES:
        action = "" if stem != prefix.rstrip("达为有约近超") or measure in ("增", "增加", "增长", "提高", "提升") \
            else measure
        return f"{action}{named.label}数"
    if measure in _GENERIC_MEASURE_WORDS or 0 < len(measure) <= 3:
        # 高新技术企业总量达2.47万家, 科学基金获得者30余人: a bare 总量 or 获得者 measures the thing named before it.
        stem = prefix.rstrip("达为有约近超")
        before = next((m for m in mentions if stem.endswith(m.label + measure)), None)
        if before is not None:
            measure = before.label + measure
    if q.unit == "percent" and (not measure or measure in ("其中",)):
        noun, verb, _ = _measure_after(clause[q_end:], mentions, q_end)
        return f"{noun}{verb}占比" if noun else "占比"
    if single_verb and not q.is_count:
        return measure + _GENERIC_MEASURE.get(q.unit, "")  # 争取科技部支持3000万元 → 支持金额
    # 牵头建设44家全国重点实验室, 布局4个基础科学中心: a count after an action counts what follows it.
    if not measure or (q.is_count and (single_verb or _ACTION_END.search(measure))):
        noun, verb, has_object = _measure_after(clause[q_end:], mentions, q_end)
        counted = next((m for m in mentions if m.cstart in (q_end, q_end + 1)), None)
        if measure and not noun and counted is not None and counted.cls not in PLACE_CLASSES:
            return f"{measure}{counted.label}数"  # 新建20个产业创新综合体: what was done to how many of what
        if noun:
            lead = measure if measure else ""
            measure = f"{lead}{noun}{'' if has_object or lead else verb}"
        elif verb:
            measure = f"{measure}{verb}"
    if not measure:
        # 为1200余家科技型中小企业提供…: the named thing right after a count is what it counts.
        counted = next((m for m in mentions if m.cstart in (q_end, q_end + 1) and q.is_count), None)
        if counted is not None:
            return counted.label + "数"
        return _GENERIC_MEASURE.get(q.unit, "")
    return _with_unit_word(q, measure)


def _with_unit_word(q: Quantity, measure: str) -> str:
    """Counts end in 数, people in 人数, areas in 面积."""
    if q.unit == "person" and not re.search(r"(人数|数|量|人次|规模)$", measure):
        measure += "人数"
    elif q.is_count and not re.search(r"(数|量|次|额|规模|总数|户数|家数|项数)$", measure):
        measure += "数"
    elif q.unit in ("m2", "km2", "ha", "mu") and not re.search(r"(面积|规模)$", measure):
        measure += "面积"
    return measure


def _clause_topic(clause: str) -> str:
    """The noun phrase a clause opens with, after its time and scope words (地区生产总值 in 全年地区生产总值连续迈上…
    台阶、达14.2万亿元)."""
    toks = itertools.dropwhile(lambda t: t[2] in _LEADING, tokens(clause[_TIME_LEAD.match(clause).end() :]))
    words = list(itertools.takewhile(lambda t: t[3].startswith(_COUNT_NOUN_TAGS), toks))
    return "".join(t[2] for t in words)


def _shared_verb(text: str, q: Quantity, measure: str, sentence_obs: list[Observation]) -> str:
    """新培育概念验证中心10个、中试平台20个: the verb before the first item of a list of counts is each item's."""
    previous = sentence_obs[-1] if sentence_obs else None
    if previous is None or not q.is_count or _MAKING.match(measure):
        return measure
    gap = text[previous.quantity.end : q.start]
    verb = _MAKING.match(previous.measure)
    # 概念验证中心10个、中试平台20个 or, number first, 10个概念验证中心、20个中试平台.
    listed = gap.startswith("、") or re.fullmatch(r"[^,;，；、]{1,12}、", gap) is not None
    if verb and listed and len(gap) <= 12 and previous.quantity.is_count:
        return verb.group() + measure
    return measure


def _bracketed_figure(text: str, q: Quantity, mentions: list[Mention]) -> Mention | None:
    """The name a figure is bracketed after (广东(4802.6亿元)), if it is."""
    if not (re.search(r"[(（]$", text[: q.start]) and re.match(r"[)）]", text[q.end :])):
        return None
    return next((m for m in mentions if m.cend == q.start - 1), None)


def _opening_measure(text: str) -> str:
    """What a sentence's opening clause measures: the phrase before its first comparison (研究与试验发展经费投入
    超过千亿元的省…, 经费投入强度(与地区生产总值之比)超过全国平均水平的省…)."""
    bracket = re.search(r"[(（]\d", text)  # the first bracketed figure ends the sentence's lead
    for part in re.split(r"[,;:，；：]", text[: bracket.start() if bracket else len(text)]):
        head = re.search(r"超过|高于|低于|位居|排名|达到|居", part)
        if head:
            return _measure_before(part[: head.start()], [])
    return ""


def _heading_mentions(doc: Document, section_index: int, by_sentence) -> list[Mention]:
    """The names a section's heading is about: not a programme a verb in the heading carries out (着力推动“两创”
    深度融合 is about what is done, and its figures are the jurisdiction's; 强化政策性融资担保基金增信功能 is the
    fund's section)."""
    heading = doc.sections[section_index].heading
    if heading is None:
        return []
    return [m for sent in doc.block_sentences(heading.index) for m in by_sentence.get(sent.index, [])
            if not _carried_out(m, sent.clean)]


_PROGRAMMES = ("Program", "FundingScheme", "SpecialProject")


def _carried_out(m: Mention, text: str) -> bool:
    """A programme a verb before it acts on (推动“两创”…, 全面落实融入省“315”…工程): what is done, not who does it."""
    # (jieba reads 全面落实, 深入实施 as idioms.)
    return m.cls in _PROGRAMMES and any(t[3] in ("v", "vd", "i") for t in tokens(text[: m.cstart]))


def _best(cands: list[Mention], exclude: tuple[str, ...] = _SUBJECT_CLASSES_LAST) -> str:
    """The first candidate whose class is not excluded: a Chinese clause names its topic first
    (浦发银行推出“科技快贷”产品,全年…提供信用贷款96亿元 is about the bank)."""
    kept = [m for m in cands if m.cls not in exclude]
    return min(kept, key=lambda m: m.cstart).key if kept else ""


_TIME_LEAD = re.compile(r"(?:\d{4}年(?:度)?|\d{1,2}月(?:底|末|份|中旬|下旬|上旬)?|\d{1,2}日|截至|截止|全年|今年|去年|"
                        r"上半年|下半年|年内|目前|近年来|近年|[一二三四]季度|前三季度|[,，、\s])*")


_EVENT_VERBS = re.compile(r"举行|举办|召开|开幕|启动|揭牌|开园|成立")


def _title_topic(doc: Document, by_sentence) -> str:
    """What a document is about: the first event, contest, fund, park or organization its title (first heading),
    or a headline-less news item's lead sentence, names. A place, an industry or a designation is not its topic."""
    title = next((b for b in doc.blocks[:2] if b.kind == "heading"), None)
    if title is not None:
        sentences = doc.block_sentences(title.index)
    else:
        # A news item without a headline: its lead sentence names what it reports on, where that sentence tells
        # of an event (…天使投资峰会在成都高新区举行).
        sentences = [x for x in doc.sentences[:1] if _EVENT_VERBS.search(x.clean)]
    named = [m for x in sentences for m in by_sentence.get(x.index, []) if not _carried_out(m, x.clean)]
    return _best(named, (*_SUBJECT_CLASSES_LAST, "GovernmentBody", "PolicyDocument", "Document"))


_GOVERNMENT = re.compile(r"[\u4e00-\u9fff]{2,8}(?:省|市|区|县|自治区)?(?:人民)?政府")


def _territory(doc: Document, key: str, jurisdiction: str) -> str:
    """A government's figures are its territory's: in 四川省人民政府工作报告 the numbers are about 四川."""
    return jurisdiction if jurisdiction and _GOVERNMENT.fullmatch(key) else key


def _partners(text: str, mentions: list[Mention]) -> set[int]:
    """Mentions named as partners (与A、B等机构共同举办): they are not what the sentence is about."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"与[^,;。]*?(?:共同|联合|合作|一起)", text)]
    return {id(m) for m in mentions if any(a <= m.cstart < b for a, b in spans)}


# What joins a counted kind to its count: 高新技术企业达7.4万家, 中试平台11家, 企业总数超过300家.
_TO_COUNT = re.compile(rf"(?:总数|数量|总量)?(?:{_TO_COUNT_VERBS})*")


_TO_KIND = re.compile(rf"的?(?:{_GRADE.pattern})?")  # what joins a number-first count to its kind


# Mentions a count of the sentence counts (科技型中小企业达5.6万家, 省级中试平台11家): kinds of thing, so the
# sentence's other figures are not about them either.
def _counted_before(text: str, mentions: list[Mention], quantities: list[Quantity]) -> set[int]:
    return {id(m) for m in mentions for q in quantities
            if q.is_count and m.cend <= q.start and _TO_COUNT.fullmatch(text[m.cend : q.start])}


def _counted_after(text: str, mentions: list[Mention], quantities: list[Quantity]) -> set[int]:
    # 打造10个“数字领航”企业、100个先进级智能工厂: the kind a number-first count counts, after its grade.
    return {id(m) for m in mentions for q in quantities
            if q.is_count and m.cstart >= q.end and _TO_KIND.fullmatch(text[q.end : m.cstart])}



def _subject(doc: Document, s: Sentence, clause: tuple[int, int], q_start: int, by_sentence, measure: str,
             jurisdiction: str, topic_key: str = "", counted_kinds: frozenset[int] = frozenset()) -> str:
    """Entity the number is about: a named organization, programme or park in its clause, its sentence, the
    list's lead-in or the headings that set its topic; failing those, a place or designation in its sentence,
    and failing that what the document's title is about (a summit, a contest, a fund) or the jurisdiction the
    report speaks for."""
    partners = _partners(s.clean, by_sentence.get(s.index, []))
    # 新培育科技型中小企业3000家: a name inside the measure is what is counted, not whom the count is about.
    counted = {id(m) for m in by_sentence.get(s.index, []) if len(m.label) >= 2 and m.label in measure}
    counted |= counted_kinds
    # 推动A、B、C等5家高校…: the items of the set being counted are not what the count is about.
    members = {id(m) for m in by_sentence.get(s.index, [])
               if m.cend <= q_start and re.fullmatch(r"[^,;。]{0,20}等", s.clean[m.cend : q_start])}
    # 为/向/给1200余家科技型中小企业提供…: the beneficiary of a service is not what the number is about.
    beneficiaries = {id(m) for m in by_sentence.get(s.index, [])
                     if re.search(r"(?:为|向|给|帮助)[^,;为向给]{0,10}$", s.clean[clause[0] : m.cstart])}
    mine = [m for m in by_sentence.get(s.index, []) if id(m) not in partners | members | beneficiaries | counted]
    before = [m for m in mine if m.cend <= q_start]
    in_clause_after = [m for m in mine if q_start <= m.cstart < clause[1]]
    in_clause = [m for m in before if m.cstart >= clause[0]]
    # The clause's own topic first (a designation only when nothing else is named there), then the sentence's,
    # then the head of a name that follows the number (组织626家单位申报科技部…专项: the 专项).
    after_kept = [m for m in in_clause_after if m.cls not in _SUBJECT_CLASSES_LAST]
    # 全市拥有高新技术企业2.4万家 is about the city; the designation is what is counted.
    home = [m for m in in_clause if m.finder == "anaphor" and m.cls in PLACE_CLASSES]
    # Outside its own clause a number is about the sentence's topic only: a name that opens the sentence (X公司…，
    # 全年营收100亿元), not any name an earlier clause happens to hold.
    topic = [m for m in before if _TIME_LEAD.fullmatch(s.clean[: m.cstart])]
    # 泸州经济总量突破3000亿元: a place that opens the number's clause is what the clause is about.
    opening = [m for m in in_clause if m.cls in PLACE_CLASSES and _TIME_LEAD.fullmatch(s.clean[clause[0] : m.cstart])]
    key = (_best(in_clause) or (home[0].key if home else "") or (opening[0].key if opening else "")
           or _best(in_clause, (*PLACE_CLASSES, "Industry", "CompetitionTrack")) or _best(topic)
           or (after_kept[-1].key if after_kept else ""))
    if key:
        return _territory(doc, key, jurisdiction)
    block = doc.blocks[s.block]
    if block.kind == "item":
        i = block.index - 1
        while i >= 0 and doc.blocks[i].kind == "item":
            i -= 1
        if i >= 0 and doc.blocks[i].kind != "heading":
            key = _best([m for sent in doc.block_sentences(i) for m in by_sentence.get(sent.index, [])])
            if key:
                return key
    for index in doc.topic_sections(s.section):
        key = _best(_heading_mentions(doc, index, by_sentence), (*PLACE_CLASSES, "Industry", "CompetitionTrack"))
        if key:
            return _territory(doc, key, jurisdiction)
    # Last, a place that opens the sentence (浦东新区聚焦…，三大先导产业规模突破1.6万亿元). A name that opens a later
    # clause is that clause's topic, not the sentence's (数智北京创新中心投入运行，数字经济增加值增长8.7%: the
    # city's figure); nor is one a verb governs (推进人才兴皖工程…，引进领军人才200名).
    return _best(topic, ("Industry",)) or _best(in_clause_after, ("Industry",)) or topic_key or jurisdiction


def extract(doc: Document, mentions: list[Mention]) -> tuple[list[Observation], set[str]]:
    """All metric observations of a document, in text order, with their links resolved; and the keys of the things
    the report only ever counts (省级中试平台11家, 新建20个概念验证中心): kinds of thing, not named ones. A name the
    gazetteer knows is never one, nor a designation (高新技术企业: a title things hold)."""
    year = doc.report.year  # None: the report names no year, and periods say so ('..')
    by_sentence = mentions_by_sentence(mentions)
    place = home_place(doc, mentions)
    # The home place's entity, as resolution keyed it (no mention of it, no entity: no fallback).
    home = next((m.key for m in mentions if place is not None and m.finder in ("anaphor", "title")
                 and m.alias_of == place.label and m.cls == place.cls), "") \
        or next((m.key for m in mentions if place is not None and m.label == place.label and m.cls == place.cls), "")
    topic = _title_topic(doc, by_sentence)
    observations: list[Observation] = []
    by_sentence_obs: dict[int, list[Observation]] = {}
    only_counted: set[int] = set()
    for s in doc.sentences:
        sentence_obs: list[Observation] = []
        quantities = find_quantities(s.clean)
        if not quantities:
            continue
        sentence_ms = by_sentence.get(s.index, [])
        respectively = _respectively_measures(s.clean, quantities, sentence_ms)
        after = _counted_after(s.clean, sentence_ms, quantities)
        counted_kinds = frozenset(_counted_before(s.clean, sentence_ms, quantities) | after)
        # A count that a noun follows totals a list (商业赛道、工业赛道和智慧医疗精准赛道3个赛道): the name before it
        # is the list's last item, not a kind.
        closing = [q for q in quantities if not re.match(r"[\u4e00-\u9fff]", s.clean[q.end :])]
        only_counted |= _counted_before(s.clean, sentence_ms, closing) | after
        block_text = "".join(x.clean for x in doc.block_sentences(s.block) if x.index <= s.index)
        offset_in_block = len(block_text) - len(s.clean)
        for i, q in enumerate(quantities):
            if q.qualifier not in ("exact", "approximately") and q.unit != "percent" \
                    and s.clean[q.end : q.end + 1] == "的":
                continue  # 投入超过千亿元的省: a bound that defines a class (the provinces); 超74%的载体 is a share
            clause_start, clause_end = _clause_bounds(s.clean, q.start)
            clause = s.clean[clause_start:clause_end]
            q_start, q_end = q.start - clause_start, q.end - clause_start
            ms = [m for m in by_sentence.get(s.index, []) if clause_start <= m.cstart < clause_end]
            shifted = [Mention(m.start, m.end, m.label, m.cls, m.sentence, m.finder, m.key,
                               m.cstart - clause_start, m.cend - clause_start) for m in ms]
            previous_end = max((p.end - clause_start for p in quantities[:i] if p.end > clause_start), default=-1)
            measure = respectively.get(i) or _measure(q, clause, q_start, q_end, shifted, previous_end)
            measure = _shared_verb(s.clean, q, measure, sentence_obs)
            # The figures before it: this sentence's, or the previous sentence's when this one opens with it.
            before = sentence_obs or by_sentence_obs.get(s.index - 1, [])
            levels = [o for o in before if o.kind == "level"
                      and o.quantity.unit not in ("percent", "percentage_point")]
            if (measure.startswith(("占", "与")) or _ATTRIBUTE.fullmatch(measure)) and levels:
                # 基础研究经费为1696亿元,…占R&D经费比重为6.09%: the share is the share of the figure before it;
                # …经费6507.7亿元,投入强度为2.91%: so is an attribute named alone (its intensity, its growth rate).
                measure = levels[-1].measure + measure
            start, end = s.span(q.start, q.end)
            period = find_period(block_text, year, offset_in_block + q.start)
            obs = Observation(
                id=f"{start}-{end}", start=start, end=end, sentence=s.index, section=s.section, quantity=q,
                measure=measure,
                subject=_subject(doc, s, (clause_start, clause_end), q.start, by_sentence, measure, home, topic,
                                 counted_kinds),
                period=period,
            )
            named = _bracketed_figure(s.clean, q, by_sentence.get(s.index, []))
            if named is not None:
                # 超过千亿元的省有12个,分别为广东(4802.6亿元)、江苏(…): each figure is its name's, and measures
                # what the sentence's opening clause names.
                obs.subject = named.key
                obs.measure = _opening_measure(s.clean) or obs.measure
            if not obs.subject:
                # A paragraph keeps its topic: a sentence that names none is about what the one before was.
                # (Latest first, and no further back than the block: blocks run in text order.)
                this_block = itertools.takewhile(lambda o, block=s.block: doc.sentences[o.sentence].block == block,
                                                 itertools.chain(reversed(sentence_obs), reversed(observations)))
                obs.subject = next((o.subject for o in this_block if o.subject), "")
            _link(obs, q, clause[:q_start], s.clean[:q.start], sentence_obs, observations, i in respectively)
            total = next((o for o in itertools.chain(sentence_obs, observations) if o.id == obs.part_of), None) \
                if obs.part_of else None
            if total is not None and not any(m.cstart >= clause_start for m in ms):
                obs.subject = total.subject  # 其中一类新药18个: a part belongs to whom its total belongs to
            levels = [o for o in sentence_obs if o.kind == "level"]
            if levels and re.search(r"[(（]共(计)?$", s.clean[: q.start]):
                # 上海6家企业进入决赛(共23家): the bracket gives the total the number before is part of.
                obs.measure = obs.measure or levels[-1].measure
                levels[-1].part_of = obs.id
            sentence_obs.append(obs)
        observations.extend(sentence_obs)
        by_sentence_obs[s.index] = sentence_obs
    observations += _table_observations(doc, by_sentence, year, home)
    kinds = {m.key for m in mentions if id(m) in only_counted and m.finder != "gazetteer" and m.cls != "Designation"}
    kinds -= {m.key for m in mentions if id(m) not in only_counted and not m.nested}
    return sorted(observations, key=lambda o: o.start), kinds


_PLAIN_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
_CHANGE_HEADER = re.compile(r"增长|增速|增幅|比上年|同比|±|%|％|百分点")
_BRACKET_UNIT = re.compile(r"[(（]([^)）]+)[)）]")


def _tables(doc: Document) -> list[list[int]]:
    """Runs of consecutive table-row blocks."""
    tables: list[list[int]] = []
    for block in doc.blocks:
        if block.kind != "row":
            continue
        if tables and tables[-1][-1] == block.index - 1:
            tables[-1].append(block.index)
        else:
            tables.append([block.index])
    return [t for t in tables if len(t) >= 2]


@dataclass
class _Row:
    """A table row as a reader takes it: its label, its unit (its own, or its group's), and the row it is part of."""

    block: object
    cells: list[tuple[int, int, str]]
    label: str
    unit: str
    parent: _Row | None = None
    part: bool = False  # marked as a part (#, 其中)


def _table_rows(doc: Document, blocks: list) -> list[_Row]:
    """Statistical tables state a unit once, in the head row of a group (科技经费筹集额 (亿元)); its parts (marked
    #, 其中 or indented) and the siblings that follow them share it. A row holding only a unit in brackets ((万人年))
    finishes the label above it."""
    rows: list[_Row] = []
    for block in blocks:
        cells = [(a, b, doc.text[a:b].replace("**", "").strip()) for a, b in block.cells]
        if not cells:
            continue
        first = cells[0][2]
        if re.fullmatch(r"[(（][^)）]+[)）]", first) and not any(c[2] for c in cells[1:]):
            if rows and not rows[-1].unit:
                rows[-1].unit = first[1:-1]
            continue
        bracket = _BRACKET_UNIT.search(first)
        label = re.sub(r"[(（][^)）]*[)）]", "", first).strip("#* ").removeprefix("其中").strip(":：")
        unit = bracket.group(1) if bracket else ""
        rows.append(_Row(block, cells, label, unit, part=first.startswith(("#", "其中"))))
    head: _Row | None = None  # the last row that is not a part
    for i, row in enumerate(rows):
        # A part opens with # or 其中; the rows after a part are its siblings until a row states a unit of its own.
        sibling = i > 0 and rows[i - 1].parent is not None and not row.unit
        if (row.part or sibling) and head is not None:
            row.parent = head
            row.unit = row.unit or head.unit
        else:
            head = row
    return rows


def _table_observations(doc: Document, by_sentence, year: int, home: str) -> list[Observation]:
    """A table's first row with two or more filled cells names its columns (a one-cell row above it is its
    caption); the first cell of each row names what the row measures. Units come from a 单位 column, a bracket in
    the column header or the row's group (see `_table_rows`); a growth column gives change observations; a part
    row is part of its group's head row, column by column."""
    cell_sentence = {(x.start, x.end): x for x in doc.sentences if doc.blocks[x.block].kind == "row"}
    out: list[Observation] = []
    for table in _tables(doc):
        blocks = [doc.blocks[i] for i in table]
        caption: list[Mention] = []
        while len(blocks) > 2 and sum(1 for a, b in blocks[0].cells if doc.text[a:b].strip()) < 2:
            # The table's caption: a kind of organization it names is what its figures are about.
            caption += [m for x in doc.block_sentences(blocks[0].index) for m in by_sentence.get(x.index, [])
                        if m.cls == "Organization"]
            blocks = blocks[1:]
        header_block, *rest = blocks
        header = [doc.text[a:b].replace("**", "").strip() for a, b in header_block.cells]
        unit_col = next((j for j, h in enumerate(header) if h in ("单位", "计量单位")), None)
        by_column: dict[tuple[int, int], Observation] = {}  # (row block, column) → level observation
        for row in _table_rows(doc, rest):
            cells = row.cells
            if len(cells) < 2 or _PLAIN_NUMBER.fullmatch(cells[0][2]) or not row.label:
                continue
            label = f"{row.parent.label}: {row.label}" if row.parent is not None else row.label
            row_unit = cells[unit_col][2] if unit_col is not None and unit_col < len(cells) else ""
            row_unit = row_unit or row.unit
            level: Observation | None = None
            for j, (a, b, value) in enumerate(cells[1:], start=1):
                if j == unit_col or j >= len(header) or not _PLAIN_NUMBER.fullmatch(value):
                    continue
                s = cell_sentence.get((a, b))
                if s is None:
                    continue
                head = header[j]
                change = bool(_CHANGE_HEADER.search(head))
                unit_text = "%" if change and "百分点" not in head else "个百分点" if change else \
                    (_BRACKET_UNIT.search(head).group(1) if _BRACKET_UNIT.search(head) else row_unit)
                q = _cell_quantity(value, unit_text)
                if q is None:
                    continue
                column_year = re.fullmatch(r"((?:19|20)\d{2})年?", head.replace(" ", ""))
                period = find_period(f"{column_year.group(1)}年", year) if column_year else \
                    find_period(head, year) if re.search(r"\d{4}年", head) else year_period(year)
                start, end = s.span(0, len(s.clean))
                obs = Observation(
                    id=f"{start}-{end}", start=start, end=end, sentence=s.index, section=s.section, quantity=q,
                    measure=f"{label}增长率" if change else label,
                    subject=caption[0].key if caption else _subject(doc, s, (0, 0), 0, by_sentence, label, home),
                    period=period, kind="change" if change else "level",
                )
                if change and level is not None:
                    obs.change_of = level.id  # the nearest level to its left: 2021年 before 增长(%)
                elif not change:
                    level = obs
                    by_column[(row.block.index, j)] = obs
                    total = by_column.get((row.parent.block.index, j)) if row.parent is not None else None
                    if total is not None:
                        obs.part_of = total.id
                out.append(obs)
    return out


def _cell_quantity(value: str, unit_text: str) -> Quantity | None:
    """A bare number in a table cell, read with the unit its column or row gives (亿元, 万人, %)."""
    probe = find_quantities(f"1{unit_text}") if unit_text else []
    number = Decimal(value.replace(",", ""))
    if probe and probe[0].end == len(unit_text) + 1:
        q = probe[0]
        return Quantity(number * q.value, q.unit, "exact", 0, len(value), number, q.multiplier)
    return Quantity(number, "count", "exact", 0, len(value), number, "")


def _link(obs: Observation, q: Quantity, clause_prefix: str, sentence_prefix: str,
          sentence_obs: list[Observation], previous: list[Observation], listed: bool = False) -> None:
    """Growth rates, 其中 parts and 由X提升至Y pairs point at the observation they depend on. A figure `listed`
    after 分别 keeps the measure its list gives it."""
    levels = [o for o in sentence_obs if o.kind == "level"]
    if listed and obs.measure.endswith("增长率"):
        obs.kind = "change"  # A、B分别增长x、y: each a change of its own measure, none stated as a level here
        return
    change = _CHANGE_WORDS.search(clause_prefix.rstrip("约近超"))
    if change and q.unit in ("percent", "percentage_point", "ratio", "permille"):
        obs.kind = "change"
        base = levels[-1] if levels else None
        rates = [o for o in sentence_obs if o.quantity.unit == "percent"]
        if q.unit == "percentage_point" and rates and (base is None or rates[-1].start > base.start):
            base = rates[-1]  # 增长10.2%,增速比上年回落2.3个百分点: points change the rate, not the level
        verb = change.group("verb")
        direction = "下降" if verb in _DECREASE else "增长"
        # Without a level before it (研发经费支出比上年下降3.2%), the measure is what precedes the change words.
        before_change = re.sub(r"(比上年|较上年度|较上年|比去年|同比|环比|年内|年均|比\d{4}年|较\d{4}年)$", "",
                               clause_prefix[: change.start("verb")])
        # 产业链达到12条,工业增加值增长6.5%: a clause that names what grew is not the change of an earlier clause's
        # level (a place is no such name: 浦东新区增长8%).
        earlier = base is not None and base.quantity.start < len(sentence_prefix) - len(clause_prefix)
        own = _measure_before(before_change, []) if base is None or (earlier and q.unit == "percent") else ""
        if earlier and own and tokens(own)[-1][3] in ("n", "vn", "l") and q.unit == "percent":
            base = None
        if base:
            obs.change_of = base.id
            obs.subject = obs.subject or base.subject
        base_measure = base.measure if base else own
        suffix = "百分点变化" if q.unit == "percentage_point" else ("倍数" if q.unit == "ratio" else f"{direction}率")
        if not listed:
            obs.measure = f"{base_measure}{suffix}" if base_measure else suffix
        return
    if change and change.group("base") and levels and levels[-1].quantity.unit == q.unit:
        # 经费30782.9亿元,比上年增加2826.6亿元: an amount after 比上年增加 is the level's change, not a level.
        obs.kind, obs.change_of = "change", levels[-1].id
        obs.measure = f"{levels[-1].measure}{'减少' if change.group('verb') in _DECREASE else '增加'}量"
        obs.subject = obs.subject or levels[-1].subject
        return
    if q.unit == "ratio" and levels:
        obs.kind, obs.change_of = "change", levels[-1].id
        obs.measure = f"{levels[-1].measure}倍数"
        obs.subject = obs.subject or levels[-1].subject
    if "其中" in clause_prefix or clause_prefix.startswith("其中"):
        # The total is the nearest level before it that can hold it: same unit, not smaller (in 207件(含…建议10件),
        # 其中主办44件 the part belongs to 207, not to the 10 of the bracket).
        candidates = levels or previous[-1:]
        total = next((o for o in reversed(candidates) if o.quantity.unit == q.unit and o.value >= q.value),
                     candidates[-1] if candidates else None)
        if total:
            obs.part_of = total.id
            obs.subject = obs.subject or total.subject
            # 孵化载体414家,…其中国家级141家: a part named by its level alone is that level of the total's thing.
            level = re.fullmatch(r"(.{0,4}级)(以上|以下)?数?", obs.measure)
            if level and total.measure:
                noun = re.sub(r"^.{0,4}级(以上|以下)?", "", total.measure)
                obs.measure = level.group(1) + (level.group(2) or "") + noun
            if q.unit == "percent":
                obs.kind = "share"
    if _FROM_TO.search(sentence_prefix) and levels and re.search(r"由|从", sentence_prefix):
        old = levels[-1]
        old.replaced_by = obs.id
        obs.measure = old.measure or obs.measure
        old.measure = obs.measure


# The nouns a measure phrase ends on (what is measured of the things listed before them).
_MEASURE_HEADS = ("经费", "收入", "支出", "投入", "投资", "产值", "增加值", "金额", "数量", "人数", "比重", "占比",
                  "规模", "面积", "销售额", "营业收入", "利润", "产量")


def _respectively_measures(text: str, quantities: list[Quantity], mentions: list[Mention]) -> dict[int, str]:
    """A、B分别为x和y: the i-th quantity after 分别 gets the i-th measure before it. Each 分别 of a sentence pairs
    its own list (…增加值分别增长10%、7.9%，…产量分别增长49.8%、11.9%、36.4%)."""
    out: dict[int, str] = {}
    matches = list(re.finditer(r"分别(?:为|是|达|达到|比上年|较上年)?", text))
    for match, following in itertools.zip_longest(matches, matches[1:]):
        clause_start, clause_end = _clause_bounds(text, match.start())
        end = min(following.start() if following else len(text), clause_end)
        after = [i for i, q in enumerate(quantities) if match.start() <= q.start < end]
        lead = _strip_connectors(text[clause_start : match.start()])
        names = [n for n in re.split(r"、|和|及|与", lead) if n]
        if len(names) < 2 or len(after) != len(names):
            continue
        # The shared head noun of 发明专利申请量和授权量 is on the first item: keep items as written. In
        # 基础研究、应用研究和试验发展经费所占比重 it is on the last: the head (经费所占比重) goes to every item.
        # (新一代信息技术、新能源、输变电装备产业产值: the items are industries, and 产业 goes with the head.)
        head = re.search(rf"(?:产业|行业|企业)?(?:{'|'.join(_MEASURE_HEADS)})", names[-1][1:])
        if head and not any(re.search("|".join(_MEASURE_HEADS), n) for n in names[:-1]):
            tail = names[-1][1 + head.start() :]
            kind = re.match(r"产业|行业|企业", tail)  # not twice: 高技术制造业 takes 增加值 only
            names = [n + (tail[kind.end() :] if kind and n.endswith("业") else tail) for n in names[:-1]] + names[-1:]
        growth = bool(re.search(r"增长|提高|下降|减少", text[match.start() : quantities[after[0]].start]))
        out |= {i: name + ("增长率" if growth else "") for i, name in zip(after, names, strict=True)}
    return out
