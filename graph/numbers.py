"""Numbers, units and hedges in Chinese report prose, normalized.

`find_quantities(text)` scans a clean sentence (see `document.Sentence.clean`) and returns every quantity a
statistician would count as a metric: the value in base units (亿元 → yuan × 1e8, 万 → × 1e4), the unit
(currency, percent, percentage points, ratio, area, people, person-times, or a count that keeps its counter word)
and the qualifier the text puts on it (近/约 → approximately, 超/余/多 → more_than, …).

What is deliberately not a quantity: years and dates (2020年, 9月底), ordinals (第9届), section numbers and list
markers (no unit), numbers inside names (科技助力经济2020, 5G), phone numbers and house numbers.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

# Units, longest spellings first. Each maps to (unit key, factor into the base unit).
CURRENCY = {"元": "CNY", "人民币": "CNY", "美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD"}
AREA = {"平方米": "m2", "平米": "m2", "平方公里": "km2", "平方千米": "km2", "公顷": "ha", "亩": "mu"}
PEOPLE = {"人次": "person_time", "人": "person", "名": "person", "位": "person"}
COUNTERS = (
    "人年 架次 家次 户次 场次 批次 项次 家 户 项 件 个 场 次 支 所 座 台 套 批 款 篇 部 条 种 类 只 份 处 栋 幢 间 张 "
    "株 艘 辆 架 门 册 起 例 头 列 元"
).split()
COUNTERS.remove("元")
# Physical units: (unit key, factor into it). 万千瓦 is 1e4 × 1e3 W; a 斤 (grain output: 732.5亿斤) is half a kilogram.
PHYSICAL = {"千瓦时": ("Wh", 10**3), "兆瓦时": ("Wh", 10**6), "吉瓦时": ("Wh", 10**9), "千瓦": ("W", 10**3),
            "兆瓦": ("W", 10**6), "吉瓦": ("W", 10**9), "吨": ("t", 1), "公斤": ("t", Decimal("0.001")),
            "斤": ("t", Decimal("0.0005")), "公里": ("km", 1), "千米": ("km", 1), "立方米": ("m3", 1)}
UNIT_WORDS = sorted(
    [*CURRENCY, *AREA, *PEOPLE, *PHYSICAL, "个百分点", "百分点", "%", "‰", "倍", *COUNTERS], key=len, reverse=True
)
# Units written in Latin letters right after the number (3000PFlops, 100Gbps): kept as written.
LATIN_UNITS = ("EFlops", "PFlops", "TFlops", "Tbps", "Gbps", "Mbps", "EB", "PB", "TB", "GW", "MW", "kW", "GWh",
               "MWh", "kWh")
_LATIN_UNIT = re.compile(rf"\s?(?:{'|'.join(sorted(LATIN_UNITS, key=len, reverse=True))})(?![A-Za-z])")
# Words before a bare 亿/万 that make it money: 营收超100亿.
_MONEY_WORDS = re.compile(r"(?:营收|收入|产值|投资|金额|融资|资金|经费|销售额|成交额|市值|规模|GDP)[^,;。]{0,4}$")
MULTIPLIERS = {"万亿": Decimal(10**12), "千亿": Decimal(10**11), "百亿": Decimal(10**10), "亿": Decimal(10**8),
               "千万": Decimal(10**7), "百万": Decimal(10**6), "十万": Decimal(10**5), "万": Decimal(10**4),
               "千": Decimal(10**3), "百": Decimal(100)}

QUALIFIERS = ("exact", "approximately", "more_than", "less_than", "at_least", "at_most")
_PREFIX_QUALIFIERS = [
    ("不少于", "at_least"), ("不低于", "at_least"), ("至少", "at_least"),
    ("不超过", "at_most"), ("不高于", "at_most"), ("最多", "at_most"), ("至多", "at_most"),
    ("不到", "less_than"), ("不足", "less_than"), ("低于", "less_than"), ("少于", "less_than"),
    ("突破", "more_than"),
    ("超过", "more_than"), ("多于", "more_than"), ("高于", "more_than"), ("逾", "more_than"), ("超", "more_than"),
    ("大约", "approximately"), ("约为", "approximately"), ("约合", "approximately"), ("约", "approximately"),
    ("将近", "approximately"), ("接近", "approximately"), ("近", "approximately"),
]
HEDGE_WORDS = tuple(word for word, _ in _PREFIX_QUALIFIERS)
_SUFFIX_QUALIFIERS = [("左右", "approximately"), ("上下", "approximately"), ("以上", "at_least"),
                      ("以下", "at_most"), ("以内", "at_most")]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = r"[零〇一二两三四五六七八九十百千]+"
_MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_UNIT = "|".join(re.escape(u) for u in UNIT_WORDS)
_QUANTITY = re.compile(
    rf"(?P<num>{_ARABIC}|{_CHINESE})(?P<fuzzy1>余|多)?(?P<mult>(?:{_MULT})(?!瓦|米))?(?P<fuzzy2>余|多)?"
    rf"(?P<unit>(?:{_MULT})?(?:{_UNIT}))?"
)
# "三大产业", "五大中心": a Chinese numeral, 大, and the category counted.
_N_MAJOR = re.compile(
    r"(?P<num>[两三四五六七八九十]+)大(?:主导|重点|核心|支柱|优势|新兴|战略性|先导|特色|科技)?"
    r"(?P<noun>产业|领域|功能|中心|平台|板块|行业|任务|工程|方向|集群|基地|赛道|片区|体系|专项行动|专项|行动|战略"
    r"|计划|举措)"
)
# 百分之二点五, 三分之一, 千分之三: percentages and fractions written out, as percent (per mille for 千分之).
_CN_OR_ARABIC = r"[\d.]+|[零〇一二两三四五六七八九十百千点]+"
_WRITTEN_FRACTION = re.compile(rf"(?P<den>百|千|万|[一二两三四五六七八九十]+|\d+)分之(?P<num>{_CN_OR_ARABIC})")
# 三成, 近两成: tenths, as percent. Not 建成/完成 (no numeral) nor 成立/成果/成为 (a word of its own).
_TENTHS = re.compile(r"(?P<num>[一二两三四五六七八九]|\d)成(?!立|果|功|为|熟|本|员|交|效|绩|型|都|长|就|品|分)")
# 超万亿元, 千万吨, 万亿级产业: a magnitude without a digit is one of it, when something marks it as an amount (a
# hedge before it, a unit after it, or 级 before the industry it sizes). 千万/百万 alone (千万不要, 百万英才) are not.
_BARE_MAGNITUDE = re.compile(
    r"(?P<pre>超过|超|近|逾|突破|破|上)?(?<![\d.零〇一二两三四五六七八九十百千万])(?P<mult>万亿|千亿|百亿|千万|百万)"
    r"(?:(?P<unit>元|吨|人|户|家|千瓦)|级(?=产业|集群|市场|规模|企业))"
)
# What ends a clause inside a clean sentence.
CLAUSE_BREAK = re.compile(r"[,;:!?。，；：]")
# 近一半, 半数以上: half, as percent.
_HALF = re.compile(r"一半|半数")
# Every quantity above holds one of these: a sentence without any has no figure.
_NUMERAL = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿半]")
# Words after a number that make it a date, an ordinal, an edition or a place, never a metric.
_NOT_A_METRIC_AFTER = re.compile(r"^(?:年代|年|月|日|号|时|点(?!\d)|分钟|期|届|周年|版|代|楼|层|室|弄|路|街|号线|岁)")
_COUNT_UNITS = {"count", "person", "person_time"}


def is_count_unit(unit: str) -> bool:
    """Whether a unit counts things or people (count, count:家, person, person_time)."""
    return unit.split(":")[0] in _COUNT_UNITS


@dataclass(frozen=True)
class Quantity:
    """One quantity in a clean sentence. `start`/`end` cover the number and its unit (clean-text offsets)."""

    value: Decimal
    unit: str  # "CNY", "percent", "percentage_point", "ratio", "m2", "person", "count:家", "count", …
    qualifier: str
    start: int
    end: int
    raw_value: Decimal  # the number as written, before multipliers
    multiplier: str  # "", "万", "亿", …

    @property
    def is_count(self) -> bool:
        return is_count_unit(self.unit)


def parse_chinese_number(text: str) -> int | None:
    """二十 → 20, 两 → 2, 三千五百 → 3500, 千 → 1000; None when `text` is not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch not in _CN_BIG for ch in text):
        return None
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch] if digit is None else digit * 10 + _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total += (section or 1) * _CN_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def _written_fraction(text: str, match: re.Match[str]) -> Quantity | None:
    numerator = parse_number(match.group("num"))
    denominator = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10000)}.get(match.group("den")) \
        or parse_number(match.group("den"))
    if numerator is None or not denominator:
        return None
    unit, scale = ("permille", Decimal(1000)) if match.group("den") == "千" else ("percent", Decimal(100))
    value = (numerator * scale / denominator).quantize(Decimal("0.0001")).normalize()
    qualifier, _ = _prefix_qualifier(text, match.start())
    for word, suffix_qualifier in _SUFFIX_QUALIFIERS:
        if text.startswith(word, match.end()):
            qualifier = suffix_qualifier
    return Quantity(value, unit, qualifier, match.start(), match.end(), numerator, "")


