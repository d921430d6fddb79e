"""outreach asks, praise milestones, staff tasks

Revision ID: 869ea3befd10
Revises: d1e2f3a4b5c6
Create Date: 2026-12-03 18:25:53.014255
"""
from alembic import op
import sqlalchemy as sa


revision = '869ea3befd10'
down_revision = 'd1e2f3a4b5c6'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outreach_asks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('student_ids', sa.JSON(), nullable=False),
    sa.Column('days', sa.JSON(), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('followup', 'nudge_offer')", name=op.f('ck_outreach_asks_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_asks')),
    sa.UniqueConstraint('key', name=op.f('uq_outreach_asks_key'))
    )
    with op.batch_alter_table('outreach_asks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outreach_asks_phone'), ['phone'], unique=False)

    op.create_table('praise_milestones',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('milestone', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['student_id'], ['students.id'], name=op.f('fk_praise_milestones_student_id_students'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_praise_milestones')),
    sa.UniqueConstraint('student_id', 'school_year', 'milestone', name=op.f('uq_praise_milestones_student_id'))
    )
    op.create_table('staff_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('severe_tier', 'silent_absence')", name=op.f('ck_staff_tasks_kind')),
    sa.ForeignKeyConstraint(['done_by_id'], ['staff_users.id'], name=op.f('fk_staff_tasks_done_by_id_staff_users')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_staff_tasks_school_id_schools')),
    sa.ForeignKeyConstraint(['student_id'], ['students.id'], name=op.f('fk_staff_tasks_student_id_students'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_tasks')),
    sa.UniqueConstraint('key', name=op.f('uq_staff_tasks_key'))
    )
    with op.batch_alter_table('staff_tasks', schema=None) as batch_op:
        batch_op.create_index('ix_staff_tasks_open', ['school_id', 'done_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_tasks_student_id'), ['student_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('staff_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_tasks_student_id'))
        batch_op.drop_index('ix_staff_tasks_open')

    op.drop_table('staff_tasks')
    op.drop_table('praise_milestones')
    with op.batch_alter_table('outreach_asks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outreach_asks_phone'))

    op.drop_table('outreach_asks')
