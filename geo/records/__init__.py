"""Records: the models and replications as stored (SQLite or PostgreSQL), who may change them,
and the files they come from and go to (reading, checking, importing, undoing, exporting)."""
