//! Audit anchors: signed checkpoints of the chain's head.
//!
//! The hash chain alone shows an edit only to someone who kept a later hash: whoever can write
//! the table can delete the newest records (the shorter chain still verifies) or edit a record
//! and recompute every hash after it. A checkpoint is the head (last sequence number, its hash,
//! the time) signed with an Ed25519 key kept outside the database; written to a WORM store or
//! syslog, it lets [`verify_checkpoints`] tell that records it covered were removed or
//! rewritten, by someone without the key.

use std::io::Write;
use std::path::{Path, PathBuf};

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::audit::GENESIS;
use crate::error::{Result, StoreError};
use crate::hashing::hex;
use crate::time::now_rfc3339;
use crate::types::AuditCheck;
use crate::Store;

/// First word of a secret key file.
const SECRET_TAG: &str = "namesake-audit-ed25519-secret";
/// First word of a public key file.
const PUBLIC_TAG: &str = "namesake-audit-ed25519-public";

/// A signed statement that the audit chain had `seq` records, the last hashing to `head`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The last record's sequence number (0 for an empty chain).
    pub seq: i64,
    /// Its hash ([`GENESIS`] for an empty chain).
    pub head: String,
    /// When the checkpoint was made (UTC, RFC 3339).
    pub at: String,
    /// The public key that signed it, hex (to tell keys apart; verification uses the key the
    /// verifier trusts, never this one).
    pub key: String,
    /// Ed25519 signature over [`Checkpoint::message`], hex.
    pub signature: String,
}

impl Checkpoint {
    /// The bytes signed: a versioned label, then the sequence number, head and time.
    pub fn message(seq: i64, head: &str, at: &str) -> Vec<u8> {
        format!("namesake audit checkpoint v1\n{seq}\n{head}\n{at}\n").into_bytes()
    }

    /// Signs the head `seq`/`head` now.
    pub fn sign(seq: i64, head: &str, key: &SigningKey) -> Checkpoint {
        let at = now_rfc3339();
        let sig = key.sign(&Checkpoint::message(seq, head, &at));
        Checkpoint {
            seq,
            head: head.to_string(),
            at,
            key: hex(key.verifying_key().as_bytes()),
            signature: hex(&sig.to_bytes()),
        }
    }

    /// Whether `key` signed this checkpoint as it reads.
    pub fn signed_by(&self, key: &VerifyingKey) -> bool {
        let Some(bytes) = unhex::<64>(&self.signature) else {
            return false;
        };
        key.verify(
            &Checkpoint::message(self.seq, &self.head, &self.at),
            &Signature::from_bytes(&bytes),
        )
        .is_ok()
    }

    /// Reads checkpoints, one JSON object per line (blank lines ignored).
    pub fn read_all(path: &Path) -> Result<Vec<Checkpoint>> {
        let text = std::fs::read_to_string(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let c = serde_json::from_str(line).map_err(|e| StoreError::Key {
                path: path.to_path_buf(),
                detail: format!("line {}: not a checkpoint: {e}", i + 1),
            })?;
            out.push(c);
        }
        Ok(out)
    }

    /// Appends this checkpoint as one JSON line, creating the file (mode 0600) when absent.
    pub fn append_to(&self, path: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut f = private_options()
            .append(true)
            .create(true)
            .open(path)
            .map_err(io)?;
        writeln!(f, "{}", self.to_json()).map_err(io)?;
        f.sync_all().map_err(io)
    }

