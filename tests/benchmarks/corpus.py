"""A deterministic generator of synthetic Chinese science-and-technology reports, for benchmarks.

Loading, querying and validating scale with the number and size of reports and with how often the same names
recur across them; the bundled report is one 3,500-character excerpt. This module writes as many reports as a
benchmark needs, each 5,000–50,000 characters (median about 10,000, a log-normal tail), in four styles:

- progress: a progress report in the style of the bundled one (Markdown `#`/`##` headings, short heading lines,
  `- ` list items, **bold** numbers, half-width punctuation);
- bulletin: a statistical bulletin (plain text, 一、二、 headings, full-width punctuation, `| 指标 | 单位 | … |` tables);
- news: a news-style summary (paragraphs that open with a date, few or no headings);
- chapter: a report chapter (Markdown, （一） headings, bold numbers, indicator and park tables).

Sentences come from templates written toward what the extractors handle (README: "Metrics: what a number
becomes", "Entities and relations"): numbers in every phrasing (hedges, growth, percentage points, cumulative,
as-of dates, date ranges, written-out numbers, 其中 parts, 由…提升至… revisions, 分别为…和… pairs, ranges,
physical units), relation clauses of every pattern, and ordinary policy prose in between. Names are drawn from
pools of well-known names followed by combinatorial ones (place + field + head), with probability ∝ 1/rank^1.1,
so a few names appear in most reports and a thousand reports still have a long tail of rare ones.

Report i depends only on (seed, i): the 10-report corpus is a prefix of the 100-report one, byte for byte.

    python tests/benchmarks/corpus.py --reports 100 --seed 0 --out /tmp/corpus
"""

from __future__ import annotations

import argparse
import itertools
import math
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ZIPF_EXPONENT = 1.1  # P(name of rank r) ∝ 1 / r^1.1 within each pool
REUSE = 0.35  # chance that a slot names something the report already named (reports keep to their topics)
HEDGE = 0.22  # chance that a number carries a hedge (近, 约, 超过, 余, 以上, …)
BOLD = 0.6  # chance that a number is bold in the Markdown styles
LENGTH_MEDIAN, LENGTH_SIGMA, LENGTH_MIN, LENGTH_MAX = 10_000, 0.62, 5_000, 48_500  # characters; blocks add < 1,500
YEARS = range(2015, 2025)
STYLES = {"progress": 0.3, "bulletin": 0.25, "news": 0.25, "chapter": 0.2}
# Share of fact (number), link (relation) and filler sentences in each style's paragraphs.
MIX = {"progress": (0.25, 0.15, 0.60), "bulletin": (0.35, 0.08, 0.57), "news": (0.18, 0.20, 0.62),
       "chapter": (0.25, 0.15, 0.60)}

# ---------------------------------------------------------------------------------------------------------------
# Places: the report's home city (most reports are Shanghai's) and its districts.
# ---------------------------------------------------------------------------------------------------------------

CITIES: list[tuple[str, str, list[str]]] = [
    ("上海", "shanghai", ["闵行区", "浦东新区", "杨浦区", "徐汇区", "嘉定区", "松江区", "宝山区", "长宁区", "静安区",
                         "普陀区", "黄浦区", "虹口区", "青浦区", "奉贤区", "金山区", "崇明区"]),
    ("北京", "beijing", ["海淀区", "朝阳区", "昌平区", "大兴区", "顺义区", "丰台区", "通州区"]),
    ("深圳", "shenzhen", ["南山区", "福田区", "龙岗区", "宝安区", "光明区", "龙华区"]),
    ("苏州", "suzhou", ["姑苏区", "吴中区", "相城区", "虎丘区", "吴江区"]),
    ("杭州", "hangzhou", ["滨江区", "余杭区", "西湖区", "萧山区", "钱塘区"]),
    ("南京", "nanjing", ["江宁区", "栖霞区", "鼓楼区", "浦口区", "玄武区"]),
    ("广州", "guangzhou", ["天河区", "黄埔区", "番禺区", "南沙区", "海珠区"]),
    ("合肥", "hefei", ["蜀山区", "包河区", "庐阳区", "瑶海区"]),
    ("武汉", "wuhan", ["洪山区", "江夏区", "武昌区", "汉阳区"]),
    ("成都", "chengdu", ["武侯区", "双流区", "郫都区", "龙泉驿区"]),
    ("西安", "xian", ["雁塔区", "长安区", "未央区", "碑林区"]),
    ("天津", "tianjin", ["滨海新区", "西青区", "南开区", "津南区"]),
    ("宁波", "ningbo", ["鄞州区", "北仑区", "镇海区", "海曙区"]),
    ("无锡", "wuxi", ["新吴区", "滨湖区", "梁溪区", "锡山区"]),
    ("青岛", "qingdao", ["崂山区", "黄岛区", "城阳区", "市南区"]),
    ("厦门", "xiamen", ["思明区", "湖里区", "集美区", "海沧区"]),
    ("长沙", "changsha", ["岳麓区", "雨花区", "开福区", "天心区"]),
    ("常州", "changzhou", ["武进区", "新北区", "天宁区", "钟楼区"]),
]
COUNTRIES = ["德国", "以色列", "新加坡", "法国", "日本", "英国", "芬兰", "瑞士", "荷兰", "韩国"]

# Parts that generated names are built from.
CITY_PREFIXES = ("上海 北京 天津 重庆 南京 苏州 杭州 宁波 合肥 武汉 长沙 成都 西安 青岛 厦门 福州 郑州 济南 沈阳 "
                 "哈尔滨 长春 昆明 南昌 兰州 太原 南宁 贵阳 常州 温州 嘉兴 烟台 珠海 东莞 佛山 绍兴 扬州 徐州 "
                 "江苏 浙江 安徽 湖北 湖南 四川 陕西 山东 河南 广东 福建 江西").split()
LOCAL_PREFIXES = ("浦东 闵行 杨浦 徐汇 嘉定 松江 宝山 临港 张江 漕河泾 紫竹 虹桥 金桥 外高桥 长宁 静安 普陀 青浦 奉贤 "
                  "金山 崇明 南汇 吴淞 滨江 中关村 南山 光明 昆山 太仓 江北 江宁 滨湖 长三角 "
                  "苏州 杭州 南京 合肥 宁波 嘉兴 常州 深圳 北京").split()
FIELDS = ("人工智能 集成电路 生物医药 智能制造 量子信息 先进材料 工业互联网 新能源 海洋装备 商业航天 合成生物 "
          "智能网联汽车 精准医学 高端医疗器械 新型储能 脑科学 光子芯片 光电子 氢能 深海技术 生命科学 数字医疗 "
          "新型显示 智能传感 卫星导航 大数据 物联网 云计算 航空航天 机器人 绿色低碳 数字经济 细胞治疗 第三代半导体").split()
UNIVERSITY_FIELDS = ("理工 科技 工业 交通 电子科技 医科 师范 财经 农业 海洋 信息工程 航空航天 中医药 石油 化工 电力 "
                     "建筑 林业").split()
COMPANY_CORES = ("芯源 华创 星河 云图 天数 中科 博远 鼎信 瑞联 清源 宏芯 海光 凌云 华芯 光启 宇航 天际 蓝海 金桥 "
                 "新元 恒远 思源 智元 擎天 微光 远景 晶合 华兴 英诺 万德 智谱 澜海 海川 源杰 天瑞 明德 科华 鸿图 "
                 "正帆 卓远 汇川 拓荆 灵犀 盛邦 北辰 长风 云璟 翰博").split()
COMPANY_FIELDS = ("微电子 生物科技 智能科技 信息技术 医疗器械 新能源科技 材料科技 机器人 半导体 数据科技 网络科技 "
                  "光电科技 软件 精密机械 检测技术 医药 汽车科技 航天科技").split()
TALENT_PLANS = ("青年英才 科技领军人才 海外高层次人才 启明星 扬帆 超级博士后 曙光 优秀学术带头人 青年拔尖人才 "
                "卓越工程师 产业菁英 浦江人才 东方英才 创新创业领军人才").split()

# ---------------------------------------------------------------------------------------------------------------
# Well-known names, most frequent first; generated names follow them in each pool.
# ---------------------------------------------------------------------------------------------------------------

UNIVERSITIES = ("上海交通大学 复旦大学 同济大学 华东师范大学 上海大学 上海理工大学 华东理工大学 东华大学 上海科技大学 "
                "清华大学 北京大学 浙江大学 南京大学 中国科学技术大学 上海第二工业大学 上海师范大学 上海应用技术大学 "
                "上海海事大学 上海财经大学 上海中医药大学 上海工程技术大学 上海电力大学 上海海洋大学 东南大学 西湖大学 "
                "南方科技大学 深圳大学 武汉大学 华中科技大学 西安交通大学 哈尔滨工业大学 北京航空航天大学 电子科技大学 "
                "四川大学 中山大学 厦门大学 山东大学 天津大学 南开大学 苏州大学 浙江工业大学 杭州电子科技大学 "
                "南京理工大学 合肥工业大学").split()
