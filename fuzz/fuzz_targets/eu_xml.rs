#![no_main]
//! Fuzz target: the eu_xml parser never panics on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_sources::eu_xml::parse_bytes(data, std::path::Path::new("fuzz-input"));
});
