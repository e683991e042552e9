//! The store's subcommands (`import`, `lists` without `--list`, `diff`, `audit`, `decide`,
//! `subjects`, `rescreen`) and what `screen` needs from the store: the index over the current
//! versions, the decisions, the audit log.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use namesake_index::{Index, FORMAT_VERSION};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_store::rescreen::{versions_json, RescreenOptions};
use namesake_store::{
    array_delta, hex, Alert, AuditCheck, Decisions, Imported, ListDiff, ListVersion, NewDecision,
    NewList, SqlStore, Store, Subject, Verdict,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::args::ListsArgs;
use crate::atomic::AtomicFile;
use crate::i18n::t;
use crate::input::{parse_query_row, Columns};
use crate::loading::{cached_index, check_paths, data_dir, hash_file, parse_lists};
use crate::store_args::*;
use crate::Outcome;

/// Audit records written per transaction in batch screening (the screening crate's batch rule).
pub use namesake_screening::batch::AUDIT_CHUNK;

/// Who is screening or deciding: the name `--by` gave, else the OS user (`$USER`…, else the
/// process's account).
pub fn who() -> String {
    if let Some(by) = crate::os_user::given() {
        return by;
    }
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .or_else(crate::os_user::account)
        .unwrap_or_else(|| "unknown".to_string())
}

/// Opens the store named by `--database` / `$NAMESAKE_DATABASE`, else `namesake.db` in the
/// data directory.
pub fn open_store(db: Option<&str>) -> anyhow::Result<SqlStore> {
    let location = match db.filter(|d| !d.trim().is_empty()) {
        Some(d) => d.to_string(),
        None => namesake_store::default_location()
            .context("no data directory: set NAMESAKE_HOME or pass --database")?
            .display()
            .to_string(),
    };
    Ok(namesake_store::open(&location)?.acting_as(who()))
}

/// SHA-256 over the bytes of every input file of a list (in order, each followed by its
/// length, so moving bytes between files changes the hash).
fn hash_files(files: &[PathBuf]) -> anyhow::Result<String> {
    let mut h = Sha256::new();
    for f in files {
        let len = hash_file(&mut h, f)?;
        h.update(len.to_le_bytes());
    }
    Ok(hex(&h.finalize()))
}

/// The input files of a list and their content hash.
pub fn list_files_hash(path: &Path) -> anyhow::Result<(Vec<PathBuf>, String)> {
    let fmt = namesake_sources::detect(path)?;
    let files: Vec<PathBuf> = fmt
        .inputs(path)
        .into_iter()
        .filter(|f| f.exists())
        .collect();
    let hash = hash_files(&files)?;
    Ok((files, hash))
}

pub fn import(a: ImportArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    check_paths(&a.paths)?;
    if a.as_list.is_some() && a.paths.len() > 1 {
        bail!("--as names one list: give one PATH with it");
    }
    let store = open_store(db)?;
    let mut out = Vec::new();
    for path in &a.paths {
        let (files, hash) = list_files_hash(path)?;
        let mut parsed = parse_lists(std::slice::from_ref(path))?
            .pop()
            .context("the parser returned no list")?;
        let list = a
            .as_list
            .clone()
            .unwrap_or_else(|| parsed.info.code.clone());
        let what = path.display().to_string();
        crate::list_guard::prepare_version(&store, &list, &mut parsed, a.force, &what)?;
        let source = files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let result = store.import_list(&NewList {
            list: &list,
            info: &parsed.info,
            entities: &parsed.entities,
            content_hash: &hash,
            source: &source,
        })?;
        let (v, status, dups) = match result {
            Imported::New {
                version,
                duplicates,
            } => (version, "imported", duplicates),
            Imported::Unchanged(version) => (version, "unchanged", 0),
        };
        if dups > 0 {
            eprintln!(
                "{}",
                t("import_duplicates")
                    .replace("{file}", &path.display().to_string())
                    .replace("{n}", &dups.to_string())
            );
        }
        if !a.json {
            match status {
                "imported" => outln!(
                    "{}",
                    t("import_recorded")
                        .replace("{list}", &v.list)
                        .replace("{id}", &v.id.to_string())
                        .replace("{n}", &v.entity_count.to_string())
                        .replace(
                            "{published}",
                            &v.published.clone().unwrap_or_else(|| t("date_not_stated"))
                        )
                        .replace("{file}", &path.display().to_string())
                ),
                _ => outln!(
                    "{}",
                    t("import_unchanged")
                        .replace("{list}", &v.list)
                        .replace("{id}", &v.id.to_string())
                        .replace("{at}", &v.imported_at)
                ),
            }
        }
        out.push(json!({"file": path.display().to_string(), "status": status, "version": v}));
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(Outcome::NoHit)
}

/// `namesake lists` without `--list`: the stored versions.
pub fn lists(a: ListsArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let versions = store.versions()?;
    let current: Vec<i64> = store.current_versions()?.iter().map(|v| v.id).collect();
    if a.json {
        let rows: Vec<Value> = versions
            .iter()
            .map(|v| {
                let mut j = serde_json::to_value(v).unwrap_or(Value::Null);
                j["current"] = json!(current.contains(&v.id));
                j
            })
            .collect();
        outln!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(Outcome::NoHit);
    }
    if versions.is_empty() {
        outln!("{}", t("lists_none").replace("{store}", store.location()));
        return Ok(Outcome::NoHit);
    }
    outln!(
        "{:<10} {:>7}  {:<12} {:<24} {:>8}  {:<12} {}",
        t("head_list"),
        t("head_version"),
        t("head_published"),
        t("head_imported"),
        t("head_entities"),
        t("head_content"),
        t("head_list_name")
    );
    for v in &versions {
        let mark = if current.contains(&v.id) { "*" } else { " " };
        outln!(
            "{:<10} {:>6}{mark}  {:<12} {:<24} {:>8}  {:<12} {}",
            v.list,
            v.id,
            v.published.as_deref().unwrap_or("-"),
            v.imported_at,
            v.entity_count,
            v.content_hash.get(..12).unwrap_or(&v.content_hash),
            v.info.name
        );
    }
    outln!("{}", t("lists_footer").replace("{store}", store.location()));
    Ok(Outcome::NoHit)
}

fn brief(v: &Value) -> String {
    match v {
        Value::Object(m) if m.contains_key("full") => {
            let full = m.get("full").and_then(Value::as_str).unwrap_or("");
            let kind = m.get("kind").and_then(Value::as_str).unwrap_or("");
            let weak = if m.get("quality").and_then(Value::as_str) == Some("Weak") {
                ", weak"
            } else {
                ""
            };
            format!("{full:?} ({}{weak})", kind.to_lowercase())
        }
        Value::Null => "(none)".into(),
        other => other.to_string(),
    }
}

fn print_diff(d: &ListDiff) -> std::io::Result<()> {
    let when = |v: &ListVersion| match &v.published {
        Some(p) => format!("version {} (published {p})", v.id),
        None => format!("version {} (imported {})", v.id, v.imported_at),
    };
    outln!(
        "{}: {} → {}: {} added, {} removed, {} changed",
        d.list,
        when(&d.from),
        when(&d.to),
        d.added.len(),
        d.removed.len(),
        d.changed.len()
    );
    for e in &d.added {
        outln!("+ {:<20} {}", e.id, e.primary_name().unwrap_or(""));
    }
    for e in &d.removed {
        outln!("- {:<20} {}", e.id, e.primary_name().unwrap_or(""));
    }
    for c in &d.changed {
        outln!("~ {:<20} {}", c.entity_id, c.name);
        for f in &c.fields {
            match array_delta(f) {
                Some((removed, added)) => {
                    for r in removed {
                        outln!("    {}: - {}", f.field, brief(r));
                    }
                    for a in added {
                        outln!("    {}: + {}", f.field, brief(a));
                    }
                }
                None => outln!(
                    "    {}: {} → {}",
                    f.field,
                    brief(&f.before),
                    brief(&f.after)
                ),
            }
        }
    }
    Ok(())
}

pub fn diff(a: DiffArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let versions = store.versions()?;
    let mut list = a.list.clone();
    let (mut from, mut to) = (a.from, a.to);
    // `namesake diff 3 5`: two version ids and no list.
    if let Some(l) = &list {
        if !versions.iter().any(|v| &v.list == l) {
            if let Ok(n) = l.parse::<i64>() {
                (to, from, list) = (from, Some(n), None);
                if to.is_none() {
                    bail!(crate::i18n::t("diff_give_two"));
                }
            } else {
                let known: std::collections::BTreeSet<&str> =
                    versions.iter().map(|v| v.list.as_str()).collect();
                bail!(crate::i18n::tf(
                    "diff_no_list",
                    &[
                        ("list", &format!("{l:?}")),
                        ("store", &store.location()),
                        ("lists", &known.into_iter().collect::<Vec<_>>().join(", ")),
                    ]
                ));
            }
        }
    }
    let mut pairs = Vec::new();
    match (&list, from, to) {
        (None, Some(f), Some(t)) => pairs.push((f, t)),
        (None, _, _) => {
            let mut lists: Vec<&str> = versions.iter().map(|v| v.list.as_str()).collect();
            lists.dedup();
            for l in lists {
                let ids: Vec<i64> = versions
                    .iter()
                    .filter(|v| v.list == l)
                    .map(|v| v.id)
                    .collect();
                match ids.as_slice() {
                    [.., p, t] => pairs.push((*p, *t)),
                    _ => eprintln!("{}", crate::i18n::tf("diff_one_version", &[("list", &l)])),
                }
            }
        }
        (Some(l), f, t) => {
            let ids: Vec<i64> = versions
                .iter()
                .filter(|v| &v.list == l)
                .map(|v| v.id)
                .collect();
            let t = match t {
                Some(t) => t,
                None => *ids.last().context("no version")?,
            };
            let f = match f {
                Some(f) => f,
                None => match ids.iter().rev().find(|&&i| i < t) {
                    Some(&f) => f,
                    None => bail!(crate::i18n::tf(
                        "diff_no_before",
                        &[("list", l), ("to", &t)]
                    )),
                },
            };
            pairs.push((f, t));
        }
    }
    let mut all = Vec::new();
    let mut summaries = Vec::new();
    for (f, t) in pairs {
        let d = store.diff(f, t)?;
        summaries.push(crate::diff_summary::DiffSummary::of(&d));
        if a.json && !a.summary {
            all.push(d);
        } else if !a.summary {
            print_diff(&d)?;
        }
    }
    crate::diff_summary::print(&summaries, &all, a.json, a.summary)?;
    Ok(Outcome::NoHit)
}

pub fn audit(a: AuditArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    match a.command {
        AuditCommand::Verify(v) if v.checkpoint.is_some() => {
            crate::audit_anchor::verify(&store, &v)
        }
        AuditCommand::Keygen(k) => crate::audit_anchor::keygen(&k),
        AuditCommand::Checkpoint(c) => crate::audit_anchor::checkpoint(&store, &c),
        AuditCommand::Verify(_) => match store.audit_verify()? {
            AuditCheck::Intact { records, head } => {
                outln!(
                    "{}",
                    t("audit_intact")
                        .replace("{n}", &records.to_string())
                        .replace("{hash}", head.as_deref().unwrap_or("-"))
                );
                Ok(Outcome::NoHit)
            }
            AuditCheck::Broken {
                seq,
                problem,
                intact_before,
            } => bail!(
                "{}",
                t("audit_broken")
                    .replace("{store}", store.location())
                    .replace("{seq}", &seq.to_string())
                    .replace("{problem}", &problem)
                    .replace("{n}", &intact_before.to_string())
            ),
        },
        AuditCommand::Export(e) => {
            // To a file: whole or not at all (a temporary file renamed when complete).
            match &e.output {
                Some(p) => {
                    let mut f = AtomicFile::create(p)?;
                    let n = export(&store, e.format, &mut f)?;
                    f.commit()?;
                    eprintln!("{}", t("audit_exported").replace("{n}", &n.to_string()));
                }
                None => {
                    export(&store, e.format, &mut std::io::stdout().lock())?;
                }
            }
            Ok(Outcome::NoHit)
        }
    }
}

/// Writes the audit log in `format`; returns how many records.
fn export(store: &SqlStore, format: ExportFormat, sink: &mut dyn Write) -> anyhow::Result<u64> {
    let mut out = BufWriter::new(sink);
    let n = match format {
        ExportFormat::Jsonl => for_each_audit(store, |r| {
            writeln!(out, "{}", r.to_json())?;
            Ok(())
        })?,
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(namesake_store::AUDIT_COLUMNS)?;
            let n = for_each_audit(store, |r| {
                w.write_record(r.csv_fields())?;
                Ok(())
            })?;
            w.flush()?;
            n
        }
    };
    out.flush()?;
    Ok(n)
}

/// Calls `f` on every audit record in order, a page at a time; returns how many.
fn for_each_audit(
    store: &SqlStore,
    mut f: impl FnMut(&namesake_store::AuditRecord) -> anyhow::Result<()>,
) -> anyhow::Result<u64> {
    let mut after = 0;
    let mut n = 0;
    loop {
        let page = store.audit_records(after, 10_000)?;
        let Some(last) = page.last() else {
            return Ok(n);
        };
        after = last.seq;
        for r in &page {
            f(r)?;
            n += 1;
        }
    }
}

pub fn decide(a: DecideArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let store = open_store(db)?;
    let key = a.subject_key.trim().to_string();
    if !(key.starts_with("id:") || key.starts_with("nd:")) {
        eprintln!(
            "{}",
            t("not_a_subject_key").replace("{key}", &format!("{key:?}"))
        );
    }
    let verdict = if a.false_positive {
        Verdict::FalsePositive
    } else {
        Verdict::TrueMatch
    };
    let entity_id = a.entity_id.trim().to_string();
    let evidence = crate::decisions::check_hit(&store, &key, &entity_id, a.force)?;
    let d = store.decide(&NewDecision {
        subject_key: key,
        entity_id,
        verdict,
        reason: match &evidence {
            Some(_) => a.reason.clone(),
            None => format!("{} [--force: never reported as a hit]", a.reason),
        },
        by: a.by.clone().unwrap_or_else(who),
        entity_hash: None,
    })?;
    let verdict = t(match d.verdict {
        Verdict::FalsePositive => "verdict_false_positive",
        Verdict::TrueMatch => "verdict_true_match",
        Verdict::Revoked => "decision_revocation",
        Verdict::Escalated => "verdict_escalated",
    });
    outln!(
        "{}",
        t("decision_recorded")
            .replace("{id}", &d.id.to_string())
            .replace("{key}", &d.subject_key)
            .replace("{entity}", &d.entity_id)
            .replace("{verdict}", &verdict)
            .replace("{by}", &d.by)
            .replace(
                "{hash}",
                d.entity_hash
                    .as_deref()
                    .and_then(|h| h.get(..12))
                    .unwrap_or("?")
            )
    );
    if let Some(e) = &evidence {
        outln!("  {}", crate::decisions::evidence_text(e));
    }
    Ok(Outcome::NoHit)
}

pub fn subjects(a: SubjectsArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    match a.command {
        SubjectsCommand::Import(i) => {
            let mut rdr = csv::ReaderBuilder::new()
                .flexible(true)
                .from_path(&i.file)
                .with_context(|| format!("cannot read {}", i.file.display()))?;
            let header = rdr
                .headers()
                .with_context(|| format!("{}: cannot read the header row", i.file.display()))?
                .clone();
            let cols = Columns::from_header(&header)
                .map_err(|e| anyhow::anyhow!("{}: {e}", i.file.display()))?;
            let mut subjects = Vec::new();
            let mut skipped = 0;
            for (n, rec) in rdr.records().enumerate() {
                let rec = rec.with_context(|| format!("{}: row {}", i.file.display(), n + 2))?;
                let row = parse_query_row(&cols, &rec);
                if row.query.all_names().is_empty() && row.query.identifiers.is_empty() {
                    skipped += 1;
                    subjects.push(None);
                    continue;
                }
                subjects.push(Some(Subject {
                    key: namesake_store::subject_key(row.id.as_deref(), &row.query),
                    row_id: row.id,
                    query: row.query,
                }));
            }
            let subjects = crate::duplicates::registrable(&i.file, subjects, i.on_duplicate)?;
            if skipped > 0 {
                eprintln!(
                    "{}",
                    t("subjects_skipped")
                        .replace("{file}", &i.file.display().to_string())
                        .replace("{n}", &skipped.to_string())
                );
            }
            let store = open_store(db)?;
            let r = store.import_subjects(&subjects, &i.file.display().to_string(), i.replace)?;
            outln!(
                "{}",
                t("subjects_read")
                    .replace("{n}", &r.rows.to_string())
                    .replace("{changed}", &r.new_or_changed.to_string())
                    .replace("{total}", &r.total.to_string())
                    .replace("{store}", store.location())
            );
            Ok(Outcome::NoHit)
        }
    }
}

pub fn rescreen(a: RescreenArgs, db: Option<&str>) -> anyhow::Result<Outcome> {
    let threshold = a.threshold.unwrap_or(DEFAULT_THRESHOLD);
    if namesake_screening::options::score("--threshold", f64::from(threshold)).is_err() {
        bail!(crate::i18n::tf("threshold_range", &[("value", &threshold)]));
    }
    let store = open_store(db)?;
    if store.current_versions()?.is_empty() {
        bail!(crate::i18n::tf(
            "rescreen_no_list",
            &[("store", &store.location())]
        ));
    }
    let started = Instant::now();
    let r = namesake_store::rescreen::rescreen(
        &store,
        &RescreenOptions {
            threshold,
            limit: a.limit,
            who: who(),
            baseline: a.baseline,
        },
    )?;
    let changes: Vec<String> = r
        .changes
        .iter()
        .map(|c| match c.from {
            Some(f) => crate::i18n::tf(
                "rescreen_change",
                &[
                    ("list", &c.list),
                    ("from", &f),
                    ("to", &c.to),
                    ("added", &c.added),
                    ("changed", &c.changed),
                ],
            ),
            None => crate::i18n::tf(
                "rescreen_new_list",
                &[("list", &c.list), ("to", &c.to), ("added", &c.added)],
            ),
        })
        .collect();
    let secs = |d: std::time::Duration| format!("{:.2}", d.as_secs_f64());
    let listed_changes = if changes.is_empty() {
        String::new()
    } else {
        format!(" ({})", changes.join("; "))
    };
    eprintln!(
        "{}",
        crate::i18n::tf(
            "rescreen_summary",
            &[
                ("run", &r.run.id),
                ("known", &r.known_subjects),
                (
                    "entities",
                    &r.changes.iter().map(|c| c.added + c.changed).sum::<usize>(),
                ),
                ("changes", &listed_changes),
                ("new", &r.new_subjects),
                ("alerts", &r.alerts.len()),
                ("decided", &r.decided),
                ("secs", &secs(started.elapsed())),
                ("load", &secs(r.timings.load)),
                ("index", &secs(r.timings.build)),
                ("screen", &secs(r.timings.screen)),
                ("record", &secs(r.timings.record)),
            ],
        )
    );
    // Deliver first, then mark delivered: a failed or killed write leaves the alerts waiting
    // for the next run, which emits them again (`redelivered`).
    let alerts: Vec<&Alert> = r.redelivered.iter().chain(&r.alerts).collect();
    if !r.redelivered.is_empty() {
        eprintln!(
            "{}",
            crate::i18n::tf("rescreen_redelivered", &[("n", &r.redelivered.len())])
        );
    }
    crate::faults::pause(
        crate::faults::PAUSE_DELIVERY_ENV,
        "after the run is committed, before its alerts are written",
    );
    match &a.output {
        Some(p) => {
            let mut f = AtomicFile::create(p)?;
            write_alerts(&mut f, &alerts, true)?;
            f.commit()?;
        }
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            write_alerts(&mut out, &alerts, a.json)?;
            out.flush()?;
        }
    }
    store.mark_delivered(r.run.id)?;
    Ok(if alerts.is_empty() {
        Outcome::NoHit
    } else {
        Outcome::Hit
    })
}