FOREIGN_UNIVERSITIES = ("麻省理工学院 帝国理工学院 新加坡南洋理工大学 新加坡国立大学 剑桥大学 牛津大学 慕尼黑工业大学 "
                        "多伦多大学 以色列理工学院 苏黎世联邦理工学院 东京大学").split()
INSTITUTES = ("中国科学院上海分院 上海人工智能实验室 张江实验室 之江实验室 鹏城实验室 中国科学院计算技术研究所 "
              "上海产业技术研究院 江苏省产业技术研究院 上海微技术工业研究院 "
              "上海期智研究院 长三角国家技术创新中心 上海市计量测试技术研究院 临港实验室 "
              "中国科学院上海药物研究所 上海处理器技术创新中心 上海树图区块链研究院").split()
BRANDS = ("华为 腾讯 阿里巴巴 百度 联影医疗 中芯国际 华虹集团 上汽集团 中国商飞 药明康德 宁德时代 比亚迪 小米 "
          "字节跳动 京东 网易 中兴通讯 联想 上海电气集团股份有限公司 宝武钢铁 中国石化 华谊集团 "
          "上海华力微电子有限公司 上海微电子装备（集团）股份有限公司 上海集成电路研发中心有限公司 "
          "杭州海康威视数字技术股份有限公司 中电海康集团有限公司 京东科技控股股份有限公司 北京字节跳动科技有限公司 "
          "沐曦集成电路（上海）有限公司 上海复星医药（集团）股份有限公司 商汤科技 浦东科创集团").split()
FOREIGN_FIRMS = "美敦力 西门子 英特尔 微软 特斯拉 IBM 惠普 VMware 西门子能源有限公司 IOTech StartupEast Indig集团".split()
FOREIGN_CENTRES = ("美敦力中国研发中心 西门子中国研究院 英特尔中国研究院 微软亚洲研究院 IBM中国研究院 "
                   "特斯拉上海研发中心 惠普中国创新中心").split()
CENTRES = "上海电气西门子能源智慧能源赋能中心 美敦力医疗机器人研发中心 智能计算创新中心 视觉智能联合实验室".split()
SCIENCE_PARKS = ("交大科技园 复旦科技园 同济科技园 华东师范大学科技园 上大科技园 东华大学科技园 上海理工大学科技园 "
                 "华理科技园 第二工业大学科技园 浙江大学科技园 清华科技园 北大科技园 南京大学科技园").split()
PARKS = ("张江高科技园区 东方美谷生命健康产业园 市北高新技术服务业园区 苏州工业园区 中关村软件园 "
         "滨江物联网产业园 漕河泾新兴技术开发区 紫竹国家高新技术产业开发区").split()
CLUSTERS = ("大零号湾 张江科学城 临港新片区 中以(上海)创新园 杨浦五角场 长三角 未来科技城 光明科学城 "
            "河套深港科技创新合作区 滴水湖科创总部湾 张江药谷 东湖高新区 紫金港科技城 嘉定新城").split()
INCUBATORS = "上海科技创业中心孵化器 张江药谷孵化器 零号湾众创空间 杨浦创业加速器 漕河泾创新孵化器".split()
PLATFORMS = ("国家技术转移东部中心 上海科技创业导师网上平台 上海市研发公共服务平台 上海技术交易所 "
             "上海市大型科学仪器设施共享服务平台 长三角科技资源共享服务平台").split()
PROGRAMMES = ("科技小巨人工程 大学科技园培育工程 国家重点研发计划 国家科技重大专项 青年科技启明星计划 浦江人才计划 "
              "科技型中小企业技术创新资金 “科技创新行动计划”重点专项 扬帆计划").split()
VOUCHERS = "科技创新券 数据券 检验检测券 模型语料券 知识产权券 研发设计券 技术转移券 质量检测券 工业设计券".split()
FUNDS = ("国家集成电路产业投资基金 上海科创基金 上海天使投资引导基金 中国互联网投资基金 政策性融资担保基金 "
         "上海市中小微企业政策性融资担保基金 国家中小企业发展基金 上海人工智能产业投资基金 上海生物医药产业母基金").split()
BANKS = ("浦发银行 上海银行 招商银行 交通银行 上海农商银行 兴业银行 中国建设银行上海市分行 中国银行上海市分行 "
         "北京银行 杭州银行 南京银行 宁波银行 江苏银行 工商银行上海市分行 华夏银行 苏州银行").split()
COMPETITIONS = ("“创业在上海”国际创新创业大赛 中国创新创业大赛 上海国际创客大赛 颠覆性技术创新大赛 "
                "中国创新挑战赛 “创客中国”中小企业创新创业大赛").split()
EVENTS = ("浦江创新论坛 世界人工智能大会 中国国际工业博览会 中国国际进口博览会 中国国际高新技术成果交易会 中关村论坛 "
          "世界顶尖科学家论坛 长三角科技成果交易博览会 上海国际技术进出口交易会 浦东创新创业峰会").split()
GOVERNMENT = ("市科委 科技部 市财政局 市科协 市知识产权局 市经济信息化委员会 市人民政府 "
              "市人力资源社会保障局 上海市科学技术委员会 市地方金融监督管理局 "
              "市统计局 区科技局").split()
INDUSTRIES = ("人工智能 集成电路 生物医药 智能制造 新能源 新材料 高端装备 机器人 医疗健康 信息技术 生命科学 互联网 "
              "量子信息 工业互联网 数字经济 智能网联汽车 航空航天 海洋装备 区块链 云计算 大数据 "
              "物联网 元宇宙 低空经济 合成生物 脑机接口 氢能 储能 光伏 高端医疗器械 创新药 细胞与基因治疗 北斗导航 "
              "新型显示 智能传感器 第三代半导体 商业航天 绿色低碳 在线新经济 网络安全 虚拟现实 卫星互联网").split()
DESIGNATIONS = "国家大学科技园 国家级科技企业孵化器 高新技术企业 科技型中小企业".split()
TRACKS = ("商业 工业 智慧医疗 人工智能 集成电路 生物医药 智能制造 绿色低碳 数字经济 先进材料 新能源 智能网联汽车 "
          "大健康 青年创业 海外").split()
PRODUCTS = "科技快贷 科创贷 研发贷 知识产权贷 投贷宝 科技履约贷 小巨人信用贷 人才贷".split()
ROUNDS = "天使轮 Pre-A轮 A轮 A+轮 B轮 B+轮 C轮 D轮 战略".split()
POLICY_TOPICS = ["加快推进我市大学科技园高质量发展", "进一步促进科技成果转化", "加快建设具有全球影响力的科技创新中心",
                 "支持新型研发机构发展", "加强基础研究", "推动科技金融深度融合", "优化创新创业生态环境",
                 "促进{ind}产业高质量发展", "加快发展{ind}产业", "推进{ind}领域关键核心技术攻关",
                 "加快建设创新策源地", "强化企业科技创新主体地位", "促进科技型中小企业健康发展"]
POLICY_KINDS = "指导意见 实施意见 若干措施 若干政策 实施方案 行动方案 管理办法 实施细则".split()

# ---------------------------------------------------------------------------------------------------------------
# Sentence templates by topic. Slots: entity kinds ({uni}, {co}, {cluster}, …; a digit keeps a name within the
# sentence: {co1} twice is one name; a plural {unis} lists two to four), number kinds ({yi}, {firms}, …; a
# trailing ! forbids a hedge because the template writes its own), phrases ({growth}, {pp_change}, {rev_wan},
# {daterange}, {inds_major}, …) and literal choices ({近百|百余}). Templates have no final 。.
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    headings: list[str]  # section and sub-section titles
    facts: list[str]  # sentences with numbers
    links: list[str]  # sentences with relations (and often numbers)
    filler: list[str] = field(default_factory=list)  # policy prose
    entity_headings: list[str] = field(default_factory=list)  # titles that name what the section is about


