//! Printing hits for people and for programs.

use namesake_index::Hit;

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
        outln!("       list: {} ({})", h.list_name, h.list);
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