_RANGE_START = re.compile(rf"(?P<low>{_ARABIC})(?:-|~|～|—|–|至|到)$")


def _range_start(text: str, high: Quantity) -> Quantity | None:
    """3-5万元, 100至150名: the lower bound written before a range's upper bound, in the same unit and
    magnitude; the pair becomes at_least low and at_most high."""
    match = _RANGE_START.search(text[: high.start])
    low = parse_number(match.group("low")) if match else None
    if low is None or high.raw_value == 0 or low >= high.raw_value:
        return None
    factor = high.value / high.raw_value
    return Quantity(low * factor, high.unit, "at_least", match.start("low"), match.end("low"), low,
                    high.multiplier)


def parse_number(text: str) -> Decimal | None:
    """Arabic (with thousands commas or full-width digits) or Chinese numeral → Decimal."""
    text = text.translate({c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}).replace("，", ",")
    if re.fullmatch(_ARABIC, text):
        return Decimal(text.replace(",", ""))
    if "点" in text:  # 二点五 → 2.5
        whole, _, fraction = text.partition("点")
        head = parse_chinese_number(whole) if whole else 0
        digits = [_CN_DIGITS.get(ch) for ch in fraction]
        if head is None or not digits or None in digits:
            return None
        return Decimal(f"{head}.{''.join(str(d) for d in digits)}")
    value = parse_chinese_number(text)
    return None if value is None else Decimal(value)


