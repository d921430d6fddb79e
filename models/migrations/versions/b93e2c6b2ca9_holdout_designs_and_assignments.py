"""holdout designs and assignments

Revision ID: b93e2c6b2ca9
Revises: cde549478b40
Create Date: 2026-12-03 23:44:16.771778
"""
from alembic import op
import sqlalchemy as sa


revision = 'b93e2c6b2ca9'
down_revision = 'cde549478b40'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('holdout_designs',
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('seed', sa.BigInteger(), nullable=False),
    sa.Column('fraction', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('school_year', name=op.f('pk_holdout_designs'))
    )
    op.create_table('holdout_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('school_year', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('arm', sa.String(length=9), nullable=False),
    sa.Column('assigned_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("arm IN ('treatment', 'holdout')", name=op.f('ck_holdout_assignments_arm')),
    sa.ForeignKeyConstraint(['school_id'], ['schools.id'], name=op.f('fk_holdout_assignments_school_id_schools')),
    sa.ForeignKeyConstraint(['student_id'], ['students.id'], name=op.f('fk_holdout_assignments_student_id_students'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_holdout_assignments')),
    sa.UniqueConstraint('school_year', 'school_id', 'tier', 'position', name=op.f('uq_holdout_assignments_school_year')),
    sa.UniqueConstraint('student_id', 'school_year', name=op.f('uq_holdout_assignments_student_id'))
    )


def downgrade() -> None:
    op.drop_table('holdout_assignments')
    op.drop_table('holdout_designs')
