//! The on-disk index, laid out to be mapped: a header (magic, format version, section count),
//! a table of sections (byte offset and length of each), then the sections, each starting at a
//! multiple of 8 bytes. The big arrays (postings, key maps, name tokens, weights) are fixed-width
//! little-endian and read in place from the mapped file; the token dictionary and the name
//! records are one postcard section, decoded on open; each entity is a JSON document of its own,
//! decoded when first read. Opening checks every section's bounds, alignment and length and the
//! offsets that index into other sections: a truncated or corrupted file is an
//! [`IndexError::DataCorruption`], not a panic.
//!
//! A mapped file must not be changed in place while an index reads it: [`Index::save`] writes a
//! new file and renames it over the old one, which leaves a mapped old file intact.

use std::io::{Seek, SeekFrom, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytemuck::Pod;
use serde::{Deserialize, Serialize};

use crate::entities::EntityStore;
use crate::keymap::KeyMap;
use crate::store::{Mapped, Runs, Store};
use crate::{Index, ListMeta, NameRec, TokInfo};

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
/// for w in the phonetic key; 12: a table of sections read in place from the mapped file,
/// entities one JSON document each, the party links saved; "Eddine", "Uddin" written apart read
/// as din; 13: Arabic-script names set aside their own titles, not the Latin ones; Somali
/// "Abdi-" split as "Abdul-" is; 14: the key maps as open-addressing tables; 15: Russian "ye"
/// read without its y in the phonetic key; 16: Ukrainian names read in their Russian spelling
/// too, names in kanji in Japanese too, Hebrew letters of two sounds read both ways; 17: each
/// token says whether a name in kana or Thai holds it, whose skeletons alone merge l and r;
/// Belarusian names read in their Russian spelling too; Belarusian given names in the variant
/// table; 18: au before a consonant read as aw in the phonetic key; 19: an Arabic-script word's
/// or Hebrew word's opening alef or ʿayn written a).
pub const FORMAT_VERSION: u32 = 19;

/// The key maps, in file order.
const KEY_MAPS: usize = 10;

/// Sections: the core, name tokens, weights, name weights, repeats, postings (2), entities (2),
/// then four per key map.
const SECTIONS: usize = 9 + 4 * KEY_MAPS;

/// Bytes before the section table: magic, version, section count.
const HEADER: usize = 16;
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

#[cfg(target_endian = "big")]
compile_error!("the index file holds little-endian arrays read in place");

/// The parts of an index decoded on open (one postcard section), as written.
#[derive(Serialize)]
struct CoreRef<'a> {
    #[serde(with = "as_json")]
    lists: &'a Vec<ListMeta>,
    names: &'a Vec<NameRec>,
    tokens: &'a Vec<TokInfo>,
    links: &'a crate::link::Links,
}

/// The parts of an index decoded on open, as read.
#[derive(Deserialize)]
struct Core {
    #[serde(with = "as_json")]
    lists: Vec<ListMeta>,
    names: Vec<NameRec>,
    tokens: Vec<TokInfo>,
    links: crate::link::Links,
}

/// Writes sections one after another, each at a multiple of 8 bytes, noting where each is.
struct SectionWriter<W: Write> {
    out: W,
    pos: u64,
    table: Vec<[u64; 2]>,
}

impl<W: Write> SectionWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)?;
        self.pos += bytes.len() as u64;
        Ok(())
    }

    /// Pads to the next multiple of 8 and returns where the section starts.
    fn begin(&mut self) -> std::io::Result<u64> {
        let pad = (8 - self.pos % 8) % 8;
        self.write(&[0u8; 8][..pad as usize])?;
        Ok(self.pos)
    }

    fn end(&mut self, start: u64) {
        self.table.push([start, self.pos - start]);
    }

    fn section(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let start = self.begin()?;
        self.write(bytes)?;
        self.end(start);
        Ok(())
    }
}

impl Index {
    /// The key maps in file order.
    fn key_maps(&self) -> [&KeyMap; KEY_MAPS] {
        [
            &self.by_text,
            &self.by_phonetic,
            &self.by_skeleton,
            &self.by_skeleton_alt,
            &self.by_group,
            &self.by_frame,
            &self.by_stem,
            &self.deletes,
            &self.by_identifier,
            &self.by_entity_id,
        ]
    }

