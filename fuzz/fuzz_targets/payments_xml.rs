#![no_main]
//! Fuzz target: the ISO 20022 parser never panics on arbitrary bytes (XML, DTDs, entities,
//! truncation, deep nesting all end in a typed error).
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = namesake_payments::iso20022::parse(data, "fuzz-input");
});