    /// The checkpoint as one line of JSON.
    pub fn to_json(&self) -> String {
        // A struct of strings and an integer always serialises.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Open options that create files readable by their owner only (0600 on Unix).
pub fn private_options() -> std::fs::OpenOptions {
    let mut o = std::fs::OpenOptions::new();
    o.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
    o
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.trim();
    if s.len() != N * 2 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(s.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Makes a new signing key from the operating system's random source.
pub fn generate_key() -> Result<SigningKey> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed)
        .map_err(|e| StoreError::Invalid(format!("no random bytes from the system: {e}")))?;
    Ok(SigningKey::from_bytes(&seed))
}

/// Writes a new key pair: the secret key at `path` (created, never overwritten, mode 0600)
/// and the public key at `path` + `.pub`. Returns the public key file.
pub fn write_key_pair(key: &SigningKey, path: &Path) -> Result<PathBuf> {
    let public = PathBuf::from(format!("{}.pub", path.display()));
    let write = |p: &Path, text: String| {
        let io = |source| StoreError::Io {
            path: p.to_path_buf(),
            source,
        };
        let mut f = private_options().create_new(true).open(p).map_err(io)?;
        f.write_all(text.as_bytes()).map_err(io)?;
        f.sync_all().map_err(io)
    };
    write(path, format!("{SECRET_TAG} {}\n", hex(key.as_bytes())))?;
    write(
        &public,
        format!("{PUBLIC_TAG} {}\n", hex(key.verifying_key().as_bytes())),
    )?;
    Ok(public)
}

fn read_tagged(path: &Path) -> Result<(String, [u8; 32])> {
    let text = std::fs::read_to_string(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bad = |detail: &str| StoreError::Key {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
    let mut words = text.split_whitespace();
    let tag = words.next().ok_or_else(|| bad("empty file"))?.to_string();
    let bytes = words
        .next()
        .and_then(unhex::<32>)
        .ok_or_else(|| bad("expected a tag and 64 hex digits"))?;
    Ok((tag, bytes))
}

/// Reads a secret key written by [`write_key_pair`].
pub fn read_signing_key(path: &Path) -> Result<SigningKey> {
    match read_tagged(path)? {
        (tag, bytes) if tag == SECRET_TAG => Ok(SigningKey::from_bytes(&bytes)),
        (tag, _) => Err(StoreError::Key {
            path: path.to_path_buf(),
            detail: format!("not a secret checkpoint key (it starts with {tag:?})"),
        }),
    }
}

/// Reads a public key file, or derives the public key from a secret key file.
pub fn read_verifying_key(path: &Path) -> Result<VerifyingKey> {
    match read_tagged(path)? {
        (tag, bytes) if tag == PUBLIC_TAG => {
            VerifyingKey::from_bytes(&bytes).map_err(|e| StoreError::Key {
                path: path.to_path_buf(),
                detail: format!("not an Ed25519 public key: {e}"),
            })
        }
        (tag, bytes) if tag == SECRET_TAG => Ok(SigningKey::from_bytes(&bytes).verifying_key()),
        (tag, _) => Err(StoreError::Key {
            path: path.to_path_buf(),
            detail: format!("not a checkpoint key (it starts with {tag:?})"),
        }),
    }
}

/// Verifies the chain, then signs its head. Refuses to sign a broken chain.
pub fn checkpoint(store: &dyn Store, key: &SigningKey) -> Result<Checkpoint> {
    match store.audit_verify()? {
        AuditCheck::Intact { records, head } => Ok(Checkpoint::sign(
            records as i64,
            head.as_deref().unwrap_or(GENESIS),
            key,
        )),
        AuditCheck::Broken { seq, problem, .. } => Err(StoreError::Data {
            location: store.location().to_string(),
            what: format!(
                "the audit chain is broken at record {seq} ({problem}): no checkpoint signed"
            ),
        }),
    }
}

/// What checking the chain against checkpoints found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AnchorCheck {
    /// The chain verifies and every checkpoint's head is in it.
    Holds {
        /// Records in the chain.
        records: u64,
        /// Checkpoints checked.
        checkpoints: usize,
        /// The newest checkpoint's sequence number.
        anchored_to: i64,
    },
    /// A checkpoint's signature does not check with the trusted key.
    BadSignature {
        /// Its position in the file, from 1.
        index: usize,
    },
    /// The chain itself is broken (see [`AuditCheck::Broken`]).
    Chain(AuditCheck),
    /// The chain is shorter than a checkpoint says it was: its newest records were removed.
    Truncated {
        /// The checkpoint's sequence number.
        checkpoint_seq: i64,
        /// Records in the chain now.
        records: u64,
    },
    /// The record a checkpoint names has another hash: the chain up to it was rewritten.
    Rewritten {
        /// The checkpoint's sequence number.
        seq: i64,
        /// The hash the checkpoint signed.
        signed: String,
        /// The hash the record has now.
        found: String,
    },
}

/// Checks the chain, then that each checkpoint (signed by `key`) still holds.
pub fn verify_checkpoints(
    store: &dyn Store,
    checkpoints: &[Checkpoint],
    key: &VerifyingKey,
) -> Result<AnchorCheck> {
    if let Some(i) = checkpoints.iter().position(|c| !c.signed_by(key)) {
        return Ok(AnchorCheck::BadSignature { index: i + 1 });
    }
    let records = match store.audit_verify()? {
        AuditCheck::Intact { records, .. } => records,
        broken => return Ok(AnchorCheck::Chain(broken)),
    };
    for c in checkpoints.iter().filter(|c| c.seq > 0) {
        let found = store.audit_records(c.seq - 1, 1)?;
        match found.first() {
            Some(r) if r.seq == c.seq && r.hash == c.head => {}
            Some(r) if r.seq == c.seq => {
                return Ok(AnchorCheck::Rewritten {
                    seq: c.seq,
                    signed: c.head.clone(),
                    found: r.hash.clone(),
                })
            }
            _ => {
                return Ok(AnchorCheck::Truncated {
                    checkpoint_seq: c.seq,
                    records,
                })
            }
        }
    }
    Ok(AnchorCheck::Holds {
        records,
        checkpoints: checkpoints.len(),
        anchored_to: checkpoints.iter().map(|c| c.seq).max().unwrap_or(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_verifies_only_as_signed() {
        let key = SigningKey::from_bytes(&[7u8; 32]);
        let c = Checkpoint::sign(12, "ab", &key);
        assert!(c.signed_by(&key.verifying_key()));
        let mut moved = c.clone();
        moved.seq = 2;
        assert!(!moved.signed_by(&key.verifying_key()));
        let other = SigningKey::from_bytes(&[8u8; 32]);
        assert!(!c.signed_by(&other.verifying_key()));
        let mut garbled = c;
        garbled.signature = "zz".into();
        assert!(!garbled.signed_by(&key.verifying_key()));
    }

    #[test]
    fn key_files_round_trip_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.key");
        let key = generate_key().unwrap();
        let public = write_key_pair(&key, &path).unwrap();
        assert_eq!(read_signing_key(&path).unwrap().as_bytes(), key.as_bytes());
        assert_eq!(read_verifying_key(&public).unwrap(), key.verifying_key());
        assert_eq!(read_verifying_key(&path).unwrap(), key.verifying_key());
        assert!(
            read_signing_key(&public).is_err(),
            "a public key cannot sign"
        );
        assert!(
            write_key_pair(&key, &path).is_err(),
            "an existing key is never overwritten"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
