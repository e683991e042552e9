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
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Every name of every entity of every list, screened against its own list.
    SelfScreen,
    /// F1 at the default threshold on the labelled pairs made from the lists.
    Pairs {
        /// The pair file (default: the one kept in the project).
        #[arg(long)]
        file: Option<PathBuf>,
        /// How many of the pairs it got wrong to print.
        #[arg(long, default_value_t = 40)]
        wrong: usize,
    },
    /// Screens a CSV of people who are on no list (the columns of `negatives_us.csv`) against
    /// UN + OFAC SDN and prints every row that raises a hit.
    Negatives {
        /// The CSV of people.
        file: PathBuf,
    },
    /// Counts how common each name token is on the lists (the table `namesake compare` uses).
    MakeRarity,
    /// Makes the labelled pairs from the lists in the data directory.
    MakePairs {
        /// Where to write them.
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

fn main() -> anyhow::Result<()> {
    let a = Args::parse();
    let data = match a.data {
        Some(d) => d,
        None => find_data_dir(&std::env::current_dir()?)
            .context("no shared/data found: pass --data DIR")?,
    };
    match a.command {
        Some(Command::SelfScreen) => return report_self_screen(&data),
        Some(Command::Pairs { file, wrong }) => {
            return report_pairs(
                &file.unwrap_or_else(namesake_eval::pairs::project_file),
                wrong,
            )
        }
        Some(Command::Negatives { file }) => return report_negatives(&data, &file),
        Some(Command::MakeRarity) => {
            let r = namesake_eval::pairs::token_rarity(&pair_sources(&data))?;
            let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../index/data/name_token_df.tsv");
            std::fs::write(&out, r.to_table())?;
            println!(
                "{} tokens over {} names written to {}",
                r.df.len(),
                r.names,
                out.display()
            );
            return Ok(());
        }
        Some(Command::MakePairs { output }) => {
            let out = output.unwrap_or_else(namesake_eval::pairs::project_file);
            let pairs = namesake_eval::pairs::make_pairs(&pair_sources(&data))?;
            namesake_eval::pairs::write_pairs(&pairs, &out)?;
            println!("{} pairs written to {}", pairs.len(), out.display());
            return Ok(());
        }
        None => {}
    }
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

fn report_negatives(data: &std::path::Path, file: &std::path::Path) -> anyhow::Result<()> {
    let both = index_of(data, &["un_sc_consolidated_2026-02-27.xml", "ofac_sdn.csv"])?;
    let rows = read_rows(file)?;
    let n = negatives_showing(&both, &rows, usize::MAX);
    println!(
        "{}: rows with a hit: {}/{} ({:.3}%)",
        file.display(),
        n["rows_with_hit"],
        n["rows"],
        n["rate"].as_f64().unwrap_or(0.0) * 100.0
    );
    for f in n["examples"].as_array().into_iter().flatten() {
        println!("  {}", f.as_str().unwrap_or_default());
    }
    Ok(())
}

/// The lists the pair set is made from.
fn pair_sources(data: &std::path::Path) -> Vec<PathBuf> {
    namesake_eval::pairs::SOURCE_FILES
        .iter()
        .map(|f| data.join("lists").join(f))
        .collect()
}

fn report_self_screen(data: &std::path::Path) -> anyhow::Result<()> {
    let (files, not_read) = namesake_eval::selfscreen::list_files(data)?;
    for (f, why) in &not_read {
        println!(
            "not a list (companion file or no reader): {}: {why}",
            f.display()
        );
    }
    for f in files {
        let r = namesake_eval::selfscreen::self_screen(&f)?;
        println!(
            "{:<48} {:<10} {:>6}/{:<6} {:.4}",
            f.file_name().unwrap_or_default().to_string_lossy(),
            r.list,
            r.found,
            r.names,
            r.rate()
        );
        for m in r.misses.iter().take(20) {
            println!(
                "  miss: {} {:?} own {:?} best {:?}",
                m.entity_id, m.name, m.own_score, m.best
            );
        }
    }
    Ok(())
}

fn report_pairs(file: &std::path::Path, show_wrong: usize) -> anyhow::Result<()> {
    let pairs = namesake_eval::pairs::read_pairs(file)
        .with_context(|| format!("reading {}", file.display()))?;
    let (by, wrong) = namesake_eval::pairs::evaluate(&pairs);
    println!("{} pairs from {}", pairs.len(), file.display());
    for (schema, f) in &by {
        println!(
            "{schema:<14} F1 {:.3}  positives {:>5} negatives {:>5}  tp {:>5} fp {:>4} fn {:>4}",
            f.f1, f.positives, f.negatives, f.tp, f.fp, f.fn_
        );
    }
    for (p, s) in wrong.iter().take(show_wrong) {
        println!(
            "  {} {:.3} {:?} / {:?} ({}, {})",
            if p.same { "missed" } else { "false alarm" },
            s,
            p.name1,
            p.name2,
            p.schema,
            p.why
        );
    }
    Ok(())
}
