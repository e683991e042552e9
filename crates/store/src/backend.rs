//! What the store needs from a database engine: statements with positional parameters, rows of
//! four value types, explicit transactions and bulk inserts.
//!
//! The store's logic is written once against this trait, so SQLite and PostgreSQL behave the
//! same by construction; each engine only translates (placeholders, types, bulk inserts). SQL
//! passed here uses `$1, $2, …` placeholders and the subset of SQL both engines share
//! (`RETURNING`, `ON CONFLICT … DO UPDATE`, `LIMIT`).

use crate::error::{Result, StoreError};

/// A value bound to a parameter or read from a column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Real(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        v.map_or(Value::Null, Value::Text)
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        v.map_or(Value::Null, |s| Value::Text(s.to_string()))
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub(crate) struct Row(pub Vec<Value>);

impl Row {
    fn bad(&self, i: usize, want: &str) -> StoreError {
        StoreError::Invalid(format!(
            "column {i}: expected {want}, found {:?}",
            self.0.get(i)
        ))
    }
    pub fn int(&self, i: usize) -> Result<i64> {
        match self.0.get(i) {
            Some(Value::Int(v)) => Ok(*v),
            _ => Err(self.bad(i, "an integer")),
        }
    }
    pub fn real(&self, i: usize) -> Result<f64> {
        match self.0.get(i) {
            Some(Value::Real(v)) => Ok(*v),
            Some(Value::Int(v)) => Ok(*v as f64),
            _ => Err(self.bad(i, "a number")),
        }
    }
    pub fn text(&self, i: usize) -> Result<String> {
        match self.0.get(i) {
            Some(Value::Text(v)) => Ok(v.clone()),
            _ => Err(self.bad(i, "text")),
        }
    }
    pub fn opt_text(&self, i: usize) -> Result<Option<String>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            Some(Value::Text(v)) => Ok(Some(v.clone())),
            _ => Err(self.bad(i, "text or null")),
        }
    }
    pub fn opt_int(&self, i: usize) -> Result<Option<i64>> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            Some(Value::Int(v)) => Ok(Some(*v)),
            _ => Err(self.bad(i, "an integer or null")),
        }
    }
}

/// Which engine, for the few DDL differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

/// One database connection.
pub(crate) trait Backend: Send {
    /// The file or URL (password hidden), for messages.
    fn location(&self) -> &str;
    /// The engine.
    fn engine(&self) -> Engine;
    /// Runs several statements without parameters (DDL).
    fn execute_batch(&mut self, sql: &str) -> Result<()>;
    /// Runs one statement; returns the number of rows changed.
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64>;
    /// Runs a query and collects its rows.
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>>;
    /// Inserts many rows into `table`; `suffix` is appended to each INSERT (an `ON CONFLICT`
    /// clause). Rows must not repeat a conflicting key.
    fn insert_rows(
        &mut self,
        table: &str,
        columns: &[&str],
        suffix: &str,
        rows: &mut dyn Iterator<Item = Vec<Value>>,
    ) -> Result<u64>;
    /// Starts a transaction that will write (SQLite takes the write lock at once).
    fn begin(&mut self) -> Result<()>;
    /// Commits it.
    fn commit(&mut self) -> Result<()>;
    /// Rolls it back.
    fn rollback(&mut self) -> Result<()>;
    /// Inside a transaction: makes concurrent writers to `table` wait until it ends (PostgreSQL;
    /// SQLite's write transaction already excludes them).
    fn lock_table(&mut self, table: &str) -> Result<()>;
}

/// Runs `f` in a transaction: commits when it returns `Ok`, rolls back otherwise.
pub(crate) fn in_transaction<T>(
    b: &mut dyn Backend,
    f: impl FnOnce(&mut dyn Backend) -> Result<T>,
) -> Result<T> {
    b.begin()?;
    match f(b) {
        Ok(v) => {
            b.commit()?;
            Ok(v)
        }
        Err(e) => {
            // The original error matters more than a failed rollback (the connection may be gone).
            let _ = b.rollback();
            Err(e)
        }
    }
}
