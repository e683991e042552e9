//! The on-disk index: a versioned header, then the postcard-encoded index.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::Index;

/// Magic bytes at the start of every index file.
const MAGIC: &[u8; 8] = b"NMSKIDX\0";

/// Version of the on-disk format. Bump it whenever `Index` or anything it holds changes shape;
/// an older file is refused with a message asking to rebuild it.
pub const FORMAT_VERSION: u32 = 2;

/// Errors reading or writing an index file.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Not an index file.
    #[error("{path}: not a namesake index file")]
    NotAnIndex {
        /// The file.
        path: PathBuf,
    },
    /// Written by another version of namesake.
    #[error("{path}: index format version {found}, this namesake reads version {expected}; rebuild the index from the lists")]
    Version {
        /// The file.
        path: PathBuf,
        /// Version in the file.
        found: u32,
        /// Version this build reads.
        expected: u32,
    },
    /// The body does not decode: truncated or corrupted.
    #[error("{path}: index data is corrupted ({message}); rebuild the index from the lists")]
    DataCorruption {
        /// The file.
        path: PathBuf,
        /// Decoder message.
        message: String,
    },
}

impl Index {
    /// Writes the index to `path` atomically (a temporary file renamed into place).
    pub fn save(&self, path: &Path) -> Result<(), IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let body = postcard::to_stdvec(self).map_err(|e| IndexError::DataCorruption {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let tmp = path.with_extension("tmp");
        {
            let mut f = std::fs::File::create(&tmp).map_err(io)?;
            f.write_all(MAGIC).map_err(io)?;
            f.write_all(&FORMAT_VERSION.to_le_bytes()).map_err(io)?;
            f.write_all(&(body.len() as u64).to_le_bytes())
                .map_err(io)?;
            f.write_all(&body).map_err(io)?;
            f.sync_all().map_err(io)?;
        }
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Reads an index written by [`Index::save`].
    pub fn load(path: &Path) -> Result<Index, IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut f = std::fs::File::open(path).map_err(io)?;
        let mut data = Vec::new();
        f.read_to_end(&mut data).map_err(io)?;
        Self::from_bytes(&data, path)
    }

    /// Decodes an index from memory; `path` is used in messages.
    pub fn from_bytes(data: &[u8], path: &Path) -> Result<Index, IndexError> {
        if data.len() < 20 || &data[..8] != MAGIC {
            return Err(IndexError::NotAnIndex {
                path: path.to_path_buf(),
            });
        }
        let version = u32::from_le_bytes([data[8], data[9], data[10], data[11]]);
        if version != FORMAT_VERSION {
            return Err(IndexError::Version {
                path: path.to_path_buf(),
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&data[12..20]);
        let len = u64::from_le_bytes(len) as usize;
        let body = &data[20..];
        if body.len() != len {
            return Err(IndexError::DataCorruption {
                path: path.to_path_buf(),
                message: format!("expected {len} bytes, found {}", body.len()),
            });
        }
        postcard::from_bytes(body).map_err(|e| IndexError::DataCorruption {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }
}
