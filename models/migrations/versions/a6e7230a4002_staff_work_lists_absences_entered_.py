"""staff work lists: absences entered in the SIS, resource requests new → contacted → done

Revision ID: a6e7230a4002
Revises: 4f3cad8265ef
Create Date: 2026-12-03 20:07:46.063134
"""
from alembic import op
import sqlalchemy as sa


revision = 'a6e7230a4002'
down_revision = '4f3cad8265ef'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('absence_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('entered_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('entered_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_absence_reports_entered_by_id_staff_users'), 'staff_users', ['entered_by_id'], ['id'])

    with op.batch_alter_table('resource_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assignee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('notes', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_resource_requests_assignee_id_staff_users'), 'staff_users', ['assignee_id'], ['id'])
    # Requests the bot opened before the workflow existed were "open": they are new.
    op.execute("UPDATE resource_requests SET status = 'new' WHERE status NOT IN "
               "('new', 'contacted', 'fulfilled', 'declined')")
    with op.batch_alter_table('resource_requests', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_resource_requests_status'),
            "status IN ('new', 'contacted', 'fulfilled', 'declined')")



def downgrade() -> None:
    with op.batch_alter_table('resource_requests', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_resource_requests_status'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_resource_requests_assignee_id_staff_users'), type_='foreignkey')
        batch_op.drop_column('status_changed_at')
        batch_op.drop_column('notes')
        batch_op.drop_column('assignee_id')

    with op.batch_alter_table('absence_reports', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_absence_reports_entered_by_id_staff_users'), type_='foreignkey')
        batch_op.drop_column('entered_by_id')
        batch_op.drop_column('entered_at')

