//! Test databases: a fresh SQLite file, or a fresh schema in the PostgreSQL database named by
//! `NAMESAKE_TEST_POSTGRES_URL` (tests on PostgreSQL skip, saying so, when it is unset;
//! `scripts/with-postgres.sh` starts a server and sets it).
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};
use namesake_store::{NewList, SqlStore};

/// Where a test database lives, so a test can reopen it or edit it behind the store's back.
pub enum Place {
    Sqlite(tempfile::TempDir, PathBuf),
    Postgres { url: String, schema: String },
}

/// A fresh, empty store.
pub struct TestDb {
    pub store: SqlStore,
    pub place: Place,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    /// Another connection to the same database.
    pub fn reopen(&self) -> SqlStore {
        match &self.place {
            Place::Sqlite(_, p) => namesake_store::open_sqlite(p).expect("reopen sqlite"),
            Place::Postgres { url, schema } => {
                namesake_store::open_postgres(url, Some(schema)).expect("reopen postgres")
            }
        }
    }

    /// Runs SQL directly, as someone with database access could.
    pub fn raw(&self, sql: &str) {
        match &self.place {
            Place::Sqlite(_, p) => {
                let c = rusqlite::Connection::open(p).expect("open sqlite");
                c.execute_batch(sql).expect("raw sql");
            }
            Place::Postgres { url, schema } => {
                let mut c =
                    postgres::Client::connect(plain(url), postgres::NoTls).expect("connect");
                c.batch_execute(&format!("SET search_path TO \"{schema}\"; {sql}"))
                    .expect("raw sql");
            }
        }
    }

    /// Whether this database is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.place, Place::Postgres { .. })
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Place::Postgres { url, schema } = &self.place {
            if let Ok(mut c) = postgres::Client::connect(plain(url), postgres::NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS \"{schema}\" CASCADE"));
            }
        }
    }
}

pub fn sqlite(_case: &str) -> Option<TestDb> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("namesake.db");
    let store = namesake_store::open_sqlite(&path).expect("open sqlite");
    Some(TestDb {
        store,
        place: Place::Sqlite(dir, path),
    })
}

/// The PostgreSQL test URL; `None` (not in CI: skipped with a note) when not set.
pub fn postgres_url() -> Option<String> {
    namesake_testdata::require_postgres_url()
}

/// The URL without its query string (`sslmode=…`): what the tests' own plain connections use.
fn plain(url: &str) -> &str {
    url.split_once('?').map_or(url, |(base, _)| base)
}

pub fn postgres(case: &str) -> Option<TestDb> {
    postgres_at(postgres_url()?, case)
}

/// PostgreSQL reached with `sslmode=require` (the store's connections are encrypted).
pub fn postgres_tls(case: &str) -> Option<TestDb> {
    let (url, _ca) = namesake_testdata::require_postgres_tls()?;
    postgres_at(
        namesake_testdata::with_params(&url, "sslmode=require"),
        case,
    )
}

fn postgres_at(url: String, case: &str) -> Option<TestDb> {
    let schema = format!(
        "t_{}_{}_{}",
        case,
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    )
    .to_lowercase();
    let store = namesake_store::open_postgres(&url, Some(&schema)).expect("open postgres");
    Some(TestDb {
        store,
        place: Place::Postgres { url, schema },
    })
}

pub fn info(code: &str) -> ListInfo {
    ListInfo {
        code: code.into(),
        name: format!("{code} test list"),
        format: "test".into(),
        published: None,
    }
}

pub fn person(list: &str, key: &str, name: &str) -> Entity {
    let mut e = Entity::new(list, key, Schema::Person);
    e.names.push(Name::new(name, NameKind::Primary));
    e
}

/// Imports entities as a version of `list` whose content hash is `hash`.
pub fn import(
    store: &dyn namesake_store::Store,
    list: &str,
    entities: &[Entity],
    hash: &str,
) -> namesake_store::Imported {
    let info = info(list);
    store
        .import_list(&NewList {
            list,
            info: &info,
            entities,
            content_hash: hash,
            source: "test",
        })
        .expect("import")
}
