"""The declarations of ARTEFACTS.md: the five artefacts, meetings, and the reference data."""
from __future__ import annotations

import datetime as dt
from typing import Iterator, Sequence

from reviewdesk.templates import rules
from reviewdesk.templates.documents import (Attainment, Form, Given, Heading, KeyFigures, Layout, Lead, MatrixTable,
                                            Milestones, Records, SignOff)
from reviewdesk.templates.figures import OPEN, OWNER, Figure, Measure, by, count
from reviewdesk.templates.marks import AtLeast, Below, Blank, Filled, Gap, Is, Mark, NotIn, Past, Recent, Soon, all_of
from reviewdesk.templates.schema import Artefact, Field, Gathered, Kind, Rule, choices

LEVELS = choices(("high", "高", "High"), ("medium", "中", "Medium"), ("low", "低", "Low"))
YES_NO = choices(("yes", "是", "Yes"), ("no", "否", "No"))
EXAMPLE_DAY = dt.date(2026, 11, 30)


def _text(key, zh, en, **kw) -> Field:
    return Field(key, zh, en, Kind.TEXT, **kw)


def _long(key, zh, en, **kw) -> Field:
    return Field(key, zh, en, Kind.LONG_TEXT, **kw)


def _choice(key, zh, en, options, **kw) -> Field:
    return Field(key, zh, en, Kind.CHOICE, choices=options, **kw)


def _date(key, zh, en, **kw) -> Field:
    return Field(key, zh, en, Kind.DATE, example=kw.pop("example", EXAMPLE_DAY), **kw)


def _department(key="department", zh="责任部门", en="Owner department", **kw) -> Field:
    return Field(key, zh, en, Kind.DEPARTMENT, example=kw.pop("example", "客服中心"),
                 hint_zh=kw.pop("hint_zh", "从下拉列表选择部门"), hint_en=kw.pop("hint_en", "Pick a department from the list"), **kw)


#: Who calls a dissatisfied customer again (seed 001, template 4: the supervisor, within 48 hours); a manager may too.
FOLLOW_UP_ROLES = ("supervisor", "manager")


def _person(key="owner", zh="负责人", en="Owner", **kw) -> Field:
    return Field(key, zh, en, Kind.PERSON, example=kw.pop("example", "李娜"),
                 hint_zh=kw.pop("hint_zh", "从下拉列表选择人员"), hint_en=kw.pop("hint_en", "Pick a person from the list"), **kw)


ISSUE = Artefact(
    key="issue", zh="服务问题清单", en="Service issue list", prefix="ISS",
    code_zh="问题编号", code_en="Issue no.", sheet_zh="问题清单", sheet_en="Issues",
    fields=(
        _text("title", "问题概述", "Summary", required=True, max_length=200,
              hint_zh="一句话概括问题", hint_en="The issue in one sentence", example="客户需重复提交3次退换货材料"),
        _long("description", "问题描述", "Description", hint_zh="现象与数据", hint_en="What happens, with figures",
              example="退款工单处理时长超均值40%"),
        _choice("category", "问题类型", "Category", choices(
            ("efficiency", "效率类", "Efficiency"), ("experience", "体验类", "Experience"),
            ("compliance", "合规类", "Compliance")), required=True, example="efficiency"),
        _choice("source", "问题来源", "Source", choices(
            ("data", "数据分析", "Data"), ("staff_interview", "员工访谈", "Staff interview"),
            ("customer_interview", "客户访谈", "Customer interview"), ("feedback", "客户反馈", "Feedback"),
            ("other", "其他", "Other")), example="data"),
        _text("process_node", "流程节点", "Process step", max_length=200, example="退换货材料提交"),
        _choice("impact", "影响程度", "Impact", LEVELS, required=True, example="high"),
        _choice("frequency", "发生频率", "Frequency", LEVELS, required=True, example="high"),
        Field("affected_customers", "影响客户数", "Customers affected", Kind.INTEGER, minimum=0, example=1200),
        _choice("difficulty", "解决难度", "Difficulty", choices(
            ("low", "低", "Low"), ("medium", "中", "Medium"), ("high", "高", "High")), example="medium"),
        _choice("priority", "优先级", "Priority", choices(
            ("P1", "P1", "P1"), ("P2", "P2", "P2"), ("P3", "P3", "P3")), computed=rules.priority,
            hint_zh="自动计算：高影响且高频率为P1（核心问题）", hint_en="Computed: high impact and high frequency is P1"),
        _long("root_cause", "根因分析", "Root cause", hint_zh="5-Why 分析", hint_en="5-Why analysis",
              example="依赖第三方物流系统手动同步"),
        _department(),
        _person(),
        _choice("status", "状态", "Status", choices(
            ("open", "待分析", "Open"), ("confirmed", "已确认", "Confirmed"), ("in_progress", "处理中", "In progress"),
            ("resolved", "已解决", "Resolved"), ("closed", "已关闭", "Closed")), default="open", example="open"),
        _date("found_on", "发现日期", "Found on"),
        _long("notes", "备注", "Notes"),
    ),
    department_field="department",
    department_editable=("root_cause", "owner", "status", "notes"),
    department_may_add=True,
    open=NotIn("status", ("resolved", "closed")),
    marks=(Mark("p1", "critical", None, Is("priority", "P1"), "优先级 P1（核心问题）", "Priority P1 (core issue)"),),
    figures=(
        Figure("matrix", "未关闭问题：影响程度 × 发生频率", "Open issues: impact × frequency", Measure.MATRIX,
               ("impact", "frequency"), only=OPEN, chart=True, cell="priority",
               legend=(("P1", "P1 核心问题", "P1 core issue"), ("P2", "P2 重要", "P2 important"),
                       ("P3", "P3 一般", "P3 minor"))),
        by("category", "按类型", "By category"),
        by("priority", "按优先级", "By priority"),
        by("status", "按状态", "By status", chart=True),
    ),
    layout=Layout((
        Lead("共 {rows} 项问题：P1 核心问题 {by_priority[P1]} 项、P2 {by_priority[P2]} 项、P3 {by_priority[P3]} 项。"
             "优先级由影响程度 × 发生频率得出。",
             "{rows} issue(s): P1 core {by_priority[P1]}, P2 {by_priority[P2]}, P3 {by_priority[P3]}. "
             "Priority follows from impact × frequency."),
        Heading("优先级矩阵", "Priority matrix"),
        MatrixTable("matrix", "优先级矩阵：各格的优先级与问题数",
                    "Priority matrix: priority and number of issues per cell"),
        Heading("问题清单", "Issues"),
        Records("服务问题清单（按优先级排列）", "Service issues, by priority", order=("priority",)),
    )),
)

