"""Named entities: find their mentions in a document and type them (resolution.py groups them into entities).

Three finders run on each sentence's clean text and their candidates are merged, longest span first:

1. the gazetteer (well-known names and short forms, Latin names matched case- and typo-tolerantly);
2. heads: a Chinese name ends in a word that says what it is (…大学, …公司, …科技园, …大赛, …券); the name runs
   left from the head over jieba tokens until a verb, preposition, particle, number or punctuation;
3. context: 《titles》 are documents, and the items of an enumeration closed by 等…机构/企业/高校/产业 take the
   class the enumeration names (Linux基金会、英特尔、VMware等机构).

Then names inside names (美敦力 in 美敦力中国研发中心), anaphors (大赛设…) and the parks an enumeration of universities
stands for (上海交通大学、同济大学等大学科技园) are added as mentions of their own.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import gazetteer
from ..document import Document, Sentence
from ..numbers import COUNTERS, parse_number
from . import words

# Head word → class. Longer heads are tried first; single-character heads must be a jieba token of their own.
HEADS: dict[str, str] = {
    "股份有限公司": "Company", "有限责任公司": "Company", "有限公司": "Company", "集团": "Company",
    "公司": "Company", "银行": "Bank", "证券": "FinancialInstitution", "保险": "FinancialInstitution",
    "交易所": "FinancialInstitution", "证券交易所": "FinancialInstitution",
    "担保机构": "FinancialInstitution", "投资机构": "FinancialInstitution", "创投": "FinancialInstitution",
    "大学": "University", "学院": "University", "研究院": "ResearchInstitute", "研究所": "ResearchInstitute",
    "科学院": "ResearchInstitute", "实验室": "ResearchInstitute", "分院": "ResearchInstitute",
    "分公司": "Company", "分行": "Bank",
    "基金会": "Foundation", "基金": "Fund", "引导基金": "Fund", "产业基金": "Fund", "投资基金": "Fund",
    "母基金": "Fund", "天使基金": "Fund",
    "委员会": "GovernmentBody", "管委会": "GovernmentBody", "人民政府": "GovernmentBody", "科委": "GovernmentBody",
    "科技局": "GovernmentBody", "局": "GovernmentBody", "厅": "GovernmentBody", "科协": "GovernmentBody",
    "委": "GovernmentBody",
    "协会": "Organization", "学会": "Organization", "联盟": "Organization", "商会": "Organization",
    "平台": "Platform", "专窗": "Platform", "团队": "StartupTeam",
    "大学科技园": "SciencePark", "科技园": "SciencePark", "创新园": "InnovationPark", "产业园": "InnovationPark",
    "软件园": "InnovationPark", "示范园": "InnovationPark", "园区": "InnovationPark", "园": "InnovationPark",
    "科技城": "Cluster", "新城": "Cluster", "合作区": "Cluster", "先行区": "Cluster", "实验区": "Cluster",
    "集聚区": "Cluster", "科创走廊": "Cluster", "大走廊": "Cluster", "集群": "Cluster",
    "功能区": "Cluster", "开发区": "Cluster", "高新区": "Cluster", "经开区": "Cluster",
    "试验区": "Cluster", "创新港": "InnovationPark", "物流枢纽": "Complex", "大学城": "Cluster",
    "自贸区": "Cluster", "新区": "Cluster", "示范区": "Cluster", "街区": "Cluster", "科学城": "Cluster",
    "研发中心": "RDCentre", "创新中心": "RDCentre", "技术中心": "RDCentre", "赋能中心": "RDCentre",
    "研究中心": "RDCentre", "合作中心": "RDCentre", "中心": "Platform",
    "孵化器": "Incubator", "加速器": "Incubator", "众创空间": "Incubator",
    "药谷": "Cluster", "医谷": "Cluster", "光谷": "Cluster", "智谷": "Cluster", "数谷": "Cluster",
    "创谷": "Cluster",
    "综合体": "Complex", "校区": "Complex", "院区": "Complex", "实验站": "Platform",
    "工厂": "Project", "超级工厂": "Project", "产业基地": "Project", "生产基地": "Project",
    "基地": "Platform", "示范基地": "Designation",
    "总部湾": "Cluster", "科创湾": "Cluster", "创新湾": "Cluster", "湾区": "Cluster",
    "装置": "Project", "大科学装置": "Project",
    "大赛": "Competition", "挑战赛": "Competition", "专业赛": "Competition", "赛": "Competition",
    "赛道": "CompetitionTrack",
    "工程": "FundingScheme", "计划": "FundingScheme", "专项": "SpecialProject", "专项项目": "SpecialProject",
    "项目": "Project", "券": "Voucher",
    "大会": "Event", "论坛": "Event", "峰会": "Event", "博览会": "Event", "交易会": "Event", "展览会": "Event",
    "运动会": "Event", "比赛": "Event", "沙龙": "Event", "会展中心": "Complex", "会议中心": "Complex",
    "医院": "Organization", "工作专班": "GovernmentBody",
    # National titles conferred on a city or region, not centres of their own: 北京国际科技创新中心,
    # 合肥综合性国家科学中心, 国家级中小企业数字化转型城市试点.
    "国际科技创新中心": "Designation", "区域科技创新中心": "Designation", "综合性国家科学中心": "Designation",
    "综合性科学中心": "Designation", "试点": "Designation", "试点城市": "Designation", "建设试点": "Designation",
    "区": "District", "市": "City", "省": "Province", "县": "District", "镇": "Area",
    "经济圈": "Area", "都市圈": "Area", "城市群": "Area",
    # An industry is named by what it makes or does and a word for a branch of the economy: 稀有金属产业, 低空经济,
    # 高技术制造业, 生产性服务业.
    "产业": "Industry", "经济": "Industry", "制造业": "Industry", "服务业": "Industry",
}
_HEAD_RE = re.compile("|".join(sorted(HEADS, key=len, reverse=True)))
# Heads that close a whole name: an industry goes on into the name of what is built for it (数字经济创新发展试验区).
_NAME_END_RE = re.compile("|".join(sorted((h for h, c in HEADS.items() if c != "Industry"), key=len, reverse=True)))
_NAME_END_AND = re.compile(rf"(?:{_NAME_END_RE.pattern})(?:和|与|及|以及)")  # 甲公司和…
_NAME_ENDS = tuple(h for h, c in HEADS.items() if c != "Industry")
_PHASE_END = re.compile(r"[一二三四五六七八九十\d]期$")  # 二期, 3期: a project's phase ends its name

# Category nouns that close an enumeration (A、B、C等机构) and the class they give its items.
CATEGORY_NOUNS: dict[str, str] = {
    "方案": "Program", "模式": "Program", "政策": "Program", "活动": "Event", "赛事": "Competition", "项目": "Project",
    "设施": "Project", "装置": "Project",
    "机构": "Organization", "企业": "Company", "公司": "Company", "高校": "University", "大学": "University",
    "银行": "Bank", "团队": "StartupTeam", "平台": "Platform", "园区": "InnovationPark", "产业": "Industry",
    "领域": "Industry", "行业": "Industry", "赛道": "Industry", "国家": "Country", "区域": "Area", "地区": "Area",
    "服务业": "Industry", "制造业": "Industry",
}
_ENUMERATION = re.compile(
    r"(?P<items>(?:[^、,;。:()“”《》]{1,20}、)+[^、,;。:()《》]{1,20}?)”?(?:等|(?=[\d一二三四五六七八九十]+[家所个大项]))"
    r"(?:(?P<count>[\d一二三四五六七八九十]+)(?:余|多)?[家所个大项名])?"
    r"(?:国内外|国内|国际|海外|知名|重点|优秀|领先|重大|重要|主要|主导|支柱|核心|新兴|战略性|创新创业|科技|高新技术|基础"
    r"|传统|未来|先导|优势|特色|前沿|高端|现代|先进|新|[\u4e00-\u9fff]{1,4}?[型性])*"
    rf"(?P<noun>{'|'.join(sorted(CATEGORY_NOUNS, key=len, reverse=True))})"
)
_DOCUMENT = re.compile(r"《[^《》]{2,80}》")
_POLICY_WORDS = re.compile(r"意见|办法|规定|通知|方案|规划|条例|政策|措施|计划|纲要|细则|决定|指南|纲领")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&.\-]*(?:\s[A-Z][A-Za-z0-9&.\-]*)*(?![A-Za-z0-9])")

# Tokens that end a name when walking left from its head: what comes before a name in report prose.
_STOP_POS = {"p", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "d", "r", "t", "x", "y", "e", "o", "q", "f", "m",
             "v", "vd", "ad"}
# Verbs that live inside names (应用技术大学, 创新创业集聚区, 赋能中心) rather than before them.
NAME_VERBS = set(
    "创新 创业 应用 赋能 集聚 孵化 研发 发展 转化 转移 投资 融资 担保 制造 设计 交易 研究 开发 教育 科创 加速 "
    "示范 共享 服务 管理 培训 检测 认证 交流 合作 开放 联合 智能 引领 振兴 防控 医疗 生产 计算 感知 测试 育成 "
    "评价 融合 交互 控制 驱动 存储 传感 通信 导航 显示 封装 合成 诊断 治疗 康复 养老 物流 创造 创意 营造 "
    "探测 观测 监测 勘探 育种 验证".split()
)
_STOP_WORDS = set(
    "推动 支持 开展 推进 建设 共建 新建 引入 引进 举办 签订 签署 依托 围绕 聚焦 吸引 来自 培育 组织 发布 获批 成立 "
    "打造 设立 落地 承接 参加 参与 携手 发挥 强化 加强 提升 优化 实施 启动 完成 入驻 覆盖 通过 形成 "
    "申报 争取 获得 成为 认定 评为 列入 纳入 包括 涉及 助力 带动 促进 鼓励 设 向 与 和 及 以及 在 对 为 由 经 是 "
    "有 将 已 计划 拟 正在 位于 地处 其中 此外 同时 全面 积极 加快 进一步 深化 构建 完善 探索 创新推出 推出 "
    "发放 兑现 遴选 进入 获 获奖 联动 谋划 走访 指导 主要 各类 各级 相关 部分 有关 其他 多家 该 本 "
    "全市 全省 全区 拥有 全国 区域内 市属 国企 高校 示范性 知名 国内外 优秀 首批 新一批 一批 若干 所有 以 等 的 "
    "中 上 下 单个 参赛 做强 理顺 拓宽 落户 进驻 迁入 坐落 坐落于 启用 投用 揭牌 建成 "
    "承担 牵头 入围 入选 累计 资助 扶持 奖励 补贴 表彰 评选 主办 承办 协办 举行 召开 参展 参会 单张 "
    "落实 贯彻 融入 做好 抓好 用好 办好 力争 确保 着力 会同 全面落实 深入实施 全面推进 深入推进 扎实推进 "
    "充分发挥 大力发展 大力支持 狠抓".split()  # (jieba tags these four words as nouns or names)
)
# A name whose words before the head are only these is a generic phrase, not a name (各类大学科技园, 市属高校).
_GENERIC = _STOP_WORDS | set(
    "国家 国家级 市级 区级 省级 大学 科技 创新 创业 双创 科创 服务 公共 重点 新型 专业 专业化 高水平 高质量 "
    "综合 国际 全球 外部 股权 投资 金融 政策性 融资 担保 技术 研发 产业 示范 功能 公共服务 科技型 中小 "
    "中小企业 小微 企业 载体 各 一流 特色 外资 跨国 总部 合作 项目 重大 品牌 系列 层面 开放式 师生 单个 高端 科研 "
    "市级层面 重点专项 海外 境外 分 新".split()
)
PLACE_CLASSES = ("City", "Country", "District", "Area", "Province")
# Words that say which part of the economy, not which industry: 传统产业, 优势产业, 实体经济, 县域经济 (but
# 先进制造业 and 现代服务业 are branches of their own: these words only make 产业 and 经济 generic).
_ECONOMY_WORDS = set(
    "传统 新兴 未来 优势 主导 支柱 先导 现代 现代化 核心 承接 支撑 相关 上下游 实体 民营 区域 县域 省域 市域 城市 "
    "工业 农业 国民 宏观 整体 开放型 外向型 稳 地方 全省 全市 全国 我国 我省 我市 经济 特色 绿色 低碳 绿色低碳 "
    "大 三大 六大 新 新型 重点 关键".split()
)



@dataclass
class Mention:
    """A name in the text. `start`/`end` are offsets into the report text; `key` is set by resolution."""

    start: int
    end: int
    label: str
    cls: str
    sentence: int
    finder: str  # "gazetteer" | "head" | "enumeration" | "document"
    key: str = ""
    cstart: int = 0  # offsets into the sentence's clean text
    cend: int = 0
    nested: bool = False  # inside a longer name (美敦力 in 美敦力中国研发中心), or inferred from one
    alias_of: str = ""  # the full name a declared short form stands for (X（以下简称“Y”）)


def warm_up() -> None:
    """Load the tokenizer's dictionaries now (before worker processes fork, so they share them)."""
    words.warm_up()


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """(start, end, word, tag) for each word of a clean sentence (cached: every extractor asks; a report of 50,000
    characters has about 2,000 sentences, and a larger cache only grows a long load's workers)."""
    out = []
    cursor = 0
    for word, tag in words.words(text):
        if tag == "nr" and _verb_phrase(word):
            tag = "v"
        out.append((cursor, cursor + len(word), word, tag))
        cursor += len(word)
    return tuple(out)


