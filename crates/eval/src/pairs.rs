//! A labelled set of name pairs built from the lists themselves, and its F1.
//!
//! Positives are two names of one entity that spell the same name: the primary name against
//! the name in its original script, and against aliases that are spellings of it (as many
//! words, give or take one, each word of the shorter within a third of its letters of a word of
//! the other: "Mohammed Omar" / "Muhammad Umar", not "Abu Bakr al-Baghdadi" / "Ibrahim al-Badri",
//! nor a vessel's former name "Astara" / "Apama"), and one party's primary names on two lists
//! that give it the same UN reference number.
//! Negatives are names of two different entities of one list that share a word: the same given
//! name, the same legal form, the same city. A name whose words all stand in the other name
//! ("Russian Agricultural Bank" / "Russian Agricultural Bank JSC", "Hizballah" / "Kata'ib
//! Hizballah") is left out: every screener must alert on it, so it tells a good matcher from a
//! bad one by nothing. Nothing here asks the matcher which pairs to keep.
//!
//! The set is generated (`namesake-eval make-pairs`) into `crates/eval/data/list_pairs.csv`
//! and kept in the project, so that a change in matching is measured on the same pairs.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use namesake_model::{Entity, IdKind, NameKind, Schema};
use namesake_text::fold;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// The list files (in `shared/data/lists`) the pair set is made from.
pub const SOURCE_FILES: [&str; 6] = [
    "un_sc_consolidated_2026-02-27.xml",
    "ofac_sdn.csv",
    "canada_sema_consolidated_autonomous_2025-05-25.xml",
    "au_dfat_consolidated_2024-11-11.xlsx",
    "uk_ofsi_conlist_2018-04-13.csv",
    "tr_interior_wanted_2024-03-04.json",
];

/// The pair file kept in the project.
pub fn project_file() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/list_pairs.csv")
}

/// One labelled pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelledPair {
    /// The first name (screened as the query).
    pub name1: String,
    /// The second name (as listed).
    pub name2: String,
    /// The entity type both names belong to.
    pub schema: Schema,
    /// Whether the two name one party.
    pub same: bool,
    /// How the pair was made: `original_script`, `alias_spelling`, `same_un_reference` (one
    /// party on two lists), `shared_word`.
    pub why: String,
    /// The list it comes from.
    pub list: String,
}

fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(String::from)
        .collect()
}

/// Whether two Latin names are spellings of one name (see the module documentation).
fn spelling_of(a: &str, b: &str) -> bool {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() || wa == wb || wa.len().abs_diff(wb.len()) > 1 {
        return false;
    }
    let (short, long) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    short.iter().all(|w| {
        long.iter()
            .any(|x| 3 * levenshtein(w.as_bytes(), x.as_bytes()) <= w.len().max(x.len()))
    })
}

/// Plain edit distance (insertions, deletions, substitutions).
fn levenshtein(a: &[u8], b: &[u8]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn is_latin(s: &str) -> bool {
    s.chars()
        .all(|c| !c.is_alphabetic() || c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c))
}

/// Positive pairs of one entity.
fn positives(e: &Entity, out: &mut Vec<LabelledPair>) {
    let Some(primary) = e.names.iter().find(|n| n.kind == NameKind::Primary) else {
        return;
    };
    for n in &e.names {
        if std::ptr::eq(n, primary) || n.full == primary.full {
            continue;
        }
        let word_counts_agree = words(&n.full).len().abs_diff(words(&primary.full).len()) <= 1;
        let why = if n.kind == NameKind::OriginalScript {
            if e.schema != Schema::Person || !word_counts_agree {
                continue;
            }
            "original_script"
        } else if is_latin(&n.full)
            && is_latin(&primary.full)
            && spelling_of(&n.full, &primary.full)
        {
            "alias_spelling"
        } else {
            continue;
        };
        out.push(LabelledPair {
            name1: n.full.clone(),
            name2: primary.full.clone(),
            schema: e.schema,
            same: true,
            why: why.into(),
            list: e.list.clone(),
        });
    }
}

