//! Throughput of payment screening: 100,000 generated pacs.008 messages (one transaction,
//! six parties: instructing, instructed, debtor and creditor agents by BIC, a debtor person and
//! a creditor company with postal addresses, plus remittance text), parsed and screened
//! against the real UN and OFAC SDN lists on a pool of `NAMESAKE_BENCH_THREADS` threads
//! (default 2). Prints messages per second and the per-message p50/p99/max.
//!
//! `cargo bench -p namesake-payments --bench throughput` (set `NAMESAKE_BENCH_MESSAGES` for
//! another count). Debtor names come from ../shared/data/eval/negatives_us.csv (people on no
//! list), so the load is realistic: mostly clean payments.

use std::path::Path;
use std::time::{Duration, Instant};

use namesake_index::Index;
use namesake_payments::{parse_message, Decision, ParseOptions, Screener, ScreeningConfig};
use rayon::prelude::*;

const BICS: [&str; 12] = [
    "DEUTDEFFXXX",
    "COBADEFFXXX",
    "BNPAFRPPXXX",
    "NWBKGB2LXXX",
    "CHASUS33XXX",
    "CITIUS33XXX",
    "INGBNL2AXXX",
    "UBSWCHZHXXX",
    "BARCGB22XXX",
    "AIBKIE2DXXX",
    "ESSESESSXXX",
    "RZBAATWWXXX",
];
const TOWNS: [(&str, &str); 8] = [
    ("Hamburg", "DE"),
    ("Paris", "FR"),
    ("London", "GB"),
    ("New York", "US"),
    ("Amsterdam", "NL"),
    ("Zurich", "CH"),
    ("Dublin", "IE"),
    ("Stockholm", "SE"),
];
const TRADES: [&str; 8] = [
    "Logistics",
    "Trading",
    "Textiles",
    "Software",
    "Foods",
    "Machinery",
    "Consulting",
    "Pharma",
];
const FORMS: [&str; 5] = ["GmbH", "Ltd", "SAS", "BV", "Inc"];
const TEXTS: [&str; 6] = [
    "INVOICE {n} MACHINE PARTS",
    "SALARY NOVEMBER",
    "PO {n} OFFICE SUPPLIES",
    "RENT DECEMBER",
    "CONTRACT {n} CONSULTING FEES",
    "REFUND ORDER {n}",
];

fn people() -> Vec<String> {
    let p =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/eval/negatives_us.csv");
    let text = std::fs::read_to_string(&p).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(|s| s.trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn message(i: usize, people: &[String]) -> String {
    let bic = |k: usize| BICS[(i * 7 + k * 3) % BICS.len()];
    let (dt, dc) = TOWNS[i % TOWNS.len()];
    let (ct, cc) = TOWNS[(i / 3) % TOWNS.len()];
    let debtor = &people[i % people.len()];
    let surname = people[(i * 31 + 7) % people.len()]
        .rsplit(' ')
        .next()
        .unwrap_or("Acme")
        .to_string();
    let creditor = format!(
        "{surname} {} {}",
        TRADES[i % TRADES.len()],
        FORMS[i % FORMS.len()]
    );
    let text = TEXTS[i % TEXTS.len()].replace("{n}", &format!("{}", 100_000 + i));
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"><FIToFICstmrCdtTrf>
<GrpHdr><MsgId>BENCH-{i}</MsgId><CreDtTm>2026-11-27T10:00:00Z</CreDtTm><NbOfTxs>1</NbOfTxs><SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf></GrpHdr>
<CdtTrfTxInf><PmtId><EndToEndId>E2E-{i}</EndToEndId></PmtId><IntrBkSttlmAmt Ccy="EUR">{i}.00</IntrBkSttlmAmt><ChrgBr>SHAR</ChrgBr>
<InstgAgt><FinInstnId><BICFI>{b0}</BICFI></FinInstnId></InstgAgt><InstdAgt><FinInstnId><BICFI>{b1}</BICFI></FinInstnId></InstdAgt>
<Dbtr><Nm>{debtor}</Nm><PstlAdr><StrtNm>Main Street</StrtNm><BldgNb>{n}</BldgNb><TwnNm>{dt}</TwnNm><Ctry>{dc}</Ctry></PstlAdr></Dbtr>
<DbtrAcct><Id><Othr><Id>{i:012}</Id></Othr></Id></DbtrAcct><DbtrAgt><FinInstnId><BICFI>{b0}</BICFI></FinInstnId></DbtrAgt>
<CdtrAgt><FinInstnId><BICFI>{b1}</BICFI></FinInstnId></CdtrAgt>
<Cdtr><Nm>{creditor}</Nm><PstlAdr><TwnNm>{ct}</TwnNm><Ctry>{cc}</Ctry></PstlAdr></Cdtr>
<RmtInf><Ustrd>{text}</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document>"#,
        b0 = bic(0),
        b1 = bic(1),
        n = i % 200 + 1,
    )
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists");
    let files = [
        dir.join("un_sc_consolidated_2026-02-27.xml"),
        dir.join("ofac_sdn.csv"),
    ];
    if files.iter().any(|f| !f.exists()) {
        eprintln!("skipped: the lists under {} are missing", dir.display());
        return;
    }
    let people = people();
    if people.is_empty() {
        eprintln!("skipped: ../shared/data/eval/negatives_us.csv is missing");
        return;
    }
    let threads: usize = std::env::var("NAMESAKE_BENCH_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2);
    let count: usize = std::env::var("NAMESAKE_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let lists = files
        .iter()
        .map(|f| {
            let l = namesake_sources::load(f).expect("list");
            (l.info, l.entities)
        })
        .collect();
    let t = Instant::now();
    let index = Index::build(lists);
    let screener = Screener::new(&index, ScreeningConfig::default());
    eprintln!("index and payment tables built in {:.2?}", t.elapsed());
    let messages: Vec<String> = (0..count).map(|i| message(i, &people)).collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("pool");
    let opts = ParseOptions::default();
    let start = Instant::now();
    let timed: Vec<(Duration, bool)> = pool.install(|| {
        messages
            .par_iter()
            .enumerate()
            .map(|(i, m)| {
                let t = Instant::now();
                let msg = parse_message(m.as_bytes(), &format!("bench#{i}"), &opts)
                    .expect("generated messages parse");
                let r = screener.screen(&msg);
                (t.elapsed(), r.decision == Decision::Hold)
            })
            .collect()
    });
    let wall = start.elapsed();
    let held = timed.iter().filter(|(_, h)| *h).count();
    let mut lat: Vec<Duration> = timed.into_iter().map(|(d, _)| d).collect();
    lat.sort_unstable();
    println!(
        "{count} pacs.008 messages on {threads} threads in {wall:.2?}: {:.0} messages/s; per message p50 {:.2?}, p99 {:.2?}, max {:.2?}; {held} held",
        count as f64 / wall.as_secs_f64(),
        percentile(&lat, 0.50),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or_default(),
    );
}
