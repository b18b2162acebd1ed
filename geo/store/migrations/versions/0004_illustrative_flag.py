"""The illustrative data is known by a flag on its imports, not by the name of who imported it
(an account called "demo" is just an account).

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.add_column(sa.Column("illustrative", sa.Boolean, nullable=False,
                                   server_default=sa.false()))
    # Before this flag the app loaded its illustrative files as the system user "demo".
    op.execute("UPDATE imports SET illustrative = TRUE WHERE user_name = 'demo' "
               "AND file_name LIKE 'data/demo/%'")


def downgrade() -> None:
    with op.batch_alter_table("imports") as batch:
        batch.drop_column("illustrative")
