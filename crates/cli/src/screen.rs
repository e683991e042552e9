//! `namesake screen`: one subject or a CSV batch.

use std::io::{BufWriter, IsTerminal, Write};

use anyhow::{bail, Context};
use namesake_index::{Hit, ScreenOptions};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_model::{DateSpec, Gender, IdKind, Identifier, Query, Schema};
use namesake_store::{AuditEntry, AuditHit, Store};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::args::ScreenArgs;
use crate::input::{parse_countries, parse_query_row, Columns};
use crate::loading::check_paths;
use crate::output::print_table;
use crate::store_cmds::{who, ScreenContext, AUDIT_CHUNK};
use crate::Outcome;

fn options(a: &ScreenArgs) -> anyhow::Result<ScreenOptions> {
    let threshold = a.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if !(0.0..=1.0).contains(&threshold) {
        bail!("--threshold must be between 0 and 1, got {threshold}");
    }
    Ok(ScreenOptions {
        threshold,
        limit: a.limit,
        explain: true,
        lists: None,
    })
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
        let ctx = context(&a)?;
        return batch(&ctx, input, a.output.as_deref(), &opts);
    }
    let Some(name) = a.name.as_deref().filter(|n| !n.trim().is_empty()) else {
        bail!("give a NAME to screen, or --input FILE.csv for a batch");
    };
    let query = single_query(name, &a)?;
    let ctx = context(&a)?;
    let key = namesake_store::subject_key(a.subject_id.as_deref(), &query);
    let hits = ctx.index.screen(&query, &opts);
    let suppressed: Vec<bool> = hits
        .iter()
        .map(|h| ctx.suppressed(&key, &h.entity_id))
        .collect();
    if let Some(store) = &ctx.audit {
        let subject = json!({"subject_key": key, "id": a.subject_id, "query": query});
        store.audit_append(&[audit_entry(
            "screen",
            subject,
            &ctx,
            &opts,
            &hits,
            &suppressed,
        )])?;
    }
    if a.json {
        let hits_json: Vec<Value> = hits
            .iter()
            .zip(&suppressed)
            .map(|(h, &s)| hit_json_marked(h, s))
            .collect();
        let v = json!({"query": query, "subject_key": key, "threshold": opts.threshold, "hits": hits_json});
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_table(&hits)?;
        for (h, _) in hits.iter().zip(&suppressed).filter(|(_, &s)| s) {
            if let Some(d) = ctx.decisions.latest(&key, &h.entity_id) {
                outln!(
                    "suppressed: {} is a known false positive for {key} (decided by {} on {}: {})",
                    h.entity_id,
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
    Ok(if suppressed.iter().any(|s| !s) {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}

/// A hit as output prints it, with `"suppressed": true` when a decision covers it.
fn hit_json_marked(h: &Hit, suppressed: bool) -> Value {
    let mut v = h.to_json();
    if suppressed {
        v["suppressed"] = json!(true);
    }
    v
}

fn audit_entry(
    kind: &str,
    subject: Value,
    ctx: &ScreenContext,
    opts: &ScreenOptions,
    hits: &[Hit],
    suppressed: &[bool],
) -> AuditEntry {
    AuditEntry {
        who: who(),
        kind: kind.to_string(),
        subject,
        list_versions: ctx.list_versions.clone(),
        threshold: namesake_store::threshold_f64(opts.threshold),
        hits: hits
            .iter()
            .zip(suppressed)
            .map(|(h, &s)| AuditHit {
                entity_id: h.entity_id.clone(),
                score: (h.score as f64 * 1000.0).round() / 1000.0,
                suppressed: s,
            })
            .collect(),
    }
}

fn single_query(name: &str, a: &ScreenArgs) -> anyhow::Result<Query> {
    let mut q = Query::name(name);
    if let Some(d) = &a.dob {
        q.birth_dates.push(DateSpec::parse(d).context("--dob")?);
    }
    let mut warnings = Vec::new();
    for n in &a.nationality {
        q.countries.extend(parse_countries(n, &mut warnings));
    }
    if let Some(w) = warnings.first() {
        bail!("--nationality: {w}");
    }
    if let Some(g) = &a.gender {
        q.gender = match Gender::parse(g) {
            Some(Gender::Other) | None => bail!("--gender: expected male or female, got {g:?}"),
            g => g,
        };
    }
    if let Some(s) = &a.schema {
        q.schema = s.parse::<Schema>().context("--type")?;
    }
    q.identifiers = a
        .id_numbers
        .iter()
        .map(|v| Identifier::new(IdKind::Other("any".into()), v))
        .collect();
    Ok(q)
}

/// Screens every row of `input`, writing one JSON line per row in input order.
fn batch(
    ctx: &ScreenContext,
    input: &std::path::Path,
    output: Option<&std::path::Path>,
    opts: &ScreenOptions,
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
    crate::duplicates::warn_batch(input, rows.iter().map(|r| r.id.as_deref()));
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
    let index = &ctx.index;
    let source = input.display().to_string();
    let started = std::time::Instant::now();
    let results: Vec<(String, bool, Option<AuditEntry>)> = rows
        .par_iter()
        .enumerate()
        .map(|(i, r)| {
            let hits = if r.query.all_names().is_empty() && r.query.identifiers.is_empty() {
                Vec::new()
            } else {
                index.screen(&r.query, opts)
            };
            if let Some(b) = &bar {
                b.inc(1);
            }
            let id = match &r.id {
                Some(s) => json!(s),
                None => json!(i + 1),
            };
            let key = namesake_store::subject_key(r.id.as_deref(), &r.query);
            let suppressed: Vec<bool> = hits
                .iter()
                .map(|h| ctx.suppressed(&key, &h.entity_id))
                .collect();
            let hits_json: Vec<Value> = hits
                .iter()
                .zip(&suppressed)
                .map(|(h, &s)| hit_json_marked(h, s))
                .collect();
            let mut v = json!({"id": id, "subject_key": key, "hits": hits_json});
            if !r.warnings.is_empty() {
                v["warnings"] = json!(r.warnings);
            }
            let entry = ctx.audit.is_some().then(|| {
                let subject = json!({"subject_key": key, "id": r.id, "row": i + 2, "file": source, "query": r.query});
                audit_entry("batch", subject, ctx, opts, &hits, &suppressed)
            });
            (v.to_string(), suppressed.iter().any(|s| !s), entry)
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
    if let Some(store) = &ctx.audit {
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
