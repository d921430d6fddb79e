"""outbox priority and claimed_at

Revision ID: 1162fdc16bdb
Revises: 869ea3befd10
Create Date: 2026-12-03 18:36:55.756822
"""
from alembic import op
import sqlalchemy as sa


revision = '1162fdc16bdb'
down_revision = '869ea3befd10'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('priority', sa.SmallInteger(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_outbox_due', ['status', 'priority', 'id'], unique=False)
    # Rows already queued keep their place: urgent first, then answers to a family.
    op.execute("UPDATE outbox SET priority = 1 WHERE kind IN "
               "('reply', 'staff_reply', 'chat_link', 'verification')")
    op.execute("UPDATE outbox SET priority = 2 WHERE urgent")


def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_due')
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('priority')