TARGET = Artefact(
    key="target", zh="服务优化目标确认表", en="Target confirmation table", prefix="TGT",
    code_zh="目标编号", code_en="Target no.", sheet_zh="目标确认表", sheet_en="Targets",
    fields=(
        Field("issue", "关联问题", "Issue", Kind.REFERENCE, reference="issue",
              hint_zh="问题编号，如 ISS-0001", hint_en="An issue number such as ISS-0001", example="ISS-0001"),
        _text("process_node", "流程节点", "Process step", max_length=200, example="退换货材料提交"),
        _text("title", "目标描述", "Target", required=True, max_length=200, example="客户提交材料次数从3次降至1次"),
        _text("metric", "衡量指标", "Metric", max_length=100, example="材料提交次数"),
        _text("unit", "单位", "Unit", max_length=20, example="次", hint_zh="如 %、小时、次、分", hint_en="e.g. %, hours, times, points"),
        Field("baseline", "基线值", "Baseline", Kind.DECIMAL, example=3),
        Field("target_value", "目标值", "Target value", Kind.DECIMAL, example=1),
        _choice("direction", "方向", "Direction", choices(
            ("decrease", "降低", "Decrease"), ("increase", "提升", "Increase")), computed=rules.direction,
            hint_zh="自动计算：由基线值与目标值得出", hint_en="Computed from the baseline and the target value"),
        _department(required=True),
        _person(),
        _date("due_date", "完成时间", "Due date", required=True),
        _choice("status", "确认状态", "Confirmation", choices(
            ("draft", "草案", "Draft"), ("in_review", "评审中", "In review"), ("confirmed", "已确认", "Confirmed"),
            ("rejected", "已驳回", "Rejected")), default="draft", example="in_review"),
        _long("review_comment", "评审意见", "Review comment"),
        Field("smart_gaps", "SMART 检查", "SMART check", Kind.CHOICE, multiple=True, choices=choices(
            ("metric", "缺衡量指标", "no metric"), ("unit", "缺单位", "no unit"), ("baseline", "缺基线值", "no baseline"),
            ("target_value", "缺目标值", "no target value"), ("due_date", "缺完成时间", "no due date")),
            computed=rules.smart_gaps, hint_zh="自动计算：列出目标尚缺的要素", hint_en="Computed: what the target still lacks"),
        Field("latest_value", "最新读数", "Latest reading", Kind.DECIMAL,
              gathered=Gathered("reading", "target", "measured_on", "value"),
              hint_zh="自动计算：测量日期最晚的指标读数", hint_en="Computed: the KPI reading with the latest date"),
        Field("latest_on", "最新读数日期", "Latest reading on", Kind.DATE,
              gathered=Gathered("reading", "target", "measured_on", "measured_on"),
              hint_zh="自动计算：最新读数的测量日期", hint_en="Computed: the date of the latest reading"),
        Field("first_on", "首次读数日期", "First reading on", Kind.DATE,
              gathered=Gathered("reading", "target", "measured_on", "measured_on", last=False),
              hint_zh="自动计算：第一次读数的测量日期（跟踪路径的起点）",
              hint_en="Computed: the date of the first reading (where the tracking path starts)"),
        Field("attainment", "达成率", "Attainment", Kind.DECIMAL, computed=rules.attainment,
              hint_zh="自动计算：（最新读数 − 基线值）÷（目标值 − 基线值）× 100%；无读数或目标值等于基线值时为空",
              hint_en="Computed: (latest − baseline) ÷ (target value − baseline) × 100 %; "
                      "empty without a reading or when the target value is the baseline"),
        _choice("tracking", "跟踪状态", "Tracking", choices(
            ("not_started", "未开始", "Not started"), ("reached", "已达成", "Reached"), ("on_track", "正常", "On track"),
            ("at_risk", "有风险", "At risk"), ("overdue", "已逾期", "Overdue")), computed=rules.tracking,
            hint_zh=f"自动计算：无读数为未开始；达成率 ≥ 100% 为已达成；完成时间已过仍未达成为已逾期；"
                    f"从首次读数日期（0%）到完成时间（100%）按直线计算应达成率，落后超过 {rules.AT_RISK_POINTS} 个百分点为有风险，否则为正常",
            hint_en=f"Computed: not started without readings; reached at 100 % or more; overdue when the due date "
                    f"passed without it; at risk when more than {rules.AT_RISK_POINTS} points behind a straight path "
                    f"from the first reading (0 %) to the due date (100 %); else on track"),
    ),
    department_field="department",
    department_editable=("owner", "baseline", "target_value", "due_date", "review_comment"),
    open=NotIn("status", ("confirmed", "rejected")),
    figures=(
        by("status", "按确认状态", "By confirmation", chart=True),
        count("smart_incomplete", "SMART 要素不全", "Missing SMART parts", only=Filled("smart_gaps")),
        by("smart_gaps", "所缺要素", "Parts missing", only=Filled("smart_gaps")),
        by("tracking", "按跟踪状态", "By tracking", chart=True, panel=True),
    ),
    layout=Layout((
        Lead("共 {rows} 项目标，其中 {smart_incomplete} 项 SMART 要素不全（见「SMART 检查」列）。",
             "{rows} target(s); {smart_incomplete} lack SMART parts (see the SMART check column)."),
        Records("服务优化目标确认表", "Target confirmation table",
                fields=("issue", "title", "metric", "unit", "baseline", "target_value", "latest_value", "attainment",
                        "tracking", "department", "owner", "due_date", "status", "smart_gaps", "review_comment"),
                details=("review_comment",)),
        Heading("责任部门确认签字", "Sign-off by the responsible departments"),
        SignOff("department", "各责任部门确认上表中本部门的目标值与完成时间。",
                "Each responsible department confirms its target values and due dates above."),
    )),
)

