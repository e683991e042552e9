//! The embedded SQLite backend (the default): one file, WAL journal so screening reads while an
//! import writes.

use std::path::Path;
use std::time::Duration;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, ErrorCode};

use crate::backend::{Backend, Engine, Row, Value};
use crate::error::{Result, StoreError};

/// A connection to an SQLite file.
pub(crate) struct Sqlite {
    conn: Connection,
    location: String,
}

/// `$1` → `?1`: the store writes PostgreSQL-style placeholders.
fn placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek().is_some_and(|d| d.is_ascii_digit()) {
            out.push('?');
        } else {
            out.push(c);
        }
    }
    out
}

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Int(i) => SqlValue::Integer(*i),
        Value::Real(r) => SqlValue::Real(*r),
        Value::Text(s) => SqlValue::Text(s.clone()),
    }
}

fn from_sql(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(r) => Value::Real(r),
        ValueRef::Text(t) | ValueRef::Blob(t) => {
            Value::Text(String::from_utf8_lossy(t).into_owned())
        }
    }
}

impl Sqlite {
    /// Opens (creating when absent) the database file.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let location = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            crate::private::create_dir(dir)?;
        }
        // Created empty and owner-only before SQLite opens it: its journal files copy the mode.
        crate::private::create_file(path)?;
        let conn = Connection::open(path).map_err(|source| err(&location, source))?;
        let mut s = Sqlite { conn, location };
        s.conn
            .busy_timeout(Duration::from_secs(30))
            .map_err(|e| err(&s.location, e))?;
        // The first statement that reads the file: garbage bytes are reported here.
        s.conn
            .query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .map_err(|e| err(&s.location, e))?;
        // NORMAL with WAL: a killed process never loses a committed transaction; a power cut
        // may lose the last ones but never corrupts the file.
        s.execute_batch("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;")?;
        Ok(s)
    }

    /// Whether the file holds tables but none of namesake's (another program's database).
    pub fn foreign_tables(&mut self) -> Result<bool> {
        let rows = self.query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            &[],
        )?;
        let names: Vec<String> = rows.iter().filter_map(|r| r.text(0).ok()).collect();
        Ok(!names.is_empty() && !names.iter().any(|n| n == "schema_version"))
    }
}

fn err(location: &str, source: rusqlite::Error) -> StoreError {
    match source.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) | Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            location: location.to_string(),
            detail: source.to_string(),
        },
        _ => StoreError::Sqlite {
            location: location.to_string(),
            source,
        },
    }
}

impl Backend for Sqlite {
    fn location(&self) -> &str {
        &self.location
    }
    fn engine(&self) -> Engine {
        Engine::Sqlite
    }
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.conn
            .execute_batch(sql)
            .map_err(|e| err(&self.location, e))
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let loc = &self.location;
        let mut st = self
            .conn
            .prepare_cached(&placeholders(sql))
            .map_err(|e| err(loc, e))?;
        let n = st
            .execute(rusqlite::params_from_iter(params.iter().map(to_sql)))
            .map_err(|e| err(loc, e))?;
        Ok(n as u64)
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let loc = &self.location;
        let mut st = self
            .conn
            .prepare_cached(&placeholders(sql))
            .map_err(|e| err(loc, e))?;
        let n = st.column_count();
        let mut rows = st
            .query(rusqlite::params_from_iter(params.iter().map(to_sql)))
            .map_err(|e| err(loc, e))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next().map_err(|e| err(loc, e))? {
            let mut vals = Vec::with_capacity(n);
            for i in 0..n {
                vals.push(from_sql(r.get_ref(i).map_err(|e| err(loc, e))?));
            }
            out.push(Row(vals));
        }
        Ok(out)
    }
    fn insert_rows(
        &mut self,
        table: &str,
        columns: &[&str],
        suffix: &str,
        rows: &mut dyn Iterator<Item = Vec<Value>>,
    ) -> Result<u64> {
        let marks: Vec<String> = (1..=columns.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES ({}) {suffix}",
            columns.join(", "),
            marks.join(", ")
        );
        let loc = &self.location;
        let mut st = self.conn.prepare_cached(&sql).map_err(|e| err(loc, e))?;
        let mut n = 0;
        for row in rows {
            n += st
                .execute(rusqlite::params_from_iter(row.iter().map(to_sql)))
                .map_err(|e| err(loc, e))? as u64;
        }
        Ok(n)
    }
    fn begin(&mut self) -> Result<()> {
        self.execute_batch("BEGIN IMMEDIATE")
    }
    fn commit(&mut self) -> Result<()> {
        self.execute_batch("COMMIT")
    }
    fn rollback(&mut self) -> Result<()> {
        self.execute_batch("ROLLBACK")
    }
    fn lock_table(&mut self, _table: &str) -> Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_sqlite_numbered() {
        assert_eq!(
            placeholders("SELECT a FROM t WHERE b = $1 AND c = $12"),
            "SELECT a FROM t WHERE b = ?1 AND c = ?12"
        );
        assert_eq!(placeholders("SELECT '$' || x"), "SELECT '$' || x");
    }
}
