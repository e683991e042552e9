//! `namesake-bench`: whole-run benchmarks (the figures in BENCHMARKS.md).
//!
//! - `whole-run`: UN + OFAC SDN from `../shared/data`: list parse, index build, save and load,
//!   batch throughput over the eval sets on all cores, single-query latency percentiles, peak memory.
//! - `scale`: the same on a reproducible synthetic list of N entities (default 1,000,000).
//! - `ftm-ingest`: the synthetic list written as FollowTheMoney JSON lines to a temporary file,
//!   then read through the sources' reader and indexed: times and peak memory (issue 18).
//! - `rescreen`: N synthetic subjects registered in SQLite or PostgreSQL and re-screened after
//!   an update of the list that changed and added entities: times per phase, peak memory
//!   (issue 18).
//!
//! Run it on a release build: `cargo run --release -p namesake-eval --bin namesake-bench -- whole-run`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Parser, Subcommand};
use namesake_eval::synth::{person_name, synthetic_list, Rng};
use namesake_eval::{find_data_dir, read_rows};
use namesake_index::{Index, ScreenOptions};
use namesake_model::Query;
use rayon::prelude::*;

#[derive(Parser)]
struct Args {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// UN + OFAC SDN and the eval sets.
    WholeRun {
        /// The shared data directory (default: found beside the checkout).
        #[arg(long)]
        data: Option<PathBuf>,
        /// Single queries timed for the latency percentiles.
        #[arg(long, default_value_t = 5000)]
        samples: usize,
    },
    /// A synthetic list of N entities.
    Scale {
        /// Number of entities.
        #[arg(long, default_value_t = 1_000_000)]
        entities: usize,
        /// Generator seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Single queries timed.
        #[arg(long, default_value_t = 2000)]
        samples: usize,
        /// Keep the saved index at this path (for `open`).
        #[arg(long)]
        keep_index: Option<PathBuf>,
    },
    /// Opens a saved index in a fresh process (what a server restart does) and screens
    /// generated names not on any list: open and first-query time, resident memory, latency.
    Open {
        /// The index file (`scale --keep-index`).
        path: PathBuf,
        /// Generator seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Single queries timed.
        #[arg(long, default_value_t = 2000)]
        samples: usize,
    },
    /// The synthetic list as FtM JSON lines: read and index it.
    FtmIngest {
        /// Number of entities.
        #[arg(long, default_value_t = 1_000_000)]
        entities: usize,
        /// Generator seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Registered subjects re-screened after a list update.
    Rescreen(namesake_eval::rescreen_bench::RescreenBench),
}

/// A memory figure of this process from /proc/self/status (`VmHWM`: peak, `VmRSS`: resident
/// now), in MB.
fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn peak_rss_mb() -> f64 {
    status_mb("VmHWM:")
}

fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn latencies(
    index: &Index,
    queries: &[Query],
    opts: &ScreenOptions,
) -> (Duration, Duration, Duration) {
    let mut timed: Vec<(Duration, usize)> = queries
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let t = Instant::now();
            std::hint::black_box(index.screen(q, opts));
            (t.elapsed(), i)
        })
        .collect();
    timed.sort();
    if std::env::var_os("NAMESAKE_BENCH_SLOWEST").is_some() {
        for (d, i) in timed.iter().rev().take(8) {
            eprintln!("  slow: {d:.2?} {:?}", queries[*i].all_names());
        }
    }
    // For profilers: screen the slowest queries again, many times over.
    if let Some(n) = std::env::var("NAMESAKE_BENCH_REPEAT_SLOWEST")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let slow: Vec<&Query> = timed
            .iter()
            .rev()
            .take(20)
            .map(|(_, i)| &queries[*i])
            .collect();
        let t = Instant::now();
        for _ in 0..n {
            for q in &slow {
                std::hint::black_box(index.screen(q, opts));
            }
        }
        eprintln!(
            "  the 20 slowest, {n} times over: {:.2?} each on average",
            t.elapsed() / (n * slow.len()).max(1) as u32
        );
    }
    let times: Vec<Duration> = timed.into_iter().map(|(d, _)| d).collect();
    (
        percentile(&times, 0.5),
        percentile(&times, 0.99),
        *times.last().unwrap_or(&Duration::ZERO),
    )
}

