"""Demo data: fills an empty database with realistic Chinese review records drawn from the seed toolkits."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Sequence

from reviewdesk.templates import ARTEFACTS, ReviewDeskError

from reviewdesk.store import sources
from reviewdesk.store.changes import create_many
from reviewdesk.store.db import database
from reviewdesk.store.records import Lookups, count_records, select_records
from reviewdesk.store.reference import save_department, save_person

SOURCE = sources.DEMO
CHUNK = 5_000  # rows per create_many call: one validation pass and one transaction per chunk

#: Records per artefact for each size; "large" is for benchmarks (100,000 callbacks, 10,000 issues).
SIZES: dict[str, dict[str, int]] = {
    "small": {"issue": 40, "target": 20, "plan_step": 30, "collab": 25, "callback": 300, "reading": 0, "meeting": 2,
              "action": 6},
    "large": {"issue": 10_000, "target": 20, "plan_step": 30, "collab": 25, "callback": 100_000, "reading": 50_000,
              "meeting": 2, "action": 6},
}

DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("CS", "客服中心", "Customer Service"),
    ("IT", "技术部", "IT"),
    ("LOG", "物流部", "Logistics"),
    ("FIN", "财务部", "Finance"),
    ("LEGAL", "法务部", "Legal"),
    ("QA", "质检部", "Quality Assurance"),
    ("OPS", "运营部", "Operations"),
    ("PROD", "产品部", "Product"),
)

#: Where each department's review workbooks are sent; 产品部 has no address yet (a round says so).
DEPARTMENT_EMAILS = {"CS": "kefu@example.com", "IT": "it-support@example.com", "LOG": "wuliu@example.com",
                     "FIN": "caiwu@example.com", "LEGAL": "fawu@example.com", "QA": "zhijian@example.com",
                     "OPS": "yunying@example.com"}

#: (name, department, role); every department has at least one supervisor (callback follow-ups go to them).
PEOPLE: tuple[tuple[str, str, str], ...] = (
    ("周婷", "CS", "manager"), ("张敏", "CS", "supervisor"), ("杨帆", "CS", "supervisor"),
    ("李娜", "CS", "team_lead"), ("黄丽", "CS", "team_lead"), ("王芳", "CS", "agent"),
    ("刘洋", "CS", "agent"), ("陈晨", "CS", "agent"), ("吴静", "CS", "agent"),
    ("王强", "IT", "manager"), ("孙浩", "IT", "supervisor"), ("马超", "IT", "specialist"),
    ("胡斌", "IT", "specialist"),
    ("何军", "LOG", "manager"), ("郭峰", "LOG", "supervisor"), ("赵磊", "LOG", "specialist"),
    ("林晓", "LOG", "specialist"),
    ("罗刚", "FIN", "manager"), ("陈静", "FIN", "supervisor"), ("高洁", "FIN", "specialist"),
    ("郑雪", "LEGAL", "manager"), ("梁斌", "LEGAL", "supervisor"), ("宋佳", "LEGAL", "specialist"),
    ("张伟", "QA", "manager"), ("韩梅", "QA", "supervisor"), ("唐亮", "QA", "specialist"),
    ("许刚", "OPS", "manager"), ("冯涛", "OPS", "supervisor"), ("赵颖", "OPS", "specialist"),
    ("曹阳", "PROD", "manager"), ("彭程", "PROD", "supervisor"), ("董洁", "PROD", "specialist"),
)


@dataclass(frozen=True)
class _IssueSeed:
    category: str
    process_node: str
    department: str
    title: str
    description: str  # may hold {p} {q} {h} {n} {k} {m}: figures drawn per record
    root_cause: str
    source: str


ISSUES: tuple[_IssueSeed, ...] = (
    _IssueSeed("efficiency", "退换货材料提交", "CS", "退换货流程中客户需重复提交3次材料",
               "退换货工单中{p}%需客户补交材料，平均提交3次才通过审核，人工审核材料环节需2个工作日",
               "为什么客户要重复提交？→材料要求分散在多个页面→为什么分散？→各环节各自补充要求→为什么没有统一？"
               "→缺少退换货材料清单标准→根因：流程设计时未做端到端梳理", "data"),
    _IssueSeed("efficiency", "退款审核", "FIN", "退款工单处理时长超均值40%",
               "近6个月退款工单平均处理时长超出全部工单均值40%，小额退款同样需财务逐单审核",
               "为什么退款慢？→每单都要财务审核→为什么小额也要审核？→审批权限未分级→为什么未分级？"
               "→制度沿用多年未修订→根因：缺少按金额分级的审批规则（如500元以下客服直审）", "data"),
    _IssueSeed("experience", "物流信息同步", "LOG", "物流异常问题占比达25%且平均解决时长超48小时",
               "物流异常类工单占比达25%，平均解决时长超48小时，客户反复来电询问进度",
               "为什么物流信息更新慢？→依赖第三方物流系统手动同步→为何不自动同步？→系统未对接接口"
               "→为何未对接？→接口开发未纳入IT排期", "data"),
    _IssueSeed("experience", "知识库检索", "CS", "某产品咨询重复率达25%",
               "产品A相关咨询重复率达25%，客户反映“重复描述问题”“解决方案不清晰”",
               "为什么重复咨询？→首次答复不完整→为什么不完整？→客服查不到标准答案→为什么查不到？"
               "→知识库未按问题分类结构化录入→根因：知识库缺少维护责任人", "feedback"),
    _IssueSeed("efficiency", "工单分配", "CS", "工单人工分配导致首次响应超时",
               "高峰时段工单积压超过{k}单，平均首次响应时长超出目标值{q}%",
               "为什么响应慢？→工单靠组长人工分配→为什么人工？→工单系统没有按问题类型自动分配规则"
               "→为什么没有？→问题分类标准未统一", "data"),
    _IssueSeed("experience", "投诉升级", "CS", "紧急投诉未在10分钟内升级至主管",
               "抽查{k}单紧急投诉，{p}%未在10分钟内响应并升级至主管，客户情绪激动后投诉加重",
               "为什么未及时升级？→一线客服不清楚紧急问题判定标准→为什么不清楚？→分级标准只在培训时讲过"
               "→为什么没固化？→系统中没有紧急标记与提醒", "staff_interview"),
    _IssueSeed("compliance", "发票开具", "FIN", "电子发票开具不规范被客户投诉",
               "近3个月发票抬头、税号错误导致重开{k}次，平均重开耗时{n}个工作日",
               "为什么开错？→客服手工转录客户开票信息→为什么手工？→开票系统与工单系统未打通"
               "→为什么未打通？→开票需求未纳入系统建设规划", "feedback"),
    _IssueSeed("compliance", "客户信息登记", "LEGAL", "客户证件信息在工单备注中明文留存",
               "质检抽查发现{p}%的退换货工单在备注中明文记录证件号码，不符合数据安全新规",
               "为什么明文留存？→客服为方便审核复制到备注→为什么要复制？→附件查看不便→为什么不便？"
               "→系统缺少脱敏查看功能→根因：数据安全规范未落到系统设计", "other"),
    _IssueSeed("efficiency", "跨部门协作", "OPS", "跨部门协作需求等待反馈时间过长",
               "需技术部、物流部配合的复杂问题中，{p}%超过2小时才启动对接，平均等待{h}小时",
               "为什么等待久？→协作需求靠即时通讯口头提出→为什么不走流程？→没有统一的协作申请表"
               "→为什么没有？→各部门对接人和时限未约定", "staff_interview"),
    _IssueSeed("experience", "满意度回访", "QA", "问题解决后24小时内回访完成率低",
               "仅{p}%的工单在解决后24小时内完成回访，评分低于8分的案例二次沟通不及时",
               "为什么回访不及时？→回访任务靠手工登记→为什么手工？→系统不自动生成回访任务"
               "→为什么？→回访未纳入工单闭环设计", "data"),
    _IssueSeed("compliance", "服务话术", "QA", "质检发现承诺补偿超出《补偿标准细则》",
               "质检抽查{k}通录音，{q}%存在超标准承诺补偿，引发后续纠纷",
               "为什么超标准承诺？→客服为安抚情绪随口承诺→为什么没有参照标准？→补偿标准查找困难"
               "→为什么？→标准未纳入知识库和话术模板", "other"),
    _IssueSeed("experience", "进度告知", "CS", "处理中工单未按24小时同步进度",
               "客户访谈中{p}%的客户表示“等待时间过长且不知道进度”，处理中工单仅少数按时同步",
               "为什么未同步？→客服记不住每单的同步时间→为什么？→没有进度提醒→为什么没有？"
               "→工单系统缺少节点提醒功能", "customer_interview"),
    _IssueSeed("efficiency", "客户信息确认", "CS", "客户信息需重复确认3次",
               "一通售后电话平均确认客户信息{n}次，单次通话时长增加约{m}秒",
               "为什么重复确认？→各环节系统不共享客户信息→为什么不共享？→客户资料分散在多个系统"
               "→为什么？→缺少统一客户视图", "staff_interview"),
    _IssueSeed("experience", "售后维修", "PROD", "产品A开机无反应换货需多次来电",
               "产品A开机无反应类售后占比{q}%，客户平均来电{n}次才完成换货",
               "为什么多次来电？→技术检测结论未及时告知→为什么？→技术部与客服无统一记录表"
               "→为什么？→问题跟进记录表未推广→根因：产品质量问题未反馈给产品部源头改进", "feedback"),
    _IssueSeed("efficiency", "新人培训", "OPS", "新客服人员问题处理时长明显偏长",
               "入职3个月内的新人平均处理时长比老员工高{p}%，首次联系解决率低{q}个百分点",
               "为什么新人慢？→不熟悉解决方案→为什么？→培训以讲授为主缺少演练→为什么？"
               "→没有标准化操作手册和案例库", "data"),
    _IssueSeed("compliance", "录音留存", "LEGAL", "部分投诉通话录音未按规定留存",
               "抽查发现{k}单投诉工单缺少通话录音，不满足监管要求的留存期限",
               "为什么缺录音？→转接外部号码时录音中断→为什么？→转接流程未经法务评审"
               "→为什么？→渠道扩展时未做合规检查", "other"),
    _IssueSeed("experience", "在线客服", "CS", "社交媒体渠道咨询响应不及时",
               "新增社交媒体客服后，该渠道平均首次响应时长{m}分钟，远超电话渠道",
               "为什么慢？→社交媒体消息无人专职值守→为什么？→排班未覆盖新渠道→为什么？"
               "→渠道上线时未调整人力规划", "customer_interview"),
    _IssueSeed("efficiency", "物流异常处理", "LOG", "物流异常工单需人工逐单查询承运商",
               "每天约{k}单物流异常需客服登录承运商平台逐单查询，人均耗时{h}分钟",
               "为什么逐单查询？→没有批量查询接口→为什么？→与承运商只签了基础服务协议"
               "→为什么？→采购时未提出接口需求", "staff_interview"),
    _IssueSeed("compliance", "退款审核", "FIN", "退款审批留痕不完整",
               "内审抽查{k}单退款，{q}%缺少审批人和审批时间记录",
               "为什么不完整？→部分退款线下审批→为什么线下？→系统审批流不支持加急→为什么？"
               "→审批流设计时未考虑加急场景", "data"),
    _IssueSeed("experience", "投诉处理", "QA", "投诉解决方案客户感知不清晰",
               "投诉回访中{p}%客户认为“解决方案说明不清楚”，满意度低于8分",
               "为什么不清晰？→方案话术各说各的→为什么？→没有标准方案模板→为什么？"
               "→优秀案例未沉淀到知识库", "feedback"),
    _IssueSeed("efficiency", "大促高峰应对", "OPS", "大促期间咨询量激增导致工单积压",
               "大促当天咨询量为平日的{n}倍，积压工单超过{k}单，平均响应时长超目标{p}%",
               "为什么积压？→人力按平日排班→为什么？→没有高峰预测→为什么？"
               "→运营与客服未共享活动排期", "data"),
    _IssueSeed("efficiency", "知识库检索", "IT", "知识库检索结果不准确",
               "客服检索知识库平均需{n}次才能找到答案，检索命中率仅{p}%",
               "为什么不准？→只支持标题关键词匹配→为什么？→知识库系统未做语义检索→为什么？"
               "→系统选型时未评估检索能力", "staff_interview"),
    _IssueSeed("experience", "退换货材料提交", "PROD", "退换货页面材料要求描述不清",
               "客户访谈中{q}%的客户不清楚需要上传哪些材料，常漏传发票或证件照片",
               "为什么不清楚？→页面只列材料名称没有示例→为什么？→页面设计未做用户测试"
               "→为什么？→产品需求中没有体验验收标准", "customer_interview"),
    _IssueSeed("compliance", "投诉升级", "LEGAL", "重大投诉未按规定时限上报",
               "涉及潜在纠纷的{k}起投诉中有若干起未在24小时内上报法务部",
               "为什么未上报？→一线不清楚上报条件→为什么？→重大投诉定义不明确→为什么？"
               "→上报制度未更新到操作手册", "staff_interview"),
    _IssueSeed("efficiency", "工单分配", "IT", "工单系统高峰期响应缓慢",
               "高峰时段工单系统页面加载超过{n}秒，客服人均处理量下降{q}%",
               "为什么慢？→数据库查询未优化→为什么？→历史工单未归档→为什么？→缺少数据归档策略", "data"),
    _IssueSeed("experience", "满意度回访", "CS", "回访问卷过长客户中途放弃",
               "问卷回访完成率仅{p}%，客户反馈题目过多",
               "为什么放弃？→问卷有20多道题→为什么这么多？→各部门都加题→为什么？→问卷没有统一负责人", "feedback"),
    _IssueSeed("compliance", "发票开具", "FIN", "发票开具超过承诺时限",
               "{q}%的开票申请超过3个工作日才开具，不符合对客户的承诺",
               "为什么超时？→开票集中在月底处理→为什么？→财务按批处理→为什么？→没有开票时效考核", "data"),
    _IssueSeed("efficiency", "物流信息同步", "IT", "物流状态接口频繁超时",
               "物流状态接口日均超时{k}次，导致客服看到的物流信息滞后{h}小时",
               "为什么超时？→接口同步调用第三方→为什么同步？→设计时未考虑第三方不稳定→为什么？"
               "→缺少接口容错与重试机制", "data"),
)

#: (issue seed index, process node, title, metric, unit, baseline, target value, department, due in days)
TARGETS: tuple[tuple[int, str, str, str, str, float, float, str, int], ...] = (
    (0, "退换货材料提交", "客户提交材料次数从3次降至1次", "材料提交次数", "次", 3, 1, "CS", 60),
    (19, "投诉处理", "整体客户投诉率从8%降至5%", "投诉率", "%", 8, 5, "CS", 90),
    (4, "工单分配", "工单平均处理时长从4小时缩短至2.5小时", "平均处理时长", "小时", 4, 2.5, "CS", 75),
    (1, "退款审核", "退款审核时效从2个工作日压缩至2小时", "审核时长", "小时", 48, 2, "FIN", 45),
    (2, "物流信息同步", "物流异常问题平均解决时长从48小时缩短至24小时", "平均解决时长", "小时", 48, 24, "LOG", 60),
    (3, "知识库检索", "产品A咨询重复率从25%降至15%", "重复咨询率", "%", 25, 15, "CS", 90),
    (5, "投诉升级", "紧急问题10分钟内响应率从70%提升至95%", "10分钟响应率", "%", 70, 95, "CS", 30),
    (9, "满意度回访", "24小时内回访完成率从65%提升至95%", "回访及时率", "%", 65, 95, "QA", 45),
    (9, "满意度回访", "低分案例48小时内二次沟通率从60%提升至100%", "二次沟通及时率", "%", 60, 100, "CS", 30),
    (21, "知识库检索", "知识库检索命中率从55%提升至85%", "检索命中率", "%", 55, 85, "IT", 120),
    (4, "工单分配", "工单自动分配率从0提升至90%", "自动分配率", "%", 0, 90, "IT", 90),
    (6, "发票开具", "电子发票开具时长从3天缩短至1天", "开票时长", "天", 3, 1, "FIN", 60),
    (8, "跨部门协作", "跨部门协作2小时内启动对接率从50%提升至90%", "协作启动及时率", "%", 50, 90, "OPS", 60),
    (14, "新人培训", "新人独立上岗周期从30天缩短至15天", "上岗周期", "天", 30, 15, "OPS", 120),
    (12, "客户信息确认", "客户信息重复确认次数从3次降至1次", "信息确认次数", "次", 3, 1, "CS", 60),
    (19, "投诉处理", "客户满意度评分从7.2分提升至8.5分", "平均满意度", "分", 7.2, 8.5, "QA", 90),
    (7, "客户信息登记", "工单明文证件信息占比从5%降至0", "明文留存占比", "%", 5, 0, "LEGAL", 45),
    (10, "服务话术", "超标准承诺补偿占比从6%降至1%", "超标准承诺占比", "%", 6, 1, "QA", 60),
    (16, "在线客服", "社交媒体渠道首次响应时长从20分钟缩短至3分钟", "首次响应时长", "分钟", 20, 3, "CS", 45),
    (20, "大促高峰应对", "大促期间工单积压量从800单降至200单", "积压工单量", "单", 800, 200, "OPS", -5),
)
#: Targets whose SMART check shows gaps (the part left out): the review meeting is meant to catch them.
TARGET_GAPS: dict[int, tuple[str, ...]] = {5: ("unit",), 11: ("baseline",), 15: ("unit", "baseline"),
                                           18: ("metric",)}
TARGET_STATUSES = ("confirmed", "in_review", "draft", "rejected")

#: The KPI readings' story (seed 000 step 4): weekly readings from 12 weeks ago, a baseline period of four weeks, a
#: four-week pilot, then the rollout; the attainment climbs from 0 during the pilot to where each target's fate puts it.
READING_WEEKS = 12
BASELINE_WEEKS, PILOT_WEEKS = 4, 4
PILOT_STARTS = -(READING_WEEKS - BASELINE_WEEKS) * 7  # days from today: where the pilot steps of PLAN start
#: The fate of each target with readings, in turn: reached, ahead of the straight path, behind it by far (at risk).
FATES = ("reached", "on_track", "at_risk", "on_track", "reached", "at_risk")
FATE_LEAD = {"reached": None, "on_track": 12, "at_risk": -30}  # points ahead of the straight path today
READING_SOURCES = ("工单系统", "质检抽样", "回访问卷", "客服中心日报")

RISKS = (
    ("智能审核是否可能误判，如何申诉", "误判案例由客服一键转人工复核，2小时内给出结论"),
    ("系统切换期间工单丢失", "系统异常时，启用临时人工审核通道"),
    ("客服不熟悉新流程导致处理时长反弹", "试点期间安排组长现场支持，每日复盘操作障碍"),
    ("小额退款直审被滥用", "质检部每周抽查直审退款，超标即收回权限"),
    ("第三方物流接口不稳定", "接口超时自动重试，连续失败时切回人工查询并短信告知客户"),
    ("数据迁移影响客户隐私", "法务部评审脱敏方案，迁移全程留痕"),
    ("试点范围过大影响正常服务", "试点限于华东区客服一组，问题超阈值立即回退旧流程"),
    ("知识库内容更新不及时", "每月复盘后由质检部更新知识库并标注适用场景"),
)

#: (phase, action, deliverable, department, target index or None, start in days, duration, status, progress)
PLAN: tuple[tuple[str, str, str, str, int | None, int, int, str, int], ...] = (
    ("diagnosis", "提取近6个月工单记录（分类、处理时长、解决率）并标注异常数据点", "《服务数据分析报告》", "OPS", None, -150, 5, "done", 100),
    ("diagnosis", "访谈一线客服、质检团队和运营支持，梳理最耗时的环节与现有工具的不足", "访谈纪要", "CS", None, -145, 7, "done", 100),
    ("diagnosis", "分层访谈5-10名典型客户（新客/老客、个人/企业），收集服务中的不便与期待", "客户访谈报告", "CS", None, -140, 7, "done", 100),
    ("diagnosis", "按影响程度×发生频率排序，形成《服务问题清单》并用5Why分析核心问题根因", "《服务问题清单》", "QA", None, -132, 2, "done", 100),
    ("diagnosis", "对客服录音和在线评价做关键词提取，定位客户高频痛点", "《客服问题效率诊断报告》", "IT", None, -130, 10, "cancelled", 30),
    ("goal_setting", "按流程节点拆解目标：退换货材料提交次数从3次降至1次", "节点目标清单", "CS", 0, -120, 2, "done", 100),
    ("goal_setting", "按结果指标拆解目标：投诉率、平均处理时长、满意度", "结果指标清单", "OPS", 1, -118, 2, "done", 100),
    ("goal_setting", "组织客服、运营、产品部门召开目标评审会，确认目标与公司战略一致", "《服务优化目标确认表》", "CS", 2, -115, 1, "done", 100),
    ("goal_setting", "补齐目标的单位、基线值与完成时间，通过SMART检查", "修订版目标确认表", "QA", 15, -110, 5, "done", 100),
    ("goal_setting", "与财务部确认退款审核时效目标和分级审批额度", "审批额度说明", "FIN", 3, -108, 5, "done", 100),
    ("design", "绘制退换货和退款流程泳道图，标注人工审核材料等痛点节点", "现状泳道图", "CS", 0, -100, 5, "done", 100),
    ("design", "设计材料智能审核方案，自动识别发票、证件号码信息，审核时效压缩至2小时", "智能审核方案", "IT", 0, -95, 15, "done", 100),
    ("design", "工单系统新增“材料自动归档”和按问题类型自动分配功能", "开发需求说明书", "IT", 10, -80, 30, "in_progress", 70),
    ("design", "编写《客服操作手册》，设计“新退换货流程演练”培训课程", "《客服操作手册》", "OPS", 13, -70, 20, "delayed", 60),
    ("design", "邀请客服、IT、法务、质检部门评审方案可行性与风险控制点", "《最终版服务优化方案》", "QA", 0, -45, 2, "done", 100),
    # the pilot starts when the readings' pilot period does, so that its before and after split the readings alike;
    # the pilot review compares every target (no one target): a target without pilot steps goes by its readings
    ("pilot", "选择“企业客户退换货流程”和华东区客服一组开展试点", "试点计划", "CS", 0, PILOT_STARTS, 28, "done", 100),
    ("pilot", "建立试点问题快速响应群，技术团队24小时内响应操作障碍", "问题响应记录", "IT", 10, PILOT_STARTS, 49, "in_progress", 80),
    ("pilot", "每日跟踪工单处理时长、客户满意度和员工操作熟练度", "试点日报", "OPS", 2, PILOT_STARTS, 49, "delayed", 65),
    ("pilot", "小额退款500元以下客服直接审批试点", "直审规则", "FIN", 3, PILOT_STARTS, 50, "in_progress", 50),
    ("pilot", "召开试点复盘会，对比试点前后工单时长、投诉率变化并迭代方案", "试点复盘报告", "CS", None, 3, 3, "not_started", 0),
    ("rollout", "智能审核系统全量上线，旧流程保留一个月并行", "上线公告", "IT", 0, 10, 20, "not_started", 0),
    ("rollout", "全体客服完成新流程培训与考核", "培训考核记录", "OPS", 13, 7, 21, "not_started", 0),
    ("rollout", "物流信息自动同步接口上线，物流异常自动推送客服", "接口上线报告", "LOG", 4, -15, 30, "in_progress", 40),
    ("rollout", "结构化知识库上线，按问题分类录入标准话术与解决步骤", "《服务知识库》", "IT", 9, -5, 40, "in_progress", 25),
    ("rollout", "电子发票自动开具上线，开票信息由工单自动带入", "开票功能上线", "FIN", 11, 14, 30, "not_started", 0),
    ("review", "每周汇总《客户反馈分析报告》，提炼高频问题推动相关部门优化", "《客户反馈分析报告》", "QA", 7, -60, 120, "in_progress", 45),
    ("review", "每月选取典型案例组织复盘会，更新《服务知识库》", "案例复盘纪要", "CS", 5, 20, 30, "not_started", 0),
    ("review", "对照目标确认表复盘各项指标达成情况", "指标达成报告", "OPS", 1, 60, 10, "not_started", 0),
    ("review", "复盘低分回访案例的二次沟通结果，修订《补偿标准细则》", "修订版《补偿标准细则》", "QA", 8, -40, 20, "delayed", 50),
    ("review", "评估数据安全新规落实情况，完善客户信息脱敏规范", "合规评估报告", "LEGAL", 16, 30, 15, "not_started", 0),
)

#: (requesting, cooperating, issue seed index or None, subject, requirement, deliverable)
COLLABS: tuple[tuple[str, str, int | None, str, str, str], ...] = (
    ("CS", "IT", 0, "工单系统新增材料自动归档功能", "客户上传的发票、证件自动识别并归档到工单，减少重复提交", "功能上线"),
    ("CS", "LOG", 2, "物流异常信息主动推送客服", "承运商物流状态变更实时同步到工单，异常件自动提醒", "接口对接方案"),
    ("CS", "FIN", 1, "小额退款客服直审权限", "500元以下退款由客服直接审批，财务事后抽查", "审批规则文件"),
    ("CS", "LEGAL", 7, "智能审核误判申诉规则审核", "评审智能审核误判时的申诉流程与客户告知话术", "法务审核意见"),
    ("CS", "QA", 9, "回访话术与评分标准校准", "统一电话与问卷回访的评分口径，低于8分自动提醒主管", "回访质检标准"),
    ("CS", "PROD", 13, "产品A开机无反应问题源头改进", "汇总近3个月换货数据，请产品部分析质量原因", "质量分析报告"),
    ("CS", "FIN", 6, "开票信息从工单自动带入", "客户开票信息在工单登记后自动带入开票系统", "开票流程说明"),
    ("CS", "IT", 21, "知识库语义检索改造", "支持按问题描述检索解决方案，检索命中率提升至85%", "检索功能上线"),
    ("CS", "OPS", 20, "大促期间客服排班支持", "共享活动排期，按咨询量预测增加临时坐席", "排班计划"),
    ("QA", "CS", 10, "超标准承诺补偿案例整改", "对抽查发现的超标准承诺逐案复核并组织话术培训", "整改报告"),
    ("OPS", "IT", 4, "工单按问题类型自动分配规则配置", "按问题类型匹配对应客服小组，紧急问题自动标记", "分配规则上线"),
    ("LOG", "IT", 27, "物流状态接口超时重试机制", "接口超时自动重试，连续失败告警并切换人工查询", "接口改造"),
    ("LEGAL", "CS", 15, "投诉通话录音留存整改", "转接外部号码时保持录音，补齐留存期限", "整改确认"),
    ("FIN", "IT", 18, "退款审批留痕改造", "线上审批支持加急，审批人和时间自动记录", "审批流上线"),
    ("PROD", "CS", 22, "退换货页面材料示例征集", "提供客户常漏传材料的真实案例，用于页面改版", "案例清单"),
    ("CS", "LEGAL", 23, "重大投诉上报条件界定", "明确需24小时内上报法务的投诉类型", "上报制度"),
    ("OPS", "QA", 14, "新人培训考核题库建设", "按新退换货流程编写演练案例和考核题", "考核题库"),
    ("CS", "IT", 11, "处理中工单24小时进度提醒", "工单超过24小时未同步进度时提醒责任客服", "提醒功能上线"),
    ("IT", "LEGAL", 7, "证件信息脱敏查看功能合规评审", "评审工单附件脱敏展示方案是否满足数据安全新规", "评审意见"),
    ("LOG", "CS", 17, "物流异常客户告知话术", "提供物流延误时的标准告知与补偿话术", "话术模板"),
    ("QA", "IT", 9, "回访任务自动生成", "工单解决后自动生成24小时内回访任务，低分案例自动派给主管", "功能上线"),
    ("OPS", "PROD", 20, "大促活动排期共享", "活动上线前两周同步客服中心，附预计咨询量", "排期表"),
    ("FIN", "CS", 26, "开票时效对外承诺口径统一", "客服对外承诺的开票时效统一为3个工作日", "口径说明"),
    ("PROD", "IT", 13, "产品A故障自检引导上线", "在App内增加开机无反应自检步骤，减少售后来电", "功能上线"),
    ("CS", "QA", 19, "投诉解决方案模板评审", "评审新编投诉解决方案模板的清晰度和合规性", "评审意见"),
)
COLLAB_RESPONSES = ("已按需求完成开发并上线，试运行一周无异常", "已完成评审，意见见附件", "已提供数据与分析报告",
                    "规则已发布，次月起执行", "已安排专人对接，按期交付")
COLLAB_REJECTIONS = ("需求与本季度排期冲突，建议下季度重新提交", "需求重复，已合并至相关申请")

MEETINGS = (
    {"title": "退换货流程优化方案跨部门评审会", "days": -14, "place": "总部3楼第一会议室", "organizer": "周婷",
     "departments": ["CS", "IT", "LEGAL", "QA"], "status": "held",
     "agenda": [{"item": "评审《最终版服务优化方案》可行性", "decision": "通过，智能审核系统按计划开发"},
                {"item": "智能审核是否可能误判，如何申诉", "decision": "误判案例一键转人工复核，法务部两周内出具申诉话术"},
                {"item": "系统异常应急预案", "decision": "保留临时人工审核通道，IT部负责切换演练"},
                {"item": "确认试点范围", "decision": "企业客户退换货流程，华东区客服一组"}]},
    {"title": "试点复盘暨目标达成评审会", "days": 7, "place": "总部5楼第二会议室", "organizer": "张敏",
     "departments": ["CS", "IT", "LOG", "FIN", "OPS", "QA"], "status": "planned",
     "agenda": [{"item": "试点前后工单处理时长、投诉率对比", "decision": None},
                {"item": "逾期方案步骤与协作申请跟进", "decision": None},
                {"item": "低分回访二次沟通情况", "decision": None},
                {"item": "确认全面推广时间表", "decision": None}]},
)

#: The held meeting's actions (MTG-0001): (agenda item, action, department, owner, due in days, status, result,
#: closed in days): done, in progress, one overdue, open ones due after the next meeting.
ACTIONS = (
    (1, "完成智能审核系统开发并部署到试点环境", "IT", "孙浩", 10, "in_progress", "规则引擎已完成，联调中", None),
    (2, "出具误判申诉话术并培训试点组", "LEGAL", "梁斌", 0, "done", "话术已发布，试点组完成培训", -2),
    (2, "建立误判案例人工复核流程", "QA", "韩梅", 5, "open", None, None),
    (3, "完成人工审核通道切换演练", "IT", "王强", -3, "open", None, None),
    (4, "华东区客服一组启动企业客户退换货试点", "CS", "张敏", -7, "done", "已于计划日期启动试点", -8),
    (4, "试点期间每日记录工单处理时长与投诉率", "CS", "李娜", 14, "in_progress", "每日数据已录入指标跟踪", None),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = ("伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
         "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "建国", "文", "晓燕", "玉兰", "志强", "海燕", "俊", "颖",
         "佳怡", "子涵", "浩然", "雨桐", "欣怡", "梓轩", "宇航", "思远")
PHONE_PREFIXES = ("138", "139", "137", "136", "135", "150", "151", "152", "158", "159", "182", "183", "186",
                  "187", "188", "130", "131", "132", "155", "156", "185", "133", "153", "177", "180", "189", "199")
REGIONS = ("华东区", "华南区", "华北区", "西南区", "华中区", "线上渠道", "企业客户", "大促期间")
SUGGESTIONS = ("希望物流信息更新更及时", "不要让我重复描述问题", "等待时间过长，希望尽快处理", "解决方案说明不够清楚",
               "退款到账太慢", "材料提交太繁琐，希望一次说清楚需要什么", "客服态度很好，继续保持", "希望增加在线客服时段",
               "处理进度希望主动告知", "换货速度很快，满意")
FOLLOW_UP_RESULTS = ("已致歉并补发配件，客户认可", "已加急退款，客户表示理解", "已说明物流延误原因并补偿优惠券，客户接受",
                     "已安排技术上门检测，客户满意", "客户仍不满意，已升级至经理处理", "已重新说明解决方案，客户确认问题解决")


def fill_demo(size: str = "small", *, who: str = "demo", force: bool = False, seed: int = 20261123,
              progress: Callable[[int, int], Any] | None = None) -> dict[str, int]:
    """Fill the open database with demo records; returns how many records of each artefact were created.

    Refuses a database that already holds records unless `force` (then adds more; departments and
    people already present are kept and updated). The same seed gives the same records; dates are
    relative to today so that overdue items stay overdue.
    """
    if size not in SIZES:
        raise ReviewDeskError(f"示例数据规模应为 {' 或 '.join(SIZES)}，收到「{size}」",
                              f"The demo size must be {' or '.join(SIZES)}, got '{size}'")
    if not force:
        held = {key: n for key in ARTEFACTS if (n := count_records(key))}
        if held:
            zh = "、".join(f"{ARTEFACTS[k].zh} {n} 条" for k, n in held.items())
            en = ", ".join(f"{n} {ARTEFACTS[k].en.lower()}" for k, n in held.items())
            raise ReviewDeskError(f"数据库中已有记录（{zh}），不能填充示例数据；如确需追加，请使用强制选项",
                                  f"The database already holds records ({en}); demo data is not added "
                                  "unless forced")
    counts = SIZES[size]
    maker = _Maker(random.Random(seed), dt.date.today(), who, progress, sum(counts.values()))
    with database.atomic():
        maker.reference_data()
        issues = maker.create("issue", maker.issues(counts["issue"]))
        targets = maker.create("target", maker.targets(counts["target"], issues))
        maker.create("plan_step", maker.plan_steps(counts["plan_step"], targets))
        maker.create("collab", maker.collabs(counts["collab"], issues))
        maker.create("callback", maker.callbacks(counts["callback"]))
        maker.create("reading", maker.readings(counts["reading"], targets))
        meetings = maker.create("meeting", maker.meetings(counts["meeting"]))
        maker.create("action", maker.actions(counts["action"], meetings))
    return dict(maker.counts)


class _Maker:
    """Draws the rows of every artefact from one seeded random generator, in a fixed order."""

    def __init__(self, rng: random.Random, today: dt.date, who: str,
                 progress: Callable[[int, int], Any] | None = None, expected: int = 0) -> None:
        self.rng, self.today, self.who = rng, today, who
        self.progress, self.expected = progress, expected  # told (records made, records to make) after each chunk
        self.counts: dict[str, int] = {key: 0 for key in ARTEFACTS}
        self.people: dict[str, list[str]] = {}
        self.supervisors: dict[str, list[str]] = {}
        for name, dept, role in PEOPLE:
            self.people.setdefault(dept, []).append(name)
            if role == "supervisor":
                self.supervisors.setdefault(dept, []).append(name)

    # --- helpers ---
    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def owner(self, dept: str) -> str:
        return self.rng.choice(self.people[dept])

    def pick(self, index: int, options: Sequence[str], weights: Sequence[float]) -> str:
        """Each option once for the first rows (so every choice appears), then by weight."""
        if index < len(options):
            return options[index]
        return self.rng.choices(options, weights)[0]

    def create(self, art_key: str, rows: Iterator[dict[str, Any]]) -> list[str]:
        """Insert rows through the change API in chunks; returns the codes given."""
        codes: list[str] = []
        lookups = Lookups()  # fresh per artefact: it sees the records created just before
        chunk: list[dict[str, Any]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                codes += self._insert(art_key, chunk, lookups)
                chunk = []
                self._told(len(codes))
        if chunk:
            codes += self._insert(art_key, chunk, lookups)
        self.counts[art_key] += len(codes)
        return codes

    def _told(self, made: int) -> None:
        if self.progress is not None:
            self.progress(sum(self.counts.values()) + made, self.expected)

    def _insert(self, art_key: str, chunk: list[dict[str, Any]], lookups: Lookups) -> list[str]:
        changes = create_many(art_key, chunk, who=self.who, source=SOURCE, lookups=lookups)
        return [c.code for c in changes]

    def actions(self, count: int, meetings: Sequence[str]) -> Iterator[dict[str, Any]]:
        """The held meeting's actions, as its decisions asked for them."""
        for item, action, dept, owner, due, status, result, closed in ACTIONS[:count]:
            yield {"meeting": meetings[0], "agenda_item": item, "action": action, "department": dept, "owner": owner,
                   "due_date": self.day(due), "status": status, "result": result,
                   "closed_on": None if closed is None else self.day(closed)}

    # --- reference data ---
    def reference_data(self) -> None:
        for code, zh, en in DEPARTMENTS:
            save_department(code, zh, en, email=DEPARTMENT_EMAILS.get(code, ""), who=self.who, source=SOURCE)
        for name, dept, role in PEOPLE:
            save_person(name, dept, role, who=self.who, source=SOURCE)

    # --- artefacts ---
    def issues(self, count: int) -> Iterator[dict[str, Any]]:
        rng = self.rng
        levels = ("high", "medium", "low")
        pairs = [(i, f) for i in levels for f in levels]  # the first nine rows cover the whole matrix
        statuses = ("open", "confirmed", "in_progress", "resolved", "closed")
        sources = ("data", "staff_interview", "customer_interview", "feedback", "other")
        for n in range(count):
            seed = ISSUES[n % len(ISSUES)]
            rounds = n // len(ISSUES)
            impact, frequency = pairs[n] if n < len(pairs) else (
                rng.choices(levels, (4, 4, 2))[0], rng.choices(levels, (4, 4, 2))[0])
            figures = {"p": rng.randint(15, 45), "q": rng.randint(8, 35), "h": rng.randint(24, 72),
                       "n": rng.randint(2, 4), "k": rng.randint(50, 500), "m": rng.randint(30, 180)}
            title = seed.title if rounds == 0 else f"{seed.title}（{rng.choice(REGIONS)}）"
            status = self.pick(n, statuses, (3, 3, 4, 2, 1))
            found = self.day(-rng.randint(3, 180))
            row = {
                "title": title,
                "description": seed.description.format(**figures),
                "category": seed.category,
                "source": seed.source if rng.random() < 0.7 else self.pick(n, sources, (3, 2, 2, 2, 1)),
                "process_node": seed.process_node,
                "impact": impact,
                "frequency": frequency,
                "affected_customers": rng.randint(20, 5000),
                "difficulty": rng.choices(("low", "medium", "high"), (3, 4, 2))[0],
                "root_cause": None if status == "open" and rng.random() < 0.6 else seed.root_cause,
                "department": seed.department,
                "owner": self.owner(seed.department),
                "status": status,
                "found_on": found,
                "notes": rng.choice((None, None, None, "待跨部门评审会确认", "已纳入试点范围", "需IT排期")),
            }
            yield row

    def targets(self, count: int, issues: Sequence[str]) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for n in range(count):
            issue_index, node, title, metric, unit, baseline, target, dept, due = TARGETS[n % len(TARGETS)]
            row: dict[str, Any] = {
                "issue": issues[issue_index] if issue_index < len(issues) else None,
                "process_node": node, "title": title, "metric": metric, "unit": unit,
                "baseline": baseline, "target_value": target, "department": dept, "owner": self.owner(dept),
                "due_date": self.day(due - rng.randint(0, 10)),
                "status": self.pick(n, TARGET_STATUSES, (5, 3, 2, 1)),
            }
            for gap in TARGET_GAPS.get(n, ()):
                row[gap] = None
            if row["status"] == "rejected":
                row["review_comment"] = "目标值缺少依据，请补充基线数据后重新提交"
            elif row["status"] == "confirmed":
                row["review_comment"] = rng.choice(("目标评审会通过", "与公司整体战略一致，同意"))
            elif TARGET_GAPS.get(n):
                row["review_comment"] = "SMART检查未通过：请补齐缺项"
            yield row

    def readings(self, extra: int, targets: Sequence[str]) -> Iterator[dict[str, Any]]:
        """Weekly readings of every target that has a baseline and a target value and was not rejected (every
        seventh such target has none yet: not started); the overdue one stopped short. `extra` more are daily
        team readings along the same curves, dated before the last weekly one so that it stays the latest."""
        curves = self._reading_curves(targets)
        self.expected += len(curves) * (READING_WEEKS + 1)  # the weekly readings, known once the curves are
        rng = self.rng
        for n in range(extra):
            code, baseline, span, reached = curves[n % len(curves)]
            days_ago = rng.randint(1, READING_WEEKS * 7)
            yield self._reading(code, baseline, span, reached, days_ago, "day",
                                f"{rng.choice(READING_SOURCES)}（{n % 6 + 1}组）", noise=0.06)
        for code, baseline, span, reached in curves:
            for week in range(READING_WEEKS, -1, -1):
                yield self._reading(code, baseline, span, reached, week * 7, "week", READING_SOURCES[0], noise=0.02)

    def _reading_curves(self, targets: Sequence[str]) -> list[tuple[str, float, float, float]]:
        """(target, baseline, target value − baseline, the attainment reached today) for the targets with readings."""
        curves = []
        first = self.day(-READING_WEEKS * 7)
        eligible = 0
        for t in select_records("target", codes=list(targets), fields=["baseline", "target_value", "due_date",
                                                                        "status"]):
            if t["baseline"] is None or t["target_value"] is None or t["status"] == "rejected":
                continue
            eligible += 1
            if eligible % 7 == 0:
                continue  # not started
            baseline, span = float(t["baseline"]), float(t["target_value"] - t["baseline"])
            if t["due_date"] < self.today:
                reached = 0.7  # the due date passed at 70 %: overdue
            else:
                fate = FATES[len(curves) % len(FATES)]
                expected = (self.today - first).days / (t["due_date"] - first).days * 100
                lead = FATE_LEAD[fate]
                reached = 1.08 if lead is None else max(0.1, min(0.95, (expected + lead) / 100))
            curves.append((t["code"], baseline, span, reached))
        return sorted(curves)

    def _reading(self, code: str, baseline: float, span: float, reached: float, days_ago: int, period: str,
                 source: str, *, noise: float) -> dict[str, Any]:
        weeks_ago = days_ago / 7
        pilot_from = READING_WEEKS - BASELINE_WEEKS
        progress = 0.0 if weeks_ago >= pilot_from else reached * (pilot_from - weeks_ago) / pilot_from
        if days_ago:
            progress += self.rng.uniform(-noise, noise)
        phase = "baseline" if weeks_ago > pilot_from else "pilot" if weeks_ago > pilot_from - PILOT_WEEKS else \
            "steady" if reached >= 1 and weeks_ago <= 2 else "rollout"
        return {"target": code, "measured_on": self.day(-days_ago), "value": round(baseline + span * progress, 2),
                "period": period, "phase": phase, "source": source}

    def plan_steps(self, count: int, targets: Sequence[str]) -> Iterator[dict[str, Any]]:
        for n in range(count):
            phase, action, deliverable, dept, target, start, length, status, progress = PLAN[n % len(PLAN)]
            risk = RISKS[n % len(RISKS)] if phase in ("design", "pilot", "rollout") or n % 3 == 0 else (None, None)
            yield {
                "target": targets[target] if target is not None and target < len(targets) else None,
                "phase": phase, "action": action, "deliverable": deliverable,
                "start_date": self.day(start), "end_date": self.day(start + length),
                "department": dept, "owner": self.owner(dept),
                "risk_control": risk[0], "contingency": risk[1],
                "progress": progress, "status": status,
            }

    def collabs(self, count: int, issues: Sequence[str]) -> Iterator[dict[str, Any]]:
        rng = self.rng
        statuses = ("in_progress", "done", "submitted", "accepted", "rejected")
        urgencies = ("urgent", "normal", "complex")
        for n in range(count):
            requesting, cooperating, issue, subject, requirement, deliverable = COLLABS[n % len(COLLABS)]
            if n >= len(COLLABS):
                requesting = rng.choice([d for d, _, _ in DEPARTMENTS if d != cooperating])
            status = self.pick(n, statuses, (3, 4, 2, 2, 1))
            urgency = self.pick(n, urgencies, (2, 5, 3))
            # the first rows still open are overdue; the rest spread around today
            due = self.day(-rng.randint(3, 20) if n < 5 and status not in ("done", "rejected")
                           else rng.randint(-30, 40))
            row = {
                "requesting_department": requesting, "cooperating_department": cooperating,
                "issue": issues[issue] if issue is not None and issue < len(issues) else None,
                "subject": subject, "requirement": requirement, "deliverable": deliverable,
                "urgency": urgency, "due_date": due, "follow_up_owner": self.owner(requesting),
                "status": status,
            }
            if status == "done":
                row["response"] = rng.choice(COLLAB_RESPONSES)
                row["completed_on"] = min(self.today, due + dt.timedelta(days=rng.randint(-5, 3)))
            elif status == "rejected":
                row["response"] = rng.choice(COLLAB_REJECTIONS)
            elif status == "in_progress" and rng.random() < 0.5:
                row["response"] = "已接收，正在处理"
            yield row

    def callbacks(self, count: int) -> Iterator[dict[str, Any]]:
        rng = self.rng
        types = ("new", "returning", "vip")
        requests = ("inquiry", "complaint", "after_sales", "other")
        channels = ("phone", "survey", "sms")
        supervisors = [s for dept in ("CS", "CS", "CS", "LOG", "FIN", "QA") for s in self.supervisors[dept]]
        span = 120 if count <= 1000 else 365
        per_day: dict[dt.date, int] = {}
        for n in range(count):
            # rows 4 and 9 score low a week or more ago: one followed up, one overdue
            resolved_on = self.day(-rng.randint(7, 30) if n in (4, 9) else -rng.randint(0, span))
            late = n not in (4, 9) and rng.random() < 0.06
            called = resolved_on + dt.timedelta(days=rng.randint(2, 5) if late else rng.choice((0, 1, 1)))
            called = min(called, self.today)
            issue_type = self.pick(n, requests, (4, 2, 3, 1))
            # a few low scores among the first rows, so that even a tiny demo has follow-ups
            low = n in (4, 9) or rng.random() < (0.35 if issue_type == "complaint" else 0.15)
            score = rng.randint(2, 7) if low else rng.choices((8, 9, 10), (3, 4, 4))[0]
            resolved = "yes" if score >= 8 else rng.choice(("no", "partial", "partial", "yes"))
            seq = per_day[resolved_on] = per_day.get(resolved_on, 0) + 1
            surname = rng.choice(SURNAMES)
            name = surname + (rng.choice(("先生", "女士")) if rng.random() < 0.4 else rng.choice(GIVEN))
            row: dict[str, Any] = {
                "ticket_no": f"XR{resolved_on:%Y%m%d}{seq:03d}",
                "customer_name": name,
                "phone": rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}",
                "customer_type": self.pick(n, types, (3, 5, 2)),
                "issue_type": issue_type,
                "resolved_on": resolved_on,
                "callback_date": called,
                "channel": self.pick(n, channels, (6, 3, 1)),
                "resolved": resolved,
                "score": score,
                "speed_ok": "yes" if score >= 8 or rng.random() < 0.3 else "no",
                "suggestion": rng.choice(SUGGESTIONS) if rng.random() < (0.8 if low else 0.3) else None,
            }
            if low:
                row["follow_up_owner"] = rng.choice(supervisors)
                age = (self.today - called).days
                # most follow-ups more than two days old are done; those that are not are overdue
                if n != 4 and age > 0 and (n == 9 or rng.random() < (0.85 if age > 2 else 0.4)):
                    row["follow_up_result"] = rng.choice(FOLLOW_UP_RESULTS)
            yield row

    def meetings(self, count: int) -> Iterator[dict[str, Any]]:
        for n in range(count):
            m = MEETINGS[n % len(MEETINGS)]
            yield {"title": m["title"], "date": self.day(m["days"]), "place": m["place"],
                   "organizer": m["organizer"], "departments": list(m["departments"]),
                   "agenda": [dict(a) for a in m["agenda"]], "status": m["status"]}