PLAN_STEP = Artefact(
    key="plan_step", zh="最终版服务优化方案", en="Final optimization plan", prefix="PLN",
    code_zh="步骤编号", code_en="Step no.", sheet_zh="优化方案", sheet_en="Plan",
    fields=(
        Field("target", "关联目标", "Target", Kind.REFERENCE, reference="target",
              hint_zh="目标编号，如 TGT-0001", hint_en="A target number such as TGT-0001", example="TGT-0001"),
        _choice("phase", "阶段", "Phase", choices(
            ("diagnosis", "现状调研", "Diagnosis"), ("goal_setting", "目标设定", "Goal setting"),
            ("design", "方案设计", "Design"), ("pilot", "试点实施", "Pilot"), ("rollout", "全面推广", "Rollout"),
            ("review", "复盘优化", "Review")), example="pilot"),
        _long("action", "实施步骤", "Action", required=True, example="上线材料智能审核系统，审核时效压缩至2小时"),
        _text("deliverable", "交付成果", "Deliverable", max_length=200, example="《客服操作手册》"),
        _date("start_date", "开始日期", "Start", example=dt.date(2026, 11, 2)),
        _date("end_date", "完成节点", "Milestone date", hint_zh="不早于开始日期", hint_en="Not before the start date"),
        _department(required=True),
        _person(zh="责任人"),
        _long("risk_control", "风险控制点", "Risk control", example="智能审核误判时的申诉通道"),
        _long("contingency", "应急预案", "Contingency", example="系统异常时启用临时人工审核通道"),
        Field("progress", "进度", "Progress", Kind.INTEGER, minimum=0, maximum=100, example=40,
              hint_zh="0–100 的整数（%）", hint_en="A whole number from 0 to 100 (%)"),
        _choice("status", "状态", "Status", choices(
            ("not_started", "未开始", "Not started"), ("in_progress", "进行中", "In progress"), ("done", "已完成", "Done"),
            ("delayed", "已延期", "Delayed"), ("cancelled", "已取消", "Cancelled")), default="not_started",
            example="in_progress"),
    ),
    rules=(Rule("end_date", rules.end_not_before_start),),
    department_field="department",
    department_editable=("owner", "start_date", "end_date", "progress", "status", "deliverable"),
    open=NotIn("status", ("done", "cancelled")),
    marks=(Mark("overdue", "overdue", None, all_of(Past("end_date"), NotIn("status", ("done", "cancelled"))),
                "完成节点已过而未完成", "Milestone date passed and not done"),),
    figures=(
        by("status", "按状态", "By status"),
        Figure("progress", "平均进度", "Average progress", Measure.AVERAGE, ("progress",),
               only=NotIn("status", ("cancelled",)), unit="%"),
        count("overdue", "已逾期", "Overdue", only="overdue"),
        by(OWNER, "方案步骤", "Plan steps", key="overdue_by_department", only="overdue",
           together="overdue_by_department"),
    ),
    layout=Layout((
        Lead("共 {rows} 个实施步骤，{overdue} 个已逾期。", "{rows} step(s), {overdue} overdue."),
        Records("{group}阶段的实施步骤", "Steps of the {group} phase", order=("end_date",), group_by="phase",
                milestones=Milestones("start_date", "end_date", "progress", Is("status", "done"), "overdue")),
    )),
)