/// Alerts as JSON lines, or as a table for a person.
fn write_alerts(out: &mut dyn Write, alerts: &[&Alert], json: bool) -> anyhow::Result<()> {
    if json {
        for al in alerts {
            writeln!(out, "{}", serde_json::to_string(al)?)?;
        }
    } else if !alerts.is_empty() {
        writeln!(
            out,
            "{:<22} {:<18} {:<6} {:<12} name (matched name)",
            "subject", "entity", "score", "reason"
        )?;
        for al in alerts {
            let matched = if al.matched_name != al.name {
                format!(" ({})", al.matched_name)
            } else {
                String::new()
            };
            writeln!(
                out,
                "{:<22} {:<18} {:<6.3} {:<12} {}{matched}",
                al.subject_key, al.entity_id, al.score, al.reason, al.name
            )?;
        }
    }
    Ok(())
}

/// What screening needs besides the query: the index, where it came from, the decisions and
/// where to audit.
pub struct ScreenContext {
    /// The index.
    pub index: Index,
    /// The list versions screened against, for the audit log.
    pub list_versions: Value,
    /// Decisions, to mark known false positives suppressed.
    pub decisions: Decisions,
    /// The store, when auditing.
    pub audit: Option<SqlStore>,
    /// Lists of the store older than their configured age (warned about on stderr).
    pub stale: Vec<crate::stale::StaleList>,
    /// With `--no-audit`, the store that notes the screening ran unaudited.
    pub unaudited: Option<SqlStore>,
}

