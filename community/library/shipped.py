"""The templates every site starts with (a seeder, as `make run` loads it): a project proposal,
a project plan and a project summary (closure) report, written for a company PMO, in English
and in Chinese, published as version 1.0. Their placeholders are generate.FIELDS."""

from __future__ import annotations

from sqlalchemy import select

from lms.extensions import db
from lms.permissions import SYSTEM

from . import services
from .models import Document, DocumentKind

PROPOSAL_EN = """## 1. Background and problem

Why {{ project_name }} is needed now: the business problem or opportunity, who feels it and
what happens if nothing is done.

## 2. Objectives

- Objective 1, measurable (what, how much, by when)
- Objective 2

## 3. Scope

- **In scope:** the deliverables this project produces
- **Out of scope:** what it will not do

## 4. Benefits and costs

| Item | Estimate |
|---|---|
| Benefits per year | |
| One-off cost | |
| Effort (person-days) | |

## 5. Time frame

From {{ start_date }} to {{ end_date }}, with the main milestones.

## 6. Organisation

- **Sponsor:** {{ sponsor }}
- **Project manager:** {{ project_manager }}
- **Department:** {{ department }}

## 7. Main risks and assumptions

1. Risk or assumption, its likelihood and impact, and the first response

## 8. Decision requested

What the PMO and the sponsor are asked to approve, and by when."""

PLAN_EN = """## 1. Objectives and success criteria

What {{ project_name }} must achieve by {{ end_date }}, and how success is measured.

## 2. Scope and deliverables

1. Deliverable, its acceptance criteria and who accepts it

## 3. Work breakdown and schedule

| Phase | Start | End | Milestone |
|---|---|---|---|
| Initiating | {{ start_date }} | | Charter signed |
| Planning | | | Plan baselined |
| Executing | | | |
| Closing | | {{ end_date }} | Summary report |

## 4. Organisation and responsibilities

- **Sponsor:** {{ sponsor }}
- **Project manager:** {{ project_manager }}
- **Team:** names and roles (a RACI chart for the main deliverables)

## 5. Effort and budget

Person-days by role and the budget, as the baseline the PMO will compare actuals with.

## 6. Risk management

The risk register's first entries; reviewed every week, escalated to the sponsor above score 15.

## 7. Communication

Who is told what, how often and how: steering meetings, status reports, the team's stand-up.

## 8. Quality and change control

How deliverables are reviewed, and how a change request is raised, assessed and decided."""

SUMMARY_EN = """## 1. Objectives and results

| Objective | Result | Met? |
|---|---|---|
| | | |

## 2. Schedule performance

Planned {{ start_date }} to {{ end_date }}; the actual dates, and why they differ.

## 3. Effort and cost performance

Baseline against actual person-days and cost, with the main variances explained.

## 4. Deliverables handed over

1. Deliverable, accepted by whom and when

## 5. Open items

Open issues, risks and actions, each with an owner after the project closes.

## 6. Lessons learned

What went well and what to do differently; log each lesson in the PM club.

## 7. Sign-off

- **Sponsor:** {{ sponsor }}
- **Project manager:** {{ project_manager }}
- **Department:** {{ department }}"""

PROPOSAL_ZH = """## 1. 背景与问题

为什么现在需要{{ project_name }}：业务问题或机会、受影响的人，以及不做会怎样。

## 2. 目标

- 目标一，可衡量（做什么、做到多少、何时完成）
- 目标二

## 3. 范围

- **范围内：**本项目交付的成果
- **范围外：**本项目不做的事

## 4. 收益与成本

| 项目 | 估算 |
|---|---|
| 每年收益 | |
| 一次性成本 | |
| 工作量（人天） | |

## 5. 时间安排

自 {{ start_date }} 至 {{ end_date }}，以及主要里程碑。

## 6. 组织

- **发起人：**{{ sponsor }}
- **项目经理：**{{ project_manager }}
- **部门：**{{ department }}

## 7. 主要风险与假设

1. 风险或假设、其可能性与影响，以及首要应对措施

## 8. 请求的决定

请 PMO 和发起人批准的事项及期限。"""

PLAN_ZH = """## 1. 目标与成功标准

{{ project_name }}在 {{ end_date }} 前必须达成的目标，以及如何衡量成功。

## 2. 范围与交付成果

1. 交付成果、验收标准及验收人

## 3. 工作分解与进度

| 阶段 | 开始 | 结束 | 里程碑 |
|---|---|---|---|
| 启动 | {{ start_date }} | | 章程签署 |
| 规划 | | | 计划基准确定 |
| 执行 | | | |
| 收尾 | | {{ end_date }} | 总结报告 |

## 4. 组织与职责

- **发起人：**{{ sponsor }}
- **项目经理：**{{ project_manager }}
- **团队：**姓名与角色（主要交付成果的 RACI 表）

## 5. 工作量与预算

按角色的人天与预算，作为 PMO 对比实际的基准。

## 6. 风险管理

风险登记册的首批条目；每周评审，评分超过 15 的上报发起人。

## 7. 沟通

谁在何时以何种方式获知什么：指导委员会会议、状态报告、团队站会。

## 8. 质量与变更控制

交付成果如何评审，变更请求如何提出、评估和决定。"""

SUMMARY_ZH = """## 1. 目标与结果

| 目标 | 结果 | 是否达成 |
|---|---|---|
| | | |

## 2. 进度绩效

计划自 {{ start_date }} 至 {{ end_date }}；实际日期及差异原因。

## 3. 工作量与成本绩效

基准与实际人天和成本的对比，并说明主要偏差。

## 4. 已移交的交付成果

1. 交付成果、验收人及日期

## 5. 未结事项

未解决的问题、风险和行动，项目关闭后各有负责人。

## 6. 经验教训

做得好的和下次应改进的；请在项目经理俱乐部记录每条经验教训。

## 7. 签字

- **发起人：**{{ sponsor }}
- **项目经理：**{{ project_manager }}
- **部门：**{{ department }}"""

SHIPPED = [
    ("Project proposal", PROPOSAL_EN, "initiating"),
    ("Project plan", PLAN_EN, "planning"),
    ("Project summary report", SUMMARY_EN, "closing"),
    ("项目建议书", PROPOSAL_ZH, "initiating"),
    ("项目计划", PLAN_ZH, "planning"),
    ("项目总结报告", SUMMARY_ZH, "closing"),
]


def seed_library_templates() -> str:
    """The shipped templates, published as 1.0; those already there are left alone."""
    from ..tags.models import Tag

    have = set(
        db.session.scalars(select(Document.title).where(Document.kind == DocumentKind.TEMPLATE))
    )
    tags = {t.slug: t.id for t in db.session.scalars(select(Tag))}
    made = 0
    for title, body, phase in SHIPPED:
        if title in have:
            continue
        document = services.save_document(
            None,
            actor=SYSTEM,
            title=title,
            kind=DocumentKind.TEMPLATE,
            body=body,
            change_note="Shipped with PMO Academy",
            tag_ids=[tags[phase]] if phase in tags else [],
        )
        services.submit_document(document, actor=SYSTEM)
        services.approve_document(document, actor=SYSTEM)
        services.publish_document(document, actor=SYSTEM, major=False, release_notes="")
        made += 1
    return f"library templates: {made} added"