/// Positive pairs across lists: the primary names of one party as two publishers spell it,
/// entries of one schema on two lists that carry the same UN reference number (UN, UK, Canada,
/// Australia), or vessels with the same IMO number. Each pair of entries is taken directly, never through a chain of other links.
/// Publishers slip (the 2018 UK list gives Kangbong Trading the reference of Daedong Credit
/// Bank), so a reference that two entries of one list carry is left out, and so are two people
/// whose listed birth years do not meet. Pairs whose names fold to the same words are left out:
/// they test nothing.
fn across_lists(entities: &[Entity], out: &mut Vec<LabelledPair>) {
    let mut by_reference: BTreeMap<(&str, String), Vec<&Entity>> = BTreeMap::new();
    for e in entities {
        for r in namesake_index::link::un_references(e) {
            by_reference
                .entry(("same_un_reference", r))
                .or_default()
                .push(e);
        }
        if e.schema == Schema::Vessel {
            for id in e.identifiers.iter().filter(|i| i.kind == IdKind::Imo) {
                by_reference
                    .entry(("same_imo", id.normalized()))
                    .or_default()
                    .push(e);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for ((why, _), carriers) in &by_reference {
        let lists: std::collections::HashSet<&str> =
            carriers.iter().map(|e| e.list.as_str()).collect();
        if lists.len() < carriers.len() {
            continue;
        }
        for (k, a) in carriers.iter().enumerate() {
            for b in &carriers[k + 1..] {
                if a.schema != b.schema || !birth_years_meet(a, b) {
                    continue;
                }
                let (Some(na), Some(nb)) = (a.primary_name(), b.primary_name()) else {
                    continue;
                };
                if words(na) == words(nb) || !seen.insert((na.to_string(), nb.to_string())) {
                    continue;
                }
                out.push(LabelledPair {
                    name1: na.to_string(),
                    name2: nb.to_string(),
                    schema: a.schema,
                    same: true,
                    why: why.to_string(),
                    list: format!("{}+{}", a.list, b.list),
                });
            }
        }
    }
}

/// Whether two entries' birth dates share a year, or either has none.
fn birth_years_meet(a: &Entity, b: &Entity) -> bool {
    a.birth_dates.is_empty()
        || b.birth_dates.is_empty()
        || a.birth_dates.iter().any(|x| {
            let (from, to) = x.years();
            b.birth_dates.iter().any(|y| {
                let (f, t) = y.years();
                f <= to && from <= t
            })
        })
}

/// Whether every word of one name stands in the other (the same words included).
fn within(a: &[String], b: &[String]) -> bool {
    a.iter().all(|w| b.contains(w)) || b.iter().all(|w| a.contains(w))
}

/// A deterministic pseudo-random number from a string (FNV-1a), for sampling.
fn hash(s: &str) -> u64 {
    s.bytes().fold(0xcbf29ce484222325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100000001b3)
    })
}

/// Negative pairs: primary names of different entities of one list that share a word, at
/// most `per_word` per word, sampled deterministically.
fn negatives(entities: &[Entity], per_word: usize, out: &mut Vec<LabelledPair>) {
    let mut by_word: BTreeMap<(Schema, String), Vec<usize>> = BTreeMap::new();
    for (i, e) in entities.iter().enumerate() {
        if let Some(p) = e.primary_name() {
            for w in words(p) {
                if w.len() >= 2 {
                    by_word.entry((e.schema, w)).or_default().push(i);
                }
            }
        }
    }
    for ((schema, word), ids) in by_word {
        if ids.len() < 2 {
            continue;
        }
        let mut cands: Vec<(u64, usize, usize)> = Vec::new();
        for (k, &a) in ids.iter().enumerate() {
            for &b in &ids[k + 1..] {
                let (na, nb) = (entities[a].primary_name(), entities[b].primary_name());
                if let (Some(na), Some(nb)) = (na, nb) {
                    if !within(&words(na), &words(nb)) {
                        cands.push((hash(&format!("{na}|{nb}|{word}")), a, b));
                    }
                }
            }
        }
        cands.sort_unstable();
        for (_, a, b) in cands.into_iter().take(per_word) {
            out.push(LabelledPair {
                name1: entities[a].primary_name().unwrap_or_default().to_string(),
                name2: entities[b].primary_name().unwrap_or_default().to_string(),
                schema,
                same: false,
                why: "shared_word".into(),
                list: entities[a].list.clone(),
            });
        }
    }
}

/// Builds the pair set from the given list files, with about as many negatives as positives.
pub fn make_pairs(files: &[std::path::PathBuf]) -> anyhow::Result<Vec<LabelledPair>> {
    let mut pos = Vec::new();
    let mut neg = Vec::new();
    let mut all = Vec::new();
    for f in files {
        let parsed = namesake_sources::load(f)?;
        for e in &parsed.entities {
            positives(e, &mut pos);
        }
        negatives(&parsed.entities, 2, &mut neg);
        all.extend(parsed.entities);
    }
    across_lists(&all, &mut pos);
    pos.sort_by_key(|p| hash(&format!("{}|{}", p.name1, p.name2)));
    neg.sort_by_key(|p| hash(&format!("{}|{}", p.name1, p.name2)));
    neg.truncate(pos.len().max(1500));
    pos.extend(neg);
    pos.dedup_by(|a, b| a.name1 == b.name1 && a.name2 == b.name2);
    Ok(pos)
}

/// Writes the set as CSV.
pub fn write_pairs(pairs: &[LabelledPair], path: &Path) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    for p in pairs {
        w.serialize(p)?;
    }
    w.flush()?;
    Ok(())
}