def _unit_key(word: str) -> str:
    if word in PHYSICAL:
        return PHYSICAL[word][0]
    if word in LATIN_UNITS:
        return word
    if word in CURRENCY:
        return CURRENCY[word]
    if word in AREA:
        return AREA[word]
    if word in PEOPLE:
        return PEOPLE[word]
    if word in ("%",):
        return "percent"
    if word == "‰":
        return "permille"
    if word in ("个百分点", "百分点"):
        return "percentage_point"
    if word == "倍":
        return "ratio"
    return f"count:{word}"


def _prefix_qualifier(text: str, start: int) -> tuple[str, int]:
    """The hedge written just before `start` ("近", "超过", …) and where it begins."""
    before = text[max(0, start - 3) : start]
    for word, qualifier in _PREFIX_QUALIFIERS:
        if before.endswith(word):
            return qualifier, start - len(word)
    return "exact", start


def _is_embedded(text: str, start: int, end: int) -> bool:
    """Numbers glued to Latin letters, hyphens or other digits (5G, G60, 021-6432…) belong to names or codes."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return _is_code_char(before, "_-/#.") or _is_code_char(after, "_-/#")


def _is_code_char(char: str, marks: str) -> bool:
    return len(char) == 1 and char.isascii() and (char.isalpha() or char in marks)


def format_value(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 5614000000, 62.7."""
    text = format(value.normalize(), "f")
    return text


