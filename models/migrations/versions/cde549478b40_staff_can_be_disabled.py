"""staff can be disabled

Revision ID: cde549478b40
Revises: 562d899b5c09
Create Date: 2026-12-03 20:31:17.398475
"""
from alembic import op
import sqlalchemy as sa


revision = 'cde549478b40'
down_revision = '562d899b5c09'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('disabled_at')

