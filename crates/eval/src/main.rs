//! `namesake-eval`: recall and false-alarm figures on the labelled sets in `../shared/data/eval`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use namesake_eval::*;

/// Prints recall and false-alarm rates for the labelled sets.
#[derive(Parser)]
struct Args {
    /// The shared data directory (default: found beside the checkout, or $NAMESAKE_DATA).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Write the full report as JSON here.
    #[arg(long)]
    json: Option<PathBuf>,
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let data = match a.data {
        Some(d) => d,
        None => find_data_dir(&std::env::current_dir()?)
            .context("no shared/data found: pass --data DIR")?,
    };
    let t = Instant::now();
    let un = index_of(&data, &["un_sc_consolidated_2026-02-27.xml"])?;
    let both = index_of(
        &data,
        &["un_sc_consolidated_2026-02-27.xml", "ofac_sdn.csv"],
    )?;
    eprintln!("indexes built in {:?}", t.elapsed());
    let eval = data.join("eval");
    let pos = read_rows(&eval.join("positives_un_untreated.csv"))?;
    let neg = read_rows(&eval.join("negatives_us.csv"))?;
    let congress = read_rows(&eval.join("positives_us_congress_untreated.csv"))?;
    let pairs = read_pairs(&eval.join("cross_script_pairs.csv"))?;
    let report = serde_json::json!({
        "threshold": namesake_matcher::DEFAULT_THRESHOLD,
        "positives_un_vs_un": positives(&un, &pos),
        "positives_un_vs_un_ofac": positives(&both, &pos),
        "negatives_us_vs_un_ofac": negatives(&both, &neg),
        "congress_vs_un_ofac": negatives(&both, &congress),
        "cross_script": cross_script(&pairs),
    });
    let p = &report["positives_un_vs_un"];
    let p2 = &report["positives_un_vs_un_ofac"];
    let n = &report["negatives_us_vs_un_ofac"];
    let c = &report["congress_vs_un_ofac"];
    let x = &report["cross_script"];
    println!("threshold {}", namesake_matcher::DEFAULT_THRESHOLD);
    println!(
        "positives_un (UN list):        top hit is the UN entity of that name: {}/{}",
        p["top_hit_is_expected"], p["rows"]
    );
    if let Some(a) = p["not_in_this_edition"]
        .as_array()
        .filter(|a| !a.is_empty())
    {
        println!("  not on this edition of the UN list (no UN entity has the name, no hit): {a:?}");
    }
    println!(
        "positives_un (UN + OFAC SDN):  top hit is the UN entity of that name: {}/{}",
        p2["top_hit_is_expected"], p2["rows"]
    );
    println!(
        "negatives_us (UN + OFAC SDN):  rows with a hit: {}/{}",
        n["rows_with_hit"], n["rows"]
    );
    println!(
        "congress (UN + OFAC SDN):      rows with a hit: {}/{} ({:.2}%)",
        c["rows_with_hit"],
        c["rows"],
        c["rate"].as_f64().unwrap_or(0.0) * 100.0
    );
    println!(
        "cross-script pairs matched:    {}/{}",
        x["matched"], x["pairs"]
    );
    for r in x["rows"].as_array().into_iter().flatten() {
        println!(
            "  {:<28} {:<12} {:<20} {:.3} {}",
            r["section"].as_str().unwrap_or(""),
            r["query"].as_str().unwrap_or(""),
            r["expected"].as_str().unwrap_or(""),
            r["score"].as_f64().unwrap_or(0.0),
            if r["match"].as_bool() == Some(true) {
                "match"
            } else {
                "-"
            }
        );
    }
    if let Some(path) = a.json {
        std::fs::write(&path, serde_json::to_string_pretty(&report)?)?;
        eprintln!("report written to {}", path.display());
    } else {
        for (k, v) in [
            ("positive failures (UN)", &p["failures"]),
            ("positive failures (UN+OFAC)", &p2["failures"]),
            ("false alarms", &n["examples"]),
            ("congress hits", &c["examples"]),
        ] {
            if let Some(a) = v.as_array().filter(|a| !a.is_empty()) {
                println!("{k}:");
                for f in a {
                    println!("  {f}");
                }
            }
        }
    }
    Ok(())
}