def find_quantities(text: str) -> list[Quantity]:
    """Every metric quantity in a clean sentence, in order of appearance."""
    if not _NUMERAL.search(text):
        return []
    found: list[Quantity] = []
    taken = [False] * (len(text) + 1)
    for match in _N_MAJOR.finditer(text):
        value = parse_chinese_number(match.group("num"))
        # 三大先导产业规模…: a second mention that only qualifies a measure counts nothing.
        if re.match(r"规模|产值|营收|收入|增加值|占比|比重|总产值|企业", text[match.end() :]):
            continue
        if value is not None:
            found.append(Quantity(Decimal(value), f"count:{match.group('noun')}", "exact", match.start(),
                                  match.end(), Decimal(value), ""))
            for i in range(match.start(), match.end()):
                taken[i] = True
    for match in _WRITTEN_FRACTION.finditer(text):
        quantity = _written_fraction(text, match)
        if quantity:
            found.append(quantity)
            for i in range(match.start(), match.end()):
                taken[i] = True
    for match in _BARE_MAGNITUDE.finditer(text):
        if not (match.group("pre") or match.group("unit")) and not text.startswith("级", match.end("mult")):
            continue
        unit = _unit_key(match.group("unit")) if match.group("unit") else "CNY"
        value = MULTIPLIERS[match.group("mult")]
        if match.group("unit") == "千瓦":
            unit, value = "W", value * 1000
        qualifier, _ = _prefix_qualifier(text, match.start("mult"))
        found.append(Quantity(value, unit, qualifier, match.start("mult"), match.end(), Decimal(1),
                              match.group("mult")))
        for i in range(match.start(), match.end()):
            taken[i] = True
    for match in _HALF.finditer(text):
        qualifier, _ = _prefix_qualifier(text, match.start())
        if text.startswith("以上", match.end()):
            qualifier = "at_least"
        found.append(Quantity(Decimal(50), "percent", qualifier, match.start(), match.end(), Decimal(50), ""))
        for i in range(match.start(), match.end()):
            taken[i] = True
    for match in _TENTHS.finditer(text):
        if any(taken[match.start() : match.end()]):
            continue
        tenth = parse_number(match.group("num"))
        if tenth is not None:
            qualifier, _ = _prefix_qualifier(text, match.start())
            if text.startswith("多", match.end()):
                qualifier = "more_than"
            found.append(Quantity(tenth * 10, "percent", qualifier, match.start(), match.end(), tenth, "成"))
            for i in range(match.start(), match.end()):
                taken[i] = True
    for match in _QUANTITY.finditer(text):
        quantity = _quantity(text, match)
        if quantity and not any(taken[quantity.start : quantity.end]):
            found.append(quantity)
            low = _range_start(text, quantity)
            if low is not None:
                found.append(low)
                found[-2] = Quantity(quantity.value, quantity.unit, "at_most", quantity.start, quantity.end,
                                     quantity.raw_value, quantity.multiplier)
    found.sort(key=lambda q: q.start)
    # 千亿级产业链达到12条, 3个千亿级产业集群: a size class beside a count of the things it sizes qualifies them.
    found = [q for q in found if not (text.endswith("级", 0, q.end)
                                      and any(o.is_count and _same_clause(text, o, q) for o in found))]
    # 增长5%-8%: two written quantities joined by a range sign are its bounds.
    for i, (a, b) in enumerate(itertools.pairwise(found)):
        if a.unit == b.unit and a.value < b.value and re.fullmatch(r"-|~|～|—|–|至|到", text[a.end : b.start]):
            found[i] = Quantity(a.value, a.unit, "at_least", a.start, a.end, a.raw_value, a.multiplier)
            found[i + 1] = Quantity(b.value, b.unit, "at_most", b.start, b.end, b.raw_value, b.multiplier)
    return found