def _verb_phrase(word: str) -> bool:
    """jieba's dictionary files some verb phrases as person names (隆重举行, 严格执行, 加强监督): a dictionary
    word that ends with a verb the dictionary knows a hundred times better is that verb's phrase."""
    verb = word[-2:]
    frequency = words.frequency(word)
    return (len(word) >= 3 and frequency > 0 and words.frequency(verb) > 100 * frequency
            and words.tag(verb).startswith("v"))


@cache
def _gazetteer_re() -> re.Pattern[str]:
    names = {name for entry in gazetteer.entries() for name in entry.names if len(name) >= 2}
    cjk = sorted((n for n in names if re.search(r"[\u4e00-\u9fff]", n)), key=len, reverse=True)
    return re.compile("|".join(re.escape(n) for n in cjk))


@cache
def _latin_names() -> dict[str, gazetteer.Entry]:
    return {name.lower(): entry for entry in gazetteer.entries() for name in entry.names
            if re.fullmatch(r"[A-Za-z][A-Za-z0-9&.\- ]*", name)}


def _latin_entry(word: str) -> gazetteer.Entry | None:
    """Latin names match regardless of case and with one slip of the pen (tartupEast → StartupEast)."""
    names = _latin_names()
    if word.lower() in names:
        return names[word.lower()]
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.9)
    return names[close[0]] if close and len(word) >= 6 else None


_COUNTRIES = set("美国 德国 日本 英国 法国 韩国 俄罗斯 以色列 新加坡 意大利 加拿大 澳大利亚 印度 荷兰 "
                 "瑞士 瑞典 芬兰 丹麦 挪威 西班牙 比利时 奥地利 新西兰 巴西 南非 泰国 越南 马来西亚 "
                 "印度尼西亚 沙特阿拉伯 阿联酋".split())
_SCOPE_REGION = re.compile(r"三角|湾区|经济圈|经济带|城市群|京津冀|成渝")  # regions of several provinces
_REGION = re.compile(rf"{_SCOPE_REGION.pattern}|新区|走廊")


@lru_cache(maxsize=8)
def _levelled_words(document: str) -> frozenset[str]:
    """Every run of 2–6 Chinese characters the document writes before 省/市/县/区, once per document (the place
    finder asks for each place-like word of each sentence). Not before 省级, 市场, 区域: 新建省级…学院 does not
    write 新建 as a province."""
    found = set()
    for match in re.finditer(r"(?<=[\u4e00-\u9fff])(?=[省市县区](?![级域场内外属]))", document):
        end = match.start()
        found.update(document[end - n : end] for n in range(2, 7) if end - n >= 0)
    return frozenset(found)


def _find_places(toks, text: str = "", document: str = "") -> list[tuple[int, int, str, str]]:
    """Places the dictionary knows (jieba tags them ns: 合肥, 京津冀, 佛山市), by their form: a province, city,
    district, region or country. Many ns words are also plain words (新建, 上市, 嘉宾, 深度), so a word counts as a
    place only when it is written as one: with its level (佛山市), as a province, where the report also writes it
    with its level, after 在/于/落户…, or in a list next to another place."""
    found = []
    places = [t for t in toks if (t[3] == "ns" or _division(t[2], t[3])) and len(t[2]) >= 2
              and _HAN.fullmatch(t[2]) and words.frequency(t[2]) > 0
              and not t[2].endswith(("城市", "地区", "市区", "省份", "城乡", "地方"))]
    for start, end, word, tag in places:
        levelled = _LEVELLED.fullmatch(word)
        written = bool(document) and word in _levelled_words(document)
        after = bool(re.search(r"(?:在|于|赴|到|位于|落户|来自|落地|覆盖|走进|入驻)$", text[:start]))
        listed = any(abs(other[0] - end) <= 1 or abs(start - other[1]) <= 1 for other in places if other[0] != start) \
            and (text[end:end + 1] in "、和与及" or text[start - 1:start] in "、和与及")
        if not (levelled or written or after or listed or word in _COUNTRIES or _division(word, tag)):
            continue
        if word in _COUNTRIES:
            cls = "Country"
        elif _PROVINCE.fullmatch(word) or word.endswith("省"):
            division = gazetteer.divisions().get(word)
            cls = _level_class(division) if division is not None else "Province"
        elif _REGION.search(word):
            cls = "Area"
        elif word.endswith(("区", "县")):
            cls = "District"
        else:
            cls = "City"
        found.append((start, end, cls, "head"))
    return found


# jieba tags many cities by another sense of the word (保定 v, 大同 d, 茂名 a); those senses win in running text.
_COMMON_WORD = 1000  # jieba's count for a word: 和平 7998, 东方 3993 are words; 常熟 146, 朝阳 767 are places
_NOT_PLACE_TAGS = {"v", "vn", "vd", "a", "ad", "an", "d", "b", "i", "c", "p"}


_LEVEL_CLASS = {"province": "Province", "city": "City", "prefecture": "City"}  # else District


def _level_class(division) -> str:
    """A division's class by its level; a municipality or special region at province level (天津市, 香港特别行政区)
    is a city, as its own reports say (全市)."""
    if division.level == "province" and division.name.endswith(("市", "特别行政区")):
        return "City"
    return _LEVEL_CLASS.get(division.level, "District")


@lru_cache(maxsize=65536)
def _division(word: str, tag: str = "", in_name: bool = False) -> str:
    """The class of a division's name (City, Province, District), or "" if the word is not one as written here.
    Full names always count; short forms of provinces and prefectures when jieba does not read the word in another
    sense; short forms of counties (常熟, 和平) only at the start of a park's or institute's name."""
    division = gazetteer.divisions().get(word)
    if division is None:
        return ""
    full = word == division.name
    if not full and (tag in _NOT_PLACE_TAGS or (division.level == "county" and not in_name)):
        return ""
    if full and division.level == "county" and len(word) <= 2 and not in_name:
        return ""  # 城区, 郊区, 矿区 are districts' names and also plain words
    if not full and division.level == "county" and words.frequency(word) >= _COMMON_WORD:
        return ""  # 东方 (东方市) in 东方美谷, 长安 (长安区): a common word before it is a county
    return _level_class(division)


def _glued(text: str, start: int, end: int) -> bool:
    """A short name whose last character forms a common word with the next one (科技部|分, 闵行区|域) is not
    that name: 科技部分 reads 科技 部分."""
    if end - start > 3 or end >= len(text):
        return False
    return words.frequency(text[end - 1 : end + 1]) >= 3000


def _find_gazetteer(s: Sentence) -> list[tuple]:
    found = []
    for match in _gazetteer_re().finditer(s.clean):
        start, end = match.start(), match.end()
        # On a glued match, fall back to the longest shorter name at the same place (闵行区域 → 闵行).
        while end - start >= 2 and (_glued(s.clean, start, end) or gazetteer.lookup(s.clean[start:end]) is None):
            end -= 1
        entry = gazetteer.lookup(s.clean[start:end]) if end - start >= 2 else None
        if entry:
            found.append((start, end, entry.cls, "gazetteer", entry.id))
    for match in _LATIN.finditer(s.clean):
        entry = _latin_entry(match.group())
        if entry:
            found.append((match.start(), match.end(), entry.cls, "gazetteer", entry.id))
    return found


# What makes a word jieba tags as time (t) a time indeed: a digit, or a time word (今年, 上月, 目前…). 明月 (a lab's
# name in 明月湖实验室) is not one.
_TIME_WORD = re.compile(
    r"\d|^(?:今|明|去|前|后|上|本|当|同|次|往|每|近|多|常|全|历|新)年|^(?:本|上|下|当|每|同)月"
    r"|^(?:今|明|昨|前|后|当|每|同)[日天]|[年月](?:底|末|初|中)|年代|世纪|期间|时期|季度|目前|当前|今后|近期|以来"
    r"|日前|届时|同期")


