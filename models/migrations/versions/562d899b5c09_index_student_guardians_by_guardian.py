"""index student_guardians by guardian

Revision ID: 562d899b5c09
Revises: 0da464e273d2
Create Date: 2026-12-03 20:25:19.274848
"""
from alembic import op
import sqlalchemy as sa


revision = '562d899b5c09'
down_revision = '0da464e273d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('student_guardians', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_guardians_guardian_id'), ['guardian_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('student_guardians', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_guardians_guardian_id'))

