//! Errors: every one names the message and the place in it.

/// Where in a message something went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A byte offset and its line (1-based).
    Offset {
        /// Byte offset from the start of the message.
        byte: usize,
        /// Line number, 1-based.
        line: usize,
    },
    /// An MT block (`{4}`) or field (`{4}:59F:`).
    Mt(String),
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Offset { byte, line } => write!(f, "line {line} (byte {byte})"),
            Place::Mt(p) => write!(f, "{p}"),
        }
    }
}

/// Why a message could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaymentError {
    /// The XML is not well formed (or ends before its closing tags).
    #[error("{message}: malformed XML at {place}: {detail}")]
    MalformedXml {
        /// The message's source.
        message: String,
        /// Where.
        place: Place,
        /// What the XML reader said.
        detail: String,
    },
    /// A document type declaration: DTDs and entity declarations are refused, never expanded.
    #[error("{message}: refused at {place}: the message declares a DTD or entities ({detail}); payment messages never need one and none is expanded")]
    DtdRefused {
        /// The message's source.
        message: String,
        /// Where.
        place: Place,
        /// The start of the declaration.
        detail: String,
    },
    /// An entity reference other than the five XML predefines and character references.
    #[error("{message}: refused at {place}: undeclared entity reference &{entity};")]
    UnknownEntity {
        /// The message's source.
        message: String,
        /// Where.
        place: Place,
        /// The entity name.
        entity: String,
    },
    /// A message type or version this crate does not read.
    #[error("{message}: unsupported message type {found:?}: expected pacs.008.001.08–13, pacs.009.001.08–12, pain.001.001.09–12, pacs.004.001.09–13, MT103, MT202 or MT202COV")]
    UnknownType {
        /// The message's source.
        message: String,
        /// The namespace or MT type found.
        found: String,
    },
    /// Larger than the configured limit.
    #[error("{message}: {size} bytes is more than the limit of {limit} bytes for one message")]
    Oversized {
        /// The message's source.
        message: String,
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Elements nested deeper than any payment message needs.
    #[error("{message}: elements nested deeper than {limit} at {place}")]
    TooDeep {
        /// The message's source.
        message: String,
        /// Where.
        place: Place,
        /// The limit.
        limit: usize,
    },
    /// An MT block or field that does not end, or does not start where it must.
    #[error("{message}: truncated or malformed SWIFT MT at {place}: {detail}")]
    MalformedMt {
        /// The message's source.
        message: String,
        /// Where.
        place: Place,
        /// What is wrong.
        detail: String,
    },
    /// Neither XML nor SWIFT MT.
    #[error("{message}: not a payment message (neither ISO 20022 XML nor SWIFT MT)")]
    NotAMessage {
        /// The message's source.
        message: String,
    },
    /// Not UTF-8 text.
    #[error("{message}: not UTF-8 at byte {byte}")]
    Encoding {
        /// The message's source.
        message: String,
        /// The first bad byte.
        byte: usize,
    },
}

/// Result with [`PaymentError`].
pub type Result<T> = std::result::Result<T, PaymentError>;

/// Line number (1-based) of a byte offset.
pub(crate) fn line_at(data: &[u8], byte: usize) -> usize {
    data.get(..byte.min(data.len()))
        .map(|d| d.iter().filter(|&&b| b == b'\n').count())
        .unwrap_or(0)
        + 1
}

/// The place of a byte offset.
pub(crate) fn offset(data: &[u8], byte: usize) -> Place {
    Place::Offset {
        byte,
        line: line_at(data, byte),
    }
}