def _left_boundary(text: str, toks: list[tuple[int, int, str, str]], head_start: int) -> int:
    """Walk left from a head over name-like tokens; quoted or bracketed segments are part of the name."""
    start = head_start
    index = next((i for i, t in enumerate(toks) if t[0] <= head_start < t[1]), len(toks))
    if index < len(toks) and toks[index][0] < head_start:
        start = toks[index][0]  # the head ends a longer word (科技园 in 大学科技园): keep the word
    i = index - 1
    while i >= 0:
        s, _e, word, tag = toks[i]
        if word in ("”", ")", "）") or (word == '"' and text[:s].count('"') % 2 == 1):
            opener = {"”": "“", ")": "(", "）": "(", '"': '"'}[word]
            open_at = text.rfind(opener, 0, s)
            if open_at < 0 or s - open_at > 24 or re.fullmatch(r"[(（][\d一二三四五六七八九十]+", text[open_at:s]):
                break  # too far, or an enumerator such as (二)
            start = open_at
            i = next((j for j, t in enumerate(toks) if t[0] <= open_at < t[1]), 0) - 1
            # After a quoted part (“一件事”专窗) the name may go on (创新创业“一件事”专窗), but not into the name
            # of whoever runs it (科技部“科技助力经济2020”重点专项).
            if opener != "(" and i >= 0 and gazetteer.lookup(toks[i][2]) is not None:
                break
            continue
        left = toks[i - 1] if i > 0 else None
        initial = len(word) <= 2 and tag == "f" and (left is None or left[2] in _STOP_WORDS or left[3] == "x")
        # 材料科学与技术研究所, 信息与通信学院: 与 between a field and the field word right before the head joins them.
        field = (word == "与" and left is not None and left[3] in ("n", "vn") and i + 1 < len(toks)
                 and toks[i + 1][1] == head_start and len(toks[i + 1][2]) == 2 and toks[i + 1][3] in ("n", "vn"))
        if field:
            start = s
            i -= 1
            continue
        if word in _STOP_WORDS and not initial:
            break
        # A verb right after a complete name is the predicate, not part of the next name:
        # 国家集成电路产业投资基金二期|投资|上海华力微电子有限公司, 复旦大学|孵化|企业….
        if tag.startswith("v") and (text.endswith(_NAME_ENDS, 0, s) or _PHASE_END.search(text, max(0, s - 8), s)):
            break
        # 未来科技城, 青年科技启明星计划: jieba tags these as time words, but they name no time.
        timeless = tag == "t" and (word in ("青年", "少年", "老年", "中年", "成年", "未来")
                                   or not _TIME_WORD.search(word))
        if tag in _STOP_POS and word not in NAME_VERBS and not timeless:
            # A verb between nouns is part of the name (智能网/联/汽车, 智能/计算/创新中心); so is the first
            # character of a name that jieba split off (中/电海康集团) when a verb or the clause start is before it.
            inside = (tag == "v" and len(word) <= 2 and left is not None
                      and left[3].startswith(("n", "j", "l", "eng")) and left[2] not in _STOP_WORDS)
            ordinal = tag == "m" and word.startswith("第")
            direction = tag == "f" and len(word) == 2 and word.endswith("部")
            if not (ordinal or direction or inside or initial or _before_kind(toks, toks[i])):
                break
        if not re.search(r"[\u4e00-\u9fffA-Za-z]", word):
            break
        if head_start - s > 24:
            break
        start = s
        i -= 1
    # An edition before the name belongs to it: 第9届中国创新创业大赛…, 第六届“创客天下”…, 2022中国科技青年论坛
    edition = re.search(r"第[\d一二三四五六七八九十]+[届期]$|(?<![\d.])(?:19|20)\d{2}$", text[:start])
    return edition.start() if edition else start


# Administrative level (+ 重点/示范/…) before a head: the phrase names a title conferred by government.
_LEVEL_TITLE = re.compile(
    r"(?:国家|国家级|省|省级|市|市级|区级|部级)(?:重点|示范|优秀|特色)?"
    r"(?:科技企业|企业技术|工程技术|工程|技术|企业)?"
)
_TITLED_CLASSES = {"ResearchInstitute", "Incubator", "SciencePark", "InnovationPark", "RDCentre", "Cluster", "Platform"}


# Nothing but describing words (and quotes or brackets): longer words tried first.
_GENERIC_WORDS = "|".join(map(re.escape, sorted(_GENERIC, key=len, reverse=True)))
_ONLY_GENERIC = re.compile(f"(?:{_GENERIC_WORDS}|[“”\"()（）])*")


def _is_generic(modifier: str) -> bool:
    """True when the words before the head only describe (各类, 国家, 示范性…) and name nothing."""
    if not modifier:
        return True
    if modifier.endswith("的") or modifier.startswith(("等", "各", "该", "本", "其")):
        return True
    rest = modifier.removesuffix("子")  # 子基金, 子公司: a kind, not a name
    return _ONLY_GENERIC.fullmatch(rest) is not None


_ECONOMY_HEADS = ("产业", "经济", "制造业", "服务业")


def _industry_start(text: str, start: int, head_start: int) -> int:
    """Where an industry's name begins before its head (稀有金属|产业, 生产性|服务业), or -1 when the words before
    the head name no industry. Only nouns and adjectives qualify an industry: a verb (科技创新引领产业, 增强产业), a
    lead-in (大力发展, 做大) or another part of the economy (先进制造业占|制造业) ends the name; a name that is only a
    part of the economy (优势产业, 实体经济, 数字经济核心产业) or a place's economy (泸州经济) is none."""
    lead = max(0, start - 3)  # 做强做大|稀有金属: the walk may start inside a lead-in
    leads = [m.end() for m in re.finditer("|".join(sorted(_INDUSTRY_LEADS, key=len, reverse=True)),
                                          text[lead:head_start])]
    if leads:
        start = max(start, lead + leads[-1])
    words = list(tokens(text[start:head_start]))
    for i in range(len(words) - 1, -1, -1):
        _, _, word, tag = words[i]
        between_nouns = 0 < i < len(words) - 1 and words[i - 1][3][:1] == "n" and words[i + 1][3][:1] == "n"
        # 智能网|联|汽车 is one name; so is 知识|密集型.
        verb = tag.startswith("v") and tag != "vn" and not between_nouns and not _before_kind(words, words[i])
        if verb or tag in ("p", "c", "d", "m", "r", "u", "uj", "x") or word.endswith(_ECONOMY_HEADS) \
                or word in _STOP_WORDS:
            words = words[i + 1 :]
            break
    # 战略性新兴产业: a kind in -性 makes the part of the economy a defined category of industries.
    kind = bool(words) and words[-1][2] in _ECONOMY_WORDS and not (len(words) >= 2 and words[-2][2].endswith("性"))
    modifier = "".join(w for _, _, w, _ in words)
    place = bool(_find_places(words, text[start:head_start])) or re.search(r"[区市县省州]$", modifier)  # 郑东新区
    if not words or kind or place or all(w in _ECONOMY_WORDS or w in _GENERIC for _, _, w, _ in words):
        return -1
    return start + words[0][0]


# The one-character measure words a count puts before its noun (家, 个, 所, 名…): the number reader's own.
_CLASSIFIERS = {word for word in (*COUNTERS, "名", "位") if len(word) == 1}


def _before_kind(toks, tok: tuple[int, int, str, str]) -> bool:
    """知识|密集型, 资源|节约型: the word before a kind in -型 belongs to it, whatever jieba tags it."""
    following = next((t for t in toks if t[0] == tok[1]), None)
    return following is not None and following[2].endswith("型")


