//! Versioned schema migrations. Each step runs once, in a transaction, and is recorded in
//! `schema_version`; a database whose version is newer than this build knows is refused
//! untouched.

use crate::backend::{in_transaction, Backend, Engine, Value};
use crate::error::{Result, StoreError};
use crate::time::now_rfc3339;

/// One migration: SQL shared by both engines with `{id}` (an auto-numbered primary key) and
/// `{real}` (a double) placeholders, plus engine-specific SQL run after it, then a data step
/// written in Rust where SQL cannot do the work (hashes).
struct Migration {
    version: i64,
    shared: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    data: Option<fn(&mut dyn Backend) -> Result<()>>,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        shared: r#"
CREATE TABLE list_versions (
    id {id},
    list_code TEXT NOT NULL,
    info TEXT NOT NULL,
    format TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    published TEXT,
    imported_at TEXT NOT NULL,
    entity_count BIGINT NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX list_versions_by_code ON list_versions (list_code, id);

CREATE TABLE entities (
    version_id BIGINT NOT NULL REFERENCES list_versions (id),
    entity_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (version_id, entity_id)
);
CREATE INDEX entities_by_entity ON entities (entity_id);

CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    list_versions TEXT NOT NULL,
    threshold {real} NOT NULL,
    hits TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE decisions (
    id {id},
    subject_key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    verdict TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    entity_hash TEXT
);
CREATE INDEX decisions_by_pair ON decisions (subject_key, entity_id, id);

CREATE TABLE subjects (
    subject_key TEXT PRIMARY KEY,
    row_id TEXT,
    query TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    generation BIGINT NOT NULL
);
CREATE INDEX subjects_by_generation ON subjects (generation);

CREATE TABLE rescreen_runs (
    id {id},
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    list_versions TEXT NOT NULL,
    threshold {real} NOT NULL,
    subjects_generation BIGINT NOT NULL,
    subjects BIGINT NOT NULL,
    entities BIGINT NOT NULL,
    alerts BIGINT NOT NULL
);

CREATE TABLE rescreen_alerts (
    run_id BIGINT NOT NULL REFERENCES rescreen_runs (id),
    subject_key TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    entity_hash TEXT NOT NULL,
    score {real} NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (run_id, subject_key, entity_id)
);
"#,
        // Append-only: the engine refuses UPDATE and DELETE on the audit log. Someone with
        // the rights to drop the trigger can still edit it; the hash chain then shows where.
        sqlite: r#"
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"#,
        postgres: r#"
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
"#,
        data: None,
    },
    // Re-screening delivers before it commits: a run's alerts wait here until they are written
    // out, and the next run re-emits whatever is still waiting.
    Migration {
        version: 2,
        shared: r#"
CREATE TABLE rescreen_outbox (
    run_id BIGINT NOT NULL REFERENCES rescreen_runs (id),
    position BIGINT NOT NULL,
    alert TEXT NOT NULL,
    PRIMARY KEY (run_id, position)
);
"#,
        sqlite: "",
        postgres: "",
        data: None,
    },
    // Lists keyed by what they are: `ofac` versions become `ofac-sdn` / `ofac-cons`.
    Migration {
        version: 3,
        shared: "",
        sqlite: "",
        postgres: "",
        data: Some(crate::list_codes::label_lists_by_content),
    },
    // TRUNCATE skips row triggers: refuse it with a statement trigger (SQLite has no TRUNCATE;
    // its whole-table DELETE fires the row trigger of version 1).
    Migration {
        version: 4,
        shared: "",
        sqlite: "",
        postgres: r#"
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
"#,
        data: None,
    },
];

/// The newest schema version this build writes.
pub const SCHEMA_VERSION: i64 = 4;

fn render(sql: &str, engine: Engine) -> String {
    let (id, real) = match engine {
        Engine::Sqlite => ("INTEGER PRIMARY KEY AUTOINCREMENT", "REAL"),
        Engine::Postgres => (
            "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
            "DOUBLE PRECISION",
        ),
    };
    sql.replace("{id}", id).replace("{real}", real)
}

/// Brings the schema up to [`SCHEMA_VERSION`], or refuses a newer one.
pub(crate) fn migrate(b: &mut dyn Backend) -> Result<i64> {
    in_transaction(b, |b| {
        if b.engine() == Engine::Postgres {
            // Two servers starting at once: one migrates, the other waits and finds it done.
            b.execute_batch("SELECT pg_advisory_xact_lock(7261657361706501)")?;
        }
        b.execute_batch(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)",
        )?;
        let rows = b.query("SELECT MAX(version) FROM schema_version", &[])?;
        let current = rows
            .first()
            .and_then(|r| r.opt_int(0).ok())
            .flatten()
            .unwrap_or(0);
        if current > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew {
                location: b.location().to_string(),
                found: current,
                supported: SCHEMA_VERSION,
            });
        }
        for m in MIGRATIONS.iter().filter(|m| m.version > current) {
            let engine = b.engine();
            b.execute_batch(&render(m.shared, engine))?;
            b.execute_batch(match engine {
                Engine::Sqlite => m.sqlite,
                Engine::Postgres => m.postgres,
            })?;
            if let Some(data) = m.data {
                data(b)?;
            }
            b.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                &[Value::Int(m.version), Value::Text(now_rfc3339())],
            )?;
        }
        Ok(current.max(SCHEMA_VERSION))
    })
}