TOPICS: dict[str, Topic] = {
    "rd": Topic(
        headings=["研发投入", "全社会研发投入稳步增长", "研发投入强度持续提升", "基础研究投入力度加大",
                  "企业研发投入主体地位巩固", "加大创新资金支持规模"],
        facts=[
            "全年全社会研究与试验发展（R&D）经费支出{yi}，{growth}，相当于全市生产总值的比例为{gdp_share}，{pp_change}",
            "{year}年全市全社会研发投入{yi}，{growth}，研发投入强度达到{gdp_share}",
            "基础研究经费投入{yi}，占研发经费比重为{share_small}，{pp_change}",
            "规模以上工业企业研发经费支出{yi}，{growth}；其中，高技术制造业研发经费{part}，{growth_short}",
            "市区两级财政科技投入{yi}，{growth}，其中市级财政科技投入{part}",
            "1—{month}月，全市重大科技项目完成投资{yi}，年均增长{pct}",
            "企业研发投入占全社会研发投入的比重{超过|接近|约}{cn_tenths}",
            "基础研究经费占研发经费的{cn_pct}，比{ref}年提高{pp_int}",
            "研发经费投入规模是{ref}年的{times}",
            "全年争取国家科技计划项目{items}，获得中央财政经费支持{yi}",
            "研发费用加计扣除政策惠及企业{firms}，减免税额{yi}",
            "高新技术企业研发投入{yi}，占全社会研发投入的{share}",
            "全市研发经费支出和研发投入强度分别为{yi!}和{gdp_share!}",
            "组织{firms}牵头单位申报科技部重点专项项目，争取科技部支持{wan_yuan}",
        ],
        links=[
            "{co}承担{prog}，全年完成研发投入{yi}",
            "{gov}支持{unis}等高校建设{centre}",
            "{uni}牵头承担{prog}，获得支持经费{wan_yuan}",
            "开展{prog}，推动{cos}等企业加大研发投入",
            "{coalias}承担国家科技重大专项，全年完成研发投入{yi}；{alias}与{co}合作建设{centre}，已于{month}月底通线",
            "{inst}与{co}共同开展{ind}关键核心技术攻关",
            "{gov}、{gov}联合出台{doc}",
            "{inst}与{uni}联合建立{centre}，首期投入{wan_yuan}",
        ],
        filler=["持续加大基础研究投入，探索建立多元化投入机制", "引导企业加大研发投入，落实研发费用加计扣除等普惠性政策",
                "完善财政科技投入方式，提高资金使用效益", "推动各类创新资源向企业集聚，强化企业创新主体地位"],
    ),
    "firms": Topic(
        headings=["企业创新", "创新主体", "科技型企业持续壮大", "科技型中小企业支持力度不断加大",
                  "强化企业技术创新主体地位", "企业创新能力稳步提升", "专精特新企业梯度培育"],
        facts=[
            "全年{firms}企业申报，{growth}，其中{share!}企业首次申报",
            "申请企业吸纳就业人数{wan_people}，其中高校应届毕业生人数{part}",
            "支持企业{firms}，市区两级财政投入{yi}",
            "截至年底，全市科技型中小企业累计入库{firms_wan}，科技小巨人工程累计扶持企业{firms}，"
            "全市有效期内高新技术企业{firms_wan}",
            "全年认定高新技术企业{firms}，累计有效期内高新技术企业达{more}",
            "全市国家高新技术企业总量达{firms_wan}，比上年净增{firms}",
            "民营科技企业占比超过{cn_tenths}，近三年累计培育“小巨人”企业{百余|近百|二百余}家",
            "全市拥有国家级企业技术中心{firms_small}，市级企业技术中心{firms}",
            "独角兽企业达到{firms_small}，其中{co}、{co}估值位居前列",
            "{co}全年实现营业收入{yi}，{growth}",
            "全市规模以上工业企业中有研发活动的企业占比为{share}，{pp_change}",
            "专精特新中小企业总数达到{firms}，其中国家级专精特新“小巨人”企业{part}",
            "科技型中小企业技术创新资金立项{items}，资助金额{wan_yuan}",
        ],
        links=[
            "{co}入选{prog}",
            "{co}与{uni}签署战略合作协议，双方将共建{centre}",
            "{co}投资建设的{centre}正式启用，总投资{yi}",
            "支持{cos}等企业牵头组建{newinst}",
            "{uni}与{co}联合成立{newinst}",
            "{co}在{cluster}投资建设{centre}，总投资{yi}，计划于{next}年投产",
            "{startup}完成{yi!}{round}融资，由{fund}领投",
            "{coalias}交付关键设备{tai}，{growth}；{alias}入选{prog}",
            "{co}携手{uni}打造{centre}",
        ],
        filler=["优化创新创业服务，市区联动推动双创载体高质量发展", "完善科技企业梯度培育体系，强化精准服务",
                "支持处于成长期的科技型、创新型、创业型企业做大做强"],
    ),
    "carriers": Topic(
        headings=["创新载体", "创新创业载体稳步发展", "构建多层次创新创业载体空间网络", "推进大学科技园高质量发展",
                  "科技园区提质增效", "孵化载体能级提升", "提升载体服务能力和效能"],
        facts=[
            "全市共有众创空间{firms}，国家级科技企业孵化器{firms_small}，在孵企业{firms_wan}",
            "全市超{share!}的创新创业载体为入驻企业落实减免房租，涉及空间面积约{area_wan!}，"
            "实际减免房租金额约{yi!}",
            "1期总建筑面积约{area_wan!}全部投入使用、2期建筑面积约{area_wan!}已全面开工",
            "{area_wan}科创载体已建成使用，其中{part}的{upark}落地运营，承接{ge_more}师生创新创业项目和企业",
            "{park}在孵企业{firms}，其中新入驻企业{part}",
            "{park}年内新签约项目{ge}，协议投资额{yi}",
            "{cluster}全年新增科技型企业{firms}，{growth}",
            "截至{year}年底，{cluster}累计集聚高新技术企业{firms}，规上工业总产值达到{yi}",
            "全市大学科技园孵化企业{firms}，其中在孵企业{part}",
            "{cluster}已建成科创空间{area_wan}，入驻企业达到{firms}",
            "全市大学科技园达到{cn_count}，在孵企业{firms}",
            "全市科技企业孵化器共有{firms}，在孵企业{firms_wan}",
        ],
        links=[
            "{co1}和{co2}计划在{cluster}共建{centre}",
            "{foreigncentre}计划与{co}、{uni}在{cluster}新建{centre}",
            "{upark}获批国家大学科技园",
            "{inc}获批国家级科技企业孵化器，在孵企业{firms}",
            "{inc}位于{park}，累计孵化企业{firms}，其中毕业企业{part}",
            "{startup}入驻{inc}，首期租用办公面积{area}",
            "{inst}已落户{cluster}",
            "{co}入驻{park}，计划建设{centre}",
            "{park}聚焦{inds_major}，已引入{firms}企业、机构和项目",
            "{cluster}引进{co}，总投资{yi}",
            "{month}月底，{dist}推动区域内高校、国企签订共建{cluster}合作协议",
            "支持{unis}等辐射带动力强的大学科技园开展示范园建设",
            "{centre}位于{cluster}，已建成投用",
            "在{dist}“{cluster}”、{dist}“{cluster}”等区域形成集聚效应",
            "{distgov}支持{uni}建设{centre}",
        ],
        filler=["“苗圃-孵化-加速-产业化”的创业孵化服务链已初步成型",
                "充分发挥创新创业载体作用，助力稳就业、保市场主体", "开放式科创街区建设有序推进",
                "重点对于前期发展滞缓、成效不彰的部分载体进行走访和指导"],
        entity_headings=["推进{cluster}建设", "{cluster}建设初见成效", "{park}发展成效显著", "{upark}加快建设"],
    ),
    "finance": Topic(
        headings=["科技金融", "科技金融服务体系持续完善", "创新投贷联动融资服务模式", "强化政策性融资担保基金增信功能",
                  "科创板服务", "科技信贷", "创业投资"],
        facts=[
            "截至{month}月底，{home}主要银行业金融机构投贷联动项下贷款存量户数{hu}，贷款余额合计{yi}",
            "政策性融资担保贷款余额{yi}，年内增幅约{pct!}",
            "担保基金已与{firms_small}银行、{firms_small}担保机构签署合作协议",
            "截至{year}年底，{home}共有{firms_small}企业在科创板上市，首发募资合计{yi}",
            "{bank}科技型企业贷款余额达到{yi}，较年初增长{pct}",
            "{fund}累计投资子基金{zhi}，子基金总规模超过{yi!}",
            "{fund}全年参股子基金{zhi}，撬动社会资本超过{yi!}",
            "{bank}推出“{product}”产品，全年为{firms}科技型中小企业提供信用贷款{yi}",
            "对符合条件的科技型中小企业给予{range_wan}的贷款贴息",
            "科创板上市企业数量和首发募资额分别为{firms!}和{yi!}",
            "科技型企业知识产权质押融资金额{yi}，{growth}",
        ],
        links=[
            "{fund}投资{startup}，投资金额{yi}",
            "{startup}完成{yi!}{round}融资，由{fund}领投",
            "{uni}孵化企业{startup}获得{fund}投资",
            "{bank}与{distgov}签署战略合作协议",
            "{fund}领投了{startup}的{round}融资",
            "上海银行业多渠道与外部的股权投资机构开展合作，{bank}与{fund}开展合作",
        ],
        filler=["探索多种形式的投贷联动融资服务模式创新", "降低担保费率，提高担保倍数，扩大担保规模",
                "创新推出“大数据+担保”“信保+担保”等融资方案", "完善科技金融服务支撑体系"],
    ),
    "transfer": Topic(
        headings=["成果转化", "促进科技成果转移转化", "科技创新券支持力度不断加大", "技术市场持续活跃",
                  "知识产权创造质量提升", "技术转移服务"],
        facts=[
            "全年共签订各类技术合同{jian}，{growth_short}；合同金额{yi}，{growth_short}",
            "全年技术合同成交额{yi}，{growth}；其中，技术开发合同{part}",
            "全年专利申请量{wan_jian}，{growth}；其中，发明专利申请量{part}，{growth_short}",
            "全年专利授权量{wan_jian}，{growth_short}；其中，发明专利授权量{part}，{growth_short}",
            "全市每万人口发明专利拥有量达到{per_wan}，比{ref}年末翻一番",
            "全年共向{firms}中小企业和创业团队发放总额{yi}的科技创新券，兑现补贴{wan_yuan}，调动企业研发总支出{yi}",
            "为进一步降低企业研发成本，单个科技型中小企业科技创新券使用额度由{rev_wan}",
            "全年技术合同成交数量和成交额分别为{jian!}和{yi!}",
            "促成合同金额{yi}，促成技术转移{items}，助力{firms_small}企业获投融资{yi}",
            "{plat}全年服务企业{firms}，促成技术交易额{yi}",
            "全年挂牌项目{wan_items}，成交金额{yi}，{growth}",
            "PCT国际专利申请量{wan_jian}，连续{5|8|10|12}年居全国大中城市首位",
            "新建海外分中心{ge}，累计达到{more}",
            "全市技术交易额人均达到{wan_yuan_small}，千人拥有科技人员数为{per_qian}",
            "研发类服务惠及{firms}次中小企业，兑现补贴{wan_yuan}",
        ],
        links=[
            "{gov}、{gov}联合出台{doc}，明确单张创新券额度不超过{wan_yuan!}",
            "{gov}印发{doc}",
            "开展{voucher}跨区域通用通兑试点，推动{cos}等企业参与",
            "{plat}与{unis}等高校开展合作",
            "{uni}与{co}共建{centre}",
            "{plat}与{inst}签署技术转移合作协议",
            "{month}月{day}日，{doc}发布",
        ],
        filler=["拓宽科技创新券服务范围，激发企业创新动力，活跃科技服务市场", "推动高校创新资源开放共享",
                "提升高校技术转移服务功能", "畅通科技成果转化通道，打通“最后一公里”"],
    ),
    "talent": Topic(
        headings=["人才与交流", "科技人才队伍不断壮大", "青年人才", "海外人才", "人才发展环境持续优化",
                  "推动载体以科技创业带动就业"],
        facts=[
            "全市人才资源总量达到{wan_people}，其中研发人员约{part!}，占从业人员的{cn_pct}",
            "新当选两院院士{people_small}，累计拥有两院院士{people_mid}",
            "35岁以下青年科技人才占比超过{cn_frac}，比{ref}年提高{pp_int}",
            "全年资助{prog}项目{items}，资助金额共计{wan_yuan}",
            "全年办理外国人来华工作许可{wan_fen}，其中外国高端人才（A类）占比达{share!}以上",
            "全年新引进各类人才约{wan_people!}，其中博士后{people!}左右",
            "引进海外高层次人才超过{people!}，科技服务业从业人员约{wan_people!}",
            "发布超过{posts!}岗位需求，参与企业{firms}，实际解决大学生就业近{people!}",
            "全年共有普通高等学校{suo}，在校研究生{wan_people}，{growth}；普通本专科在校生{more}",
            "新增国家杰出青年科学基金获得者{people_small}",
        ],
        links=[
            "{inst}与{uni}联合培养博士研究生{people}",
            "{gov}支持{unis}等高校建设{plat}",
            "{uni}与{inst}签署人才联合培养协议",
            "{co}参与{prog}，引进高层次人才{people}",
            "{uni}入选{prog}",
        ],
        filler=["培育创新创业人才，构建高水平的创新合作网络", "营造宽容失败的环境，激发科研人员创新活力",
                "完善人才评价和激励机制，支持科研人员创新创业"],
    ),
    "events": Topic(
        headings=["双创活动", "系列品牌活动营造氛围", "重大活动", "创新创业大赛成效显著", "品牌活动影响力持续扩大"],
        facts=[
            "{daterange}，{comp}举行，吸引{firms_wan}企业申报，{growth}",
            "遴选{firms}企业参加全国赛，{part}获优秀企业",
            "联动{ge}分赛区、{firms_small}服务机构，{firms}金融投资机构，举办各类线上线下创业活动{chang}；"
            "累计线上观看人次{wan_renci}、线下活动人次{wan_renci}",
            "近{二百|三百|五百}支队伍（近千人）报名参赛，{zhi}队伍进入初赛，{zhi}队伍获奖",
            "全年举办创新创业活动{chang}，参与人数逾{wan_renci!}",
            "第{ordinal}届{comp}中，{home}{firms_small}企业进入决赛（共{more!}）",
            "参展单位超过{firms!}，展览面积约{area_wan!}",
            "为科技企业政策联络员举办{chang}科技政策宣传和线上直播辅导课程，累计访问量{wan_visits}",
        ],
        links=[
            "{comp}设{tracks}",
            "{comp}吸引来自{foreign}、{foreign}、{co}、{co}等国内外知名机构关注",
            "{gov}主办第{ordinal}届{event}，来自{cn_count}国家和地区的{people}嘉宾参会",
            "{gov}和{uni}联合承办{event}",
            "{event}在{venue}举行，吸引{co}、{foreign}等{firms}企业参展",
            "{plat}通过线上、线下的形式与{orgs}等机构共同举办{chang}各类路演、金融活动",
            "{comp}在{park}举办，{ge}项目报名参赛",
        ],
        filler=["持续开展创新挑战赛、创新创业大赛等重大创新创业活动", "报名和参赛创新创业团队数量继续保持全国前列",
                "从产业出发汇聚创新力量，打造科技创新创业生态", "引导更广泛的社会资源支持创新创业"],
        entity_headings=["{comp}营造创客生态", "{year}年{comp}营造双创氛围", "{event}成功举办"],
    ),
    "industry": Topic(
        headings=["产业发展", "园区发展", "战略性新兴产业加快发展", "先导产业能级提升", "数字经济"],
        facts=[
            "{park}实现营业收入{yi}，{growth}",
            "{inds_major}规模突破{wanyi}，占全市比重约为{cn_tenths}",
            "{ind}产业规模达到{yi}，{growth}",
            "{cluster}已落地重大科技基础设施{ge}",
            "全市智能算力规模达到{pflops}，建成5G基站{wan_ge}",
            "{cluster}聚焦{inds}等产业，全年实现营业收入约{yi!}",
            "战略性新兴产业增加值{yi}，占全市生产总值比重{share_small}",
            "工业战略性新兴产业总产值{yi}，{growth}",
            "{ind}企业超过{firms!}，产业规模{yi}",
            "{park}入驻企业达到{firms}，{growth}",
        ],
        links=[
            "{dist}聚焦{inds_major}",
            "{co}计划在{cluster}新建{centre}，总投资{yi}",
            "{cluster}引进{co}{ind}项目，总投资约{yi!}",
            "{uni}与{co}联合成立{newinst}",
            "{distgov}支持{uni}建设{newinst}，研究院重点开展{ind}和{ind}研究",
            "{inst}成立{ind}创新联盟，{cos}等{firms_small}单位加入",
        ],
        filler=["形成若干创新创业集聚区", "推动产业链创新链深度融合", "提升周边社区配套服务功能",
                "打造具有国际竞争力的产业集群"],
        entity_headings=["{cluster}", "{park}"],
    ),
    "green": Topic(
        headings=["绿色低碳", "能源科技创新", "碳达峰碳中和科技支撑"],
        facts=[
            "全年新增光伏装机容量{power}，{growth}",
            "推广应用新能源汽车{wan_liang}，累计建成公共充电桩{wan_ge}",
            "通过节能技术改造，减少二氧化碳排放{tons}",
            "建成氢能输送管道{km}，加氢站{zuo}",
            "新型储能装机规模达到{power}，年发电量{yi_kwh}",
            "海上风电项目规划装机{power}，总投资{yi}",
            "全市单位生产总值能耗同比下降{pct_small}",
            "完成绿色建筑面积{area_wan}，{growth}",
        ],
        links=[
            "{co}与{inst}联合建立{centre}",
            "{co}承担{prog}",
            "{co1}和{co2}计划在{cluster}共建{centre}",
            "{inst}与{co}开展合作",
        ],
        filler=["加快绿色低碳技术研发和推广应用", "推动能源结构绿色转型", "构建市场导向的绿色技术创新体系"],
    ),
    "intl": Topic(
        headings=["国际合作", "长三角协同创新", "区域创新合作持续深化", "国际科技合作"],
        facts=[
            "{cluster}新引进高端科研项目超{ge!}",
            "{cluster}引进{country}企业{firms_small}",
            "新建海外分中心{ge}，累计达到{more}",
            "长三角科技创新券累计兑付{wan_yuan}，服务企业{firms}",
            "国际科技合作项目立项{items}，资助金额{wan_yuan}",
        ],
        links=[
            "{home}与{foreignunis}等高校签署合作备忘录",
            "{inst}与{distgov}签订战略合作框架协议",
            "{uni}在{city}成立{newinst}，聚焦{inds}等领域",
            "{co}携手{foreign}在{cluster}建设{centre}",
            "{uni}与{foreignuni}共建{centre}",
        ],
        filler=["形成“宜居、宜创、宜业”的国际创新合作示范区", "深化长三角科技创新共同体建设",
                "推进成果双向转移转化"],
    ),
}