def _find_heads(s: Sentence, toks) -> list[tuple[int, int, str, str]]:
    found = []
    text = s.clean
    for match in _HEAD_RE.finditer(text):
        head, end = match.group(), match.end()
        cls = HEADS[head]
        end_tok = next((t for t in toks if t[0] < end <= t[1]), None)
        # A head must end a word: 大学 in 大学生, 银行 in 银行业 are not heads (赛中 is jieba's slip, so 中 may follow).
        # (赛中, 区新 are jieba's slips: a locative, or a character glued on as a guessed person name).
        if end_tok and end_tok[1] != end and text[end:end_tok[1]] not in ("中", "内", "上", "后", "前") \
                and not (end_tok[3].startswith("nr") and end_tok[1] - end == 1):
            continue
        if len(head) == 1:
            tok = next((t for t in toks if t[0] <= match.start() < t[1]), None)
            # A one-character head must close its token (创新园, 闵行区), never sit inside a word (布局, 参赛).
            if tok is None or tok[1] != end:
                continue
            # 科技局, 创新园 are words ending in the head, and so is a place's body that jieba knows as an
            # organization's name (广东省科技厅, nt); 布局, 参赛 are not names, nor 新格局 (also nt).
            if tok[2] != head and not (len(tok[2]) >= 3 and (words.frequency(tok[2][:-1]) > 0 or _placed_body(tok))):
                # 闵行区, 苏州市 are places; 上市, 社区, 城市 are words jieba may still tag as places.
                if not (cls in ("District", "City", "Province") and tok[3] == "ns" and len(tok[2]) >= 3):
                    continue
            if cls in ("District", "City", "Province") and tok[2] != head and tok[3] != "ns":
                continue
        if end < len(text) and cls == "Company" and text.startswith(("股份", "有限"), end):
            continue  # the longer company head that follows wins
        if head == "项目" and text.endswith(("计划", "工程", "专项", "基金", "行动"), 0, match.start()):
            continue  # 青年科技启明星计划项目: the items of a programme; the programme is the name
        if head == "计划" and (re.match(r"[在与将于到对向把从]", text[end : end + 1])
                             or any(t[0] == end and t[3].startswith("v") for t in toks)):
            continue  # 公司计划在…新建: 计划 is the verb "plans to", not a programme's name
        start = _left_boundary(text, toks, match.start())
        # 用好|国家…平台, 迭代升级|国家…平台: a verb (or the 好 of 用好, 建好) that opens the walk is the action
        # done to the thing, not part of its name.
        while True:
            first = next((t for t in toks if t[0] == start), None)
            if text.startswith("好", start) and match.start() - start >= 3:
                start += 1
            elif first and first[3] == "v" and first[2] not in NAME_VERBS and first[1] < match.start() \
                    and match.start() - first[1] >= 2 and not _before_kind(toks, first):
                start = first[1]
            else:
                break
        before = next((t for t in toks if t[1] == start), None)
        if cls in _PLACE_NAMED_CLASSES and before and _division(before[2], "", True) in ("City", "Province"):
            start = before[0]  # 保定国家数据标注基地, 大连英歌石科学城: jieba reads 保定 as a verb, 大连 as an adverb
        if cls in ("Event", "Competition"):
            # 2023年中国·成都天使投资峰会: an event's year and its 中国· banner belong to its name.
            lead = re.search(r"(?:(?:19|20)\d{2}年度?)?(?:[\u4e00-\u9fff]{2,4}·)?$", text[:start])
            if lead is not None and lead.group():
                start = lead.start()
        # 甲公司和乙公司: a complete name and a conjunction inside the walk start a new name.
        inner = [m.end() for m in _NAME_END_AND.finditer(text[start : match.start()])]
        if inner:
            start += inner[-1]
        apposition = re.match(r"(?:企业|公司|高校|机构|单位|团队)(?=[\u4e00-\u9fffA-Za-z]{3})",
                              text[start : match.start()])
        if apposition:
            start += apposition.end()  # 孵化企业杭州英诺赛科科技有限公司: "the firm X"
        phase = re.match(r"[一二三四五六七八九十\d]期", text[end:])
        if phase and cls not in (*PLACE_CLASSES, "Designation", "Industry", "Event", "Competition"):
            # 国家集成电路产业投资基金二期, 国家会议中心二期: the phase is part of the name; the second phase of an
            # institute or a firm (中科洁净能源研究院二期) is a project of its own.
            end += phase.end()
            cls = "Project" if cls in _ORG_CLASSES - {"Fund"} else cls  # a fund's second phase is a fund
        if start > 0 and re.match(r"[\d多余]", text[start - 1]) and text[start] in _CLASSIFIERS:
            continue  # 19家众创空间 (jieba: 家众): a count of things of a kind, not a name
        if cls in ("City", "District", "Province"):
            start = _division_suffix(text, start, end)  # 带队到六盘水市: the walk ran past the place's name
            division = gazetteer.divisions().get(text[start:end])
            if division is not None and division.name == text[start:end]:
                # The division's level decides: 广西壮族自治区 is a province, 湘西土家族苗族自治州 a city.
                cls = _level_class(division)
        while start > 0 and text[start - 1].isdigit() and re.match(r"[A-Za-z]", text[start]):
            start -= 1  # 5G工厂, 6G实验室: the digit belongs to the Latin word it is written with
        name = text[start:end]
        modifier = text[start : match.start()]
        if cls == "InnovationPark" and head in ("园区", "园", "分园") and "科技园" in modifier:
            cls = "SciencePark"  # 北大科技园海淀园区: a branch of a science park
        if _LEVEL_TITLE.fullmatch(modifier) and cls in _TITLED_CLASSES:
            found.append((start, end, "Designation", "head", "", name))
            continue  # 国家重点实验室, 省级科技企业孵化器: a status conferred at a level of government
        programme = cls in ("SpecialProject", "FundingScheme", "Fund", "Competition")
        if programme and re.match(r"国家|省|市", modifier) and len(modifier) >= 3:
            pass  # 国家科技重大专项, 国家自然科学基金: national programmes are named by level and field
        elif _is_generic(modifier) or (len(name) < 3 and cls not in ("District", "City")):
            continue
        if cls == "Industry":
            if re.match(r"集群|链|园|基地|带|圈|体系|联盟", text[end:]):
                continue  # 创新型产业集群, 产业链, 经济带: the industry word only qualifies another thing
            start = _industry_start(text, start, match.start())
            if start < 0:
                continue
            name, modifier = text[start:end], text[start : match.start()]
        if name.endswith(("城市", "地区", "市区", "省份")) and cls != "Designation":
            continue  # 大中城市, 重点地区: kinds of place, not places (…试点城市 is a title)
        if re.search(r"(?:\d|[多余])[个家项所支批类]$", text[:start]):
            continue  # 60多个交大师生创新创业项目: a count of a kind of thing, not a name
        if re.match(r"[\d.]", name) and not re.match(r"(?:19|20)\d{2}[\u4e00-\u9fff“]", name):
            continue
        found.append((start, end, cls, "head", "", name))
    return found + _find_truncated_head(text, toks)


_LONG_HEADS = [head for head in sorted(HEADS, key=len, reverse=True) if len(head) >= 3]
_TRUNCATED_HEADS = tuple(head[:-1] for head in _LONG_HEADS)


def _find_truncated_head(text: str, toks) -> list[tuple]:
    """A line cut off one character short of its last name's head (…赋能中 for …赋能中心): jieba leaves the
    orphaned character as a token of its own, and the name is completed in its label."""
    if not toks or toks[-1][1] - toks[-1][0] != 1 or not text.endswith(_TRUNCATED_HEADS):
        return []
    for head in _LONG_HEADS:
        if text.endswith(head[:-1]):
            head_start = len(text) - len(head) + 1
            start = _left_boundary(text, toks, head_start)
            if not _is_generic(text[start:head_start]) and head_start - start >= 2:
                return [(start, len(text), HEADS[head], "head", "", text[start:] + head[-1])]
    return []


# A quoted name followed by the kind of thing it names: 推出“科技快贷”产品, 实施“xx”行动; an action, plan or
# programme may say what it is for between the two (“61020”科技创新行动, “315”科技创新体系建设工程).
_QUOTED_NAME = re.compile(r"“[^“”]{2,16}”(?=(?P<kind>产品|品牌|行动|计划|工程|系列活动|服务))"
                          r"|“[^“”]{2,16}”(?=(?P<purpose>[\u4e00-\u9fff]{2,10}?)(?P<named>行动|计划|工程)(?![\u4e00-\u9fff]))")
_QUOTED_KINDS = {"产品": "Program", "品牌": "Program", "行动": "Program", "计划": "FundingScheme",
                 "工程": "FundingScheme", "系列活动": "Event", "服务": "Program"}


# 高交会, 文博会, 广交会, 进博会, 服贸会, 投洽会: fairs go by a three-character short form (X博会, X交会, X贸会,
# X洽会), sometimes under a banner (中国(安徽)科交会).
_FAIR = re.compile(r"(?:中国[(（][\u4e00-\u9fff]{2,3}[)）])?[\u4e00-\u9fff](?:博|交|贸|洽)会(?![员议长计所场话])")


def _find_fairs(s: Sentence) -> list[tuple[int, int, str, str]]:
    return [(match.start(), match.end(), "Event", "head") for match in _FAIR.finditer(s.clean)]


# A contest's groups (大赛分为团队组和企业组, 初创组、成长组): its tracks, in a sentence about a contest.
_GROUP = re.compile(r"(?:初创|成长|团队|企业|创意|高校|青年|海外)组(?![织成建合件团长员别])")


def _find_groups(s: Sentence) -> list[tuple[int, int, str, str]]:
    if "赛" not in s.clean:
        return []
    return [(match.start(), match.end(), "CompetitionTrack", "head") for match in _GROUP.finditer(s.clean)]


# 21-39 科学研究与开发机构基本情况: a statistical table's caption names the kind of organization it counts.
_CAPTION_KIND = re.compile(r"^(?:[\d.\-–—]+\s*)?(?P<kind>[\u4e00-\u9fff]{2,20}?(?:机构|企业|高等学校|高校|单位|院所))"
                           r"(?:基本情况|主要指标|主要情况|情况|概况)$")


def _caption_kind(doc: Document, s: Sentence) -> list[tuple[int, int, str, str]]:
    block = doc.blocks[s.block]
    if block.kind not in ("heading", "row") or (block.kind == "row" and sum(
            1 for a, b in block.cells if doc.text[a:b].strip()) != 1):
        return []
    match = _CAPTION_KIND.match(s.clean.strip())
    return [(match.start("kind"), match.end("kind"), "Organization", "head")] if match else []


# 深入实施“东数西算”, 践行“八八战略”, 推进“高效办成一件事”: what a report carries out, written in quotes, is a
# programme (a quoted word after other verbs is often only a slogan or a figure of speech).
_CARRIED_OUT = re.compile(r"(?:实施|推进|践行|开展|深化|落实|推动|启动|拓展|巩固|参与|用好)"
                          r"(?P<run>(?:“[^“”]{2,12}”(?:和|与|、)?)+)")
# 省“尖兵”“领雁”立项7项: the quoted names projects are approved under are programmes.
_APPROVED_UNDER = re.compile(r"(?P<run>(?:“[^“”]{2,12}”(?:和|与|、)?)+)(?:项目|计划)?立项")


def _find_documents(s: Sentence) -> list[tuple[int, int, str, str]]:
    """《titles》 are documents; a quoted name before 产品/行动/计划… is a programme of that kind, and so is a quoted
    name a report carries out (深入实施“东数西算”)."""
    found = []
    for match in _DOCUMENT.finditer(s.clean):
        cls = "PolicyDocument" if _POLICY_WORDS.search(match.group()) else "Document"
        found.append((match.start(), match.end(), cls, "document"))
    for match in itertools.chain(_CARRIED_OUT.finditer(s.clean), _APPROVED_UNDER.finditer(s.clean)):
        for item in re.finditer(r"“[^“”]+”", match.group("run")):
            start = match.start("run") + item.start()
            found.append((start, start + len(item.group()), "Program", "document"))
    for match in _QUOTED_NAME.finditer(s.clean):
        # “双倍增”行动 is the action's name; in 推出“科技快贷”产品 the product is 科技快贷.
        kind = match.group("kind") or match.group("named")
        purpose = match.group("purpose") or ""
        if any(word in _STOP_WORDS or tag in ("uj", "p", "c") for _, _, word, tag in tokens(purpose)):
            continue  # “双碳”目标下的行动: a clause, not a name
        end = match.end() + len(purpose) + (len(kind) if kind in ("行动", "计划", "工程") else 0)
        found.append((match.start(), end, _QUOTED_KINDS[kind], "document"))
    return found


def _split_items(items: str, noun: str, count: int = 0) -> list[tuple[int, str]]:
    """Items of an enumeration with their offsets; 和/与/及 split items too, except inside industry names."""
    parts = []
    cursor = 0
    separators = r"、" if CATEGORY_NOUNS[noun] == "Industry" else r"、|和|及|以及"
    for piece in re.split(f"({separators})", items):
        if piece and not re.fullmatch(separators, piece):
            parts.append((cursor, piece))
        cursor += len(piece)
    # A、B、氢能和核聚变能等未来产业: in a list of industries, 和 before the last item ends the list, unless the
    # items themselves are joined names (人工智能和机器人、医疗健康与生命科学).
    compound = any(re.search("和|与|及", p) for _, p in parts[:-1])
    # The text's own count may say so too (软件信息、科技服务和商务服务三大产业).
    if CATEGORY_NOUNS[noun] == "Industry" and ((len(parts) >= 3 and not compound) or count == len(parts) + 1):
        last_at, last = parts[-1]
        joined = re.match(r"(.{2,}?)(和|及|以及)(.{2,})$", last)
        if joined:
            parts[-1:] = [(last_at, joined.group(1)), (last_at + joined.end(2), joined.group(3))]
    return parts


