//! SQLite-only behaviour: what the file on disk looks like when it is not a good database.

mod common;

use namesake_store::StoreError;

#[test]
fn garbage_file_is_reported_as_corrupt_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("namesake.db");
    let garbage: Vec<u8> = (0..64 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = namesake_store::open_sqlite(&path).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    assert!(msg.contains("corrupted"), "{msg}");
    // The file is left as it was.
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn damaged_pages_are_reported_as_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("namesake.db");
    {
        let s = namesake_store::open_sqlite(&path).unwrap();
        let es: Vec<_> = (0..2000)
            .map(|i| common::person("un", &i.to_string(), "Some Long Name For Pages"))
            .collect();
        common::import(&s, "un", &es, "h");
    }
    // Close cleanly (checkpoint the WAL), then overwrite the middle of the file.
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    let mid = bytes.len() / 2;
    for b in &mut bytes[mid..mid + 8192] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let result = namesake_store::open_sqlite(&path).and_then(|s| {
        use namesake_store::Store;
        let v = s.current_versions()?;
        s.entities(v[0].id)
    });
    match result {
        Err(StoreError::Corrupt { location, .. }) => {
            assert_eq!(location, path.display().to_string())
        }
        Err(other) => panic!("expected a corruption error, got {other}"),
        Ok(es) => panic!(
            "damaged pages read back {} entities without an error",
            es.len()
        ),
    }
}

#[test]
fn another_programs_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.db");
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        .unwrap();
    let err = namesake_store::open_sqlite(&path).unwrap_err();
    assert!(err.to_string().contains("not namesake's"), "{err}");
}

#[test]
fn missing_directory_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/namesake.db");
    namesake_store::open_sqlite(&path).unwrap();
    assert!(path.is_file());
}
