//! The PostgreSQL backend, for deployments where several servers share one store.

use std::collections::HashMap;

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, Statement};

use crate::backend::{Backend, Engine, Row, Value};
use crate::error::{Result, StoreError};
use crate::pg_tls;

/// Most parameters in one bulk INSERT (the protocol allows 65,535).
const MAX_PARAMS: usize = 30_000;
/// Most rows in one bulk INSERT.
const MAX_ROWS: usize = 1_000;

/// A connection to a PostgreSQL server.
pub(crate) struct Postgres {
    client: Client,
    location: String,
    statements: HashMap<String, Statement>,
}

/// The URL with any password replaced by `***`, for messages.
pub fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        // key=value form
        return url
            .split(' ')
            .map(|kv| {
                if kv.starts_with("password=") {
                    "password=***"
                } else {
                    kv
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let Some(at) = authority.rfind('@') else {
        return url.to_string();
    };
    let userinfo = &authority[..at];
    match userinfo.find(':') {
        Some(colon) => format!(
            "{}{}:***{}",
            &url[..scheme_end + 3],
            &userinfo[..colon],
            &rest[at..]
        ),
        None => url.to_string(),
    }
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

impl Postgres {
    /// Connects; with `schema`, creates it when absent and works inside it.
    pub fn connect(url: &str, schema: Option<&str>) -> Result<Postgres> {
        let location = redact(url);
        let (driver_url, tls) =
            pg_tls::split(url).map_err(|e| StoreError::Invalid(format!("{location}: {e}")))?;
        let connected = if tls.mode == pg_tls::SslMode::Disable {
            Client::connect(&driver_url, NoTls)
        } else {
            let config = pg_tls::client_config(&tls)
                .map_err(|e| StoreError::Invalid(format!("{location}: TLS: {e}")))?;
            Client::connect(
                &driver_url,
                tokio_postgres_rustls::MakeRustlsConnect::new(config),
            )
        };
        let client = connected.map_err(|source| StoreError::Postgres {
            location: location.clone(),
            source,
        })?;
        let mut p = Postgres {
            client,
            location,
            statements: HashMap::new(),
        };
        // Keep server notices ("relation already exists, skipping") off the terminal.
        p.execute_batch("SET client_min_messages TO WARNING")?;
        if let Some(s) = schema {
            let q = quote_ident(s);
            p.execute_batch(&format!(
                "CREATE SCHEMA IF NOT EXISTS {q}; SET search_path TO {q}"
            ))?;
        }
        Ok(p)
    }

    fn err(&self, source: postgres::Error) -> StoreError {
        StoreError::Postgres {
            location: self.location.clone(),
            source,
        }
    }

    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let st = self.client.prepare(sql).map_err(|e| StoreError::Postgres {
            location: self.location.clone(),
            source: e,
        })?;
        self.statements.insert(sql.to_string(), st.clone());
        Ok(st)
    }

    fn bind(&self, st: &Statement, params: &[Value]) -> Result<Vec<Box<dyn ToSql + Sync>>> {
        if st.params().len() != params.len() {
            return Err(StoreError::Invalid(format!(
                "{}: statement takes {} parameters, {} given",
                self.location,
                st.params().len(),
                params.len()
            )));
        }
        st.params()
            .iter()
            .zip(params)
            .map(|(ty, v)| {
                to_pg(v, ty).ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "{}: cannot bind {v:?} to a parameter of type {ty}",
                        self.location
                    ))
                })
            })
            .collect()
    }
}

/// Converts a value to the parameter's type (so `Null` and integers fit any column).
fn to_pg(v: &Value, ty: &Type) -> Option<Box<dyn ToSql + Sync>> {
    Some(match (v, ty) {
        (Value::Null, &Type::INT8) => Box::new(None::<i64>),
        (Value::Null, &Type::INT4) => Box::new(None::<i32>),
        (Value::Null, &Type::FLOAT8) => Box::new(None::<f64>),
        (Value::Null, &Type::BOOL) => Box::new(None::<bool>),
        (Value::Null, _) => Box::new(None::<String>),
        (Value::Int(i), &Type::INT8) => Box::new(*i),
        (Value::Int(i), &Type::INT4) => Box::new(i32::try_from(*i).ok()?),
        (Value::Int(i), &Type::INT2) => Box::new(i16::try_from(*i).ok()?),
        (Value::Int(i), &Type::FLOAT8) => Box::new(*i as f64),
        (Value::Int(i), &Type::BOOL) => Box::new(*i != 0),
        (Value::Int(i), &Type::TEXT) => Box::new(i.to_string()),
        (Value::Real(r), &Type::FLOAT8) => Box::new(*r),
        (Value::Real(r), &Type::FLOAT4) => Box::new(*r as f32),
        (Value::Text(s), _) => Box::new(s.clone()),
        _ => return None,
    })
}

