//! The on-disk format: files of the previous version are refused with a clear message, and a
//! truncated or corrupted file is an error, never a panic.

use std::path::{Path, PathBuf};

use namesake_index::{Index, IndexError, ScreenOptions, FORMAT_VERSION};
use namesake_model::{Entity, IdKind, Identifier, ListInfo, Name, NameKind, Query, Schema};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn small_index() -> Index {
    let mut a = Entity::new("t", "1", Schema::Person);
    a.names.push(Name::new("Ivan Petrov", NameKind::Primary));
    a.names
        .push(Name::new("Иван Петров", NameKind::OriginalScript));
    let mut passport = Identifier::new(IdKind::Passport, "AB1234567");
    passport.country = Some("ru".into());
    a.identifiers.push(passport);
    let mut b = Entity::new("t", "2", Schema::Organization);
    b.names
        .push(Name::new("Acme Trading LLC", NameKind::Primary));
    let mut c = Entity::new("t", "3", Schema::Person);
    c.names.push(Name::new("Özgür Altun", NameKind::Primary));
    let info = ListInfo {
        code: "t".into(),
        name: "test".into(),
        format: "test".into(),
        published: None,
    };
    Index::build(vec![(info, vec![a, b, c])])
}

/// The small index saved in a fresh directory, and the file's bytes.
fn saved_small_index(tag: &str) -> (TempDir, Vec<u8>) {
    let dir = TempDir::new(tag);
    let path = dir.0.join("x.idx");
    small_index().save(&path).unwrap();
    let whole = std::fs::read(&path).unwrap();
    (dir, whole)
}

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        let d = std::env::temp_dir().join(format!("namesake-format-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn queries() -> Vec<Query> {
    let mut by_id = Query::name("Petrov Ivan");
    by_id
        .identifiers
        .push(Identifier::new(IdKind::Passport, "AB 1234567"));
    vec![
        Query::name("Ivan Petrov"),
        Query::name("ALTUN, Ozgur"),
        Query::name("Acme Tradign"),
        by_id,
    ]
}

#[test]
fn a_version_10_file_is_refused_with_the_version_message() {
    let path = fixture("format-v10.idx");
    let err = Index::load(&path).expect_err("a version 10 file must not load");
    match &err {
        IndexError::Version {
            found, expected, ..
        } => {
            assert_eq!(*found, 10);
            assert_eq!(*expected, FORMAT_VERSION);
        }
        other => panic!("expected a version error, got {other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.contains("version 10") && message.contains("rebuild the index"),
        "the message should name the version and say what to do: {message}"
    );
}

#[test]
fn a_loaded_index_screens_as_the_built_one() {
    let built = small_index();
    let dir = TempDir::new("rt");
    let path = dir.0.join("x.idx");
    built.save(&path).unwrap();
    let loaded = Index::load(&path).unwrap();
    assert_eq!(loaded.entities(), built.entities());
    assert_eq!(loaded.name_count(), built.name_count());
    assert_eq!(loaded.token_count(), built.token_count());
    assert_eq!(
        loaded.entity("t:3").map(|e| &e.id),
        Some(&"t:3".to_string())
    );
    assert!(loaded.entity("t:4").is_none());
    let opts = ScreenOptions::default();
    for q in queries() {
        let hits = built.screen(&q, &opts);
        assert!(!hits.is_empty(), "{:?} should find a hit", q.all_names());
        assert_eq!(loaded.screen(&q, &opts), hits, "{:?}", q.all_names());
    }
    // A loaded index saves again (its entities copied from the map) and loads back alike.
    let again = dir.0.join("y.idx");
    loaded.save(&again).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(&again).unwrap()
    );
}

#[test]
fn a_truncated_file_is_an_error_not_a_panic() {
    let (dir, whole) = saved_small_index("trunc");
    let cut = dir.0.join("cut.idx");
    for len in (0..whole.len()).step_by(7).chain([whole.len() - 1]) {
        std::fs::write(&cut, &whole[..len]).unwrap();
        let err = Index::load(&cut).expect_err("a truncated file must not load");
        assert!(
            matches!(
                err,
                IndexError::DataCorruption { .. } | IndexError::NotAnIndex { .. }
            ),
            "cut at {len}: {err}"
        );
    }
}

#[test]
fn a_corrupted_section_table_is_an_error_not_a_panic() {
    let (dir, whole) = saved_small_index("table");
    let bad = dir.0.join("bad.idx");
    // Every byte of the section count and the table, set to a value that breaks it.
    for at in 12..16 + 49 * 16 {
        for value in [0xff, 0x01] {
            let mut b = whole.clone();
            b[at] ^= value;
            std::fs::write(&bad, &b).unwrap();
            if let Err(e) = Index::load(&bad) {
                assert!(
                    matches!(e, IndexError::DataCorruption { .. }),
                    "byte {at}: {e}"
                );
            }
        }
    }
}

/// The byte range of section `i`, read from the section table.
fn section(file: &[u8], i: usize) -> std::ops::Range<usize> {
    let word = |at: usize| u64::from_le_bytes(file[at..at + 8].try_into().unwrap()) as usize;
    let (start, len) = (word(16 + i * 16), word(24 + i * 16));
    start..start + len
}

#[test]
fn a_corrupted_key_map_is_an_error_or_reads_nothing_outside() {
    let (dir, whole) = saved_small_index("keymap");
    let bad = dir.0.join("bad.idx");
    let opts = ScreenOptions::default();
    // The ten key maps follow the nine other sections, four sections each: the buckets, the
    // tags, the shared values, the shape. Every byte of each map's shape and tags set to values
    // that break them. (The values in the buckets are not checked on open, which would read the
    // whole file: a lookup drops a value out of range, see the next test.)
    for map in 0..10 {
        let [table, tags, _, shape] = [0, 1, 2, 3].map(|s| section(&whole, 9 + 4 * map + s));
        assert_eq!(shape.len(), 16, "map {map}: a shape is two words");
        assert_eq!(
            tags.len(),
            table.len() / 12 + 8,
            "map {map}: a tag per bucket and a group"
        );
        let bytes = shape.chain(tags);
        for at in bytes {
            for value in [0xff, 0x80, 0x01] {
                let mut b = whole.clone();
                b[at] ^= value;
                std::fs::write(&bad, &b).unwrap();
                match Index::load(&bad) {
                    Ok(ix) => queries().iter().for_each(|q| drop(ix.screen(q, &opts))),
                    Err(e) => assert!(
                        matches!(e, IndexError::DataCorruption { .. }),
                        "map {map}, byte {at}: {e}"
                    ),
                }
            }
        }
    }
}

/// A token or entity id out of range in a key map's values (which are not read on open) makes
/// the lookup answer nothing: screening goes on, with no panic.
#[test]
fn a_key_map_value_out_of_range_answers_nothing() {
    let (dir, whole) = saved_small_index("keyvalues");
    let bad = dir.0.join("bad.idx");
    let opts = ScreenOptions::default();
    for map in 0..10 {
        let [table, _, shared, _] = [0, 1, 2, 3].map(|s| section(&whole, 9 + 4 * map + s));
        // An entry is the key in two words, then the value: a single token id, or a run's
        // offset with the high bit set.
        for (single, run) in [(0x7fff_fff0u32, 0x8000_0000u32), (1_000, 0x8000_0001)] {
            let mut b = whole.clone();
            for entry in b[table.clone()].chunks_exact_mut(12) {
                let value = u32::from_le_bytes(entry[8..12].try_into().unwrap());
                let new = if value & 0x8000_0000 == 0 {
                    single
                } else {
                    run
                };
                entry[8..12].copy_from_slice(&new.to_le_bytes());
            }
            for word in b[shared.clone()].chunks_exact_mut(4) {
                word.copy_from_slice(&single.to_le_bytes());
            }
            std::fs::write(&bad, &b).unwrap();
            let ix = Index::load(&bad).unwrap();
            for q in queries() {
                // Must not panic; what it finds is whatever the rest of the index still reaches.
                drop(ix.screen(&q, &opts));
            }
        }
    }
}

#[test]
fn not_an_index_file() {
    let dir = TempDir::new("not");
    let path = dir.0.join("x.idx");
    std::fs::write(&path, b"name,id\nIvan,1\n").unwrap();
    assert!(matches!(
        Index::load(&path),
        Err(IndexError::NotAnIndex { .. })
    ));
}
