//! Decisions as records: `namesake decisions list|export|revoke`, and the check `decide` makes
//! that the hit it decides on was reported by a screening.
//!
//! Nothing is deleted: a revocation is a record of its own (verdict `revoked`), so the log
//! shows who decided, who withdrew it and why. Each record's status is derived from the log:
//! `in force` (the pair's latest decision), `replaced` (a later decision on the pair),
//! `revoked` (withdrawn by the revocation after it), `revocation`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Subcommand, ValueEnum};
use namesake_store::{Decision, HitEvidence, HitSource, SqlStore, Store, Verdict};
use serde::Serialize;

use crate::atomic::AtomicFile;
use crate::i18n::t;
use crate::store_cmds::{open_store, who};
use crate::Outcome;

#[derive(Args, Debug)]
pub struct DecisionsArgs {
    #[command(subcommand)]
    pub command: DecisionsCommand,
}

#[derive(Subcommand, Debug)]
pub enum DecisionsCommand {
    /// Show recorded decisions, oldest first, with whether each is still in force.
    List(ListArgs),
    /// Write every decision record (revocations included) as CSV or JSON.
    Export(ExportArgs),
    /// Withdraw a decision: a revocation is recorded, the decision stays in the log, and the
    /// hit alerts again.
    Revoke(RevokeArgs),
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// Only this subject (`id:C-17`, `nd:…`).
    #[arg(long, value_name = "KEY")]
    pub subject: Option<String>,
    /// Only this entity (`un:QDi.261`).
    #[arg(long, value_name = "ID")]
    pub entity: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Formats of `decisions export`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionFormat {
    /// CSV with a header row.
    Csv,
    /// One JSON array.
    Json,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = DecisionFormat::Csv)]
    pub format: DecisionFormat,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct RevokeArgs {
    /// The decision's number (`namesake decisions list` shows it).
    #[arg(value_name = "ID")]
    pub id: i64,
    /// Why it is withdrawn.
    #[arg(long, required = true)]
    pub reason: String,
    /// Who withdraws it (default: the OS user).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// Where a record stands in the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The pair's latest decision.
    InForce,
    /// A later decision on the pair took its place.
    Replaced,
    /// The revocation after it withdrew it.
    Revoked,
    /// A revocation.
    Revocation,
}

impl Status {
    fn label(self) -> String {
        t(match self {
            Status::InForce => "decision_in_force",
            Status::Replaced => "decision_replaced",
            Status::Revoked => "decision_revoked",
            Status::Revocation => "decision_revocation",
        })
    }
}

/// A decision record with its status.
#[derive(Debug, Serialize)]
pub struct Record {
    #[serde(flatten)]
    decision: Decision,
    status: Status,
}

/// Every record of `log` (oldest first) with its status.
pub fn with_status(log: Vec<Decision>) -> Vec<Record> {
    let next: Vec<Option<Verdict>> = log
        .iter()
        .enumerate()
        .map(|(i, d)| {
            log[i + 1..]
                .iter()
                .find(|l| l.subject_key == d.subject_key && l.entity_id == d.entity_id)
                .map(|l| l.verdict)
        })
        .collect();
    log.into_iter()
        .zip(next)
        .map(|(decision, next)| {
            let status = match (decision.verdict, next) {
                (Verdict::Revoked, _) => Status::Revocation,
                (_, None) => Status::InForce,
                (_, Some(Verdict::Revoked)) => Status::Revoked,
                (_, Some(_)) => Status::Replaced,
            };
            Record { decision, status }
        })
        .collect()
}

pub fn run(a: DecisionsArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    match a.command {
        DecisionsCommand::List(l) => list(&store, &l),
        DecisionsCommand::Export(e) => export(&store, &e),
        DecisionsCommand::Revoke(r) => revoke(&store, &r),
    }?;
    Ok(Outcome::NoHit)
}

fn list(store: &SqlStore, a: &ListArgs) -> anyhow::Result<()> {
    let records: Vec<Record> = with_status(store.decision_log()?)
        .into_iter()
        .filter(|r| {
            a.subject
                .as_deref()
                .is_none_or(|s| r.decision.subject_key == s.trim())
        })
        .filter(|r| {
            a.entity
                .as_deref()
                .is_none_or(|e| r.decision.entity_id == e.trim())
        })
        .collect();
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&records)?);
        return Ok(());
    }
    if records.is_empty() {
        outln!("{}", t("no_decisions").replace("{store}", store.location()));
        return Ok(());
    }
    outln!(
        "{:>4}  {:<20}  {:<14}  {:<16}  {:<18}  {:<12}  {}",
        "id",
        t("head_at"),
        t("head_by"),
        t("head_verdict"),
        t("head_subject"),
        t("head_entity"),
        t("head_status_reason")
    );
    for r in &records {
        let d = &r.decision;
        outln!(
            "{:>4}  {:<20}  {:<14}  {:<16}  {:<18}  {:<12}  {}: {}",
            d.id,
            d.at.get(..19).unwrap_or(&d.at),
            d.by,
            d.verdict.as_str(),
            d.subject_key,
            d.entity_id,
            r.status.label(),
            d.reason
        );
    }
    Ok(())
}