# Topics that statistical bulletins dwell on, with weights; the other styles draw topics evenly.
BULLETIN_TOPICS = {"rd": 3, "firms": 2, "transfer": 3, "talent": 2, "carriers": 1, "finance": 1, "green": 1,
                   "industry": 1, "events": 0.5, "intl": 0.5}

FILLER = [
    "持续优化创新创业生态，营造良好的科技创新环境", "全面落实国家和本市各项科技创新政策",
    "围绕“政策、场地、资金、服务”等高频事项，提升服务便利度", "推动政府信息公开，实现政策服务一次告知",
    "构建国家、市级层面的梯次体系", "编制实施相关发展规划，强化政策引导支持力度", "建立健全协调机制",
    "实施定期评估和监督制度", "理顺管理体制，优化运营机制", "做强核心功能，强化空间布局",
    "加强统筹协调，形成工作合力", "坚持问题导向，补齐短板弱项", "推动高质量发展取得新成效",
]
FILLER_ACTIONS = "持续优化 进一步完善 加快构建 着力提升 深入推进 不断健全 全面落实 积极探索 大力推动 切实加强".split()
FILLER_OBJECTS = ("创新创业生态 科技成果转化机制 科技金融服务体系 知识产权保护体系 人才发展体制机制 产学研协同创新机制 "
                  "科技评价制度 创新策源能力 区域协同创新格局 科技服务业发展环境 科研项目管理改革 "
                  "重大科技基础设施布局").split()
