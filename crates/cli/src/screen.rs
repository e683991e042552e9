//! `namesake screen`: one subject or a CSV batch.

use anyhow::{bail, Context};
use namesake_index::{Hit, ScreenOptions};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_model::{DateSpec, Gender, IdKind, Identifier, Query, Schema};
use namesake_store::{AuditEntry, AuditHit, Store};
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::args::ScreenArgs;
use crate::i18n::t;
use crate::input::parse_countries;
use crate::loading::check_paths;
use crate::output::print_table;
use crate::output::record::{hit_json_marked, InputEcho, ScreenedRow};
use crate::output::sink::{sink, Out, OutputFormat};
use crate::progress::Progress;
use crate::store_cmds::{who, ScreenContext, AUDIT_CHUNK};
use crate::summary::BatchSummary;
use crate::Outcome;

fn options(a: &ScreenArgs) -> anyhow::Result<ScreenOptions> {
    let threshold = a.threshold.unwrap_or(DEFAULT_THRESHOLD);
    crate::checks::screen_args(a)?;
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
        // The file first: a bad one fails before the lists are loaded.
        let subjects = crate::input::read_subjects(input, &a.read.options()?)
            .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
        let ctx = context(&a)?;
        return batch(&ctx, input, subjects, a.output.as_deref(), &opts);
    }
    let Some(name) = a.name.as_deref().filter(|n| !n.trim().is_empty()) else {
        bail!(t("give_name"));
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
                    "{}",
                    t("suppressed")
                        .replace("{entity}", &h.entity_id)
                        .replace("{key}", &key)
                        .replace("{by}", &d.by)
                        .replace("{at}", &d.at.to_string())
                        .replace("{reason}", &d.reason)
                );
            }
        }
        if !hits.is_empty() {
            outln!("{}", t("subject_key").replace("{key}", &key));
        }
    }
    Ok(if suppressed.iter().any(|s| !s) {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
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

/// Screens every row of `input` (any supported file kind), writing the results in input order
/// to `output` in the format its extension names, then a summary on stderr.
fn batch(
    ctx: &ScreenContext,
    input: &std::path::Path,
    subjects: crate::input::Subjects,
    output: Option<&std::path::Path>,
    opts: &ScreenOptions,
) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    crate::loading::note(&format!("{}: {}", input.display(), subjects.detected));
    let source = input.display().to_string();
    if subjects.rows.is_empty() {
        eprintln!("{}", t("no_rows").replace("{file}", &source));
    }
    for (r, line) in subjects.rows.iter().zip(&subjects.lines) {
        for w in &r.warnings {
            eprintln!(
                "{}",
                t("row_warning")
                    .replace("{file}", &source)
                    .replace("{line}", &line.to_string())
                    .replace("{message}", w)
            );
        }
    }
    let progress = Progress::start(subjects.rows.len());
    let index = &ctx.index;
    let results: Vec<(ScreenedRow, Option<AuditEntry>)> = subjects
        .rows
        .par_iter()
        .zip(subjects.lines.par_iter())
        .enumerate()
        .map(|(i, (r, &line))| {
            let hits = if r.query.all_names().is_empty() && r.query.identifiers.is_empty() {
                Vec::new()
            } else {
                index.screen(&r.query, opts)
            };
            progress.inc();
            let key = namesake_store::subject_key(r.id.as_deref(), &r.query);
            let suppressed: Vec<bool> = hits
                .iter()
                .map(|h| ctx.suppressed(&key, &h.entity_id))
                .collect();
            let entry = ctx.audit.is_some().then(|| {
                let subject = json!({"subject_key": key, "id": r.id, "row": line, "file": source, "query": r.query});
                audit_entry("batch", subject, ctx, opts, &hits, &suppressed)
            });
            let row = ScreenedRow {
                row: i + 1,
                line,
                id: r.id.clone(),
                subject_key: key,
                input: InputEcho::of(&r.query),
                hits,
                suppressed,
                warnings: r.warnings.clone(),
            };
            (row, entry)
        })
        .collect();
    progress.finish();
    // The audit log first: a batch whose screening cannot be recorded reports nothing. One
    // transaction per chunk keeps a killed batch's recorded part whole.
    let screened = started.elapsed();
    let (rows, entries): (Vec<ScreenedRow>, Vec<Option<AuditEntry>>) = results.into_iter().unzip();
    let entries: Vec<AuditEntry> = entries.into_iter().flatten().collect();
    if let Some(store) = &ctx.audit {
        for chunk in entries.chunks(AUDIT_CHUNK) {
            store.audit_append(chunk)?;
        }
    }
    if std::env::var_os("NAMESAKE_VERBOSE").is_some() {
        eprintln!(
            "screened {} rows in {screened:?}; audit log written in {:?}",
            rows.len(),
            started.elapsed() - screened
        );
    }
    let out: Out = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    };
    let mut sink = sink(OutputFormat::of(output), out)?;
    for r in &rows {
        sink.write_row(r)?;
    }
    sink.finish()?;
    let summary = BatchSummary::of(&rows);
    eprintln!("{}", summary.line(started.elapsed()));
    Ok(if summary.with_hits > 0 {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}
