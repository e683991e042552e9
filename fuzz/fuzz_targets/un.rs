#![no_main]
//! Fuzz target: the un parser never panics on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_sources::un::parse_bytes(data, std::path::Path::new("fuzz-input"));
});