fn from_pg(row: &postgres::Row, i: usize) -> std::result::Result<Value, postgres::Error> {
    let ty = row.columns()[i].type_().clone();
    Ok(match ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)?
            .map_or(Value::Null, Value::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map_or(Value::Null, |v| Value::Int(v.into())),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)?
            .map_or(Value::Null, Value::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map_or(Value::Null, |v| Value::Real(v.into())),
        _ => row
            .try_get::<_, Option<String>>(i)?
            .map_or(Value::Null, Value::Text),
    })
}

impl Backend for Postgres {
    fn location(&self) -> &str {
        &self.location
    }
    fn engine(&self) -> Engine {
        Engine::Postgres
    }
    fn execute_batch(&mut self, sql: &str) -> Result<()> {
        self.client.batch_execute(sql).map_err(|e| self.err(e))
    }
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64> {
        let st = self.statement(sql)?;
        let bound = self.bind(&st, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
        self.client.execute(&st, &refs).map_err(|e| self.err(e))
    }
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Row>> {
        let st = self.statement(sql)?;
        let bound = self.bind(&st, params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = bound.iter().map(|b| b.as_ref()).collect();
        let rows = self.client.query(&st, &refs).map_err(|e| self.err(e))?;
        rows.iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| from_pg(r, i))
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map(Row)
                    .map_err(|e| self.err(e))
            })
            .collect()
    }
    fn insert_rows(
        &mut self,
        table: &str,
        columns: &[&str],
        suffix: &str,
        rows: &mut dyn Iterator<Item = Vec<Value>>,
    ) -> Result<u64> {
        let per_stmt = (MAX_PARAMS / columns.len().max(1)).clamp(1, MAX_ROWS);
        let mut n = 0;
        let mut chunk: Vec<Vec<Value>> = Vec::with_capacity(per_stmt);
        let flush = |this: &mut Self, chunk: &mut Vec<Vec<Value>>| -> Result<u64> {
            if chunk.is_empty() {
                return Ok(0);
            }
            let mut values = Vec::with_capacity(chunk.len());
            let mut k = 0;
            for _ in chunk.iter() {
                let marks: Vec<String> = (0..columns.len())
                    .map(|_| {
                        k += 1;
                        format!("${k}")
                    })
                    .collect();
                values.push(format!("({})", marks.join(", ")));
            }
            let sql = format!(
                "INSERT INTO {table} ({}) VALUES {} {suffix}",
                columns.join(", "),
                values.join(", ")
            );
            let flat: Vec<Value> = chunk.drain(..).flatten().collect();
            this.execute(&sql, &flat)
        };
        for row in rows {
            chunk.push(row);
            if chunk.len() == per_stmt {
                n += flush(self, &mut chunk)?;
            }
        }
        n += flush(self, &mut chunk)?;
        Ok(n)
    }
    fn begin(&mut self) -> Result<()> {
        self.execute_batch("BEGIN")
    }
    fn commit(&mut self) -> Result<()> {
        self.execute_batch("COMMIT")
    }
    fn rollback(&mut self) -> Result<()> {
        self.execute_batch("ROLLBACK")
    }
    fn lock_table(&mut self, table: &str) -> Result<()> {
        // An advisory lock per schema and table, not LOCK TABLE: that needs UPDATE, DELETE or
        // TRUNCATE rights, which an insert-only role on the audit log must not have. Every
        // writer that must wait takes this lock first.
        let key = format!("namesake.{table}");
        self.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || $1, 0))",
            &[key.as_str().into()],
        )
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://app:s3cret@db.example:5432/namesake"),
            "postgres://app:***@db.example:5432/namesake"
        );
        assert_eq!(
            redact("postgres://app@localhost/namesake"),
            "postgres://app@localhost/namesake"
        );
        assert_eq!(
            redact("host=localhost user=x password=y"),
            "host=localhost user=x password=***"
        );
    }
}