COLLAB = Artefact(
    key="collab", zh="跨部门协作申请表", en="Cross-department collaboration request", prefix="COL",
    code_zh="申请编号", code_en="Request no.", sheet_zh="协作申请", sheet_en="Collaboration",
    fields=(
        _department("requesting_department", "申请部门", "Requesting department", required=True),
        _department("cooperating_department", "协作部门", "Cooperating department", required=True, example="技术部",
                    hint_zh="不能与申请部门相同", hint_en="Must differ from the requesting department"),
        Field("issue", "关联问题", "Issue", Kind.REFERENCE, reference="issue",
              hint_zh="问题编号，如 ISS-0001", hint_en="An issue number such as ISS-0001", example="ISS-0001"),
        _text("subject", "协作事项", "Subject", required=True, max_length=200, example="工单系统新增材料自动归档功能"),
        _long("requirement", "需求说明", "Requirement", example="客户上传的发票、证件自动识别并归档到工单"),
        _text("deliverable", "交付成果", "Deliverable", max_length=200, example="功能上线"),
        _choice("urgency", "紧急程度", "Urgency", choices(
            ("urgent", "紧急", "Urgent"), ("normal", "一般", "Normal"), ("complex", "复杂", "Complex")),
            hint_zh="紧急10分钟内响应；一般30分钟；复杂2小时内启动对接",
            hint_en="Urgent: answer within 10 min; normal: 30 min; complex: hand over within 2 h", example="normal"),
        _date("due_date", "要求完成时间", "Due date"),
        _person("follow_up_owner", "跟进人", "Follow-up owner"),
        _choice("status", "状态", "Status", choices(
            ("submitted", "待接收", "Submitted"), ("accepted", "已接收", "Accepted"), ("in_progress", "处理中", "In progress"),
            ("done", "已完成", "Done"), ("rejected", "已拒绝", "Rejected")), default="submitted", example="submitted"),
        _long("response", "协作部门反馈", "Response", hint_zh="由协作部门填写", hint_en="Written by the cooperating department"),
        _date("completed_on", "实际完成日期", "Completed on"),
    ),
    rules=(Rule("cooperating_department", rules.cooperating_differs),),
    department_field="cooperating_department",
    department_editable=("status", "response", "completed_on"),
    department_may_add=True,
    department_adds_as="requesting_department",
    open=NotIn("status", ("done", "rejected")),
    marks=(Mark("overdue", "overdue", None, all_of(Past("due_date"), NotIn("status", ("done", "rejected"))),
                "要求完成时间已过而未完成", "Due date passed and not done"),),
    figures=(
        by("cooperating_department", "未完成（按协作部门）", "Open (by cooperating department)",
           key="open_by_department", only=OPEN, chart=True),
        count("overdue", "已逾期", "Overdue", only="overdue"),
        by(OWNER, "协作申请", "Collaboration requests", key="overdue_by_department", only="overdue",
           together="overdue_by_department"),
    ),
    layout=Layout((
        Lead("共 {rows} 份协作申请，{overdue} 份已逾期。响应时限：紧急 10 分钟内，一般 30 分钟内，复杂 2 小时内启动对接。",
             "{rows} request(s), {overdue} overdue. Response: urgent within 10 min, normal 30 min, "
             "complex handed over within 2 h."),
        Records("跨部门协作申请", "Collaboration requests"),
    ), form=Form(
        pairs=(("requesting_department", "cooperating_department"), ("issue", "urgency"),
               ("due_date", "follow_up_owner")),
        wide=("subject", "requirement", "deliverable", "response", "completed_on"),
        signatures=(("申请部门负责人签字", "Requesting head's signature"),
                    ("协作部门负责人签字", "Cooperating head's signature")),
        title="subject")),
)

