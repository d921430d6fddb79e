"""turn queue claims on messages

Revision ID: 4535641203a8
Revises: b93e2c6b2ca9
Create Date: 2026-12-04 00:36:51.034697
"""
from alembic import op
import sqlalchemy as sa


revision = '4535641203a8'
down_revision = 'b93e2c6b2ca9'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('turn_claimed_by', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('turn_claimed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('turn_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_index('ix_messages_turn_queue', ['id'], unique=False, sqlite_where=sa.text("status = 'turn_queued'"), postgresql_where=sa.text("status = 'turn_queued'"))



def downgrade() -> None:
    with op.batch_alter_table('messages', schema=None) as batch_op:
        batch_op.drop_index('ix_messages_turn_queue', sqlite_where=sa.text("status = 'turn_queued'"), postgresql_where=sa.text("status = 'turn_queued'"))
        batch_op.drop_column('turn_attempts')
        batch_op.drop_column('turn_claimed_at')
        batch_op.drop_column('turn_claimed_by')

