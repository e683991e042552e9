//! A reproducible synthetic list for scale benchmarks: entities built from name parts in many
//! scripts, with aliases, dates of birth and nationalities, drawn by a seeded generator.
//!
//! Name-part frequencies follow a Zipf-like law (a few very common given names and surnames, a
//! long tail of rare ones), as in real lists, so that posting lists for common tokens are long.

use namesake_model::{DateSpec, Entity, ListInfo, Name, NameKind, PartialDate, Schema};

/// SplitMix64: small, fast, reproducible across platforms.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    /// Zipf-like index in `0..n`: low indices much more likely.
    pub fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) - 1.0).floor().min(n as f64 - 1.0) as usize
    }
}

// Syllables per script; names are built from one to three syllables, so the vocabulary is large
// (tens of thousands of distinct parts), as in a list set with politically exposed persons.
const LATIN: &[&str] = &[
    "an", "ar", "be", "bo", "ca", "da", "de", "el", "er", "fa", "ga", "ha", "is", "ja", "ka", "la",
    "le", "li", "lo", "ma", "me", "mi", "mo", "na", "ne", "ni", "no", "ol", "pa", "pe", "ra", "re",
    "ri", "ro", "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "wa", "ya", "za",
    "son", "sen", "ton", "ley", "man", "berg", "stein", "ov", "ez", "es",
];
const CYRILLIC: &[&str] = &[
    "ва", "ле", "ри", "ан", "дре", "ми", "ха", "ил", "сер", "гей", "ни", "ко", "лай", "пет", "ров",
    "ив", "ова", "ев", "ин", "ский", "ко", "ва", "да", "то", "ла", "ма", "ра", "бо", "го", "ду",
];
const ARABIC: &[&str] = &[
    "محمد",
    "أحمد",
    "علي",
    "حسن",
    "حسين",
    "عبد",
    "الله",
    "خالد",
    "عمر",
    "يوسف",
    "إبراهيم",
    "سعيد",
    "كريم",
    "جمال",
    "رشيد",
    "فاطمة",
    "زين",
    "نور",
    "سالم",
    "ناصر",
    "منصور",
    "حمد",
    "طارق",
    "ماجد",
    "فيصل",
    "بكر",
    "عثمان",
    "مصطفى",
    "سليمان",
    "هاشم",
];
const HAN: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
    "杰", "涛", "明", "超", "秀", "霞", "平", "刚", "华", "金", "正", "恩",
];
const HANGUL: &[&str] = &[
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "민", "준", "서", "지", "현", "우",
    "영", "수", "호", "성", "철", "혁", "은", "희", "진", "태", "동", "명", "경", "석",
];
const GREEK: &[&str] = &[
    "α", "λε", "ξαν", "δρος", "νι", "κο", "λα", "ος", "γι", "αν", "νης", "πα", "πα", "δο", "που",
    "λος", "μα", "ρι", "α", "κα",
];

fn word(rng: &mut Rng, syll: &[&str], min: usize, max: usize, zipf: bool) -> String {
    let n = min + rng.below(max - min + 1);
    let mut w = String::new();
    for _ in 0..n {
        let i = if zipf {
            rng.zipf(syll.len())
        } else {
            rng.below(syll.len())
        };
        w.push_str(syll[i]);
    }
    w
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One synthetic person name in a script chosen by `script` (0..6).
pub fn person_name(rng: &mut Rng, script: usize) -> String {
    match script {
        0..=2 => {
            // Latin (most common): given [middle] family
            let g = capitalise(&word(rng, LATIN, 2, 3, true));
            let f = capitalise(&word(rng, LATIN, 2, 4, true));
            if rng.below(3) == 0 {
                let m = capitalise(&word(rng, LATIN, 2, 3, true));
                format!("{g} {m} {f}")
            } else {
                format!("{g} {f}")
            }
        }
        3 => {
            let g = capitalise(&word(rng, CYRILLIC, 2, 3, true));
            let f = capitalise(&word(rng, CYRILLIC, 2, 4, true));
            format!("{g} {f}")
        }
        4 => {
            let a = ARABIC[rng.zipf(ARABIC.len())];
            let b = ARABIC[rng.zipf(ARABIC.len())];
            let c = ARABIC[rng.below(ARABIC.len())];
            format!("{a} {b} {c}")
        }
        5 => {
            if rng.below(2) == 0 {
                format!(
                    "{}{}{}",
                    HAN[rng.zipf(20)],
                    HAN[rng.below(HAN.len())],
                    HAN[rng.below(HAN.len())]
                )
            } else {
                format!(
                    "{}{}{}",
                    HANGUL[rng.zipf(10)],
                    HANGUL[rng.below(HANGUL.len())],
                    HANGUL[rng.below(HANGUL.len())]
                )
            }
        }
        _ => {
            let g = capitalise(&word(rng, GREEK, 2, 3, false));
            let f = capitalise(&word(rng, GREEK, 2, 4, false));
            format!("{g} {f}")
        }
    }
}

/// Builds `n` synthetic entities (90% persons, 10% organisations) reproducibly from `seed`.
pub fn synthetic_list(n: usize, seed: u64) -> (ListInfo, Vec<Entity>) {
    let mut rng = Rng::new(seed);
    let countries = [
        "ru", "ir", "sy", "kp", "cn", "tr", "af", "iq", "ve", "by", "ua", "gr", "kr", "us", "gb",
        "de", "fr",
    ];
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let key = format!("{i}");
        let is_org = rng.below(10) == 0;
        let script = rng.below(7);
        let mut e = Entity::new(
            "synth",
            &key,
            if is_org {
                Schema::Organization
            } else {
                Schema::Person
            },
        );
        if is_org {
            let base = capitalise(&word(&mut rng, LATIN, 2, 4, true));
            let suffix = [
                "LLC",
                "Ltd",
                "JSC",
                "Trading Co.",
                "Holding GmbH",
                "A.Ş.",
                "S.A.",
            ][rng.below(7)];
            e.names
                .push(Name::new(format!("{base} {suffix}"), NameKind::Primary));
        } else {
            e.names
                .push(Name::new(person_name(&mut rng, script), NameKind::Primary));
            for _ in 0..rng.below(3) {
                e.names
                    .push(Name::new(person_name(&mut rng, script), NameKind::Alias));
            }
            let year = 1940 + rng.below(60) as i32;
            let d = if rng.below(2) == 0 {
                PartialDate::ymd(year, 1 + rng.below(12) as u8, 1 + rng.below(28) as u8)
                    .unwrap_or(PartialDate::year(year))
            } else {
                PartialDate::year(year)
            };
            e.birth_dates.push(DateSpec::single(d));
        }
        e.nationalities
            .push(countries[rng.below(countries.len())].to_string());
        out.push(e);
    }
    let info = ListInfo {
        code: "synth".into(),
        name: format!("synthetic list of {n} entities (seed {seed})"),
        format: "synthetic".into(),
        published: None,
    };
    (info, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproducible() {
        let (_, a) = synthetic_list(200, 7);
        let (_, b) = synthetic_list(200, 7);
        assert_eq!(a, b);
        let (_, c) = synthetic_list(200, 8);
        assert_ne!(a, c);
        assert!(a.iter().all(|e| !e.names.is_empty()));
    }
}
