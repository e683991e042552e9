//! `namesake screen`: one subject or a CSV batch.

use std::io::{BufWriter, IsTerminal, Write};

use anyhow::{bail, Context};
use namesake_index::{Index, ScreenOptions};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_model::{DateSpec, Gender, IdKind, Identifier, Query, Schema};
use rayon::prelude::*;
use serde_json::json;

use crate::args::ScreenArgs;
use crate::input::{parse_countries, parse_query_row, Columns};
use crate::loading::{check_paths, load_index};
use crate::output::{hit_json, print_table};
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

pub fn run(mut a: ScreenArgs) -> anyhow::Result<Outcome> {
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
    if let Some(input) = &a.input {
        let index = load_index(&a.source)?;
        return batch(&index, input, a.output.as_deref(), &opts);
    }
    let Some(name) = a.name.as_deref().filter(|n| !n.trim().is_empty()) else {
        bail!("give a NAME to screen, or --input FILE.csv for a batch");
    };
    let query = single_query(name, &a)?;
    let index = load_index(&a.source)?;
    let hits = index.screen(&query, &opts);
    if a.json {
        let v = json!({"query": query, "threshold": opts.threshold, "hits": hits.iter().map(hit_json).collect::<Vec<_>>()});
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print_table(&hits)?;
    }
    Ok(if hits.is_empty() {
        Outcome::NoHit
    } else {
        Outcome::Hit
    })
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
    index: &Index,
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
    let results: Vec<String> = rows
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
            let mut v = json!({"id": id, "hits": hits.iter().map(hit_json).collect::<Vec<_>>()});
            if !r.warnings.is_empty() {
                v["warnings"] = json!(r.warnings);
            }
            v.to_string()
        })
        .collect();
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let any_hit = results.iter().any(|l| !l.contains("\"hits\":[]"));
    let out: Box<dyn Write> = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    for l in &results {
        writeln!(out, "{l}")?;
    }
    out.flush()?;
    Ok(if any_hit {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}
