//! The audit chain: each record's hash covers the previous record's hash and the record's own
//! canonical form, so editing, inserting or deleting a record breaks every hash after it.

use sha2::{Digest, Sha256};

use crate::hashing::hex;
use crate::types::{AuditCheck, AuditEntry, AuditRecord};

/// The `prev_hash` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// A threshold as the log stores it: the shortest decimal that reads back to the same value,
/// so `0.7` given as an `f32` is not kept as `0.699999988079071`.
pub fn threshold_f64(t: f32) -> f64 {
    format!("{t}").parse().unwrap_or(t as f64)
}

impl AuditRecord {
    /// The record's fields as text, in the order of [`crate::AUDIT_COLUMNS`]: a row of the CSV
    /// export.
    pub fn csv_fields(&self) -> [String; 10] {
        [
            self.seq.to_string(),
            self.at.clone(),
            self.who.clone(),
            self.kind.clone(),
            self.subject.clone(),
            self.list_versions.clone(),
            format!("{}", self.threshold),
            self.hits.clone(),
            self.prev_hash.clone(),
            self.hash.clone(),
        ]
    }

    /// The bytes the hash covers (after `prev_hash`): a JSON array of every other field, the
    /// JSON fields as their stored text, the threshold in Rust's shortest round-trip form.
    pub fn canonical(&self) -> String {
        serde_json::json!([
            self.seq,
            self.at,
            self.who,
            self.kind,
            self.subject,
            self.list_versions,
            format!("{}", self.threshold),
            self.hits
        ])
        .to_string()
    }

    /// The hash this record should carry.
    pub fn compute_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(self.prev_hash.as_bytes());
        h.update(self.canonical().as_bytes());
        hex(&h.finalize())
    }

    /// Builds the record that follows `prev_hash` at `seq`.
    pub fn chain(entry: &AuditEntry, seq: i64, at: &str, prev_hash: &str) -> AuditRecord {
        let mut r = AuditRecord {
            seq,
            at: at.to_string(),
            who: entry.who.clone(),
            kind: entry.kind.clone(),
            subject: entry.subject.to_string(),
            list_versions: entry.list_versions.to_string(),
            threshold: entry.threshold,
            // Serialising plain structs cannot fail.
            hits: serde_json::to_string(&entry.hits).unwrap_or_else(|_| "[]".into()),
            prev_hash: prev_hash.to_string(),
            hash: String::new(),
        };
        r.hash = r.compute_hash();
        r
    }

    /// The record as one JSON object, its JSON fields parsed (for export).
    pub fn to_json(&self) -> serde_json::Value {
        let parse = |s: &str| {
            serde_json::from_str::<serde_json::Value>(s)
                .unwrap_or_else(|_| serde_json::Value::String(s.to_string()))
        };
        serde_json::json!({
            "seq": self.seq,
            "at": self.at,
            "who": self.who,
            "kind": self.kind,
            "subject": parse(&self.subject),
            "list_versions": parse(&self.list_versions),
            "threshold": self.threshold,
            "hits": parse(&self.hits),
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        })
    }
}

/// Checks records page by page, in order.
#[derive(Debug)]
pub(crate) struct Verifier {
    expected_seq: i64,
    prev_hash: String,
    checked: u64,
}

impl Verifier {
    pub fn new() -> Verifier {
        Verifier {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
            checked: 0,
        }
    }

    /// Checks the next record; `Some` with the verdict at the first problem.
    pub fn check(&mut self, r: &AuditRecord) -> Option<AuditCheck> {
        let broken = |problem: String| {
            Some(AuditCheck::Broken {
                seq: r.seq,
                problem,
                intact_before: self.checked,
            })
        };
        if r.seq != self.expected_seq {
            return broken(format!(
                "expected record {} next, found {}: records were removed or inserted",
                self.expected_seq, r.seq
            ));
        }
        if r.prev_hash != self.prev_hash {
            return broken(
                "its prev_hash is not the previous record's hash: the chain was cut or rewritten"
                    .to_string(),
            );
        }
        let computed = r.compute_hash();
        if computed != r.hash {
            return broken(format!(
                "its content does not match its hash (stored {}, computed {}): the record was edited",
                short(&r.hash),
                short(&computed)
            ));
        }
        self.expected_seq += 1;
        self.prev_hash = r.hash.clone();
        self.checked += 1;
        None
    }

    pub fn finish(self) -> AuditCheck {
        AuditCheck::Intact {
            records: self.checked,
            head: (self.checked > 0).then_some(self.prev_hash),
        }
    }
}

fn short(h: &str) -> &str {
    h.get(..12).unwrap_or(h)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::AuditHit;

    fn entry(n: usize) -> AuditEntry {
        AuditEntry {
            who: "tester".into(),
            kind: "screen".into(),
            subject: serde_json::json!({"names": [format!("Subject {n}")]}),
            list_versions: serde_json::json!([{"list": "un", "version": 1}]),
            threshold: threshold_f64(0.7),
            hits: vec![AuditHit {
                entity_id: "un:1".into(),
                score: 0.91,
                suppressed: n > 2,
                also_on: Vec::new(),
            }],
        }
    }

    fn chain(n: usize) -> Vec<AuditRecord> {
        let mut out: Vec<AuditRecord> = Vec::new();
        for i in 0..n {
            let prev = out.last().map_or(GENESIS.to_string(), |r| r.hash.clone());
            out.push(AuditRecord::chain(
                &entry(i),
                i as i64 + 1,
                "2026-01-01T00:00:00.000Z",
                &prev,
            ));
        }
        out
    }

    fn verify(rs: &[AuditRecord]) -> AuditCheck {
        let mut v = Verifier::new();
        for r in rs {
            if let Some(bad) = v.check(r) {
                return bad;
            }
        }
        v.finish()
    }

    #[test]
    fn threshold_keeps_its_decimal_form() {
        assert_eq!(threshold_f64(0.7), 0.7);
        assert_eq!(format!("{}", threshold_f64(0.85)), "0.85");
    }

    #[test]
    fn an_intact_chain_verifies() {
        let rs = chain(5);
        assert_eq!(
            verify(&rs),
            AuditCheck::Intact {
                records: 5,
                head: Some(rs[4].hash.clone())
            }
        );
    }

    #[test]
    fn each_kind_of_tampering_names_the_record() {
        let mut edited = chain(5);
        edited[2].hits = edited[2].hits.replace("0.91", "0.31");
        assert!(matches!(
            verify(&edited),
            AuditCheck::Broken {
                seq: 3,
                intact_before: 2,
                ..
            }
        ));

        let mut removed = chain(5);
        removed.remove(1);
        assert!(matches!(
            verify(&removed),
            AuditCheck::Broken { seq: 3, .. }
        ));

        // Rehashing an edited record does not help: the next record's prev_hash gives it away.
        let mut rehashed = chain(5);
        rehashed[1].who = "someone else".into();
        rehashed[1].hash = rehashed[1].compute_hash();
        assert!(matches!(
            verify(&rehashed),
            AuditCheck::Broken { seq: 3, .. }
        ));

        let mut threshold = chain(3);
        threshold[0].threshold = 0.5;
        assert!(matches!(
            verify(&threshold),
            AuditCheck::Broken { seq: 1, .. }
        ));
    }
}
