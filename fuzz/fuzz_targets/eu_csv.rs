#![no_main]
//! Fuzz target: the eu_csv parser never panics on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_sources::eu_csv::parse_bytes(data, std::path::Path::new("fuzz-input"));
});
