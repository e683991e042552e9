//! Content hashes and subject keys.

use namesake_model::{Entity, Query};
use sha2::{Digest, Sha256};

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of `bytes` as 64 hex digits.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The content hash of an entity: SHA-256 of its JSON. Field order is fixed by the model's
/// declaration and maps are ordered, so equal entities always hash alike.
pub fn entity_hash(e: &Entity) -> String {
    // Serialising a model value cannot fail: every key is a string.
    sha256_hex(&serde_json::to_vec(e).unwrap_or_default())
}

/// The key that identifies a subject across screenings, so that decisions follow it.
///
/// - With an id (the `id` column of a customer file, or `--subject-id`): `id:<id>`, trimmed.
/// - Without: `nd:` and 16 hex digits of SHA-256 over the subject's names and birth dates,
///   each name folded to `[a-z0-9 ]` with its words sorted (so `ALTUN, Özgür` and
///   `Ozgur Altun` are one subject), names sorted and deduplicated, then the dates sorted.
///   Nationality, gender and identifiers are left out: a corrected nationality does not make a
///   new subject.
pub fn subject_key(id: Option<&str>, q: &Query) -> String {
    if let Some(id) = id.map(str::trim).filter(|s| !s.is_empty()) {
        return format!("id:{id}");
    }
    let mut names: Vec<String> = q
        .all_names()
        .iter()
        .map(|n| {
            let folded = namesake_text::fold(n);
            let mut words: Vec<&str> = folded.split_whitespace().collect();
            words.sort_unstable();
            words.join(" ")
        })
        .filter(|n| !n.is_empty())
        .collect();
    names.sort();
    names.dedup();
    let mut dates: Vec<String> = q.birth_dates.iter().map(|d| d.to_string()).collect();
    dates.sort();
    dates.dedup();
    let mut h = Sha256::new();
    h.update(names.join("|").as_bytes());
    h.update(b"#");
    h.update(dates.join("|").as_bytes());
    format!("nd:{}", hex(&h.finalize()[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use namesake_model::{DateSpec, Schema};

    #[test]
    fn subject_key_ignores_order_case_and_accents() {
        let a = Query::name("ALTUN, Özgür");
        let b = Query::name("ozgur altun");
        assert_eq!(subject_key(None, &a), subject_key(None, &b));
        assert!(subject_key(None, &a).starts_with("nd:"));
        assert_eq!(subject_key(None, &a).len(), 3 + 16);
    }

    #[test]
    fn subject_key_separates_birth_dates_and_prefers_ids() {
        let mut a = Query::name("Ozgur Altun");
        let b = a.clone();
        a.birth_dates.push(DateSpec::parse("1970-01-02").unwrap());
        assert_ne!(subject_key(None, &a), subject_key(None, &b));
        assert_eq!(subject_key(Some(" C-17 "), &a), "id:C-17");
        assert_eq!(subject_key(Some("  "), &b), subject_key(None, &b));
    }

    #[test]
    fn entity_hash_follows_content() {
        let mut e = Entity::new("un", "1", Schema::Person);
        let h1 = entity_hash(&e);
        assert_eq!(h1, entity_hash(&e.clone()));
        e.remarks.push("x".into());
        assert_ne!(h1, entity_hash(&e));
        assert_eq!(h1.len(), 64);
    }
}