FILLER_TAILS = ["，营造良好的创新氛围", "，为高质量发展提供有力支撑", "，激发各类创新主体活力", "",
                "，推动形成“政产学研金服用”融合发展格局", "，打造极具活力的科技创新高地"]
TRENDS = "持续壮大 稳步发展 不断加大 成效显著 进一步优化 加快推进 初见成效 取得新突破 稳中有进 提质增效".split()

# Table rows: indicator, unit, low, high, decimals.
INDICATORS = [
    ("研发经费支出", "亿元", 200, 3000, 2), ("基础研究经费", "亿元", 20, 300, 2),
    ("专利申请量", "件", 20000, 300000, 0), ("专利授权量", "件", 10000, 200000, 0),
    ("发明专利授权量", "件", 3000, 60000, 0), ("PCT国际专利申请量", "件", 500, 20000, 0),
    ("技术合同成交额", "亿元", 100, 4000, 2), ("技术合同数", "项", 5000, 60000, 0),
    ("高新技术企业数", "家", 1000, 40000, 0), ("科技型中小企业数", "家", 2000, 30000, 0),
    ("国家级科技企业孵化器", "家", 5, 80, 0), ("众创空间", "家", 50, 600, 0), ("研发人员", "万人", 5, 60, 1),
    ("每万人口发明专利拥有量", "件", 10, 150, 1), ("高新技术产业产值", "亿元", 1000, 30000, 1),
    ("新产品产值", "亿元", 500, 20000, 1), ("科技服务业营业收入", "亿元", 200, 8000, 1),
    ("规模以上工业企业研发经费", "亿元", 100, 1500, 2),
]

# Number kinds: unit, low, high (sampled log-uniformly), decimals.
NUMBERS: dict[str, tuple[str, float, float, int]] = {
    "firms": ("家", 20, 5000, 0), "firms_small": ("家", 3, 120, 0), "firms_wan": ("万家", 0.3, 4, 2),
    "hu": ("户", 100, 2000, 0), "yi": ("亿元", 1, 3000, 2), "wanyi": ("万亿元", 1, 8, 1),
    "wan_yuan": ("万元", 100, 9000, 0), "wan_yuan_small": ("万元", 1, 5, 1), "people": ("人", 50, 5000, 0),
    "people_small": ("名", 2, 15, 0), "people_mid": ("位", 60, 200, 0), "wan_people": ("万人", 0.5, 80, 1),
    "wan_renci": ("万人次", 1, 120, 2), "wan_visits": ("万次", 5, 80, 0), "items": ("项", 5, 800, 0),
    "wan_items": ("万项", 0.5, 3, 1), "jian": ("件", 1000, 50000, 0), "wan_jian": ("万件", 0.5, 25, 2),
    "wan_fen": ("万份", 0.5, 5, 1), "per_wan": ("件", 10, 150, 1), "per_qian": ("人", 10, 80, 1),
    "ge": ("个", 3, 300, 0), "wan_ge": ("万个", 0.5, 10, 1), "chang": ("场", 10, 900, 0), "zhi": ("支", 5, 200, 0),
    "suo": ("所", 10, 90, 0), "zuo": ("座", 5, 150, 0), "wan_liang": ("万辆", 1, 60, 1),
    "area": ("平方米", 2000, 90000, 0), "area_wan": ("万平方米", 1, 300, 1), "power": ("万千瓦", 1, 500, 1),
    "tons": ("万吨", 0.5, 200, 1), "km": ("公里", 5, 900, 1), "yi_kwh": ("亿千瓦时", 1, 100, 1),
    "pflops": ("PFlops", 100, 9000, 0), "pct": ("%", 1, 60, 1), "pct_small": ("%", 0.5, 8, 1),
    "share": ("%", 5, 80, 1), "share_small": ("%", 1, 15, 1), "gdp_share": ("%", 1.5, 6.5, 2),
    "pp": ("个百分点", 0.05, 2.5, 2), "pp_int": ("个百分点", 1, 8, 0), "times": ("倍", 1.2, 3, 1),
    "posts": ("个", 2000, 30000, 0), "tai": ("台", 5, 200, 0),
}
PREFIX_HEDGES = "近 约 超过 逾 超 不足 将近 接近".split()
SUFFIX_HEDGES = ["以上", "左右"]
FUZZY_UNITS = {"家", "户", "人", "名", "个", "项", "件", "场", "支", "所", "座", "台", "万家", "万人", "万人次",
               "万次", "万件", "万个", "万元"}

CN_DIGITS = "零一二三四五六七八九"
HALF_WIDTH = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"})
SLOT = re.compile(r"\{([^{}]+)\}")
SLOT_NAME = re.compile(r"([a-z_]+?)(\d?)(!?)")


# ---------------------------------------------------------------------------------------------------------------
# Name pools
# ---------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    """Names in rank order with cumulative Zipf weights."""

    names: list[str]
    cum_weights: list[float]

    @classmethod
    def ranked(cls, names: list[str]) -> Pool:
        unique = list(dict.fromkeys(names))
        weights = [1 / rank**ZIPF_EXPONENT for rank in range(1, len(unique) + 1)]
        return cls(unique, list(itertools.accumulate(weights)))

    def draw(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cum_weights)[0]


def _combine(tag: str, parts: list[list[str]], count: int) -> list[str]:
    """`count` distinct names joined from one choice of each part, in a fixed order independent of the seed."""
    rng = random.Random(f"corpus-pool:{tag}")
    names: dict[str, None] = {}
    for _ in range(count * 20):
        names["".join(rng.choice(part) for part in parts)] = None
        if len(names) >= count:
            break
    return list(names)


def _company_names(count: int) -> tuple[list[str], dict[str, str]]:
    """Generated legal names (上海芯源微电子有限公司) and the short forms a report may declare for them (芯源微电子)."""
    rng = random.Random("corpus-pool:company")
    names: dict[str, str] = {}
    while len(names) < count:
        place, core, trade = rng.choice(LOCAL_PREFIXES + CITY_PREFIXES), rng.choice(COMPANY_CORES), rng.choice(
            COMPANY_FIELDS)
        legal = rng.choice(["有限公司", "有限公司", "股份有限公司"])
        names[f"{place}{core}{trade}{legal}"] = core + trade.removesuffix("科技")
    return list(names), names


@cache
def pools() -> tuple[dict[str, Pool], dict[str, str]]:
    """The name pools by slot kind, and the short forms of generated companies."""
    universities = UNIVERSITIES + _combine("uni", [CITY_PREFIXES, UNIVERSITY_FIELDS, ["大学"]], 300)
    companies, short_forms = _company_names(1200)
    field_heads = {
        "inst": (INSTITUTES, [LOCAL_PREFIXES, FIELDS, ["研究院", "创新研究院", "产业技术研究院", "实验室", "研究所"]], 300),
        "park": (PARKS, [LOCAL_PREFIXES, [*FIELDS, "软件", "生命健康", "低碳"], ["产业园", "科技园", "创新园"]], 300),
        "cluster": (CLUSTERS, [LOCAL_PREFIXES, ["", "", *FIELDS],
                               ["创新集聚区", "科技城", "科创湾", "创新湾", "总部湾", "高新区", "先行区", "智谷", "科学城"]],
                    300),
        "inc": (INCUBATORS, [LOCAL_PREFIXES, FIELDS, ["孵化器", "众创空间", "加速器"]], 300),
        "plat": (PLATFORMS, [LOCAL_PREFIXES, FIELDS, ["公共服务平台", "技术转移中心", "创新服务中心", "概念验证中心"]], 300),
        "centre": (CENTRES, [LOCAL_PREFIXES, FIELDS,
                                     ["研发中心", "创新中心", "联合实验室", "赋能中心", "联合创新中心", "研究中心"]], 400),
        "prog": (PROGRAMMES, [[*FIELDS, *TALENT_PLANS], ["重点专项", "专项", "计划", "创新行动计划", "人才计划"]], 200),
        "fund": (FUNDS, [LOCAL_PREFIXES, [*FIELDS, "天使投资", "科技创新"], ["产业基金", "投资基金", "引导基金", "母基金"]],
                 200),
        "comp": (COMPETITIONS, [LOCAL_PREFIXES, [*FIELDS, "海外高层次人才", "青年"],
                                ["创新创业大赛", "创新挑战赛", "应用创新大赛"]], 200),
        "event": (EVENTS, [LOCAL_PREFIXES, FIELDS, ["论坛", "大会", "峰会", "博览会", "创新论坛"]], 250),
    }
    ranked = {"voucher": VOUCHERS, "uni": universities, "co": BRANDS + companies, "startup": companies, "foreign": FOREIGN_FIRMS,
              "foreignuni": FOREIGN_UNIVERSITIES, "upark": SCIENCE_PARKS + [f"{u}科技园" for u in universities[13:160]],
              "gov": GOVERNMENT, "bank": BANKS, "ind": INDUSTRIES, "country": COUNTRIES,
              "city": [name for name, _, _ in CITIES], "designation": DESIGNATIONS}
    for kind, (known, parts, count) in field_heads.items():
        ranked[kind] = known + _combine(kind, parts, count)
    ranked["newinst"] = ranked["inst"][len(INSTITUTES) :]  # what a report says is newly founded
    return {kind: Pool.ranked(names) for kind, names in ranked.items()}, short_forms


