//! PostgreSQL roles for a shared store: an owner that creates and migrates the tables, and an
//! application role that can read everything, write the working tables, and only append to the
//! audit log and the decisions (no UPDATE, DELETE or TRUNCATE; the triggers refuse them on the
//! audit log even to the owner). Migrations run as the owner.

/// Every table namesake creates (schema version 4), with what the application may do to it.
const TABLES: &[(&str, &str)] = &[
    ("schema_version", "SELECT"),
    ("list_versions", "SELECT, INSERT"),
    ("entities", "SELECT, INSERT"),
    ("audit_log", "SELECT, INSERT"),
    ("decisions", "SELECT, INSERT"),
    ("subjects", "SELECT, INSERT, UPDATE, DELETE"),
    ("rescreen_runs", "SELECT, INSERT"),
    ("rescreen_alerts", "SELECT, INSERT"),
    ("rescreen_outbox", "SELECT, INSERT, DELETE"),
];

/// The SQL that hands the tables of `schema` to `owner` and gives `app` the rights namesake
/// needs to run, the audit log insert-only. Run it as a superuser after namesake has created
/// the schema (open the store once as the owner); migrations later run as the owner too.
pub fn postgres_roles_sql(schema: &str, owner: &str, app: &str) -> String {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let (schema, owner, app) = (q(schema), q(owner), q(app));
    let mut sql = format!(
        "-- namesake: an owner role and an insert-only application role\n\
         -- (CREATE ROLE fails when they exist; give the application role LOGIN and a password).\n\
         CREATE ROLE {owner} NOLOGIN;\n\
         CREATE ROLE {app} NOLOGIN;\n\
         ALTER SCHEMA {schema} OWNER TO {owner};\n\
         REVOKE ALL ON SCHEMA {schema} FROM PUBLIC;\n\
         GRANT USAGE ON SCHEMA {schema} TO {app};\n"
    );
    for (table, rights) in TABLES {
        sql.push_str(&format!(
            "ALTER TABLE {schema}.{t} OWNER TO {owner};\n\
             REVOKE ALL ON {schema}.{t} FROM PUBLIC;\n\
             GRANT {rights} ON {schema}.{t} TO {app};\n",
            t = q(table)
        ));
    }
    sql.push_str(&format!(
        "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {app};\n"
    ));
    sql
}

/// The tables [`postgres_roles_sql`] covers, for the test that every table has its grant.
pub fn covered_tables() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|(t, _)| *t)
}
