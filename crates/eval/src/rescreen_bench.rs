//! Re-screening at scale (issue 18): N synthetic subjects registered in a fresh store, a
//! synthetic list imported and recorded as screened (a baseline run), then a new version of the
//! list with some entities changed and some added, and the re-screening run that follows, timed
//! phase by phase with its peak memory.
//!
//! Some added entities carry the names of registered subjects, so the run raises alerts; the
//! changed entities get fresh generated names, which may match subjects by chance, as a real
//! update would.

use std::fmt;
use std::time::{Duration, Instant};

use anyhow::Context;
use namesake_model::{DateSpec, Entity, Name, NameKind, PartialDate, Query, Schema};
use namesake_store::rescreen::{rescreen, RescreenOptions, Timings};
use namesake_store::{NewList, Store, Subject};

use crate::synth::{person_name, synthetic_list, Rng};

/// Subjects generated and registered per import (one transaction each).
const REGISTER_BATCH: usize = 100_000;

/// What to run (also the `namesake-bench rescreen` arguments).
#[derive(Debug, Clone, clap::Args)]
pub struct RescreenBench {
    /// Registered subjects.
    #[arg(long, default_value_t = 1_000_000)]
    pub subjects: usize,
    /// Entities on the list.
    #[arg(long, default_value_t = 10_000)]
    pub entities: usize,
    /// Entities whose names the update changes.
    #[arg(long, default_value_t = 250)]
    pub changed: usize,
    /// Entities the update adds.
    #[arg(long, default_value_t = 250)]
    pub added: usize,
    /// Of the added, how many carry a registered subject's name.
    #[arg(long, default_value_t = 50)]
    pub planted: usize,
    /// Generator seed.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// A `postgres://` URL (an empty database) or an SQLite file path (default: a temporary
    /// SQLite file).
    #[arg(long)]
    pub store: Option<String>,
}

/// What it measured.
#[derive(Debug, Clone)]
pub struct RescreenBenchReport {
    /// The store, password hidden.
    pub location: String,
    /// Subjects registered.
    pub subjects: usize,
    /// Generating and registering them.
    pub register: Duration,
    /// The baseline run (records everyone as screened against the first version).
    pub baseline: Duration,
    /// Importing the updated list.
    pub import: Duration,
    /// The re-screening run, whole.
    pub rescreen: Duration,
    /// Its phases.
    pub timings: Timings,
    /// Entities added and changed, as the run saw them.
    pub added: usize,
    /// See [`RescreenBenchReport::added`].
    pub changed: usize,
    /// Subjects the run screened against the changes.
    pub known_subjects: u64,
    /// Alerts it raised.
    pub alerts: usize,
    /// Of the planted names, how many subjects were alerted on their entity.
    pub planted_found: usize,
    /// Planted names.
    pub planted: usize,
    /// Peak memory during the run (VmHWM, reset before it when the kernel allows).
    pub peak_mb: f64,
    /// Whether the peak was reset before the run (otherwise it covers registration too).
    pub peak_reset: bool,
}

fn subject_query(rng: &mut Rng) -> Query {
    const COUNTRIES: [&str; 8] = ["gb", "de", "fr", "tr", "ru", "cn", "us", "ir"];
    let script = rng.below(7);
    let mut q = Query::name(person_name(rng, script));
    q.schema = Schema::Person;
    let year = 1940 + rng.below(65) as i32;
    let d = PartialDate::ymd(year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8)
        .unwrap_or(PartialDate::year(year));
    q.birth_dates.push(DateSpec::single(d));
    q.countries
        .push(COUNTRIES[rng.below(COUNTRIES.len())].to_string());
    q
}

/// Registers `n` subjects in batches; returns the names of `planted` of them, spread evenly.
fn register(
    store: &dyn Store,
    n: usize,
    planted: usize,
    seed: u64,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut rng = Rng::new(seed ^ 0x5ab1);
    let every = (n / planted.max(1)).max(1);
    let mut names = Vec::new();
    let mut start = 0;
    while start < n {
        let end = (start + REGISTER_BATCH).min(n);
        let batch: Vec<Subject> = (start..end)
            .map(|i| {
                let query = subject_query(&mut rng);
                if i % every == every / 2 && names.len() < planted {
                    names.push((format!("id:{i}"), query.names[0].clone()));
                }
                Subject {
                    key: format!("id:{i}"),
                    row_id: Some(i.to_string()),
                    query,
                }
            })
            .collect();
        store
            .import_subjects(&batch, "synthetic-subjects", false)
            .context("registering subjects")?;
        start = end;
    }
    Ok(names)
}

/// The updated list: `changed` entities renamed, `added` new ones (the first of them named
/// after the planted subjects).
fn updated(
    v1: &[Entity],
    cfg: &RescreenBench,
    planted: &[(String, String)],
) -> (Vec<Entity>, Vec<String>) {
    let mut rng = Rng::new(cfg.seed ^ 0xc4a9);
    let mut v2 = v1.to_vec();
    let step = (v2.len() / cfg.changed.max(1)).max(1);
    for e in v2.iter_mut().step_by(step).take(cfg.changed) {
        let script = rng.below(7);
        e.names[0] = Name::new(person_name(&mut rng, script), NameKind::Primary);
    }
    let mut planted_ids = Vec::new();
    for i in 0..cfg.added {
        let mut e = Entity::new("synth", &format!("added-{i}"), Schema::Person);
        let name = match planted.get(i) {
            Some((_, name)) => {
                planted_ids.push(e.id.clone());
                name.clone()
            }
            None => {
                let script = rng.below(7);
                person_name(&mut rng, script)
            }
        };
        e.names.push(Name::new(name, NameKind::Primary));
        v2.push(e);
    }
    (v2, planted_ids)
}

