//! List versions, audit trail and analysts' decisions (SQLite, PostgreSQL).
