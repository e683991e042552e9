//! The store's error type: every variant names the database it concerns.

/// Errors from the store. `location` is the SQLite file or the PostgreSQL URL (password hidden).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An SQLite call failed.
    #[error("database {location}: {source}")]
    Sqlite {
        /// The database file.
        location: String,
        /// The SQLite error.
        #[source]
        source: rusqlite::Error,
    },
    /// A PostgreSQL call failed.
    #[error("database {location}: {source}")]
    Postgres {
        /// The server URL, password hidden.
        location: String,
        /// The client error.
        #[source]
        source: postgres::Error,
    },
    /// The file is not a namesake database, or its pages are damaged.
    #[error("{location} is not a namesake database or is corrupted ({detail}); restore it from a backup, or move it aside to start a new one")]
    Corrupt {
        /// The database file.
        location: String,
        /// What the database engine reported.
        detail: String,
    },
    /// The database was written by a newer namesake.
    #[error("database {location} has schema version {found}, but this namesake reads up to version {supported}; upgrade namesake (the database is left untouched)")]
    SchemaTooNew {
        /// The database.
        location: String,
        /// Version recorded in the database.
        found: i64,
        /// Newest version this build knows.
        supported: i64,
    },
    /// A stored value does not decode (edited by hand, or written by a broken build).
    #[error("database {location}: {what}")]
    Data {
        /// The database.
        location: String,
        /// Which record and what is wrong with it.
        what: String,
    },
    /// A file or directory could not be created or read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: std::path::PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A checkpoint key or checkpoint file does not read.
    #[error("{path}: {detail}")]
    Key {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Something asked for does not exist (a version id, a list).
    #[error("{0}")]
    NotFound(String),
    /// The caller passed a value the store cannot accept.
    #[error("{0}")]
    Invalid(String),
}

/// Convenience alias.
pub type Result<T> = std::result::Result<T, StoreError>;
