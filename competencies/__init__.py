"""Competency frameworks, profiles and development plans."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Connect this package to the app: commands, seed data, blueprints, panels, receivers,
    reminders."""
    from lms import reference
    from lms.cli import DEMO_SEEDERS, LARGE_SEEDERS, SEEDERS
    from lms.notifications.reminders import register_reminder
    from lms.projects import registry as project_registry
    from lms.training import registry as training_registry

    from . import receivers
    from .careers import models as career_models  # the tables join the metadata
    from .careers import views as career_views
    from .careers.seed import seed_default_career_levels
    from .framework import content_views as framework_content_views
    from .framework import editor_views as framework_editor_views
    from .framework import models
    from .framework import queries as framework_queries
    from .framework import rows as framework_rows
    from .framework import views as framework_views
    from .framework.cli import framework_cli
    from .framework.seed import seed_default_framework
    from .needs import views as needs_views
    from .plans import goal_views as plan_goal_views  # noqa: F401  (routes on plans.bp)
    from .plans import list_views as plan_list_views  # noqa: F401  (routes on plans.bp)
    from .plans import models as plan_models
    from .plans import panels as plan_panels
    from .plans import queries as plan_queries
    from .plans import rows as plan_rows
    from .plans import views as plan_views
    from .plans.labels import plan_labels
    from .plans.reminders import remind_overdue_activities, remind_plan_approvers
    from .plans.templates import seed_plan_templates
    from .profiles import cells, items, panels
    from .profiles import models as profile_models  # noqa: F401
    from .profiles import views as profile_views
    from .profiles.reminders import remind_certificate_renewals
    from .reports import heatmap, matrix
    from .reports import panels as report_panels
    from .reports import views as report_views
    from .staffing import staffing_fit

    app.register_blueprint(framework_views.bp)
    app.register_blueprint(framework_editor_views.bp)
    app.register_blueprint(framework_content_views.bp)
    app.register_blueprint(profile_views.bp)
    app.register_blueprint(career_views.bp)
    app.register_blueprint(report_views.bp)
    app.register_blueprint(plan_views.bp)
    app.register_blueprint(needs_views.bp)
    app.cli.add_command(framework_cli)
    app.jinja_env.globals.update(
        gap_badge=cells.gap_badge,
        levels_row=cells.levels_row,
        history_entry=items.history_entry,
        evidence_item=items.evidence_item,
        team_row=matrix.team_row,
        heat_row=heatmap.heat_row,
        editor_row=framework_rows.editor_row,
        plan_labels=plan_labels,
        plan_activity=plan_rows.plan_activity,
        plan_note=plan_rows.plan_note,
        plan_change=plan_rows.plan_change,
        plan_decision=plan_rows.plan_decision,
        plan_note_form=plan_rows.plan_note_form,
        plan_decide_fields=plan_rows.plan_decide_fields,
    )
    reference.watch(
        models.Framework,
        models.Competency,
        models.ScaleLevel,
        career_models.CareerLevel,
        career_models.CareerTarget,
        plan_models.PlanDeputy,
    )
    panels.register()
    receivers.connect()
    training_registry.provide(
        areas=framework_queries.competency_areas_in_use,
        names=framework_queries.competency_names_by_id,
        levels=framework_queries.scale_in_use,
        in_plan=plan_queries.plan_names_course,
    )
    project_registry.provide(staffing_fit=staffing_fit)
    report_panels.register()
    plan_panels.register()
    for seeder in (seed_default_framework, seed_default_career_levels, seed_plan_templates):
        if seeder not in SEEDERS:
            SEEDERS.append(seeder)
    from .plans.demo import seed_demo_plans
    from .profiles.demo import seed_demo_competencies

    for demo_seeder in (seed_demo_competencies, seed_demo_plans):
        if demo_seeder not in DEMO_SEEDERS:
            DEMO_SEEDERS.append(demo_seeder)
    from .plans.large import seed_large_plans
    from .profiles.large import seed_large_competencies

    for large_seeder in (seed_large_competencies, seed_large_plans):
        if large_seeder not in LARGE_SEEDERS:
            LARGE_SEEDERS.append(large_seeder)
    for reminder in (remind_certificate_renewals, remind_plan_approvers, remind_overdue_activities):
        register_reminder(reminder)