def _same_clause(text: str, a: Quantity, b: Quantity) -> bool:
    return not CLAUSE_BREAK.search(text, min(a.end, b.end), max(a.start, b.start))


def _quantity(text: str, match: re.Match[str]) -> Quantity | None:
    num, unit_text, mult = match.group("num"), match.group("unit") or "", match.group("mult") or ""
    start, end = match.start("num"), match.end()
    chinese = not num[0].isdigit()
    if chinese:
        # A lone 一 (一批, 一次告知, 一件事) is an idiom, not a count.
        if num in ("一", "两", "二") and not unit_text.startswith(("项", "家", "个", "所")):
            return None
        if num == "一" or not unit_text:
            return None
        # 近千人 is a count; 千人拥有科技人员数, 千人计划 use 千 as a base or a name.
        hedged = _prefix_qualifier(text, match.start())[0] != "exact" or match.group("fuzzy1") or match.group("fuzzy2")
        vague = match.start() and text[match.start() - 1] in "数几上"  # 数十家, 上千人
        if num in ("十", "百", "千", "万") and not hedged and not vague:
            return None
        if match.start() and text[match.start() - 1] in "第初每":
            return None
    if match.start() and text[match.start() - 1] == "第":
        return None
    latin = _LATIN_UNIT.match(text, end) if not unit_text else None
    if latin:
        unit_text, end = latin.group().strip(), latin.end()
    elif _is_embedded(text, start, match.end("num")) and not unit_text:
        return None
    if re.match(r"\d", text[end : end + 1] or "x"):
        return None
    # A unit that is really the start of a date or an ordinal word: 2020年, 9月, 1期.
    rest = text[match.end("num") + len(match.group("fuzzy1") or "") :]
    if _NOT_A_METRIC_AFTER.match(rest):
        return None
    unit_mult = ""
    for m in sorted(MULTIPLIERS, key=len, reverse=True):
        if unit_text.startswith(m) and unit_text[len(m) :] in UNIT_WORDS:
            unit_mult, unit_text = m, unit_text[len(m) :]
            break
    if not unit_text:
        # Bare numbers count only with a magnitude (近2千, 超1.7万) — otherwise they are codes, years or labels.
        if not (mult or unit_mult) or chinese:
            return None
        if _is_embedded(text, start, end):
            return None
    raw = parse_number(num)
    if raw is None:
        return None
    factor = Decimal(1)
    for m in (mult, unit_mult):
        if m:
            factor *= MULTIPLIERS[m]
    unit = _unit_key(unit_text) if unit_text else "count"
    if unit_text in PHYSICAL:
        factor *= PHYSICAL[unit_text][1]
    if unit == "count" and (mult or unit_mult) in ("亿", "万亿", "千亿", "百亿") and _MONEY_WORDS.search(text[:start]):
        unit = "CNY"  # 营收超100亿: in money contexts a bare 亿 is yuan
    qualifier, _ = _prefix_qualifier(text, match.start())
    if match.group("fuzzy1") or match.group("fuzzy2"):
        qualifier = "more_than"
    for word, suffix_qualifier in _SUFFIX_QUALIFIERS:
        if text.startswith(word, end):
            qualifier = suffix_qualifier
            break
    value = raw * factor
    if unit == "percent" and (mult or unit_mult):
        return None
    return Quantity(value, unit, qualifier, start, end, raw, mult + unit_mult)
