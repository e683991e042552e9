//! Library errors as Python exceptions, with the library's messages. The exception classes
//! live in `namesake/_errors.py` (so that they can also derive from `ValueError`); this module
//! only picks one.

use std::fmt::Display;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// Which exception class.
#[derive(Debug, Clone, Copy)]
pub enum Kind {
    /// `NamesakeError`, the base.
    Base,
    /// `ListError`: a list file that cannot be read.
    List,
    /// `IndexFileError`: an index file that cannot be read or written.
    IndexFile,
    /// `StoreError`: the store refused, or holds no list.
    Store,
    /// `InvalidInput`: an argument or a table that cannot be screened (also a `ValueError`).
    InvalidInput,
}

impl Kind {
    fn class_name(self) -> &'static str {
        match self {
            Kind::Base => "NamesakeError",
            Kind::List => "ListError",
            Kind::IndexFile => "IndexFileError",
            Kind::Store => "StoreError",
            Kind::InvalidInput => "InvalidInput",
        }
    }

    /// The exception, carrying `message`.
    pub fn err(self, py: Python<'_>, message: impl Display) -> PyErr {
        let message = message.to_string();
        let made = py
            .import("namesake._errors")
            .and_then(|m| m.getattr(self.class_name()))
            .and_then(|class| class.call1((message.clone(),)));
        match made {
            Ok(exception) => PyErr::from_value(exception),
            // Only when the package is broken: still say what went wrong.
            Err(_) => PyRuntimeError::new_err(message),
        }
    }
}

/// `result.or_raise(py, Kind::List)?`: a library error as the exception of its kind.
pub trait NamesakeResult<T> {
    /// The value, or the error as an exception of `kind` with the error's message.
    fn or_raise(self, py: Python<'_>, kind: Kind) -> PyResult<T>;
}

impl<T, E: Display> NamesakeResult<T> for Result<T, E> {
    fn or_raise(self, py: Python<'_>, kind: Kind) -> PyResult<T> {
        self.map_err(|e| kind.err(py, e))
    }
}
