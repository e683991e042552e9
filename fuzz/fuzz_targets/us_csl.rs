#![no_main]
//! Fuzz target: the us_csl parser never panics on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_sources::us_csl::parse_bytes(data, std::path::Path::new("fuzz-input"));
});
