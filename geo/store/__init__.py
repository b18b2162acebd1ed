"""The store: the database, its schema and migrations, who may write (roles, accounts,
sign-in), and every read and write of SQL; fed by the file -> records pipeline (geo.records)."""