# ---------------------------------------------------------------------------------------------------------------
# Small formatting helpers
# ---------------------------------------------------------------------------------------------------------------


def chinese_number(n: int) -> str:
    """1–999 in Chinese numerals: 3 → 三, 10 → 十, 23 → 二十三, 105 → 一百零五."""
    hundreds, rest = divmod(n, 100)
    if hundreds:
        return CN_DIGITS[hundreds] + "百" + ("" if not rest else "零" + CN_DIGITS[rest] if rest < 10
                                             else "一" + chinese_number(rest) if rest < 20 else chinese_number(rest))
    tens, ones = divmod(n, 10)
    if not tens:
        return CN_DIGITS[ones]
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


def chinese_decimal(value: float) -> str:
    """2.5 → 二点五, 12 → 十二 (for 百分之…)."""
    whole, _, fraction = f"{value:g}".partition(".")
    return chinese_number(int(whole)) + ("点" + "".join(CN_DIGITS[int(d)] for d in fraction) if fraction else "")


def log_uniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def round_figures(value: float, figures: int) -> float:
    """Round to significant figures: hedged numbers are round (近300亿元, 3000余家)."""
    if value <= 0:
        return value
    scale = 10 ** (math.floor(math.log10(value)) - figures + 1)
    return round(value / scale) * scale


def format_number(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}" if decimals else str(round(value))


# ---------------------------------------------------------------------------------------------------------------
# One report being written
# ---------------------------------------------------------------------------------------------------------------


