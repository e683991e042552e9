#![no_main]
//! Fuzz target: name normalisation never panics, folding is idempotent, tokens are [a-z0-9]+.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let f = namesake_text::fold(s);
    assert_eq!(namesake_text::fold(&f), f);
    for schema in [namesake_text::NameSchema::Person, namesake_text::NameSchema::Organization] {
        let p = namesake_text::prepare(s, schema);
        for t in p.tokens.iter().chain(p.alternates.iter().flatten()) {
            assert!(!t.text.is_empty() && t.text.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
        }
    }
});
