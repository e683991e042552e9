//! `namesake audit keygen | checkpoint | verify --checkpoint`: signed checkpoints of the audit
//! chain's head (see `namesake_store::anchor`), so that removing the newest records or
//! rewriting the chain after an edit is caught by whoever kept a checkpoint.

use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use namesake_store::anchor::{self, AnchorCheck, Checkpoint};
use namesake_store::{AuditCheck, SqlStore, Store};

use crate::Outcome;

#[derive(Args, Debug)]
pub struct KeygenArgs {
    /// The secret key file to create (never overwritten; mode 0600); the public key goes to
    /// FILE.pub.
    #[arg(long = "out", value_name = "FILE")]
    pub out: PathBuf,
}

#[derive(Args, Debug)]
pub struct CheckpointArgs {
    /// The secret key file (`namesake audit keygen`); keep it off the database's machine.
    #[arg(long, value_name = "FILE", env = "NAMESAKE_AUDIT_KEY")]
    pub key: PathBuf,
    /// Append the checkpoint to this file (created 0600) instead of printing it.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct VerifyArgs {
    /// Checkpoints (JSON lines, as `namesake audit checkpoint` writes them) the chain must
    /// still hold.
    #[arg(long, value_name = "FILE", requires = "key")]
    pub checkpoint: Option<PathBuf>,
    /// The public key the checkpoints were signed with (FILE.pub from keygen).
    #[arg(long, value_name = "PUB", env = "NAMESAKE_AUDIT_PUBLIC_KEY")]
    pub key: Option<PathBuf>,
}

pub fn keygen(a: &KeygenArgs) -> anyhow::Result<Outcome> {
    let key = anchor::generate_key()?;
    let public = anchor::write_key_pair(&key, &a.out)?;
    outln!(
        "secret key {} (keep it off the database's machine), public key {}",
        a.out.display(),
        public.display()
    );
    Ok(Outcome::NoHit)
}

pub fn checkpoint(store: &SqlStore, a: &CheckpointArgs) -> anyhow::Result<Outcome> {
    let key = anchor::read_signing_key(&a.key)?;
    let cp = anchor::checkpoint(store, &key)?;
    match &a.output {
        Some(p) => {
            cp.append_to(p)?;
            eprintln!(
                "checkpoint at record {} appended to {}",
                cp.seq,
                p.display()
            );
        }
        None => outln!("{}", cp.to_json()),
    }
    Ok(Outcome::NoHit)
}

pub fn verify(store: &SqlStore, a: &VerifyArgs) -> anyhow::Result<Outcome> {
    let (Some(file), Some(key_file)) = (&a.checkpoint, &a.key) else {
        bail!("--checkpoint needs --key (the public key that signed it)");
    };
    let checkpoints = Checkpoint::read_all(file)?;
    if checkpoints.is_empty() {
        bail!("{} holds no checkpoint", file.display());
    }
    let key = anchor::read_verifying_key(key_file)
        .with_context(|| format!("reading the public key {}", key_file.display()))?;
    let at = store.location();
    match anchor::verify_checkpoints(store, &checkpoints, &key)? {
        AnchorCheck::Holds {
            records,
            checkpoints,
            anchored_to,
        } => {
            outln!("audit log intact: {records} record(s); {checkpoints} signed checkpoint(s) hold, the newest at record {anchored_to}");
            Ok(Outcome::NoHit)
        }
        AnchorCheck::BadSignature { index } => bail!(
            "checkpoint {index} of {} is not signed by {}: it was forged or altered",
            file.display(),
            key_file.display()
        ),
        AnchorCheck::Chain(AuditCheck::Broken {
            seq,
            problem,
            intact_before,
        }) => bail!(
            "audit log of {at} is broken at record {seq}: {problem} ({intact_before} record(s) before it check)"
        ),
        AnchorCheck::Chain(AuditCheck::Intact { .. }) => {
            bail!("internal: an intact chain reported as broken")
        }
        AnchorCheck::Truncated {
            checkpoint_seq,
            records,
        } => bail!(
            "audit log of {at} was truncated: a signed checkpoint covers {checkpoint_seq} record(s), the log holds {records}"
        ),
        AnchorCheck::Rewritten { seq, signed, found } => bail!(
            "audit log of {at} was rewritten: record {seq} hashes to {found}, the signed checkpoint says {signed}"
        ),
    }
}