/// Reads the set.
pub fn read_pairs(path: &Path) -> anyhow::Result<Vec<LabelledPair>> {
    let mut r = csv::Reader::from_path(path)?;
    Ok(r.deserialize().collect::<Result<_, _>>()?)
}

/// Precision, recall and F1 of one group of pairs.
#[derive(Debug, Clone, Default, Serialize)]
pub struct F1 {
    /// Pairs labelled the same party.
    pub positives: usize,
    /// Pairs labelled different parties.
    pub negatives: usize,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// F1.
    pub f1: f64,
}

impl F1 {
    fn add(&mut self, same: bool, matched: bool) {
        match (same, matched) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => {}
        }
        if same {
            self.positives += 1;
        } else {
            self.negatives += 1;
        }
        let (tp, fp, fn_) = (self.tp as f64, self.fp as f64, self.fn_ as f64);
        self.f1 = if tp == 0.0 {
            0.0
        } else {
            2.0 * tp / (2.0 * tp + fp + fn_)
        };
    }
}

/// Scores every pair with `namesake compare`'s scoring and reports F1 at the default threshold,
/// per schema and overall, with the pairs it got wrong.
pub fn evaluate(pairs: &[LabelledPair]) -> (BTreeMap<String, F1>, Vec<(LabelledPair, f32)>) {
    let scored: Vec<(LabelledPair, f32)> = pairs
        .par_iter()
        .map(|p| {
            let s = namesake_cli::compare::compare_score(&p.name1, &p.name2, p.schema);
            (p.clone(), s)
        })
        .collect();
    let mut by: BTreeMap<String, F1> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut seen: HashMap<(String, String), bool> = HashMap::new();
    for (p, s) in scored {
        let matched = s >= namesake_matcher::DEFAULT_THRESHOLD;
        by.entry(p.schema.to_string())
            .or_default()
            .add(p.same, matched);
        by.entry("all".into()).or_default().add(p.same, matched);
        if matched != p.same
            && seen
                .insert((p.name1.clone(), p.name2.clone()), true)
                .is_none()
        {
            wrong.push((p, s));
        }
    }
    (by, wrong)
}

/// Counts, over every name of the given lists (prepared as the index prepares them), how many
/// names hold each token; tokens held by one name only are left out.
pub fn token_rarity(files: &[std::path::PathBuf]) -> anyhow::Result<namesake_index::TokenRarity> {
    let mut df: HashMap<String, u32> = HashMap::new();
    let mut names = 0u32;
    for f in files {
        let parsed = namesake_sources::load(f)?;
        for e in &parsed.entities {
            let schema = match e.schema {
                Schema::Person => namesake_text::NameSchema::Person,
                Schema::Unknown => namesake_text::NameSchema::Any,
                _ => namesake_text::NameSchema::Organization,
            };
            for n in &e.names {
                let p = namesake_text::prepare(&n.full, schema);
                let mut toks: Vec<&str> = p.tokens.iter().map(|t| t.text.as_str()).collect();
                toks.sort_unstable();
                toks.dedup();
                if toks.is_empty() {
                    continue;
                }
                names += 1;
                for t in toks {
                    *df.entry(t.to_string()).or_insert(0) += 1;
                }
            }
        }
    }
    df.retain(|_, v| *v >= 2);
    Ok(namesake_index::TokenRarity { names, df })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_told_from_other_names() {
        assert!(spelling_of("Mohammed Omar", "Muhammad Umar"));
        assert!(spelling_of("ALTUN, Ozgur", "Ozgur Altoun"));
        assert!(!spelling_of(
            "Abu Bakr al-Baghdadi",
            "Ibrahim Awwad Ibrahim al-Badri"
        ));
        assert!(!spelling_of("Ali", "Ali"));
        assert!(!spelling_of("Warin CHAIWORASIN", "Warin CHAIJAMROONPHAN"));
        assert_eq!(levenshtein(b"zaffer", b"zafar"), 2);
        assert!(!spelling_of("ASTARA", "APAMA"), "a vessel's former name");
    }

    #[test]
    fn a_name_within_another_is_no_negative() {
        let w = |s: &str| words(s);
        assert!(within(
            &w("Russian Agricultural Bank"),
            &w("Russian Agricultural Bank JSC")
        ));
        assert!(within(&w("KATA'IB HIZBALLAH"), &w("HIZBALLAH")));
        assert!(!within(&w("EMMA TEL PLUS LLC"), &w("EMMA TRADE LLC")));
    }
}
