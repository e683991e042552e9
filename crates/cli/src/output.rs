//! Printing hits for people and for programs.

use namesake_index::Hit;
use serde_json::{json, Value};

/// A hit as batch output and `--json` print it.
pub fn hit_json(h: &Hit) -> Value {
    json!({
        "entity_id": h.entity_id,
        "score": (h.score * 1000.0).round() / 1000.0,
        "band": h.band,
        "list": h.list,
        "name": h.name,
        "schema": h.schema,
        "matched_name": h.matched_name,
        "details": h.details,
        "explanation": h.explanation,
    })
}

/// Prints hits as a table with one explanation line each.
pub fn print_table(hits: &[Hit]) -> std::io::Result<()> {
    if hits.is_empty() {
        outln!("no hit");
        return Ok(());
    }
    outln!(
        "{:<6} {:<9} {:<10} {:<18} {}",
        "score",
        "band",
        "list",
        "entity",
        "name (matched name)"
    );
    for h in hits {
        let matched = if h.matched_name != h.name {
            format!(" ({})", h.matched_name)
        } else {
            String::new()
        };
        outln!(
            "{:<6.3} {:<9} {:<10} {:<18} {}{}",
            h.score,
            h.band,
            h.list,
            h.entity_id,
            h.name,
            matched
        );
        if !h.details.is_empty() {
            let d: Vec<String> = h.details.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            outln!("       listed: {}", d.join("; "));
        }
        if let Some(e) = &h.explanation {
            outln!("       why: {}", e.summary());
        }
    }
    Ok(())
}