CALLBACK = Artefact(
    key="callback", zh="客户满意度回访表", en="Customer satisfaction callback", prefix="CB",
    code_zh="回访编号", code_en="Callback no.", sheet_zh="满意度回访", sheet_en="Callbacks",
    fields=(
        _text("ticket_no", "工单编号", "Ticket no.", max_length=40, example="XR20231015001"),
        _text("customer_name", "客户姓名", "Customer", max_length=60, personal=True, example="王先生"),
        _text("phone", "联系方式", "Phone", max_length=40, personal=True, example="13812345678"),
        _choice("customer_type", "客户类型", "Customer type", choices(
            ("new", "新客", "New"), ("returning", "老客", "Returning"), ("vip", "VIP", "VIP")), example="returning"),
        _choice("issue_type", "诉求类型", "Request type", choices(
            ("inquiry", "咨询", "Inquiry"), ("complaint", "投诉", "Complaint"), ("after_sales", "售后", "After-sales"),
            ("other", "其他", "Other")), example="after_sales"),
        _date("resolved_on", "问题解决日期", "Resolved on", example=dt.date(2026, 11, 27)),
        _date("callback_date", "回访日期", "Called back on", example=dt.date(2026, 11, 28),
              hint_zh="应在问题解决后24小时内回访", hint_en="Call back within 24 hours of resolution"),
        _choice("channel", "回访方式", "Channel", choices(
            ("phone", "电话", "Phone"), ("survey", "问卷", "Survey"), ("sms", "短信", "SMS")), example="phone"),
        _choice("resolved", "问题是否解决", "Resolved?", choices(
            ("yes", "是", "Yes"), ("no", "否", "No"), ("partial", "部分", "Partial")), example="yes"),
        Field("score", "满意度评分", "Score", Kind.INTEGER, required=True, minimum=0, maximum=10, example=7,
              hint_zh="0–10 的整数，低于8分需二次沟通", hint_en="A whole number from 0 to 10; under 8 needs a follow-up"),
        _choice("speed_ok", "响应速度满意", "Speed satisfied", YES_NO, example="yes"),
        _long("suggestion", "客户建议", "Suggestion", example="希望物流信息更新更及时"),
        _choice("follow_up_needed", "需二次沟通", "Follow-up needed", YES_NO, computed=rules.follow_up_needed,
                hint_zh="自动计算：评分低于8分", hint_en="Computed: score under 8"),
        _person("follow_up_owner", "二次沟通负责人", "Follow-up owner", example="张敏", roles=FOLLOW_UP_ROLES,
                hint_zh="主管或经理；评分低于8分时必填", hint_en="A supervisor or manager; required when the score is under 8"),
        Field("follow_up_due", "二次沟通期限", "Follow-up due", Kind.DATE, computed=rules.follow_up_due,
              hint_zh="自动计算：回访日期后2天", hint_en="Computed: two days after the callback"),
        _long("follow_up_result", "二次沟通结果", "Follow-up result", example="已致歉并补发配件，客户认可"),
    ),
    rules=(Rule("callback_date", rules.callback_after_resolution),
           Rule("follow_up_owner", rules.follow_up_owner_when_needed)),
    department_field="follow_up_owner",  # a department holds the callbacks whose follow-up owner belongs to it
    department_editable=("follow_up_result",),
    open=all_of(Is("follow_up_needed", "yes"), Blank("follow_up_result")),
    marks=(
        Mark("low_score", "low_score", "score", Below("score", rules.FOLLOW_UP_SCORE),
             f"满意度低于 {rules.FOLLOW_UP_SCORE} 分", f"Score under {rules.FOLLOW_UP_SCORE}"),
        Mark("late", "late", "callback_date", Gap("callback_date", "resolved_on", rules.CALLBACK_DAYS),
             "解决后超过 24 小时才回访", "Called back more than a day after resolution"),
        Mark("follow_up_overdue", "overdue", None, all_of(Past("follow_up_due"), Blank("follow_up_result")),
             "二次沟通期限已过而无结果", "Follow-up due date passed without a result"),
        Mark("follow_up_soon", "soon", None,
             all_of(Is("follow_up_needed", "yes"), Soon("follow_up_due", rules.FOLLOW_UP_DAYS),
                    Blank("follow_up_result")),
             f"二次沟通期限在 {rules.FOLLOW_UP_DAYS * 24} 小时内", f"Follow-up due within {rules.FOLLOW_UP_DAYS * 24} hours"),
    ),
    figures=(
        Figure("average", "平均满意度评分", "Average score", Measure.AVERAGE, ("score",)),
        Figure("satisfied", f"评分 ≥ {rules.FOLLOW_UP_SCORE} 占比", f"Share scoring {rules.FOLLOW_UP_SCORE} or more",
               Measure.SHARE, ("score",), when=AtLeast("score", rules.FOLLOW_UP_SCORE)),
        Figure("resolved", "问题已解决占比", "Share resolved", Measure.SHARE, ("resolved",),
               when=Is("resolved", "yes")),
        count("late", "超过 24 小时才回访", "Called back after more than 24 h", only="late"),
        count("pending", "待二次沟通", "Follow-ups pending", only=OPEN),
        count("follow_up_soon", f"{rules.FOLLOW_UP_DAYS * 24} 小时内到期的二次沟通",
              f"Follow-ups due within {rules.FOLLOW_UP_DAYS * 24} hours", only="follow_up_soon"),
        count("follow_up_overdue", "二次沟通已逾期", "Follow-ups overdue", only="follow_up_overdue"),
        Figure("suggestions", "最常见的客户建议", "Most frequent suggestions", Measure.TOP, ("suggestion",)),
        by("score", "满意度评分分布", "Callback score distribution", chart=True),
        by(OWNER, "二次沟通", "Follow-ups", key="overdue_by_department", only="follow_up_overdue",
           together="overdue_by_department"),
    ),
    layout=Layout((
        Heading("回访概况", "Summary"),
        KeyFigures(("average", "satisfied", "resolved", "late", "pending", "follow_up_overdue", "suggestions"),
                   "满意度回访概况", "Callback summary", chart="by_score"),
        Heading("二次沟通跟进清单", "Follow-up list"),
        Lead(f"评分低于 {rules.FOLLOW_UP_SCORE} 分的回访 {{listed}} 次：由主管在 48 小时内二次沟通。",
             f"{{listed}} callback(s) scored under {rules.FOLLOW_UP_SCORE}: a supervisor calls back within 48 hours."),
        Records("二次沟通跟进清单", "Follow-up list", order=(Given("follow_up_result"), "follow_up_due"),
                fields=("ticket_no", "customer_name", "phone", "score", "resolved", "callback_date",
                        "follow_up_owner", "follow_up_due", "follow_up_result", "suggestion"),
                details=("suggestion",), only=Is("follow_up_needed", "yes")),
    )),
)

