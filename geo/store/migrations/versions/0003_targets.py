"""Target rules (Resolution 35 of 8-12-2023 and the 2024 replication plan) and the agency that
built a model.

Revision ID: 0003
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"

# The province's own texts; editors change them on the Data page (every change is logged).
DEFAULTS = (
    {"level": "district", "year_from": 2024, "year_to": 2025, "cadence": "year", "min_new": 2,
     "min_typical": 1, "min_replications": None,
     "note": "Nghị quyết 35-NQ/TU ngày 8-12-2023; kế hoạch nhân rộng năm 2024: mỗi năm mỗi huyện "
             "xây dựng ít nhất 2–3 mô hình mới và chọn ít nhất 1 mô hình điển hình"},
    {"level": "agency", "year_from": 2025, "year_to": 2030, "cadence": "period", "min_new": 1,
     "min_typical": 1, "min_replications": None,
     "note": "Nghị quyết 35-NQ/TU ngày 8-12-2023: mỗi cơ quan cấp tỉnh xây dựng 1 mô hình điển "
             "hình mới trong lĩnh vực của mình giai đoạn 2025–2030"},
)


def upgrade() -> None:
    with op.batch_alter_table("models") as batch:
        batch.add_column(sa.Column("agency", sa.Text))
    rules = op.create_table(
        "target_rules",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("level", sa.String(20), nullable=False),
        sa.Column("year_from", sa.Integer, nullable=False),
        sa.Column("year_to", sa.Integer, nullable=False),
        sa.Column("cadence", sa.String(10), nullable=False),
        sa.Column("min_new", sa.Integer),
        sa.Column("min_typical", sa.Integer),
        sa.Column("min_replications", sa.Integer),
        sa.Column("note", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
        sa.UniqueConstraint("level", "year_from", "year_to", name="uq_target_rule_period"),
    )
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    op.bulk_insert(rules, [{**rule, "created_at": stamp, "updated_at": stamp}
                           for rule in DEFAULTS])


def downgrade() -> None:
    op.drop_table("target_rules")
    with op.batch_alter_table("models") as batch:
        batch.drop_column("agency")
