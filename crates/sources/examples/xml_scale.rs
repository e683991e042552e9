//! Parse time of the UN list at 1×, 10× and 100× its size, to show the XML walk is linear:
//! the records are repeated inside one CONSOLIDATED_LIST (in memory, nothing written).
//!
//! `cargo run --release -p namesake-sources --example xml_scale -- PATH/un_sc_consolidated_….xml [1 10 100]`

use std::path::Path;
use std::time::Instant;

/// The file with the contents of `<INDIVIDUALS>` and `<ENTITIES>` repeated `times` times.
fn synthesise(data: &str, times: usize) -> String {
    let mut out = data.to_string();
    for section in ["INDIVIDUALS", "ENTITIES"] {
        let (open, close) = (format!("<{section}>"), format!("</{section}>"));
        let (Some(a), Some(b)) = (out.find(&open), out.find(&close)) else {
            continue;
        };
        let inner = out[a + open.len()..b].to_string();
        out.replace_range(a + open.len()..b, &inner.repeat(times));
    }
    out
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: xml_scale UN_XML [FACTOR…]");
    let data = std::fs::read_to_string(&path).expect("reads the UN list");
    let factors: Vec<usize> = args.map(|a| a.parse().expect("a factor")).collect();
    let factors = if factors.is_empty() {
        vec![1, 10, 100]
    } else {
        factors
    };
    println!("factor\tMB\trecords\tbest of 3 (s)\tMB/s");
    for f in factors {
        let xml = synthesise(&data, f);
        let mut best = f64::INFINITY;
        let mut records = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let parsed = namesake_sources::un::parse_bytes(xml.as_bytes(), Path::new(&path))
                .expect("parses");
            best = best.min(t.elapsed().as_secs_f64());
            records = parsed.entities.len() + parsed.skipped.len();
        }
        let mb = xml.len() as f64 / 1e6;
        println!("{f}\t{mb:.1}\t{records}\t{best:.3}\t{:.1}", mb / best);
    }
}
