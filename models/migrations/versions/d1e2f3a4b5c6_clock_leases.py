"""clock leases: one active clock at a time on SQLite

Revision ID: d1e2f3a4b5c6
Revises: be0b54580db5
Create Date: 2026-12-03 17:50:00
"""
from alembic import op
import sqlalchemy as sa


revision = 'd1e2f3a4b5c6'
down_revision = 'be0b54580db5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clock_leases',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=120), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_clock_leases'))
    )


def downgrade() -> None:
    op.drop_table('clock_leases')