# Verbs that lead into a list of industries (大力发展A、B, 前瞻布局A、B, 抢占A、B等新赛道).
_INDUSTRY_LEADS = set("发展 布局 抢占 壮大 做大 做优 做强 做精 深耕 瞄准 抢滩 发力 突破 拓展 前瞻布局 超前布局 "
                      "大力发展 加快发展 重点发展 培育 提升 巩固 改造 聚焦 推动 推进 促进 支持 鼓励 引导 加快".split())


_QUOTED_RUN = re.compile(
    rf"(?P<items>(?:“[^“”]{{1,20}}”[、和与及]?){{2,}})等(?:[\u4e00-\u9fff]{{0,4}}?)(?P<noun>{'|'.join(CATEGORY_NOUNS)})"
)


# 新能源汽车、集成电路、工业机器人产量分别增长…: what a list of outputs or values added is listed by are industries.
_MEASURED_RUN = re.compile(r"(?P<items>(?:[^、,;。:()“”《》]{1,20}、)+[^、,;。:()《》]{1,20}?)"
                           r"(?:产量|增加值|产值|营业收入|营收)(?:均|分别)")


def _find_enumerations(s: Sentence) -> list[tuple[int, int, str, str]]:
    found = []
    # “大数据+担保”“信保+担保”等融资方案: quoted names run together before 等 and a category.
    for match in _QUOTED_RUN.finditer(s.clean):
        for item in re.finditer(r"“([^“”]+)”", match.group("items")):
            start = match.start("items") + item.start()
            found.append((start, start + len(item.group()), CATEGORY_NOUNS[match.group("noun")], "enumeration"))
    runs = [(m, m.group("noun"), m.group("count")) for m in _ENUMERATION.finditer(s.clean)]
    runs += [(m, "产业", None) for m in _MEASURED_RUN.finditer(s.clean)]
    for match, noun, count in runs:
        base = match.start("items")
        items = []
        industries = CATEGORY_NOUNS[noun] == "Industry"
        for offset, item in _split_items(match.group("items"), noun, int(parse_number(count) or 0) if count else 0):
            lead = len(item) - len(item.lstrip("“\" "))
            item_clean = item.strip("“”\" ")
            start = base + offset + lead
            # An item that holds a verb or preposition starts the list (吸引来自Linux基金会, 通过线上、线下的形式与X):
            # keep what follows its last stop word and forget the items before it. Industry names hold verbs of
            # their own (具身智能, 自主安全计算, 合成生物): there only the words that lead into a list cut it.
            cut = 0
            for t_start, t_end, word, tag in tokens(item_clean):
                if industries and word in ("与", "和", "及"):
                    continue
                if t_start == 0 and word in ("中", "上", "下"):
                    continue  # 中煤煤炭深加工: a name may open with the character of 在…中
                if industries:
                    if word in _STOP_WORDS or word in _INDUSTRY_LEADS or tag in ("p", "uj"):
                        cut = t_end
                elif word in _STOP_WORDS or (tag in ("p", "uj", "v") and word not in NAME_VERBS):
                    cut = t_end
            if cut:
                items = []
                start += cut
                item_clean = item_clean[cut:]
            items.append((start, item_clean))
        # 等三大产业 after three items: the text's own count says each item is one whole name, so the items
        # win over the shorter names inside them (人工智能和机器人 is one industry here, not two).
        counted = bool(count) and parse_number(count) == len(items)
        for start, item_clean in items:
            # Words that only describe elsewhere name an industry together (科技服务, 商务服务), not alone (科技).
            generic = _is_generic(item_clean) and not (industries and len(tokens(item_clean)) > 1)
            if not item_clean or len(item_clean) > 16 or generic \
                    or re.match(r"\d(?![A-Z]$)", item_clean):  # 3家 is a count; 6G is an industry
                continue
            head = _HEAD_RE.search(item_clean)
            cls = HEADS[head.group()] if head and head.end() == len(item_clean) else CATEGORY_NOUNS[noun]
            found.append((start, start + len(item_clean), cls, "enumeration", "", item_clean, counted))
    return found


_FINDER_RANK = {"alias": 0, "gazetteer": 0, "document": 1, "head": 2, "enumeration": 3}


_SHORT_FORM = re.compile(r"[(（](?:以下)?简称[“\"]?(?P<alias>[^”\"）)]{2,16})[”\"]?[)）]")


def _declared(s: Sentence, aliases: dict[str, tuple[str, str]]) -> list[tuple]:
    """Occurrences of short forms declared earlier: 上海微电子 after
    上海微电子装备(集团)股份有限公司（简称“上海微电子”）."""
    found = []
    for alias, (full, cls) in aliases.items():
        for match in re.finditer(re.escape(alias), s.clean):
            found.append((match.start(), match.end(), cls, "alias", "", alias, full))
    return found


def _outranks_known(item: str, candidate: tuple, known: list[tuple]) -> bool:
    """An enumerated item more complete than what the other finders see in it: a phase of a project (陕煤榆林化学二期
    is more than 榆林), or a listed industry longer than a known one inside it (新能源汽车, not 新能源)."""
    if re.search(r"[一二三四五六七八九十]期$", item):
        return True
    return candidate[2] == "Industry" and not re.search("和|与|及", item) and any(
        k[2] == "Industry" and candidate[0] <= k[0] and k[1] <= candidate[1] and k[1] - k[0] < len(item)
        for k in known)


def find_mentions(doc: Document) -> list[Mention]:
    """All entity mentions of a document, non-overlapping (the longest candidate wins), in text order."""
    mentions: list[Mention] = []
    aliases: dict[str, tuple[str, str]] = {}  # short form → (full name, class), from X（以下简称“Y”）
    for s in doc.sentences:
        toks = tokens(s.clean)
        enumerated = _find_enumerations(s)
        known = _find_gazetteer(s)
        # Items the list's own count vouches for, and items more complete than a known name inside them, compete
        # with the other finders.
        counted = [c for c in enumerated if (len(c) > 6 and c[6]) or _outranks_known(s.clean[c[0] : c[1]], c, known)]
        candidates = (_find_documents(s) + _declared(s, aliases) + known + _find_heads(s, toks)
                      + counted + _caption_kind(doc, s) + _find_places(toks, s.clean, doc.text) + _find_fairs(s)
                      + _find_groups(s)
                      + _title_document(doc, s))
        # Longest first; on equal length the gazetteer's class wins, then the head's. Other enumeration items
        # only type what nothing else found.
        candidates.sort(key=lambda c: (-(c[1] - c[0]), _FINDER_RANK[c[3]], c[0]))
        candidates += [c for c in enumerated if c not in counted]
        taken = [False] * len(s.clean)
        chosen = []
        for candidate in candidates:
            start, end, cls, finder = candidate[:4]
            if any(taken[start:end]):
                continue
            for i in range(start, end):
                taken[i] = True
            key = candidate[4] if len(candidate) > 4 else ""
            label = candidate[5] if len(candidate) > 5 else s.clean[start:end].strip()
            chosen.append((start, end, cls, finder, key, label))
        # X（以下简称“Y”）: Y stands for X from here on, and the bracket itself names X.
        for declaration in _SHORT_FORM.finditer(s.clean):
            full = next((c for c in chosen if c[1] == declaration.start()), None)
            if full is not None:
                aliases[declaration.group("alias")] = (full[5], full[2])
                chosen = [c for c in chosen if not (declaration.start() <= c[0] < declaration.end())]
                a_start, a_end = declaration.span("alias")
                chosen.append((a_start, a_end, full[2], "alias", "", declaration.group("alias")))
        chosen += _unknown_siblings(s, chosen)
        chosen += _shared_heads(s, chosen)
        chosen = _listed_before_kind(s, chosen)
        chosen = _listed_firms(s, chosen)
        chosen = _joint_names(s, _contest_divisions(s, chosen), aliases)
        # A cheaper finder gives its class to the same span another found (英特尔 in an 等机构 list stays Company).
        for start, end, cls, finder, key, label in sorted(chosen):
            o_start, o_end = s.span(start, end)
            alias_of = aliases[label][0] if finder == "alias" and label in aliases else ""
            mentions.append(Mention(o_start, o_end, label, cls, s.index, finder, key, start, end,
                                    alias_of=alias_of))
            phase = finder == "enumeration" and cls == "Project" and _PHASE_END.search(label)
            if finder in ("head", "document") or phase:  # (a listed project's phase: 奕斯伟二期)
                mentions += _nested(s, start, end, cls, doc.text)
        mentions += _anaphors(s, mentions)
        mentions += _parks_of_enumerated_universities(s, mentions)
    home = home_place(doc, mentions)
    if home is not None:
        mentions = [m for m in mentions if not _elsewhere(m, home)]
        taken = {(m.sentence, i) for m in mentions for i in range(m.cstart, m.cend)}
        mentions += [m for s in doc.sentences for m in _home_words(s, home)
                     if not any((s.index, i) in taken for i in range(m.cstart, m.cend))]
        mentions += [m for s in doc.sentences[:3] for m in _title_place(doc, s, home)]
        for m in mentions:
            _own_body(m, home)
        mentions.sort(key=lambda m: (m.start, -m.end))
    return mentions


_ORG_CLASSES = {"University", "Company", "ResearchInstitute", "Bank", "FinancialInstitution", "Organization",
                "GovernmentBody", "Foundation", "Fund"}
_COMPANY_ENDINGS = ("科技", "集团", "股份", "控股", "网络", "医药", "生物", "智能", "汽车", "电子", "软件",
                    "信息")
_INVESTOR_ENDINGS = ("资本", "创投")  # 红杉资本, 深创投: investment firms


_SHARED_HEAD_CLASSES = {"ResearchInstitute", "University", "SciencePark", "InnovationPark", "Platform", "RDCentre",
                        "Cluster", "Complex", "Incubator", "Fund"}


def _shared_heads(s: Sentence, chosen: list[tuple]) -> list[tuple]:
    """金凤、嘉陵江、明月湖实验室: bare names listed before a name share its head (金凤实验室, 嘉陵江实验室)."""
    out = []
    for start, _end, cls, finder, _key, label in chosen:
        head = _HEAD_RE.search(label)
        if finder != "head" or cls not in _SHARED_HEAD_CLASSES or head is None or head.end() != len(label):
            continue
        run = re.search(r"(?:[\u4e00-\u9fff]{2,6}、)+$", s.clean[:start])
        if not run or not 2 <= head.start() <= 6:
            continue
        items = _bare_items(s.clean, run.start(), run.group()[:-1])
        # A list with an item that ends as a firm's name does (峰瑞资本) lists whole names, not stems of one head.
        if any(s.clean[a:b].endswith(_COMPANY_ENDINGS + _INVESTOR_ENDINGS) for a, b in items):
            continue
        for item_start, item_end in items:
            item = s.clean[item_start:item_end]
            if len(item) < 2 or _HEAD_RE.search(item) or any(c[0] < item_end and item_start < c[1] for c in chosen):
                continue
            out.append((item_start, item_end, cls, "derived", "", item + head.group()))
    return out