    /// Writes the index to `path` atomically (a temporary file renamed into place).
    pub fn save(&self, path: &Path) -> Result<(), IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let core = CoreRef {
            lists: &self.lists,
            names: &self.names,
            tokens: &self.tokens,
            links: self.links(),
        };
        let core = postcard::to_stdvec(&core).map_err(|e| IndexError::DataCorruption {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let tmp = path.with_extension("tmp");
        // Owner-only (0600 on Unix): the index holds the lists, and the cache sits beside the
        // store's customer data.
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let file = o.open(&tmp).map_err(io)?;
        let mut w = SectionWriter {
            out: std::io::BufWriter::with_capacity(1 << 20, file),
            pos: 0,
            table: Vec::with_capacity(SECTIONS),
        };
        self.write_sections(&mut w, &core).map_err(io)?;
        let table: Vec<u8> = w
            .table
            .iter()
            .flatten()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        let mut file = w.out.into_inner().map_err(|e| io(e.into_error()))?;
        file.seek(SeekFrom::Start(HEADER as u64)).map_err(io)?;
        file.write_all(&table).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// The header, a blank section table (filled in once the sections are written) and every
    /// section, in the order [`Index::load`] reads them.
    fn write_sections<W: Write>(
        &self,
        w: &mut SectionWriter<W>,
        core: &[u8],
    ) -> std::io::Result<()> {
        w.write(MAGIC)?;
        w.write(&FORMAT_VERSION.to_le_bytes())?;
        w.write(&(SECTIONS as u32).to_le_bytes())?;
        w.write(&vec![0u8; SECTIONS * 16])?;
        w.section(core)?;
        w.section(self.name_tokens.as_bytes())?;
        w.section(self.weights.as_bytes())?;
        w.section(self.name_weights.as_bytes())?;
        w.section(self.repeats.as_bytes())?;
        w.section(self.postings.offsets.as_bytes())?;
        w.section(self.postings.items.as_bytes())?;
        // Entities are encoded one at a time, straight to the file.
        let start = w.begin()?;
        let mut offsets: Vec<u64> = Vec::with_capacity(self.entities.len() + 1);
        offsets.push(0);
        for i in 0..self.entities.len() {
            w.write(self.entities.doc(i))?;
            offsets.push(w.pos - start);
        }
        w.end(start);
        w.section(bytemuck::cast_slice(&offsets))?;
        for m in self.key_maps() {
            w.section(m.table.as_bytes())?;
            w.section(m.tags.as_bytes())?;
            w.section(m.shared.as_bytes())?;
            w.section(bytemuck::cast_slice(&m.shape()))?;
        }
        Ok(())
    }

    /// Opens an index written by [`Index::save`]: maps the file and checks its layout; the
    /// arrays are read in place, the entities decoded as they are first read.
    pub fn load(path: &Path) -> Result<Index, IndexError> {
        let io = |source| IndexError::Io {
            path: path.to_path_buf(),
            source,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: the map is read-only, and index files are replaced by renaming a new file
        // over them (`save`), never changed in place, so the mapped bytes stay as checked.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        // Queries touch a few pages of each array: read ahead none.
        #[cfg(unix)]
        let _ = map.advise(memmap2::Advice::Random);
        Index::from_map(Arc::new(map), path)
    }

    /// Reads the header, the section table and every section of a mapped index file.
    fn from_map(map: Mapped, path: &Path) -> Result<Index, IndexError> {
        if map.len() < 12 || &map[..8] != MAGIC {
            return Err(IndexError::NotAnIndex {
                path: path.to_path_buf(),
            });
        }
        let version = u32::from_le_bytes([map[8], map[9], map[10], map[11]]);
        if version != FORMAT_VERSION {
            return Err(IndexError::Version {
                path: path.to_path_buf(),
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        let mut s = Sections::new(&map, path)?;
        let core: Core = postcard::from_bytes(s.bytes("core")?)
            .map_err(|e| s.corrupt(format!("core section: {e}")))?;
        let name_tokens = s.array("name tokens")?;
        let weights = s.array("weights")?;
        let name_weights = s.array("name weights")?;
        let repeats = s.array("repeats")?;
        let postings = Runs {
            offsets: s.array("posting offsets")?,
            items: s.array("postings")?,
        };
        let entity_bytes = s.array("entities")?;
        let docs = Runs {
            offsets: s.array("entity offsets")?,
            items: entity_bytes,
        };
        // What the key maps' values index: tokens, or entities for the identifier maps.
        let tokens = u32::try_from(core.tokens.len()).unwrap_or(u32::MAX);
        let entities = u32::try_from(docs.len()).unwrap_or(u32::MAX);
        let index = Index {
            abjad_skeletons: crate::abjad_skeletons(&core.tokens),
            initials: crate::Initials::new(&core.tokens, &core.names, &name_tokens),
            lists: core.lists,
            entities: EntityStore::from_docs(docs),
            names: core.names,
            name_tokens,
            tokens: core.tokens,
            weights,
            name_weights,
            by_text: s.key_map("text", tokens)?,
            by_phonetic: s.key_map("phonetic", tokens)?,
            by_skeleton: s.key_map("skeleton", tokens)?,
            by_skeleton_alt: s.key_map("skeleton alt", tokens)?,
            by_group: s.key_map("group", tokens)?,
            by_frame: s.key_map("frame", tokens)?,
            by_stem: s.key_map("stem", tokens)?,
            deletes: s.key_map("deletes", tokens)?,
            by_identifier: s.key_map("identifier", entities)?,
            by_entity_id: s.key_map("entity id", entities)?,
            repeats,
            postings,
            seed_above: None,
            links: std::sync::OnceLock::from(core.links),
            identity: crate::next_identity(),
        };
        index.check_layout().map_err(|m| s.corrupt(m))?;
        Ok(index)
    }

    /// Whether the arrays fit each other: every offset and id that indexes another array is
    /// within it (so that no query reads out of bounds). Reads the name records, name tokens,
    /// postings and offsets once; the key maps' token ids are not read (they are the largest
    /// arrays, and a lookup bounds-checks its slot).
    fn check_layout(&self) -> Result<(), String> {
        let (tokens, names) = (self.tokens.len(), self.names.len());
        let lengths = [
            ("weights", self.weights.len(), tokens),
            ("name weights", self.name_weights.len(), names),
            ("repeats", self.repeats.len(), names.div_ceil(64)),
            ("posting lists", self.postings.len(), tokens),
        ];
        if let Some((what, found, expected)) = lengths.iter().find(|(_, f, e)| f != e) {
            return Err(format!("{what}: {found} entries, expected {expected}"));
        }
        if !self.postings.is_consistent()
            || self.postings.items.iter().any(|&n| n as usize >= names)
        {
            return Err("posting offsets or name ids out of range".into());
        }
        if !self.entities.is_consistent() {
            return Err("entity offsets out of range".into());
        }
        let entities = self.entities.len();
        let name_ok = |n: &NameRec| {
            (n.entity as usize) < entities
                && n.start as usize + n.len as usize <= self.name_tokens.len()
        };
        if !self.names.iter().all(name_ok) || self.name_tokens.iter().any(|&t| t as usize >= tokens)
        {
            return Err("name records or name tokens out of range".into());
        }
        Ok(())
    }
}

/// The sections of a mapped file, read in order.
struct Sections<'a> {
    map: &'a Mapped,
    path: &'a Path,
    ranges: std::vec::IntoIter<Range<usize>>,
}

impl<'a> Sections<'a> {
    /// Reads and checks the section table: every section inside the file, 8-byte aligned.
    fn new(map: &'a Mapped, path: &'a Path) -> Result<Sections<'a>, IndexError> {
        let mut s = Sections {
            map,
            path,
            ranges: Vec::new().into_iter(),
        };
        let count = map
            .get(12..16)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        if count != Some(SECTIONS) {
            return Err(s.corrupt(format!("{count:?} sections, expected {SECTIONS}")));
        }
        let table = map
            .get(HEADER..HEADER + SECTIONS * 16)
            .ok_or_else(|| s.corrupt("truncated section table".into()))?;
        let mut ranges = Vec::with_capacity(SECTIONS);
        for (i, entry) in table.chunks_exact(16).enumerate() {
            let word = |b: &[u8]| u64::from_le_bytes(b.try_into().unwrap_or([0xff; 8]));
            let (start, len) = (word(&entry[..8]), word(&entry[8..]));
            let end = start.checked_add(len).filter(|&e| e <= map.len() as u64);
            match end {
                Some(end) if start % 8 == 0 => ranges.push(start as usize..end as usize),
                _ => {
                    return Err(s.corrupt(format!(
                        "section {i} at {start} ({len} bytes) is outside the file or misaligned"
                    )))
                }
            }
        }
        s.ranges = ranges.into_iter();
        Ok(s)
    }

    fn corrupt(&self, message: String) -> IndexError {
        IndexError::DataCorruption {
            path: self.path.to_path_buf(),
            message,
        }
    }

    fn range(&mut self, what: &str) -> Result<Range<usize>, IndexError> {
        self.ranges
            .next()
            .ok_or_else(|| self.corrupt(format!("no section for {what}")))
    }

    fn bytes(&mut self, what: &str) -> Result<&'a [u8], IndexError> {
        let r = self.range(what)?;
        let map: &'a Mapped = self.map;
        Ok(&map[r])
    }

    fn array<T: Pod>(&mut self, what: &str) -> Result<Store<T>, IndexError> {
        let r = self.range(what)?;
        Store::view(self.map, r)
            .ok_or_else(|| self.corrupt(format!("{what}: not a whole number of entries")))
    }

    /// The next key map, whose values are below `limit`.
    fn key_map(&mut self, what: &str, limit: u32) -> Result<KeyMap, IndexError> {
        let (table, tags) = (self.array(what)?, self.array(what)?);
        let (shared, shape): (_, Store<u64>) = (self.array(what)?, self.array(what)?);
        KeyMap::from_parts(table, tags, shared, &shape, limit)
            .ok_or_else(|| self.corrupt(format!("{what} map: its shape does not fit its table")))
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
