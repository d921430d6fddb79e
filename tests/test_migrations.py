"""The Alembic migrations build exactly the schema the models describe (on SQLite and, with
TEST_DATABASE_URL, PostgreSQL): a model change without its migration fails here."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import models

# The clock's APScheduler job store creates and owns its own table.
NOT_OURS = {"apscheduler_jobs"}


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name in NOT_OURS)


def test_migrations_match_the_models(app):
    with app.extensions["db"].engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ours})
        diff = compare_metadata(context, models.Base.metadata)
    assert diff == []