impl ScreenContext {
    /// The index over the store's current versions (cached by their content hashes).
    pub fn from_store(
        db: Option<&str>,
        no_cache: bool,
        no_audit: bool,
    ) -> anyhow::Result<ScreenContext> {
        let store = open_store(db)?;
        let mut current = store.current_versions()?;
        if current.is_empty() {
            current = first_run_fetch(&store, db)?;
        }
        let index = store_index(&store, &current, no_cache)?;
        let stale = crate::stale::warn(&current)?;
        Ok(ScreenContext {
            index,
            list_versions: versions_json(&current),
            decisions: store.decisions()?,
            unaudited: None,
            audit: Some(store),
            stale,
        }
        .unaudited_if(no_audit))
    }

    /// The index over list files; the store only for decisions and the audit log.
    pub fn from_files(
        src: &crate::args::ListSource,
        db: Option<&str>,
        no_audit: bool,
    ) -> anyhow::Result<ScreenContext> {
        let index = crate::loading::load_index(src)?;
        let mut versions = Vec::new();
        for p in &src.lists {
            let (files, hash) = list_files_hash(p)?;
            versions.push(json!({
                "files": files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
                "content_hash": hash,
            }));
        }
        for (v, meta) in versions.iter_mut().zip(index.lists()) {
            v["list"] = json!(meta.info.code);
            v["published"] = json!(meta.info.published);
        }
        let (decisions, audit) = if no_audit {
            (Decisions::default(), crate::unaudited::store_for(db))
        } else {
            let store = open_store(db)
                .context("the audit log (pass --no-audit to screen without recording)")?;
            (store.decisions()?, Some(store))
        };
        Ok(ScreenContext {
            index,
            list_versions: Value::Array(versions),
            decisions,
            audit,
            stale: Vec::new(),
            unaudited: None,
        }
        .unaudited_if(no_audit))
    }