READING = Artefact(
    key="reading", zh="指标读数", en="KPI reading", prefix="RDG",
    code_zh="读数编号", code_en="Reading no.", sheet_zh="指标跟踪", sheet_en="KPI readings",
    fields=(
        Field("target", "关联目标", "Target", Kind.REFERENCE, reference="target", required=True,
              hint_zh="目标编号，如 TGT-0001", hint_en="A target number such as TGT-0001", example="TGT-0001"),
        _date("measured_on", "测量日期", "Measured on", required=True),
        Field("value", "读数", "Value", Kind.DECIMAL, required=True, example=2,
              hint_zh="按目标的单位填写", hint_en="In the target's unit"),
        _choice("period", "统计周期", "Period", choices(
            ("day", "日", "Day"), ("week", "周", "Week"), ("month", "月", "Month")), default="day", example="day"),
        _choice("phase", "阶段", "Phase", choices(
            ("baseline", "基线期", "Baseline"), ("pilot", "试点期", "Pilot"), ("rollout", "推广期", "Rollout"),
            ("steady", "巩固期", "Steady")), example="pilot",
            hint_zh="读数所处的阶段：基线期、试点期、推广期或巩固期", hint_en="Baseline, pilot, rollout or steady"),
        _text("source", "数据来源", "Source", max_length=100, example="工单系统",
              hint_zh="如 工单系统、质检抽样、回访问卷", hint_en="e.g. ticket system, QA sampling, callback survey"),
        _long("note", "备注", "Note"),
    ),
    department_field="target",  # a reading's rows are its target's department's
    department_editable=("measured_on", "value", "period", "phase", "source", "note"),
    department_may_add=True,
    # never closed: a pack's workbook lists the recent readings; its 目标达成情况 chapter draws on all of them
    pack_default=Recent("measured_on", rules.RECENT_READING_DAYS),
    figures=(
        by("phase", "按阶段", "By phase", chart=True),
        by("period", "按统计周期", "By period"),
    ),
    layout=Layout((
        Lead("共 {rows} 条指标读数：基线期 {by_phase[baseline]} 条、试点期 {by_phase[pilot]} 条、"
             "推广期 {by_phase[rollout]} 条、巩固期 {by_phase[steady]} 条。",
             "{rows} reading(s): baseline {by_phase[baseline]}, pilot {by_phase[pilot]}, "
             "rollout {by_phase[rollout]}, steady {by_phase[steady]}."),
        Attainment("目标达成情况", "Target attainment"),
        Records("{group}的指标读数", "Readings of the {group} phase", order=("target", "measured_on"), group_by="phase",
                in_pack=False),  # a pack shows each target's attainment and chart; its workbook lists the readings
    )),
)

