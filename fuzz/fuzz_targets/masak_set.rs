#![no_main]
//! Fuzz target: the MASAK table manifest reader never panics on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz-input/masak_tables.json");
    if namesake_sources::masak_set::is_manifest(data) {
        let _ = namesake_sources::masak_set::parse_set(data, path);
    }
    let _ = namesake_sources::masak_set::read_manifest(data, path);
});