class Writer:
    """Writes one report: its RNG, style, city and year, what it named so far, and the blocks written."""

    def __init__(self, rng: random.Random, style: str, city: tuple[str, str, list[str]], year: int) -> None:
        self.rng, self.style, self.year = rng, style, year
        self.home, self.slug, districts = city
        self.districts = Pool.ranked(districts)
        self.pools, self.short_forms = pools()
        self.markdown = style in ("progress", "chapter")
        self.used: dict[str, list[str]] = {}
        self.blocks: list[str] = []
        self.length = -1  # len(self.text()): blocks joined by blank lines, plus a final newline
        self.alias = ""
        self._decks: dict[tuple[str, str], list[str]] = {}  # templates not yet used, per topic and kind
        self._headings: list[str] = []  # headings used so far
        self._last: tuple[str, float] | None = None  # the sentence's last number: (kind, value), for {part}/{more}
        self._bound: dict[str, str] = {}  # slot with a digit → the name it stands for in this sentence
        self._named: list[str] = []  # names already in this sentence

    # Blocks ----------------------------------------------------------------------------------------------------

    def add(self, block: str) -> None:
        if self.style == "progress":
            block = block.translate(HALF_WIDTH)
        self.blocks.append(block)
        self.length += len(block) + 2

    def text(self) -> str:
        return "\n\n".join(self.blocks) + "\n"

    # Sentences -------------------------------------------------------------------------------------------------

    def fill(self, template: str) -> str:
        self._bound, self._named, self._last = {}, [], None
        return SLOT.sub(self._slot, template)

    def sentence(self, topic: str, kind: str) -> str:
        if kind == "filler":
            return self.filler(topic)
        return self.fill(self.template(topic, kind))

    def template(self, topic: str, kind: str) -> str:
        """The next template of a shuffled deck: a report uses each before it repeats any."""
        deck = self._decks.get((topic, kind))
        if not deck:
            deck = list(TOPICS[topic].facts if kind == "fact" else TOPICS[topic].links)
            self.rng.shuffle(deck)
            self._decks[(topic, kind)] = deck
        return deck.pop()

    def filler(self, topic: str) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3 and TOPICS[topic].filler:
            return rng.choice(TOPICS[topic].filler)
        if roll < 0.55:
            return rng.choice(FILLER)
        if roll < 0.8:
            return f"{rng.choice(FILLER_ACTIONS)}{rng.choice(FILLER_OBJECTS)}{rng.choice(FILLER_TAILS)}"
        return self.fill(rng.choice(["围绕{ind}、{ind}等重点领域，{action}{object}", "{action}{object}，服务{ind}产业发展",
                                     "聚焦{ind}领域，{action}{object}"]))

    def kind(self, mix: tuple[float, float, float]) -> str:
        roll = self.rng.random()
        return "fact" if roll < mix[0] else "link" if roll < mix[0] + mix[1] else "filler"

    def paragraph(self, topic: str, sentences: int, mix: tuple[float, float, float] | None = None,
                  lead: str = "") -> str:
        """Sentences of a topic; a `lead` (a date) opens with a fact or a relation, never with filler."""
        mix = mix or MIX[self.style]
        kinds = [self.kind(mix) for _ in range(sentences)]
        if lead and kinds[0] == "filler":
            kinds[0] = "link"
        return lead + "".join(self.sentence(topic, kind) + "。" for kind in kinds)

    def heading(self, topic: str, entity: float = 0.3) -> str:
        """A section title, naming a park or an event now and then; the same title twice only when a topic's
        titles run out."""
        t, rng = TOPICS[topic], self.rng
        if t.entity_headings and rng.random() < entity:
            return self.fill(rng.choice(t.entity_headings))
        titles = t.headings + [h + trend for h in t.headings if len(h) <= 4 for trend in TRENDS]
        for _ in range(6):
            title = rng.choice(titles)
            if title not in self._headings:
                break
        self._headings.append(title)
        return title

    # Slots -----------------------------------------------------------------------------------------------------

    def _slot(self, match: re.Match[str]) -> str:
        content = match.group(1)
        if "|" in content:
            return self.rng.choice(content.split("|"))
        parsed = SLOT_NAME.fullmatch(content)
        if parsed is None:
            raise ValueError(f"bad slot {{{content}}}")
        name, digit, exact = parsed.groups()
        if name in ("part", "more"):
            return self.related(name == "part", hedge=not exact)
        if digit:
            key = name + digit
            if key not in self._bound:
                self._bound[key] = self._value(name, exact == "!")
            return self._bound[key]
        return self._value(name, exact == "!")

    def _value(self, name: str, exact: bool) -> str:
        if name in NUMBERS:
            return self.number(name, hedge=not exact)
        if name in self.pools or name == "dist":
            return self.name(name)
        if name.endswith("s") and name[:-1] in self.pools:
            return "、".join(self.name(name[:-1]) for _ in range(self.rng.randint(2, 4)))
        phrase = getattr(self, f"phrase_{name}", None)
        if phrase is None:
            raise ValueError(f"unknown slot {{{name}}}")
        return phrase()

    def name(self, kind: str) -> str:
        """A name of `kind`, Zipf-ranked, often one the report already used, never twice in one sentence."""
        pool = self.districts if kind == "dist" else self.pools[kind]
        used = self.used.setdefault(kind, [])
        for _ in range(8):
            if used and self.rng.random() < REUSE:
                candidate = self.rng.choice(used)
            else:
                candidate = pool.draw(self.rng)
            if candidate not in self._named:
                break
        if candidate not in used:
            used.append(candidate)
        self._named.append(candidate)
        return candidate

    def related(self, part: bool, hedge: bool) -> str:
        """{part}: a share of the sentence's last number (其中…); {more}: a multiple of it (累计…), same unit."""
        kind, value = self._last or ("firms", 500.0)
        scale = self.rng.uniform(0.08, 0.6) if part else self.rng.uniform(1.5, 8)
        return self.number(kind, hedge, value * scale)

    def number(self, kind: str, hedge: bool = True, value: float | None = None) -> str:
        """A number with its unit, sometimes hedged (近, 约, 超过, 余, 以上, …), bold in Markdown styles."""
        unit, low, high, decimals = NUMBERS[kind]
        rng = self.rng
        value = log_uniform(rng, low, high) if value is None else value
        if unit not in ("%", "个百分点", "倍"):
            self._last = (kind, value)
        hedged = hedge and unit not in ("个百分点", "倍", "PFlops") and rng.random() < HEDGE
        form = rng.choice(["prefix", "prefix", "fuzzy", "suffix"]) if hedged else ""
        if form == "fuzzy" and (unit not in FUZZY_UNITS or value < 10):
            form = "prefix"
        if hedged:
            # Hedged numbers are round: 近300亿元, 3000余家 (a 余 or 多 number ends in zeros).
            value = round_figures(value, 1 if form == "fuzzy" and value < 1000 else rng.choice([1, 2]))
            decimals = 0 if value >= 10 or value == int(value) else 1
        elif decimals == 0 and value < 1:
            value = 1
        digits = format_number(value, decimals)
        bold = self.markdown and rng.random() < BOLD
        if form == "fuzzy":
            fuzzy = rng.choice(["余", "多"])
            return f"**{digits}{fuzzy}**{unit}" if bold else f"{digits}{fuzzy}{unit}"
        core = (f"**{digits}**{unit}" if rng.random() < 0.7 else f"**{digits}{unit}**") if bold else digits + unit
        if form == "prefix":
            return rng.choice(PREFIX_HEDGES) + core
        if form == "suffix":
            return core + rng.choice(SUFFIX_HEDGES)
        return core

    # Phrases: {growth}, {pp_change}, {daterange}, … --------------------------------------------------------------

    def phrase_year(self) -> str:
        return str(self.year)

    def phrase_next(self) -> str:
        return str(self.year + 1)

    def phrase_ref(self) -> str:
        return str(self.year - self.rng.randint(3, 6))

    def phrase_month(self) -> str:
        return str(self.rng.randint(3, 11))

    def phrase_day(self) -> str:
        return str(self.rng.randint(1, 28))

    def phrase_ordinal(self) -> str:
        return chinese_number(self.rng.randint(2, 25))

    def phrase_home(self) -> str:
        return self.home

    def phrase_growth(self) -> str:
        rng = self.rng
        if rng.random() < 0.12:
            return f"{rng.choice(['同比下降', '比上年下降', '较上年减少'])}{self.number('pct_small')}"
        base = rng.choice(["比上年增长", "同比增长", "较上年度增长", "较上年增长", f"较{self.year - 1}年增长", "增长"])
        return base + self.number("pct")

    def phrase_growth_short(self) -> str:
        return ("下降" + self.number("pct_small")) if self.rng.random() < 0.1 else "增长" + self.number("pct")

    def phrase_pp_change(self) -> str:
        return self.rng.choice(["比上年提高", "较上年提高", "比上年提升", "较上年下降"]) + self.number("pp", hedge=False)

    def phrase_rev_wan(self) -> str:
        old = self.rng.choice([10, 20, 30, 50, 100])
        new = old * self.rng.choice([1.5, 2, 3])
        return f"{self.emphasize(str(old))}万元{self.rng.choice(['提升至', '提高到', '上调至'])}{self.emphasize(f'{new:g}')}万元"

    def phrase_range_wan(self) -> str:
        low = self.rng.choice([1, 2, 3, 5, 10, 20, 50])
        return f"{low}-{low * self.rng.choice([2, 3, 5])}万元"

    def phrase_daterange(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"{self.year - 1}年{rng.randint(9, 12)}月{rng.randint(1, 28)}日至{self.year}年{rng.randint(3, 10)}月{rng.randint(1, 28)}日"
        start = rng.randint(3, 8)
        return f"{start}月{rng.randint(1, 28)}日至{rng.randint(start + 1, 12)}月{rng.randint(1, 28)}日"

    def phrase_cn_tenths(self) -> str:
        return self.rng.choice(["两", "三", "四", "五", "六"]) + "成"

    def phrase_cn_frac(self) -> str:
        return self.rng.choice(["三分之一", "四分之一", "五分之一", "五分之二", "三分之二"])

    def phrase_cn_pct(self) -> str:
        return "百分之" + chinese_decimal(round(self.rng.uniform(1, 20), self.rng.choice([0, 1])))

    def phrase_cn_count(self) -> str:
        return chinese_number(self.rng.randint(1, 5) * 10) + self.rng.choice(["多个", "余个"])

    def phrase_ge_more(self) -> str:
        return f"{self.rng.randint(2, 9) * 10}多个"

    def phrase_round(self) -> str:
        return self.rng.choice(ROUNDS)

    def phrase_product(self) -> str:
        return self.rng.choice(PRODUCTS)

    def phrase_distgov(self) -> str:
        return self.name("dist") + "人民政府"

    def phrase_venue(self) -> str:
        return self.name(self.rng.choice(["cluster", "park", "plat"]))

    def phrase_orgs(self) -> str:
        return "、".join(self.name(self.rng.choice(["co", "foreign", "inst", "uni"])) for _ in range(self.rng.randint(2, 4)))

    def phrase_foreigncentre(self) -> str:
        return self.rng.choice(FOREIGN_CENTRES)

    def phrase_doc(self) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return f"《{self.home}{rng.choice(['科技创新券管理办法', '促进科技成果转化条例', '科技创新条例'])}》"
        if rng.random() < 0.2:
            return f"《{self.name('ind')}产业发展三年行动计划（{self.year}—{self.year + 2}年）》"
        topic = rng.choice(POLICY_TOPICS).replace("{ind}", self.name("ind"))
        return f"《关于{topic}的{rng.choice(POLICY_KINDS)}》"

    def phrase_inds_major(self) -> str:
        rng = self.rng
        count = rng.randint(2, 4)
        items = "、".join(self.name("ind") for _ in range(count))
        if rng.random() < 0.3:
            items = f"“{items}”"
        return f"{items}等{chinese_number(count)}大{rng.choice(['', '', '主导', '重点', '核心'])}产业"

    def phrase_tracks(self) -> str:
        names = self.rng.sample(TRACKS, self.rng.randint(2, 4))
        tracks = [f"{n}赛道" for n in names]
        listed = "、".join(tracks[:-1]) + "和" + tracks[-1]
        return listed + (f"{len(tracks)}个赛道" if self.rng.random() < 0.5 else "")

    def phrase_coalias(self) -> str:
        """A generated company declared with its short form (X（以下简称“Y”）); {alias} then uses Y."""
        full = self.name("startup")
        self.alias = self.short_forms[full]
        return f"{full}（{self.rng.choice(['以下简称', '简称'])}“{self.alias}”）"

    def phrase_alias(self) -> str:
        return self.alias or self.name("co")

    def phrase_action(self) -> str:
        return self.rng.choice(FILLER_ACTIONS)

    def phrase_object(self) -> str:
        return self.rng.choice(FILLER_OBJECTS)

    def emphasize(self, digits: str) -> str:
        return f"**{digits}**" if self.markdown and self.rng.random() < BOLD else digits

    # Tables ----------------------------------------------------------------------------------------------------

    def indicator_rows(self, count: int) -> list[tuple[str, str, str, str, str]]:
        """(label, unit, previous year, this year, growth %) for `count` indicators."""
        rows = []
        for label, unit, low, high, decimals in self.rng.sample(INDICATORS, count):
            value = log_uniform(self.rng, low, high)
            growth = self.rng.uniform(-5, 40)
            previous = value / (1 + growth / 100)
            rows.append((label, unit, format_number(previous, decimals), format_number(value, decimals),
                         f"{growth:.1f}"))
        return rows

    def bulletin_table(self, number: int) -> str:
        lines = ["| 指标 | 单位 | 绝对数 | 比上年增长(%) |", "| --- | --- | --- | --- |"]
        for label, unit, _, value, growth in self.indicator_rows(self.rng.randint(3, 8)):
            lines.append(f"| {label} | {unit} | {value} | {growth} |")
        return f"表{number} {self.year}年科技活动主要指标\n\n" + "\n".join(lines)

    def chapter_table(self, number: int) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            lines = [f"| 指标名称 | {self.year - 1}年 | {self.year}年 | 增长(%) |", "|---|---|---|---|"]
            for label, unit, previous, value, growth in self.indicator_rows(rng.randint(3, 7)):
                lines.append(f"| {label}（{unit}） | {previous} | {value} | {growth} |")
            caption = f"表{number} 主要科技指标"
        else:
            lines = ["| 园区 | 营业收入（亿元） | 入驻企业（家） | 增长(%) |", "| --- | --- | --- | --- |"]
            for _ in range(rng.randint(3, 6)):
                self._named = []
                park = self.name(rng.choice(["park", "cluster", "upark"]))
                lines.append(f"| {park} | {log_uniform(rng, 20, 5000):.1f} | {round(log_uniform(rng, 30, 3000))} | "
                             f"{rng.uniform(-3, 35):.1f} |")
            caption = f"表{number} {self.year}年重点园区发展情况"
        return f"{caption}\n\n" + "\n".join(lines)


# ---------------------------------------------------------------------------------------------------------------
# The four styles: each adds its title, then sections until the report reaches its target length.
# ---------------------------------------------------------------------------------------------------------------


def _topic(w: Writer) -> str:
    if w.style == "bulletin":
        return w.rng.choices(list(BULLETIN_TOPICS), weights=list(BULLETIN_TOPICS.values()))[0]
    return w.rng.choice(list(TOPICS))


def write_progress(w: Writer, target: int) -> None:
    """The bundled report's style: `##` numbered sections, short heading lines, bold numbers, `- ` lists."""
    rng = w.rng
    w.add(f"# {w.year}年{w.home}科技进步报告（节选）")
    chapter, section = rng.randint(2, 6), 0
    while w.length < target:
        topic, section = _topic(w), section + 1
        w.add(f"## {chapter}.{section} {w.heading(topic, entity=0.2)}")
        w.add(w.paragraph(topic, rng.randint(1, 2), (0.2, 0.3, 0.5)))
        for _ in range(rng.randint(1, 4)):
            if w.length >= target:
                break
            w.add(w.heading(topic))
            if rng.random() < 0.55:
                if rng.random() < 0.4:
                    w.add(w.paragraph(topic, 1, (0.0, 0.3, 0.7)))
                w.add("\n".join("- " + w.sentence(topic, w.kind((0.7, 0.25, 0.05)))
                                for _ in range(rng.randint(2, 5))))
            else:
                w.add(w.paragraph(topic, rng.randint(2, 5)))


def write_bulletin(w: Writer, target: int) -> None:
    """A statistical bulletin: plain text, 一、 headings, full-width punctuation, indicator tables."""
    rng = w.rng
    w.add(rng.choice([f"{w.year}年{w.home}市国民经济和社会发展统计公报（科技部分）", f"{w.year}年{w.home}市科技创新统计公报",
                      f"{w.year}年{w.home}市科技统计公报"]))
    section, tables = 0, 0
    parts = 1 + target // 9000  # a long bulletin has （一）（二） parts in each section, not more sections
    while w.length < target:
        topic, section = _topic(w), section + 1
        w.add(f"{chinese_number(section)}、{w.heading(topic, entity=0)}")
        for part in range(1, rng.randint(parts, parts + 1) + 1):
            if parts > 1:
                w.add(f"（{chinese_number(part)}）{w.heading(topic, entity=0)}")
            for _ in range(rng.randint(1, 3)):
                w.add(w.paragraph(topic, rng.randint(2, 5)))
        if rng.random() < 0.35:
            tables += 1
            w.add(w.bulletin_table(tables))


def write_news(w: Writer, target: int) -> None:
    """A news-style summary: dated paragraphs, headings in only some reports."""
    rng = w.rng
    place = w.name("dist") if rng.random() < 0.4 else w.home + "市"
    w.add(rng.choice([f"{w.year}年{place}科技创新工作综述", f"{w.year}年{place}科技活动与政策综述",
                      f"{w.year}年{place}科技金融与企业成长报告", f"{w.year}年{place}创新创业动态"]))
    headed, section = rng.random() < 0.3, 0
    paragraphs = 2 + target // 6000 if headed else 2  # per heading
    while w.length < target:
        topic = _topic(w)
        if headed:
            section += 1
            w.add(f"{chinese_number(section)}、{w.heading(topic, entity=0)}")
        for _ in range(rng.randint(paragraphs - 1, paragraphs + 1)):
            lead = f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日，" if rng.random() < 0.35 else ""
            w.add(w.paragraph(topic, rng.randint(2, 4), lead=lead))


def write_chapter(w: Writer, target: int) -> None:
    """A report chapter: `#` title, `## （一）` sections, `###` entity sub-sections, bold numbers, tables."""
    rng = w.rng
    topic = _topic(w)
    w.add(f"# {w.year}年{w.home}科技进步报告 第{chinese_number(rng.randint(2, 8))}章 {rng.choice(TOPICS[topic].headings)}")
    section, tables = 0, 0
    while w.length < target:
        section += 1
        w.add(f"## （{chinese_number(section)}）{w.heading(topic, entity=0.15)}")
        for _ in range(rng.randint(1, 3 + target // 10000)):  # longer chapters have longer sections
            if rng.random() < 0.3:
                w.add(f"### {w.heading(topic, entity=0.6)}")
            w.add(w.paragraph(topic, rng.randint(2, 5)))
        if rng.random() < 0.3:
            tables += 1
            w.add(w.chapter_table(tables))
        if rng.random() < 0.4:  # a chapter keeps to its subject for a few sections
            topic = _topic(w)


WRITERS = {"progress": write_progress, "bulletin": write_bulletin, "news": write_news, "chapter": write_chapter}
EXTENSIONS = {"progress": ".md", "chapter": ".md", "news": ".txt"}


# ---------------------------------------------------------------------------------------------------------------
# Public interface
# ---------------------------------------------------------------------------------------------------------------


def report_text(i: int, seed: int = 0) -> tuple[str, str]:
    """(file name, text) of report i; depends only on (seed, i)."""
    rng = random.Random(f"corpus:{seed}:{i}")
    style = rng.choices(list(STYLES), weights=list(STYLES.values()))[0]
    city = CITIES[_city_index(rng)]
    year = rng.choice(YEARS)
    target = round(min(LENGTH_MAX, max(LENGTH_MIN, math.exp(rng.gauss(math.log(LENGTH_MEDIAN), LENGTH_SIGMA)))))
    w = Writer(rng, style, city, year)
    WRITERS[style](w, target)
    extension = EXTENSIONS.get(style) or rng.choice([".txt", ".txt", ".md"])
    # Five digits: a four-digit index such as r2015 would read as a year in the file name.
    return f"r{i + 1:05d}-{w.slug}-{year}-{style}{extension}", w.text()


@cache
def _city_pool() -> Pool:
    return Pool.ranked([str(k) for k in range(len(CITIES))])


def _city_index(rng: random.Random) -> int:
    """Cities are Zipf-ranked too, with Shanghai first (and weighted up: it is the project's home)."""
    return 0 if rng.random() < 0.35 else int(_city_pool().draw(rng))


def generate(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write reports 0…n-1 into `out_dir` (created if missing); return their paths, sorted."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name, text = report_text(i, seed)
        path = out_dir / name
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return sorted(paths)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write synthetic Chinese S&T reports for benchmarks.")
    parser.add_argument("--reports", type=int, default=10, help="how many reports (default 10)")
    parser.add_argument("--seed", type=int, default=0, help="corpus seed (default 0)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write them into")
    args = parser.parse_args(argv)
    paths = generate(args.reports, args.out, args.seed)
    characters = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    print(f"wrote {len(paths)} reports, {characters:,} characters, to {args.out} (seed {args.seed})")


if __name__ == "__main__":
    main()


# -- parameters for the library's queries on a generated corpus -------------------------------------------------
def sample_bindings(store) -> dict[str, dict[str, str]]:
    """Parameters found in the corpus: its most mentioned entity with relations and figures, a neighbour of it,
    a park with focus industries, a park with co-hosts, a competition with relations, one of the entity's figures.
    (The library's defaults name entities of the bundled report; the tests and the benchmark bind these instead.)"""
    from graph import run

    def first(sparql: str) -> list[str]:
        return run(store, sparql).values()[0]

    iri, name = first("""SELECT ?e ?zh WHERE { ?e kg:mentionCount ?n ; rdfs:label ?zh .
        FILTER (langMatches(lang(?zh), "zh")) ?e ?p ?o . ?p rdfs:subPropertyOf kg:relatedTo .
        FILTER EXISTS { ?obs kg:about ?e } } ORDER BY DESC(?n) ?e LIMIT 1""")
    [other] = first(f"""SELECT ?zh WHERE {{ <{iri}> ?p ?x . ?p rdfs:subPropertyOf kg:relatedTo .
        ?x rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh")) }} ORDER BY ?zh LIMIT 1""")
    [figure] = first(f"SELECT ?o WHERE {{ ?o kg:about <{iri}> }} ORDER BY ?o LIMIT 1")
    [focused] = first("""SELECT ?zh WHERE {
        VALUES ?cls { kg:SciencePark kg:InnovationPark kg:Cluster kg:Incubator kg:RDCentre kg:Complex kg:Carrier }
        ?p a ?cls ; kg:focusesOn ?i ; rdfs:label ?zh . FILTER (langMatches(lang(?zh), "zh")) } ORDER BY ?zh LIMIT 1""")
    [hosting] = first("""SELECT ?zh WHERE { ?x kg:coHostsWith ?p . ?p rdfs:label ?zh .
        FILTER (langMatches(lang(?zh), "zh")) } ORDER BY ?zh LIMIT 1""")
    [competition] = first("""SELECT ?zh WHERE { ?c a kg:Competition ; kg:drawsAttentionFrom ?x ; rdfs:label ?zh .
        FILTER (langMatches(lang(?zh), "zh")) } ORDER BY ?zh LIMIT 1""")
    return {"connections": {"from_name": name, "to_name": other}, "entity-lookup": {"name": name},
            "entity-profile": {"iri": iri}, "entity-relations": {"iri": iri}, "entity-neighbourhood": {"iri": iri},
            "metrics-of-entity": {"iri": iri, "name": ""}, "co-mentions": {"name": name},
            "time-series": {"subject_name": name}, "evidence": {"iri": figure},
            "park-industries": {"park_name": focused}, "park-event-partners": {"park_name": hosting},
            "competition-attention": {"competition_name": competition}}
