"""Demo methodology library: a risk process published as 1.0 then 1.1, a stage-gate checklist
published with a draft revision under way, a guideline in review, and the demo PM's suggestion
waiting for the PMO."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.accounts.models import User
from lms.clock import site_today
from lms.extensions import db

from ..tags.models import Tag
from . import services, suggestions
from .models import Document

RISK = """## Purpose

Find, weigh and answer the risks of a project before they become issues.

## Steps

1. **Identify** risks with the team at the kick-off and at every stage gate.
2. **Analyse** each risk: probability and impact from 1 to 5, and who owns it.
3. **Plan a response**: avoid, reduce, transfer or accept, with a due date.
4. **Monitor** the register every week; escalate a risk scored 15 or more to the sponsor.

## Records

The risk register lives in the project workspace; the PMO reads it at each stage gate."""

GATE = """## Before the gate

- [ ] The business case is still valid (benefits, costs, risks)
- [ ] The plan for the next stage is agreed with the team
- [ ] Open issues and top risks are listed with owners

## At the gate

- [ ] The sponsor decides: go, go with conditions, or stop
- [ ] Lessons learned so far are logged in the club"""

WORKSHOP = """## When

Hold a lessons-learned workshop at the end of each phase and at closure, within two weeks.

## How

1. Invite the core team and a neutral facilitator from the PMO.
2. Ask what went well, what did not, and what to do differently.
3. Log each lesson in the club with a recommendation and an owner."""


def seed_demo_library() -> str:
    if db.session.scalar(select(func.count()).select_from(Document)):
        return "library: already there"
    people = {
        u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(User.is_demo))
    }
    pm, pmo = people.get("pm"), people.get("pmo")
    if pm is None or pmo is None:
        return "library: no demo people"
    tags = {t.slug: t.id for t in db.session.scalars(select(Tag))}

    def write(title, kind, body, *slugs, document=None, note=""):
        return services.save_document(
            document,
            actor=pmo,
            title=title,
            kind=kind,
            body=body,
            change_note=note,
            review_by=site_today() + timedelta(days=180),
            tag_ids=[tags[s] for s in slugs if s in tags],
        )

    def publish(document, major=False, notes=""):
        services.submit_document(document, actor=pmo)
        services.approve_document(document, actor=pmo)
        services.publish_document(document, actor=pmo, major=major, release_notes=notes)

    risk = write("Project risk management process", "process", RISK, "risk", "planning")
    publish(risk, notes="First version.")
    weekly = RISK.replace("every week", "every week with the sponsor")
    write(risk.title, "process", weekly, "risk", "planning", document=risk, note="sponsor")
    publish(risk, notes="The sponsor joins the weekly review.")
    gate = write("Stage-gate review checklist", "checklist", GATE, "monitoring-controlling")
    publish(gate, notes="First version.")
    write(gate.title, "checklist", GATE + "\n- [ ] The budget forecast is updated", document=gate)
    workshop = write("Lessons-learned workshop guideline", "guideline", WORKSHOP, "closing")
    services.submit_document(workshop, actor=pmo)
    suggestions.suggest(
        risk,
        actor=pm,
        title=risk.title,
        body=weekly + "\n5. **Close** each risk that can no longer happen, with a note why.",
        reason="On the CRM migration the register kept risks long gone.",
    )
    return "library: 3 documents, 1 suggestion"
