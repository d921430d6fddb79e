"""The Alembic migrations build exactly the schema the models describe (on SQLite and, with
TEST_DATABASE_URL, PostgreSQL): a model change without its migration fails here."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import models


def test_migrations_match_the_models(app):
    with app.extensions["db"].engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, models.Base.metadata)
    assert diff == []