def _bare_items(text: str, start: int, run: str) -> list[tuple[int, int]]:
    """The spans of the items of a run A、B、C that starts at `start`, each without a verb, adverb, preposition or
    conjunction that opens it (建设紫金山: 紫金山)."""
    items, cursor = [], start
    for piece in run.split("、"):
        item_start = cursor
        cursor += len(piece) + 1
        toks = tokens(piece)
        while len(toks) > 1 and (toks[0][2] in _STOP_WORDS or toks[0][3][:1] in ("v", "d", "p", "c")):
            item_start += len(toks[0][2])
            toks = toks[1:]
        items.append((item_start, cursor - 1))
    return items


# 紫金山、太湖、钟山、云龙湖等实验室: bare names listed before 等 and a head that names things by a short name in
# front of it. (Not 大学: 清华、北大等大学 lists short forms of whole names.)
_LISTED_HEADS = sorted((h for h, c in HEADS.items() if c in _SHARED_HEAD_CLASSES - {"University"} and len(h) >= 2),
                       key=len, reverse=True)
_LISTED_KIND = re.compile(r"(?P<run>(?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})等"
                          rf"(?P<head>{'|'.join(_LISTED_HEADS)})(?![\u4e00-\u9fff]?[园区])")


_EVENTS = ("Competition", "Event")
_DIVISION_BRACKET = re.compile(r"[(（][\u4e00-\u9fff]{1,8}赛区[)）]")


def _contest_divisions(s: Sentence, chosen: list[tuple]) -> list[tuple]:
    """A contest's regional division in brackets is part of its name: 第四届中国创新创业大赛(重庆赛区)."""
    out = list(chosen)
    for c in chosen:
        bracket = _DIVISION_BRACKET.match(s.clean, c[1]) if c[2] == "Competition" else None
        if bracket is not None:
            out = [o for o in out if o is not c and not (c[1] <= o[0] < bracket.end())]
            out.append((c[0], bracket.end(), c[2], c[3], "", s.clean[c[0] : bracket.end()]))
    return out


_JOINT = re.compile(r"暨(?:首届|第[一二三四五六七八九十\d]+届)?")


def _joint_names(s: Sentence, chosen: list[tuple], aliases: dict[str, tuple[str, str]]) -> list[tuple]:
    """A暨B names one event twice (…大赛(港澳台赛区)暨首届两岸四地…大赛): B (without its ordinal) is another name of
    A, here and in the rest of the report. A name found across the 暨 is split there."""
    split = []
    for c in chosen:
        joint = _JOINT.search(s.clean, c[0], c[1]) if c[2] in _EVENTS else None
        if joint is None or joint.start() - c[0] < 4 or c[1] - joint.end() < 4:
            split.append(c)
            continue
        split += [(c[0], joint.start(), c[2], c[3], "", s.clean[c[0] : joint.start()]),
                  (joint.end(), c[1], c[2], c[3], "", s.clean[joint.end() : c[1]])]
    ordered = sorted(split)
    out = list(ordered)
    for a, b in itertools.pairwise(ordered):
        # (What stands between 暨 and B is its ordinal or a word the name finder left out: 暨首届两岸四地….)
        if a[2] in _EVENTS and b[2] in _EVENTS and re.fullmatch(r"暨[^,;:，；：。、]{0,6}", s.clean[a[1] : b[0]]):
            aliases[b[5]] = (a[5], a[2])
            out[out.index(b)] = (b[0], b[1], a[2], "alias", "", b[5])
    return out


def _listed_before_kind(s: Sentence, chosen: list[tuple]) -> list[tuple]:
    """Each bare name of a run before 等 and such a head is a name with that head (紫金山实验室, 云龙湖实验室). A place
    found inside an item (金山 in 紫金山) gives way to it; an item that is already a name keeps its own."""
    for match in _LISTED_KIND.finditer(s.clean):
        head = match.group("head")
        items = _bare_items(s.clean, match.start("run"), match.group("run"))
        if any(len(n) < 2 or _HEAD_RE.search(n) or _is_generic(n) for n in (s.clean[a:b] for a, b in items)):
            continue
        overlapping = [c for c in chosen if any(c[0] < b and a < c[1] for a, b in items)]
        # Only a place inside an item gives way; a name of its own (复旦、交大等科技园) keeps the list as it is.
        if any((c[0], c[1]) in items or c[2] not in PLACE_CLASSES
               or not any(a <= c[0] and c[1] <= b for a, b in items) for c in overlapping):
            continue
        chosen = [c for c in chosen if c not in overlapping]
        chosen += [(a, b, HEADS[head], "derived", "", s.clean[a:b] + head) for a, b in items]
    return chosen


# 中国中化、中国华能等在京央企, 华为、比亚迪等龙头企业: bare names listed before 等 and a kind of firm are firms,
# named as written.
_LISTED_FIRMS = re.compile(r"(?P<run>(?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8})等[\u4e00-\u9fff]{0,4}?"
                           r"(?:央企|国企|企业|公司|车企|药企)")


def _listed_firms(s: Sentence, chosen: list[tuple]) -> list[tuple]:
    """Each bare item of a run before 等 and a kind of firm that no finder named is a company; a place found inside
    it (中国 in 中国中化) gives way to it."""
    for match in _LISTED_FIRMS.finditer(s.clean):
        items = _bare_items(s.clean, match.start("run"), match.group("run"))
        names = [s.clean[a:b] for a, b in items]
        if any(len(n) < 2 or _HEAD_RE.search(n) or _is_generic(n) or _division(n) for n in names):
            continue
        for a, b in items:
            inside = [c for c in chosen if c[0] < b and a < c[1]]
            if all(c[2] in PLACE_CLASSES and a <= c[0] and c[1] <= b and (c[0], c[1]) != (a, b) for c in inside):
                chosen = [c for c in chosen if c not in inside] + [(a, b, "Company", "derived", "", s.clean[a:b])]
    return chosen


def _unknown_siblings(s: Sentence, chosen: list[tuple]) -> list[tuple]:
    """与商汤科技、上海交通大学、复旦大学共同…: an unknown item listed with known organizations is one too."""
    known = {(c[0], c[1]): c[2] for c in chosen}
    if sum(cls in _ORG_CLASSES for cls in known.values()) < 2:
        return []  # a list needs two known organizations
    taken = [False] * len(s.clean)
    for c in chosen:
        for i in range(c[0], c[1]):
            taken[i] = True
    out = []
    for clause in re.finditer(r"[^,;:。!?]+", s.clean):
        items, cursor = [], clause.start()
        for piece in clause.group().split("、"):
            lead = re.match(r"(?:并且|并与|并|与|和|同|及|向|由)?", piece).end()
            tail = re.search(r"(?:等.*|共同.*|联合.*|合作.*|签署.*|开展.*)$", piece[lead:])
            end = lead + (tail.start() if tail else len(piece) - lead)
            items.append((cursor + lead, cursor + end))
            cursor += len(piece) + 1
        is_org = [known.get(span) in _ORG_CLASSES for span in items]
        if len(items) < 3 or sum(is_org) < 2:
            continue
        for i, (start, end) in enumerate(items):
            text = s.clean[start:end]
            if (start, end) in known or any(taken[start:end]) or not 2 <= len(text) <= 12 or _is_generic(text):
                continue
            # Only right beside a known organization, and only if it reads as a name (no verb, no particle).
            beside = (i > 0 and is_org[i - 1]) or (i + 1 < len(items) and is_org[i + 1])
            wordy = any(w in _STOP_WORDS or (t[0] in "vpdcu" and w not in NAME_VERBS) for _, _, w, t in tokens(text))
            if not beside or wordy:
                continue
            if re.fullmatch(r"[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9 &.\-]*", text):
                cls = ("FinancialInstitution" if text.endswith(_INVESTOR_ENDINGS) else
                       "Company" if text.endswith(_COMPANY_ENDINGS) else "Organization")
                out.append((start, end, cls, "enumeration", "", text))
    return out


# Names of places, institutes and parks that carry where they are or whose they are at their start.
_SITED_CLASSES = {"SciencePark", "InnovationPark", "Cluster", "RDCentre", "Complex", "Incubator", "Platform", "Project",
                  "ResearchInstitute"}
# A development zone's name at the start of a longer name: a place and the zone's kind (黄石大冶湖高新区…).
_ZONE_OPENING = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区)"
                           r"(?=[(（]?[\u4e00-\u9fff]{2})")
# Zones named by the place they are in (湘潭经开区), as a park is.
_PLACE_NAMED_CLASSES = _SITED_CLASSES | {"Area", "District"}
# (中部, 西部 are regions and 零部件 parts, not ministries.)
_PARENT_HEAD = re.compile(r"^[\u4e00-\u9fff]{2,10}?(?:大学|学院|科学院|研究院|研究所|集团|医院"
                          r"|(?<![本东西南北中全零])部(?!件))(?=[(（]?[\u4e00-\u9fff]{2})")
# The whole owner's name before a title (湖南大学, 中国矿业大学(北京)).
_PARENT_NAME = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:大学|学院|科学院|研究院|研究所|集团)"
                          r"(?:[(（][\u4e00-\u9fff]{2,4}[)）])?")
_PARENT_CLASS = {"大学": "University", "学院": "University", "科学院": "ResearchInstitute",
                 "研究院": "ResearchInstitute", "研究所": "ResearchInstitute", "集团": "Company",
                 "医院": "Organization", "部": "GovernmentBody"}


