//! Normalisation speed: `prepare` on a mix of Latin, Arabic, Cyrillic, Han and Hangul names.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use namesake_text::{prepare, NameSchema};

const NAMES: [&str; 10] = [
    "Abu Bakr al-Baghdadi",
    "ALTUN, Özgür",
    "Mohammed Ali Hassan al-Khatib",
    "أبو بكر البغدادي",
    "Владимир Владимирович Путин",
    "金正恩",
    "김정은",
    "Romashka Limited Liability Company",
    "JEAN-MARIE LUGERERO RUNIGA",
    "İlhami Bali",
];

fn bench(c: &mut Criterion) {
    c.bench_function("prepare/mixed-10", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(prepare(black_box(n), NameSchema::Any));
            }
        })
    });
    c.bench_function("prepare/ascii", |b| {
        b.iter(|| {
            black_box(prepare(
                black_box("Mohammed Ali Hassan al-Khatib"),
                NameSchema::Person,
            ))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