MEETING = Artefact(
    key="meeting", zh="评审会议", en="Review meeting", prefix="MTG",
    code_zh="会议编号", code_en="Meeting no.", sheet_zh="评审会议", sheet_en="Meetings",
    fields=(
        _text("title", "会议主题", "Title", required=True, max_length=200, example="退换货流程优化方案跨部门评审会"),
        _date("date", "会议日期", "Date", required=True),
        _text("place", "会议地点", "Place", max_length=100, example="总部3楼第一会议室"),
        _person("organizer", "组织者", "Organizer"),
        Field("departments", "参会部门", "Departments", Kind.DEPARTMENT, multiple=True, example="客服中心，技术部",
              hint_zh="多个部门用逗号分隔", hint_en="Separate several departments with commas"),
        Field("agenda", "议程与决议", "Agenda and decisions", Kind.AGENDA,
              hint_zh="按顺序排列的议程项及其决议", hint_en="Ordered agenda items and their decisions"),
        Field("scope", "材料范围", "Pack scope", Kind.SCOPE,
              hint_zh=f"各类材料的筛选条件，默认全部未关闭记录（指标读数为最近 {rules.RECENT_READING_DAYS} 天的）",
              hint_en=f"Filters per artefact; all open records by default (KPI readings: the last "
                      f"{rules.RECENT_READING_DAYS} days)"),
        _choice("status", "状态", "Status", choices(
            ("planned", "筹备中", "Planned"), ("held", "已召开", "Held"), ("archived", "已归档", "Archived")),
            default="planned"),
    ),
    open=NotIn("status", ("archived",)),
    in_workbooks=False,
)

ACTION = Artefact(
    key="action", zh="会议行动项", en="Meeting action", prefix="ACT",
    code_zh="行动项编号", code_en="Action no.", sheet_zh="行动项", sheet_en="Actions",
    fields=(
        Field("meeting", "来源会议", "Meeting", Kind.REFERENCE, reference="meeting", required=True,
              hint_zh="会议编号，如 MTG-0001", hint_en="A meeting number such as MTG-0001", example="MTG-0001"),
        Field("agenda_item", "议程序号", "Agenda item", Kind.INTEGER, minimum=1, example=1,
              hint_zh="行动项所依据的决议的议程序号", hint_en="The number of the agenda item whose decision it follows"),
        _long("action", "行动内容", "Action", required=True, example="技术部完成工单系统材料自动归档功能并上线试点"),
        _department(required=True, example="技术部"),
        _person(example="王强"),
        _date("due_date", "完成期限", "Due date"),
        _choice("status", "状态", "Status", choices(
            ("open", "待办", "Open"), ("in_progress", "进行中", "In progress"), ("done", "已完成", "Done"),
            ("dropped", "已取消", "Dropped")), default="open", example="in_progress"),
        _long("result", "完成情况", "Result", example="功能已上线，试点组使用中",
              hint_zh="由责任部门填写进展或结果", hint_en="Progress or result, written by the owner department"),
        _date("closed_on", "完成日期", "Closed on"),
    ),
    department_field="department",
    department_editable=("owner", "status", "result", "closed_on"),
    open=NotIn("status", ("done", "dropped")),
    marks=(Mark("overdue", "overdue", None, all_of(Past("due_date"), NotIn("status", ("done", "dropped"))),
                "完成期限已过而未完成", "Due date passed and not done"),),
    figures=(
        by("status", "按状态", "By status", chart=True),
        count("open", "未完成", "Open", only=OPEN),
        count("overdue", "已逾期", "Overdue", only="overdue"),
        by("department", "未完成（按责任部门）", "Open (by owner department)", key="open_by_department", only=OPEN),
    ),
    layout=Layout((
        Lead("共 {rows} 项会议行动项：未完成 {open} 项，其中已逾期 {overdue} 项。",
             "{rows} meeting action(s): {open} open, {overdue} of them overdue."),
        Records("会议行动项", "Meeting actions", order=("due_date",)),
    )),
)

