//! `namesake lists`: what each list holds.

use namesake_model::{count_by_schema, NameKind, Schema};
use serde_json::json;

use crate::args::ListsArgs;
use crate::loading::{check_paths, parse_lists};
use crate::Outcome;

pub fn run(a: ListsArgs) -> anyhow::Result<Outcome> {
    check_paths(&a.source.lists)?;
    let parsed = parse_lists(&a.source.lists)?;
    let mut rows = Vec::new();
    for (path, p) in a.source.lists.iter().zip(&parsed) {
        let counts = count_by_schema(&p.entities);
        let get = |s: Schema| counts.get(&s).copied().unwrap_or(0);
        let aliases: usize = p
            .entities
            .iter()
            .map(|e| {
                e.names
                    .iter()
                    .filter(|n| n.kind != NameKind::Primary)
                    .count()
            })
            .sum();
        rows.push(json!({
            "file": path.display().to_string(),
            "list": p.info.code,
            "name": p.info.name,
            "format": p.info.format,
            "published": p.info.published,
            "entities": p.entities.len(),
            "persons": get(Schema::Person),
            "organizations": get(Schema::Organization),
            "vessels": get(Schema::Vessel),
            "aircraft": get(Schema::Aircraft),
            "other": get(Schema::Unknown),
            "aliases": aliases,
            "skipped": p.skipped.len(),
        }));
    }
    if a.json {
        outln!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        for r in &rows {
            outln!(
                "{} ({}, {})",
                r["name"].as_str().unwrap_or(""),
                r["list"].as_str().unwrap_or(""),
                r["format"].as_str().unwrap_or("")
            );
            outln!("  file:          {}", r["file"].as_str().unwrap_or(""));
            outln!(
                "  published:     {}",
                r["published"].as_str().unwrap_or("not stated in the file")
            );
            outln!("  entities:      {}", r["entities"]);
            for k in ["persons", "organizations", "vessels", "aircraft", "other"] {
                if r[k].as_u64().unwrap_or(0) > 0 {
                    outln!("  {:<14} {}", format!("{k}:"), r[k]);
                }
            }
            outln!("  other names:   {}", r["aliases"]);
            if r["skipped"].as_u64().unwrap_or(0) > 0 {
                outln!(
                    "  skipped:       {} malformed record(s), listed above",
                    r["skipped"]
                );
            }
        }
    }
    Ok(Outcome::NoHit)
}
