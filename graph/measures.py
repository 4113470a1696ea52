"""Measure concepts: the phrases reports use for one quantity resolve to one SKOS concept.

Reports name the same quantity in several ways: 专利申请量 / 专利申请数 / 专利申请, 技术合同成交额 / 技术合同成交金额,
研究与试验发展(R&D)经费 / R&D经费支出 / 研发经费投入. A measure's concept key is its phrase with what does not change
the quantity taken away, in this order:

1. width and case: full-width letters and digits become ASCII (ＲＤ → RD), Latin letters upper case;
2. brackets: a bracket explains or abbreviates what stands before it ((R&D), (与国内生产总值之比)) and goes;
3. standard terms: the statistical system's synonyms become one form (研究与试验发展 and 研发 → R&D; a share
   written 所占比重, 占比重 or 占…比重 → 占比; R&D经费与GDP之比 → R&D经费投入强度);
4. generic endings: a final 量, 数, 数量, 总量, 总数, 件数, 个数 or 规模 names no quantity of its own; a final 金额
   or 总额 is 额 (成交金额 is 成交额; 余额 and 份额 stay); 支出 and 投入 after 经费 add nothing, wherever they
   stand (R&D经费支出 is R&D经费, 企业经费支出占比 is 企业经费占比).

Nothing else is removed, so different quantities keep different keys: 发明专利申请 is not 专利申请 (a qualifier in
front stays), 专利授权 is not 专利申请 (a different head), 人数 keeps its 人. The concept's preferred label is the
phrase most reports write; every other written form is a skos:altLabel, and each report's own forms stay on its
kg:MeasureRecord.
"""

from __future__ import annotations

import re
import unicodedata

# Synonyms of the national statistical system, each to the form the key uses. Longest first.
STANDARD_TERMS: tuple[tuple[str, str], ...] = (
    ("研究与试验发展", "R&D"),
    ("研究和试验发展", "R&D"),
    ("研究与开发", "R&D"),
    ("研发", "R&D"),
)
_BRACKET = re.compile(r"[(（][^()（）]*[)）]")
_GENERIC_ENDING = re.compile(r"(?:数量|总量|总数|件数|个数|规模|量|(?<!人)数)$")
_AMOUNT = re.compile(r"(?<=.)(?:金额|总额)$")
_SPENDING = re.compile(r"(?<=经费)(?:支出|投入)")


def concept_key(phrase: str) -> str:
    """The key under which every phrase for the same quantity meets (see the module's rules)."""
    key = unicodedata.normalize("NFKC", phrase).upper()
    key = re.sub(r"\s+", "", key)
    key = _BRACKET.sub("", key) or key
    for term, standard in STANDARD_TERMS:
        key = key.replace(term, standard)
    # A share: X所占比重, X占比重, X占R&D经费比重 and X占比 are one (the whole it is a share of is X's own whole);
    # R&D intensity is by definition R&D spending over GDP.
    key = re.sub(r"(?:所占|占)[^占]{0,12}?(?:比重|比例)$|占比重$", "占比", key)
    key = re.sub(r"(?:投入)?与(?:国内生产总值|GDP)之比$", "投入强度", key)
    key = _AMOUNT.sub("额", _SPENDING.sub("", key))
    # Endings come off one at a time, as long as two characters remain (总量 stays 总量).
    while True:
        shorter = _GENERIC_ENDING.sub("", key)
        if shorter == key or len(shorter) < 2:
            return key
        key = shorter
