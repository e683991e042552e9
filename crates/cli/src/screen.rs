//! `namesake screen`: one subject or a CSV batch.

use std::io::{BufWriter, IsTerminal, Write};

use std::sync::Arc;

use anyhow::{bail, Context};
use namesake_index::Hit;
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_screening::{
    DecisionBook, IdNumber, Options, Prepared, ScreenedHit, Screener, Subject, UsedVersion,
};
use namesake_store::{AuditEntry, SqlStore, Store};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::args::ScreenArgs;
use crate::input::{parse_query_row, Columns};
use crate::loading::check_paths;
use crate::output::print_table;
use crate::store_cmds::{who, ScreenContext, AUDIT_CHUNK};
use crate::Outcome;

fn options(a: &ScreenArgs) -> anyhow::Result<Options> {
    let threshold = a.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must be between 0 and 1, got {threshold}");
    }
    Ok(Options {
        threshold,
        limit: a.limit,
        ..Options::default()
    })
}

/// The screener over a context's index, list versions and decisions; the store when auditing.
fn screener(ctx: ScreenContext) -> anyhow::Result<(Screener, Option<SqlStore>)> {
    let versions: Vec<UsedVersion> =
        serde_json::from_value(ctx.list_versions).context("the list versions of the index")?;
    let decisions = Arc::new(DecisionBook::new(ctx.decisions));
    Ok((
        Screener::new(Arc::new(ctx.index), versions, decisions),
        ctx.audit,
    ))
}