DEPARTMENT = Artefact(
    key="department", zh="部门", en="Department", prefix="", code_zh="部门代码", code_en="Dept. code",
    sheet_zh="部门", sheet_en="Departments",
    fields=(
        _text("name_zh", "中文名称", "Chinese name", required=True, max_length=60),
        _text("name_en", "英文名称", "English name", required=True, max_length=60),
        _text("email", "联系邮箱", "Contact e-mail", max_length=254, example="it-support@example.com",
              hint_zh="评审材料的发送地址", hint_en="Where review workbooks are sent"),
    ),
)

PERSON = Artefact(
    key="person", zh="人员", en="Person", prefix="", code_zh="姓名", code_en="Name",
    sheet_zh="人员", sheet_en="People",
    fields=(
        _department(zh="所属部门", en="Department", required=True),
        _choice("role", "角色", "Role", choices(
            ("agent", "客服专员", "Agent"), ("team_lead", "组长", "Team lead"), ("supervisor", "主管", "Supervisor"),
            ("manager", "经理", "Manager"), ("specialist", "专员", "Specialist")), default="specialist"),
        _text("email", "邮箱", "E-mail", max_length=254, personal=True, example="lina@example.com"),
    ),
)

def role_labels(field: Field, lang: str) -> str:
    """The roles a person field asks for, as words: 主管或经理 / supervisor or manager."""
    role = PERSON.field("role")
    names = [role.choice(r).label(lang) if lang == "zh" else role.choice(r).label(lang).lower() for r in field.roles]
    return ("或" if lang == "zh" else " or ").join(names)


#: The records users keep, in the order they are shown and exported.
ARTEFACTS: dict[str, Artefact] = {a.key: a for a in (ISSUE, TARGET, PLAN_STEP, COLLAB, CALLBACK, READING, MEETING,
                                                     ACTION)}
class _WorkbookKeys(Sequence[str]):
    """The keys of the artefacts that go into workbooks and packs, in declaration order (meetings are planned in the
    app and described in Word): read from ARTEFACTS each time, so an artefact declared later is in it too."""

    def _keys(self) -> tuple[str, ...]:
        return tuple(a.key for a in ARTEFACTS.values() if a.in_workbooks)

    def __getitem__(self, index):
        return self._keys()[index]

    def __len__(self) -> int:
        return len(self._keys())

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __contains__(self, key: object) -> bool:
        art = ARTEFACTS.get(key) if isinstance(key, str) else None
        return art is not None and art.in_workbooks

    def __repr__(self) -> str:
        return repr(self._keys())


WORKBOOK_ARTEFACTS: Sequence[str] = _WorkbookKeys()


def declare(art: Artefact) -> Artefact:
    """Add an artefact to those ReviewDesk keeps (after the others); every face reads it from here. Its table is
    created with a new database, or by a numbered migration for an existing one."""
    if art.key in ARTEFACTS or art.key in REFERENCE_DATA or artefact_for_code(f"{art.prefix}-1") is not None:
        raise ValueError(f"artefact {art.key} or prefix {art.prefix} is declared already")
    ARTEFACTS[art.key] = art
    return art


def withdraw(key: str) -> None:
    """Remove an artefact declared with declare() (a test's, when the test ends)."""
    ARTEFACTS.pop(key)
REFERENCE_DATA: dict[str, Artefact] = {a.key: a for a in (DEPARTMENT, PERSON)}


def artefact(key: str) -> Artefact:
    try:
        return ARTEFACTS[key]
    except KeyError:
        raise KeyError(key) from None


def artefact_for_code(code: str) -> Artefact | None:
    """The artefact a record code belongs to, by its prefix (ISS-0001 → issue)."""
    prefix = code.strip().upper().split("-", 1)[0]
    for a in ARTEFACTS.values():
        if a.prefix == prefix:
            return a
    return None
