//! `namesake compare`: the score of one name against another, without list context.

use std::io::{BufWriter, Write};

use anyhow::{bail, Context};
use namesake_matcher::DEFAULT_THRESHOLD;
use namesake_model::Schema;
use serde_json::json;

use crate::args::CompareArgs;
use crate::Outcome;

pub use namesake_screening::compare::{compare, compare_score};

fn schema_of(s: Option<&str>) -> anyhow::Result<Schema> {
    Ok(match s {
        Some(s) => s.parse::<Schema>()?,
        None => Schema::Unknown,
    })
}

pub fn run(a: CompareArgs) -> anyhow::Result<Outcome> {
    if let Some(input) = &a.input {
        return batch(input, a.output.as_deref());
    }
    let (Some(n1), Some(n2)) = (&a.name1, &a.name2) else {
        bail!("give two names, or --input PAIRS.csv");
    };
    let schema = schema_of(a.schema.as_deref()).context("--type")?;
    let hit = compare(n1, n2, schema);
    let score = hit.as_ref().map_or(0.0, |h| h.score);
    let matched = score >= DEFAULT_THRESHOLD;
    if a.json {
        let v = json!({"score": namesake_index::round3(score), "match": matched, "detail": hit.as_ref().map(namesake_index::Hit::to_json)});
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        outln!("{score:.3} {}", if matched { "match" } else { "no match" });
        if let Some(e) = hit.as_ref().and_then(|h| h.explanation.as_ref()) {
            outln!("why: {}", e.summary());
        }
    }
    Ok(if matched {
        Outcome::Hit
    } else {
        Outcome::NoHit
    })
}

fn batch(input: &std::path::Path, output: Option<&std::path::Path>) -> anyhow::Result<Outcome> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .comment(Some(b'#'))
        .from_path(input)
        .with_context(|| format!("cannot read {}", input.display()))?;
    let header = rdr.headers()?.clone();
    let pos = |n: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(n));
    let (Some(c1), Some(c2)) = (pos("name1"), pos("name2")) else {
        bail!("{}: expected columns name1,name2[,schema]", input.display());
    };
    let cs = pos("schema");
    let out: Box<dyn Write> = match output {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::new(out);
    let mut any = false;
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.with_context(|| format!("{}: row {}", input.display(), i + 2))?;
        let n1 = rec.get(c1).unwrap_or("");
        let n2 = rec.get(c2).unwrap_or("");
        let schema = match schema_of(cs.and_then(|c| rec.get(c)).filter(|s| !s.trim().is_empty())) {
            Ok(s) => s,
            Err(e) => {
                eprintln!(
                    "warning: {}: line {}: {e}; compared as any type",
                    input.display(),
                    i + 2
                );
                Schema::Unknown
            }
        };
        let score = compare(n1, n2, schema).map_or(0.0, |h| h.score);
        any |= score >= DEFAULT_THRESHOLD;
        writeln!(
            out,
            "{}",
            json!({"score": namesake_index::round3(score), "match": score >= DEFAULT_THRESHOLD})
        )?;
    }
    out.flush()?;
    Ok(if any { Outcome::Hit } else { Outcome::NoHit })
}
