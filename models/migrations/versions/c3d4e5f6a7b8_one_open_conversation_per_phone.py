"""one open conversation per phone and channel

Revision ID: c3d4e5f6a7b8
Revises: b7c1d2e3f4a5
Create Date: 2026-12-03 17:45:00

Before the index can exist, any phone with several open conversations on one channel (which
concurrent webhooks could create) keeps only its newest open; the older ones are closed, and
their messages stay where they are.
"""
from alembic import op
import sqlalchemy as sa


revision = 'c3d4e5f6a7b8'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None

OPEN = sa.text("state != 'closed'")


def upgrade() -> None:
    op.execute("""
        UPDATE conversations SET state = 'closed'
        WHERE state != 'closed' AND id NOT IN (
            SELECT newest FROM (
                SELECT max(id) AS newest FROM conversations
                WHERE state != 'closed' GROUP BY phone, channel
            ) AS open_ones
        )
    """)
    op.create_index('uq_conversations_open_phone_channel', 'conversations',
                    ['phone', 'channel'], unique=True, sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade() -> None:
    op.drop_index('uq_conversations_open_phone_channel', table_name='conversations')