def _nested(s: Sentence, start: int, end: int, cls: str = "", document: str = "") -> list[Mention]:
    """Well-known names inside a longer name: 美敦力 in 美敦力中国研发中心, 交大 in 交大科技园,
    上海 in 中以(上海)创新园; and for a park, lab or institute, the place or parent organization its name opens
    with (合肥滨湖科学城, 湖南大学国家大学科技园, 教育部重庆高等研究院)."""
    out = []
    sub = Sentence(s.index, 0, 0, s.block, s.section, s.clean[start:end], s.offsets[start:end])
    designation = _trailing_designation(sub.clean)
    if designation is not None:
        # 湖南大学国家大学科技园: a park named by its owner and the title it was granted holds that title.
        d_start, entry = designation
        o_start, o_end = sub.span(d_start, len(sub.clean))
        out.append(Mention(o_start, o_end, sub.clean[d_start:], "Designation", s.index, "gazetteer", entry.id,
                           start + d_start, end, nested=True))
    if cls in ("PolicyDocument", "Document"):
        out += _issuers(sub, start)
    phased = _PHASE_END.search(sub.clean)
    owner_head = _HEAD_RE.search(sub.clean[: phased.start()]) if phased and cls == "Project" else None
    owned = owner_head is not None and owner_head.end() == phased.start() and (
        HEADS[owner_head.group()] in _ORG_CLASSES | {"Platform"})
    if owned or (phased and cls == "Project" and owner_head is None and 2 <= phased.start() <= 4):
        # 中科洁净能源研究院二期, 榆横中试基地二期: the project is the next phase of the institute's or the base's;
        # 奕斯伟二期: a short name with no head before the phase is the firm's.
        o_start, o_end = sub.span(0, phased.start())
        out.append(Mention(o_start, o_end, sub.clean[: phased.start()],
                           HEADS[owner_head.group()] if owned else "Company", s.index, "head", "", start,
                           start + phased.start(), nested=True))
    zone = _ZONE_OPENING.match(sub.clean)
    if zone is not None:
        # 珠海高新区双创中心, 成都高新区管委会: a development zone that opens a longer name (relations.py says how the
        # two are related).
        o_start, o_end = sub.span(0, zone.end())
        out.append(Mention(o_start, o_end, zone.group(), "Cluster", s.index, "head", "", start, start + zone.end(),
                           nested=True))
    if cls in _PLACE_NAMED_CLASSES:
        # (A project's name holds more than a place and a head: 灯塔工厂 is a kind of factory, not one in 灯塔.)
        owner = sub.clean[: designation[0]] if designation else sub.clean
        parent = None if cls not in _SITED_CLASSES else \
            _PARENT_HEAD.match(sub.clean) if designation is None else _PARENT_NAME.fullmatch(owner)
        places = [p for p in _find_places(tokens(sub.clean), sub.clean, document)
                  if p[0] == 0 and p[1] <= len(sub.clean) - 2] or _leading_division(sub.clean)
        if parent is not None and not places:
            # 中国科学院深圳先进技术研究院: the place follows the parent organization the name opens with.
            at = parent.end()
            places = [(at + a, at + b, c, f) for a, b, c, f in _leading_division(sub.clean[at:])]
        places = [p for p in places if cls != "Project" or p[1] <= len(sub.clean) - 3]
        parent_head = re.sub(r"[(（].*", "", parent.group()) if parent else ""
        for n_start, n_end, n_cls in ([(0, parent.end(), next(c for h, c in _PARENT_CLASS.items()
                                                                  if parent_head.endswith(h)))]
                                      if parent else []) + [p[:3] for p in places][:1]:
            o_start, o_end = sub.span(n_start, n_end)
            out.append(Mention(o_start, o_end, sub.clean[n_start:n_end], n_cls, s.index, "head", "",
                               start + n_start, start + n_end, nested=True))
    outer = cls
    for n_start, n_end, cls, finder, key in _find_gazetteer(sub):
        bracketed = n_start > 0 and sub.clean[n_start - 1] in "(（"
        # 雄安新区中关村科技园, as 合肥滨湖科学城; not a region of several provinces (长三角…安徽省实验室: its scope).
        opening = n_start == 0 and outer in _PLACE_NAMED_CLASSES and not _SCOPE_REGION.search(sub.clean[:n_end])
        if cls in ("Industry", "Designation") or (cls in PLACE_CLASSES and not bracketed and not opening):
            continue  # 以色列 in 以色列创业团队 describes the team; only 中以(上海)创新园 says where it is
        if n_end - n_start < end - start and not any(m.cstart == start + n_start for m in out):
            o_start, o_end = sub.span(n_start, n_end)
            out.append(Mention(o_start, o_end, sub.clean[n_start:n_end], cls, s.index, finder, key,
                               start + n_start, start + n_end, nested=True))
    # A bracketed place the gazetteer does not know (中德(太仓)创新合作中心): jieba tags it as a place name.
    for bracket in re.finditer(r"[(（]([\u4e00-\u9fff]{2,6})[)）]", sub.clean):
        inside = (bracket.start(1), bracket.end(1))
        if any(m.cstart - start == inside[0] for m in out):
            continue
        if [t[3] for t in tokens(bracket.group(1))] == ["ns"]:
            o_start, o_end = sub.span(*inside)
            out.append(Mention(o_start, o_end, bracket.group(1), "Place", s.index, "head", "",
                               start + inside[0], start + inside[1], nested=True))
    return out


def _division_suffix(text: str, start: int, end: int) -> int:
    """Where the longest division name that ends text[start:end] starts, or `start` if none does."""
    for at in range(start, end - 2):
        division = gazetteer.divisions().get(text[at:end])
        if division is not None and division.name == text[at:end]:
            return at
    return start


# The kinds of official document a title names (关于…的通知, …统计公报); a work report or summary is not one.
_DOCUMENT_KIND = re.compile(r"(?:通知|意见|办法|方案|公报|决定|规划|纲要|批复|措施|细则|条例|规定)$")


def _title_document(doc: Document, s: Sentence) -> list[tuple[int, int, str, str]]:
    """A report whose title names an official document (关于认定…的通知) is that document."""
    if s.block != 0 or len(doc.block_sentences(0)) != 1:
        return []  # the first line, read as a heading or (关于认定…10家…的通知 states a count) as a paragraph
    title = re.sub(r"\[\d+\]$", "", s.clean.rstrip())  # 2022年全国科技经费投入统计公报[1]: a footnote marker
    if len(title) > 80 or not _DOCUMENT_KIND.search(title):
        return []
    return [(0, len(title), "PolicyDocument", "document")]


_ISSUER_HEAD = re.compile(r"(?:部|厅|局|委|委员会|办公厅|办公室|政府|院|署|会|中心)$")


def _issuers(sub: Sentence, start: int) -> list[Mention]:
    """The bodies an official title opens with, before 关于 (科学技术部 教育部关于认定…的通知,
    省人民政府办公厅关于…)."""
    lead = re.match(r"《?([\u4e00-\u9fff、 ]{2,40}?)关于", sub.clean)
    if lead is None:
        return []
    out = []
    for body in re.finditer(r"[\u4e00-\u9fff]+", lead.group(1)):
        if len(body.group()) >= 3 and _ISSUER_HEAD.search(body.group()):
            b_start, b_end = lead.start(1) + body.start(), lead.start(1) + body.end()  # after a 《
            o_start, o_end = sub.span(b_start, b_end)
            entry = gazetteer.lookup(body.group())
            out.append(Mention(o_start, o_end, body.group(), entry.cls if entry else "GovernmentBody", sub.index,
                               "gazetteer" if entry else "head", entry.id if entry else "",
                               start + b_start, start + b_end, nested=True))
    return out


def _trailing_designation(name: str) -> tuple[int, gazetteer.Entry] | None:
    """Where a title the gazetteer knows (国家大学科技园) closes a longer name, and the title."""
    for entry in _designations():
        for title in entry.names:
            if name.endswith(title) and len(name) >= len(title) + 2:
                return len(name) - len(title), entry
    return None


@cache
def _designations() -> tuple[gazetteer.Entry, ...]:
    return tuple(entry for entry in gazetteer.entries() if entry.cls == "Designation")


def _placed_body(tok: tuple[int, int, str, str]) -> bool:
    """A word jieba tags as an organization's name (nt) that opens with a province, city or district."""
    word = tok[2]
    return tok[3] == "nt" and any(_division(word[:n], in_name=True) for n in range(2, min(len(word) - 1, 9)))


def _leading_division(name: str) -> list[tuple[int, int, str, str]]:
    """The division a park's or institute's name opens with, as a word of its own (合肥滨湖科学城,
    常熟国家大学科技园)."""
    toks = tokens(name)
    bounds = {t[1] for t in toks}
    # 苏州工业园区 is one word to jieba (a place it knows): a province's or city's name still opens it.
    one_place = len(toks) == 1 and toks[0][3] == "ns"
    for n in range(min(len(name) - 2, 8), 1, -1):
        cls = _division(name[:n], in_name=True)
        if cls and (n in bounds or (one_place and cls in ("Province", "City"))):
            return [(0, n, cls, "head")]
    return []


_ANAPHOR = re.compile(
    r"(?:^|(?<=[,;:]))(?:该|本|此|本届|本次)?(大赛|园区|基金|平台|集聚区|综合体|大会|论坛|研究院|实验室|中心)"
)
_CARRIER_CLASSES = ("SciencePark", "InnovationPark", "Cluster", "Complex", "RDCentre")
_ANAPHOR_CLASSES = {"大赛": ("Competition",), "园区": _CARRIER_CLASSES, "集聚区": ("Cluster",),
                    "基金": ("Fund",), "平台": ("Platform",), "综合体": ("Complex",), "大会": ("Event",),
                    "论坛": ("Event",), "研究院": ("ResearchInstitute",), "实验室": ("ResearchInstitute",),
                    "中心": ("RDCentre", "Platform")}


def _anaphors(s: Sentence, mentions: list[Mention]) -> list[Mention]:
    """A clause that opens with a bare head (大赛设…, 该园区…) speaks of the last entity of that kind."""
    out = []
    for match in _ANAPHOR.finditer(s.clean):
        if any(m.sentence == s.index and m.cstart <= match.start(1) < m.cend for m in mentions):
            continue
        classes = _ANAPHOR_CLASSES[match.group(1)]
        previous = [m for m in mentions if (m.sentence, m.cstart) < (s.index, match.start(1)) and m.cls in classes
                    and not m.nested]
        if not previous or s.index - previous[-1].sentence > 6:
            continue
        last = previous[-1]
        o_start, o_end = s.span(match.start(1), match.end(1))
        out.append(Mention(o_start, o_end, match.group(1), last.cls, s.index, "anaphor", last.key or last.label,
                           match.start(1), match.end(1)))
    return out


@cache
def _city_names() -> dict[str, str]:
    return {name: entry.id for entry in gazetteer.entries() if entry.cls == "City" for name in entry.names
            if len(name) >= 2}


@dataclass(frozen=True)
class Home:
    """The jurisdiction a report speaks for (the province of a provincial work report, the city of a city's
    bulletin): what 全省/我省, 全市/本市, 全区 and 全国/我国 refer to, and whom a figure is about when the text names
    nobody else."""

    key: str
    label: str
    cls: str


