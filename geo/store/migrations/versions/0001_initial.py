"""Initial schema: imports, models, replications, import_changes.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("rows_read", sa.Integer, nullable=False),
        sa.Column("rows_accepted", sa.Integer, nullable=False),
        sa.Column("rows_rejected", sa.Integer, nullable=False),
        sa.Column("rows_changed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("user_name", sa.Text, nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "models",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("domain", sa.String(40), nullable=False, index=True),
        sa.Column("sub_tag", sa.Text),
        sa.Column("kind", sa.String(20)),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("unit_other", sa.Text),
        sa.Column("level", sa.String(10), nullable=False),
        sa.Column("commune_era", sa.String(5)),
        sa.Column("commune_code", sa.String(5)),
        sa.Column("district_code", sa.String(3)),
        sa.Column("year_started", sa.Integer, nullable=False, index=True),
        sa.Column("year_recognised", sa.Integer),
        sa.Column("recognised_by", sa.Text),
        sa.Column("typical", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("typical_year", sa.Integer),
        sa.Column("status", sa.String(20)),
        sa.Column("households", sa.Integer),
        sa.Column("members", sa.Integer),
        sa.Column("result_text", sa.Text),
        sa.Column("result_vnd", sa.BigInteger),
        sa.Column("result_ha", sa.Float),
        sa.Column("result_houses", sa.Integer),
        sa.Column("result_road_km", sa.Float),
        sa.Column("result_cases", sa.Integer),
        sa.Column("description", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
    )
    op.create_table(
        "replications",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("model_id", sa.String(64), sa.ForeignKey("models.id"), nullable=False,
                  index=True),
        sa.Column("commune_era", sa.String(5), nullable=False),
        sa.Column("commune_code", sa.String(5), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
        sa.UniqueConstraint("model_id", "commune_era", "commune_code", name="uq_replication_place"),
    )
    op.create_table(
        "import_changes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False,
                  index=True),
        sa.Column("table_name", sa.String(20), nullable=False),
        sa.Column("record_key", sa.Text, nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("before_json", sa.Text),
        sa.Column("after_json", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("import_changes", "replications", "models", "imports"):
        op.drop_table(table)