    /// With `--no-audit`, moves the store from auditing to noting that the screening ran
    /// unaudited.
    fn unaudited_if(mut self, no_audit: bool) -> ScreenContext {
        if no_audit {
            self.unaudited = self.audit.take();
        }
        self
    }
}

fn store_index(store: &SqlStore, current: &[ListVersion], no_cache: bool) -> anyhow::Result<Index> {
    let mut h = Sha256::new();
    h.update(FORMAT_VERSION.to_le_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    for v in current {
        h.update(v.list.as_bytes());
        h.update([0]);
        h.update(v.content_hash.as_bytes());
        h.update([0]);
    }
    let key: String = hex(&h.finalize()[..16]);
    let path = (!no_cache)
        .then(data_dir)
        .flatten()
        .map(|d| d.join("cache").join(format!("store-{key}.idx")));
    cached_index(path, "from the store", || {
        Ok(namesake_screening::stored_index(store, current)?)
    })
}

/// A fresh machine: fetch the default lists (saying so) before the first screening; offline,
/// say exactly how to import a file instead.
fn first_run_fetch(store: &SqlStore, db: Option<&str>) -> anyhow::Result<Vec<ListVersion>> {
    let how = format!(
        "no list imported in {}. Import a list file with `namesake import FILE` (the UN XML, \
         OFAC's sdn.csv or XML, the UK, Canada, Australia, Türkiye or your own CSV), or screen \
         against files directly with `--list FILE`",
        store.location()
    );
    if std::env::var_os("NAMESAKE_OFFLINE").is_some_and(|v| !v.is_empty()) {
        bail!("{how} (NAMESAKE_OFFLINE is set, so nothing was downloaded)");
    }
    eprintln!(
        "no list imported yet: fetching the default lists from their publishers (namesake update)…"
    );
    let reports = crate::update::update(&[], None, db)?;
    for r in &reports {
        eprintln!("  {}: {} — {}", r.code, r.status, r.message);
    }
    let current = store.current_versions()?;
    if current.is_empty() {
        bail!("{how}; the download failed (offline?)");
    }
    Ok(current)
}
