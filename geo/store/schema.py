"""The tables of the model store (SQLAlchemy Core); Alembic migrations in `geo/store/migrations` create them."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

imports = sa.Table(
    "imports", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),  # models | replications
    sa.Column("file_name", sa.Text, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False, index=True),
    sa.Column("rows_read", sa.Integer, nullable=False),
    sa.Column("rows_accepted", sa.Integer, nullable=False),
    sa.Column("rows_rejected", sa.Integer, nullable=False),
    sa.Column("rows_changed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("user_name", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("undone_at", sa.DateTime(timezone=True)),
    sa.Column("undone_by", sa.Text),
    sa.Column("illustrative", sa.Boolean, nullable=False, server_default=sa.false()),
)

models = sa.Table(
    "models", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("domain", sa.String(40), nullable=False, index=True),
    sa.Column("sub_tag", sa.Text),
    sa.Column("kind", sa.String(20)),
    sa.Column("unit", sa.String(40), nullable=False),
    sa.Column("unit_other", sa.Text),
    sa.Column("agency", sa.Text),  # the provincial agency that built it, as written
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

replications = sa.Table(
    "replications", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("model_id", sa.String(64), sa.ForeignKey("models.id"), nullable=False, index=True),
    sa.Column("commune_era", sa.String(5), nullable=False),
    sa.Column("commune_code", sa.String(5), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("note", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
    sa.UniqueConstraint("model_id", "commune_era", "commune_code", name="uq_replication_place"),
)

# The province's yardsticks: per level (district of 2020–2025a, 2025b commune or ward, provincial
# agency), for each year of a range ("year") or over the whole range ("period").
target_rules = sa.Table(
    "target_rules", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("level", sa.String(20), nullable=False),  # district | commune | agency
    sa.Column("year_from", sa.Integer, nullable=False),
    sa.Column("year_to", sa.Integer, nullable=False),
    sa.Column("cadence", sa.String(10), nullable=False),  # year | period
    sa.Column("min_new", sa.Integer),
    sa.Column("min_typical", sa.Integer),
    sa.Column("min_replications", sa.Integer),
    sa.Column("note", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id")),
    sa.UniqueConstraint("level", "year_from", "year_to", name="uq_target_rule_period"),
)

# What each import did, so that undo restores exactly what was there before.
import_changes = sa.Table(
    "import_changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("import_id", sa.Integer, sa.ForeignKey("imports.id"), nullable=False, index=True),
    sa.Column("table_name", sa.String(20), nullable=False),
    sa.Column("record_key", sa.Text, nullable=False),
    sa.Column("action", sa.String(10), nullable=False),  # insert | update | delete
    sa.Column("before_json", sa.Text),
    sa.Column("after_json", sa.Text, nullable=False),
)

# People who may change data (viewers need no account). No password is ever stored: an argon2id
# hash, or nothing for accounts that sign in through the organisation's identity provider.
users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("display_name", sa.Text, nullable=False, server_default=""),
    sa.Column("role", sa.String(10), nullable=False),  # viewer | editor | admin
    sa.Column("password_hash", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("disabled_at", sa.DateTime(timezone=True)),
    sa.Column("last_sign_in_at", sa.DateTime(timezone=True)),
)

# Failed sign-ins per user and per client, shared by every app instance on the database.
sign_in_throttle = sa.Table(  # one window of sign-in attempts per user and per client
    "sign_in_throttle", metadata,
    sa.Column("key", sa.String(300), primary_key=True),  # user:<name> | client:<address>
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("window_start", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
)

# Browsers an account has signed in from: a hash of the random token each keeps in a cookie. A
# known device is never refused for failures of its account elsewhere (store.signin).
known_devices = sa.Table(
    "known_devices", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False, index=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
)

# The report's heading as an editor set it in the app (a row per field set), and every change to
# it: who, when, what it was and what it became (store.letterhead).
letterhead = sa.Table(
    "letterhead", metadata,
    sa.Column("field", sa.String(20), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("updated_by", sa.String(200), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
letterhead_changes = sa.Table(
    "letterhead_changes", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("field", sa.String(20), nullable=False),
    sa.Column("old", sa.Text, nullable=False),  # "" when it was not set
    sa.Column("new", sa.Text, nullable=False),  # "" when it was cleared
    sa.Column("changed_by", sa.String(200), nullable=False),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, index=True),
)