pub fn run(mut a: ScreenArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    // `--list A B "NAME"`: the list option takes several values, so a name written after it lands
    // among them. A trailing value that is no file is the name.
    if a.name.is_none() && a.input.is_none() && a.source.lists.len() > 1 {
        if let Some(last) = a.source.lists.last().filter(|p| !p.exists()) {
            a.name = Some(last.to_string_lossy().into_owned());
            a.source.lists.pop();
        }
    }
    check_paths(&a.source.lists)?;
    let opts = options(&a)?;
    let context = |a: &ScreenArgs| {
        if a.source.lists.is_empty() {
            ScreenContext::from_store(db, a.source.no_cache, a.no_audit)
        } else {
            ScreenContext::from_files(&a.source, db, a.no_audit)
        }
    };
    if let Some(input) = &a.input {
        let (screener, audit) = screener(context(&a)?)?;
        return batch(&screener, audit.as_ref(), input, a.output.as_deref(), &opts);
    }
    let Some(name) = a.name.as_deref().filter(|n| !n.trim().is_empty()) else {
        bail!("give a NAME to screen, or --input FILE.csv for a batch");
    };
    let prepared = single_subject(name, &a)?;
    let (screener, audit) = screener(context(&a)?)?;
    let sc = screener.screen_prepared(&prepared, &opts);
    let key = &sc.subject_key;
    if let Some(store) = &audit {
        let subject = json!({"subject_key": key, "id": a.subject_id, "query": prepared.query});
        store.audit_append(&[sc.audit_entry(&who(), "screen", subject)])?;
    }
    if a.json {
        let hits_json: Vec<Value> = sc.hits.iter().map(ScreenedHit::to_json).collect();
        let v = json!({"query": prepared.query, "subject_key": key, "threshold": opts.threshold, "hits": hits_json});
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        let hits: Vec<Hit> = sc.hits.iter().map(|h| h.hit.clone()).collect();
        print_table(&hits)?;
        for h in &sc.hits {
            if let Some(d) = &h.suppressed_by {
                outln!(
                    "suppressed: {} is a known false positive for {key} (decided by {} on {}: {})",
                    h.hit.entity_id,
                    d.by,
                    d.at,
                    d.reason
                );
            }
        }
        if !hits.is_empty() {
            outln!("subject key: {key}");
        }
    }
    Ok(if sc.alerts() {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}

/// The subject of `namesake screen NAME` and its flags, read by the screening crate's rules; a
/// value that cannot be read is an error naming the flag.
fn single_subject(name: &str, a: &ScreenArgs) -> anyhow::Result<Prepared> {
    let subject = Subject {
        id: a.subject_id.clone(),
        names: vec![name.to_string()],
        schema: a.schema.clone(),
        birth_dates: a.dob.iter().cloned().collect(),
        nationalities: a.nationality.clone(),
        gender: a.gender.clone(),
        id_numbers: a
            .id_numbers
            .iter()
            .map(|v| IdNumber {
                kind: None,
                value: v.clone(),
            })
            .collect(),
        ..Subject::default()
    };
    subject.prepare().strict().map_err(|issue| {
        let flag = match issue.field {
            namesake_screening::SubjectField::Name => "NAME",
            namesake_screening::SubjectField::Schema => "--type",
            namesake_screening::SubjectField::BirthDate => "--dob",
            namesake_screening::SubjectField::Nationality => "--nationality",
            namesake_screening::SubjectField::Gender => "--gender",
        };
        anyhow::anyhow!("{flag}: {}", issue.message)
    })
}

/// Screens every row of `input`, writing one JSON line per row in input order.
fn batch(
    screener: &Screener,
    audit: Option<&SqlStore>,
    input: &std::path::Path,
    output: Option<&std::path::Path>,
    opts: &Options,
) -> anyhow::Result<Outcome> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(input)
        .with_context(|| format!("cannot read {}", input.display()))?;
    let header = rdr
        .headers()
        .with_context(|| format!("{}: cannot read the header row", input.display()))?
        .clone();
    let cols =
        Columns::from_header(&header).map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: row {}", input.display(), i + 2))?;
        rows.push(parse_query_row(&cols, &rec));
    }
    for (i, r) in rows.iter().enumerate() {
        for w in &r.warnings {
            eprintln!("warning: {}: line {}: {w}", input.display(), i + 2);
        }
    }
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(rows.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} rows, {per_sec}, eta {eta}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Some(b)
    } else {
        None
    };
    let source = input.display().to_string();
    let started = std::time::Instant::now();
    let results: Vec<(String, bool, Option<AuditEntry>)> = rows
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let prepared = Prepared {
                query: r.query.clone(),
                key: namesake_store::subject_key(r.id.as_deref(), &r.query),
                id: r.id.clone(),
                issues: Vec::new(),
            };
            let sc = screener.screen_prepared(&prepared, opts);
            if let Some(b) = &bar {
                b.inc(1);
            }
            let id = match &r.id {
                Some(s) => json!(s),
                None => json!(i + 1),
            };
            let key = &sc.subject_key;
            let hits_json: Vec<Value> = sc.hits.iter().map(ScreenedHit::to_json).collect();
            let mut v = json!({"id": id, "subject_key": key, "hits": hits_json});
            if !r.warnings.is_empty() {
                v["warnings"] = json!(r.warnings);
            }
            let entry = audit.is_some().then(|| {
                let subject = json!({"subject_key": key, "id": r.id, "row": i + 2, "file": source, "query": r.query});
                sc.audit_entry(&who(), "batch", subject)
            });
            (v.to_string(), sc.alerts(), entry)
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // The audit log first: a batch whose screening cannot be recorded reports nothing. One
    // transaction per chunk keeps a killed batch's recorded part whole.
    let screened = started.elapsed();
    let (lines, flags, entries): (Vec<String>, Vec<bool>, Vec<AuditEntry>) =
        results.into_iter().fold(
            (Vec::new(), Vec::new(), Vec::new()),
            |(mut l, mut f, mut e), (line, hit, entry)| {
                l.push(line);
                f.push(hit);
                e.extend(entry);
                (l, f, e)
            },
        );
    if let Some(store) = audit {
        for chunk in entries.chunks(AUDIT_CHUNK) {
            store.audit_append(chunk)?;
        }
    }
    if std::env::var_os("NAMESAKE_VERBOSE").is_some() {
        eprintln!(
            "screened {} rows in {screened:?}; audit log written in {:?}",
            lines.len(),
            started.elapsed() - screened
        );
    }
    let any_hit = flags.iter().any(|&h| h);
    let out: Box<dyn Write> = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    for l in &lines {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(if any_hit {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}