/// Saves the index to a temporary file and loads it back: (save time, load time, file size, the
/// loaded index). With `free_first` the built index is dropped before loading, as a restart
/// would; otherwise both are in memory together.
fn save_load(
    index: Index,
    free_first: bool,
    keep: Option<&std::path::Path>,
) -> anyhow::Result<(Duration, Duration, u64, Index)> {
    let dir = std::env::temp_dir().join(format!("namesake-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = keep.map_or_else(|| dir.join("bench.idx"), |p| p.to_path_buf());
    let t = Instant::now();
    index.save(&path)?;
    let save = t.elapsed();
    let kept = (!free_first).then_some(index);
    let size = std::fs::metadata(&path)?.len();
    let t = Instant::now();
    let loaded = Index::load(&path)?;
    let load = t.elapsed();
    drop(kept);
    let _ = std::fs::remove_dir_all(&dir);
    Ok((save, load, size, loaded))
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    println!(
        "machine: {} cores (rayon threads: {})",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        rayon::current_num_threads()
    );
    match args.cmd {
        Cmd::WholeRun { data, samples } => {
            let data = match data {
                Some(d) => d,
                None => find_data_dir(&std::env::current_dir()?)
                    .context("no shared/data found: pass --data DIR")?,
            };
            let t = Instant::now();
            let mut lists = Vec::new();
            for f in ["un_sc_consolidated_2026-02-27.xml", "ofac_sdn.csv"] {
                let p = data.join("lists").join(f);
                let parsed = namesake_sources::load(&p).with_context(|| p.display().to_string())?;
                lists.push((parsed.info, parsed.entities));
            }
            let parse = t.elapsed();
            let t = Instant::now();
            let index = Index::build(lists);
            let build = t.elapsed();
            let (save, load, size, index) = save_load(index, false, None)?;
            println!(
                "lists: UN + OFAC SDN: {} entities, {} names, {} tokens",
                index.entities().len(),
                index.name_count(),
                index.token_count()
            );
            println!("parse {parse:.2?}, index build {build:.2?}, save {save:.2?}, load {load:.2?} ({:.1} MB on disk)", size as f64 / 1e6);
            let opts = ScreenOptions::default();
            for set in ["negatives_us.csv", "positives_un_untreated.csv"] {
                let rows = read_rows(&data.join("eval").join(set))?;
                let queries: Vec<Query> = rows.into_iter().map(|(_, r)| r.query).collect();
                let t = Instant::now();
                let hits: usize = queries
                    .par_iter()
                    .map(|q| usize::from(!index.screen(q, &opts).is_empty()))
                    .sum();
                let el = t.elapsed();
                println!(
                    "batch {set}: {} rows in {el:.2?} = {:.0} queries/s on {} threads; rows with a hit: {hits}",
                    queries.len(),
                    queries.len() as f64 / el.as_secs_f64(),
                    rayon::current_num_threads()
                );
                let sample: Vec<Query> = queries.iter().take(samples).cloned().collect();
                let (p50, p99, max) = latencies(&index, &sample, &opts);
                println!("single-query latency over {} queries of {set} (one thread): p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}", sample.len());
            }
            println!("peak memory (VmHWM): {:.0} MB", peak_rss_mb());
        }
        Cmd::Scale {
            entities,
            seed,
            samples,
            keep_index,
        } => {
            let t = Instant::now();
            let (info, ents) = synthetic_list(entities, seed);
            let gen = t.elapsed();
            // Queries: names taken from the list with a typo, and names not on it.
            let mut rng = Rng::new(seed ^ 0x5eed);
            let mut queries = Vec::new();
            let mut expected = Vec::new();
            for i in 0..samples {
                if i % 2 == 0 {
                    let e = &ents[rng.below(ents.len())];
                    let mut name: Vec<char> = e.names[0].full.chars().collect();
                    if name.len() > 8 && e.names[0].full.is_ascii() {
                        let p = 2 + rng.below(name.len() - 4);
                        name.swap(p, p + 1);
                    }
                    queries.push(Query::name(name.into_iter().collect::<String>()));
                    expected.push(Some((e.id.clone(), e.names[0].full.clone())));
                } else {
                    let script = rng.below(7);
                    queries.push(Query::name(person_name(&mut rng, script)));
                    expected.push(None);
                }
            }
            let t = Instant::now();
            let index = Index::build(vec![(info, ents)]);
            let build = t.elapsed();
            println!("synthetic list: {entities} entities (seed {seed}), {} names, {} tokens; generated in {gen:.2?}", index.name_count(), index.token_count());
            println!(
                "index build {build:.2?}; peak memory so far {:.0} MB",
                peak_rss_mb()
            );
            // Save, free the built index, load it back: what a server restart does.
            let (save, load, size, index) = save_load(index, true, keep_index.as_deref())?;
            let opts = ScreenOptions::default();
            let t = Instant::now();
            std::hint::black_box(index.screen(&queries[0], &opts));
            let first = t.elapsed();
            println!(
                "save {save:.2?}, load {load:.2?} ({:.0} MB on disk); first query {first:.2?}: open + first query {:.2?}",
                size as f64 / 1e6,
                load + first
            );
            println!(
                "resident memory after load and one query (VmRSS): {:.0} MB",
                rss_mb()
            );
            // Diagnostics: screen only these names ('|' between them), timed one by one.
            if let Ok(names) = std::env::var("NAMESAKE_BENCH_ONLY") {
                for n in names.split('|') {
                    let q = Query::name(n);
                    let t = Instant::now();
                    let hits = index.screen(&q, &opts);
                    println!(
                        "{n:?}: {:.2?}, {} hits, best {:?}",
                        t.elapsed(),
                        hits.len(),
                        hits.first().map(|h| (&h.matched_name, h.score))
                    );
                }
                return Ok(());
            }
            let (p50, p99, max) = latencies(&index, &queries, &opts);
            println!("single-query latency over {} queries (one thread): p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}", queries.len());
            println!(
                "resident memory after {} queries (VmRSS): {:.0} MB",
                queries.len() + 1,
                rss_mb()
            );
            let t = Instant::now();
            let results: Vec<_> = queries.par_iter().map(|q| index.screen(q, &opts)).collect();
            let el = t.elapsed();
            println!(
                "batch: {:.0} queries/s on {} threads",
                queries.len() as f64 / el.as_secs_f64(),
                rayon::current_num_threads()
            );
            let found = results
                .iter()
                .zip(&expected)
                // Generated names repeat across entities: finding the name (on whichever entity
                // carries it, all scoring alike) is what recall means here.
                .filter(|(h, e)| {
                    e.as_ref().is_some_and(|(id, name)| {
                        h.iter()
                            .any(|x| &x.entity_id == id || &x.matched_name == name)
                    })
                })
                .count();
            let wanted = expected.iter().filter(|e| e.is_some()).count();
            println!("recall on listed names with a transposition typo (the name among the hits): {found}/{wanted}");
            if std::env::var_os("NAMESAKE_BENCH_MISSES").is_some() {
                for ((h, e), q) in results.iter().zip(&expected).zip(&queries) {
                    if let Some((id, name)) = e {
                        if !h
                            .iter()
                            .any(|x| &x.entity_id == id || &x.matched_name == name)
                        {
                            println!("  missed {:?} (listed {name:?})", q.all_names());
                        }
                    }
                }
            }
            println!("peak memory (VmHWM): {:.0} MB", peak_rss_mb());
        }
        Cmd::Open {
            path,
            seed,
            samples,
        } => open(&path, seed, samples)?,
        Cmd::FtmIngest { entities, seed } => {
            let r = namesake_eval::ftm_lines::ingest(entities, seed, peak_rss_mb)?;
            println!("{r}");
        }
        Cmd::Rescreen(cfg) => {
            println!("{}", namesake_eval::rescreen_bench::run(&cfg, peak_rss_mb)?);
        }
    }
    Ok(())
}

/// `open`: a saved index opened in this fresh process, screened with generated names.
fn open(path: &std::path::Path, seed: u64, samples: usize) -> anyhow::Result<()> {
    let mut rng = Rng::new(seed ^ 0x0be2);
    // Diagnostics: only these names ('|' between them), each screened `samples` times.
    let only: Option<Vec<Query>> = std::env::var("NAMESAKE_BENCH_ONLY")
        .ok()
        .map(|names| names.split('|').map(Query::name).collect());
    let queries: Vec<Query> = match only {
        Some(qs) => qs
            .iter()
            .cycle()
            .take(samples.max(1) * qs.len())
            .cloned()
            .collect(),
        None => (0..samples.max(1))
            .map(|_| {
                let script = rng.below(7);
                Query::name(person_name(&mut rng, script))
            })
            .collect(),
    };
    let opts = ScreenOptions::default();
    let t = Instant::now();
    let index = Index::load(path)?;
    let load = t.elapsed();
    let t = Instant::now();
    std::hint::black_box(index.screen(&queries[0], &opts));
    let first = t.elapsed();
    println!(
        "{}: {} entities; open {load:.2?}, first query {first:.2?}: open + first query {:.2?}",
        path.display(),
        index.entities().len(),
        load + first
    );
    println!(
        "resident memory after open and one query (VmRSS): {:.0} MB",
        rss_mb()
    );
    let (p50, p99, max) = latencies(&index, &queries, &opts);
    println!("single-query latency over {} generated names (one thread): p50 {p50:.2?}, p99 {p99:.2?}, max {max:.2?}", queries.len());
    println!(
        "resident memory after {} queries (VmRSS): {:.0} MB; peak (VmHWM) {:.0} MB",
        queries.len() + 1,
        rss_mb(),
        peak_rss_mb()
    );
    Ok(())
}
