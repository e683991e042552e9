//! `namesake screen-payment FILE…`: ISO 20022 XML or SWIFT MT messages (files or folders), one
//! JSON line per message, exit 1 when any message is held, 2 when any could not be read.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::Args;
use namesake_payments::{
    parse_batch, Decision, Jurisdictions, ParseOptions, Screener, ScreeningConfig, ScreeningResult,
};
use namesake_store::{AuditEntry, Store};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::args::ListSource;
use crate::loading::check_paths;
use crate::store_cmds::{who, ScreenContext, AUDIT_CHUNK};
use crate::Outcome;

/// `screen-payment` arguments.
#[derive(Args, Debug)]
pub struct ScreenPaymentArgs {
    /// Message files (ISO 20022 XML, SWIFT MT text with one or more messages) or folders.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub source: ListSource,
    /// Write the JSON lines here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Party-name threshold (default 0.80).
    #[arg(long)]
    pub threshold: Option<f32>,
    /// Free-text threshold (default 0.90).
    #[arg(long)]
    pub text_threshold: Option<f32>,
    /// Jurisdiction table override (TOML; see docs/payments.md).
    #[arg(long, value_name = "FILE")]
    pub jurisdictions: Option<PathBuf>,
    /// Largest message read, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_bytes: usize,
    /// Do not write the screenings to the audit log.
    #[arg(long)]
    pub no_audit: bool,
}

fn config(a: &ScreenPaymentArgs) -> anyhow::Result<ScreeningConfig> {
    let mut c = ScreeningConfig::default();
    for (v, slot, flag) in [
        (a.threshold, &mut c.threshold, "--threshold"),
        (a.text_threshold, &mut c.text_threshold, "--text-threshold"),
    ] {
        if let Some(v) = v {
            *slot = namesake_screening::options::score(flag, f64::from(v))?;
        }
    }
    if let Some(p) = &a.jurisdictions {
        let text =
            std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        c.jurisdictions =
            Jurisdictions::default().with_override(&text, &p.display().to_string())?;
    }
    Ok(c)
}

/// Files to read: the files given, and every file under the folders given (sorted).
fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut inner: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read the folder {}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            inner.sort();
            out.extend(expand(&inner)?);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            bail!("{}: no such file or folder", p.display());
        }
    }
    Ok(out)
}

/// Runs the command.
pub fn run(a: ScreenPaymentArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    check_paths(&a.source.lists)?;
    let files = expand(&a.files)?;
    let cfg = config(&a)?;
    let ctx = if a.source.lists.is_empty() {
        ScreenContext::from_store(db, a.source.no_cache, a.no_audit)?
    } else {
        ScreenContext::from_files(&a.source, db, a.no_audit)?
    };
    let opts = ParseOptions {
        max_bytes: a.max_bytes,
    };
    let mut screener = Screener::new(&ctx.index, cfg);
    screener.set_list_versions(ctx.list_versions.clone());
    let messages: Vec<_> = files.iter().flat_map(|f| read(f, &opts)).collect();
    crate::unaudited::note(&ctx, "payment", messages.len(), screener.config().threshold)?;
    let lines: Vec<(Value, Option<ScreeningResult>)> = messages
        .par_iter()
        .map(|m| match m {
            Ok(m) => {
                let r = screener.screen(m);
                (serde_json::to_value(&r).unwrap_or(Value::Null), Some(r))
            }
            Err(e) => (
                json!({"message": error_source(e), "decision": "error", "error": e.to_string()}),
                None,
            ),
        })
        .collect();
    if let Some(store) = &ctx.audit {
        let entries: Vec<AuditEntry> = lines
            .iter()
            .filter_map(|(_, r)| r.as_ref())
            .map(|r| {
                namesake_screening::payment::audit_entry(
                    r,
                    &who(),
                    screener.config().threshold,
                    Value::Null,
                )
            })
            .collect();
        for chunk in entries.chunks(AUDIT_CHUNK) {
            store.audit_append(chunk)?;
        }
    }
    write_lines(a.output.as_deref(), lines.iter().map(|(v, _)| v))?;
    let errors = lines.iter().filter(|(_, r)| r.is_none()).count();
    if errors > 0 {
        bail!(
            "{errors} of {} messages could not be read (their errors are in the output)",
            lines.len()
        );
    }
    let held = lines
        .iter()
        .any(|(_, r)| r.as_ref().is_some_and(|r| r.decision == Decision::Hold));
    Ok(if held { Outcome::Hit } else { Outcome::NoHit })
}

fn read(
    f: &Path,
    opts: &ParseOptions,
) -> Vec<namesake_payments::Result<namesake_payments::Message>> {
    let name = f.display().to_string();
    match std::fs::read(f) {
        Ok(data) => parse_batch(&data, &name, opts),
        Err(e) => vec![Err(namesake_payments::PaymentError::NotAMessage {
            message: format!("{name} (cannot read: {e})"),
        })],
    }
}

/// The message an error names (every variant starts with it).
fn error_source(e: &namesake_payments::PaymentError) -> String {
    let s = e.to_string();
    s.split_once(": ").map(|(m, _)| m.to_string()).unwrap_or(s)
}

fn write_lines<'a>(
    output: Option<&Path>,
    lines: impl Iterator<Item = &'a Value>,
) -> anyhow::Result<()> {
    let out: Box<dyn Write> = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    for l in lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(())
}
