"""student gender (optional roster column)

Revision ID: b7c1d2e3f4a5
Revises: a6f7f7e68a46
Create Date: 2026-12-03 17:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'b7c1d2e3f4a5'
down_revision = 'a6f7f7e68a46'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('students') as batch:
        batch.add_column(sa.Column('gender', sa.String(length=1), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('students') as batch:
        batch.drop_column('gender')
