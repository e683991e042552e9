//! Readers for official sanctions lists.
//!
//! Each format lives in its own module behind the [`ListFormat`] trait. [`load`] detects the
//! format from the file's content (not its name) and parses it into entities. A malformed
//! record is skipped and reported in [`ParsedList::skipped`]; a file that is no list at all is an
//! error.
#![warn(missing_docs)]

use std::path::{Path, PathBuf};

use namesake_model::{Entity, ListInfo};

pub use identity::KnownList;

pub mod au_dfat;
pub mod canada;
mod columns;
pub mod eu_csv;
pub mod eu_xml;
pub mod ftm;
pub mod identity;
pub mod masak;
pub mod masak_set;
pub mod ofac_csv;
pub mod ofac_xml;
pub mod own;
mod textutil;
pub mod tr_wanted;
pub mod uk_ofsi;
pub mod uk_sl_csv;
pub mod uk_sl_xml;
pub mod un;
pub mod us_csl;
pub mod us_csl_json;
pub mod us_dpl;
mod xmlrec;

/// Errors that stop a whole file from loading.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// No known format recognises the file.
    #[error("{path}: not a list namesake can read (expected UN XML, OFAC CSV or XML, Canada XML, Australia DFAT xlsx, UK OFSI CSV, UK Sanctions List CSV or XML, EU FSF CSV or XML, US CSL CSV or JSON, BIS Denied Persons, Türkiye wanted JSON, MASAK xlsx/CSV, FollowTheMoney JSON lines, or namesake's own CSV/JSON)")]
    UnknownFormat {
        /// The file.
        path: PathBuf,
    },
    /// The file claims a format but is broken beyond record-level recovery.
    #[error("{path}: {message}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// What is wrong, with the line or byte offset where known.
        message: String,
    },
}

/// Convenience alias.
pub type Result<T> = std::result::Result<T, SourceError>;

/// A record that could not be read and was skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file.
    pub path: PathBuf,
    /// Line number (1-based) or record number, as `line 12` / `record 7` / `row 12`.
    pub location: String,
    /// What was wrong.
    pub reason: String,
    /// The field that could not be read when the record was kept without it (own lists keep a
    /// blocklist entry whose date of birth is unreadable); `None` when the record was skipped.
    pub field: Option<String>,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: ", self.path.display(), self.location)?;
        match &self.field {
            Some(field) => write!(f, "{field}: {}; the entry is kept without it", self.reason),
            None => write!(f, "{}", self.reason),
        }
    }
}

/// The result of reading one list.
#[derive(Debug, Clone)]
pub struct ParsedList {
    /// What the list is.
    pub info: ListInfo,
    /// The entities, in file order.
    pub entities: Vec<Entity>,
    /// Records skipped with the reason.
    pub skipped: Vec<Skipped>,
}

impl ParsedList {
    /// An empty result for `list` read in `format`, for a reader to fill.
    pub(crate) fn empty(list: &KnownList, format: &str, published: Option<String>) -> ParsedList {
        ParsedList {
            info: ListInfo {
                code: list.code.into(),
                name: list.name.into(),
                format: format.into(),
                published,
            },
            entities: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

/// The bytes of a list file; the error names the file.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// One list format.
pub trait ListFormat: Sync {
    /// Short id of the format (`un-xml`, `ofac-csv`…).
    fn id(&self) -> &'static str;
    /// Whether this format recognises the file, from its path and its first bytes (up to 8 KiB).
    fn detect(&self, path: &Path, head: &[u8]) -> bool;
    /// Reads the whole list.
    fn parse(&self, path: &Path) -> Result<ParsedList>;
    /// Every file the list is read from (the main file, plus companions such as OFAC's
    /// add/alt/comments CSVs): their content decides whether a cached index is still valid.
    fn inputs(&self, path: &Path) -> Vec<PathBuf> {
        vec![path.to_path_buf()]
    }
    /// The lists this format reads, by what they are: a parsed file's `info.code` is one of
    /// them, chosen from the content where there are several (OFAC's SDN and consolidated
    /// lists). Empty for formats whose code comes from the file itself (own lists).
    fn lists(&self) -> &'static [KnownList] {
        &[]
    }
}

/// Every format namesake reads, in detection order (most specific first).
pub fn formats() -> Vec<&'static dyn ListFormat> {
    vec![
        // formats are registered here, one line each
        &un::UnXml,
        &ofac_xml::OfacXml,
        &ofac_csv::OfacCsv,
        &canada::CanadaXml,
        &uk_ofsi::UkOfsiCsv,
        &uk_sl_csv::UkSanctionsListCsv,
        &uk_sl_xml::UkSanctionsListXml,
        &eu_xml::EuXml,
        &eu_csv::EuCsv,
        &us_csl::UsCslCsv,
        &us_csl_json::UsCslJson,
        &us_dpl::UsDplTxt,
        &au_dfat::AuDfatXlsx,
        &tr_wanted::TrWantedJson,
        &own::OwnJson,
        &ftm::FtmJson,
        &masak::MasakTable,
        // last: the loosest test (a header with `id` and `name` columns)
        &own::OwnCsv,
    ]
}

/// Reads the first bytes of a file for detection.
pub fn read_head(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let mut f = std::fs::File::open(path).map_err(|source| SourceError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut buf = vec![0u8; 8192];
    let mut n = 0;
    while n < buf.len() {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(source) => {
                return Err(SourceError::Io {
                    path: path.to_path_buf(),
                    source,
                })
            }
        }
    }
    buf.truncate(n);
    Ok(buf)
}

/// Detects the format of `path` from its content.
pub fn detect(path: &Path) -> Result<&'static dyn ListFormat> {
    let head = read_head(path)?;
    formats()
        .into_iter()
        .find(|f| f.detect(path, &head))
        .ok_or_else(|| SourceError::UnknownFormat {
            path: path.to_path_buf(),
        })
}

/// Detects the format of `path` and reads it.
pub fn load(path: &Path) -> Result<ParsedList> {
    detect(path)?.parse(path)
}
