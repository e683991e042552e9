//! Printing hits for people and for programs.

pub mod parquet_out;
pub mod record;
pub mod sink;
mod xlsx_out;

use namesake_index::Hit;

use crate::i18n::t;

/// Prints hits as a table with what the list says of each entity and one explanation line.
pub fn print_table(hits: &[Hit]) -> std::io::Result<()> {
    if hits.is_empty() {
        outln!("{}", t("no_hit"));
        return Ok(());
    }
    outln!(
        "{:<6} {:<9} {:<10} {:<18} {}",
        t("head_score"),
        t("head_band"),
        t("head_list"),
        t("head_entity"),
        t("head_name")
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
        if !h.also_on.is_empty() {
            outln!(
                "       {}: {}",
                t("also_on"),
                crate::output::record::also_on(h)
            );
        }
        let facts = listed_facts(h);
        if !facts.is_empty() {
            outln!("       {}: {}", t("listed"), facts.join("; "));
        }
        if let Some(url) = &h.listed.photo_url {
            outln!("       {}: {url}", t("photo"));
        }
        if let Some(e) = &h.explanation {
            outln!("       {}: {}", t("why"), e.summary());
        }
    }
    Ok(())
}

/// The listed entity's identifying facts and the list's details, as `label: value` parts.
fn listed_facts(h: &Hit) -> Vec<String> {
    let l = &h.listed;
    let labelled = [
        (t("fact_born"), &l.dates_of_birth),
        (t("fact_nationality"), &l.nationalities),
        (t("fact_place_of_birth"), &l.places_of_birth),
        (t("fact_ids"), &l.identifiers),
    ];
    let mut d: Vec<String> = labelled
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(label, v)| format!("{label}: {}", v.join(", ")))
        .collect();
    // `details` holds the programmes too: they are shown once, from there.
    d.extend(h.details.iter().map(|(k, v)| format!("{k}: {v}")));
    d
}