_HOME_CLASSES = ("Country", "Province", "City", "District")
# The words that refer to the home jurisdiction, by its class. 全国 is the country only when it stands alone:
# 全国第一, 全国性, 全国重点实验室 are ranks and kinds.
_HOME_WORDS = {"Province": r"全省|本省|我省", "City": r"全市|本市|我市", "District": r"全区|本区|我区|全县|本县|我县",
               "Country": r"全国(?![第首前性重百十]|科技|人大|政协)|我国"}
_HOME_RE = {cls: re.compile(rf"(?<![占比较于])(?:{words})") for cls, words in _HOME_WORDS.items()}
_PROVINCES = ("北京|天津|河北|山西|内蒙古|辽宁|吉林|黑龙江|上海|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南"
              "|广东|广西|海南|重庆|四川|贵州|云南|西藏|陕西|甘肃|青海|宁夏|新疆|台湾|香港|澳门")
_PROVINCE = re.compile(rf"(?:{_PROVINCES})(?:省)?")
# A place written with its level: a province (省/市 optional), …省/市/县, …区 (not 新区).
_LEVELLED = re.compile(rf"(?:{_PROVINCES})(?:省|市)?|[\u4e00-\u9fff]{{2,}}[省市县]|[\u4e00-\u9fff]{{2,}}(?<!新)区")
# In a title: a province (its 省/市/自治区 dropped, as people name it), or a city, district or county named right
# after the year or at the start (2023年深圳市…, 洞头区…), or 全国 for a national report.
_TITLE_PLACE = re.compile(
    rf"(?P<province>{_PROVINCES})(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)?"
    r"|(?:^|(?<=年)|(?<=[^\u4e00-\u9fff]))(?P<local>(?!年|度)[\u4e00-\u9fff]{2,4}?)(?P<level>市|区|县)"
    r"(?![\u4e00-\u9fff]{0,2}[园区])"
    r"|(?P<country>全国)")


def home_place(doc: Document, mentions: list[Mention]) -> Home | None:
    """The place the person loading the report gave (kg load --place), else the place named in the report's title
    (its first heading or first line), else the city the text names most often; None when none says."""
    if doc.report.place:
        return given_home(doc.report.place)
    title = next((doc.text[b.start:b.end] for b in doc.blocks[:2] if b.kind == "heading"), "")
    match = _TITLE_PLACE.search(title)
    if match and match.group("country"):
        return Home("china", "中国", "Country")
    if match and match.group("province"):
        name = match.group("province")
        division = gazetteer.divisions().get(name)
        return Home(name, name, _level_class(division) if division is not None else "Province")  # 重庆: a city
    if match:
        return _local_home(match.group("local"), match.group("level"))
    signed = _signing_place(doc)
    if signed is not None:
        return signed
    key = _home_city_key(doc)
    label = next((name for name, k in _city_names().items() if k == key), "")
    return Home(key, label, "City") if key else _home_province(doc)


# The date an official document is signed on (2023年8月30日, 二〇二三年八月三十日), on a line of its own.
DATE_LINE = re.compile(r"(?:\d{4}|[〇○零一二三四五六七八九]{4})年"
                       r"[\d一二三四五六七八九十]{1,3}月[\d一二三四五六七八九十]{1,3}日")
_SIGNING_GOVERNMENT = re.compile(r"(?:[\u4e00-\u9fff]{2,8}?[省市])?(?P<local>[\u4e00-\u9fff]{2,6}?)"
                                 r"(?P<level>[省市区县])人民政府")


def _signing_place(doc: Document) -> Home | None:
    """温州市洞头区人民政府 on the line above the date: the government that signs a document speaks for its place."""
    for block, after in itertools.pairwise(doc.blocks[:16]):
        signer = _SIGNING_GOVERNMENT.fullmatch(doc.text[block.start : block.end].strip())
        if signer is None or not DATE_LINE.fullmatch(doc.text[after.start : after.end].strip()):
            continue
        local, level = signer.group("local"), signer.group("level")
        return Home(local, local, "Province") if level == "省" else _local_home(local, level)
    return None


def given_home(name: str) -> Home | None:
    """A province, city or county as a person names it (河南, 河南省, 武汉市, 洞头区); None if it is none."""
    division = next((d for d in map(gazetteer.divisions().get, (name, name + "省", name + "市")) if d), None)
    if division is None:
        return None
    short = gazetteer.divisions_short(division.name)
    if division.level in ("province", "city"):  # a province, or a municipality (重庆, 上海)
        return Home(short, short, _level_class(division))
    if division.level == "prefecture":
        return _local_home(short, "市")
    return Home(division.name, division.name, "District")


def _local_home(local: str, level: str) -> Home:
    """A city goes by its bare name (温州), a district or county by its full one (洞头区)."""
    return Home(local, local, "City") if level == "市" else Home(local + level, local + level, "District")


_OWN_PROVINCE = re.compile(r"我省|全省|本省|(?<![\u4e00-\u9fff])省(?:人民|政府|委|科技|财政|发展|教育|工业|人大|政协)")


def _home_province(doc: Document) -> Home | None:
    """A text that speaks of 我省/省科技厅 without naming its province (a department's reply, a bureau's news item)
    is that province's when every prefecture it names lies in one province (六盘水 → 贵州)."""
    if not _OWN_PROVINCE.search(doc.text):
        return None
    provinces = {gazetteer.divisions()[m.group()].parent for m in _prefecture_names().finditer(doc.text)}
    if len(provinces) != 1:
        return None
    province = gazetteer.divisions_short(provinces.pop())
    return Home(province, province, "Province")


@cache
def _prefecture_names() -> re.Pattern[str]:
    names = [name for name, d in gazetteer.divisions().items() if d.level == "prefecture"]
    return re.compile("|".join(sorted(names, key=len, reverse=True)))


def _home_city_key(doc: Document) -> str:
    """The report's own city: the gazetteer city whose names occur most often in the text (inside names too)."""
    counts: dict[str, int] = {}
    for name, key in _city_names().items():
        counts[key] = counts.get(key, 0) + doc.text.count(name)
    best = max(counts.items(), key=lambda kv: kv[1], default=("", 0))
    return best[0] if best[1] else ""


def _elsewhere(m: Mention, home: Home) -> bool:
    """A short form the gazetteer knows that names a body relative to its city (市政府, 市科委) means the body of
    the report's own place: in 重庆市政府工作报告 市政府 is not 上海市人民政府."""
    if m.finder != "gazetteer" or not re.match(r"[市省区县]", m.label):
        return False
    entry = gazetteer.lookup(m.label)
    return entry is not None and not entry.label_zh.startswith(home.label.rstrip("市省区县"))


_OWN_LEVEL = {"Province": "省", "City": "市"}


def _own_body(m: Mention, home: Home) -> None:
    """省科技厅, 市科技局, 省产业技术研究院: in a province's or city's own text, a body named by the bare level word
    is that jurisdiction's, and goes by its full name (江苏省产业技术研究院)."""
    level = _OWN_LEVEL.get(home.cls)
    if level is None or m.finder != "head" or m.alias_of or m.cls not in _ORG_CLASSES | _SITED_CLASSES:
        return
    toks = tokens(m.label)
    if len(toks) < 2 or toks[0][2] != level:
        return
    division = gazetteer.divisions().get(home.label)
    full = division.name if division is not None and division.level != "county" else home.label + level
    if full.endswith(level):  # 广西壮族自治区 has no 省 to stand for
        m.alias_of = full + m.label[1:]


def _title_place(doc: Document, s: Sentence, home: Home) -> list[Mention]:
    """The home place where the title names it (安徽省 in 2026年安徽省政府工作报告), so the place is an entity even
    when the text never says 全省."""
    if doc.blocks[s.block].kind != "heading" or s.block > 1:
        return []
    match = _TITLE_PLACE.search(s.clean)
    if match is None or match.group("country"):
        return []
    # Only the home place itself: a chapter's first heading may name another place (北京's chapter on
    # 上海国际创客大赛), which is not another name of the home.
    place = match.group()
    if not (place.startswith(home.label) or home.label.startswith(place.rstrip("省市区县"))):
        return []
    o_start, o_end = s.span(match.start(), match.end())
    # Inside a longer name (四川省人民政府) the place is a nested mention, as 美敦力 is in 美敦力中国研发中心. The
    # title's form (广东省) becomes an alias of the place (广东), so the text's 广东省 is the same entity.
    return [Mention(o_start, o_end, match.group(), home.cls, s.index, "title", "", match.start(), match.end(),
                    nested=True, alias_of=home.label)]


def _home_words(s: Sentence, home: Home) -> list[Mention]:
    """全省/我市/全国… speak of the report's own jurisdiction. (In a city's report 全国 is the background a figure
    is compared with, not a party: only a national report's 全国 is its home.)"""
    out = []
    # 占全市比重: the city is the denominator there, not a party.
    for match in _HOME_RE[home.cls].finditer(s.clean):
        o_start, o_end = s.span(match.start(), match.end())
        out.append(Mention(o_start, o_end, match.group(), home.cls, s.index, "anaphor", home.key,
                           match.start(), match.end(), alias_of=home.label))
    return out


def _parks_of_enumerated_universities(s: Sentence, mentions: list[Mention]) -> list[Mention]:
    """上海交通大学、同济大学等大学科技园: each university stands for its own science park."""
    out = []
    for match in re.finditer(r"等[^,;。、]{0,8}?大学科技园", s.clean):
        if re.search(r"建设|开展|推动|申报|培育", match.group()):
            continue  # 等5家高校建设大学科技园: parks still to be built are not named yet
        items = [m for m in mentions if m.sentence == s.index and not m.nested and m.cls == "University"
                 and m.cend <= match.start()]
        run: list[Mention] = []
        cursor = match.start()
        for m in reversed(items):
            if re.fullmatch(r"[、和与及\s]*", s.clean[m.cend : cursor]):
                run.insert(0, m)
                cursor = m.cstart
            else:
                break
        for m in run:
            # The mention runs from the university's name to the head that makes it a park.
            o_start, o_end = s.span(m.cstart, match.end())
            out.append(Mention(o_start, o_end, m.label + "科技园", "SciencePark", s.index, "derived", "",
                               m.cstart, match.end(), nested=True))
    return out


def mentions_by_sentence(mentions: list[Mention], nested: bool = False) -> dict[int, list[Mention]]:
    """Mentions grouped by sentence, in text order; names inside names only when `nested`."""
    grouped: dict[int, list[Mention]] = defaultdict(list)
    for mention in sorted(mentions, key=lambda m: (m.sentence, m.cstart, -m.cend)):
        if nested or not mention.nested:
            grouped[mention.sentence].append(mention)
    return grouped