fn export(store: &SqlStore, a: &ExportArgs) -> anyhow::Result<()> {
    let records = with_status(store.decision_log()?);
    let mut bytes = Vec::new();
    match a.format {
        DecisionFormat::Json => {
            serde_json::to_writer_pretty(&mut bytes, &records)?;
            bytes.push(b'\n');
        }
        DecisionFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut bytes);
            w.write_record([
                "id",
                "at",
                "by",
                "verdict",
                "subject_key",
                "entity_id",
                "reason",
                "entity_hash",
                "status",
            ])?;
            for r in &records {
                let d = &r.decision;
                let status = serde_json::to_value(r.status)?;
                w.write_record([
                    d.id.to_string().as_str(),
                    &d.at,
                    &d.by,
                    d.verdict.as_str(),
                    &d.subject_key,
                    &d.entity_id,
                    &d.reason,
                    d.entity_hash.as_deref().unwrap_or(""),
                    status.as_str().unwrap_or(""),
                ])?;
            }
            w.flush()?;
        }
    }
    match &a.output {
        Some(p) => {
            let mut f = AtomicFile::create(p)?;
            f.write_all(&bytes)?;
            f.commit()?;
            eprintln!(
                "{}",
                t("decisions_exported")
                    .replace("{n}", &records.len().to_string())
                    .replace("{file}", &p.display().to_string())
            );
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    Ok(())
}

fn revoke(store: &SqlStore, a: &RevokeArgs) -> anyhow::Result<()> {
    if a.reason.trim().is_empty() {
        bail!(t("reason_needed"));
    }
    let by = a.by.clone().unwrap_or_else(who);
    let r = store.revoke_decision(a.id, a.reason.trim(), &by)?;
    outln!(
        "{}",
        t("decision_revoked_msg")
            .replace("{id}", &a.id.to_string())
            .replace("{rid}", &r.id.to_string())
            .replace("{key}", &r.subject_key)
            .replace("{entity}", &r.entity_id)
            .replace("{by}", &r.by)
    );
    Ok(())
}

/// The screening that reported the pair, or an error saying none did; with `force`, a warning
/// instead of the error, and `None`.
pub fn check_hit(
    store: &SqlStore,
    subject_key: &str,
    entity_id: &str,
    force: bool,
) -> anyhow::Result<Option<HitEvidence>> {
    if let Some(e) = store.hit_evidence(subject_key, entity_id)? {
        return Ok(Some(e));
    }
    let msg = t("never_a_hit")
        .replace("{entity}", entity_id)
        .replace("{key}", subject_key)
        .replace("{store}", store.location());
    if !force {
        bail!("{msg}; {}", t("never_a_hit_how"));
    }
    eprintln!("{}: {msg} ({})", t("warning"), t("forced"));
    Ok(None)
}

/// Where the hit was reported, for the confirmation line.
pub fn evidence_text(e: &HitEvidence) -> String {
    let place = match &e.source {
        HitSource::Audit { seq, kind } => t("hit_in_audit")
            .replace("{seq}", &seq.to_string())
            .replace("{kind}", kind),
        HitSource::Rescreen { run_id } => {
            t("hit_in_rescreen").replace("{run}", &run_id.to_string())
        }
    };
    format!(
        "{place}, {}, {:.3}",
        e.at.get(..19).unwrap_or(&e.at),
        e.score
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: i64, key: &str, verdict: Verdict) -> Decision {
        Decision {
            id,
            subject_key: key.into(),
            entity_id: "un:1".into(),
            verdict,
            reason: "r".into(),
            by: "a".into(),
            at: "2026-01-01T00:00:00Z".into(),
            entity_hash: None,
        }
    }

    #[test]
    fn status_follows_the_later_records_of_the_pair() {
        let log = vec![
            d(1, "id:A", Verdict::FalsePositive),
            d(2, "id:B", Verdict::TrueMatch),
            d(3, "id:A", Verdict::Revoked),
            d(4, "id:B", Verdict::FalsePositive),
            d(5, "id:A", Verdict::TrueMatch),
        ];
        let s: Vec<Status> = with_status(log).iter().map(|r| r.status).collect();
        assert_eq!(
            s,
            [
                Status::Revoked,
                Status::Replaced,
                Status::Revocation,
                Status::InForce,
                Status::InForce
            ]
        );
    }
}
