//! Evaluation of namesake on labelled sets: recall on listed people, false alarms on people who
//! are on no list, and cross-script name pairs.
//!
//! The sets live in `../shared/data/eval` (see its README). Nothing here knows any particular
//! name: expected entities are found by comparing normalised names with the list.

pub mod ftm_lines;
pub mod pairs;
pub mod rescreen_bench;
pub mod selfscreen;
pub mod synth;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context;
use namesake_cli::input::{parse_query_row, Columns};
use namesake_index::{Hit, Index, ScreenOptions};
use namesake_matcher::DEFAULT_THRESHOLD;
use rayon::prelude::*;
use serde_json::{json, Value};

/// Finds `shared/data` beside or above `start`, or from `NAMESAKE_DATA`.
pub fn find_data_dir(start: &Path) -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("NAMESAKE_DATA") {
        let d = PathBuf::from(d);
        if d.join("README.md").exists() {
            return Some(d);
        }
    }
    let mut cur = Some(start);
    while let Some(dir) = cur {
        let cand = dir.join("shared/data");
        if cand.join("README.md").exists() {
            return Some(cand);
        }
        let cand = dir.join("../shared/data");
        if cand.join("README.md").exists() {
            return Some(cand);
        }
        cur = dir.parent();
    }
    None
}

/// Parses lists from `data/lists` by file name and builds an index.
pub fn index_of(data: &Path, files: &[&str]) -> anyhow::Result<Index> {
    let mut lists = Vec::new();
    for f in files {
        let p = data.join("lists").join(f);
        let parsed =
            namesake_sources::load(&p).with_context(|| format!("loading {}", p.display()))?;
        lists.push((parsed.info, parsed.entities));
    }
    Ok(Index::build(lists))
}

/// Reads an eval CSV into (row label, query row).
pub fn read_rows(path: &Path) -> anyhow::Result<Vec<(String, namesake_cli::QueryRow)>> {
    let at = || format!("{}", path.display());
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(at)?;
    let header = rdr.headers().with_context(at)?.clone();
    let cols = Columns::from_header(&header)
        .map_err(anyhow::Error::msg)
        .with_context(at)?;
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.with_context(at)?;
        let row = parse_query_row(&cols, &rec);
        let label = row.query.all_names().first().cloned().unwrap_or_default();
        out.push((label, row));
    }
    Ok(out)
}

fn token_key(name: &str) -> Vec<String> {
    let mut t: Vec<String> = namesake_text::prepare(name, namesake_text::NameSchema::Any)
        .tokens
        .into_iter()
        .map(|t| t.text)
        .collect();
    t.sort();
    t
}

fn screen_all(
    index: &Index,
    rows: &[(String, namesake_cli::QueryRow)],
    opts: &ScreenOptions,
) -> Vec<Vec<Hit>> {
    rows.par_iter()
        .map(|(_, r)| index.screen(&r.query, opts))
        .collect()
}

/// Recall on UN-listed people: each row's top hit must be a UN entity carrying that name.
pub fn positives(index: &Index, rows: &[(String, namesake_cli::QueryRow)]) -> Value {
    let opts = ScreenOptions {
        explain: false,
        ..Default::default()
    };
    let results = screen_all(index, rows, &opts);
    let mut by_key: std::collections::HashMap<Vec<String>, HashSet<String>> = Default::default();
    for e in index.entities().iter().filter(|e| e.list == "un") {
        for n in &e.names {
            by_key
                .entry(token_key(&n.full))
                .or_default()
                .insert(e.id.clone());
        }
    }
    let (mut with_hit, mut top_ok, mut no_expected) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut absent = Vec::new();
    for ((label, _), hits) in rows.iter().zip(&results) {
        let expected = by_key.get(&token_key(label));
        if expected.is_none() {
            no_expected += 1;
        }
        if hits.iter().any(|h| h.list == "un") {
            with_hit += 1;
        }
        let ok = match (hits.first(), expected) {
            (Some(h), Some(exp)) => exp.contains(&h.entity_id),
            (Some(h), None) => h.list == "un",
            _ => false,
        };
        if ok {
            top_ok += 1;
        } else if expected.is_none() {
            // The set was drawn from an older edition: a name no UN entity carries any more
            // (delisted) is reported apart, not counted as a miss or a hit.
            absent.push(label.clone());
        } else if failures.len() < 25 {
            failures.push(json!({"name": label, "top": hits.first().map(|h| format!("{} {} {:.3}", h.entity_id, h.matched_name, h.score)), "expected": expected}));
        }
    }
    json!({"rows": rows.len(), "rows_with_un_hit": with_hit, "top_hit_is_expected": top_ok,
           "rows_without_exact_name_in_list": no_expected,
           "not_in_this_edition": absent, "failures": failures})
}

/// False alarms: rows with any hit at the default threshold.
pub fn negatives(index: &Index, rows: &[(String, namesake_cli::QueryRow)]) -> Value {
    negatives_showing(index, rows, 40)
}

/// [`negatives`], keeping up to `show` of the rows that raised a hit as examples.
pub fn negatives_showing(
    index: &Index,
    rows: &[(String, namesake_cli::QueryRow)],
    show: usize,
) -> Value {
    let opts = ScreenOptions {
        explain: true,
        limit: 3,
        ..Default::default()
    };
    let results = screen_all(index, rows, &opts);
    let mut alarms = Vec::new();
    let mut count = 0;
    for ((label, r), hits) in rows.iter().zip(&results) {
        if let Some(h) = hits.first() {
            count += 1;
            if alarms.len() < show {
                let dob = r
                    .query
                    .birth_dates
                    .first()
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                alarms.push(json!(format!(
                    "{label} ({dob}) -> {} {:.3} {}",
                    h.entity_id,
                    h.score,
                    h.explanation
                        .as_ref()
                        .map(|e| e.summary())
                        .unwrap_or_default()
                )));
            }
        }
    }
    json!({"rows": rows.len(), "rows_with_hit": count, "rate": count as f64 / rows.len().max(1) as f64, "examples": alarms})
}

/// One cross-script pair from the watchman file.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Name in its script.
    pub query: String,
    /// Latin spelling.
    pub expected: String,
    /// Section heading in the file ("Arabic to Latin", …).
    pub section: String,
}

/// Reads `cross_script_pairs.csv` (comment lines with `#` give the section).
pub fn read_pairs(path: &Path) -> anyhow::Result<Vec<Pair>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let mut section = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if c.contains(" to ") || c.starts_with("Korean") {
                section = c.split('(').next().unwrap_or(c).trim().to_string();
            }
            continue;
        }
        let cols: Vec<&str> = line.split(',').collect();
        if cols.len() >= 2 && !cols[0].is_empty() {
            out.push(Pair {
                query: cols[0].to_string(),
                expected: cols[1].to_string(),
                section: section.clone(),
            });
        }
    }
    Ok(out)
}

/// Scores each cross-script pair.
pub fn cross_script(pairs: &[Pair]) -> Value {
    let rows: Vec<Value> = pairs
        .iter()
        .map(|p| {
            let score = namesake_cli::compare::compare(&p.query, &p.expected, namesake_model::Schema::Person).map_or(0.0, |h| h.score);
            json!({"section": p.section, "query": p.query, "expected": p.expected, "score": (score * 1000.0).round() / 1000.0, "match": score >= DEFAULT_THRESHOLD})
        })
        .collect();
    let matched = rows
        .iter()
        .filter(|r| r["match"].as_bool() == Some(true))
        .count();
    json!({"pairs": rows.len(), "matched": matched, "rows": rows})
}