fn import(store: &dyn Store, entities: &[Entity], hash: &str) -> anyhow::Result<()> {
    let info = namesake_model::ListInfo {
        code: "synth".into(),
        name: "synthetic list".into(),
        format: "synthetic".into(),
        published: None,
    };
    store
        .import_list(&NewList {
            list: "synth",
            info: &info,
            entities,
            content_hash: hash,
            source: "synthetic",
        })
        .context("importing the list")?;
    Ok(())
}

/// Resets the process's peak resident memory (VmHWM) to the current one: Linux's
/// `/proc/self/clear_refs`, value 5. False when the kernel refuses.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

fn options(baseline: bool) -> RescreenOptions {
    RescreenOptions {
        threshold: 0.7,
        limit: 10,
        who: "namesake-bench".into(),
        baseline,
    }
}

/// Runs the benchmark; `peak_mb` reads the peak resident memory.
pub fn run(cfg: &RescreenBench, peak_mb: fn() -> f64) -> anyhow::Result<RescreenBenchReport> {
    let dir = tempfile::tempdir()?;
    let location = match &cfg.store {
        Some(l) => l.clone(),
        None => dir.path().join("bench.db").display().to_string(),
    };
    let store = namesake_store::open(&location).with_context(|| location.clone())?;
    anyhow::ensure!(
        store.subject_counts(0)?.total == 0 && store.current_versions()?.is_empty(),
        "{}: not an empty store",
        store.location()
    );
    let t = Instant::now();
    let planted = register(&store, cfg.subjects, cfg.planted.min(cfg.added), cfg.seed)?;
    let register_time = t.elapsed();

    let (_, v1) = synthetic_list(cfg.entities, cfg.seed);
    import(&store, &v1, "v1")?;
    let t = Instant::now();
    rescreen(&store, &options(true))?;
    let baseline = t.elapsed();

    let (v2, planted_ids) = updated(&v1, cfg, &planted);
    drop(v1);
    let t = Instant::now();
    import(&store, &v2, "v2")?;
    let import_time = t.elapsed();
    drop(v2);

    let peak_reset = reset_peak();
    let t = Instant::now();
    let r = rescreen(&store, &options(false))?;
    let rescreen_time = t.elapsed();
    let peak = peak_mb();
    store.mark_delivered(r.run.id)?;

    let planted_found = planted
        .iter()
        .zip(&planted_ids)
        .filter(|((key, _), id)| {
            r.alerts
                .iter()
                .any(|a| &a.subject_key == key && &a.entity_id == *id)
        })
        .count();
    Ok(RescreenBenchReport {
        location: store.location().to_string(),
        subjects: cfg.subjects,
        register: register_time,
        baseline,
        import: import_time,
        rescreen: rescreen_time,
        timings: r.timings.clone(),
        added: r.changes.iter().map(|c| c.added).sum(),
        changed: r.changes.iter().map(|c| c.changed).sum(),
        known_subjects: r.known_subjects,
        alerts: r.alerts.len(),
        planted_found,
        planted: planted_ids.len(),
        peak_mb: peak,
        peak_reset,
    })
}

impl fmt::Display for RescreenBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.timings;
        writeln!(f, "store: {}", self.location)?;
        writeln!(
            f,
            "register {} subjects: {:.2?} ({:.0} subjects/s)",
            self.subjects,
            self.register,
            self.subjects as f64 / self.register.as_secs_f64()
        )?;
        writeln!(
            f,
            "baseline run {:.2?}; import of the update {:.2?}",
            self.baseline, self.import
        )?;
        writeln!(
            f,
            "update: {} added, {} changed; re-screening {} subjects: {:.2?} \
             (load {:.2?}, build {:.2?}, screen {:.2?}, record {:.2?})",
            self.added,
            self.changed,
            self.known_subjects,
            self.rescreen,
            t.load,
            t.build,
            t.screen,
            t.record
        )?;
        writeln!(
            f,
            "alerts {}; planted names found {}/{}",
            self.alerts, self.planted_found, self.planted
        )?;
        write!(
            f,
            "peak memory during the re-screening (VmHWM{}): {:.0} MB",
            if self.peak_reset {
                ", reset before it"
            } else {
                ", NOT reset: includes registration"
            },
            self.peak_mb
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn peak() -> f64 {
        0.0
    }

    #[test]
    fn small_run_alerts_every_planted_name_on_sqlite() {
        let cfg = RescreenBench {
            subjects: 2_000,
            entities: 500,
            changed: 25,
            added: 25,
            planted: 10,
            seed: 7,
            store: None,
        };
        let r = run(&cfg, peak).unwrap();
        assert_eq!((r.added, r.changed), (25, 25));
        assert_eq!(r.known_subjects, 2_000);
        assert_eq!(r.planted, 10);
        assert_eq!(r.planted_found, 10, "{r}");
        assert!(r.alerts >= 10);
    }
}
