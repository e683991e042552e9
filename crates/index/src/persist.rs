//! The on-disk index: a versioned header, then the postcard-encoded index.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::Index;

/// Magic bytes at the start of every index file.
const MAGIC: &[u8; 8] = b"NMSKIDX\0";

/// Version of the on-disk format. Bump it whenever `Index` or anything it holds changes shape;
/// an older file is refused with a message asking to rebuild it. Bump it too when the text
/// normalisation changes the tokens or keys an index holds (5: Khmer, Lao and Burmese vowels and
/// syllables, `-din` spellings, the silent final e; 7: the key lookups hold hashed keys; 8: Burmese
/// romanised in its conventional spelling, with no skeleton keys; Abdollah with a part written
/// on; j for y after a consonant in the phonetic key; 9: Wade–Giles names read in pinyin too; 10: the
/// skeleton's Persian reading, dh and gh in the skeleton, ض as dh, joiners inside words; 11:
/// patronymics in variant groups, Ukrainian, Swedish and German patronymic endings, French ou
/// for w in the phonetic key).
pub const FORMAT_VERSION: u32 = 11;

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
            // Owner-only (0600 on Unix): the index holds the lists, and the cache sits beside
            // the store's customer data.
            let mut o = std::fs::OpenOptions::new();
            o.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
            let mut f = o.open(&tmp).map_err(io)?;
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

/// Model types leave out empty optional fields when serialised (`skip_serializing_if`), which
/// a non-self-describing format such as postcard cannot read back: they travel inside the index
/// as one JSON document.
pub(crate) mod as_json {
    use serde::de::DeserializeOwned;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(v: &T, s: S) -> Result<S::Ok, S::Error> {
        let bytes = serde_json::to_vec(v).map_err(serde::ser::Error::custom)?;
        s.serialize_bytes(&bytes)
    }

    pub fn deserialize<'de, T: DeserializeOwned, D: Deserializer<'de>>(
        d: D,
    ) -> Result<T, D::Error> {
        let bytes: &[u8] = <&[u8]>::deserialize(d)?;
        serde_json::from_slice(bytes).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod roundtrip {
    use namesake_model::{Entity, ListInfo, Name, NameKind, Schema};

    use crate::Index;

    /// Regression: the whole-run benchmark's saved index failed to load ("Found an Option
    /// discriminant that wasn't 0 or 1") because entities omit empty fields when serialised.
    #[test]
    fn index_with_sparse_entities_survives_save_and_load() {
        let mut a = Entity::new("t", "1", Schema::Person);
        a.names.push(Name::new("Ivan Petrov", NameKind::Primary));
        let mut b = Entity::new("t", "2", Schema::Organization);
        b.names
            .push(Name::new("Acme Trading LLC", NameKind::Primary));
        b.facts.insert("category".into(), "red".into());
        let info = ListInfo {
            code: "t".into(),
            name: "test".into(),
            format: "test".into(),
            published: None,
        };
        let ix = Index::build(vec![(info, vec![a, b])]);
        let dir = std::env::temp_dir().join(format!("namesake-rt-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.idx");
        ix.save(&path).unwrap();
        let back = Index::load(&path).unwrap();
        assert_eq!(back.entities(), ix.entities());
        assert_eq!(back.lists()[0].info, ix.lists()[0].info);
        let q = namesake_model::Query::name("Ivan Petrov");
        let opts = crate::ScreenOptions::default();
        assert_eq!(back.screen(&q, &opts), ix.screen(&q, &opts));
        std::fs::remove_dir_all(&dir).ok();
    }
}
