"""The tag set every site starts with: project phases (PMBOK process groups), the PMBOK
knowledge areas and common project types, in English and Chinese."""

from __future__ import annotations

from .models import TagGroup

DEFAULT_TAGS: list[tuple[TagGroup, str, str, str]] = [
    (TagGroup.PHASE, "initiating", "Initiating", "启动"),
    (TagGroup.PHASE, "planning", "Planning", "规划"),
    (TagGroup.PHASE, "executing", "Executing", "执行"),
    (TagGroup.PHASE, "monitoring-controlling", "Monitoring and controlling", "监控"),
    (TagGroup.PHASE, "closing", "Closing", "收尾"),
    (TagGroup.AREA, "integration", "Integration", "整合管理"),
    (TagGroup.AREA, "scope", "Scope", "范围管理"),
    (TagGroup.AREA, "schedule", "Schedule", "进度管理"),
    (TagGroup.AREA, "cost", "Cost", "成本管理"),
    (TagGroup.AREA, "quality", "Quality", "质量管理"),
    (TagGroup.AREA, "resource", "Resource", "资源管理"),
    (TagGroup.AREA, "communications", "Communications", "沟通管理"),
    (TagGroup.AREA, "risk", "Risk", "风险管理"),
    (TagGroup.AREA, "procurement", "Procurement", "采购管理"),
    (TagGroup.AREA, "stakeholder", "Stakeholder", "干系人管理"),
    (TagGroup.PROJECT_TYPE, "it-software", "IT and software", "IT 与软件"),
    (TagGroup.PROJECT_TYPE, "construction", "Construction", "建设工程"),
    (TagGroup.PROJECT_TYPE, "product-development", "Product development", "产品开发"),
    (TagGroup.PROJECT_TYPE, "organisational-change", "Organisational change", "组织变革"),
    (TagGroup.PROJECT_TYPE, "research", "Research", "研究"),
]
