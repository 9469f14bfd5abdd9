"""Alembic's entry point for cxmaturity's own migrations (run by ``cxmaturity.store``).

The store hands over a connection already inside a locked transaction, so two processes opening
a new database at once cannot both create it. ``alembic`` on the command line also works, with
``-x url=…`` naming the database.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from cxmaturity.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if context.is_offline_mode():
    context.configure(
        url=context.get_x_argument(as_dictionary=True).get("url"),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
elif connection is not None:
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(context.get_x_argument(as_dictionary=True)["url"])
    with engine.begin() as own:
        context.configure(connection=own, target_metadata=metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
