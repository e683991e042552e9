//! `namesake screen`: one subject or a CSV batch.

use std::sync::Arc;

use anyhow::{bail, Context};
use namesake_index::Hit;
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_screening::{
    BatchRow, BatchScreening, DecisionBook, IdNumber, Options, Prepared, ScreenedHit, Screener,
    Subject, UsedVersion,
};
use namesake_store::{SqlStore, Store};
use serde_json::{json, Value};

use crate::args::ScreenArgs;
use crate::i18n::t;
use crate::loading::check_paths;
use crate::output::print_table;
use crate::output::record::{InputEcho, ScreenedRow};
use crate::output::sink::{sink, Out, OutputFormat};
use crate::progress::Progress;
use crate::stale::StaleList;
use crate::store_cmds::{who, ScreenContext};
use crate::summary::BatchSummary;
use crate::Outcome;

fn options(a: &ScreenArgs) -> anyhow::Result<Options> {
    let threshold = a.threshold.unwrap_or(DEFAULT_THRESHOLD);
    crate::checks::screen_args(a)?;
    Ok(Options {
        threshold,
        limit: a.limit,
        exact_name_floor: !a.no_exact_name_floor,
        separate_lists: a.separate_lists,
        ..Options::default()
    })
}

/// The screener over a context's index, list versions and decisions; the store when auditing;
/// the stale lists.
fn screener(ctx: ScreenContext) -> anyhow::Result<(Screener, Option<SqlStore>, Vec<StaleList>)> {
    let versions: Vec<UsedVersion> =
        serde_json::from_value(ctx.list_versions).context("the list versions of the index")?;
    let decisions = Arc::new(DecisionBook::new(ctx.decisions));
    Ok((
        Screener::new(Arc::new(ctx.index), versions, decisions),
        ctx.audit,
        ctx.stale,
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
    crate::os_user::set_given(a.by.as_deref());
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
        crate::unaudited::note(&ctx, "batch", subjects.rows.len(), opts.threshold)?;
        let (screener, audit, stale) = screener(ctx)?;
        return batch(
            &screener,
            audit.as_ref(),
            input,
            subjects,
            a.output.as_deref(),
            &opts,
        )
        .inspect(|_| stale_summary(&stale));
    }
    let Some(name) = a.name.as_deref().filter(|n| !n.trim().is_empty()) else {
        bail!(t("give_name"));
    };
    let prepared = single_subject(name, &a)?;
    let ctx = context(&a)?;
    crate::unaudited::note(&ctx, "screen", 1, opts.threshold)?;
    let (screener, audit, stale) = screener(ctx)?;
    let sc = screener.screen_prepared(&prepared, &opts);
    let key = &sc.subject_key;
    if let Some(store) = &audit {
        let subject = json!({"subject_key": key, "id": a.subject_id, "query": prepared.query});
        store.audit_append(&[sc.audit_entry(&who(), "screen", subject)])?;
    }
    if a.json {
        let hits_json: Vec<Value> = sc.hits.iter().map(ScreenedHit::to_json).collect();
        let mut v = json!({"query": prepared.query, "subject_key": key, "threshold": opts.threshold, "hits": hits_json});
        if !stale.is_empty() {
            v["stale_lists"] = json!(stale);
        }
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        let hits: Vec<Hit> = sc.hits.iter().map(|h| h.hit.clone()).collect();
        print_table(&hits)?;
        for h in &sc.hits {
            if let Some(d) = &h.suppressed_by {
                outln!(
                    "{}",
                    t("suppressed")
                        .replace("{entity}", &h.hit.entity_id)
                        .replace("{key}", key)
                        .replace("{by}", &d.by)
                        .replace("{at}", &d.at.to_string())
                        .replace("{reason}", &d.reason)
                );
            }
        }
        if !hits.is_empty() {
            outln!("{}", t("subject_key").replace("{key}", key));
        }
    }
    Ok(if sc.alerts() {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}

/// After a batch's summary line: the lists screened against that are older than their limit.
fn stale_summary(stale: &[StaleList]) {
    if !stale.is_empty() {
        let lists: Vec<String> = stale
            .iter()
            .map(|s| {
                format!(
                    "{} ({})",
                    s.list,
                    t("days").replace("{n}", &s.age_days.to_string())
                )
            })
            .collect();
        eprintln!(
            "{}",
            t("stale_summary").replace("{lists}", &lists.join(", "))
        );
    }
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

/// Screens every row of `input` (any supported file kind) by the screening crate's batch,
/// writing the results in input order to `output` in the format its extension names, then a
/// summary on stderr.
fn batch(
    screener: &Screener,
    audit: Option<&SqlStore>,
    input: &std::path::Path,
    subjects: crate::input::Subjects,
    output: Option<&std::path::Path>,
    opts: &Options,
) -> anyhow::Result<Outcome> {
    let started = std::time::Instant::now();
    crate::loading::note(&format!("{}: {}", input.display(), subjects.detected));
    let source = input.display().to_string();
    warn_rows(&source, &subjects.rows);
    crate::duplicates::warn_batch(input, subjects.rows.iter().map(|r| r.id.as_deref()));
    let progress = Progress::start(subjects.rows.len());
    let who = who();
    let screening = BatchScreening {
        screener,
        options: opts,
        who: &who,
        source: &source,
        audit: audit.map(|s| s as &dyn Store),
    };
    let screened = screening.screen_with_progress(&subjects.rows, || progress.inc());
    progress.finish();
    let screened = screened?;
    if std::env::var_os("NAMESAKE_VERBOSE").is_some() {
        eprintln!(
            "screened {} rows in {:?}; audit log written in {:?}",
            screened.rows.len(),
            screened.screening_took,
            screened.recording_took
        );
    }
    let rows: Vec<ScreenedRow> = subjects
        .rows
        .into_iter()
        .zip(screened.rows)
        .enumerate()
        .map(|(i, (r, o))| ScreenedRow {
            row: i + 1,
            line: r.line,
            id: r.id,
            subject_key: o.subject_key,
            input: InputEcho::of(&r.query),
            suppressed: o.hits.iter().map(|h| h.suppressed_by.is_some()).collect(),
            hits: o.hits.into_iter().map(|h| h.hit).collect(),
            warnings: r.warnings,
        })
        .collect();
    write_rows(&rows, output)?;
    let summary = BatchSummary::of(&rows);
    eprintln!("{}", summary.line(started.elapsed()));
    Ok(if summary.with_hits > 0 {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}

/// On stderr: that the file has no row, or each value a row has that could not be read.
fn warn_rows(source: &str, rows: &[BatchRow]) {
    if rows.is_empty() {
        eprintln!("{}", t("no_rows").replace("{file}", source));
    }
    for r in rows {
        for w in &r.warnings {
            eprintln!(
                "{}",
                t("row_warning")
                    .replace("{file}", source)
                    .replace("{line}", &r.line.to_string())
                    .replace("{message}", w)
            );
        }
    }
}

/// Writes the rows to `output` (stdout when `None`); a file appears whole, under its name, only
/// once every row is written.
fn write_rows(rows: &[ScreenedRow], output: Option<&std::path::Path>) -> anyhow::Result<()> {
    let (out, pending): (Out, _) = match output {
        Some(p) => {
            let (w, commit) = crate::atomic::SharedAtomic::create(p)?;
            (Box::new(w), Some(commit))
        }
        None => (Box::new(std::io::stdout()), None),
    };
    let mut sink = sink(OutputFormat::of(output), out)?;
    for r in rows {
        sink.write_row(r)?;
    }
    sink.finish()?;
    if let Some(commit) = pending {
        commit.commit()?;
    }
    Ok(())
}
