//! Candidate generation, scoring of one pair, and whole single-name screening.
//!
//! Over UN + OFAC SDN when `../shared/data` is present (the figures in BENCHMARKS.md), else
//! over a small built-in list so that the bench still runs on a fresh clone.

use std::path::PathBuf;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use namesake_index::{Index, ScreenOptions};
use namesake_model::{Entity, ListInfo, Name, NameKind, Query, Schema};

const QUERIES: [&str; 8] = [
    "Abu Bakr al-Baghdadi",
    "ALTUN, Özgür",
    "Mohammed Ali Hassan al-Khatib",
    "أبو بكر البغدادي",
    "Владимир Путин",
    "金正恩",
    "John Smith",
    "Alice Ellis",
];

fn info(code: &str) -> ListInfo {
    ListInfo {
        code: code.into(),
        name: code.into(),
        format: "bench".into(),
        published: None,
    }
}

fn index() -> Index {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/lists");
    let files = ["un_sc_consolidated_2026-02-27.xml", "ofac_sdn.csv"];
    if files.iter().all(|f| data.join(f).is_file()) {
        let lists = files
            .iter()
            .map(|f| {
                let p = namesake_sources::load(&data.join(f)).expect("list loads");
                (p.info, p.entities)
            })
            .collect();
        eprintln!("bench index: UN + OFAC SDN");
        return Index::build(lists);
    }
    eprintln!("bench index: built-in sample (../shared/data not found)");
    let names = [
        "Ibrahim Awwad Ibrahim al-Badri",
        "Abu Bakr al-Baghdadi",
        "Kim Jong Un",
        "Vladimir Vladimirovich Putin",
        "Ozgur Altun",
        "Mohammed Ali Hassan",
    ];
    let entities = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let mut e = Entity::new("bench", &i.to_string(), Schema::Person);
            e.names.push(Name::new(*n, NameKind::Primary));
            e
        })
        .collect();
    Index::build(vec![(info("bench"), entities)])
}

fn bench(c: &mut Criterion) {
    let ix = index();
    let opts = ScreenOptions::default();
    let queries: Vec<Query> = QUERIES.iter().map(|q| Query::name(*q)).collect();
    let prepared: Vec<_> = queries.iter().map(|q| ix.prepare_query(q)).collect();
    c.bench_function("candidates/8-queries", |b| {
        b.iter(|| {
            for pq in &prepared {
                black_box(ix.candidate_tokens(black_box(pq)));
            }
        })
    });
    c.bench_function("screen/8-queries", |b| {
        b.iter(|| {
            for q in &queries {
                black_box(ix.screen(black_box(q), &opts));
            }
        })
    });

    // One pair: an index of one listed name, screened with one query.
    let mut e = Entity::new("pair", "1", Schema::Person);
    e.names.push(Name::new(
        "Abu Bakr al-Baghdadi al-Husayni al-Quraishi",
        NameKind::Primary,
    ));
    let one = Index::build(vec![(info("pair"), vec![e])]);
    let q = Query::name("Abubakr Al Bagdadi");
    let pq = one.prepare_query(&q);
    c.bench_function("pair/score-prepared", |b| {
        b.iter(|| black_box(one.screen_prepared(black_box(&pq), &opts)))
    });
    c.bench_function("pair/prepare-and-score", |b| {
        b.iter(|| black_box(one.screen(black_box(&q), &opts)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
