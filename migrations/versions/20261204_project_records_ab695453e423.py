"""Project records: projects with complexity, milestones and their summary report, frozen
baselines, periodic actuals by role, role day rates, locked months, timesheet import batches,
remembered column mappings and the PMO's staffing decisions on key projects.

Revision ID: ab695453e423
Revises: ea43e0e0c5e2
Create Date: 2026-12-04 21:38:51.825549

"""
import sqlalchemy as sa
from alembic import op

revision = 'ab695453e423'
down_revision = 'ea43e0e0c5e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project_role_rates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('project_manager', 'analyst', 'architect', 'developer', 'tester', 'other', name='effortrole', native_enum=False, length=30), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('day_rate', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.CheckConstraint('day_rate >= 0', name=op.f('ck_project_role_rates_rate_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_role_rates')),
    sa.UniqueConstraint('role', 'effective_from', name=op.f('uq_project_role_rates_role_effective_from'))
    )
    op.create_table('project_timesheet_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('header_key', sa.String(length=64), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_timesheet_mappings')),
    sa.UniqueConstraint('header_key', name=op.f('uq_project_timesheet_mappings_header_key'))
    )
    op.create_table('project_import_batches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('mapping', sa.JSON(), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('checked', 'applied', 'rolled_back', name='batchstate', native_enum=False, length=20), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('effort_days', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('periods', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rolled_back_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_project_import_batches_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_import_batches'))
    )
    with op.batch_alter_table('project_import_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_import_batches_created_by_id'), ['created_by_id'], unique=False)

    op.create_table('project_period_locks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('next_month', sa.Date(), nullable=False),
    sa.Column('locked_by_id', sa.Integer(), nullable=True),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['locked_by_id'], ['users.id'], name=op.f('fk_project_period_locks_locked_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_period_locks')),
    sa.UniqueConstraint('month', name=op.f('uq_project_period_locks_month'))
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=30), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('objectives', sa.Text(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('pm_id', sa.Integer(), nullable=False),
    sa.Column('pm_role', sa.Enum('lead', 'co_lead', 'subproject', name='pmrole', native_enum=False, length=20), nullable=False),
    sa.Column('sponsor', sa.String(length=120), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'running', 'on_hold', 'closed', 'cancelled', name='projectstatus', native_enum=False, length=20), nullable=False),
    sa.Column('period_kind', sa.Enum('week', 'month', name='periodkind', native_enum=False, length=20), nullable=False),
    sa.Column('team_size', sa.Integer(), nullable=False),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.Column('stability', sa.Integer(), nullable=True),
    sa.Column('disciplines', sa.Integer(), nullable=True),
    sa.Column('implications', sa.Integer(), nullable=True),
    sa.Column('financial_impact', sa.Integer(), nullable=True),
    sa.Column('strategic_importance', sa.Integer(), nullable=True),
    sa.Column('stakeholder_cohesion', sa.Integer(), nullable=True),
    sa.Column('interfaces', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('summary_html', sa.Text(), nullable=False),
    sa.Column('lessons', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('disciplines BETWEEN 1 AND 4', name=op.f('ck_projects_disciplines_score')),
    sa.CheckConstraint('financial_impact BETWEEN 1 AND 4', name=op.f('ck_projects_financial_impact_score')),
    sa.CheckConstraint('implications BETWEEN 1 AND 4', name=op.f('ck_projects_implications_score')),
    sa.CheckConstraint('interfaces BETWEEN 1 AND 4', name=op.f('ck_projects_interfaces_score')),
    sa.CheckConstraint('stability BETWEEN 1 AND 4', name=op.f('ck_projects_stability_score')),
    sa.CheckConstraint('stakeholder_cohesion BETWEEN 1 AND 4', name=op.f('ck_projects_stakeholder_cohesion_score')),
    sa.CheckConstraint('strategic_importance BETWEEN 1 AND 4', name=op.f('ck_projects_strategic_importance_score')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_projects_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_projects_department_id_departments')),
    sa.ForeignKeyConstraint(['pm_id'], ['users.id'], name=op.f('fk_projects_pm_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects')),
    sa.UniqueConstraint('code', name=op.f('uq_projects_code'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_pm_id'), ['pm_id'], unique=False)

    op.create_table('project_baselines',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('budget >= 0', name=op.f('ck_project_baselines_budget_not_negative')),
    sa.CheckConstraint('end_on >= start_on', name=op.f('ck_project_baselines_dates_in_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_project_baselines_created_by_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_baselines_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_baselines')),
    sa.UniqueConstraint('project_id', 'number', name=op.f('uq_project_baselines_project_id_number'))
    )
    with op.batch_alter_table('project_baselines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_baselines_project_id'), ['project_id'], unique=False)

    op.create_table('project_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_milestones_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_milestones'))
    )
    with op.batch_alter_table('project_milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_milestones_project_id'), ['project_id'], unique=False)

    op.create_table('project_staffing_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('previous_pm_id', sa.Integer(), nullable=True),
    sa.Column('level', sa.String(length=60), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('grounds', sa.JSON(), nullable=False),
    sa.Column('added_to_plan', sa.Boolean(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_project_staffing_decisions_decided_by_id_users')),
    sa.ForeignKeyConstraint(['person_id'], ['users.id'], name=op.f('fk_project_staffing_decisions_person_id_users')),
    sa.ForeignKeyConstraint(['previous_pm_id'], ['users.id'], name=op.f('fk_project_staffing_decisions_previous_pm_id_users')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_staffing_decisions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_staffing_decisions'))
    )
    with op.batch_alter_table('project_staffing_decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_staffing_decisions_project_id'), ['project_id'], unique=False)

    op.create_table('project_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('percent_complete', sa.Numeric(precision=5, scale=2), nullable=False),
    sa.Column('pm_rag', sa.Enum('green', 'amber', 'red', name='rag', native_enum=False, length=20), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('cost_entered', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('cost', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('effort_days', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('percent_complete BETWEEN 0 AND 100', name=op.f('ck_project_periods_percent_in_range')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_periods_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_project_periods_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_periods')),
    sa.UniqueConstraint('project_id', 'period_start', name=op.f('uq_project_periods_project_id_period_start'))
    )
    with op.batch_alter_table('project_periods', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_periods_project_id'), ['project_id'], unique=False)

    op.create_table('project_baseline_efforts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('baseline_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('project_manager', 'analyst', 'architect', 'developer', 'tester', 'other', name='effortrole', native_enum=False, length=30), nullable=False),
    sa.Column('person_days', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.CheckConstraint('person_days >= 0', name=op.f('ck_project_baseline_efforts_days_not_negative')),
    sa.ForeignKeyConstraint(['baseline_id'], ['project_baselines.id'], name=op.f('fk_project_baseline_efforts_baseline_id_project_baselines'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_baseline_efforts')),
    sa.UniqueConstraint('baseline_id', 'role', name=op.f('uq_project_baseline_efforts_baseline_id_role'))
    )
    with op.batch_alter_table('project_baseline_efforts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_baseline_efforts_baseline_id'), ['baseline_id'], unique=False)

    op.create_table('project_period_efforts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('project_manager', 'analyst', 'architect', 'developer', 'tester', 'other', name='effortrole', native_enum=False, length=30), nullable=False),
    sa.Column('person_days', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.CheckConstraint('person_days >= 0', name=op.f('ck_project_period_efforts_days_not_negative')),
    sa.ForeignKeyConstraint(['record_id'], ['project_periods.id'], name=op.f('fk_project_period_efforts_record_id_project_periods'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_period_efforts')),
    sa.UniqueConstraint('record_id', 'role', name=op.f('uq_project_period_efforts_record_id_role'))
    )
    with op.batch_alter_table('project_period_efforts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_period_efforts_record_id'), ['record_id'], unique=False)



def downgrade():
    with op.batch_alter_table('project_staffing_decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_staffing_decisions_project_id'))

    op.drop_table('project_staffing_decisions')
    with op.batch_alter_table('project_period_efforts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_period_efforts_record_id'))

    op.drop_table('project_period_efforts')
    with op.batch_alter_table('project_baseline_efforts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_baseline_efforts_baseline_id'))

    op.drop_table('project_baseline_efforts')
    with op.batch_alter_table('project_periods', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_periods_project_id'))

    op.drop_table('project_periods')
    with op.batch_alter_table('project_milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_milestones_project_id'))

    op.drop_table('project_milestones')
    with op.batch_alter_table('project_baselines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_baselines_project_id'))

    op.drop_table('project_baselines')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_pm_id'))
        batch_op.drop_index(batch_op.f('ix_projects_department_id'))

    op.drop_table('projects')
    op.drop_table('project_period_locks')
    with op.batch_alter_table('project_import_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_import_batches_created_by_id'))

    op.drop_table('project_import_batches')
    op.drop_table('project_timesheet_mappings')
    op.drop_table('project_role_rates')
